"""End to end with the real all-MiniLM-L6-v2 model (the one slow test)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import CHAT, write_chat

CONTRACT_KEYS = {"id", "level", "text", "score", "sources", "retention", "valid_from", "valid_to"}


@pytest.mark.slow
def test_import_and_recall_with_the_real_model(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REMEMBRANCER_EMBEDDER")  # the shipped default: MiniLM from its PyPI package, offline
    chats = write_chat(tmp_path / "chats.jsonl")
    imported = cli("--now", "2024-06-01T12:00:00Z", "import", chats, "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["messages_added"] == len(CHAT)

    # no word of this query occurs in the chat: only the embedding can connect
    # "sleep during the holiday" with "booked a mountain hut ... for July"
    queries = tmp_path / "queries.txt"
    queries.write_text("Where will they sleep during the holiday in Italy?\nWhich musical instrument got damaged by the pet?\n", encoding="utf-8")
    result = cli("--now", "2024-06-02T12:00:00Z", "recall", "--queries-file", queries, "--json", "--k", "3")
    assert result.code == 0, result.err
    holiday, pet = (json.loads(line) for line in result.out.splitlines())
    for items in (holiday, pet):
        assert len(items) == 3
        for item in items:
            assert CONTRACT_KEYS <= set(item)
            assert item["level"] in ("message", "fact", "scene", "persona")
            if item["level"] == "message":
                assert item["sources"] == [item["id"]] and item["valid_from"] is None and item["valid_to"] is None
            else:
                assert item["sources"] and set(item["sources"]) <= {r["id"] for r in CHAT}
            assert 0.0 < item["retention"] <= 1.0
        assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert "trip-3" in {s for i in holiday for s in i["sources"]}
    assert pet[0]["conversation"] == "pets"

    stats = cli("stats", "--json").json()
    assert stats["models"] == {"embedding": "all-MiniLM-L6-v2", "embedding_in_store": "all-MiniLM-L6-v2", "extractor": "rules"}
    assert stats["vectors"] == len(CHAT)  # message vectors; facts and scenes have their own tables
    assert stats["levels"]["fact"] > 0
