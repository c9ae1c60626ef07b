from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from tests.helpers import record, write_jsonl


def chatgpt_export() -> str:
    return json.dumps([{"title": "t", "mapping": {"r": {"id": "r", "message": None, "parent": None, "children": []}}}])


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    write_jsonl(root / "chats.jsonl", [record("a", "x")])
    write_jsonl(root / "more.ndjson", [record("b", "y")])
    (root / "gpt").mkdir()
    (root / "gpt" / "conversations.json").write_text(chatgpt_export(), encoding="utf-8")
    (root / "renamed-export.json").write_text(chatgpt_export(), encoding="utf-8")
    (root / "package.json").write_text('{"name": "not a chat"}', encoding="utf-8")
    (root / "whatsapp.txt").write_text("[2024-03-01 10:15] Ana: hi\n", encoding="utf-8")
    (root / "todo.txt").write_text("Buy milk\n", encoding="utf-8")
    (root / "note.md").write_text("# Note\n\nhello\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return root


def test_auto_detection_in_a_folder(mixed: Path) -> None:
    plan = {p.relative_to(mixed).as_posix(): imp.name for p, imp in plan_files(mixed)}
    assert plan == {
        "chats.jsonl": "jsonl",
        "more.ndjson": "jsonl",
        "gpt/conversations.json": "chatgpt",
        "renamed-export.json": "chatgpt",
        "whatsapp.txt": "text",
        "todo.txt": "markdown",  # a plain-text note
        "note.md": "markdown",
    }


def test_forced_format_in_a_folder_takes_only_its_files(mixed: Path) -> None:
    plan = [p.name for p, _ in plan_files(mixed, "jsonl")]
    assert plan == ["chats.jsonl", "more.ndjson"]


def test_single_file(mixed: Path) -> None:
    ((path, importer),) = plan_files(mixed / "whatsapp.txt")
    assert importer.name == "text"
    # a forced format applies to a single file even if the suffix says otherwise
    ((_, forced),) = plan_files(mixed / "note.md", "jsonl")
    assert forced.name == "jsonl"


def test_unrecognised_single_file_is_an_input_error(mixed: Path) -> None:
    with pytest.raises(InputError, match="cannot tell the format") as info:
        plan_files(mixed / "package.json")
    assert info.value.path == str(mixed / "package.json")


def test_missing_path_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        plan_files(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="unknown format 'csv'"):
        plan_files(tmp_path, "csv")
