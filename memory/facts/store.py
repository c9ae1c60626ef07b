"""Writing facts: dedupe-on-write, provenance, vectors.

A candidate that restates a stored fact about the same subject reinforces it
(one more mention, its sources added) instead of creating a twin: exactly
when the normalised texts agree, nearly when their embeddings are closer than
`NEAR_DUPLICATE` and they do not name different dates. The threshold is
deliberately high: merging two different facts loses one (Mem0's users'
complaint), a twin only costs a slot.
"""
from __future__ import annotations

import hashlib
import json
import re
from remembrancer.memory.store.driver import sqlite
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from remembrancer.memory.extraction.base import FactCandidate
from remembrancer.memory.forgetting import initial_fact_stability, reinforced_stability, retention
from remembrancer.memory.store import facts as facts_repo
from remembrancer.memory.timeutil import parse_time

NEAR_DUPLICATE = 0.93
_NON_WORD = re.compile(r"[^\w]+")


@dataclass
class FactWriteReport:
    created: int = 0
    reinforced: int = 0
    superseded: int = 0  # older facts closed by newer ones (memory.facts.temporal)
    conflicts: int = 0   # contradictions queued for the user
    new: list[tuple[int, int]] | None = None  # (fact rowid, index of its candidate)
    conversations: set[str] = field(default_factory=set)  # whose messages were extracted
    subjects: set[str] = field(default_factory=set)        # who the facts are about
    messages_embedded: int = 0  # messages embedded with the facts, before their write (`extract_pending` with a message index)


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def fact_id(subject: str, norm: str, time_mentioned: str | None = None) -> str:
    return "f-" + hashlib.sha1(f"{subject.lower()}\x1f{norm}\x1f{time_mentioned or ''}".encode()).hexdigest()[:16]


@dataclass
class StoredFactVector:
    rowid: int
    subject: str
    time_mentioned: str | None
    vector: np.ndarray
    reading: tuple[str, str] | None = None  # (attribute, value) when the fact states one


def reading_of(attribute: str | None, value: str | None) -> tuple[str, str] | None:
    """What a fact says about its subject, compared case-insensitively.

    Two facts that read differently ("lives in Berlin" / "lives in Lisbon",
    "name is X" / "email is Y") are never twins however close their wording:
    merging them would silently lose the newer value, so only facts with the
    same reading (or none) may merge.
    """
    return (attribute, (value or "").strip().lower()) if attribute else None


# How many of a subject's facts a new one is compared with for near-twins at
# import: the most recent. An import stays linear in its size (every fact of a
# subject would make it quadratic: a million messages about one person), and a
# restatement is nearly always of something said lately; twins further apart
# are merged by the nightly consolidation, which compares every pair.
RECENT_TWINS = 4096


class TwinPool:
    """The recent fact vectors of each subject, in ring buffers: one matrix-vector product per candidate.

    Kept for a whole extraction run, so stored facts are read once per subject,
    not once per chunk; facts written meanwhile join it.

    A batch is scored at once (`prepare`): one matrix product per subject for
    all its candidates, where one product per candidate read the subject's
    whole ring from memory each time (a full ring is 6 MB; 0.7 ms per fact,
    a fifth of a 30k import's Python time). Slots written after `prepare` (the
    batch's own new facts) are scored one by one, so the answers are those of
    scoring each candidate against the ring as it stands.
    """

    def __init__(self, facts: Sequence[StoredFactVector] = (), capacity: int = RECENT_TWINS):
        self.capacity = capacity
        self._by_subject: dict[str, _Ring] = {}
        self._prepared: dict[int, tuple[_Ring, np.ndarray]] = {}
        for fact in facts:
            self.add(fact)

    def prepare(self, subjects: Sequence[str], vectors: np.ndarray) -> None:
        """Score the batch (`subjects[i]`'s candidate has `vectors[i]`) against the rings now; `near_duplicate(..., position=i)` uses it."""
        self._prepared = {}
        positions: dict[str, list[int]] = {}
        for position, subject in enumerate(subjects):
            positions.setdefault(subject, []).append(position)
        for subject, where in positions.items():
            ring = self._by_subject.get(subject)
            if ring is None or not ring.used:
                continue
            ring.written = set()
            scores = ring.matrix[: ring.used] @ np.asarray(vectors[where], dtype=np.float32).T
            for column, position in enumerate(where):
                self._prepared[position] = (ring, scores[:, column])

    def __contains__(self, subject: str) -> bool:
        return subject in self._by_subject

    def add(self, fact: StoredFactVector) -> None:
        ring = self._by_subject.get(fact.subject)
        if ring is None:
            ring = self._by_subject[fact.subject] = _Ring(self.capacity, fact.vector.shape[0])
        ring.add(fact)

    def near_duplicate(self, candidate: FactCandidate, vector: np.ndarray, position: int | None = None) -> int | None:
        ring = self._by_subject.get(candidate.subject)
        if ring is None:
            return None
        prepared = self._prepared.get(position) if position is not None else None
        if prepared is not None and prepared[0] is ring:
            similarities = np.empty(ring.used, np.float32)
            similarities[: len(prepared[1])] = prepared[1]
            if ring.written:  # slots filled or overwritten since `prepare`
                fresh = np.fromiter(ring.written, dtype=np.int64, count=len(ring.written))
                similarities[fresh] = ring.matrix[fresh] @ vector
        else:
            similarities = ring.matrix[: ring.used] @ vector
        close = np.flatnonzero(similarities >= NEAR_DUPLICATE)
        if not len(close):
            return None
        reading = reading_of(candidate.attribute, candidate.value)
        for index in close[np.argsort(-similarities[close], kind="stable")]:
            other_time, other_reading = ring.keys[index]
            if candidate.time_mentioned and other_time and candidate.time_mentioned != other_time:
                continue  # the same kind of event on another day is another fact
            if reading != other_reading:
                continue  # another value (or another attribute) is news, not a restatement
            return ring.rowids[index]
        return None


