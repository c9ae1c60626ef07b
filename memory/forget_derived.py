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

The same sets serve soft forgetting (archived instead of deleted) and hard,
and archiving the paragraphs removed from a note (`plan_archive`, used by
both soft forgetting and `memory.note_sync`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlite_utils

from remembrancer.memory.hierarchy import scope_of
from remembrancer.memory.recall.query_text import STOPWORDS
from remembrancer.memory.store import forgetting as store
from remembrancer.memory.store.levels import TABLES

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ArchivePlan:
    """What one archive marks, per level (rowids), and whose scenes and persona must be rebuilt around it."""

    rowids: dict[str, set[int]]
    conversations: set[str]
    subjects: set[str]


def plan_archive(
    db: sqlite_utils.Database, named: Mapping[str, set[int]], gone_messages: Iterable[str] = (), gone_facts: set[int] | None = None
) -> ArchivePlan:
    """The items `named` (rowids per level) and what rests only on them or on what is gone already.

    `gone_messages` (ids) and `gone_facts` (rowids): items archived before
    that count as gone too (a soft forget counts what the user forgot
    before; a note's removed paragraph also what was removed before).
    """
    rowids = {level: set(named.get(level, ())) for level in TABLES}
    rowids["fact"] |= facts_resting_on(db, rowids["message"], gone_messages)
    rowids["persona"] |= persona_resting_on(db, rowids["fact"], gone_facts)
    rowids["scene"] |= scenes_resting_on(db, rowids["fact"])
    conversations, subjects = scope_of(db, rowids["fact"], rowids["message"])
    conversations |= scene_conversations(db, rowids["fact"])
    return ArchivePlan(rowids, conversations, subjects)


def facts_resting_on(db: sqlite_utils.Database, messages: set[int], gone_already: Iterable[str] = ()) -> set[int]:
    """Facts citing one of `messages` (rowids) that the messages left do not support.

    `gone_already`: ids of other messages that count as forgotten too (a soft
    forget counts the messages the user archived before).
    """
    if not messages:
        return set()
    named = store.ids_of(db, "message", messages)
    gone = named | set(gone_already)
    out: set[int] = set()
    for fact in sorted(store.facts_citing(db, named)):
        stated = store.fact_text(db, fact)
        left = [(source.speaker, source.text) for source in store.sources_of(db, fact) if source.id not in gone]
        if not left or not supported(stated.text, stated.subject, left):
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
    owners = store.persona_with_evidence_in(db, facts)
    return {o for o in owners if store.evidence_of(db, o) <= gone}


def scenes_resting_on(db: sqlite_utils.Database, facts: set[int]) -> set[int]:
    """Scenes with a member in `facts` and no other member a rebuild will cluster again.

    A rebuild re-clusters live facts only (not archived, not superseded), so a
    scene left with faded members alone would keep its old summary, quoting
    the forgotten fact, for ever.
    """
    out: set[int] = set()
    for scene in sorted(store.scenes_with_members_in(db, facts)):
        others = [f for f in store.members_of(db, scene) if f not in facts]
        if not any(_is_live(db, f) for f in others):
            out.add(scene)
    return out


def scene_conversations(db: sqlite_utils.Database, facts: set[int]) -> set[str]:
    """The conversations of every member of every scene holding one of `facts`: a rebuild must see a touched scene whole."""
    return store.conversations_of_scenes(db, store.scenes_with_members_in(db, facts))


def _is_live(db: sqlite_utils.Database, fact: int) -> bool:
    """Would a scene rebuild cluster it again: neither archived nor superseded."""
    state = store.fact_state(db, fact)
    return state.archived == 0 and state.superseded_at is None


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

