"""What rests on forgotten items: the facts, persona attributes and scenes that must go with them.

Every level above messages is derived: a fact from the messages it cites, a
persona attribute from its evidence facts, a scene from its member facts.
Forgetting an item therefore forgets what is made of it, or the text comes
back through the derived item (a persona attribute "Ana lives in X" left
with no evidence, recallable, was issue #17). The rules:

- a fact citing a forgotten message goes, unless other messages it cites
  remain *and* they say what the fact says (its words are in them), since
  its wording may be the forgotten message's (a fact drawn from a question
  and its answer keeps citing the question alone);
- a persona attribute goes when every evidence fact goes (one with evidence
  left is rebuilt from what remains);
- a scene goes when no member a rebuild would cluster again is left (one
  with live members left is re-clustered and re-summarised from them, its
  conversations all rebuilt together).

The same sets serve soft forgetting (archived instead of deleted) and hard.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import sqlite_utils

from remembrancer.memory.recall.query_text import STOPWORDS

_WORD = re.compile(r"\w+", re.UNICODE)
CHUNK = 500


def facts_resting_on(db: sqlite_utils.Database, messages: set[int], gone_already: Iterable[str] = ()) -> set[int]:
    """Facts citing one of `messages` (rowids) that the messages left do not support.

    `gone_already`: ids of other messages that count as forgotten too (a soft
    forget counts the messages the user archived before).
    """
    if not messages:
        return set()
    named = _ids(db, "messages", messages)
    gone = named | set(gone_already)
    citing = {r for chunk in _chunks(named) for (r,) in db.execute(f"SELECT fact_rowid FROM fact_sources WHERE message_id IN ({_marks(chunk)})", chunk)}
    out: set[int] = set()
    for fact in sorted(citing):
        text, subject = db.execute("SELECT text, subject FROM facts WHERE rowid = ?", [fact]).fetchone()
        left = [
            (speaker, said)
            for (speaker, said, mid) in db.execute(
                "SELECT m.speaker, m.text, m.id FROM fact_sources fs JOIN messages m ON m.id = fs.message_id WHERE fs.fact_rowid = ?", [fact]
            )
            if mid not in gone
        ]
        if not left or not supported(text, subject, left):
            out.add(fact)
    return out


def supported(fact_text: str, subject: str, sources: list[tuple[str, str]]) -> bool:
    """Whether every content word of the fact is in the remaining sources (speakers included).

    Capitalised words (names, places) must be there as they are; other words
    may differ in ending ("lives" for "I live"). Numbers are let through:
    dates are resolved from when a message was said ("last May" becomes
    "May 2023"), so no message holds them.
    """
    said = {w for speaker, text in sources for w in _words(f"{speaker} {text}")}
    exempt = set(_words(subject))
    for raw in _WORD.findall(fact_text):
        word = raw.casefold()
        if word in said or word in exempt or word in STOPWORDS or word.isdigit() or len(word) < 3:
            continue
        if raw[0].isupper() or not any(_same_stem(word, other) for other in said):
            return False
    return True


def persona_resting_on(db: sqlite_utils.Database, facts: set[int], gone_already: set[int] | None = None) -> set[int]:
    """Persona rows with evidence in `facts` and all of it in `facts` or `gone_already` (facts forgotten before)."""
    gone = facts | (gone_already or set())
    owners = _owners(db, "persona_evidence", "persona_rowid", facts)
    return {o for o in owners if {f for (f,) in db.execute("SELECT fact_rowid FROM persona_evidence WHERE persona_rowid = ?", [o])} <= gone}


def scenes_resting_on(db: sqlite_utils.Database, facts: set[int]) -> set[int]:
    """Scenes with a member in `facts` and no other member a rebuild will cluster again.

    A rebuild re-clusters live facts only (not archived, not superseded), so a
    scene left with faded members alone would keep its old summary, quoting
    the forgotten fact, for ever.
    """
    out: set[int] = set()
    for scene in sorted(_owners(db, "scene_facts", "scene_rowid", facts)):
        others = [f for (f,) in db.execute("SELECT fact_rowid FROM scene_facts WHERE scene_rowid = ?", [scene]) if f not in facts]
        if not any(_is_live(db, f) for f in others):
            out.add(scene)
    return out


def scene_conversations(db: sqlite_utils.Database, facts: set[int]) -> set[str]:
    """The conversations of every member of every scene holding one of `facts`: a rebuild must see a touched scene whole."""
    scenes = _owners(db, "scene_facts", "scene_rowid", facts)
    return {
        c
        for chunk in _chunks(scenes)
        for (c,) in db.execute(
            "SELECT DISTINCT m.conversation FROM scene_facts sf JOIN fact_sources fs ON fs.fact_rowid = sf.fact_rowid"
            f" JOIN messages m ON m.id = fs.message_id WHERE sf.scene_rowid IN ({_marks(chunk)})",
            chunk,
        )
    }


def _is_live(db: sqlite_utils.Database, fact: int) -> bool:
    """Would a scene rebuild cluster it again: neither archived nor superseded."""
    archived, superseded_at = db.execute("SELECT archived, superseded_at FROM facts WHERE rowid = ?", [fact]).fetchone()
    return archived == 0 and superseded_at is None


def _owners(db: sqlite_utils.Database, table: str, owner: str, facts: set[int]) -> set[int]:
    return {r for chunk in _chunks(facts) for (r,) in db.execute(f"SELECT DISTINCT {owner} FROM {table} WHERE fact_rowid IN ({_marks(chunk)})", chunk)}


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _same_stem(a: str, b: str) -> bool:
    """A crude stemmer: the same word but for its ending (live/lives, moved/moving), never a short prefix."""
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared >= max(3, min(len(a), len(b)) - 2)


def _ids(db: sqlite_utils.Database, table: str, rowids: set[int]) -> set[str]:
    return {i for chunk in _chunks(rowids) for (i,) in db.execute(f"SELECT id FROM {table} WHERE rowid IN ({_marks(chunk)})", chunk)}


def _chunks(values: Iterable, size: int = CHUNK) -> list[list]:
    items = sorted(values)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))
