"""Telegram Desktop `result.json`: hand-written samples in the export's shapes (invented people and places)."""
from __future__ import annotations

import json
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import HOSTILE_TEXT, JSON, parse_or_reject
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.telegram import TelegramImporter
from remembrancer.memory.timeutil import parse_time, to_iso
from remembrancer.memory.types import ParsedMessage

PEER, OWNER = 4815162342, 77001
WINTER = 1_699_174_872  # 2023-11-05T09:01:12Z: Central Europe at +01:00
SUMMER = 1_688_200_000  # 2023-07-01T08:26:40Z: Central Europe at +02:00


def local(unix: int, hours: int) -> str:
    """`date` as Telegram Desktop writes it: the exporting computer's wall clock, no zone."""
    return datetime.fromtimestamp(unix + hours * 3600, timezone.utc).replace(tzinfo=None).isoformat()


def msg(id: int, text: Any = "", sender: str | None = "Mirela Dunmore", from_id: str = f"user{PEER}", unix: int = WINTER,
        hours: int = 1, type: str = "message", **extra: Any) -> dict[str, Any]:
    message = {"id": id, "type": type, "date": local(unix, hours), "date_unixtime": str(unix)}
    if type == "message":
        message.update({"from": sender, "from_id": from_id})
    return {**message, **extra, "text": text, "text_entities": []}


def owner_msg(id: int, text: Any = "", **extra: Any) -> dict[str, Any]:
    return msg(id, text, "Teodor Pellow", f"user{OWNER}", **extra)


def personal_chat(messages: list[dict[str, Any]], name: str = "Mirela Dunmore", chat_id: int = PEER, type: str = "personal_chat") -> dict[str, Any]:
    return {"name": name, "type": type, "id": chat_id, "messages": messages}


def account(chats: list[dict[str, Any]], left: list[dict[str, Any]] | None = None, user_id: int = OWNER) -> dict[str, Any]:
    data: dict[str, Any] = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": user_id, "first_name": "Teodor", "last_name": "Pellow", "phone_number": "+00 000 000"},
        "contacts": {"about": "Contacts", "list": [{"user_id": PEER, "first_name": "Mirela", "last_name": "Dunmore"}]},
        "chats": {"about": "Chats", "list": chats},
    }
    if left is not None:
        data["left_chats"] = {"about": "Left chats", "list": left}
    return data


def write(path: Path, data: Any) -> Path:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only as a JSON escape
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def parse(path: Path) -> list[ParsedMessage]:
    return TelegramImporter().parse(path, path.parent)


def hut_chat() -> dict[str, Any]:
    return personal_chat([
        msg(101, type="service", actor="Mirela Dunmore", actor_id=f"user{PEER}", action="phone_call", duration_seconds=65),
        msg(102, ["We booked the ", {"type": "bold", "text": "hut"}, " above ", {"type": "text_link", "text": "Fjordby", "href": "https://example.org/fjordby"}, "!"]),
        owner_msg(103, "", photo="photos/photo_1@05-11-2023_10-02-00.jpg", width=800, height=600, unix=WINTER + 60),
        owner_msg(104, "the lake at dawn", file="video_files/IMG_2034.MOV", media_type="video_file", mime_type="video/quicktime",
                  reply_to_message_id=102, unix=WINTER + 120),
    ])


