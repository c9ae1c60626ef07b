"""The never-fill policy: fields and values autofill must never touch."""
from __future__ import annotations

import pytest

from remembrancer.memory.autofill.sensitive import (
    enforce, is_sensitive_field, is_sensitive_value, looks_like_card_number, looks_like_password,
)
from remembrancer.memory.autofill.types import FieldSuggestion, FormField

NEVER = [
    FormField(name="pw", autocomplete="new-password"),
    FormField(name="pw", autocomplete="current-password"),
    FormField(name="code", autocomplete="one-time-code"),
    FormField(name="n", autocomplete="cc-number"),
    FormField(name="n", autocomplete="billing cc-name"),
    FormField(name="n", autocomplete="cc-exp-month"),
    FormField(name="x", type="password", label="Choose a nickname"),
    FormField(name="token", type="hidden"),
    FormField(label="Card number"),
    FormField(label="Name on card"),
    FormField(placeholder="CVV"),
    FormField(label="Security code"),
    FormField(label="Expiry date (MM/YY)"),
    FormField(label="IBAN"),
    FormField(label="Social security number"),
    FormField(name="ssn"),
    FormField(label="NIF"),
    FormField(label="PIN"),
    FormField(label="Passwort wiederholen"),
    FormField(label="Senha"),
    FormField(label="Security question: mother's maiden name"),
    FormField(label="Answer to your security question"),
    FormField(label="Verification code"),
    # A token the page got wrong does not open a door: the label still counts.
    FormField(label="Card number", autocomplete="given-name"),
]
ALLOWED = [
    FormField(label="First name"),
    FormField(label="Email", type="email"),
    FormField(label="Phone", type="tel"),
    FormField(label="Postal code", autocomplete="billing postal-code"),
    FormField(label="Company"),
]


@pytest.mark.parametrize("field", NEVER)
def test_sensitive_fields(field: FormField) -> None:
    assert is_sensitive_field(field)


@pytest.mark.parametrize("field", ALLOWED)
def test_ordinary_fields(field: FormField) -> None:
    assert is_sensitive_field(field) is None


@pytest.mark.parametrize("value", ["4539 1488 0343 6467", "4539-1488-0343-6467", "my card: 4111111111111111 exp"])
def test_card_numbers(value: str) -> None:
    assert looks_like_card_number(value) and is_sensitive_value(value)


@pytest.mark.parametrize("value", ["4539 1488 0343 6468", "+49 151 2345 6789 0", "1991-04-12", "4000-042"])
def test_not_card_numbers(value: str) -> None:
    assert not looks_like_card_number(value)


@pytest.mark.parametrize("token", ["Porto#Flores2024", "Tr0ub4dor&3", "hunter2!X", "P@ssw0rd"])
def test_password_shaped_tokens(token: str) -> None:
    assert looks_like_password(token)


@pytest.mark.parametrize("value", ["O'Brien", "Jean-Luc", "ana1990@example.org.", "4000-042", "221B", "SW1A 1AA",
                                   "https://x.org/a1-B", "Rua da Alegria 45", "+351 912 345 678", "marta@ribeiro.studio"])
def test_ordinary_values(value: str) -> None:
    assert is_sensitive_value(value) is None


def test_value_mentioning_a_secret_is_refused() -> None:
    assert is_sensitive_value("The CP website password is hunter and the PIN 1234")


def test_enforce_clears_value_and_sources() -> None:
    suggestion = FieldSuggestion("about", "Marta's card is 4539 1488 0343 6467", 0.9, ["f-1"], "free text")
    out = enforce(FormField(name="about", type="textarea"), suggestion)
    assert out.value is None and out.sources == [] and out.confidence == 0 and "card number" in out.reason
    ok = FieldSuggestion("first", "Marta", 0.9, ["p-1"], "persona:name")
    assert enforce(FormField(name="first", label="First name"), ok) is ok
