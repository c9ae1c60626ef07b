"""Restoring an export into an empty store: ids kept, nothing re-extracted.

The whole file is read and checked before the store is touched, then written
in one transaction, so a bad line anywhere stores nothing (the import
contract). Facts, scenes and persona come back exactly as exported instead
of being extracted again from the messages, which could give other facts
than the ones the user reviewed, pinned or resolved. Vectors are not in the
file: every row comes back marked unembedded and the caller embeds it.

Restoring into a store that already holds memories is refused: merging would
have to renumber conflicts and reconcile facts the two stores both derived,
which is another feature (import the messages alone with `--format jsonl`).
"""
from __future__ import annotations

import json
import logging
from remembrancer.memory.store.driver import sqlite
from pathlib import Path
from typing import Any

import sqlite_utils

from remembrancer.memory.errors import InputError
from remembrancer.memory.export.format import BY_NAME, FORMAT_NAME, FORMAT_VERSION, JSON_COLUMNS, RECORD_TYPES, SKIPPED_COLUMNS
from remembrancer.memory.importers.base import read_text
from remembrancer.memory.store import export as store
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.windows import refresh_windows

logger = logging.getLogger(__name__)

# Keys a record carries that are not columns of its table.
_LINK_KEYS = {"fact": {"sources"}, "scene": {"members"}, "persona": {"evidence"}, "conflict": {"id"}}

Numbered = tuple[int, dict[str, Any]]


def restore_export(db: sqlite_utils.Database, path: Path) -> dict[str, int]:
    """Restore the export at `path` into the (empty) store; returns records restored per type."""
    records = _read(path)
    _require_empty(db, path)
    columns = {r.name: _columns(db.conn, r.table) for r in RECORD_TYPES}
    for line, record in records:
        _validate(record, columns[record["type"]], path, line)
    counts = {r.name: 0 for r in RECORD_TYPES}
    with transaction(db) as conn:
        rowids: dict[str, dict[Any, int]] = {r.name: {} for r in RECORD_TYPES}
        for line, record in records:
            kind = record["type"]
            try:
                rowids[kind][record.get("id")] = _insert(conn, record, rowids, line, path)
            except (sqlite.Error, OverflowError, UnicodeEncodeError) as exc:  # missing field, duplicate id, int past 64 bits, lone surrogate
                raise InputError(f"{kind} record rejected by the store: {exc}", path, line) from None
            counts[kind] += 1
        _link_supersessions(conn, records, rowids["fact"], path)
        refresh_windows(conn, rowids["message"].values())
    logger.info("restored %s from %s", counts, path)
    return counts


def _read(path: Path) -> list[Numbered]:
    lines = read_text(path).splitlines()
    if not lines:
        raise InputError("empty file, not an export", path, 1)
    head = _json(lines[0], path, 1)
    if head.get("type") != "manifest" or head.get("format") != FORMAT_NAME:
        raise InputError(f"the first line is not a {FORMAT_NAME} manifest", path, 1)
    if head.get("version") != FORMAT_VERSION:
        raise InputError(f"export format version {head.get('version')!r}; this version reads {FORMAT_VERSION}", path, 1)
    records = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        record = _json(text, path, number)
        if record.get("type") not in BY_NAME:
            raise InputError(f"unknown record type {record.get('type')!r}", path, number)
        records.append((number, record))
    order = {r.name: i for i, r in enumerate(RECORD_TYPES)}
    records.sort(key=lambda item: order[item[1]["type"]])  # stable: the file's order within a type
    return records


def _json(text: str, path: Path, line: int) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not JSON: {exc}", path, line) from None
    if not isinstance(value, dict):
        raise InputError("a record must be a JSON object", path, line)
    return value


def _require_empty(db: sqlite_utils.Database, path: Path) -> None:
    for table in ("messages", "facts", "scenes", "persona"):
        if store.has_rows(db, table):
            raise InputError(f"this data dir already holds {table}; restore an export into an empty data dir", path)


def _columns(conn: sqlite.Connection, table: str) -> set[str]:
    return store.column_names(conn, table) - SKIPPED_COLUMNS


def _validate(record: dict[str, Any], columns: set[str], path: Path, line: int) -> None:
    kind = record["type"]
    unknown = set(record) - columns - _LINK_KEYS.get(kind, set()) - {"type"}
    if unknown:
        raise InputError(f"{kind} record has unknown fields: {', '.join(sorted(unknown))}", path, line)
    for key, value in record.items():
        if key in JSON_COLUMNS or key in _LINK_KEYS.get(kind, ()):
            continue
        if not (value is None or isinstance(value, (str, int, float))):
            raise InputError(f"{kind} field `{key}` must be a string, number or null", path, line)


def _insert(conn: sqlite.Connection, record: dict[str, Any], rowids: dict[str, dict[Any, int]], line: int, path: Path) -> int:
    kind = record["type"]
    table = BY_NAME[kind].table
    row = {k: v for k, v in record.items() if k != "type" and k not in _LINK_KEYS.get(kind, ())}
    for column in JSON_COLUMNS & row.keys():
        row[column] = json.dumps(row[column], ensure_ascii=False, sort_keys=True)
    facts = rowids["fact"]
    if kind == "fact":
        row.pop("superseded_by", None)  # may name a later fact: linked once all are in
    elif kind == "conflict":
        row["rowid"] = _int(record.get("id"), "id", path, line)
        row["fact_a"], row["fact_b"] = (_fact(facts, row.get(k), path, line) for k in ("fact_a", "fact_b"))
    if not row:
        raise InputError(f"{kind} record has no fields", path, line)
    rowid = store.insert_row(conn, table, row)
    if kind == "fact":
        store.add_fact_sources(conn, rowid, [_str(m, "sources", path, line) for m in _list(record.get("sources"), "sources", path, line)])
    elif kind == "scene":
        members = []
        for member in _list(record.get("members"), "members", path, line):
            if not isinstance(member, dict):
                raise InputError("scene `members` must be objects {fact, centrality}", path, line)
            members.append(store.Member(_fact(facts, member.get("fact"), path, line), _int(member.get("centrality"), "centrality", path, line)))
        store.add_scene_members(conn, rowid, members)
    elif kind == "persona":
        store.add_evidence(conn, rowid, [_fact(facts, f, path, line) for f in _list(record.get("evidence"), "evidence", path, line)])
    return rowid


def _link_supersessions(conn: sqlite.Connection, records: list[Numbered], facts: dict[Any, int], path: Path) -> None:
    for line, record in records:
        if record["type"] == "fact" and record.get("superseded_by") is not None:
            newer = _fact(facts, record["superseded_by"], path, line)
            store.link_supersession(conn, facts[record["id"]], newer)


def _fact(facts: dict[Any, int], fact_id: Any, path: Path, line: int) -> int:
    if not isinstance(fact_id, str) or fact_id not in facts:
        raise InputError(f"names fact {fact_id!r}, which no fact record before it holds", path, line)
    return facts[fact_id]


def _list(value: Any, key: str, path: Path, line: int) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"`{key}` must be a list", path, line)
    return value


def _int(value: Any, key: str, path: Path, line: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"`{key}` must be an integer", path, line)
    return value


def _str(value: Any, key: str, path: Path, line: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"`{key}` must hold strings", path, line)
    return value