class _Ring:
    """One subject's last `capacity` facts; a full ring overwrites its oldest."""

    def __init__(self, capacity: int, dim: int):
        self.capacity = capacity
        self.matrix = np.zeros((min(16, capacity), dim), np.float32)
        self.rowids: list[int] = []
        self.keys: list[tuple[str | None, tuple[str, str] | None]] = []
        self.used = 0
        self._next = 0
        self.written: set[int] = set()  # slots written since the pool's last `prepare`

    def add(self, fact: StoredFactVector) -> None:
        key = (fact.time_mentioned, fact.reading)
        if self.used < self.capacity:
            if self.used == self.matrix.shape[0]:
                grown = np.zeros((min(2 * self.used, self.capacity), self.matrix.shape[1]), np.float32)
                grown[: self.used] = self.matrix
                self.matrix = grown
            slot = self.used
            self.used += 1
            self.rowids.append(fact.rowid)
            self.keys.append(key)
        else:
            slot = self._next
            self._next = (self._next + 1) % self.capacity
            self.rowids[slot], self.keys[slot] = fact.rowid, key
        self.matrix[slot] = fact.vector
        self.written.add(slot)


def write_facts(
    conn: sqlite.Connection,
    candidates: Sequence[FactCandidate],
    vectors: np.ndarray,
    existing: Sequence[StoredFactVector] | TwinPool,
    learned_at: str,
    extractor: str,
) -> FactWriteReport:
    """Store `candidates` (with their unit `vectors`) inside the caller's transaction.

    `existing` are stored facts of the same subjects with their vectors (or a
    `TwinPool` of them kept across calls), for near-duplicate detection; facts
    created here join that pool as we go, so duplicates inside one batch merge too.
    """
    report = FactWriteReport(new=[])
    pool = existing if isinstance(existing, TwinPool) else TwinPool(existing)
    pool.prepare([c.subject for c in candidates], vectors)
    for position, (candidate, vector) in enumerate(zip(candidates, vectors)):
        norm = normalise(candidate.text)
        if not norm:
            continue
        target = _exact_duplicate(conn, candidate, norm) or pool.near_duplicate(candidate, vector, position)
        if target is not None:
            _reinforce(conn, target, candidate, learned_at)
            report.reinforced += 1
            continue
        rowid = _insert(conn, candidate, norm, learned_at, extractor)
        pool.add(StoredFactVector(rowid, candidate.subject, candidate.time_mentioned, vector,
                                  reading_of(candidate.attribute, candidate.value)))
        report.new.append((rowid, position))
        report.created += 1
    return report


def _exact_duplicate(conn: sqlite.Connection, candidate: FactCandidate, norm: str) -> int | None:
    """A stored fact with the same words about the same subject, no other date and the same reading.

    The normal form drops small words, so "Ana's email is a@b.org" and "Ana's
    email is a@b.org if you need it" share it; the second leans on its listener
    (not standalone, its attribute handed to the first), and a restatement
    must not fold the fact that stands alone into the one that does not.
    """
    reading = reading_of(candidate.attribute, candidate.value)
    for fact in facts_repo.same_words(conn, candidate.subject, norm):
        if candidate.time_mentioned and fact.time_mentioned and candidate.time_mentioned != fact.time_mentioned:
            continue
        if reading_of(fact.attribute, fact.value) == reading and bool(fact.standalone) == bool(candidate.standalone):
            return fact.rowid
    return None


def _insert(conn: sqlite.Connection, c: FactCandidate, norm: str, learned_at: str, extractor: str) -> int:
    fact = facts_repo.NewFact(
        id=fact_id(c.subject, norm, c.time_mentioned),
        text=c.text,
        norm=norm,
        subject=c.subject,
        attribute=c.attribute,
        value=c.value,
        predicate=c.predicate,
        polarity=c.polarity,
        entities=json.dumps(sorted(set(c.entities)), ensure_ascii=False),
        time_said=c.time_said,
        time_mentioned=c.time_mentioned,
        valid_from=c.time_mentioned or c.time_said,
        learned_at=learned_at,
        confidence=c.confidence,
        extractor=extractor,
        stability_days=initial_fact_stability(c.attribute, c.confidence),
        standalone=int(c.standalone),
        vector_of=c.vector_of,
    )
    return facts_repo.insert_fact(conn, fact, c.sources)


def _reinforce(conn: sqlite.Connection, rowid: int, c: FactCandidate, learned_at: str) -> None:
    """A restatement is a review: it strengthens the fact as a recall would (spacing effect included)."""
    before = facts_repo.strength(conn, rowid)
    stability = reinforced_stability(before.stability_days, retention(before.stability_days, before.last_review, before.learned_at, parse_time(learned_at)))
    facts_repo.reinforce(conn, rowid, c.confidence, c.time_said, stability, learned_at)
    facts_repo.add_sources(conn, rowid, c.sources)
