from __future__ import annotations

import json
import re
import math
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import CHAT, store_connection, write_chat

CONTRACT_KEYS = {"id", "level", "text", "score", "sources", "retention", "valid_from", "valid_to"}


@pytest.fixture
def imported(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Commands after the import run at its clock too: months later, unreviewed memories would have faded.
    monkeypatch.setenv("REMEMBRANCER_NOW", "2024-06-01T12:00:00Z")
    path = write_chat(tmp_path / "chats.jsonl")
    result = cli("--now", "2024-06-01T12:00:00Z", "import", path)
    assert result.code == 0, result.err
    return path


def test_import_prints_a_summary(cli: Run, tmp_path: Path) -> None:
    result = cli("import", write_chat(tmp_path / "chats.jsonl"))
    assert result.code == 0
    match = re.match(rf"Imported 1 file\(s\): {len(CHAT)} messages added, 0 skipped \(already stored\); (\d+) facts, (\d+) scenes created", result.out)
    assert match, result.out
    levels = cli("stats", "--json").json()["levels"]
    assert (int(match[1]), int(match[2])) == (levels["fact"], levels["scene"]) and levels["fact"] > 0


def test_import_json_summary_and_reimport_adds_nothing(cli: Run, imported: Path) -> None:
    again = cli("import", imported, "--json")
    assert again.code == 0
    summary = again.json()
    assert (summary["files"], summary["messages_added"], summary["messages_skipped"]) == (1, 0, len(CHAT))
    assert {"facts_created", "scenes_created", "per_file", "seconds"} <= set(summary)
    assert cli("stats", "--json").json()["levels"]["message"] == len(CHAT)


def test_recall_json_follows_the_contract(cli: Run, imported: Path) -> None:
    result = cli("recall", "Who booked the mountain hut?", "--json", "--k", "3")
    assert result.code == 0, result.err
    items = json.loads(result.out)
    assert isinstance(items, list) and len(items) == 3
    message_ids = {r["id"] for r in CHAT}
    for item in items:
        assert CONTRACT_KEYS <= set(item)
        assert item["level"] in ("message", "fact", "scene", "persona")
        if item["level"] == "message":
            assert item["sources"] == [item["id"]]
            assert item["valid_from"] is None and item["valid_to"] is None
        else:  # an upper-level item cites the exact messages it rests on
            assert item["sources"] and set(item["sources"]) <= message_ids
        assert isinstance(item["score"], float) and isinstance(item["text"], str)
        assert 0.0 <= item["retention"] <= 1.0
    assert items[0]["sources"] == ["trip-3"]
    assert "mountain hut near Cortina" in items[0]["text"]
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert result.out.count("\n") == 1  # one JSON array on one line


def test_retention_is_measured_at_now(cli: Run, imported: Path, data_dir: Path) -> None:
    # imported at 2024-06-01T12:00Z; recalled 30 days later, at the item's initial stability
    result = cli("--now", "2024-07-01T12:00:00Z", "recall", "violin", "--json", "--k", "1", "--no-reinforce")
    (item,) = result.json()
    table = {"message": "messages", "fact": "facts", "scene": "scenes", "persona": "persona"}[item["level"]]
    with store_connection(data_dir) as conn:
        (stability,) = conn.execute(f"SELECT stability_days FROM {table} WHERE id = ?", [item["id"]]).fetchone()
    assert item["retention"] == pytest.approx(math.exp(-30 / stability), abs=1e-6)
    # recall is a read, with or without --no-reinforce (kept for older scripts): the same retention again and again
    for _ in range(2):
        (again,) = cli("--now", "2024-07-01T12:00:00Z", "recall", "violin", "--json", "--k", "1").json()
        assert again["retention"] == pytest.approx(math.exp(-30 / stability), abs=1e-6)


def test_queries_file_prints_one_array_per_line_in_order(cli: Run, imported: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("mountain hut Cortina\nviolin sheet music shredded\nDolomites hike\n", encoding="utf-8")
    result = cli("recall", "--queries-file", queries, "--json", "--k", "2", "--no-reinforce")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 3
    arrays = [json.loads(line) for line in lines]
    assert [a[0]["conversation"] for a in arrays] == ["trip", "pets", "trip"]
    assert (arrays[0][0]["sources"], arrays[2][0]["sources"]) == (["trip-3"], ["trip-2"])
    assert all(len(a) == 2 and CONTRACT_KEYS <= set(a[0]) for a in arrays)
    # each line is exactly what the single-query form prints
    for query, line in zip(queries.read_text(encoding="utf-8").splitlines(), lines):
        single = cli("recall", query, "--json", "--k", "2", "--no-reinforce")
        assert single.out.splitlines() == [line]


def test_human_readable_recall(cli: Run, imported: Path) -> None:
    result = cli("recall", "mountain hut", "--k", "1")
    assert result.code == 0
    assert re.search(r"\[(message|fact)\] Odile", result.out)
    assert "I booked a mountain hut near Cortina for July." in result.out  # the message itself, or as the fact's source
    assert "sources: trip-3" in result.out
    assert cli("recall", "anything").out  # prints something even for a vague query


def test_recall_on_an_empty_store(cli: Run) -> None:
    assert cli("recall", "hello", "--json").json() == []
    assert cli("recall", "hello").out.strip() == "Nothing recalled."


def test_recall_uses_the_configured_default_k(cli: Run, imported: Path, data_dir: Path) -> None:
    (data_dir / "settings.json").write_text('{"default_k": 2}', encoding="utf-8")
    assert len(cli("recall", "violin", "--json").json()) == 2
