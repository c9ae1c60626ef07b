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
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import groupby

import numpy as np
import sqlite_utils

from remembrancer.memory.embedding.stream import EmbedStream
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
from remembrancer.memory.store.owed_vectors import OwedVectors
from remembrancer.memory.store.vectors import VectorIndex

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CHUNK = 2000
# Messages no fact waits for are queued in calls of up to this many texts:
# the encoder sorts a call's texts by length, so long calls pad little (in
# calls of 256, a 10k import's model time went from 43-44 s to 49 s).
LATER_PIECE = 2048
# At most this many messages' texts wait for the model (held in memory)
# before extraction waits for it: ~45 s of embedding here, enough to cover
# the scenes and persona built after the last chunk.
MAX_OWED_MESSAGES = 16_384
# How much of one message the extractor reads: 8 passages, ~16 KB, a long
# letter. Past that a text is a pasted document: its sentences would become
# hundreds or thousands of facts (each embedded: ~650 facts from 64 KB took
# 8 s of a 1 MB import) that no one said to anyone. The whole text stays
# searchable by its words and recallable by its id.
MAX_EXTRACTED_PASSAGES = 8


def extract_pending(
    db: sqlite_utils.Database,
    fact_index: VectorIndex,
    extractor: Extractor,
    learned_at: str,
    stream: EmbedStream,
    owed: OwedVectors | None,
    message_index: VectorIndex | None = None,
    progress: Progress | None = None,
) -> FactWriteReport:
    """Extract facts from every message not yet extracted, chunk by chunk, one transaction each.

    With `message_index` (and `owed`, its vectors still to store), the chunk's
    messages that have no current vector are embedded too, on the same stream
    as its facts (one model, long batches): a fact that restates its one
    message word for word (`memory.facts.restatement`) takes that message's
    vector instead of being embedded again, so those messages are embedded
    with the facts, before the write; the others are queued `later` and owed
    to the message index (the caller stores them once it has built the levels
    above, the model meanwhile working through them).

    The model calls run on the stream's thread while this one reads and
    extracts the next chunk and writes the one before: the model holds no GIL
    while it computes, so the extractor's Python no longer waits for it, nor
    it for the extractor. Chunks are still written in order, each in its own
    transaction with its `extracted` marks.
    """
    total = extraction.count_unextracted(db)
    report = FactWriteReport(new=[])
    pool = TwinPool()
    done = 0
    waiting: _Chunk | None = None
    after: extraction.Unextracted | None = None
    while True:
        rows = extraction.next_unextracted(db, CHUNK, after=after)
        if not rows and waiting is None:
            if after is None:
                break
            after = None  # a last look from the start: messages another process stored meanwhile
            continue
        ready = _start_chunk(db, rows, extractor, stream, owed) if rows else None
        if waiting is not None:
            _finish_chunk(db, fact_index, message_index, pool, waiting, learned_at, extractor.name, report)
            done += len(waiting.rows)
            if progress:
                progress(done, total, "extracting facts")
        if owed is not None:
            owed.store_ready()
            owed.wait_below(MAX_OWED_MESSAGES)
        waiting = ready
        if rows:
            after = rows[-1]
    if report.created or report.reinforced:
        logger.info("facts: %d created, %d reinforced (%s extractor)", report.created, report.reinforced, extractor.name)
    return report


@dataclass
class _Chunk:
    """A chunk read and extracted, its facts' model call under way."""

    rows: list[extraction.Unextracted]
    candidates: list
    message_rows: list[extraction.Unextracted]  # the unembedded messages a candidate shares a vector with
    shared: list[int | None]  # per candidate: the index in `message_rows` of the message whose vector it takes, or None
    vectors: Future  # the model call: `message_rows`' vectors, then those of the candidates that share none


