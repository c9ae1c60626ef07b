"""The benchmark's readers: names stated in a reader's sentences, persona listings of either shape, shown facts."""
from __future__ import annotations

from benchmarks.memory_quality_names import named_relations
from benchmarks.memory_quality_profile import expected_found, flatten_persona, shown_facts

PEOPLE = {"Odile", "Bram"}


def test_names_by_apposition_naming_and_lists() -> None:
    found = set()
    for sentence, speaker in [
        ("Odile's dog named Pepper chewed the remote.", "Odile"),
        ("Her sister Marit moved to the coast.", "Odile"),
        ("Bram walked his pets Nougat and Fig at dawn.", "Bram"),
        ("Bram's girlfriend, Saskia, is a nurse.", "Odile"),
        ("Tibor, his brother, lent Bram a van.", "Bram"),
        ("Odile adopted Juniper, a rescue dog.", "Odile"),
        ("Yara is Bram's daughter.", "Odile"),
    ]:
        found |= named_relations(sentence, speaker, PEOPLE)
    assert found == {("Odile", "Pepper"), ("Odile", "Marit"), ("Bram", "Nougat"), ("Bram", "Fig"), ("Bram", "Saskia"), ("Bram", "Tibor"),
                     ("Odile", "Juniper"), ("Bram", "Yara")}


def test_no_names_from_ordinary_sentences() -> None:
    assert named_relations("Odile met Bram at the market in March.", "Odile", PEOPLE) == set()
    assert named_relations("Her dog loves the beach.", "Odile", PEOPLE) == set()


def test_flat_and_grouped_persona_listings_read_alike() -> None:
    flat = [{"subject": "Bram", "attribute": "pet", "value": "2 dogs: Nougat, Fig", "text": "Bram has 2 dogs: Nougat and Fig."}]
    grouped = [{"subject": "Bram", "profile": {"pet": [{"attribute": "pet", "value": "2 dogs: Nougat, Fig", "text": "Bram has 2 dogs: Nougat and Fig."}]}}]
    by_name = {"Bram": {"pet": [{"attribute": "pet", "value": "2 dogs: Nougat, Fig"}]}}
    kinds = [{"person": "Bram", "groups": [{"kind": "pet", "attributes": [{"attribute": "pets", "value": "2 dogs: Nougat, Fig"}]}]}]
    for listing in (flat, grouped, by_name, kinds):
        [attr] = flatten_persona(listing)
        assert attr["subject"] == "Bram" and attr["kind"] == "pet" and "Nougat" in attr["value"]


def test_expected_attributes_match_by_kind_and_substring() -> None:
    attrs = flatten_persona([{"subject": "Bram", "attribute": "pet", "value": "2 dogs: Nougat, Fig"},
                             {"subject": "Bram", "attribute": "home", "value": "Velden"}])
    expected = {"people": [{"person": "Bram", "attributes": [
        {"kind": "pet", "value": "dog", "names": ["Nougat", "Fig"]},
        {"kind": "home", "value": "velden"},
        {"kind": "work", "value": "baker"},
    ]}]}
    found, total, missing = expected_found(expected, attrs)
    assert (found, total) == (2, 3) and missing[0]["kind"] == "work"


def test_shown_facts_follow_the_standalone_flag_when_there_is_one() -> None:
    assert len(shown_facts([{"text": "a"}, {"text": "b"}])) == 2
    assert [f["text"] for f in shown_facts([{"text": "a", "standalone": True}, {"text": "b", "standalone": False}])] == ["a"]
