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
from remembrancer.memory.store.driver import sqlite
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from remembrancer.memory.export.format import BY_NAME, JSON_COLUMNS, RECORD_TYPES, SKIPPED_COLUMNS, manifest
from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)


def export_jsonl(db: sqlite_utils.Database, path: Path, now: datetime) -> dict[str, int]:
    """Write the whole store to `path`; returns how many records of each type."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    conn = db.conn
    conn.execute("BEGIN")  # one snapshot for every table
    try:
        counts = {r.name: conn.execute(f"SELECT count(*) FROM {r.table}").fetchone()[0] for r in RECORD_TYPES}
        schema = conn.execute("SELECT coalesce(max(version), 0) FROM _migrations").fetchone()[0]
        with partial.open("w", encoding="utf-8") as out:
            out.write(json.dumps(manifest(to_iso(now), counts, schema), ensure_ascii=False) + "\n")
            for record in iter_records(conn):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
    finally:
        conn.execute("COMMIT")
    partial.replace(path)
    logger.info("exported %s records to %s", sum(counts.values()), path)
    return counts


def iter_records(conn: sqlite.Connection) -> Iterator[dict[str, Any]]:
    """Every record of every type, in the format's order, rowid references turned into ids."""
    fact_ids = dict(conn.execute("SELECT rowid, id FROM facts"))
    sources = _grouped(conn, "SELECT fact_rowid, message_id FROM fact_sources ORDER BY fact_rowid, message_id")
    members = _grouped(conn, "SELECT scene_rowid, fact_rowid, centrality FROM scene_facts ORDER BY scene_rowid, fact_rowid")
    evidence = _grouped(conn, "SELECT persona_rowid, fact_rowid FROM persona_evidence ORDER BY persona_rowid, fact_rowid")
    for record_type in RECORD_TYPES:
        for rowid, row in _rows(conn, record_type.table):
            record: dict[str, Any] = {"type": record_type.name, **row}
            if record_type is BY_NAME["fact"]:
                record["superseded_by"] = fact_ids.get(row["superseded_by"]) if row["superseded_by"] is not None else None
                record["sources"] = [m for (m,) in sources.get(rowid, [])]
            elif record_type is BY_NAME["scene"]:
                record["members"] = [{"fact": fact_ids[f], "centrality": c} for f, c in members.get(rowid, [])]
            elif record_type is BY_NAME["persona"]:
                record["evidence"] = [fact_ids[f] for (f,) in evidence.get(rowid, [])]
            elif record_type is BY_NAME["conflict"]:
                record["id"] = rowid
                record["fact_a"], record["fact_b"] = fact_ids[row["fact_a"]], fact_ids[row["fact_b"]]
            yield record


def _rows(conn: sqlite.Connection, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    cursor = conn.execute(f"SELECT rowid AS _rowid_, * FROM {table} ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        rowid = row.pop("_rowid_")
        for column in SKIPPED_COLUMNS:
            row.pop(column, None)
        for column in JSON_COLUMNS & row.keys():
            row[column] = json.loads(row[column]) if row[column] is not None else None
        yield rowid, row


def _grouped(conn: sqlite.Connection, sql: str) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for key, *rest in conn.execute(sql):
        out[key].append(tuple(rest))
    return out
