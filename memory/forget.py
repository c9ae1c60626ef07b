"""Forgetting on purpose: `remembrancer forget QUERY|--id ID [--hard] [--messages]`.

Soft forgetting archives (archived = FORGOTTEN): out of default recall, back
with `--include-archived`, and a later review does not bring it back; only the
user does. Hard forgetting is for privacy: the items are deleted with their
vectors, and the store is scrubbed so that their text is in no file of the
data dir any more:
- SQLite runs with `secure_delete` (freed pages are zeroed), the full-text
  indexes are merged (`optimize`) so no old segment keeps a term, the WAL is
  truncated and the file vacuumed;
- scenes and persona built on a deleted fact are rebuilt without it; windows
  of neighbouring turns are recomputed without a deleted message;
- LanceDB drops the vectors and every old version of its tables;
- backups, which still hold the text, are removed and one fresh backup is made.
What is derived from a forgotten item goes with it (`memory.forget_derived`):
facts resting on forgotten messages, persona attributes and scenes resting
on forgotten facts; a fact superseded by a forgotten one stays ended (the
store still knows the value changed) but loses its link to the deleted fact. A hard forget that deletes
messages leaves a tombstone of their hashes (`memory.tombstones`) so that
re-importing the file does not bring them back. Soft forgetting archives
the same derived items and rebuilds the scenes and persona around them, so
no summary or attribute keeps offering what the user asked to forget.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory import tombstones
from remembrancer.memory.changes import Changes
from remembrancer.memory.errors import InputError
from remembrancer.memory.forget_derived import facts_resting_on, persona_resting_on, plan_archive, scene_conversations, scenes_resting_on
from remembrancer.memory.forgetting import FORGOTTEN
from remembrancer.memory.hierarchy import rebuild_touched, scope_of
from remembrancer.memory.recall.query_text import keywords
from remembrancer.memory.store.backup import backup_database, remove_all_backups
from remembrancer.memory.store import forgetting as store
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.store.windows import refresh_windows
from remembrancer.memory.timeutil import to_iso

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

LEVELS = TABLES  # the levels a forget reaches (memory.store.levels)


@dataclass(frozen=True)
class Target:
    level: str
    rowid: int
    id: str
    text: str


@dataclass
class ForgetReport:
    hard: bool
    targets: list[Target] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)  # soft: targets and what rests on them
    backups_removed: int = 0
    tombstone: str | None = None  # hard, when messages were deleted: the id `forget --unforget` takes

    @property
    def changes(self) -> Changes:
        """The levels forgotten; scenes and persona are rebuilt around them and their conflicts leave the queue."""
        return Changes.of_counts(self.deleted if self.hard else self.archived, also=("scene", "persona", "conflict"))

    def to_json(self) -> dict:
        return {
            "hard": self.hard,
            "forgotten": [{"level": t.level, "id": t.id, "text": t.text} for t in self.targets],
            "deleted": self.deleted,
            "archived": self.archived,
            "backups_removed": self.backups_removed,
            "tombstone": self.tombstone,
        }


def find_targets(memory: Memory, query: str | None = None, ids: list[str] | None = None) -> list[Target]:
    """Items named by id, or whose text holds every word of `query` (not a fuzzy recall: forgetting must be exact)."""
    db = memory.db
    found: list[Target] = []
    if ids:
        for item_id in ids:
            hit = None
            for level in LEVELS:
                item = store.item_with_id(db, level, item_id)
                if item:
                    hit = Target(level, item.rowid, item.id, item.text)
                    break
            if hit is None:
                raise InputError(f"--id: no memory with id {item_id!r}")
            found.append(hit)
        return found
    words = keywords(query or "")
    if not words:
        raise InputError("forget: give a QUERY with at least one word that is not a stopword, or --id ID")
    for level in ("message", "fact", "scene"):  # the levels with a full-text index
        found += [Target(level, item.rowid, item.id, item.text) for item in store.items_holding_words(db, level, words)]
    lowered = [w.lower() for w in words]
    for item in store.persona_items(db):
        if all(w in item.text.lower() for w in lowered):
            found.append(Target("persona", item.rowid, item.id, item.text))
    return found


def forget(memory: Memory, targets: list[Target], now: datetime, hard: bool = False, with_messages: bool = False) -> ForgetReport:
    report = ForgetReport(hard=hard, targets=targets)
    if not targets:
        return report
    if not hard:
        report.archived = _archive(memory, targets, now)
        logger.info("forgot (archived) %s", report.archived)
        return report
    report.deleted, report.tombstone = _delete(memory, targets, now, with_messages)
    _scrub(memory)
    report.backups_removed = remove_all_backups(memory.data_dir / "backups")
    backup_database(memory.db, memory.data_dir / "backups", now, kept=1, key=memory.key)
    logger.info("forgot (deleted) %s, tombstone %s; %d backups replaced by a fresh one", report.deleted, report.tombstone, report.backups_removed)
    return report


def _archive(memory: Memory, targets: list[Target], now: datetime) -> dict[str, int]:
    """Soft: the targets and what rests only on forgotten items are archived, then scenes and persona are rebuilt around them."""
    db = memory.db
    named = {level: {t.rowid for t in targets if t.level == level} for level in LEVELS}
    plan = plan_archive(db, named, store.message_ids_archived_as(db, FORGOTTEN), store.fact_rowids_archived_as(db, FORGOTTEN))
    with transaction(db) as conn:
        for level, rows in plan.rowids.items():
            store.mark_archived(conn, level, rows, FORGOTTEN)
    rebuild_touched(db, memory.indexes, memory.embedder, to_iso(now), plan.conversations, plan.subjects)
    return {level: len(r) for level, r in plan.rowids.items()}


def _delete(memory: Memory, targets: list[Target], now: datetime, with_messages: bool) -> tuple[dict[str, int], str | None]:
    db = memory.db
    rowids = {level: {t.rowid for t in targets if t.level == level} for level in LEVELS}
    # A persona attribute is forgotten with the facts that are its evidence (else a rebuild brings it back).
    # A scene named by the user is deleted and rebuilt from the facts that remain.
    rowids["fact"] |= store.evidence_facts(db, rowids["persona"])
    if with_messages:
        rowids["message"] |= store.source_message_rowids(db, rowids["fact"])
    rowids["fact"] |= facts_resting_on(db, rowids["message"])
    rowids["persona"] |= persona_resting_on(db, rowids["fact"])
    rowids["scene"] |= scenes_resting_on(db, rowids["fact"])  # a fact it superseded stays history (see _reopen_superseded)
    conversations, subjects = scope_of(db, rowids["fact"] | store.member_facts(db, rowids["scene"]), rowids["message"])
    conversations |= scene_conversations(db, rowids["fact"])
    neighbours = _neighbours(db, rowids["message"])
    ids = {level: store.ids_of(db, level, rows) for level, rows in rowids.items()}
    # (id, text) of the messages and of their earlier texts, for their tombstone (which keeps hashes only):
    # an earlier text (a re-import that changed a message) is forgotten too, or the older file brings it back.
    said = store.said_texts(db, rowids["message"])
    store.secure_delete_on(db)
    with transaction(db) as conn:
        _reopen_superseded(conn, rowids["fact"])
        for level in ("fact", "scene", "persona", "message"):
            store.delete_rows(conn, level, rowids[level])
        store.delete_window_texts(conn, rowids["message"])
        store.delete_message_history(conn, sorted(ids["message"]))
        refresh_windows(conn, neighbours - rowids["message"])
        tombstone = tombstones.record(conn, said, to_iso(now))
    for level, index_name in (("message", "message"), ("fact", "fact"), ("scene", "scene")):
        vector_sync.remove(memory.indexes[index_name], sorted(ids[level]))
    rebuild_touched(db, memory.indexes, memory.embedder, to_iso(now), conversations, subjects)
    return {level: len(r) for level, r in rowids.items()}, tombstone


def _reopen_superseded(conn, facts: set[int]) -> None:
    """A fact closed by a forgotten newer one loses its link to it, not its end.

    Forgetting is not a correction: the store still knows the older value
    ended (she moved, the address changed), so the older fact stays history
    (`valid_to`, `superseded_at` kept; the persona shows it as "no longer
    current", autofill never offers it); only the id of the deleted fact goes.
    """
    store.unlink_superseding(conn, facts)


def _scrub(memory: Memory) -> None:
    """No file of the data dir may keep the text: FTS segments merged, freed pages zeroed, WAL emptied, old vector versions dropped."""
    store.scrub(memory.db)
    for index in memory.indexes.values():
        index.purge_old_versions()


def _neighbours(db, messages: set[int]) -> set[int]:
    """Messages whose 3- or 5-turn window includes one of `messages`."""
    from remembrancer.memory.store import messages as repo

    out: set[int] = set()
    frontier = set(messages)
    for _ in range(2):  # two turns on each side
        around = repo.neighbours(db, sorted(frontier))
        frontier = {n for pair in around.values() for n in pair if n is not None} - out
        out |= frontier
    return out

