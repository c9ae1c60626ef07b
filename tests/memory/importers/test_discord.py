"""DiscordChatExporter JSON: hand-written samples in the exporter's shape (invented people, servers and places)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import HOSTILE_TEXT, JSON, parse_or_reject
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.discord import DiscordImporter, kind_of
from remembrancer.memory.types import ParsedMessage

CHANNEL = "1100000000000000001"


def author(name: str, nickname: str | None = None, bot: bool = False, id: str = "2200000000000000001") -> dict[str, Any]:
    return {"id": id, "name": name.lower(), "discriminator": "0000", "nickname": nickname or name, "color": None, "isBot": bot,
            "roles": [], "avatarUrl": "https://cdn.example.org/a.png"}


ILKA = author("Ilka", "Ilka B.", id="2200000000000000001")
KENJI = author("Kenji", id="2200000000000000002")
BOT = author("Harbour Bot", bot=True, id="2200000000000000009")


def message(id: int, content: str, who: dict[str, Any] = ILKA, type: str = "Default", time: str = "2024-02-10T19:05:03.123+01:00",
            **extra: Any) -> dict[str, Any]:
    return {"id": str(3300000000000000000 + id), "type": type, "timestamp": time, "timestampEdited": None,
            "callEndedTimestamp": None, "isPinned": False, "content": content, "author": who, "attachments": [], "embeds": [],
            "stickers": [], "reactions": [], "mentions": [], **extra}


def export(messages: list[dict[str, Any]], channel_type: str = "GuildTextChat", channel_name: str = "trip-planning",
           guild: str = "Fjordby Hikers") -> dict[str, Any]:
    guild_id = "0" if channel_type.startswith("Direct") else "4400000000000000001"
    return {
        "guild": {"id": guild_id, "name": guild, "iconUrl": "https://cdn.example.org/g.png"},
        "channel": {"id": CHANNEL, "type": channel_type, "categoryId": "5500000000000000001", "category": "Outdoors",
                    "name": channel_name, "topic": None},
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2024-03-01T12:00:00+01:00",
        "messages": messages,
        "messageCount": len(messages),
    }


def write(path: Path, data: Any) -> Path:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only as a JSON escape
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def parse(path: Path) -> list[ParsedMessage]:
    return DiscordImporter().parse(path, path.parent)


def server_channel() -> dict[str, Any]:
    return export([
        message(1, "", type="GuildMemberJoin"),
        message(2, "Who is up for the ridge walk on Saturday?"),
        message(3, "Me! I'll bring the stove.", KENJI, type="Reply", reference={"messageId": "3300000000000000002", "channelId": CHANNEL}),
        message(4, "Reminder: Saturday 9:00 at the pier", BOT),
        message(5, "", type="ChannelPinnedMessage"),
        message(6, "map of the route", attachments=[{"id": "1", "url": "https://cdn.example.org/route.png", "fileName": "route.png", "fileSizeBytes": 1024}],
                timestampEdited="2024-02-10T19:30:00+01:00"),
        message(7, "", KENJI, attachments=[{"id": "2", "url": "https://cdn.example.org/v.ogg", "fileName": "voice-message.ogg", "fileSizeBytes": 9}]),
        message(8, "", type="ThreadCreated"),
        message(9, "", KENJI, stickers=[{"id": "1", "name": "Wave", "format": "Png", "sourceUrl": "https://cdn.example.org/s.png"}]),
        message(10, "https://example.org/fjordby-ridge", embeds=[{"title": "Fjordby ridge trail", "url": "https://example.org/fjordby-ridge",
                                                                "description": "A 12 km loop."}]),
    ])


def test_server_channel(tmp_path: Path) -> None:
    messages = parse(write(tmp_path / "Fjordby Hikers - trip-planning [1100000000000000001].json", server_channel()))
    by_n = {int(m.id.removeprefix("discord:")) - 3300000000000000000: m for m in messages}
    assert sorted(by_n) == [2, 3, 6, 7, 9, 10]  # joins, pins, thread notices and the server's bot skipped
    ask, reply = by_n[2], by_n[3]
    assert ask.id == "discord:3300000000000000002" and ask.conversation == f"discord:{CHANNEL}"
    assert (ask.speaker, ask.role, reply.speaker) == ("Ilka B.", "other", "Kenji")
    assert ask.time == "2024-02-10T19:05:03+01:00"
    assert ask.metadata["title"] == "Fjordby Hikers #trip-planning"
    assert {k: ask.metadata[k] for k in ("guild", "guild_id", "channel", "category", "channel_type")} == {
        "guild": "Fjordby Hikers", "guild_id": "4400000000000000001", "channel": "trip-planning", "category": "Outdoors",
        "channel_type": "GuildTextChat"}
    assert ask.metadata["author_id"] == "2200000000000000001" and ask.metadata["author_name"] == "ilka"
    assert reply.metadata["reply_to"] == "discord:3300000000000000002"
    assert by_n[6].text == "map of the route\n[photo: route.png]" and by_n[6].metadata["edited"] == "2024-02-10T19:30:00+01:00"
    assert by_n[6].metadata["attachments"] == [{"kind": "image", "name": "route.png", "url": "https://cdn.example.org/route.png"}]
    assert by_n[7].text == "[audio: voice-message.ogg]"
    assert by_n[9].text == "[sticker: Wave]"
    assert by_n[10].text == "https://example.org/fjordby-ridge"
    assert by_n[10].metadata["embeds"] == [{"title": "Fjordby ridge trail", "url": "https://example.org/fjordby-ridge"}]


def test_a_bot_dm_keeps_the_bot_as_an_assistant(tmp_path: Path) -> None:
    dm = export([message(1, "what's the tide at Fjordby?", KENJI), message(2, "Low tide at 14:20.", BOT),
                 message(3, "", BOT, embeds=[{"title": "Tide table", "description": "High 08:10, low 14:20"}])],
                channel_type="DirectTextChat", channel_name="Harbour Bot", guild="Direct Messages")
    ask, answer, card = parse(write(tmp_path / "dm.json", dm))
    assert (ask.role, answer.role, answer.speaker) == ("other", "assistant", "Harbour Bot")
    assert card.text == "Tide table\nHigh 08:10, low 14:20"
    assert ask.metadata["title"] == "Harbour Bot"  # a DM is named by its channel, not "Direct Messages"


def test_attachment_kinds_by_extension() -> None:
    assert [kind_of(n) for n in ("a.JPG", "b.webp", "c.mov", "d.mp3", "e.opus", "f.pdf", "noextension", "g.tar.gz")] == [
        "image", "image", "video", "audio", "audio", "file", "file", "file"]


def test_non_latin_long_and_empty(tmp_path: Path) -> None:
    long_text = "قضينا اليوم كله على الشاطئ وتحدثنا عن الرحلة. " * 5000
    channel = export([message(1, "週末は雨らしいです。"), message(2, "Встречаемся у причала в девять."), message(3, long_text, KENJI)])
    japanese, russian, arabic = parse(write(tmp_path / "c.json", channel))
    assert (japanese.text, russian.text) == ("週末は雨らしいです。", "Встречаемся у причала в девять.")
    assert arabic.text == long_text.strip() and len(arabic.text) > 200_000
    assert parse(write(tmp_path / "empty.json", export([]))) == []
    assert parse(write(tmp_path / "system.json", export([message(1, "", type="GuildMemberJoin"), message(2, "")]))) == []


def test_reimport_gives_the_same_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "c.json", server_channel())
    assert parse(path) == parse(path)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda m: m.update(timestamp="last week"), "`timestamp` is not ISO 8601"),
        (lambda m: m.pop("timestamp"), "`timestamp` must be an ISO 8601 string"),
        (lambda m: m.update(author="Ilka"), "`author` must be an object"),
        (lambda m: m.update(content=["x"]), "`content` must be a string"),
        (lambda m: m.update(attachments=[{"url": "x"}]), "attachment 1: `fileName` must be a string"),
        (lambda m: m.update(content="\udc00"), "lone surrogate"),
        (lambda m: m.update(timestampEdited="later"), "`timestampEdited` is not ISO 8601"),
    ],
)
def test_a_malformed_message_names_its_place_and_line(tmp_path: Path, mutate: Any, reason: str) -> None:
    data = server_channel()
    mutate(data["messages"][5])
    path = write(tmp_path / "c.json", data)
    with pytest.raises(InputError) as info:
        parse(path)
    assert reason in info.value.reason and info.value.reason.startswith("message 6: ")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert info.value.path == str(path) and lines[info.value.line - 1].strip() == "{" and '"id": "3300000000000000006"' in lines[info.value.line]


def test_broken_files(tmp_path: Path) -> None:
    broken = tmp_path / "c.json"
    broken.write_text('{\n  "guild": {"id": "1", "name": "G"},\n  "channel": {"id": "2"},\n  "messages": [\n    {"id": "3",,\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as info:
        parse(broken)
    assert info.value.line == 5
    for data, reason in [([], "expected a DiscordChatExporter export"), ({"channel": {"id": "1"}, "messages": {}}, "expected a Discord"),
                         ({"channel": {"name": "x"}, "messages": []}, "`channel.id` must be a string"),
                         (export([42]), "message 1: must be an object"), (export([{"id": "", "author": ILKA}]), "message 1: `id`")]:
        with pytest.raises(InputError, match=reason):
            parse(write(tmp_path / "bad.json", data))


def test_auto_detection(tmp_path: Path) -> None:
    write(tmp_path / "Fjordby Hikers - trip-planning [1].json", server_channel())
    write(tmp_path / "conversations.json", server_channel())  # renamed: not ChatGPT's
    minified = tmp_path / "min.json"
    minified.write_text(json.dumps(export([]), separators=(",", ":")), encoding="utf-8")
    write(tmp_path / "settings.json", {"guild": {"id": "1"}, "channel": {"id": "2"}})  # no messages: not an export
    write(tmp_path / "telegram.json", {"name": "A", "type": "personal_chat", "id": 1, "messages": []})
    plan = {p.name: importer.name for p, importer in plan_files(tmp_path)}
    assert plan == {"Fjordby Hikers - trip-planning [1].json": "discord", "conversations.json": "discord", "min.json": "discord",
                    "telegram.json": "telegram"}
    ((_, forced),) = plan_files(tmp_path / "settings.json", "discord")
    assert forced.name == "discord"
    assert [p.name for p, _ in plan_files(tmp_path, "discord")] == ["Fjordby Hikers - trip-planning [1].json", "conversations.json", "min.json"]


HOSTILE = settings(max_examples=60, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_FIELDS = st.fixed_dictionaries({}, optional={
    "id": JSON, "type": st.sampled_from(["Default", "Reply", "GuildMemberJoin"]) | JSON, "timestamp": st.text(max_size=30) | JSON,
    "timestampEdited": JSON, "content": HOSTILE_TEXT | JSON, "author": st.fixed_dictionaries({}, optional={
        "id": JSON, "name": HOSTILE_TEXT | JSON, "nickname": HOSTILE_TEXT | JSON, "isBot": JSON}) | JSON,
    "attachments": st.lists(st.fixed_dictionaries({}, optional={"fileName": HOSTILE_TEXT | JSON, "url": JSON}), max_size=2) | JSON,
    "embeds": JSON, "stickers": JSON, "reference": JSON,
})


@HOSTILE
@given(st.fixed_dictionaries({"channel": st.fixed_dictionaries({}, optional={"id": JSON, "type": JSON, "name": HOSTILE_TEXT | JSON}) | JSON,
                              "messages": st.lists(_FIELDS.map(lambda m: {**message(1, "x"), **m}) | JSON, max_size=4)},
                             optional={"guild": JSON}) | JSON)
def test_hostile_exports_parse_or_are_rejected_cleanly(data: Any) -> None:
    parse_or_reject("discord", "c.json", json.dumps(data).encode())
    with tempfile.TemporaryDirectory() as tmp:  # detection peeks at any JSON without failing
        path = Path(tmp) / "c.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert DiscordImporter().claims(path) in (True, False)
