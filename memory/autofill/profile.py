"""Whose data a form gets, and what the store knows about them.

The user is identified, in order, by: the name the caller passes
(`--person`); else the configured `user_name` setting when the store knows
that name (the service passes it as `preferred`); else the most frequent
speaker of `role == "user"` messages (chat exports mark the owner's turns);
else the most frequent speaker overall (in a two-person chat log the owner
usually talks most). Never anyone else: a friend's email said in the same chat
is the friend's persona, not the user's.

What is known comes from the persona level (attributes with confidence and
evidence), each value carrying the ids it rests on: the persona row, its
evidence facts and their source messages, so a suggestion can be traced and
later reinforced if the user accepts it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlite_utils

from remembrancer.memory.browse import list_persona
from remembrancer.memory.errors import InputError
from remembrancer.memory.store.persona import fact_details, first_message_ids, known_name, most_frequent_speaker

logger = logging.getLogger(__name__)

# A value contradicted by a newer one, or whose facts have all ended, is kept
# as history but weighs this much (below the fill threshold on its own).
PAST_VALUE_WEIGHT = 0.3
_NEVER_OFFERED = frozenset({"contradictory evidence: both asserted and denied", "evidence lost"})
_NOT_PERSONAL_NAMES = frozenset({"user", "me", "you", "assistant", "chatgpt", "system", "bot", "ai", "unknown"})


@dataclass(frozen=True)
class Evidence:
    """One value of one attribute, with how sure the store is and where it came from."""

    value: str
    confidence: float
    sources: tuple[str, ...]       # persona id, fact ids, message ids
    last_seen: str
    current: bool = True
    fact_texts: tuple[str, ...] = ()
    predicate: str | None = None   # the verb of its first fact ("is allergic to", "plays")


@dataclass
class Profile:
    """A person's attributes, best value first per attribute."""

    person: str | None
    attributes: dict[str, list[Evidence]] = field(default_factory=dict)
    speaker_messages: list[str] = field(default_factory=list)  # a few of their message ids

    def best(self, attribute: str) -> Evidence | None:
        values = self.attributes.get(attribute) or []
        return values[0] if values else None

    def all(self, attribute: str) -> list[Evidence]:
        return list(self.attributes.get(attribute) or [])

    @property
    def display_name(self) -> str | None:
        """The person's speaker name when it reads like a personal name ("Ana Lima", not "User")."""
        name = (self.person or "").strip()
        words = name.split()
        if not words or name.lower() in _NOT_PERSONAL_NAMES:
            return None
        if not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words):
            return None
        return name


def resolve_person(db: sqlite_utils.Database, person: str | None = None, preferred: str | None = None) -> str | None:
    """The user's name as the store spells it (see the module docstring for the order).

    `person` must be known (else `InputError`); `preferred` (a configured
    user name) is used only when the store knows it.
    """
    if person:
        known = known_name(db, person)
        if known is None:
            raise InputError(f"--person: no memories of anyone called {person!r}")
        return known
    if preferred and (known := known_name(db, preferred)) is not None:
        return known
    for role in ("user", None):  # the owner's turns, else everyone's
        speaker = most_frequent_speaker(db, role)
        if speaker is not None:
            return speaker
    return None


def load_profile(db: sqlite_utils.Database, person: str | None) -> Profile:
    """Every positive persona attribute of `person`, current values first."""
    profile = Profile(person)
    if not person:
        return profile
    # Denied values, and values whose evidence the user forgot, are never offered.
    views = [v for v in list_persona(db, person) if v.polarity > 0 and v.flagged not in _NEVER_OFFERED]
    facts = fact_details(db, [fid for v in views for fid in v.evidence])
    for view in views:
        evidence = [facts[f] for f in view.evidence if f in facts]
        ended = bool(evidence) and all(fact.valid_to is not None for fact in evidence)
        current = not ended and not (view.flagged or "").startswith("contradicted by newer")
        confidence = view.confidence * (1.0 if current else PAST_VALUE_WEIGHT)
        profile.attributes.setdefault(view.attribute, []).append(Evidence(
            value=view.value, confidence=round(confidence, 4),
            sources=tuple(dict.fromkeys([view.id, *view.evidence, *view.sources])),
            last_seen=view.last_seen, current=current,
            fact_texts=tuple(fact.text for fact in evidence),
            predicate=next((fact.predicate for fact in evidence if fact.predicate), None),
        ))
    for values in profile.attributes.values():
        values.sort(key=lambda e: (e.current, e.confidence, e.last_seen), reverse=True)
    profile.speaker_messages = first_message_ids(db, person)
    logger.debug("profile of %s: %d attributes", person, len(profile.attributes))
    return profile

