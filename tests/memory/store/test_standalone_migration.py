"""Migration 9 (#18): old stores gain `facts.standalone`, computed by the gate, with nothing lost."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory.browse import list_facts
from remembrancer.memory.store.database import DB_FILENAME, open_database
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.migrations import MIGRATIONS, migrate

OLD = [
    ("f-1", "Odile moved to Ghent in March 2021."),
    ("f-2", "Odile is gonna give it a go."),
    ("f-3", "Bram went there with Odile's cousin."),
    ("f-4", "Bram bought a used canoe and loves it."),
]


def _old_store(path: Path) -> None:
    conn = sqlite.connect(path, isolation_level=None)
    assert migrate(conn, [m for m in MIGRATIONS if m[0] <= 8]) == list(range(1, 9))
    conn.execute("BEGIN")
    for fid, text in OLD:
        conn.execute(
            "INSERT INTO facts (id, text, norm, subject, time_said, learned_at, confidence, extractor)"
            " VALUES (?, ?, ?, ?, '2024-01-01T10:00:00+00:00', '2024-01-02T00:00:00+00:00', 0.6, 'rules')",
            (fid, text, text.lower(), text.split()[0]),
        )
    conn.execute("COMMIT")
    conn.close()


def test_old_facts_are_kept_and_marked_by_the_gate(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    _old_store(path)
    db = open_database(path)
    marks = dict(db.execute("SELECT id, standalone FROM facts").fetchall())
    assert marks == {"f-1": 1, "f-2": 0, "f-3": 0, "f-4": 1}  # nothing deleted, dangling ones hidden
    assert [f.id for f in list_facts(db, standalone_only=True)] == ["f-1", "f-4"]
    assert {f.id: f.standalone for f in list_facts(db)} == {"f-1": True, "f-2": False, "f-3": False, "f-4": True}
