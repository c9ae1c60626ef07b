"""End to end: Claude, Gemini (Takeout) and ChatGPT exports through `remembrancer import`, then `recall` and `stats`.

Each: auto-detected, imported with speakers and roles, idempotent on a
second import, and a malformed sample exits 2 naming file and line with
the store unchanged. Hand-written samples, invented people.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.memory.importers.test_chatgpt import T0
from tests.memory.importers.test_chatgpt_fixes import thread, with_instructions
from tests.memory.importers.test_claude import conversation, kayak, turn
from tests.memory.importers.test_gemini import activity, takeout


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_NOW", "2024-07-01T12:00:00Z")  # recall right after, not years after the samples


def messages(cli: Run) -> int:
    return cli("stats", "--json").json()["levels"]["message"]


def recalled(cli: Run, query: str) -> list[dict]:
    """Every item recalled (a message may come back as the fact resting on it: its id is in `sources`)."""
    result = cli("recall", query, "--json", "--k", "10")
    assert result.code == 0, result.err
    return result.json()


def cited(items: list[dict], message_id: str) -> bool:
    return any(message_id in item["sources"] for item in items)


def check_idempotent_and_malformed(cli: Run, path: Path, broken: Path, stored: int, line: int, reason: str) -> None:
    again = cli("import", path, "--json")
    assert again.code == 0 and again.json()["messages_added"] == 0 and messages(cli) == stored
    before = cli("stats", "--json").json()["levels"]
    result = cli("import", broken)
    assert result.code == 2 and f"{broken}:{line}: " in result.err and reason in result.err, result.err
    assert cli("stats", "--json").json()["levels"] == before


def test_a_claude_zip(cli: Run, tmp_path: Path) -> None:
    plain = tmp_path / "conversations.json"
    plain.write_text(json.dumps([kayak(), conversation("c-ja", "散歩", [turn("ja-1", "human", "鎌倉の海岸を歩きました。")])]), encoding="utf-8")
    archive = tmp_path / "data-claude.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(plain, "conversations.json")
        zf.writestr("users.json", json.dumps([{"uuid": "acct-1", "full_name": "Ingrid Solberg"}]))
    result = cli("import", archive)
    assert result.code == 0, result.err
    assert messages(cli) == 3
    hits = recalled(cli, "paddling Lake Vänern pack")
    assert cited(hits, "claude:m-1") and cited(hits, "claude:m-2")
    (answer,) = [i for i in hits if i["id"] == "claude:m-2"]
    assert (answer["speaker"], answer["conversation"]) == ("Claude", "claude:conv-kayak")
    assert [c["speaker"] for c in answer["context"]] == ["Ingrid Solberg"]  # the person, named by users.json
    broken = tmp_path / "broken" / "conversations.json"
    broken.parent.mkdir()
    bad = kayak()
    bad["chat_messages"][1]["sender"] = "robot"
    broken.write_text(json.dumps([bad], indent=2), encoding="utf-8")
    line = next(n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if '"m-2"' in text)
    check_idempotent_and_malformed(cli, archive, broken, 3, line, "conversation #1, message 2: `sender`")


def test_gemini_takeout_activity(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "Takeout" / "My Activity" / "Gemini Apps"
    folder.mkdir(parents=True)
    activity_file = folder / "MyActivity.json"
    activity_file.write_text(json.dumps(takeout(), indent=2), encoding="utf-8")
    result = cli("import", activity_file)
    assert result.code == 0, result.err
    assert messages(cli) == 5  # three prompts, two answers; "Used Gemini Apps" and feedback skipped
    hits = recalled(cli, "Flying Dolphin ferry Piraeus Hydra")
    assert any(i["level"] == "message" and i["speaker"] == "Gemini" and i["conversation"] == "gemini:2024-06-01" for i in hits)
    broken = tmp_path / "broken" / "MyActivity.json"
    broken.parent.mkdir()
    broken.write_text(json.dumps([activity("Prompted fine", "2024-01-01T09:00:00Z"), activity("Prompted tides in Sligo", "soon")], indent=2),
                      encoding="utf-8")
    line = next(n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "tides in Sligo" in text)
    check_idempotent_and_malformed(cli, activity_file, broken, 5, line, "record 2: `time` is not ISO 8601")


def test_a_chatgpt_export_with_shared_titles_untimed_turns_and_instructions(cli: Run, tmp_path: Path) -> None:
    one = thread("aaa-111", "New chat", [("user", "How long do I proof focaccia dough?", None), ("assistant", "About two hours.", T0 + 5)])
    two = thread("bbb-222", "New chat", [("user", "Which tram goes to the Belém tower?", T0 + 9000)])
    three = with_instructions("ccc-333", T0 + 20000, "I bake bread every Sunday in my flat in Ghent.", "Keep answers short.")
    export = tmp_path / "conversations.json"
    export.write_text(json.dumps([one, two, three]), encoding="utf-8")
    result = cli("import", export, "--json")
    assert result.code == 0, result.err
    assert messages(cli) == 6  # 4 turns and 2 notes
    (answer,) = [i for i in recalled(cli, "About two hours focaccia") if i["id"] == "aaa-111-2"]
    assert (answer["speaker"], answer["conversation"]) == ("ChatGPT", "chatgpt:aaa-111")
    assert [(c["id"], c["speaker"]) for c in answer["context"]] == [("aaa-111-1", "Me")]  # never the other "New chat"'s turn
    assert any(s.startswith("chatgpt:custom-instructions:about_user:") for i in recalled(cli, "bake bread Ghent flat") for s in i["sources"])
    broken = tmp_path / "broken" / "conversations.json"
    broken.parent.mkdir()
    timeless = thread("ddd-444", "Lost", [("user", "when?", None)], create=None)
    broken.write_text(json.dumps([two, timeless], indent=2), encoding="utf-8")
    line = next(n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if '"ddd-444"' in text)
    check_idempotent_and_malformed(cli, export, broken, 6, line, "conversation #2: no time anywhere")
