"""`stats` counts read indexes only, and say what reading the tables would."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory.store.database import open_database, transaction
from remembrancer.memory.store.level_counts import level_counts
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.store.messages import insert_messages
from remembrancer.memory.types import ParsedMessage

AT = "2029-06-01T09:00:00+00:00"


def _by_scanning(db) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:  # noqa: ANN001
    """The counts the way they read before migration 20: every row of every table."""
    scan = "NOT INDEXED"
    levels = {lvl: db.execute(f"SELECT count(*) FROM {t} {scan}" + ("" if lvl == "message" else " WHERE archived = 0")).fetchone()[0]
              for lvl, t in TABLES.items()}
    archived = {lvl: db.execute(f"SELECT count(*) FROM {t} {scan} WHERE archived != 0").fetchone()[0] for lvl, t in TABLES.items()}
    kinds = {k: db.execute(f"SELECT count(*) FROM messages {scan} WHERE kind = ?", [k]).fetchone()[0] for k in ("message", "note")}
    return levels, archived, kinds


def test_counts_match_a_full_scan_and_read_no_table(tmp_path: Path) -> None:
    db = open_database(tmp_path / "memory.sqlite3")
    said = [ParsedMessage(f"m{i}", f"allotment-{i % 3}", f"2029-05-{i + 1:02d}T08:00:00+00:00", "Marguerite", f"The beans are up, week {i}.")
            for i in range(9)]
    with transaction(db) as conn:
        insert_messages(conn, said, "allotment.jsonl", AT)
        conn.execute("UPDATE messages SET kind = 'note' WHERE id IN ('m1', 'm2')")
        conn.execute("UPDATE messages SET archived = 1 WHERE id IN ('m3', 'm4', 'm5')")
        conn.execute("INSERT INTO facts (id, text, norm, subject, time_said, learned_at, confidence, extractor, archived)"
                     " VALUES ('f1', 'Marguerite grows beans.', 'a', 'Marguerite', ?, ?, 0.9, 'rules', 0),"
                     " ('f2', 'Marguerite grew peas.', 'b', 'Marguerite', ?, ?, 0.9, 'rules', 1)", (AT, AT, AT, AT))
    counts = level_counts(db)
    levels, archived, kinds = _by_scanning(db)
    assert (counts.levels, counts.archived, counts.kinds, counts.conversations) == (levels, archived, kinds, 3)
    assert counts.levels["fact"] == 1 and counts.archived == {"message": 3, "fact": 1, "scene": 0, "persona": 0}
    assert counts.kinds == {"message": 7, "note": 2}

    for table in TABLES.values():  # the rare rows come from their partial indexes, not a scan of the table
        plan = " ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM {table} WHERE archived != 0"))
        assert f"{table}_archived" in plan, plan
    plan = " ".join(str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM messages WHERE kind = 'note'"))
    assert "messages_notes" in plan, plan
    db.conn.close()
