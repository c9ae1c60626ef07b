"""The person's own messages are role "user" where the export does not say whose they are (invented people and chats)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.importers.base import ImportOptions
from remembrancer.memory.importers.owner import Owner
from remembrancer.memory.ingest import parse_all
from tests.memory.importers.slack_samples import write_export, zip_export

WHATSAPP = """31/12/2023, 22:15 - Ana Lima: The ferry leaves at seven from pier four
31/12/2023, 22:16 - Bo Chen: I will bring the thermos
31/12/2023, 22:17 - ANA LIMA: And I the umbrella
"""
MBOX = b"""From ana@example.org Tue Jan 02 10:00:00 +0000 2024
Message-ID: <ferry-1@example.org>
From: "A. Lima" <Ana@Example.org>
Subject: Ferry
Date: Tue, 2 Jan 2024 10:00:00 +0000

The ferry leaves at seven.

From bo@example.org Tue Jan 02 11:00:00 +0000 2024
Message-ID: <ferry-2@example.org>
In-Reply-To: <ferry-1@example.org>
From: Bo Chen <bo@example.org>
Subject: Re: Ferry
Date: Tue, 2 Jan 2024 11:00:00 +0000

I will bring the thermos.
"""


def roles(path: Path, *owner: str, fmt: str = "auto") -> dict[str, tuple[str, str]]:
    """Message id -> (speaker, role) of what `path` parses to with `owner` as the person's names."""
    options = ImportOptions(owner_names=owner) if owner else None
    return {m.id: (m.speaker, m.role) for _, _, batch in parse_all(path, fmt, options=options) for m in batch}


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_names_match_whatever_the_case_spacing_and_unicode_form() -> None:
    owner = Owner.of(["ana lima", "Zoë Quill <zoe@example.org>", "kit@example.org", "  "])
    assert owner.is_owner("Ana  LIMA") and owner.is_owner("Zoe\u0308 quill")  # decomposed ë
    assert owner.is_owner("someone", address="ZOE@example.org") and owner.is_owner(address="kit@example.org")
    assert not owner.is_owner("Ana") and not owner.is_owner("kit@example.org")  # an address is matched as an address
    assert owner.names == {"ana lima", "zoë quill"} and owner.addresses == {"zoe@example.org", "kit@example.org"}
    assert not Owner.of([]) and not Owner.of(["", " "])


def test_whatsapp_chat_marks_the_named_owner_and_keeps_ids(tmp_path: Path) -> None:
    chat = write(tmp_path / "WhatsApp Chat with Bo Chen.txt", WHATSAPP)
    plain = roles(chat)
    assert sorted(plain.values()) == [("ANA LIMA", "other"), ("Ana Lima", "other"), ("Bo Chen", "other")]
    marked = roles(chat, "ana lima")
    assert marked.keys() == plain.keys()  # the same ids
    assert sorted(marked.values()) == [("ANA LIMA", "user"), ("Ana Lima", "user"), ("Bo Chen", "other")]


def test_whatsapp_you_stays_the_user_and_other_names_stay_other(tmp_path: Path) -> None:
    chat = write(tmp_path / "WhatsApp Chat with Bo.txt", "31/12/2023, 22:15 - You: hi\n31/12/2023, 22:16 - Bo: hey\n")
    assert sorted(roles(chat, "Ana Lima").values()) == [("Bo", "other"), ("You", "user")]


def test_email_sender_is_found_by_address_or_name(tmp_path: Path) -> None:
    mbox = write(tmp_path / "mail.mbox", MBOX)
    assert set(roles(mbox).values()) == {("A. Lima", "other"), ("Bo Chen", "other")}
    expected = {"email:ferry-1@example.org": ("A. Lima", "user"), "email:ferry-2@example.org": ("Bo Chen", "other")}
    assert roles(mbox, "ana@example.org") == expected
    assert roles(mbox, "Ana Lima <ana@example.org>") == expected
    assert roles(mbox, "a. lima") == expected


