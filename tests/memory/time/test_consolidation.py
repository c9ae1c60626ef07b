"""Consolidation merges twins without losing a source, archives what faded, backs up, and is idempotent."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.consolidation import consolidate, last_run
from remembrancer.memory.store.backup import list_backups
from remembrancer.memory.store.database import transaction
from tests.helpers import record, write_jsonl

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Memory:
    mem = Memory(tmp_path / "data", "fake")
    chat = [
        record("m1", "I adopted a grey cat called Miso.", "Ana", "c1", "2024-02-01T10:00:00"),
        record("m2", "Ben is training for the Lisbon marathon.", "Ana", "c1", "2024-02-01T10:05:00"),
        record("m3", "I love hiking in the Alps.", "Ben", "c2", "2024-02-02T10:00:00"),
    ]
    mem.import_path(write_jsonl(tmp_path / "a.jsonl", chat), now=T0)
    yield mem
    mem.close()


def plant_twin(mem: Memory, of_message: str, twin_message: str) -> tuple[str, str]:
    """A second fact with the same vector as an existing one, written apart (as if dedupe had missed it)."""
    rowid, fact_id, text = mem.db.execute(
        "SELECT f.rowid, f.id, f.text FROM facts f JOIN fact_sources fs ON fs.fact_rowid = f.rowid WHERE fs.message_id = ? LIMIT 1", [of_message]
    ).fetchone()
    with transaction(mem.db) as conn:
        conn.execute(
            """INSERT INTO facts (id, text, norm, subject, attribute, value, predicate, polarity, entities, time_said, time_mentioned,
                                  valid_from, learned_at, confidence, extractor, stability_days, embedded, mentions)
               SELECT 'twin-' || id, text || ' Indeed.', norm || ' indeed', subject, attribute, value, predicate, polarity, entities, time_said,
                      time_mentioned, valid_from, learned_at, confidence, extractor, stability_days, 1, 1 FROM facts WHERE rowid = ?""",
            (rowid,),
        )
        twin = conn.execute("SELECT rowid FROM facts WHERE id = ?", ("twin-" + fact_id,)).fetchone()[0]
        conn.execute("INSERT INTO fact_sources (fact_rowid, message_id) VALUES (?, ?)", (twin, twin_message))
    vector = mem.indexes["fact"].vectors([fact_id])[fact_id]
    mem.indexes["fact"].add(["twin-" + fact_id], vector[None, :])
    return fact_id, "twin-" + fact_id


def all_cited_messages(mem: Memory) -> set[str]:
    return {m for (m,) in mem.db.execute("SELECT DISTINCT message_id FROM fact_sources")}


def test_twins_merge_and_keep_every_source(store: Memory) -> None:
    original, twin = plant_twin(store, "m1", "m3")
    cited = all_cited_messages(store)
    facts_before = store.db.execute("SELECT count(*) FROM facts").fetchone()[0]
    report = consolidate(store, T0 + timedelta(days=1))
    assert report.facts_merged == 1 and report.sources_moved == 1
    assert store.db.execute("SELECT count(*) FROM facts").fetchone()[0] == facts_before - 1
    survivor = store.db.execute("SELECT rowid, mentions FROM facts WHERE id IN (?, ?)", [original, twin]).fetchall()
    assert len(survivor) == 1 and survivor[0][1] == 2
    sources = {m for (m,) in store.db.execute("SELECT message_id FROM fact_sources WHERE fact_rowid = ?", [survivor[0][0]])}
    assert {"m1", "m3"} <= sources
    assert all_cited_messages(store) == cited  # no source id lost
    assert store.indexes["fact"].count() == store.db.execute("SELECT count(*) FROM facts WHERE embedded = 1").fetchone()[0]


def test_a_second_run_changes_nothing(store: Memory) -> None:
    plant_twin(store, "m1", "m3")
    first = consolidate(store, T0 + timedelta(days=1))
    assert first.changed == 1
    snapshot = store.db.execute("SELECT id, text, archived, mentions, stability_days FROM facts ORDER BY id").fetchall()
    scenes = store.db.execute("SELECT id, summary FROM scenes ORDER BY id").fetchall()
    second = consolidate(store, T0 + timedelta(days=1, minutes=5))
    assert second.changed == 0 and second.scenes_rebuilt_for == 0 and second.persona_rebuilt_for == 0
    assert store.db.execute("SELECT id, text, archived, mentions, stability_days FROM facts ORDER BY id").fetchall() == snapshot
    assert store.db.execute("SELECT id, summary FROM scenes ORDER BY id").fetchall() == scenes


def test_dry_run_reports_and_changes_nothing(store: Memory) -> None:
    plant_twin(store, "m1", "m3")
    before = store.db.execute("SELECT id, archived FROM facts ORDER BY id").fetchall()
    report = consolidate(store, T0 + timedelta(days=900), dry_run=True)
    assert report.facts_merged == 1 and report.archived["facts"] > 0 and report.backup is None
    assert store.db.execute("SELECT id, archived FROM facts ORDER BY id").fetchall() == before
    assert last_run(store.db) is None  # a dry run is not a run


def test_every_run_is_recorded_and_backups_rotate(store: Memory) -> None:
    for day in range(4):
        consolidate(store, T0 + timedelta(days=day), backups_kept=2)
    backups = list_backups(store.data_dir / "backups")
    assert [b.name for b in backups] == ["memory-20240303T120000.sqlite3", "memory-20240304T120000.sqlite3"]
    assert store.db.execute("SELECT count(*) FROM consolidation_runs").fetchone()[0] == 4
    assert last_run(store.db) == "2024-03-04T12:00:00+00:00"
    from remembrancer.memory.store.driver import sqlite

    with sqlite.connect(backups[-1]) as copy:  # a backup is a whole, readable store
        assert copy.execute("SELECT count(*) FROM messages").fetchone()[0] == 3


def test_a_look_alike_with_another_value_is_not_merged(store: Memory) -> None:
    """Same wording and vector but another value: news, not a twin; both survive consolidation."""
    original, twin = plant_twin(store, "m1", "m3")
    with transaction(store.db) as conn:
        conn.execute("UPDATE facts SET attribute = 'pet', value = 'a grey cat' WHERE id = ?", (original,))
        conn.execute("UPDATE facts SET attribute = 'pet', value = 'a black cat' WHERE id = ?", (twin,))
    report = consolidate(store, T0 + timedelta(days=1))
    assert report.facts_merged == 0
    assert store.db.execute("SELECT count(*) FROM facts WHERE id IN (?, ?)", [original, twin]).fetchone()[0] == 2