def _start_chunk(
    db: sqlite_utils.Database,
    rows: list[extraction.Unextracted],
    extractor: Extractor,
    stream: EmbedStream,
    owed: OwedVectors | None,
) -> _Chunk:
    """Extract the chunk's candidates; queue their texts (urgent) and its other unembedded messages' (later)."""
    candidates = []
    for _, group in groupby(rows, key=lambda r: r.conversation):
        views = [view for r in group for view in message_views(r.id, r.conversation, r.speaker, r.time, without_heading(r.text, r.heading), r.role)]
        candidates.extend(extractor.extract(views))
    for candidate in candidates:  # whatever the extractor (rules, a model), only a readable fact is shown
        candidate.standalone = candidate.standalone and is_standalone(candidate.text)
    unembedded = _unembedded(db, rows) if owed is not None else []
    shared_rows = _shared_vectors(unembedded, candidates)
    needed = sorted({i for i in shared_rows if i is not None})
    message_rows = [unembedded[i] for i in needed]
    position = {old: new for new, old in enumerate(needed)}
    shared = [position[i] if i is not None else None for i in shared_rows]
    texts = [embedding_text(r.speaker, r.text) for r in message_rows] + [c.text for c, i in zip(candidates, shared) if i is None]
    chunk = _Chunk(rows, candidates, message_rows, shared, stream.embed(texts, urgent=True))
    if owed is not None:
        later = [r for i, r in enumerate(unembedded) if i not in position]
        for start in range(0, len(later), LATER_PIECE):
            piece = later[start : start + LATER_PIECE]
            owed.add([r.rowid for r in piece], stream.embed([embedding_text(r.speaker, r.text) for r in piece], urgent=False))
    return chunk


def _finish_chunk(
    db: sqlite_utils.Database,
    fact_index: VectorIndex,
    message_index: VectorIndex | None,
    pool: TwinPool,
    chunk: _Chunk,
    learned_at: str,
    extractor_name: str,
    report: FactWriteReport,
) -> None:
    """Wait for the chunk's vectors, then write its facts and marks in one transaction and store the vectors."""
    message_vectors, vectors = _split_vectors(chunk, chunk.vectors.result())
    candidates, rows = chunk.candidates, chunk.rows
    _load_subjects(db, fact_index, pool, {c.subject for c in candidates})
    with transaction(db) as conn:
        taken = extraction.extracted_among(conn, [r.rowid for r in rows])
        if taken:  # another process (an import, an open healing a crash) extracted them first: theirs stand
            keep = [i for i, c in enumerate(candidates) if not taken.intersection(c.sources)]
            candidates, vectors = [candidates[i] for i in keep], vectors[keep]
        written = write_facts(conn, candidates, vectors, pool, learned_at, extractor_name)
        timeline = update_timelines(conn, [rowid for rowid, _ in written.new or []], learned_at)
        extraction.mark_extracted(conn, [r.rowid for r in rows])
        mark_pending(conn, {r.conversation for r in rows if r.id not in taken}, {c.subject for c in candidates})
    _store_vectors(db, fact_index, written, vectors)
    if message_index is not None and chunk.message_rows:
        vector_sync.store(db, message_index, MESSAGES, [r.rowid for r in chunk.message_rows], message_vectors)
        report.messages_embedded += len(chunk.message_rows)
    report.created += written.created
    report.reinforced += written.reinforced
    report.superseded += timeline.superseded
    report.conflicts += timeline.conflicts
    report.new.extend(written.new or [])
    report.conversations.update(r.conversation for r in rows)
    report.subjects.update(c.subject for c in candidates)


def _unembedded(db: sqlite_utils.Database, rows: list[extraction.Unextracted]) -> list[extraction.Unextracted]:
    """The chunk's messages whose vector is missing or stale."""
    wanted = vector_sync.unembedded_among(db, MESSAGES, [r.rowid for r in rows])
    return [r for r in rows if r.rowid in wanted]


def _shared_vectors(message_rows: list[extraction.Unextracted], candidates: list) -> list[int | None]:
    """Per candidate, the message (index in `message_rows`) whose vector it takes: a fact from one of
    those messages that restates it. The others are embedded themselves, in the same model call as the
    messages; a text embedded lately in this import (a "Congrats!!" said again) is not embedded again."""
    by_id = {r.id: i for i, r in enumerate(message_rows)}
    shared: list[int | None] = []
    for c in candidates:
        index = by_id.get(c.sources[0]) if len(c.sources) == 1 else None
        if index is not None:
            row = message_rows[index]
            index = index if restates(c.text, without_heading(row.text, row.heading), {row.speaker, c.subject}) else None
        shared.append(index)
    return shared


def _split_vectors(chunk: _Chunk, embedded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(message vectors, fact vectors) from the chunk's one model call; marks each candidate's `vector_of`."""
    message_vectors = embedded[: len(chunk.message_rows)]
    own = iter(embedded[len(chunk.message_rows) :])
    for c, i in zip(chunk.candidates, chunk.shared):
        c.vector_of = chunk.message_rows[i].id if i is not None else None
    fact_vectors = [message_vectors[i] if i is not None else next(own) for i in chunk.shared]
    return message_vectors, (np.stack(fact_vectors) if fact_vectors else np.zeros((0, embedded.shape[1]), dtype=np.float32))


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
