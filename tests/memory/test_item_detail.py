"""The memory browser's item view: sources, retention and its curve, history, pin, edit."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from remembrancer.memory.item_detail import edit_fact, item_detail, set_pinned

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def memory(tmp_path: Path):  # type: ignore[no-untyped-def]
    rows = [
        {"conversation": "c", "id": "m-1", "time": "2024-01-01T10:00:00", "speaker": "Ana", "text": "I live in Porto."},
        {"conversation": "c", "id": "m-2", "time": "2024-06-01T10:00:00", "speaker": "Ana", "text": "I moved to Lisbon last week."},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(path, now=NOW)
        yield mem


def _fact_citing(memory: Memory, message_id: str) -> str:
    return memory.db.execute(
        "SELECT f.id FROM facts f JOIN fact_sources s ON s.fact_rowid = f.rowid WHERE s.message_id = ? ORDER BY f.rowid", [message_id]
    ).fetchone()[0]


def test_detail_of_a_fact_names_its_source_messages_and_retention(memory: Memory) -> None:
    fact = _fact_citing(memory, "m-1")
    detail = item_detail(memory.db, fact, NOW + timedelta(days=10))
    assert detail.level == "fact" and detail.sources == ["m-1"]
    assert [m.text for m in detail.source_messages] == ["I live in Porto."]
    assert 0.0 < detail.retention < 1.0 and detail.state == "live"
    assert detail.curve.retention_now == pytest.approx(detail.retention)
    assert detail.curve.past[-1][0] == pytest.approx(0.0) and detail.curve.projected[0][0] == 0.0


def test_history_links_the_superseded_home(memory: Memory) -> None:
    newer = _fact_citing(memory, "m-2")
    older = _fact_citing(memory, "m-1")
    if memory.db.execute("SELECT superseded_by FROM facts WHERE id = ?", [older]).fetchone()[0] is None:
        pytest.skip("the extractor did not read both homes")
    detail = item_detail(memory.db, newer, NOW)
    assert [(v.id, v.relation) for v in detail.history] == [(older, "older")]
    assert [(v.id, v.relation) for v in item_detail(memory.db, older, NOW).history] == [(newer, "newer")]


def test_message_and_persona_details(memory: Memory) -> None:
    message = item_detail(memory.db, "m-1", NOW)
    assert message.level == "message" and message.sources == ["m-1"] and message.title == "c"
    persona = memory.db.execute("SELECT id FROM persona LIMIT 1").fetchone()
    if persona:
        detail = item_detail(memory.db, persona[0], NOW)
        assert detail.level == "persona" and detail.sources


def test_pin_keeps_retention_at_one(memory: Memory) -> None:
    fact = _fact_citing(memory, "m-1")
    set_pinned(memory.db, fact, True)
    later = item_detail(memory.db, fact, NOW + timedelta(days=900))
    assert later.pinned and later.retention == 1.0 and later.curve.fades_at is None
    set_pinned(memory.db, fact, False)
    assert item_detail(memory.db, fact, NOW + timedelta(days=900)).retention < 0.02


def test_edit_fact_changes_text_search_and_keeps_sources(memory: Memory) -> None:
    fact = _fact_citing(memory, "m-1")
    edit_fact(memory, fact, "Ana lived in  Porto until 2024")
    detail = item_detail(memory.db, fact, NOW)
    assert detail.text == "Ana lived in Porto until 2024" and detail.sources == ["m-1"]
    hits = memory.db.execute("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'until'").fetchall()
    assert hits
    assert memory.db.execute("SELECT embedded FROM facts WHERE id = ?", [fact]).fetchone()[0] == 1


def test_unknown_ids_and_bad_edits_are_input_errors(memory: Memory) -> None:
    with pytest.raises(InputError, match="no memory"):
        item_detail(memory.db, "nope", NOW)
    with pytest.raises(InputError, match="only facts"):
        edit_fact(memory, "m-1", "x")
    with pytest.raises(InputError, match="empty"):
        edit_fact(memory, _fact_citing(memory, "m-1"), "   ")
