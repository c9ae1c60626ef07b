"""Parsing the HTML autocomplete attribute by the WHATWG grammar."""
from __future__ import annotations

import pytest

from remembrancer.memory.autofill.tokens import AutofillDetail, parse_autocomplete

CASES = [
    ("given-name", AutofillDetail(field_name="given-name")),
    ("  Given-Name ", AutofillDetail(field_name="given-name")),
    ("shipping street-address", AutofillDetail(field_name="street-address", mode="shipping")),
    ("section-blue billing postal-code", AutofillDetail(field_name="postal-code", section="blue", mode="billing")),
    ("section-a shipping work tel", AutofillDetail(field_name="tel", section="a", mode="shipping", contact="work")),
    ("mobile tel-national", AutofillDetail(field_name="tel-national", contact="mobile")),
    ("home email", AutofillDetail(field_name="email", contact="home")),
    ("username webauthn", AutofillDetail(field_name="username", webauthn=True)),
    ("cc-number", AutofillDetail(field_name="cc-number")),
    ("bday-month", AutofillDetail(field_name="bday-month")),
    ("off", AutofillDetail(off=True)),
    ("on", AutofillDetail()),
    ("", AutofillDetail()),
]
INVALID = [
    "work given-name",          # a contact token only goes before a contact field
    "shipping section-a name",  # section must come first
    "nonsense",
    "given-name family-name",   # one field name only
    "webauthn",
    "section- name",            # an empty section name
    "billing shipping name",
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_valid_values(value: str, expected: AutofillDetail) -> None:
    assert parse_autocomplete(value) == expected


@pytest.mark.parametrize("value", INVALID)
def test_invalid_values_name_no_field(value: str) -> None:
    detail = parse_autocomplete(value)
    assert not detail.named and not detail.valid
