"""What a person browses and manages in one store, as methods of `Memory`.

`app/` (the facade the GUI and the CLI call) never holds the store's
connection, vector indexes or embedder: it asks `Memory` for listings, one
item, the conflict queue, sources, tombstones and exports, and the core
decides how they are read. The functions behind these methods take the
connection because the core's modules pass it among themselves.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from remembrancer.memory import browse, item_detail, provenance, recent
from remembrancer.memory import access_log as access_records
from remembrancer.memory import conflicts as conflict_queue
from remembrancer.memory import tombstones as tombstone_log
from remembrancer.memory.store.fulltext import data_version
from remembrancer.memory.timeutil import ensure_aware

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory


class MemoryViews:
    """Mixed into `Memory` (which sets `self.db`)."""

    db: sqlite_utils.Database

    # -- listings (the memory browser's tabs, `facts`, `scenes`, `persona`) --
    def facts(self, about: str | None = None, include_archived: bool = False, standalone_only: bool = False) -> list[browse.FactView]:
        return browse.list_facts(self.db, about, include_archived, standalone_only=standalone_only)

    def scenes(self) -> list[browse.SceneView]:
        return browse.list_scenes(self.db)

    def persona(self, subject: str | None = None) -> list[browse.PersonaView]:
        return browse.list_persona(self.db, subject)

    def messages(self, kind: str | None = None, limit: int = 500) -> list[browse.MessageView]:
        return browse.list_messages(self.db, kind, limit)

    # -- one item --------------------------------------------------------------
    def item(self, item_id: str, now: datetime | None = None) -> item_detail.ItemDetail:
        """One memory with its sources, history and retention curve at `now`."""
        return item_detail.item_detail(self.db, item_id, ensure_aware(now))

    def set_pinned(self, item_id: str, pinned: bool = True) -> str:
        """Pin (never fades) or unpin; returns the item's level."""
        return item_detail.set_pinned(self.db, item_id, pinned)

    def edit_fact(self: Memory, item_id: str, text: str) -> None:
        item_detail.edit_fact(self, item_id, text)

    def sources(self, ids: Sequence[str], owners: Iterable[str] = (), limit: int = 3) -> list[provenance.SourceQuote]:
        """The messages behind memories of any level, as who said what on which day."""
        return provenance.describe_sources(self.db, ids, list(owners), limit)

    # -- the conflict queue ----------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[conflict_queue.Conflict]:
        return conflict_queue.list_conflicts(self.db, include_resolved)

    def resolve_conflict(self, conflict_id: int, keep: str, now: datetime | None = None) -> conflict_queue.Conflict:
        return conflict_queue.resolve(self.db, conflict_id, keep, ensure_aware(now))

    # -- hard forgets' tombstones ----------------------------------------------
    def tombstones(self) -> list[tombstone_log.Tombstone]:
        return tombstone_log.list_tombstones(self.db)

    def unforget(self, ids: Iterable[str] | None) -> list[tombstone_log.Tombstone]:
        """Lift these tombstones (None: every one): the next import brings their messages back."""
        return tombstone_log.unforget(self.db, ids)

    # -- leaving the store -------------------------------------------------------
    def export(self, target: Path, fmt: str, now: datetime | None = None) -> dict[str, int]:
        """Write everything to `target` as JSON Lines (a file) or Markdown (a folder); returns counts per kind."""
        from remembrancer.memory.export.markdown import export_markdown
        from remembrancer.memory.export.writer import export_jsonl

        write = export_markdown if fmt == "markdown" else export_jsonl
        return write(self.db, target, ensure_aware(now))

    # -- what outside tools asked (MCP clients) and what is new ---------------------
    def log_access(self, client: str, tool: str, arguments: Mapping[str, Any], returned: Sequence[str], outcome: str,
                   detail: str | None = None, now: datetime | None = None, via: str = "mcp") -> access_records.AccessEntry:
        """Record one call of an outside tool: what it asked and the ids it was given (never the texts)."""
        return access_records.record(self.db, client, tool, arguments, returned, outcome, detail, now, via)

    def access_log(self, limit: int | None = None, client: str | None = None) -> list[access_records.AccessEntry]:
        return access_records.entries(self.db, limit, client)

    def learned_since(self, days: float, now: datetime | None = None, limit: int = 40) -> list[recent.RecentItem]:
        """Facts (then messages) learned in the last `days` days: what is new to the store, whenever it was said."""
        return recent.learned_since(self.db, days, now, limit)

    def data_version(self) -> int:
        """Changes when another connection commits: a long-lived reader reopens on it."""
        return data_version(self.db)
