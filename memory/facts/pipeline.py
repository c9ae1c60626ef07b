"""Extracting facts from messages that have not been through an extractor yet.

Messages carry an `extracted` mark set in the same transaction that stores
their facts, so an import interrupted between storing messages and storing
facts resumes where it stopped (the next import or open picks them up).

A long message reaches the extractor as passages (`message_views`), each
a view with the message's id, so its facts cite the message; only its
first `MAX_EXTRACTED_PASSAGES` are read.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from itertools import groupby

import numpy as np
import sqlite_utils

from remembrancer.memory.embedding.base import Embedder
from remembrancer.memory.embedding.recent_texts import RecentTextVectors
from remembrancer.memory.extraction.base import Extractor, MessageView
from remembrancer.memory.extraction.standalone import is_standalone
from remembrancer.memory.facts.store import FactWriteReport, StoredFactVector, TwinPool, reading_of, write_facts
from remembrancer.memory.facts.restatement import restates
from remembrancer.memory.facts.temporal import update_timelines
from remembrancer.memory.importers.email import extraction_text
from remembrancer.memory.passages import PASSAGE_CHARS, split_passages
from remembrancer.memory.store import extraction
from remembrancer.memory.store import facts as facts_repo
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.pending import mark_pending
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.levels import FACTS, MESSAGES
from remembrancer.memory.store.messages import embedding_text
from remembrancer.memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CHUNK = 2000
# How much of one message the extractor reads: 8 passages, ~16 KB, a long
# letter. Past that a text is a pasted document: its sentences would become
# hundreds or thousands of facts (each embedded: ~650 facts from 64 KB took
# 8 s of a 1 MB import) that no one said to anyone. The whole text stays
# searchable by its words and recallable by its id.
MAX_EXTRACTED_PASSAGES = 8


def extract_pending(
    db: sqlite_utils.Database,
    fact_index: VectorIndex,
    embedder: Embedder,
    extractor: Extractor,
    learned_at: str,
    progress: Progress | None = None,
    message_index: VectorIndex | None = None,
) -> FactWriteReport:
    """Extract facts from every message not yet extracted, chunk by chunk, one transaction each.

    With `message_index`, the chunk's messages that have no current vector are
    embedded in the same model call as its facts (one stream, long batches)
    and stored with them; a fact that restates its one message word for word
    (`memory.facts.restatement`) takes that message's vector instead of being
    embedded again.
    """
    total = extraction.count_unextracted(db)
    report = FactWriteReport(new=[])
    pool = TwinPool()
    recent = RecentTextVectors(embedder)
    done = 0
    while True:
        rows = extraction.next_unextracted(db, CHUNK)
        if not rows:
            break
        candidates = []
        for _, group in groupby(rows, key=lambda r: r.conversation):
            views = [view for r in group for view in message_views(r.id, r.conversation, r.speaker, r.time, without_heading(r.text, r.heading), r.role)]
            candidates.extend(extractor.extract(views))
        for candidate in candidates:  # whatever the extractor (rules, a model), only a readable fact is shown
            candidate.standalone = candidate.standalone and is_standalone(candidate.text)
        message_rows = _unembedded(db, rows) if message_index is not None else []
        message_vectors, vectors = _embed_chunk(recent, message_rows, candidates)
        _load_subjects(db, fact_index, pool, {c.subject for c in candidates})
        with transaction(db) as conn:
            taken = extraction.extracted_among(conn, [r.rowid for r in rows])
            if taken:  # another process (an import, an open healing a crash) extracted them first: theirs stand
                keep = [i for i, c in enumerate(candidates) if not taken.intersection(c.sources)]
                candidates, vectors = [candidates[i] for i in keep], vectors[keep]
            written = write_facts(conn, candidates, vectors, pool, learned_at, extractor.name)
            timeline = update_timelines(conn, [rowid for rowid, _ in written.new or []], learned_at)
            extraction.mark_extracted(conn, [r.rowid for r in rows])
            mark_pending(conn, {r.conversation for r in rows if r.id not in taken}, {c.subject for c in candidates})
        _store_vectors(db, fact_index, written, vectors)
        if message_index is not None and message_rows:
            vector_sync.store(db, message_index, MESSAGES, [r.rowid for r in message_rows], message_vectors)
            report.messages_embedded += len(message_rows)
        report.created += written.created
        report.reinforced += written.reinforced
        report.superseded += timeline.superseded
        report.conflicts += timeline.conflicts
        report.new.extend(written.new or [])
        report.conversations.update(r.conversation for r in rows)
        report.subjects.update(c.subject for c in candidates)
        done += len(rows)
        if progress:
            progress(done, total, "extracting facts")
    if report.created or report.reinforced:
        logger.info("facts: %d created, %d reinforced (%s extractor)", report.created, report.reinforced, extractor.name)
    return report


def _unembedded(db: sqlite_utils.Database, rows: list[extraction.Unextracted]) -> list[extraction.Unextracted]:
    """The chunk's messages whose vector is missing or stale."""
    wanted = vector_sync.unembedded_among(db, MESSAGES, [r.rowid for r in rows])
    return [r for r in rows if r.rowid in wanted]


