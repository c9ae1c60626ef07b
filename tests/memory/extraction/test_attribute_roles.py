"""Jobs, roles, couples and regular activities as people state them (invented people and places)."""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.attributes import match_attribute

NAMES = {"Oriel", "Tamsin", "Quill", "Brisk", "Fenwold", "Corvane"}


@pytest.mark.parametrize(("sentence", "attribute", "value"), [
    ("Oriel has accepted an offer at Fenwold Works as a data engineer.", "work", "Fenwold Works"),
    ("Oriel joined Corvane in May.", "work", "Corvane"),
    ("Tamsin joins the project on Monday as QA lead.", "occupation", "QA lead"),
    ("Quill will take over as tech lead for the billing service.", "occupation", "tech lead"),
    ("Brisk is the controller, so Brisk signs off on the totals.", "occupation", "controller"),
    ("Tamsin has been the archivist at the Corvane county library for years.", "occupation", "archivist"),
    ("Quill got the head baker job!", "occupation", "head baker"),
    ("Oriel teaches music at the village school.", "occupation", "music teacher"),
    ("Tamsin and Quill are moving in together in May.", "relationship", "partner Quill"),
    ("Brisk climbs three evenings a week now.", "hobby", "climbing"),
    ("Brisk is also moving to the payments team after the review.", "goal", "the payments team"),
    ("Brisk likes to swim in the lake.", "likes", "swimming in the lake"),
])
def test_stated_roles_and_activities(sentence: str, attribute: str, value: str) -> None:
    found = match_attribute(sentence, NAMES, sentence.split()[0])
    assert found is not None and (found.attribute, found.value) == (attribute, value)


@pytest.mark.parametrize("sentence", ["Brisk is a regular at the Fenwold Arms.", "Brisk runs a bakery.",
                                      "Brisk teaches them at night."])
def test_no_role_where_none_is_stated(sentence: str) -> None:
    found = match_attribute(sentence, NAMES, "Brisk")
    assert found is None or found.attribute not in ("occupation", "hobby")
