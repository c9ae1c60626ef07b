"""Reading a field without autocomplete tokens: label, placeholder, name/id, type."""
from __future__ import annotations

import pytest

from remembrancer.memory.autofill.classify import BIRTHPLACE, FREE_TEXT, OTHER_PERSON, classify
from remembrancer.memory.autofill.types import FormField

CASES = [
    (FormField(label="First name *"), "given-name"),
    (FormField(name="fname"), "given-name"),
    (FormField(name="firstName"), "given-name"),
    (FormField(label="Vorname"), "given-name"),
    (FormField(label="Nome próprio"), "given-name"),
    (FormField(label="Prénom"), "given-name"),
    (FormField(label="Surname"), "family-name"),
    (FormField(id="last_name"), "family-name"),
    (FormField(label="Apellidos"), "family-name"),
    (FormField(label="Middle name"), "additional-name"),
    (FormField(label="Your full name"), "name"),
    (FormField(label="Nome"), "name"),
    (FormField(label="Email or username"), "email"),
    (FormField(label="E-Mail-Adresse"), "email"),
    (FormField(label="Correio eletrónico"), "email"),
    (FormField(id="user_email"), "email"),
    (FormField(type="email"), "email"),
    (FormField(label="Username"), "username"),
    (FormField(label="Phone number"), "tel"),
    (FormField(label="Telemóvel"), "tel"),
    (FormField(type="tel"), "tel"),
    (FormField(label="Straße und Hausnummer"), "street-address"),
    (FormField(placeholder="Street address"), "street-address"),
    (FormField(label="ZIP code"), "postal-code"),
    (FormField(label="PLZ"), "postal-code"),
    (FormField(label="City you live in"), "address-level2"),
    (FormField(label="Ort"), "address-level2"),
    (FormField(label="State / Province"), "address-level1"),
    (FormField(label="Country"), "country-name"),
    (FormField(label="Current employer"), "organization"),
    (FormField(label="Company name"), "organization"),
    (FormField(label="Job title"), "organization-title"),
    (FormField(label="Date of birth"), "bday"),
    (FormField(name="dob"), "bday"),
    (FormField(label="Year of birth"), "bday-year"),
    (FormField(label="Gender"), "sex"),
    (FormField(label="Mother tongue"), "language"),
    (FormField(label="Place of birth"), BIRTHPLACE),
    (FormField(label="Naturalidade (cidade onde nasceu)"), BIRTHPLACE),
    (FormField(label="Emergency contact name"), OTHER_PERSON),
    (FormField(label="Emergency contact phone"), OTHER_PERSON),
    (FormField(label="Spouse's email"), OTHER_PERSON),
    (FormField(label="Dietary restrictions"), FREE_TEXT),
    (FormField(label="Tell us about yourself"), FREE_TEXT),
    (FormField(label="Anything else?", type="textarea"), FREE_TEXT),
    (FormField(label="T-shirt size"), ""),
    (FormField(label="Coupon"), ""),
]


@pytest.mark.parametrize(("field", "kind"), CASES)
def test_classification(field: FormField, kind: str) -> None:
    assert classify(field).kind == kind


def test_label_speaks_louder_than_name() -> None:
    found = classify(FormField(name="field_7", id="email", label="Company"))
    assert found.kind == "organization" and found.via == "label"
    assert classify(FormField(id="email")).confidence < found.confidence
