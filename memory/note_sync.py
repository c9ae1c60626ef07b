"""Keeping a note's stored items in step with its file, inside the transaction that stores the file.

A note is read whole (`Importer.whole_note`), so a re-import knows what the
file holds now. Its items have ids keyed by their text
(`importers.markdown.paragraph_key`), so a kept paragraph keeps its id and
is "already stored"; a new one is added; and here:

- a stored item whose id the file no longer has but whose text it still
  holds under a new id (an id from before content keys, `#heading/2`) is
  re-keyed to the new id, with the facts citing it and its earlier texts,
  so its facts, pins and reviews survive the change of scheme; its vector
  is made again under the new id;
- a paragraph archived as removed that the file holds again comes back
  (archived 0), and so do the facts, persona attributes and scenes archived
  with it;
- a current item the file no longer holds is archived as `REMOVED`, never
  deleted, never left current, and so is what rests only on removed or
  forgotten items (`forget_derived.plan_archive`, the soft forget's rule);
  the scenes and persona around them are owed a rebuild (`mark_pending`),
  as for an edit. A deleted note file archives all its items the same way
  (`archive_note`).

Chat exports never pass through here: an export may be partial (a date
range, one channel), so a message missing from it says nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from remembrancer.memory.forget_derived import plan_archive, scene_conversations
from remembrancer.memory.forgetting import FADED, FORGOTTEN, REMOVED
from remembrancer.memory.hierarchy import scope_of
from remembrancer.memory.store import forgetting as forgetting_store
from remembrancer.memory.store import messages as messages_store
from remembrancer.memory.store import note_sync as store
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.pending import mark_pending
from remembrancer.memory.store.windows import refresh_windows
from remembrancer.memory.types import ParsedMessage

logger = logging.getLogger(__name__)

LIVE = 0
# A removed paragraph that had faded is archived as removed too: a review brings a faded item back, and this one left its file.
IN_THE_FILE = (LIVE, FADED)


@dataclass
class Prepared:
    """What `prepare` did before the file's items were stored."""

    rekeyed_old_ids: list[str] = field(default_factory=list)  # their vectors go after COMMIT
    restored: set[str] = field(default_factory=set)  # ids back from the archive


def prepare(db: sqlite_utils.Database, conn: sqlite.Connection, note: str, items: Sequence[ParsedMessage]) -> Prepared:
    """Before the file's items are stored: re-key stored items the file holds under a new id, bring back returning ones."""
    stored = store.note_items(conn, note)
    stored_ids = {s.id for s in stored}
    parsed_ids = {m.id for m in items}
    spare: dict[str, list[store.NoteItem]] = {}  # text -> stored items the file no longer names, current ones first
    for item in sorted(stored, key=lambda s: (s.archived != LIVE, s.rowid)):
        if item.id not in parsed_ids:
            spare.setdefault(item.text, []).append(item)
    changes: list[store.Rekey] = []
    archive_state = {s.id: s.archived for s in stored}
    for m in items:
        if m.id in stored_ids or not spare.get(m.text):
            continue
        old = spare[m.text].pop(0)
        changes.append(store.Rekey(old.id, m.id, m.metadata))
        archive_state[m.id] = old.archived
        stored_ids.add(m.id)
    store.rekey(conn, changes)
    returning = {m.id for m in items if archive_state.get(m.id) == REMOVED}
    restore(db, conn, returning)
    if changes or returning:
        logger.info("note %s: %d items re-keyed, %d back from the archive", note, len(changes), len(returning))
    return Prepared([c.old_id for c in changes], returning)


def restore(db: sqlite_utils.Database, conn: sqlite.Connection, ids: Iterable[str]) -> None:
    """These items (archived as removed) are current again, with what was archived because they were removed."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    rowids = list(messages_store.rowids_for_ids(db, wanted).values())
    messages = set(store.set_archived(conn, "message", rowids, LIVE, only_from=(REMOVED,)))
    facts = set(store.set_archived(conn, "fact", store.facts_citing_with_mark(conn, wanted, REMOVED), LIVE, only_from=(REMOVED,)))
    store.set_archived(conn, "persona", store.persona_with_evidence_marked(conn, facts, REMOVED), LIVE, only_from=(REMOVED,))
    store.set_archived(conn, "scene", store.scenes_with_members_marked(conn, facts, REMOVED), LIVE, only_from=(REMOVED,))
    conversations, subjects = scope_of(db, facts, messages)
    mark_pending(conn, conversations | scene_conversations(db, facts), subjects)
    refresh_windows(conn, messages)  # back in their neighbours' windows and links


def archive_absent(db: sqlite_utils.Database, conn: sqlite.Connection, note: str, present: set[str]) -> int:
    """After the file's items were stored: archive the note's current items the file no longer holds; returns how many."""
    gone = [s.rowid for s in store.note_items(conn, note) if s.archived in IN_THE_FILE and s.id not in present]
    return archive(db, conn, note, gone)


def archive_note(db: sqlite_utils.Database, conn: sqlite.Connection, note: str) -> int:
    """A deleted note file: archive every current item of the note; returns how many."""
    return archive(db, conn, note, [s.rowid for s in store.note_items(conn, note) if s.archived in IN_THE_FILE])


def archive(db: sqlite_utils.Database, conn: sqlite.Connection, note: str, rowids: Sequence[int]) -> int:
    """Archive these items of `note` as removed, with what rests only on removed or forgotten items, inside `conn`'s transaction.

    What the user forgot stays forgotten; the items may have faded (they are
    removed all the same), what rests on them is marked only where live. The
    note's remaining items get windows and links without the removed ones
    (`store.windows`).
    """
    if not rowids:
        return 0
    gone_messages = forgetting_store.message_ids_archived_as(db, FORGOTTEN) | forgetting_store.message_ids_archived_as(db, REMOVED)
    gone_facts = forgetting_store.fact_rowids_archived_as(db, FORGOTTEN) | forgetting_store.fact_rowids_archived_as(db, REMOVED)
    plan = plan_archive(db, {"message": set(rowids)}, gone_messages, gone_facts)
    changed = {level: store.set_archived(conn, level, rows, REMOVED, only_from=IN_THE_FILE if level == "message" else (LIVE,))
               for level, rows in plan.rowids.items()}
    mark_pending(conn, plan.conversations, plan.subjects)
    refresh_windows(conn, [s.rowid for s in store.note_items(conn, note) if s.archived != REMOVED])
    logger.info("note %s: %d items no longer in the file archived, with %d facts resting on them", note, len(changed["message"]), len(changed["fact"]))
    return len(changed["message"])
