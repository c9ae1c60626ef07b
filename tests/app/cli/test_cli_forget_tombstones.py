"""Issue 17: a hard forget removes everything derived from what it forgot, and a re-import does not bring it back.

Plaintext store (`encrypt_store: false`) so that every file of the data dir
can be searched for the town and the message text, backups included.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import record, write_jsonl

NOW = "2024-06-01T12:00:00Z"
TOWN = "Quillmoor"
SAID = f"I live in {TOWN}."
CHAT = [
    record("n-1", "Morning! Did the parcel from the bakery arrive?", "Ilsabet", "neighbours", "2024-05-02T09:00:00"),
    record("n-2", "Yes, it came yesterday, thank you.", "Orrin", "neighbours", "2024-05-02T09:01:00"),
    record("n-3", SAID, "Ilsabet", "neighbours", "2024-05-02T09:02:00"),
    record("n-4", "I love gardening on the weekends.", "Orrin", "neighbours", "2024-05-02T09:03:00"),
    record("n-5", "My cat is called Pebble.", "Ilsabet", "neighbours", "2024-05-02T09:04:00"),
]


@pytest.fixture
def chat(cli: Run, data_dir: Path, tmp_path: Path) -> Path:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"encrypt_store": False}), encoding="utf-8")
    path = write_jsonl(tmp_path / "neighbours.jsonl", CHAT)
    assert cli("--now", NOW, "import", path).code == 0
    assert cli("--now", NOW, "consolidate").code == 0  # a backup holding the town exists too
    return path


def files_holding(root: Path, *needles: str) -> list[str]:
    """Files under `root` holding any needle in any case, as UTF-8 or UTF-16."""
    forms = [n.lower().encode(enc) for n in needles for enc in ("utf-8", "utf-16-le")]
    return [str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.is_file() and any(f in p.read_bytes().lower() for f in forms)]


def mentions_town(cli: Run, *args: str) -> bool:
    result = cli("--now", NOW, *args)
    assert result.code == 0, result.err
    return TOWN.lower() in result.out.lower()


def derived_mentions(cli: Run) -> dict[str, bool]:
    """Every surface that shows memories: recall (live and archived), persona, scenes, facts."""
    query = f"Where does Ilsabet live? {TOWN}"
    return {
        "recall": mentions_town(cli, "recall", query, "--json", "--no-reinforce"),
        "recall archived": mentions_town(cli, "recall", query, "--json", "--no-reinforce", "--include-archived"),
        "persona": mentions_town(cli, "persona", "Ilsabet", "--json"),
        "scenes": mentions_town(cli, "scenes", "--json"),
        "facts": mentions_town(cli, "facts", "--json", "--include-archived"),
    }


def home_fact(cli: Run) -> str:
    facts = cli("facts", "--about", "Ilsabet", "--json").json()
    (fact,) = [f for f in facts if TOWN in f["text"]]
    assert fact["sources"] == ["n-3"]
    return fact["id"]


def test_hard_forget_of_a_fact_with_its_messages_leaves_nothing_and_stays_forgotten(cli: Run, chat: Path, data_dir: Path) -> None:
    fact = home_fact(cli)
    persona = cli("persona", "Ilsabet", "--json").json()
    assert any(TOWN in p["text"] for p in persona)  # the attribute the bug left behind
    assert files_holding(data_dir, TOWN)  # the search can see it: store, backup
    assert all(derived_mentions(cli).values())  # and every surface shows it before

    forgot = cli("--now", NOW, "forget", "--id", fact, "--hard", "--messages", "--json")
    assert forgot.code == 0, forgot.err
    report = forgot.json()
    assert report["deleted"]["message"] == 1 and report["deleted"]["persona"] >= 1 and report["tombstone"].startswith("t-")

    # (a) no file of the data dir keeps the town or the message, backups included
    assert files_holding(data_dir, TOWN, SAID) == []
    # (b) nothing shown anywhere mentions it, and the store is sound
    assert not any(derived_mentions(cli).values()), derived_mentions(cli)
    assert all(p["sources"] for p in cli("persona", "--json").json())  # no attribute left resting on nothing
    assert cli("check").code == 0

    # (c) importing the same file again brings nothing back, and says so
    again = cli("--now", NOW, "import", chat, "--json").json()
    assert (again["messages_added"], again["messages_skipped"], again["messages_forgotten"]) == (0, len(CHAT) - 1, 1)
    text = cli("--now", NOW, "import", chat)
    assert text.code == 0 and "1 forgotten, skipped" in text.out
    assert not any(derived_mentions(cli).values())
    assert files_holding(data_dir, TOWN, SAID) == []

    # (d) lifting the tombstone on purpose: the next import brings the message back
    (tombstone,) = cli("forget", "--list-tombstones", "--json").json()
    assert tombstone == {"id": report["tombstone"], "forgotten_at": NOW.replace("Z", "+00:00"), "messages": 1}
    listing = cli("forget", "--list-tombstones")
    assert report["tombstone"] in listing.out and TOWN not in listing.out
    assert cli("forget", "--unforget", report["tombstone"]).code == 0
    assert cli("forget", "--list-tombstones", "--json").json() == []
    back = cli("--now", NOW, "import", chat, "--json").json()
    assert (back["messages_added"], back["messages_forgotten"]) == (1, 0)
    assert home_fact(cli) and mentions_town(cli, "persona", "Ilsabet", "--json")


def test_hard_forget_by_query_and_unforget_all(cli: Run, chat: Path, data_dir: Path) -> None:
    forgot = cli("--now", NOW, "forget", TOWN, "--hard")
    assert forgot.code == 0, forgot.err
    assert "Tombstone t-" in forgot.out
    assert files_holding(data_dir, TOWN, SAID) == []
    assert not any(derived_mentions(cli).values())
    # what the forget did not name is still there
    assert any("Pebble" in i["text"] for i in cli("--now", NOW, "recall", "cat Pebble", "--json", "--no-reinforce").json())
    assert cli("--now", NOW, "import", chat, "--json").json()["messages_forgotten"] == 1
    assert cli("forget", "--unforget-all").code == 0
    assert cli("--now", NOW, "import", chat, "--json").json()["messages_added"] == 1
    assert mentions_town(cli, "recall", f"Where does Ilsabet live? {TOWN}", "--json", "--no-reinforce")


def test_tombstone_options_are_checked(cli: Run, chat: Path) -> None:
    assert cli("forget", "--list-tombstones").out.startswith("No tombstones")
    unknown = cli("forget", "--unforget", "t-000000000000")
    assert unknown.code == 2 and "no tombstone" in unknown.err
    assert cli("forget", "--list-tombstones", "--unforget-all").code == 2
    assert cli("forget", TOWN, "--list-tombstones").code == 2
