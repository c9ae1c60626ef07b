"""The ChatGPT importer's fixes of issue #21, each failing on the importer before them.

(a) an untimed message no longer rejects the export; (b) conversations are
keyed by export id, not title; (c) custom instructions become notes; (d) the
person is "Me", or the name the export gives. Samples are hand-written.
"""
from __future__ import annotations

import json
import logging
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.chatgpt import ChatGPTImporter
from tests.memory.importers.test_chatgpt import T0, node, write_export


def at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def thread(conv_id: str, title: str, turns: list[tuple[str, str, float | None]], create: float | None = T0, update: float | None = None) -> dict:
    """A linear conversation root -> turn 1 -> turn 2 ... (role, text, create_time)."""
    mapping = {"root": node("root", None, [f"{conv_id}-1"] if turns else [])}
    for n, (role, text, t) in enumerate(turns, start=1):
        own, parent = f"{conv_id}-{n}", ("root" if n == 1 else f"{conv_id}-{n - 1}")
        mapping[own] = node(own, parent, [f"{conv_id}-{n + 1}"] if n < len(turns) else [], role, text, t)
    return {"title": title, "create_time": create, "update_time": update, "mapping": mapping,
            "current_node": f"{conv_id}-{len(turns)}" if turns else "root", "conversation_id": conv_id, "id": conv_id}


# -- (a) messages without a time ------------------------------------------------------------
def test_an_untimed_message_takes_update_time_then_the_previous_time_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    chat = thread("c-garden", "Garden", [("user", "When should I plant garlic in Tromsø?", None), ("assistant", "In early autumn.", T0 + 20),
                                         ("user", "And tulips?", None)], create=None, update=T0 + 999)
    chat["mapping"]["c-garden-1"]["message"]["update_time"] = T0 + 5
    path = write_export(tmp_path / "conversations.json", [chat])
    with caplog.at_level(logging.WARNING, logger="remembrancer.memory.importers.chatgpt"):
        garlic, autumn, tulips = ChatGPTImporter().parse(path, tmp_path)
    assert (garlic.time, autumn.time, tulips.time) == (at(T0 + 5), at(T0 + 20), at(T0 + 20))
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    said = record.getMessage()
    assert str(path) in said and "conversation #1" in said and "2 message(s)" in said
    assert "garlic" not in said and "tulips" not in said and "Garden" not in said  # no memory text in logs


def test_a_leading_untimed_message_takes_the_conversation_time_else_the_first_later_one(tmp_path: Path) -> None:
    with_conv = thread("c-1", "Bread", [("user", "Is rye flour gluten-free?", None), ("assistant", "No.", T0 + 50)], create=None, update=T0 + 40)
    without = thread("c-2", "Bread 2", [("user", "Спасибо!", None), ("assistant", "Пожалуйста.", T0 + 70)], create=None)
    first, _, thanks, _ = ChatGPTImporter().parse(write_export(tmp_path / "conversations.json", [with_conv, without]), tmp_path)
    assert first.time == at(T0 + 40) and thanks.time == at(T0 + 70)


def test_only_a_conversation_without_any_time_is_an_error_naming_it(tmp_path: Path) -> None:
    good = thread("c-ok", "Fine", [("user", "hello", T0)])
    timeless = thread("c-timeless", "Lost", [("user", "what time is it?", None), ("assistant", "unknown", None)], create=None)
    path = write_export(tmp_path / "conversations.json", [good, timeless])
    with pytest.raises(InputError) as info:
        ChatGPTImporter().parse(path, tmp_path)
    assert info.value.reason.startswith("conversation #2: no time anywhere")
    assert '"c-timeless"' in path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


# -- (b) conversations keyed by their export id -----------------------------------------------
def test_two_chats_with_the_same_title_stay_two_conversations(tmp_path: Path) -> None:
    one = thread("aaa-111", "New chat", [("user", "Recipe for shakshuka?", T0), ("assistant", "Eggs poached in tomato sauce.", T0 + 5)])
    two = thread("bbb-222", "New chat", [("user", "How far is Lisbon from Porto?", T0 + 9000)])
    messages = ChatGPTImporter().parse(write_export(tmp_path / "conversations.json", [one, two]), tmp_path)
    assert [m.conversation for m in messages] == ["chatgpt:aaa-111", "chatgpt:aaa-111", "chatgpt:bbb-222"]
    assert {m.metadata["conversation_title"] for m in messages} == {"New chat"}
    assert [m.id for m in messages] == ["aaa-111-1", "aaa-111-2", "bbb-222-1"]  # the export's own message ids, as before