def test_single_personal_chat(tmp_path: Path) -> None:
    messages = parse(write(tmp_path / "result.json", hut_chat()))
    assert [m.id for m in messages] == [f"telegram:{PEER}:102", f"telegram:{PEER}:103", f"telegram:{PEER}:104"]  # the call is skipped
    first, photo, video = messages
    assert {m.conversation for m in messages} == {f"telegram:{PEER}"}
    assert first.metadata["title"] == "Mirela Dunmore" and first.metadata["chat_type"] == "personal_chat"
    assert first.text == "We booked the hut above Fjordby!"  # entities flattened
    assert first.metadata["links"] == ["https://example.org/fjordby"]
    assert (first.speaker, first.role) == ("Mirela Dunmore", "other")
    # a one-to-one chat's id is the other person's: the one other sender is the owner
    assert (photo.speaker, photo.role, video.role) == ("Teodor Pellow", "user", "user")
    assert first.time == "2023-11-05T10:01:12+01:00"  # the wall clock the person saw, with its offset
    assert parse_time(first.time).timestamp() == WINTER
    assert photo.text == "[photo]" and photo.metadata["attachments"] == [{"kind": "image", "path": "photos/photo_1@05-11-2023_10-02-00.jpg"}]
    assert video.text == "the lake at dawn\n[video: IMG_2034.MOV]"
    assert video.metadata["attachments"][0]["kind"] == "video" and video.metadata["attachments"][0]["name"] == "IMG_2034.MOV"
    assert video.metadata["reply_to_message_id"] == 102 and video.metadata["reply_to"] == f"telegram:{PEER}:102"


def test_account_export_names_the_owner_and_keeps_chats_apart(tmp_path: Path) -> None:
    group = personal_chat([
        msg(7, type="service", actor="Teodor Pellow", actor_id=f"user{OWNER}", action="invite_members", members=["Ilka Brandt"]),
        msg(8, "Who brings the kayak?", "Ilka Brandt", "user5150"),
        owner_msg(9, "I will, it fits on my car."),
        msg(10, "I left the group long ago", None, "user6060"),  # a deleted account
    ], name="Kayak club", chat_id=1357913579, type="private_supergroup")
    twin = personal_chat([msg(3, "Same name, other person", "Mum", "user2222")], name="Mum", chat_id=2222)
    other_twin = personal_chat([msg(3, "Another mum entirely", "Mum", "user3333")], name="Mum", chat_id=3333)
    left = personal_chat([owner_msg(11, "Bye all")], name="Old flatmates", chat_id=24682468, type="private_group")
    messages = parse(write(tmp_path / "result.json", account([hut_chat(), group, twin, other_twin], left=[left])))
    by_id = {m.id: m for m in messages}
    assert len(messages) == 3 + 3 + 1 + 1 + 1
    assert by_id["telegram:1357913579:9"].role == "user" and by_id["telegram:1357913579:8"].role == "other"
    assert by_id["telegram:1357913579:10"].speaker == "Deleted Account"
    assert by_id["telegram:24682468:11"].role == "user"  # left chats are read too
    assert by_id["telegram:2222:3"].conversation != by_id["telegram:3333:3"].conversation
    assert by_id["telegram:2222:3"].metadata["title"] == by_id["telegram:3333:3"].metadata["title"] == "Mum"
    # the same chat exported alone gives the same ids (importing both adds nothing twice)
    alone = parse(write(tmp_path / "alone.json", hut_chat()))
    assert {m.id for m in alone} <= set(by_id)


def test_the_owner_is_not_guessed_in_a_group_export(tmp_path: Path) -> None:
    group = personal_chat([msg(1, "hi", "Ilka Brandt", "user5150"), owner_msg(2, "hello")], name="Kayak club", chat_id=99, type="private_group")
    assert {m.role for m in parse(write(tmp_path / "result.json", group))} == {"other"}


def test_saved_messages_and_bot_chats(tmp_path: Path) -> None:
    saved = {"type": "saved_messages", "id": OWNER, "messages": [owner_msg(1, "Remember: the spare key is under the blue pot.")]}
    (note,) = parse(write(tmp_path / "saved.json", saved))
    assert (note.role, note.metadata["title"]) == ("user", "Saved Messages")
    bot = personal_chat([owner_msg(1, "/weather Wrenfield"), msg(2, "Rain until noon.", "Weather Bot", "user424242")],
                        name="Weather Bot", chat_id=424242, type="bot_chat")
    ask, answer = parse(write(tmp_path / "bot.json", bot))
    assert (ask.role, answer.role) == ("user", "assistant")


