"""The extractor interface and what an extractor returns.

Extractors are pure: messages in, fact candidates out, no storage. The store
decides what is new (dedupe-on-write) and keeps the provenance.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

# Persona attribute keys a fact may fill (None for plain events/statements).
ATTRIBUTES = (
    "home",          # where the person lives ("lives in Berlin", "moved to Lisbon")
    "origin",        # where they are from
    "work",          # employer or workplace
    "occupation",    # job or role ("works as a nurse", "is a counselor")
    "education",     # school, degree, studies
    "family",        # family members ("has two kids", "her husband Bram")
    "relationship",  # partner, marital status, friends
    "pet",           # pets
    "likes",         # preferences, loves, enjoys, favourite things
    "dislikes",      # hates, does not like, allergies as dislikes of food
    "hobby",         # activities they do regularly (painting, running)
    "health",        # conditions, injuries, allergies, diet
    "goal",          # plans, wishes, intentions ("wants to adopt", "plans to")
    "identity",      # self-descriptions (nationality, gender identity, religion)
    "age",
    "birthday",
    "name",          # the person's full name as they state it ("my name is Ana Lima")
    "email",         # an email address they give as theirs
    "phone",         # a phone number they give as theirs
    "address",       # a street address they live at ("I live at 12 Rua X, 1100-123 Lisboa")
    "possession",    # a thing they own and named ("a plush bunny named Marigold", "a van named Biscuit")
)


@dataclass(frozen=True)
class MessageView:
    """What an extractor sees of a stored message."""

    id: str
    conversation: str
    speaker: str
    time: str  # ISO 8601 with offset: when it was said
    text: str
    role: str = "other"


@dataclass
class FactCandidate:
    """One fact an extractor found.

    `text` should read on its own: no "I", "my", "yesterday"; the speaker's name
    and absolute dates instead ("Odile went to an LGBTQ support group on
    7 May 2023"). `sources` are the exact message ids it rests on.
    """

    text: str
    subject: str                      # who it is about, by name
    sources: list[str]
    time_said: str                    # ISO time of the (last) source message
    time_mentioned: str | None = None  # ISO date (or YYYY-MM / YYYY) the fact is about, if stated
    attribute: str | None = None      # one of ATTRIBUTES, when it describes the subject
    value: str | None = None          # the attribute's value ("Berlin", "painting")
    predicate: str | None = None      # verb phrase, e.g. "moved to"
    confidence: float = 0.6
    polarity: int = 1                 # -1 for negated statements ("does not like")
    entities: list[str] = field(default_factory=list)  # people/places/things named
    # Readable with no conversation around it (standalone.py). False: kept for recall only,
    # never shown in the Facts view, persona, scenes or quoted in answers.
    standalone: bool = True
    # Set at import, not by extractors: the message whose embedding this fact
    # shares because it restates it (`memory.facts.restatement`); stored, so a
    # rebuilt vector index embeds the same text and gives the same vector.
    vector_of: str | None = None


class Extractor(ABC):
    name: str

    @abstractmethod
    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        """Facts from `messages`, given in conversation order (context may help)."""
