"""Claude's export (`conversations.json`, its .zip with `users.json`), with hand-written samples of invented people."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from benchmarks.fuzz_targets import parse_or_reject

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.chatgpt import ChatGPTImporter
from remembrancer.memory.importers.claude import ClaudeImporter


def turn(uuid: str, sender: str, text: str = "", created: str | None = "2024-04-02T08:00:00.000000+00:00", **extra: Any) -> dict:
    return {"uuid": uuid, "text": text, "content": extra.pop("content", [{"type": "text", "text": text}] if text else []), "sender": sender,
            "created_at": created, "updated_at": created, "attachments": extra.pop("attachments", []), "files": extra.pop("files", []), **extra}


def conversation(uuid: str, name: str, messages: list[dict], created: str | None = "2024-04-02T07:59:00.000000+00:00") -> dict:
    return {"uuid": uuid, "name": name, "created_at": created, "updated_at": created, "account": {"uuid": "acct-1"}, "chat_messages": messages}


def kayak() -> dict:
    return conversation("conv-kayak", "Kayak trip", [
        turn("m-1", "human", "I'm paddling around Lake Vänern in June. What should I pack?", "2024-04-02T10:00:00.000000+02:00"),
        turn("m-2", "assistant", "", "2024-04-02T10:00:09.000000+02:00", content=[
            {"type": "thinking", "thinking": "They want a packing list."},
            {"type": "text", "text": "A dry bag, a spare paddle and a map."},
            {"type": "tool_use", "name": "web_search", "input": {"query": "Vänern weather June"}},
            {"type": "tool_result", "content": [{"type": "text", "text": "15-20 °C"}]},
            {"type": "text", "text": "Expect 15-20 °C."},
        ]),
    ])


def write(path: Path, conversations: list) -> Path:
    path.write_text(json.dumps(conversations, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_human_and_assistant_turns_with_their_words_times_and_ids(tmp_path: Path) -> None:
    mine, claude = ClaudeImporter().parse(write(tmp_path / "conversations.json", [kayak()]), tmp_path)
    assert (mine.id, mine.speaker, mine.role, mine.conversation) == ("claude:m-1", "Me", "user", "claude:conv-kayak")
    assert mine.time == "2024-04-02T10:00:00+02:00"  # the zone kept
    assert (claude.speaker, claude.role) == ("Claude", "assistant")
    assert claude.text == "A dry bag, a spare paddle and a map.\n\nExpect 15-20 °C."  # no thinking, tool call or tool result
    assert mine.metadata == {"conversation_title": "Kayak trip"}


def test_text_without_content_parts_loses_claudes_placeholders(tmp_path: Path) -> None:
    old = turn("m-9", "assistant", "", content=None)
    old["text"] = "Here is the chart:\n\n```\nThis block is not supported on your current device yet.\n```\n\nThe peak is in July."
    (message,) = ClaudeImporter().parse(write(tmp_path / "conversations.json", [conversation("c", "Chart", [old])]), tmp_path)
    assert message.text == "Here is the chart:\n\nThe peak is in July."


def test_attachments_by_name_without_their_extracted_content(tmp_path: Path) -> None:
    with_files = turn("m-3", "human", "Can you read my itinerary?", attachments=[
        {"file_name": "itinerary.pdf", "file_size": 5120, "file_type": "pdf", "extracted_content": "Day 1: Karlstad. Day 2: Åmål. PRIVATE DETAILS"}],
        files=[{"file_name": "harbour.jpg"}, {"file_name": "itinerary.pdf"}])
    only_photo = turn("m-4", "human", "", files=[{"file_name": "sunset.HEIC"}])
    ask, photo = ClaudeImporter().parse(write(tmp_path / "conversations.json", [conversation("c", "Trip", [with_files, only_photo])]), tmp_path)
    assert ask.text == "Can you read my itinerary?\n[file: itinerary.pdf]\n[photo: harbour.jpg]"
    assert "PRIVATE DETAILS" not in ask.text and "PRIVATE DETAILS" not in json.dumps(ask.metadata)
    assert ask.metadata["attachments"] == [{"kind": "file", "name": "itinerary.pdf"}, {"kind": "image", "name": "harbour.jpg"}]
    assert photo.text == "[photo: sunset.HEIC]"


def test_the_person_is_named_by_users_json_in_the_zip(tmp_path: Path) -> None:
    plain = write(tmp_path / "conversations.json", [kayak()])
    archive = tmp_path / "data-2024-04-03.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(plain, "conversations.json")
        zf.writestr("users.json", json.dumps([{"uuid": "acct-1", "full_name": "Ingrid Solberg", "email_address": "ingrid@example.org"}]))
        zf.writestr("projects.json", "[]")
    mine, claude = ClaudeImporter().parse(archive, tmp_path)
    assert (mine.speaker, claude.speaker) == ("Ingrid Solberg", "Claude")
    assert [m.id for m in ClaudeImporter().parse(plain, tmp_path)] == [mine.id, claude.id]


def test_odd_samples_empty_non_latin_and_very_long(tmp_path: Path) -> None:
    long_text = "Dear diary, " + "the tide came in and went out again. " * 30_000
    chats = [
        conversation("c-empty", "", []),
        conversation("c-ja", "東京", [turn("ja-1", "human", "東京で一番静かな公園はどこですか？"), turn("ja-2", "assistant", "新宿御苑がおすすめです。")]),
        conversation("c-ar", "سفر", [turn("ar-1", "human", "أين أجد أفضل قهوة في عمّان؟")]),
        conversation("c-ru", "Поход", [turn("ru-1", "human", "Сколько дней идти до Байкала?"), turn("ru-2", "assistant", "", content=[])]),
        conversation("c-long", "Diary", [turn("long-1", "human", long_text)]),
    ]
    messages = ClaudeImporter().parse(write(tmp_path / "conversations.json", chats), tmp_path)
    assert [m.id for m in messages] == ["claude:ja-1", "claude:ja-2", "claude:ar-1", "claude:ru-1", "claude:long-1"]  # the empty turn skipped
    assert messages[0].text == "東京で一番静かな公園はどこですか？" and messages[2].text == "أين أجد أفضل قهوة في عمّان؟"
    assert messages[-1].text == long_text.strip()


def test_a_turn_without_a_time_takes_the_previous_one_and_a_timeless_conversation_is_an_error(tmp_path: Path) -> None:
    chat = conversation("c-t", "T", [turn("t-1", "human", "first", None), turn("t-2", "assistant", "second", "2024-05-05T12:00:00Z"),
                                     turn("t-3", "human", "third", None)], created=None)
    first, second, third = ClaudeImporter().parse(write(tmp_path / "conversations.json", [chat]), tmp_path)
    assert first.time == second.time == third.time == "2024-05-05T12:00:00+00:00"
    timeless = conversation("c-none", "None", [turn("n-1", "human", "when?", None)], created=None)
    with pytest.raises(InputError, match=r"conversation #2: no time anywhere"):
        ClaudeImporter().parse(write(tmp_path / "conversations.json", [chat, timeless]), tmp_path)


@pytest.mark.parametrize(("breakage", "reason", "needle"), [
    (lambda c: c["chat_messages"][1].update(sender="system"), 'conversation #2, message 2: `sender` must be "human" or "assistant"', '"m-2"'),
    (lambda c: c["chat_messages"][0].update(created_at="last Tuesday"), "conversation #2, message 1: `created_at` is not ISO 8601", '"m-1"'),
    (lambda c: c.pop("chat_messages"), "conversation #2: missing `chat_messages`", '"conv-broken"'),
], ids=["sender", "time", "no messages"])
def test_a_broken_conversation_names_conversation_message_and_line(tmp_path: Path, breakage, reason: str, needle: str) -> None:
    broken = kayak()
    broken["uuid"] = "conv-broken"
    breakage(broken)
    path = write(tmp_path / "conversations.json", [conversation("c-ok", "fine", [turn("ok-1", "human", "fine")]), broken])
    with pytest.raises(InputError) as info:
        ClaudeImporter().parse(path, tmp_path)
    assert info.value.path == str(path) and info.value.reason.startswith(reason)
    assert needle in path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


def test_invalid_json_and_not_a_list_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "conversations.json"
    path.write_text('[\n {"uuid": "c", "chat_messages": [\n  {"uuid": "m" "sender": "human"}\n ]}\n]', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as info:
        ClaudeImporter().parse(path, tmp_path)
    assert info.value.line == 3
    path.write_text('{"chat_messages": []}', encoding="utf-8")
    with pytest.raises(InputError, match="expected a list of conversations") as info:
        ClaudeImporter().parse(path, tmp_path)
    assert info.value.line == 1


def test_claims_tell_claude_from_chatgpt_by_content(tmp_path: Path) -> None:
    (tmp_path / "claude").mkdir()
    (tmp_path / "gpt").mkdir()
    claude = write(tmp_path / "claude" / "conversations.json", [kayak()])
    chatgpt = tmp_path / "gpt" / "conversations.json"
    chatgpt.write_text(json.dumps([{"title": "t", "mapping": {"r": {"id": "r", "message": None, "parent": None, "children": []}}}]), encoding="utf-8")
    assert ClaudeImporter().claims(claude) and not ChatGPTImporter().claims(claude)
    assert ChatGPTImporter().claims(chatgpt) and not ClaudeImporter().claims(chatgpt)
    archive = tmp_path / "claude.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(claude, "conversations.json")
    empty = tmp_path / "empty-claude.zip"  # no conversation to look at: its users.json says whose it is
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("conversations.json", "[]")
        zf.writestr("users.json", "[]")
    plan = {p.relative_to(tmp_path).as_posix(): imp.name for p, imp in plan_files(tmp_path)}
    assert plan == {"claude/conversations.json": "claude", "gpt/conversations.json": "chatgpt", "claude.zip": "claude", "empty-claude.zip": "claude"}
    assert ClaudeImporter().parse(empty, tmp_path) == []


def test_a_zip_without_conversations_or_broken_is_an_input_error(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("users.json", "[]")
    with pytest.raises(InputError, match="zip holds no conversations.json"):
        ClaudeImporter().parse(archive, tmp_path)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a valid zip file"):
        ClaudeImporter().parse(broken, tmp_path)


@pytest.mark.parametrize("field", ["sender", "account"])
def test_a_list_where_a_name_belongs_is_handled_cleanly(field: str) -> None:
    turn = {"uuid": "t1", "text": "hi", "sender": ["human"] if field == "sender" else "human", "created_at": "2034-05-08T09:46:00Z"}
    conversation = {"uuid": "c1", "name": "x", "chat_messages": [turn], **({"account": {"uuid": ["a"]}} if field == "account" else {})}
    result = parse_or_reject("claude", "conversations.json", json.dumps([conversation]).encode())
    if field == "sender":
        assert isinstance(result, InputError) and "`sender` must be" in str(result)
    else:
        assert [m.role for m in result] == ["user"]  # an odd account id: the default owner