def test_forwarded_words_are_their_authors(tmp_path: Path) -> None:
    chat = personal_chat([owner_msg(5, "I got the job in Wrenfield!", forwarded_from="Kenji Sakuragawa"), msg(6, "Tell him congrats")])
    forwarded, _ = parse(write(tmp_path / "result.json", chat))
    assert (forwarded.speaker, forwarded.role) == ("Kenji Sakuragawa", "other")
    assert forwarded.metadata["forwarded_by"] == "Teodor Pellow" and forwarded.metadata["forwarded_from"] == "Kenji Sakuragawa"


def test_media_become_attachments(tmp_path: Path) -> None:
    skipped = "(File not included. Change data exporting settings to download.)"
    chat = personal_chat([
        msg(1, "", file="voice_messages/audio_1@05-11-2023_10-00-00.ogg", media_type="voice_message", mime_type="audio/ogg", duration_seconds=12),
        msg(2, "", file="stickers/sticker.webp", media_type="sticker", sticker_emoji="😂"),
        msg(3, "the plan", file="files/plan.pdf", file_name="route plan.pdf", mime_type="application/pdf"),
        msg(4, "", file=skipped, media_type="animation", mime_type="video/mp4"),
        msg(5, "", file="files/song.mp3", media_type="audio_file", performer="The Quillons", title="Harbour Lights"),
        msg(6, "", photo=skipped),
        msg(7, "", poll={"question": "Lake or hills?", "closed": False, "total_voters": 2,
                         "answers": [{"text": "Lake", "voters": 1, "chosen": True}, {"text": "Hills", "voters": 1, "chosen": False}]}),
        msg(8, "meet here", place_name="Fjordby pier", address="1 Harbour Row", location_information={"latitude": 60.1, "longitude": 5.2}),
        msg(9, "", file="round_video_messages/file_2@05-11-2023.mp4", media_type="video_message"),
        msg(10, "", contact_information={"first_name": "Ilka", "last_name": "Brandt", "phone_number": "+00 111"}),
        msg(11, "", game_title="Lumberjack"),  # nothing a person said: skipped
    ])
    texts = {int(m.id.rsplit(":", 1)[1]): m for m in parse(write(tmp_path / "result.json", chat))}
    assert texts[1].text == "[voice message]" and texts[1].metadata["attachments"][0]["kind"] == "audio"
    assert texts[2].text == "😂" and texts[2].metadata["attachments"][0]["kind"] == "image"
    assert texts[3].text == "the plan\n[file: route plan.pdf]"
    assert texts[4].text == "[GIF]" and texts[4].metadata["attachments"][0] == {"kind": "video", "media_type": "animation", "mime_type": "video/mp4"}
    assert texts[5].text == "[audio: The Quillons - Harbour Lights]"
    assert texts[6].text == "[photo]" and "path" not in texts[6].metadata["attachments"][0]
    assert texts[7].text == "Poll: Lake or hills?\n- Lake\n- Hills"
    assert texts[8].text == "meet here\n[location: Fjordby pier, 1 Harbour Row]"
    assert texts[9].text == "[video message]" and texts[9].metadata["attachments"][0]["kind"] == "video"
    assert texts[10].text == "[contact: Ilka Brandt]"
    assert 11 not in texts


def test_non_latin_and_very_long_messages(tmp_path: Path) -> None:
    long_text = "Мы шли вдоль берега и говорили о лодках. " * 5000
    chat = personal_chat([
        msg(1, "来週、京都で会いましょう。"),
        msg(2, ["سأصل إلى ", {"type": "italic", "text": "المطار"}, " في الثامنة"]),
        owner_msg(3, long_text),
    ], name="Юлия")
    japanese, arabic, russian = parse(write(tmp_path / "result.json", chat))
    assert japanese.text == "来週、京都で会いましょう。"
    assert arabic.text == "سأصل إلى المطار في الثامنة"
    assert russian.text == long_text.strip() and len(russian.text) > 200_000
    assert russian.metadata["title"] == "Юлия"


