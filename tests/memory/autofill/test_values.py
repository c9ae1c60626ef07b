"""From persona attributes to field values: name parts, address parts, places, birthdays."""
from __future__ import annotations

import pytest

from remembrancer.memory.autofill.places import country_from_text, parse_address, split_place
from remembrancer.memory.autofill.profile import Evidence, Profile
from remembrancer.memory.autofill.values import derive


def _profile(person: str = "Ana", **attributes: str) -> Profile:
    profile = Profile(person)
    for attribute, value in attributes.items():
        profile.attributes[attribute] = [Evidence(value, 0.9, (f"p-{attribute}", f"f-{attribute}", f"m-{attribute}"), "2024-01-01")]
    return profile


@pytest.mark.parametrize(("name", "given", "middle", "family"), [
    ("Ana Lima", "Ana", None, "Lima"),
    ("Ana Lusia Lima", "Ana", "Lusia", "Lima"),
    ("Ana de Sousa", "Ana", None, "de Sousa"),
    ("Ludwig van Beethoven", "Ludwig", None, "van Beethoven"),
    ("Cher", "Cher", None, None),
])
def test_name_parts(name: str, given: str, middle: str | None, family: str | None) -> None:
    profile = _profile(name=name)
    got = [derive(kind, profile) for kind in ("given-name", "additional-name", "family-name", "name")]
    assert [v.text if v else None for v in got] == [given, middle, family, name]
    assert got[0].sources == ["p-name", "f-name", "m-name"] and got[0].confidence < got[3].confidence


def test_speaker_name_is_a_weaker_hint_and_never_a_placeholder_name() -> None:
    hinted = Profile("Ana Lima", speaker_messages=["m1"])
    assert derive("family-name", hinted).text == "Lima" and derive("family-name", hinted).sources == ["m1"]
    assert derive("given-name", hinted).confidence < 0.8
    assert derive("given-name", Profile("User", speaker_messages=["m1"])) is None


@pytest.mark.parametrize(("text", "street", "postal", "city", "country"), [
    ("Rua da Alegria 45, 4000-042 Porto", "Rua da Alegria 45", "4000-042", "Porto", None),
    ("221B Baker Street, London NW1 6XE", "221B Baker Street", "NW1 6XE", "London", None),
    ("Hauptstraße 5, 10115 Berlin, Germany", "Hauptstraße 5", "10115", "Berlin", "DE"),
    ("350 Fifth Avenue, New York, NY 10118, USA", "350 Fifth Avenue", "10118", "New York", "US"),
    ("Keizersgracht 123, 1015 CJ Amsterdam", "Keizersgracht 123", "1015 CJ", "Amsterdam", None),
    ("45 Rue de Rivoli 75001 Paris", "45 Rue de Rivoli", "75001", "Paris", None),
])
def test_address_parts(text: str, street: str, postal: str, city: str, country: str | None) -> None:
    address = parse_address(text)
    assert (address.street, address.postal_code, address.city) == (street, postal, city)
    assert (address.country.code if address.country else None) == country


def test_places_and_countries() -> None:
    assert split_place("Lisbon, Portugal")[0] == "Lisbon" and split_place("Lisbon, Portugal")[2].code == "PT"
    assert split_place("Austin, Texas")[:2] == ("Austin", "Texas")
    assert split_place("a small town") == (None, None, None)
    assert country_from_text("the Netherlands").code == "NL" and country_from_text("UK").code == "GB"
    assert country_from_text("in") is None and country_from_text("Porto") is None


def test_city_and_country_come_from_the_newest_place() -> None:
    profile = _profile(home="Lisbon, Portugal")
    assert derive("address-level2", profile).text == "Lisbon"
    assert derive("country-name", profile).text == "Portugal" and derive("country", profile).text == "PT"
    profile.attributes["address"] = [Evidence("Rua X 1, 4000-042 Porto", 0.9, ("p-a",), "2024-06-01")]
    assert derive("address-level2", profile).text == "Porto" and derive("postal-code", profile).text == "4000-042"


def test_country_from_a_phone_region_is_only_a_hint() -> None:
    profile = _profile(phone="+351 912 345 678")
    country = derive("country-name", profile)
    assert country.text == "Portugal" and country.confidence < 0.7
    assert derive("tel-country-code", profile).text == "+351" and derive("tel-national", profile).text == "912 345 678"
    assert derive("tel-area-code", profile) is None


def test_birthday_parts_and_a_year_only_when_stated() -> None:
    full = _profile(birthday="12 April 1991")
    assert [derive(k, full).text for k in ("bday", "bday-day", "bday-month", "bday-year")] == ["1991-04-12", "12", "4", "1991"]
    partial = _profile(birthday="3 May")
    assert derive("bday", partial) is None and derive("bday-year", partial) is None and derive("bday-month", partial).text == "5"


def test_work_gives_organisation_and_a_role_read_from_its_fact() -> None:
    profile = _profile(work="Airbus")
    profile.attributes["work"] = [Evidence("Airbus", 0.85, ("p-w",), "2024-01-01",
                                           fact_texts=("Ana works at Airbus as an engineer, mostly on cabins.",))]
    assert derive("organization", profile).text == "Airbus"
    assert derive("organization-title", profile).text == "engineer"
    assert derive("organization", _profile(work="a small startup")) is None
    assert derive("organization-title", _profile(occupation="nurse")).text == "nurse"


def test_an_employer_read_from_the_occupation_fact() -> None:
    profile = Profile("Ana")
    profile.attributes["occupation"] = [Evidence("pharmacist", 0.8, ("p-o",), "2024-01-01",
                                                 fact_texts=("Ana is a pharmacist at Royal Infirmary so Ana might be late.",))]
    assert derive("organization", profile).text == "Royal Infirmary"
    assert derive("organization-title", profile).text == "pharmacist"


def test_a_national_number_is_split_in_the_country_of_home() -> None:
    profile = _profile(phone="07700 900461", home="Manchester, United Kingdom")
    assert derive("tel-country-code", profile).text == "+44"
    assert derive("tel-country-code", _profile(phone="07700 900461")) is None  # no country known: no guess
