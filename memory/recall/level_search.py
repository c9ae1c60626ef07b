"""Searching the upper levels: facts, scenes and persona attributes.

Facts and scenes are searched like messages (BM25 and vectors, fused by the
caller); persona attributes answer profile questions ("Where does Ana live?"):
a named person plus a cue for an attribute.
"""
from __future__ import annotations

import re
from datetime import datetime

import sqlite_utils

from remembrancer.memory.forgetting import not_faded_sql
from remembrancer.memory.store import fulltext, search
from remembrancer.memory.store.search import RowFilter

# Words that signal a question about a persona attribute.
ATTRIBUTE_CUES: dict[str, frozenset[str]] = {
    "home": frozenset("live lives living home moved move city reside resides based house apartment".split()),
    "origin": frozenset("from grew hometown country born raised originally".split()),
    "work": frozenset("work works working job company employer office".split()),
    "occupation": frozenset("job profession career occupation work works living role".split()),
    "education": frozenset("study studies studying degree school college university major graduate education".split()),
    "family": frozenset("family kids children child husband wife son daughter mother father mom dad sister brother parents".split()),
    "relationship": frozenset("partner married relationship boyfriend girlfriend single dating friend friends spouse".split()),
    "pet": frozenset("pet pets dog dogs cat cats puppy kitten".split()),
    "likes": frozenset("like likes love loves favorite favourite enjoy enjoys fan prefer".split()),
    "dislikes": frozenset("dislike dislikes hate hates avoid avoids".split()),
    "hobby": frozenset("hobby hobbies fun free pastime activities activity enjoy".split()),
    "health": frozenset("health allergic allergy allergies sick injury condition diet illness".split()),
    "goal": frozenset("want wants plan plans goal goals hope hopes dream dreams aspire future".split()),
    "identity": frozenset("identity gender religion religious nationality identify".split()),
    "age": frozenset("age old".split()),
    "birthday": frozenset("birthday born".split()),
}
# When nothing is known for the attribute asked about, the nearest one answers
# in part: "Where does Ana live?" with no home known is best met by where she is
# from (and the reverse); a job without an employer, by the occupation.
RELATED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "home": ("origin",), "origin": ("home",), "work": ("occupation",), "occupation": ("work",),
}
RELATED_WEIGHT = 0.5  # a related attribute ranks below any direct answer
OVERFETCH = 3  # `level_lexical` filters the best OVERFETCH * limit matches first
_WORD = re.compile(r"\w+")


def alive(learned_column: str, now: datetime, include_archived: bool) -> RowFilter:
    """Rows default recall may return: not archived and not faded below the threshold at `now`."""
    if include_archived:
        return RowFilter()
    condition, params = not_faded_sql("b", learned_column, now)
    return RowFilter(f"AND b.archived = 0 AND {condition}", tuple(params))


def level_lexical(db: sqlite_utils.Database, table: str, match: str | None, limit: int, where: RowFilter = RowFilter()) -> list[int]:
    """BM25 ranking of `table` rows (through `<table>_fts`) that pass `where`."""
    if match is None:
        return []
    if not where.sql:
        return fulltext.best_level_matches(db, table, match, limit)
    # The filter costs as much as the ranking when run on every match (up to
    # the term budget's 2,000), so it runs on the best few first. That is
    # exact: when `limit` rows of the best `OVERFETCH * limit` pass, no row
    # ranked lower can be among the best `limit` that pass.
    first = OVERFETCH * limit
    rows = fulltext.best_level_matches_passing(db, table, match, where, limit, among_best=first)
    if len(rows) < limit and fulltext.matches_more_than(db, table, match, first):
        rows = fulltext.best_level_matches_passing(db, table, match, where, limit)
    return rows


def level_dense(
    db: sqlite_utils.Database, table: str, hits: list[tuple[str, float]], where: RowFilter = RowFilter(), min_similarity: float = 0.15
) -> dict[int, float]:
    """Rowid -> similarity of vector `hits` on `table` above the floor that pass `where`, in hit order."""
    ids = [i for i, sim in hits if sim >= min_similarity]
    if not ids:
        return {}
    rowid_of = search.rowids_of_hits(db, table, ids, where)
    return {rowid_of[i]: sim for i, sim in hits if i in rowid_of and sim >= min_similarity}


# Who a person has is asked as "Ana's kids", "her dog", "does Ana have pets", "how many sisters", "their names";
# "What did Ana do to help children?" mentions children but asks about Ana's doings, not her family.
_KIN_ATTRIBUTES = frozenset({"family", "relationship", "pet"})
_HAS_RE = re.compile(r"\b(?:have|has|had)(?=\s*[?.!]|\s*$|\s+(?:a|an|any|some|no|many|\d+|one|two|three|four|five|kids|children|pets)\b)"
                     r"|\b(?:how many|names?|named|called|who is|who are|married|single|dating)\b")


def _asks_about_kin(query: str, cues: frozenset[str]) -> bool:
    """Whether a kin, partner or pet word in `query` is asked about as the person's own."""
    if _HAS_RE.search(query):
        return True
    return any(re.search(rf"(?:'s|\b(?:her|his|their|your|my))\s+(?:\w+\s+)?{re.escape(cue)}\b", query) for cue in cues)


def persona_matches(db: sqlite_utils.Database, query: str, named_subjects: set[str], where: RowFilter = RowFilter()) -> list[tuple[int, float]]:
    """Persona rows of the named people whose attribute the query asks about, best first."""
    if not named_subjects:
        return []
    words = set(_WORD.findall(query.lower()))
    wanted = {attribute for attribute, cues in ATTRIBUTE_CUES.items() if words & cues}
    wanted -= {a for a in wanted & _KIN_ATTRIBUTES if not _asks_about_kin(query.lower(), ATTRIBUTE_CUES[a])}
    if not wanted:
        return []
    related = {other for attribute in wanted for other in RELATED_ATTRIBUTES.get(attribute, ())} - wanted
    rows = search.persona_of(db, sorted(named_subjects), sorted(wanted | related), where)
    answered = {(row.subject.lower(), row.attribute) for row in rows if row.attribute in wanted}
    scored = []
    for row in rows:
        confidence = row.confidence
        if row.attribute in related:
            asked = {a for a in wanted if row.attribute in RELATED_ATTRIBUTES.get(a, ())}
            if all((row.subject.lower(), a) in answered for a in asked):
                continue  # the question's own attribute is known: no stand-in needed
            confidence *= RELATED_WEIGHT
        overlap = len(words & set(_WORD.findall(row.value.lower())))
        scored.append((row.rowid, confidence + overlap))
    return sorted(scored, key=lambda kv: -kv[1])
