"""Full-text (FTS5) queries of recall: BM25 rankings, match counts, and the version its count caches key on.

The MATCH expressions are built by the callers (`memory.recall.term_budget`,
`memory.recall.engine`); these functions only run them.
"""
from __future__ import annotations

import sqlite_utils

from remembrancer.memory.store.search import RowFilter


def data_version(db: sqlite_utils.Database) -> int:
    """SQLite's `data_version`: changes when another connection commits."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def table_version(db: sqlite_utils.Database, table: str) -> tuple[int, int]:
    """(data_version, largest rowid of `table`): changes when another connection writes or rows are added (not on reviews)."""
    return data_version(db), db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0


def match_count(db: sqlite_utils.Database, fts_table: str, match: str, cap: int | None = None) -> int:
    """How many rows of `fts_table` match; with a `cap`, counting stops there (`min(count, cap)`).

    A capped count reads only the first `cap` entries of the word's doclist:
    at a million messages 0.2 ms for a cap of 2,001 where counting a word
    said 63k times took 3.6 ms.
    """
    if cap is None:
        return db.execute(f"SELECT count(*) FROM {fts_table} WHERE {fts_table} MATCH ?", [match]).fetchone()[0]
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {fts_table} WHERE {fts_table} MATCH ? LIMIT ?)"
    return db.execute(sql, [match, cap]).fetchone()[0]


def turn_bm25(db: sqlite_utils.Database, match: str, speaker_weight: float) -> dict[int, float]:
    """Message rowid -> BM25 (lower is better) of every turn that matches, the speaker column weighed `speaker_weight`."""
    sql = "SELECT rowid, bm25(messages_fts, ?, 1.0) FROM messages_fts WHERE messages_fts MATCH ?"
    return dict(db.execute(sql, [speaker_weight, match]))


def best_turns(db: sqlite_utils.Database, match: str, speaker_weight: float, limit: int) -> list[int]:
    """Message rowids of the `limit` best BM25 matches."""
    sql = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY bm25(messages_fts, ?, 1.0) LIMIT ?"
    return [row[0] for row in db.execute(sql, [match, speaker_weight, limit])]


def best_windows(db: sqlite_utils.Database, match: str, limit: int) -> list[int]:
    """Message rowids of the `limit` best BM25 matches among the 5-turn windows."""
    sql = "SELECT rowid FROM windows_fts WHERE windows_fts MATCH ? ORDER BY bm25(windows_fts) LIMIT ?"
    return [row[0] for row in db.execute(sql, [match, limit])]


def best_level_matches(db: sqlite_utils.Database, table: str, match: str, limit: int) -> list[int]:
    """Rowids of the `limit` best BM25 matches of `table` (through `<table>_fts`)."""
    sql = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY bm25({table}_fts) LIMIT ?"
    return [r for (r,) in db.execute(sql, [match, limit])]


def best_level_matches_passing(
    db: sqlite_utils.Database, table: str, match: str, where: RowFilter, limit: int, among_best: int | None = None
) -> list[int]:
    """Rowids of the `limit` best BM25 matches of `table` that pass `where`, filtered among the `among_best` best matches only (None: all)."""
    cap = " ORDER BY score LIMIT ?" if among_best is not None else ""
    sql = (
        f"SELECT f.rowid, f.score FROM (SELECT rowid, bm25({table}_fts) AS score FROM {table}_fts WHERE {table}_fts MATCH ?{cap}) f"
        f" JOIN {table} b ON b.rowid = f.rowid WHERE 1 {where.sql} ORDER BY f.score, f.rowid LIMIT ?"
    )
    params = [match, among_best, *where.params, limit] if among_best is not None else [match, *where.params, limit]
    return [r for r, _ in db.execute(sql, params).fetchall()]


def matches_more_than(db: sqlite_utils.Database, table: str, match: str, count: int) -> bool:
    """Whether more than `count` rows of `table` (through `<table>_fts`) match."""
    return bool(db.execute(f"SELECT count(*) > ? FROM {table}_fts WHERE {table}_fts MATCH ?", [count, match]).fetchone()[0])
