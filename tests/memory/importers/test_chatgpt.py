from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.chatgpt import ChatGPTImporter

T0 = 1_700_000_000.0  # 2023-11-14T22:13:20Z


def node(node_id: str, parent: str | None, children: list[str], role: str | None = None, text: str | None = None, t: float | None = None, **meta: Any) -> dict:
    message = None
    if role is not None:
        message = {
            "id": node_id,
            "author": {"role": role, "name": None, "metadata": {}},
            "create_time": t,
            "update_time": None,
            "content": {"content_type": "text", "parts": [text]},
            "status": "finished_successfully",
            "end_turn": True,
            "weight": 1.0,
            "metadata": meta,
            "recipient": "all",
        }
    return {"id": node_id, "message": message, "parent": parent, "children": children}


def coffee_conversation() -> dict:
    """The user edited their first question: the old branch must not be imported."""
    mapping = {
        "root": node("root", None, ["sys"]),
        "sys": node("sys", "root", ["u-old", "u-new"], "system", "You are ChatGPT, a large language model.", T0),
        "u-old": node("u-old", "sys", ["a-old"], "user", "How do I brew tea?", T0 + 10),
        "a-old": node("a-old", "u-old", [], "assistant", "Steep the leaves for three minutes.", T0 + 20),
        "u-new": node("u-new", "sys", ["a-new"], "user", "How do I brew cold brew coffee?", T0 + 30),
        "a-new": node("a-new", "u-new", ["hidden"], "assistant", "Steep coarse grounds in cold water for 16 hours.", T0 + 40),
        "hidden": node("hidden", "a-new", [], "user", "invisible context", T0 + 50, is_visually_hidden_from_conversation=True),
    }
    return {
        "title": "Cold brew",
        "create_time": T0,
        "update_time": T0 + 60,
        "mapping": mapping,
        "current_node": "hidden",
        "conversation_id": "conv-coffee",
        "id": "conv-coffee",
    }


def fallback_time_conversation() -> dict:
    """No create_time on the message: the conversation's is used; no current_node."""
    mapping = {
        "r": node("r", None, ["q"]),
        "q": node("q", "r", ["tool"], "user", "Remind me: dentist on Friday", None),
        "tool": node("tool", "q", [], "tool", "calendar lookup result", None),
    }
    return {"title": "Dentist", "create_time": T0 + 3600, "mapping": mapping, "conversation_id": "conv-dentist"}


def write_export(path: Path, conversations: list) -> Path:
    path.write_text(json.dumps(conversations, indent=2), encoding="utf-8")
    return path


def test_imports_only_the_current_branch_without_system_or_hidden(tmp_path: Path) -> None:
    path = write_export(tmp_path / "conversations.json", [coffee_conversation(), fallback_time_conversation()])
    messages = ChatGPTImporter().parse(path, tmp_path)

    assert [m.id for m in messages] == ["u-new", "a-new", "q"]
    user, bot, dentist = messages
    assert (user.speaker, user.role, user.text) == ("Me", "user", "How do I brew cold brew coffee?")
    assert (bot.speaker, bot.role) == ("ChatGPT", "assistant")
    assert user.conversation == bot.conversation == "chatgpt:conv-coffee"
    assert user.metadata == {"chatgpt_conversation_id": "conv-coffee", "conversation_title": "Cold brew"}
    assert datetime.fromisoformat(user.time) == datetime.fromtimestamp(T0 + 30, tz=timezone.utc)
    # the message lacked create_time: the conversation's own time stands in
    assert datetime.fromisoformat(dentist.time) == datetime.fromtimestamp(T0 + 3600, tz=timezone.utc)
    assert dentist.conversation == "chatgpt:conv-dentist" and dentist.metadata["conversation_title"] == "Dentist"
    edited_away = {"u-old", "a-old", "sys", "hidden", "tool"}
    assert not edited_away & {m.id for m in messages}


def test_zip_export_gives_the_same_messages(tmp_path: Path) -> None:
    plain = write_export(tmp_path / "conversations.json", [coffee_conversation()])
    archive = tmp_path / "chatgpt-export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("chat.html", "<html></html>")
        zf.write(plain, "export/conversations.json")
    importer = ChatGPTImporter()
    assert importer.claims(archive)
    assert importer.parse(archive, tmp_path) == importer.parse(plain, tmp_path)


def test_claims_conversations_json_and_mapping_lists_only(tmp_path: Path) -> None:
    importer = ChatGPTImporter()
    renamed = write_export(tmp_path / "my-export.json", [coffee_conversation()])
    other = tmp_path / "settings.json"
    other.write_text('{"theme": "dark"}', encoding="utf-8")
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("a.txt", "x")
    not_zip = tmp_path / "broken.zip"
    not_zip.write_bytes(b"not a zip at all")
    assert importer.claims(renamed)
    assert not importer.claims(other)
    assert not importer.claims(other_zip)
    assert not importer.claims(not_zip)


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "conversations.json"
    path.write_text('[\n  {"title": "x",\n   "mapping": {,}\n  }\n]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        ChatGPTImporter().parse(path, tmp_path)
    assert info.value.path == str(path) and info.value.line == 3
    assert str(info.value).startswith(f"{path}:3: invalid JSON")


def test_not_a_list(tmp_path: Path) -> None:
    path = write_export(tmp_path / "conversations.json", {"mapping": {}})  # type: ignore[arg-type]
    with pytest.raises(InputError, match="expected a list of conversations") as info:
        ChatGPTImporter().parse(path, tmp_path)
    assert info.value.line == 1 and info.value.path == str(path)


def _drop_times(conversation: dict) -> None:
    conversation.pop("create_time")
    conversation.pop("update_time")
    for item in conversation["mapping"].values():
        if item["message"]:
            item["message"]["create_time"] = item["message"]["update_time"] = None


@pytest.mark.parametrize(
    "breakage, reason",
    [
        (lambda c: c.pop("mapping"), "missing `mapping`"),
        (lambda c: c["mapping"].pop("u-new"), "node 'u-new' referenced but missing"),
        (lambda c: c["mapping"]["root"].update(parent="hidden"), "cycle in `mapping`"),
        (lambda c: _drop_times(c), "no time anywhere (message 'u-new' and the conversation have none)"),
    ],
    ids=["no mapping", "dangling parent", "cycle", "no time"],
)
def test_malformed_conversation_names_its_number_and_line(tmp_path: Path, breakage, reason: str) -> None:
    broken = coffee_conversation()
    broken["conversation_id"] = broken["id"] = "conv-broken"
    breakage(broken)
    path = write_export(tmp_path / "conversations.json", [fallback_time_conversation(), broken])
    with pytest.raises(InputError) as info:
        ChatGPTImporter().parse(path, tmp_path)
    err = info.value
    assert err.path == str(path)
    assert reason in err.reason and err.reason.startswith("conversation #2:")
    text = path.read_text(encoding="utf-8").splitlines()
    assert '"conv-broken"' in text[err.line - 1]  # the line points at the broken conversation


def test_zip_without_conversations_and_corrupt_zip(tmp_path: Path) -> None:
    empty = tmp_path / "export.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("chat.html", "<html></html>")
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InputError, match="zip holds no conversations.json") as info:
        ChatGPTImporter().parse(empty, tmp_path)
    assert info.value.path == str(empty)
    with pytest.raises(InputError, match="not a valid zip file") as info:
        ChatGPTImporter().parse(corrupt, tmp_path)
    assert str(info.value).startswith(str(corrupt))