# -- (c) custom instructions ------------------------------------------------------------------
def instructions_node(node_id: str, parent: str, children: list[str], about_user: str, about_model: str, t: float | None) -> dict:
    item = node(node_id, parent, children, "user", None, t, is_visually_hidden_from_conversation=True,
                user_context_message_data={"about_user_message": about_user, "about_model_message": about_model})
    item["message"]["content"] = {"content_type": "user_editable_context", "user_profile": "The user provided...", "user_instructions": "..."}
    return item


def with_instructions(conv_id: str, t: float, about_user: str, about_model: str) -> dict:
    chat = thread(conv_id, "Bees", [("user", "How many frames does a hive need?", t + 10)], create=t)
    first = f"{conv_id}-1"
    chat["mapping"]["root"]["children"] = ["ctx"]
    chat["mapping"]["ctx"] = instructions_node("ctx", "root", [first], about_user, about_model, None)
    chat["mapping"][first]["parent"] = "ctx"
    return chat


def test_custom_instructions_become_notes_about_the_person_once(tmp_path: Path) -> None:
    about = "I keep bees on a rooftop in Valparaíso and I am learning Japanese (日本語)."
    style = "Answer briefly, with metric units."
    chats = [with_instructions("c-late", T0 + 5000, about, style), with_instructions("c-early", T0, about, style)]
    messages = ChatGPTImporter().parse(write_export(tmp_path / "conversations.json", chats), tmp_path)
    notes = [m for m in messages if m.kind == "note"]
    assert [(n.text, n.role, n.speaker, n.conversation) for n in notes] == [
        (about, "user", "Me", "chatgpt:custom-instructions"),
        (f"I asked ChatGPT to answer this way: {style}", "user", "Me", "chatgpt:custom-instructions")]
    assert {n.time for n in notes} == {at(T0)}  # the earliest conversation that carried them
    assert [n.metadata["chatgpt_custom_instructions"] for n in notes] == ["about_user", "about_model"]
    assert [m.text for m in messages if m.kind == "message"] == ["How many frames does a hive need?"] * 2
    again = ChatGPTImporter().parse(write_export(tmp_path / "again.json", chats[::-1]), tmp_path)
    assert [n.id for n in notes] == [n.id for n in again if n.kind == "note"]  # stable ids: a re-import adds nothing


def test_instructions_of_older_exports_are_read_from_the_fenced_content(tmp_path: Path) -> None:
    chat = with_instructions("c-old", T0, "", "")
    message = chat["mapping"]["ctx"]["message"]
    message["metadata"].pop("user_context_message_data")
    message["content"]["user_profile"] = "The user provided the following information about themselves.\nUser profile:\n```I repair violins in Kraków.```"
    message["content"]["user_instructions"] = "The user provided the additional info about how they would like you to respond:\n```Use Polish names for tools.```"
    notes = [m for m in ChatGPTImporter().parse(write_export(tmp_path / "conversations.json", [chat]), tmp_path) if m.kind == "note"]
    assert [n.text for n in notes] == ["I repair violins in Kraków.", "I asked ChatGPT to answer this way: Use Polish names for tools."]


# -- (d) the person ---------------------------------------------------------------------------
def test_the_person_is_me_or_the_name_the_export_gives(tmp_path: Path) -> None:
    chat = thread("c-me", "Hello", [("user", "مرحبا، كيف حالك؟", T0), ("assistant", "بخير، شكراً!", T0 + 3)])
    plain = write_export(tmp_path / "conversations.json", [chat])
    mine, bot = ChatGPTImporter().parse(plain, tmp_path)
    assert (mine.speaker, mine.role, bot.speaker, bot.role) == ("Me", "user", "ChatGPT", "assistant")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(plain, "conversations.json")
        zf.writestr("user.json", json.dumps({"id": "user-x1", "email": "quill@example.org", "name": "Quill Marsh"}))
    named, _ = ChatGPTImporter().parse(archive, tmp_path)
    assert (named.speaker, named.role) == ("Quill Marsh", "user")


def test_an_unreadable_user_file_leaves_the_default_name(tmp_path: Path) -> None:
    plain = write_export(tmp_path / "conversations.json", [thread("c-x", "X", [("user", "hi", T0)])])
    (tmp_path / "user.json").write_text("{not json", encoding="utf-8")
    (mine,) = ChatGPTImporter().parse(plain, tmp_path)
    assert mine.speaker == "Me"
