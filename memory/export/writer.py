"""Writing the JSON Lines export: every table's user-meaningful state, ids not rowids.

The store is read inside one read transaction, so a concurrent import or
consolidation cannot leave the file half old, half new; the file is written
next to its target and renamed, so an interrupted export never leaves
something that looks complete.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from remembrancer.memory.export.format import BY_NAME, JSON_COLUMNS, RECORD_TYPES, SKIPPED_COLUMNS, manifest
from remembrancer.memory.store import export as store
from remembrancer.memory.store.database import read_snapshot
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.health import row_count
from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)


def export_jsonl(db: sqlite_utils.Database, path: Path, now: datetime) -> dict[str, int]:
    """Write the whole store to `path`; returns how many records of each type."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with read_snapshot(db) as conn:  # one snapshot for every table
        counts = {r.name: row_count(conn, r.table) for r in RECORD_TYPES}
        schema = store.schema_version(conn)
        with partial.open("w", encoding="utf-8") as out:
            out.write(json.dumps(manifest(to_iso(now), counts, schema), ensure_ascii=False) + "\n")
            for record in iter_records(conn):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
    partial.replace(path)
    logger.info("exported %s records to %s", sum(counts.values()), path)
    return counts


def iter_records(conn: sqlite.Connection) -> Iterator[dict[str, Any]]:
    """Every record of every type, in the format's order, rowid references turned into ids."""
    fact_ids = store.fact_ids(conn)
    sources = store.sources_by_fact(conn)
    members = store.members_by_scene(conn)
    evidence = store.evidence_by_persona(conn)
    for record_type in RECORD_TYPES:
        for rowid, row in _rows(conn, record_type.table):
            record: dict[str, Any] = {"type": record_type.name, **row}
            if record_type is BY_NAME["fact"]:
                record["superseded_by"] = fact_ids.get(row["superseded_by"]) if row["superseded_by"] is not None else None
                record["sources"] = list(sources.get(rowid, []))
            elif record_type is BY_NAME["scene"]:
                record["members"] = [{"fact": fact_ids[m.fact_rowid], "centrality": m.centrality} for m in members.get(rowid, [])]
            elif record_type is BY_NAME["persona"]:
                record["evidence"] = [fact_ids[f] for f in evidence.get(rowid, [])]
            elif record_type is BY_NAME["conflict"]:
                record["id"] = rowid
                record["fact_a"], record["fact_b"] = fact_ids[row["fact_a"]], fact_ids[row["fact_b"]]
            yield record


def _rows(conn: sqlite.Connection, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for stored in store.table_rows(conn, table):
        row = stored.columns
        for column in SKIPPED_COLUMNS:
            row.pop(column, None)
        for column in JSON_COLUMNS & row.keys():
            row[column] = json.loads(row[column]) if row[column] is not None else None
        yield stored.rowid, row
