"""`recall`, `ask` and the listings through the CLI show secrets masked; the stored text keeps them."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.item_detail import item_detail
from remembrancer.memory.timeutil import parse_time
from tests.app.cli.conftest import Run
from tests.helpers import open_app_store
from tests.planted_secrets import (
    AMOUNT, CARD, IBAN, IBAN_MASK, MAIDEN, NOW, ORDER, PASSWORD, PHONE, PIN, QUERIES, YEAR, leaked, write_planted,
)


@pytest.fixture
def planted(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("REMEMBRANCER_NOW", NOW)  # every command at the import's clock: nothing has faded
    result = cli("import", write_planted(tmp_path / "planted.jsonl"))
    assert result.code == 0, result.err
    return cli


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_recall_never_prints_a_secret(planted: Run, as_json: bool) -> None:
    out = ""
    for query in QUERIES:
        result = planted("recall", query, "--k", "10", *(["--json"] if as_json else []))
        assert result.code == 0, result.err
        out += result.out
    assert leaked(out) == [] and IBAN_MASK in out and "PIN is ••••" in out


def test_recall_json_keeps_the_contract(planted: Run) -> None:
    items = planted("recall", "Orla's IBAN and card", "--json").json()
    assert items and all({"id", "level", "text", "score", "sources", "retention", "context"} <= set(i) for i in items)
    cited = [i for i in items if i["sources"] == ["o-3"]]  # the message, or the fact drawn from it alone
    assert cited and all(IBAN_MASK in i["text"] for i in cited)  # masked text; ids and sources as they are


def test_batch_recall_is_masked(planted: Run, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("\n".join(QUERIES) + "\n", encoding="utf-8")
    result = planted("recall", "--queries-file", queries, "--json")
    assert result.code == 0 and len(result.out.splitlines()) == len(QUERIES) and leaked(result.out) == []


def test_ask_degraded_lists_masked_memories(planted: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "no-such-model")
    data = planted("ask", "Where does Orla live?", "--json").json()
    assert data["citations"] and "no-such-model" in data["note"]  # no model: what the memories say, cited
    text = planted("ask", "What are Orla's bank details?").out
    assert leaked(str(data) + text) == []


def test_ask_with_a_model_and_quick_is_masked(planted: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    out = "".join(planted("ask", query, *flags).out for query in QUERIES for flags in ((), ("--stream",), ("--json",), ("--quick",)))
    assert leaked(out) == []


def test_listings_are_masked(planted: Run) -> None:
    out = "".join(planted(command, *flags).out for command in ("facts", "scenes", "persona") for flags in ((), ("--json",)))
    out += planted("conflicts", "--all").out
    assert leaked(out) == []


def test_the_store_keeps_what_was_said(planted: Run, data_dir: Path) -> None:
    """Opening the memory (the browser's item detail) shows the real text: masking is only what is shown."""
    with open_app_store(data_dir) as memory:
        now = parse_time(NOW)
        assert IBAN in item_detail(memory.db, "o-3", now).text and CARD in item_detail(memory.db, "o-3", now).text
        assert PASSWORD in item_detail(memory.db, "o-4", now).text and PIN in item_detail(memory.db, "o-4", now).text
        assert MAIDEN in item_detail(memory.db, "o-5", now).text


def test_exports_stay_exact(planted: Run, tmp_path: Path) -> None:
    """The JSON Lines export is a restorable backup: it must hold the real text."""
    assert planted("export", tmp_path / "backup.jsonl").code == 0
    backup = (tmp_path / "backup.jsonl").read_text(encoding="utf-8")
    assert IBAN in backup and PASSWORD in backup and MAIDEN in backup


def test_ordinary_details_are_printed(planted: Run) -> None:
    out = planted("recall", "call my sister", "--k", "10").out + planted("recall", "the deposit and the order", "--k", "10").out
    assert all(detail in out for detail in (PHONE, YEAR, AMOUNT, ORDER))
