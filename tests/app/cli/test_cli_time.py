"""`consolidate`, `conflicts`, `forget`, `pin`, `confirm`, `recall --include-archived` end to end."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import record, write_jsonl

IMPORTED = "2024-06-01T12:00:00Z"
YEAR_LATER = "2025-06-01T12:00:00Z"


@pytest.fixture
def store(cli: Run, tmp_path: Path) -> Path:
    chat = [
        record("m1", "I live in Porto.", "Ana", "c1", "2024-03-01T10:00:00"),
        record("m2", "I live in Faro.", "Ana", "c2", "2024-03-01T18:00:00"),
        record("m3", "The spare key is under the blue flowerpot.", "Ana", "c3", "2024-03-02T10:00:00"),
    ]
    path = write_jsonl(tmp_path / "chat.jsonl", chat)
    assert cli("--now", IMPORTED, "import", path).code == 0
    return path


def test_consolidate_json_and_dry_run(cli: Run, store: Path) -> None:
    dry = cli("--now", YEAR_LATER, "consolidate", "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert dry.json()["dry_run"] is True and dry.json()["archived"]["messages"] == 3 and dry.json()["backup"] is None
    real = cli("--now", YEAR_LATER, "consolidate", "--json").json()
    assert real["archived"]["messages"] == 3 and real["backup"].endswith(".sqlite3")
    assert cli("--now", YEAR_LATER, "consolidate", "--json").json()["changed"] == 0
    text = cli("--now", YEAR_LATER, "consolidate")
    assert text.code == 0 and "Consolidation in" in text.out


def test_archived_memories_come_back_with_include_archived(cli: Run, store: Path) -> None:
    query = ("--now", YEAR_LATER, "recall", "spare key flowerpot", "--json", "--no-reinforce")
    assert cli(*query).json() == []
    assert any("flowerpot" in item["text"] for item in cli(*query, "--include-archived").json())


def test_pinned_memories_do_not_fade(cli: Run, store: Path) -> None:
    assert cli("pin", "m3").code == 0
    items = cli("--now", YEAR_LATER, "recall", "spare key flowerpot", "--json", "--no-reinforce").json()
    assert [(i["id"], i["retention"]) for i in items] == [("m3", 1.0)]  # everything else faded
    assert cli("pin", "no-such-id").code == 2


def test_a_confirmed_memory_fades_more_slowly(cli: Run, store: Path) -> None:
    half_year = ("--now", "2024-09-01T12:00:00Z", "recall", "spare key flowerpot", "--json")
    (before, *_) = cli(*half_year).json()
    done = cli("--now", "2024-06-15T12:00:00Z", "confirm", before["id"])  # two weeks after the import
    assert done.code == 0 and "Confirmed 1" in done.out
    after = {i["id"]: i["retention"] for i in cli(*half_year).json()}
    assert after[before["id"]] > before["retention"]
    missing = cli("confirm", "no-such-id")
    assert missing.code == 2 and "confirm: no memory with id 'no-such-id'" in missing.err


def test_conflicts_list_and_resolve(cli: Run, store: Path) -> None:
    (conflict,) = cli("--now", IMPORTED, "conflicts", "--json").json()
    assert {conflict["a"]["text"], conflict["b"]["text"]} == {"Ana lives in Porto.", "Ana lives in Faro."}
    listing = cli("--now", IMPORTED, "conflicts")
    assert f"#{conflict['id']}" in listing.out and "A: " in listing.out
    done = cli("--now", IMPORTED, "conflicts", "resolve", str(conflict["id"]), "--keep", "both", "--json").json()
    assert done[0]["resolution"] == "both"
    assert cli("--now", IMPORTED, "conflicts", "--json").json() == []
    again = cli("--now", IMPORTED, "conflicts", "resolve", str(conflict["id"]), "--keep", "A")
    assert again.code == 2 and "resolved already" in again.err
    assert cli("--now", IMPORTED, "conflicts", "resolve", "999", "--keep", "A").code == 2


def test_forget_soft_then_hard(cli: Run, store: Path, data_dir: Path) -> None:
    soft = cli("--now", IMPORTED, "forget", "flowerpot", "--json")
    assert soft.code == 0 and {f["id"] for f in soft.json()["forgotten"]} >= {"m3"}
    assert cli("--now", IMPORTED, "recall", "spare key flowerpot", "--json", "--no-reinforce").json() == []
    hard = cli("--now", IMPORTED, "forget", "flowerpot", "--hard", "--messages")
    assert hard.code == 0 and "Deleted" in hard.out
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"flowerpot" not in path.read_bytes().lower(), path
    assert cli("forget").code == 2
    assert cli("forget", "--id", "nope").code == 2