def test_empty_chats(tmp_path: Path) -> None:
    assert parse(write(tmp_path / "result.json", personal_chat([]))) == []
    assert parse(write(tmp_path / "account.json", account([]))) == []
    only_service = personal_chat([msg(1, type="service", action="pin_message"), msg(2, type="unsupported")])
    assert parse(write(tmp_path / "service.json", only_service)) == []


def test_times(tmp_path: Path) -> None:
    chat = personal_chat([
        msg(1, "summer", unix=SUMMER, hours=2),
        msg(2, "Tokyo", unix=SUMMER, hours=9),
        {"id": 3, "type": "message", "date_unixtime": str(SUMMER), "from": "A", "from_id": "user1", "text": "instant only"},
        {"id": 4, "type": "message", "date": "2023-07-01T10:26:40", "from": "A", "from_id": "user1", "text": "wall clock only"},
        msg(5, "edited", edited=local(SUMMER + 60, 2), edited_unixtime=str(SUMMER + 60), unix=SUMMER, hours=2),
    ])
    summer, tokyo, instant, wall, edited = parse(write(tmp_path / "result.json", chat))
    assert summer.time == "2023-07-01T10:26:40+02:00" and tokyo.time == "2023-07-01T17:26:40+09:00"
    assert instant.time == "2023-07-01T08:26:40+00:00"
    assert wall.time == to_iso(parse_time("2023-07-01T10:26:40"))  # naive: local time, as the contract says
    assert edited.metadata["edited"] == "2023-07-01T10:27:40+02:00"


def test_reimport_gives_the_same_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", account([hut_chat()]))
    assert parse(path) == parse(path)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda m: m.update(date="someday", date_unixtime=None), "`date` is not ISO 8601"),
        (lambda m: m.update(date_unixtime="soon"), "`date_unixtime` must be a number"),
        (lambda m: m.update(text=42), "`text` must be a string or a list"),
        (lambda m: m.update(text=["ok", {"type": "bold"}, 7]), "`text` part 3"),
        (lambda m: m.pop("type"), "`type` must be a string"),
        (lambda m: m.update(text="\ud800"), "lone surrogate"),
    ],
)
def test_a_malformed_message_names_its_chat_place_and_line(tmp_path: Path, mutate: Any, reason: str) -> None:
    messages = hut_chat()["messages"]
    mutate(messages[2])
    path = write(tmp_path / "result.json", account([personal_chat([msg(1, "fine")], name="Other", chat_id=5), personal_chat(messages)]))
    with pytest.raises(InputError) as info:
        parse(path)
    assert reason in info.value.reason and "chat 'Mirela Dunmore', message 3" in info.value.reason
    lines = path.read_text(encoding="utf-8").splitlines()
    assert info.value.path == str(path) and lines[info.value.line - 1].strip() == "{" and '"id": 103' in lines[info.value.line]


