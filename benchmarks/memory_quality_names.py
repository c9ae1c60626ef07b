"""Names of pets, relatives and partners that observation sentences state, found by general patterns.

The ground truth of "names kept" without a hand-made list: a careful
reader's sentence says "Ana's dog named Biscuit", "her sister Fenna", "his
girlfriend, Mira,", "pets Luna and Oliver" or "Fenna, her sister". The
patterns are English grammar (a kin or pet noun, then a capitalised name
by apposition or "named/called"); nothing is keyed to a dataset.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import FAMILY, PARTNER, PETS, alternation

_KIN = alternation((FAMILY | PARTNER) - {"family", "baby", "toddler", "newborn", "little-one", "little-ones", "twins"})
_PET = alternation(PETS)
_NOUN = rf"(?:{_KIN}|{_PET})"
_NAME = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?"
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+(?:and|&)\s+{_NAME})?"
_OWNER = rf"(?:(?P<owner>{_NAME})'s|(?i:his|her|their|my))"
_ADJ = r"(?:(?:new|little|older|younger|big|baby|late|first|second|two|three|four|five|rescue|adopted|beloved|[a-z]+-year-old)\s+)*"
PATTERNS = [
    # "Ana's dog named Biscuit", "her cats called Tom and Jess"
    re.compile(rf"\b{_OWNER}\s+{_ADJ}{_NOUN}\s*,?\s+(?:named|called)\s+(?P<names>{_LIST})"),
    # "her sister Fenna", "his girlfriend, Mira", "Ana's dogs Rex and Bella"
    re.compile(rf"\b{_OWNER}\s+{_ADJ}{_NOUN}\s*,?\s+(?P<names>{_LIST})\b"),
    # "a puppy named Rex", "pets Luna and Oliver"
    re.compile(rf"\b(?:a|an|the|two|three|four)?\s*{_ADJ}{_NOUN}\s*,?\s+(?:named|called)\s+(?P<names>{_LIST})"),
    # "Fenna, her sister", "Rex, his dog"
    re.compile(rf"(?P<names>{_NAME})\s*,\s+(?:{_OWNER})\s+{_ADJ}{_NOUN}\b"),
    # "Rex, a rescue greyhound", "Sara is his daughter", "Luna and Milo are Ana's cats"
    re.compile(rf"(?P<names>{_LIST})\s*(?:,\s+(?:a|an)|\s+(?:is|are|was|were)\s+(?:{_OWNER}|(?:a|an)))\s+{_ADJ}{_NOUN}\b"),
]
_NOT_NAMES = frozenset(
    "I The A An And But Or So He She They We You It His Her Their My Our This That These Those When While After Before "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Christmas Easter Mom Dad Mum Grandma Grandpa Also Both Yesterday Today".split()
)


def named_relations(sentence: str, speaker: str, people: set[str]) -> set[tuple[str, str]]:
    """(person, name) pairs the sentence states; the person is the possessor named, else the observed speaker."""
    out: set[tuple[str, str]] = set()
    for pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            owner = m.groupdict().get("owner") or speaker
            if owner not in people:
                owner = speaker
            for name in re.findall(_NAME, m.group("names")):
                if name in _NOT_NAMES or name in people or name.lower() in {"and"}:
                    continue
                out.add((owner, name))
    return out
