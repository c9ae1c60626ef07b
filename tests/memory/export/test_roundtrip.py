"""Export, then import into an empty data dir: the same store, table by table."""
from __future__ import annotations

import json
from remembrancer.memory.store.driver import sqlite
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.check import check_store
from remembrancer.memory.errors import InputError
from remembrancer.memory.export import export_jsonl, export_markdown
from tests.memory.export.conftest import CHAT, LATER

EXPORTED = datetime(2024, 8, 1, tzinfo=timezone.utc)
# Tables a store builds for itself and an export does not carry: the schema's
# own bookkeeping, the embedding model's name (the restoring store writes its
# own), and the full-text indexes, rebuilt by triggers from the rows restored.
NOT_CARRIED = {"meta", "_migrations", "sqlite_sequence"}
# Columns holding another table's rowid, compared as that row's id.
REFERENCES = {
    ("facts", "superseded_by"): "facts",
    ("fact_sources", "fact_rowid"): "facts",
    ("scene_facts", "scene_rowid"): "scenes",
    ("scene_facts", "fact_rowid"): "facts",
    ("persona_evidence", "persona_rowid"): "persona",
    ("persona_evidence", "fact_rowid"): "facts",
    ("conflicts", "fact_a"): "facts",
    ("conflicts", "fact_b"): "facts",
}


def snapshot(conn: sqlite.Connection) -> dict[str, list[tuple]]:
    """Every user table's rows, rowids replaced by ids, `embedded` (this store's vectors) left out.

    Tables are found from the schema, so a table added later is compared
    (and fails here until the export carries it or it is listed above).
    """
    tables = [
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        if name not in NOT_CARRIED and not any(name.startswith(f"{v}_") for v in ("messages_fts", "facts_fts", "scenes_fts", "windows_fts"))
    ]
    ids = {t: dict(conn.execute(f"SELECT rowid, id FROM {t}")) for t in ("facts", "scenes", "persona")}
    out = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("rowid", "embedded")]
        rows = []
        for values in conn.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            row = tuple(ids[REFERENCES[(table, c)]].get(v, v) if (table, c) in REFERENCES else v for c, v in zip(columns, values))
            rows.append(row)
        if table == "conflicts":  # a conflict's number is its id (`conflicts resolve 3`)
            rows = [(rowid, *r) for rowid, r in zip((x for (x,) in conn.execute("SELECT rowid FROM conflicts")), rows)]
        out[table] = sorted(rows, key=repr)
    return out


def test_export_then_import_restores_an_equal_store(rich: Memory, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    counts = export_jsonl(rich.db, export, EXPORTED)
    assert counts["message"] == len(CHAT) and counts["fact"] and counts["scene"] and counts["persona"] and counts["conflict"] >= 2
    with Memory(tmp_path / "restored", "fake") as restored:
        summary = restored.import_path(export, now=EXPORTED)
        assert summary.messages_added == len(CHAT)
        before, after = snapshot(rich.db.conn), snapshot(restored.db.conn)
        assert set(before) == set(after)
        for table in before:
            assert after[table] == before[table], table
        assert restored.vectors.count() == len(CHAT)  # vectors rebuilt from text
        query = "Where does Ana live?"
        assert [i.id for i in restored.recall(query, k=8, now=LATER)] == [
            i.id for i in rich.recall(query, k=8, now=LATER)
        ]
    assert check_store(tmp_path / "restored").ok


def test_every_record_is_typed_and_the_manifest_comes_first(rich: Memory, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export_jsonl(rich.db, export, EXPORTED)
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "manifest" and lines[0]["version"] == 1 and lines[0]["exported_at"] == "2024-08-01T00:00:00+00:00"
    assert {r["type"] for r in lines[1:]} == {"message", "fact", "scene", "persona", "conflict", "import", "consolidation_run"}
    m1 = next(r for r in lines if r["type"] == "message" and r["id"] == "m1")
    assert m1["metadata"] == {"mood": {"tags": ["calm"]}} and "embedded" not in m1
    message_ids = {r["id"] for r in lines if r["type"] == "message"}
    assert all(r["sources"] and set(r["sources"]) <= message_ids for r in lines if r["type"] == "fact")


def test_a_bad_line_restores_nothing_and_names_the_line(rich: Memory, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export_jsonl(rich.db, export, EXPORTED)
    lines = export.read_text(encoding="utf-8").splitlines()
    fact_line = next(i for i, line in enumerate(lines) if '"type": "fact"' in line)
    broken = json.loads(lines[fact_line])
    broken["sources"] = ["no-such-message"]
    lines[fact_line] = json.dumps(broken)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Memory(tmp_path / "restored", "fake") as restored:
        with pytest.raises(InputError) as err:
            restored.import_path(export)
        assert err.value.line == fact_line + 1 and err.value.path == str(export)
        assert restored.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_an_export_is_not_restored_over_an_existing_store(rich: Memory, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export_jsonl(rich.db, export, EXPORTED)
    before = snapshot(rich.db.conn)
    with pytest.raises(InputError, match="empty data dir"):
        rich.import_path(export)
    assert snapshot(rich.db.conn) == before


def test_markdown_export_is_readable_pages(rich: Memory, tmp_path: Path) -> None:
    counts = export_markdown(rich.db, tmp_path / "md", EXPORTED)
    pages = {p.name for p in (tmp_path / "md" / "conversations").iterdir()}
    assert counts["conversations"] == len(pages) == len({r["conversation"] for r in CHAT})
    home = (tmp_path / "md" / "conversations" / "home.md").read_text(encoding="utf-8")
    assert "I live in Berlin" in home and "`m1`" in home
    facts = (tmp_path / "md" / "facts.md").read_text(encoding="utf-8")
    assert "`m1`" in facts and "superseded" in facts
    assert "## Ana" in (tmp_path / "md" / "persona.md").read_text(encoding="utf-8")