def _embed_chunk(
    recent: RecentTextVectors, message_rows: list[extraction.Unextracted], candidates: list
) -> tuple[np.ndarray, np.ndarray]:
    """One model call for the chunk's unembedded messages and its facts; (message vectors, fact vectors).

    A fact from one of those messages that restates it shares its vector; a
    text embedded lately in this import (a "Congrats!!" said again) is not
    embedded again.
    """
    embedder = recent.embedder
    by_id = {r.id: i for i, r in enumerate(message_rows)}
    shared: list[int | None] = []
    for c in candidates:
        index = by_id.get(c.sources[0]) if len(c.sources) == 1 else None
        if index is not None:
            row = message_rows[index]
            index = index if restates(c.text, without_heading(row.text, row.heading), {row.speaker, c.subject}) else None
        shared.append(index)
    texts = [embedding_text(r.speaker, r.text) for r in message_rows] + [c.text for c, i in zip(candidates, shared) if i is None]
    embedded = recent.embed(texts)
    message_vectors = embedded[: len(message_rows)]
    own = iter(embedded[len(message_rows) :])
    for c, i in zip(candidates, shared):
        c.vector_of = message_rows[i].id if i is not None else None
    fact_vectors = [message_vectors[i] if i is not None else next(own) for i in shared]
    return message_vectors, (np.stack(fact_vectors) if fact_vectors else np.zeros((0, embedder.dim), dtype=np.float32))


def without_heading(text: str, heading: str | None) -> str:
    """A note item's text without the "Heading: " it is stored with.

    The heading helps search and the reader find the paragraph; read as part
    of the sentence it made facts like "Ana thinks that garden: the compost
    bin needs a lid".
    """
    if heading and isinstance(heading, str) and text.startswith(f"{heading}: "):
        return text[len(heading) + 2 :]
    return text


def message_views(id: str, conversation: str, speaker: str, time: str, text: str, role: str) -> Iterator[MessageView]:
    """What the extractor sees of one message: the message, or its first passages when it is long.

    Rules that look at the whole message ("we" read from the rest of it)
    then look at a passage: linear in the text, where a megabyte message
    read whole was quadratic. An e-mail's subject line is read as the
    e-mail importer says (`extraction_text`: a reply's is someone else's words).
    """
    text = extraction_text(id, text)
    if len(text) <= PASSAGE_CHARS:
        yield MessageView(id=id, conversation=conversation, speaker=speaker, time=time, text=text, role=role)
        return
    for number, passage in enumerate(split_passages(text)):
        if number >= MAX_EXTRACTED_PASSAGES:
            return
        yield MessageView(id=id, conversation=conversation, speaker=speaker, time=time, text=passage, role=role)


def _load_subjects(db: sqlite_utils.Database, fact_index: VectorIndex, pool: TwinPool, subjects: set[str]) -> None:
    """Put the recent stored facts of subjects the pool has not seen yet into it (oldest first: the ring keeps the newest)."""
    subjects = {s for s in subjects if s not in pool}
    if not subjects:
        return
    facts = facts_repo.embedded_about(db, subjects, per_subject=pool.capacity)
    vectors = fact_index.vectors([f.id for f in facts])
    for f in facts:
        if f.id in vectors:
            pool.add(StoredFactVector(f.rowid, f.subject, f.time_mentioned, vectors[f.id], reading_of(f.attribute, f.value)))


def _store_vectors(db: sqlite_utils.Database, fact_index: VectorIndex, written: FactWriteReport, vectors) -> None:
    """Vectors were computed for dedupe already: store them instead of embedding twice."""
    if not written.new:
        return
    vector_sync.store(db, fact_index, FACTS, [rowid for rowid, _ in written.new], vectors[[position for _, position in written.new]])
