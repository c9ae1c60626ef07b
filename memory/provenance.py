"""Where a value or an answer comes from, as a person reads it.

Every level cites ids (`m1`, `f-aea6...`, `p-3518...`); a person asked "why do
you think so?" wants the sentence and the day instead: "you said on 1 Mar
2024: 'My name is ...'". `describe_sources` follows any of those ids down to
the messages they rest on (a persona attribute -> its evidence facts -> their
source messages), picks from each message the sentence closest to the fact
it supports, and says who said it, "you" when that is the owner.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from remembrancer.memory.store import provenance as store
from remembrancer.memory.text_cut import cut_words
from remembrancer.memory.timeutil import parse_time

QUOTE_CHARS = 140
# Labels chat exports give the owner's own lines (item 6 of issue 18 makes the store use them too).
OWNER_LABELS = frozenset({"me", "i", "myself", "user"})
_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|$)")
_WORD = re.compile(r"\w+")
# A scene is quoted through its most central members only.
SCENE_FACTS = 5


@dataclass(frozen=True)
class SourceQuote:
    """One message behind a memory: who said it, when, and the sentence that matters."""

    message_id: str
    speaker: str
    time: str                 # ISO time of the message
    date: str                 # "1 Mar 2024"
    quote: str                # the sentence, cut on a word boundary
    by_owner: bool

    @property
    def text(self) -> str:
        """ "you said on 1 Mar 2024: “My name is ...”" or "Ana said on ...: “...”"."""
        who = "you" if self.by_owner else self.speaker
        return f"{who} said on {self.date}: “{self.quote}”"


def describe_sources(db: sqlite_utils.Database, ids: Sequence[str], owner: str | Iterable[str] | None = None,
                     limit: int = 3, max_chars: int = QUOTE_CHARS) -> list[SourceQuote]:
    """Readable provenance for memory ids of any level (persona, fact, scene, message), oldest first.

    `owner` is the user's name (or names); their lines, and lines labelled
    "Me"/"I"/"user" or imported with the user's role, read "you said".
    At most `limit` messages, each once; unknown ids are skipped.
    """
    owners = _owner_names(owner)
    # (message id, the fact text it supports or None) in the order the ids came
    wanted: list[tuple[str, str | None]] = []
    for item_id in ids:
        wanted.extend(_messages_behind(db, item_id))
    seen: set[str] = set()
    quotes: list[SourceQuote] = []
    for message_id, hint in wanted:
        if message_id in seen:
            continue
        seen.add(message_id)
        row = store.quoted_message(db, message_id)
        if row is None:
            continue
        by_owner = row.speaker.strip().casefold() in owners or row.role == "user"
        quotes.append(SourceQuote(message_id, row.speaker, row.time, format_date(row.time), best_sentence(row.text, hint, max_chars), by_owner))
        if len(quotes) >= limit:
            break
    return sorted(quotes, key=lambda q: (q.time, q.message_id))


def provenance_lines(db: sqlite_utils.Database, ids: Sequence[str], owner: str | Iterable[str] | None = None,
                     limit: int = 3) -> list[str]:
    """`describe_sources` as the lines a list or panel shows."""
    return [q.text for q in describe_sources(db, ids, owner, limit)]


def format_date(iso: str) -> str:
    """ "2024-03-01T10:00:00+01:00" -> "1 Mar 2024" (the day where it was said)."""
    try:
        moment = parse_time(iso)
    except (ValueError, TypeError):
        return iso[:10]
    return f"{moment.day} {moment:%b} {moment.year}"


def best_sentence(text: str, hint: str | None, max_chars: int = QUOTE_CHARS) -> str:
    """The sentence of `text` sharing most words with `hint` (the fact it supports), cut on a word boundary."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return cut_words(text, max_chars)
    if hint and len(sentences) > 1:
        wanted = {w.casefold() for w in _WORD.findall(hint) if len(w) > 2}
        sentences.sort(key=lambda s: -len(wanted & {w.casefold() for w in _WORD.findall(s)}))  # stable: ties keep order
    return cut_words(sentences[0], max_chars)


def _owner_names(owner: str | Iterable[str] | None) -> frozenset[str]:
    names = [owner] if isinstance(owner, str) else list(owner or ())
    return OWNER_LABELS | {n.strip().casefold() for n in names if n and n.strip()}


def _messages_behind(db: sqlite_utils.Database, item_id: str) -> list[tuple[str, str | None]]:
    """(message id, text of the fact it supports) for one id of any level; [] when unknown."""
    if store.is_message(db, item_id):
        return [(item_id, None)]
    fact = store.fact_text(db, item_id)
    if fact is not None:
        return _fact_messages(db, [fact])
    persona = store.persona_rowid(db, item_id)
    if persona is not None:
        return _fact_messages(db, store.evidence_facts(db, persona))
    scene = store.scene_rowid(db, item_id)
    if scene is not None:
        return _fact_messages(db, store.central_scene_facts(db, scene, SCENE_FACTS))
    return []


def _fact_messages(db: sqlite_utils.Database, facts: Sequence[store.FactText]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for fact in facts:
        out.extend((message_id, fact.text) for message_id in store.source_message_ids(db, fact.rowid))
    return out