def test_broken_files(tmp_path: Path) -> None:
    broken = tmp_path / "result.json"
    broken.write_text('{\n "name": "A",\n "type": "personal_chat",\n "id": 1,\n "messages": [\n  {"id": 1,\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as info:
        parse(broken)
    assert info.value.line == 7
    for data, reason in [([1, 2], "expected a Telegram export"), ({"name": "A", "id": 1, "messages": {}}, "`messages` list"),
                         ({"about": "x", "chats": {"list": "no"}}, "`chats.list` must be a list"),
                         ({"about": "x", "chats": {"list": [{"name": "A"}]}}, "chat 1: must be an object with a `messages` list"),
                         (personal_chat([msg(1, "hi")], chat_id=None), "`id` must be a number"),  # type: ignore[arg-type]
                         (personal_chat(["just a string"]), "message 1: must be an object")]:
        with pytest.raises(InputError, match=reason):
            parse(write(tmp_path / "bad.json", data))
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(json.dumps(personal_chat([msg(1, "café")]), ensure_ascii=False).encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        parse(latin1)


def test_control_character_escapes_telegram_writes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    text = json.dumps(personal_chat([msg(1, "tab\there")]), indent=1).replace("\\t", "\\x0B")
    path.write_text(text.replace('"tab', '"\\\\x0B and tab'), encoding="utf-8")  # an escaped backslash before x stays as it is
    (message,) = parse(path)
    assert message.text == "\\x0B and tab\x0bhere"


def test_auto_detection(tmp_path: Path) -> None:
    write(tmp_path / "result.json", hut_chat())
    (tmp_path / "account").mkdir()
    write(tmp_path / "account" / "result.json", account([hut_chat()]))
    write(tmp_path / "conversations.json", hut_chat())  # renamed: ChatGPT's file name must not steal it
    minified = tmp_path / "min.json"
    minified.write_text(json.dumps({"type": "saved_messages", "id": 1, "messages": []}, separators=(",", ":")), encoding="utf-8")
    no_personal = {"about": "Here is the data you requested.", "chats": {"about": "", "list": []}}
    write(tmp_path / "chats_only.json", no_personal)
    write(tmp_path / "package.json", {"name": "kayak", "type": "module", "version": "1.0.0"})
    write(tmp_path / "other.json", {"name": "A", "type": "personal_chat", "id": "not a number", "messages": []})
    write(tmp_path / "chatgpt.json", [{"title": "t", "mapping": {}}])
    plan = {p.relative_to(tmp_path).as_posix(): importer.name for p, importer in plan_files(tmp_path)}
    assert plan == {"result.json": "telegram", "account/result.json": "telegram", "conversations.json": "telegram",
                    "min.json": "telegram", "chats_only.json": "telegram", "chatgpt.json": "chatgpt"}
    with pytest.raises(InputError, match="cannot tell the format; pass --format .*telegram"):
        plan_files(tmp_path / "package.json")


def test_a_big_head_is_still_recognised(tmp_path: Path) -> None:
    contacts = [{"user_id": i, "first_name": f"Friend {i}", "last_name": "", "phone_number": ""} for i in range(3000)]
    data = account([hut_chat()])
    data["contacts"]["list"] = contacts
    path = write(tmp_path / "result.json", data)
    assert path.stat().st_size > 200_000
    ((_, importer),) = plan_files(path)
    assert importer.name == "telegram"


HOSTILE = settings(max_examples=60, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_FIELDS = st.fixed_dictionaries({}, optional={
    "id": JSON, "type": st.sampled_from(["message", "service", "unsupported"]) | JSON, "date": st.text(max_size=25) | JSON,
    "date_unixtime": st.integers(-10**12, 10**12).map(str) | JSON, "from": HOSTILE_TEXT | JSON, "from_id": JSON,
    "text": HOSTILE_TEXT | st.lists(HOSTILE_TEXT | st.fixed_dictionaries({"type": JSON, "text": HOSTILE_TEXT | JSON}), max_size=4) | JSON,
    "photo": JSON, "file": JSON, "media_type": JSON, "file_name": JSON, "forwarded_from": JSON, "reply_to_message_id": JSON,
    "poll": JSON, "location_information": JSON, "edited": JSON, "edited_unixtime": JSON,
})
_CHATS = st.fixed_dictionaries({"messages": st.lists(_FIELDS.map(lambda m: {**msg(1, "x"), **m}) | JSON, max_size=4)},
                               optional={"name": JSON, "type": JSON, "id": JSON})


@HOSTILE
@given(st.one_of(_CHATS, st.lists(_CHATS, max_size=3).map(lambda chats: {"about": "x", "personal_information": {"user_id": 1}, "chats": {"list": chats}}), JSON))
def test_hostile_exports_parse_or_are_rejected_cleanly(data: Any) -> None:
    parse_or_reject("telegram", "result.json", json.dumps(data).encode())
    with tempfile.TemporaryDirectory() as tmp:  # detection peeks at any JSON without failing
        path = Path(tmp) / "result.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert TelegramImporter().claims(path) in (True, False)