def test_slack_member_is_found_by_real_display_or_handle_name(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    plain = roles(folder)
    assert {role for _, role in plain.values()} == {"other"}
    for name in ("ana v", "ana"):  # display name, handle (users.json)
        marked = roles(folder, name)
        assert marked.keys() == plain.keys()
        assert {speaker for speaker, role in marked.values() if role == "user"} == {"Ana V"}
    assert {speaker for speaker, role in roles(folder, "Kit Marlowe").values() if role == "user"} == {"Kit Marlowe"}
    assert {speaker for speaker, role in roles(folder, "zq").values() if role == "user"} == {"Zoë Quill"}  # the message's own profile
    archive = zip_export(folder, tmp_path / "export.zip")
    assert {speaker for speaker, role in roles(archive, "ana v").values() if role == "user"} == {"Ana V"}


def discord_export(path: Path) -> Path:
    def author(number: int, name: str, nickname: str, bot: bool = False) -> dict:
        return {"id": str(number), "name": name, "discriminator": "0000", "nickname": nickname, "isBot": bot}

    messages = [
        {"id": "301", "type": "Default", "timestamp": "2024-01-02T10:00:00+00:00", "content": "Ferry at seven?", "author": author(1, "analima", "Ana")},
        {"id": "302", "type": "Default", "timestamp": "2024-01-02T10:01:00+00:00", "content": "Yes, pier four.", "author": author(2, "bochen", "Bo")},
    ]
    data = {"guild": {"id": "9", "name": "Harbour"}, "channel": {"id": "7", "type": "GuildTextChat", "name": "general"}, "messages": messages}
    return write(path, json.dumps(data))


def test_discord_author_is_found_by_name_or_nickname(tmp_path: Path) -> None:
    export = discord_export(tmp_path / "Harbour - general.json")
    assert set(roles(export).values()) == {("Ana", "other"), ("Bo", "other")}
    assert roles(export, "analima") == roles(export, "ANA") == {"discord:301": ("Ana", "user"), "discord:302": ("Bo", "other")}


def test_chat_log_and_json_lines_without_a_role(tmp_path: Path) -> None:
    log = write(tmp_path / "chat.txt", "[2024-03-01 10:15] Ana Lima: hi\n[2024-03-01 10:16] Bo: hey\n")
    assert sorted(roles(log, "Ana Lima").values()) == [("Ana Lima", "user"), ("Bo", "other")]
    lines = [{"conversation": "c", "id": "j1", "time": "2024-03-01T10:00:00", "speaker": "Ana Lima", "text": "hi"},
             {"conversation": "c", "id": "j2", "time": "2024-03-01T10:01:00", "speaker": "Ana Lima", "text": "a quote", "role": "other"},
             {"conversation": "c", "id": "j3", "time": "2024-03-01T10:02:00", "speaker": "Bo", "text": "hey"}]
    jsonl = write(tmp_path / "m.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    # a line's own role is believed
    assert roles(jsonl, "ana lima") == {"j1": ("Ana Lima", "user"), "j2": ("Ana Lima", "other"), "j3": ("Bo", "other")}


def telegram_chat(chat_type: str, chat_id: int) -> dict:
    return {"name": "Harbour friends", "type": chat_type, "id": chat_id, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-02T10:00:00", "date_unixtime": "1704189600", "from": "Ana Lima",
         "from_id": "user11", "text": "Ferry at seven?"},
        {"id": 2, "type": "message", "date": "2024-01-02T10:01:00", "date_unixtime": "1704189660", "from": "Bo Chen",
         "from_id": "user22", "text": "Yes."}]}


def test_telegram_group_alone_uses_the_names_but_an_account_export_says_itself(tmp_path: Path) -> None:
    group = write(tmp_path / "group" / "result.json", json.dumps(telegram_chat("private_group", 500)))
    assert set(roles(group).values()) == {("Ana Lima", "other"), ("Bo Chen", "other")}
    assert roles(group, "Ana Lima") == {"telegram:500:1": ("Ana Lima", "user"), "telegram:500:2": ("Bo Chen", "other")}
    account = {"about": "Here is the data you requested.", "personal_information": {"user_id": 22, "first_name": "Bo"},
               "chats": {"about": "", "list": [telegram_chat("private_group", 500)]}}
    path = write(tmp_path / "account" / "result.json", json.dumps(account))
    # the export names its owner (Bo): the names given change nothing
    assert roles(path, "Ana Lima") == roles(path) == {"telegram:500:1": ("Ana Lima", "other"), "telegram:500:2": ("Bo Chen", "user")}


@pytest.mark.parametrize("owner", [(), ("Ana Lima",)])
def test_assistant_exports_are_not_changed_by_names(tmp_path: Path, owner: tuple[str, ...]) -> None:
    claude = [{"uuid": "c1", "name": "Trip", "created_at": "2024-01-02T10:00:00Z", "updated_at": "2024-01-02T10:00:00Z",
               "account": {"uuid": "a1"}, "chat_messages": [
                   {"uuid": "m1", "text": "Plan a ferry trip", "sender": "human", "created_at": "2024-01-02T10:00:00Z"},
                   {"uuid": "m2", "text": "Sure.", "sender": "assistant", "created_at": "2024-01-02T10:00:05Z"}]}]
    path = write(tmp_path / "conversations.json", json.dumps(claude))
    assert sorted(role for _, role in roles(path, *owner, fmt="claude").values()) == ["assistant", "user"]


def test_a_second_import_with_the_names_adds_nothing(tmp_path: Path) -> None:
    chat = write(tmp_path / "WhatsApp Chat with Bo Chen.txt", WHATSAPP)
    memory = Memory(tmp_path / "data", "fake", extractor=None)
    try:
        options = ImportOptions(owner_names=("Ana Lima",))
        first = memory.import_path(chat, options=options)
        again = memory.import_path(chat, options=options)
        stored = sorted((m.speaker, m.role) for m in memory.messages())
    finally:
        memory.close()
    assert (first.messages_added, again.messages_added, again.messages_skipped) == (3, 0, 3)
    assert stored == [("ANA LIMA", "user"), ("Ana Lima", "user"), ("Bo Chen", "other")]
