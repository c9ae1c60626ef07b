"""The export format (`docs/export-format.md`): one typed JSON record per line.

The first line is a manifest naming the format and its version; every other
line is one record whose `type` names what it holds. Records refer to each
other by the same stable ids the CLI shows (message and fact ids), never by
SQLite rowids, so the file reads on its own and restores into any store.
The one exception is a conflict, whose number is its id (`conflicts resolve 3`).

Columns are carried by name, every column of the table except `rowid` and
`embedded` (vectors are rebuilt from text, never exported): a column added by
a later migration is exported without touching this module.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FORMAT_NAME = "remembrancer-export"
FORMAT_VERSION = 1
# Columns never exported: the row number is the store's own, and `embedded`
# says whether this store's LanceDB holds a vector, which a restore rebuilds.
SKIPPED_COLUMNS = frozenset({"rowid", "embedded"})
# Columns holding JSON text in SQLite, exported as JSON values.
JSON_COLUMNS = frozenset({"metadata", "entities"})


@dataclass(frozen=True)
class RecordType:
    name: str   # the record's `type`
    table: str  # the SQLite table holding it


# In dependency order: a record only refers to records of earlier types
# (a fact's `superseded_by` may name a later fact: restore links those last).
RECORD_TYPES = (
    RecordType("message", "messages"),
    # Earlier texts of messages a re-import changed (same id, new text).
    RecordType("message_edit", "message_history"),
    RecordType("fact", "facts"),
    RecordType("scene", "scenes"),
    RecordType("persona", "persona"),
    RecordType("conflict", "conflicts"),
    RecordType("import", "imports"),
    RecordType("consolidation_run", "consolidation_runs"),
    # Hashes of hard-forgotten messages (no text): a restore keeps them, so
    # re-importing the original chat into the restored store stays a no-op.
    RecordType("tombstone", "tombstones"),
)
BY_NAME = {r.name: r for r in RECORD_TYPES}


def manifest(exported_at: str, counts: dict[str, int], schema_version: int) -> dict:
    return {
        "type": "manifest",
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "schema_version": schema_version,
        "counts": counts,
    }


def is_export(path: Path) -> bool:
    """Whether `path` is a file whose first line is this format's manifest."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(4096)
        head = json.loads(first.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(head, dict) and head.get("type") == "manifest" and head.get("format") == FORMAT_NAME
