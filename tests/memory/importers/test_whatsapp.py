"""WhatsApp chat exports: hand-written samples in the shapes Android and iOS phones write (invented people and places)."""
from __future__ import annotations

import logging
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import parse_or_reject
from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import ImportOptions, plan_files
from remembrancer.memory.importers.whatsapp import WhatsAppImporter, chat_name
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.types import ParsedMessage

LRM, NNBSP, NBSP = "\u200e", "\u202f", "\u00a0"

# Android, US English: 12-hour clock, month first, two-digit year.
ANDROID_US = f"""12/31/23, 10:15{NNBSP}PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
12/31/23, 10:15{NNBSP}PM - Kit: Happy almost new year from Porto Velho!
12/31/23, 10:16{NNBSP}PM - You: Same to you.
Call me when the boat lands

and say hi to Wren
12/31/23, 10:17{NNBSP}PM - Kit: <Media omitted>
12/31/23, 10:18{NNBSP}PM - Kit changed the subject to "Trip: Lisbon"
12/31/23, 10:19{NNBSP}PM - Kit added Wren
12/31/23, 10:19{NNBSP}PM - Wren joined using this group's invite link
1/13/24, 9:00{NNBSP}AM - Kit: IMG-20240113-WA0003.jpg (file attached)
Look at the harbour lights
1/13/24, 9:01{NNBSP}AM - Kit: This message was deleted
1/13/24, 9:02{NNBSP}AM - You: You deleted this message
1/13/24, 9:02{NNBSP}AM - Wren: Missed voice call
1/13/24, 9:03{NNBSP}AM - Wren: PTT-20240113-WA0004.opus (file attached)
1/13/24, 9:04{NNBSP}AM - Wren: I left my scarf on the ferry <This message was edited>
1/13/24, 9:05{NNBSP}AM - Wren left
1/13/24, 9:06{NNBSP}AM - Kit: ok
1/13/24, 9:06{NNBSP}AM - Kit: ok
"""

# iOS, German: 24-hour clock with seconds, day first, dots; system lines carry the group's name and a U+200E mark.
IOS_DE = f"""{LRM}[02.01.24, 18:04:51] Bergtour: {LRM}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.
{LRM}[02.01.24, 18:04:51] Bergtour: {LRM}Ilka created group "Bergtour"
{LRM}[02.01.24, 18:05:10] Bergtour: {LRM}Ilka added Tomek
[02.01.24, 18:06:00] Ilka: Treffen wir uns um 7 am Parkplatz Hohe Wand?
[02.01.24, 18:07:30] ~{NNBSP}Tomek: Ja, ich bringe Tee mit.
{LRM}[02.01.24, 18:08:02] Ilka: {LRM}<attached: 00000012-PHOTO-2024-01-02-18-08-02.jpg>
{LRM}[02.01.24, 18:08:40] Tomek: {LRM}image omitted
{LRM}[02.01.24, 18:09:00] Tomek: {LRM}audio omitted
{LRM}[02.01.24, 18:09:30] Ilka: Karte.pdf • 2 Seiten {LRM}<attached: 00000014-Karte.pdf>
{LRM}[13.01.24, 07:01:00] Bergtour: {LRM}Tomek left
[13.01.24, 07:02:00] Ilka: Tomek left early, he said the path was icy
"""

# iOS, US English: 12-hour clock with seconds and U+202F before PM, month first.
IOS_US = f"""[12/31/23, 10:15:03{NNBSP}PM] Kit: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
[12/31/23, 10:15:03{NNBSP}PM] Kit: Fireworks from the roof at Calle Serrana!
{LRM}[12/31/23, 11:59:59{NNBSP}PM] You: {LRM}video omitted
[1/1/24, 12:00:01{NNBSP}AM] You: Happy new year
"""

# Android, British English: 24-hour clock, day first, four-digit year.
ANDROID_GB = """31/12/2023, 22:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
31/12/2023, 22:15 - Morwenna: Dinner at the Lantern Inn on Friday?
01/01/2024, 09:30 - Pip: Yes please
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def parse(path: Path, date_order: str | None = None) -> list[ParsedMessage]:
    return WhatsAppImporter(date_order).parse(path, path.parent)


def local(*parts: int) -> datetime:
    return datetime(*parts).astimezone()


def test_android_us_messages_speakers_times_roles(tmp_path: Path) -> None:
    items = parse(write(tmp_path / "WhatsApp Chat with Kit.txt", ANDROID_US))

    assert [(i.speaker, i.line) for i in items] == [
        ("Kit", 2), ("You", 3), ("Kit", 7), ("Kit", 11), ("Wren", 16), ("Wren", 17), ("Kit", 19), ("Kit", 20),
    ]
    assert {i.conversation for i in items} == {"Kit"}
    assert [i.role for i in items] == ["other", "user", "other", "other", "other", "other", "other", "other"]
    assert items[1].text == "Same to you.\nCall me when the boat lands\n\nand say hi to Wren"
    assert parse_time(items[0].time) == local(2023, 12, 31, 22, 15)
    assert parse_time(items[3].time) == local(2024, 1, 13, 9, 0)
    assert all(parse_time(i.time).utcoffset() is not None and i.time[-6] in "+-" for i in items)
    # a media placeholder is an attachment; with media, the file name is kept and the caption stays the text
    assert items[2].text == "[file]" and items[2].metadata["attachments"] == [{"kind": "file"}]
    assert items[3].text == "Look at the harbour lights\n[photo: IMG-20240113-WA0003.jpg]"
    assert items[3].metadata["attachments"] == [{"kind": "image", "name": "IMG-20240113-WA0003.jpg"}]
    assert items[4].metadata["attachments"] == [{"kind": "audio", "name": "PTT-20240113-WA0004.opus"}]
    assert items[5].text == "I left my scarf on the ferry" and items[5].metadata["edited"] is True
    # the same words twice are two messages with two ids
    assert len({i.id for i in items}) == len(items)
    assert all(i.id.startswith("WhatsApp Chat with Kit.txt:") for i in items)


def test_ios_german_with_marks_group_events_and_attachments(tmp_path: Path) -> None:
    items = parse(write(tmp_path / "_chat.txt", IOS_DE))

    assert [i.speaker for i in items] == ["Ilka", "Tomek", "Ilka", "Tomek", "Tomek", "Ilka", "Ilka"]
    assert items[0].text == "Treffen wir uns um 7 am Parkplatz Hohe Wand?"
    assert parse_time(items[1].time) == local(2024, 1, 2, 18, 7, 30)
    assert items[2].metadata["attachments"] == [{"kind": "image", "name": "00000012-PHOTO-2024-01-02-18-08-02.jpg"}]
    assert items[2].text == "[photo: 00000012-PHOTO-2024-01-02-18-08-02.jpg]"
    assert (items[3].text, items[4].text) == ("[photo]", "[audio]")
    assert items[5].text == "Karte.pdf • 2 Seiten\n[file: 00000014-Karte.pdf]"
    # the marked "Tomek left" is the group's line; the same words typed by Ilka are hers
    assert items[6].text == "Tomek left early, he said the path was icy"
    assert parse_time(items[6].time) == local(2024, 1, 13, 7, 2)


def test_ios_us_twelve_hour_clock_and_you(tmp_path: Path) -> None:
    items = parse(write(tmp_path / "WhatsApp Chat - Kit" / "_chat.txt", IOS_US))
    assert [(i.speaker, i.role) for i in items] == [("Kit", "other"), ("You", "user"), ("You", "user")]
    assert items[0].conversation == "Kit"  # the unzipped export's folder names the chat
    assert parse_time(items[1].time) == local(2023, 12, 31, 23, 59, 59)
    assert parse_time(items[2].time) == local(2024, 1, 1, 0, 0, 1)  # 12 AM is midnight
    assert items[1].metadata["attachments"] == [{"kind": "video"}]


def test_android_day_first_24_hour(tmp_path: Path) -> None:
    items = parse(write(tmp_path / "WhatsApp Chat with Lantern crew.txt", ANDROID_GB))
    assert [(i.speaker, parse_time(i.time)) for i in items] == [
        ("Morwenna", local(2023, 12, 31, 22, 15)), ("Pip", local(2024, 1, 1, 9, 30)),
    ]
    assert items[0].conversation == "Lantern crew"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023-12-31, 22:15 - Ada: hi", local(2023, 12, 31, 22, 15)),  # year first
        ("[2023/12/31 22:15:03] Ada: hi", local(2023, 12, 31, 22, 15, 3)),  # Japanese iOS
        ("31.12.23, 22.15 - Ada: hi", local(2023, 12, 31, 22, 15)),  # dots in the clock (Danish, Finnish)
        ("31/12/2023, 10:15 p. m. - Ada: hi", local(2023, 12, 31, 22, 15)),  # Spanish
        (f"31/12/2023,{NBSP}10:15{NBSP}pm - Ada: hi", local(2023, 12, 31, 22, 15)),  # no-break spaces
        ("31/12/2023 22:15 - Ada: hi", local(2023, 12, 31, 22, 15)),  # no comma
    ],
)
def test_locale_shapes(tmp_path: Path, line: str, expected: datetime) -> None:
    (item,) = parse(write(tmp_path / "chat.txt", line + "\n"))
    assert (item.speaker, item.text, parse_time(item.time)) == ("Ada", "hi", expected)


def test_system_lines_in_another_language_are_skipped(tmp_path: Path) -> None:
    text = (
        "31.12.23, 22:15 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n"
        "31.12.23, 22:16 - Ilka hat den Betreff von \u201eA\u201c zu \u201eTour: Zugspitze\u201c geändert\n"
        "31.12.23, 22:17 - Ilka: Wer kommt mit?\n"
    )
    assert [(i.speaker, i.text) for i in parse(write(tmp_path / "chat.txt", text))] == [("Ilka", "Wer kommt mit?")]


def test_words_that_sound_like_system_lines_are_kept_when_a_person_wrote_them(tmp_path: Path) -> None:
    text = (
        "12/31/23, 10:15 PM - Kit: is this chat end-to-end encrypted?\n"
        "12/31/23, 10:16 PM - Kit: Wren added Lou to the list\n"
        "[12/31/23, 10:17:00 PM] Lou: Kit left\n"
        "[12/31/23, 10:18:00 PM] Lou: This message was deleted\nby accident, sorry\n"
    )
    assert [i.text for i in parse(write(tmp_path / "chat.txt", text))] == [
        "is this chat end-to-end encrypted?", "Wren added Lou to the list", "Kit left", "This message was deleted\nby accident, sorry",
    ]


def test_the_whole_file_decides_the_date_order(tmp_path: Path) -> None:
    # the first lines could be either order; line 3 has a day of 25 in the second place: month first
    text = "03/04/23, 10:00 - Ada: one\n04/05/23, 10:00 - Ada: two\n12/25/23, 10:00 - Ada: three\n"
    items = parse(write(tmp_path / "chat.txt", text))
    assert [parse_time(i.time).date().isoformat() for i in items] == ["2023-03-04", "2023-04-05", "2023-12-25"]


def test_ambiguous_file_guesses_by_clock_and_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    us = write(tmp_path / "us.txt", "03/04/23, 10:00 AM - Ada: one\n")
    eu = write(tmp_path / "eu.txt", "03.04.23, 10:00 - Ada: one\n")
    gb = write(tmp_path / "gb.txt", "03/04/2023, 10:00 am - Ada: one\n")  # a British 12-hour clock: day first
    with caplog.at_level(logging.WARNING):
        (us_item,) = parse(us)
        (eu_item,) = parse(eu)
        (gb_item,) = parse(gb)
    assert parse_time(us_item.time).date().isoformat() == "2023-03-04"  # 12-hour clock, slashes, two-digit year: month first
    assert parse_time(eu_item.time).date().isoformat() == "2023-04-03"
    assert parse_time(gb_item.time).date().isoformat() == "2023-04-03"
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(us) in w and "mdy" in w for w in warned) and any(str(eu) in w and "dmy" in w for w in warned)
    assert all("Ada" not in w and "one" not in w for w in warned)  # no memory text in logs


def test_forced_date_order(tmp_path: Path) -> None:
    path = write(tmp_path / "chat.txt", "03/04/23, 10:00 AM - Ada: one\n")
    (item,) = parse(path, "dmy")
    assert parse_time(item.time).date().isoformat() == "2023-04-03"
    assert WhatsAppImporter().configured(ImportOptions(date_order="dmy")).parse(path, tmp_path)[0].time == item.time
    with pytest.raises(InputError) as info:  # a forced order that makes a month 25 names the line
        parse(write(tmp_path / "us.txt", "03/04/23, 10:00 AM - Ada: one\n12/25/23, 10:00 AM - Ada: two\n"), "dmy")
    assert info.value.line == 2 and "read as dmy" in info.value.reason
    with pytest.raises(InputError):
        WhatsAppImporter("yyy")


def test_ids_are_stable_and_survive_a_longer_export(tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with Kit.txt", ANDROID_US)
    first = {i.id: i.text for i in parse(path)}
    assert {i.id: i.text for i in parse(path)} == first
    lines = ANDROID_US.splitlines()
    lines.insert(2, "12/31/23, 10:15\u202fPM - Kit: (one more, said in between)")
    lines.append("1/14/24, 8:00\u202fAM - Kit: home again")
    write(path, "\n".join(lines) + "\n")
    grown = {i.id: i.text for i in parse(path)}
    assert set(first) <= set(grown) and len(grown) == len(first) + 2

    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        assert mem.import_path(path).messages_added == len(grown)
        again = mem.import_path(path)
        assert (again.messages_added, again.messages_skipped) == (0, len(grown))


def test_zip_exports_ios_and_android(tmp_path: Path) -> None:
    ios = tmp_path / "WhatsApp Chat - Bergtour.zip"
    with zipfile.ZipFile(ios, "w") as archive:
        archive.writestr("_chat.txt", IOS_DE.encode("utf-8"))
        archive.writestr("00000012-PHOTO-2024-01-02-18-08-02.jpg", b"\xff\xd8\xff")
        archive.writestr("__MACOSX/._chat.txt", b"\x00\x05\x16\x07")
    android = tmp_path / "android.zip"
    with zipfile.ZipFile(android, "w") as archive:
        archive.writestr("WhatsApp Chat with Kit.txt", ANDROID_US.encode("utf-8"))
        archive.writestr("IMG-20240113-WA0003.jpg", b"\xff\xd8\xff")

    items = parse(ios)
    assert len(items) == 7 and {i.conversation for i in items} == {"Bergtour"}
    assert all(i.id.startswith("WhatsApp Chat - Bergtour.zip:") for i in items)
    android_items = parse(android)
    assert {i.conversation for i in android_items} == {"Kit"}
    assert [i.text for i in android_items] == [i.text for i in parse(write(tmp_path / "k.txt", ANDROID_US))]
    assert [imp.name for _, imp in plan_files(ios)] == ["whatsapp"]


def test_zip_problems_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "photos.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("IMG-1.jpg", b"\xff\xd8")
    assert not WhatsAppImporter().claims(empty)
    with pytest.raises(InputError, match="holds no WhatsApp chat"):
        parse(empty)
    broken = tmp_path / "chat.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a valid zip"):
        parse(broken)
    bad_line = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad_line, "w") as archive:
        archive.writestr("_chat.txt", "[31.12.23, 22:15:03] Ada: hi\n[32.12.23, 22:16:00] Ada: hm\n")
    with pytest.raises(InputError) as info:
        parse(bad_line)
    assert (info.value.path, info.value.line) == (str(bad_line), 2) and info.value.reason.startswith("_chat.txt: ")


def test_chat_names() -> None:
    assert chat_name(Path("WhatsApp Chat with Kit.txt")) == "Kit"
    assert chat_name(Path("WhatsApp Chat with Kit (1).txt")) == "Kit"
    assert chat_name(Path("WhatsApp-Chat mit Ilka.txt")) == "Ilka"
    assert chat_name(Path("Chat de WhatsApp con Tere.txt")) == "Tere"
    assert chat_name(Path("WhatsApp Chat - Bergtour.zip"), "_chat.txt") == "Bergtour"
    assert chat_name(Path("export.zip"), "WhatsApp Chat with Kit.txt") == "Kit"
    assert chat_name(Path("kit-chat.txt")) == "kit-chat"


def test_non_latin_text_and_names(tmp_path: Path) -> None:
    text = (
        "[2024/01/05 21:03:10] 佐藤花: 明日、東京駅で会いましょう。\n"
        "[2024/01/05 21:04:00] ليلى: سأكون هناك في الساعة الثامنة\u200f.\n"
        "[2024/01/05 21:05:00] Светлана: Хорошо, до встречи!\n"
    )
    items = parse(write(tmp_path / "WhatsApp Chat with 佐藤花.txt", text))
    assert [i.speaker for i in items] == ["佐藤花", "ليلى", "Светлана"]
    assert items[0].text == "明日、東京駅で会いましょう。" and items[0].conversation == "佐藤花"
    assert items[1].text.endswith("\u200f.")  # marks inside the text are the person's and kept
    assert items[2].text == "Хорошо, до встречи!"


def test_very_long_messages(tmp_path: Path) -> None:
    long_line = "Ferry timetable " + "lorem ipsum dolor " * 5000
    many_lines = "\n".join(f"line {n} of the packing list" for n in range(3000))
    text = f"12/31/23, 10:15 PM - Ada: {long_line}\n12/31/23, 10:16 PM - Ada: {many_lines}\n12/31/23, 10:17 PM - Bo: done\n"
    items = parse(write(tmp_path / "chat.txt", text))
    assert [len(i.text) for i in items[:1]] == [len(long_line.strip())]
    assert items[1].text.count("\n") == 2999 and items[2].line == 3002


def test_empty_chats(tmp_path: Path) -> None:
    assert parse(write(tmp_path / "empty.txt", "")) == []
    assert parse(write(tmp_path / "blank.txt", "\n\n")) == []
    only_notice = "12/31/23, 10:15 PM - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n"
    assert parse(write(tmp_path / "notice.txt", only_notice)) == []
    assert parse(write(tmp_path / "media.txt", "12/31/23, 10:15 PM - Ada: This message was deleted\n")) == []


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Chat exported on Monday\n12/31/23, 10:15 PM - Ada: hi\n", 1, "expected a WhatsApp line"),
        ("12/31/23, 10:15 PM - Ada: hi\n12/32/23, 10:16 PM - Ada: hm\n", 2, "impossible date"),
        ("12/31/23, 10:15 PM - Ada: hi\n12/30/23, 13:16 PM - Ada: hm\n", 2, "impossible hour 13"),
        ("12/31/23, 25:15 - Ada: hi\n", 1, "impossible date or time"),
        ("31/01/23, 10:15 - Ada: hi\n01/31/23, 10:16 - Ada: hm\n", 2, "both day-first (line 1) and month-first (line 2)"),
    ],
)
def test_broken_lines_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = write(tmp_path / "broken.txt", text)
    with pytest.raises(InputError) as info:
        parse(path)
    assert (info.value.path, info.value.line) == (str(path), line) and reason in info.value.reason


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes("12/31/23, 10:15 PM - Ada: hi\n".encode() + b"12/31/23, 10:16 PM - Ada: caf\xe9\n")
    with pytest.raises(InputError) as info:
        parse(path)
    assert info.value.line == 2


def test_auto_detection_tells_whatsapp_from_notes_and_text_logs(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    write(root / "WhatsApp Chat with Kit.txt", ANDROID_US)
    write(root / "renamed.txt", f"{LRM}" + IOS_US)  # by content, not by name
    write(root / "bergtour" / "_chat.txt", IOS_DE)
    write(root / "log.txt", "[2024-03-01 10:15] Ana: hi\n")  # the text-log format stays the text importer's
    write(root / "diary.txt", "12/31/23 was a long day.\nWe walked to the lighthouse.\n")  # a note that starts with a date
    plan = {p.relative_to(root).as_posix(): imp.name for p, imp in plan_files(root)}
    assert plan == {
        "WhatsApp Chat with Kit.txt": "whatsapp", "renamed.txt": "whatsapp", "bergtour/_chat.txt": "whatsapp",
        "log.txt": "text", "diary.txt": "markdown",
    }
    # forced, it reads every file whose first line it can (the text log's shape is a year-first iOS line), never the note
    assert [p.name for p, _ in plan_files(root, "whatsapp")] == ["WhatsApp Chat with Kit.txt", "_chat.txt", "log.txt", "renamed.txt"]


@settings(max_examples=60, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(
    st.sampled_from(["12/31/23, 10:15 PM - Ada: hi", "[31.12.23, 22:15:03] Bo: \u200eimage omitted", "1/1/24, 9:00 AM - Ada left",
                     "\u200e[2023/12/31 22:15:03] Bo: \u200e<attached: x.jpg>", "IMG-1.jpg (file attached)", "<Media omitted>"]),
    st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999), st.integers(0, 99), st.text(max_size=20)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]}, {t[3]}:15 PM - {t[4]}"),
    st.text(max_size=40),
), max_size=8).map("\n".join))
def test_hostile_files_parse_or_are_rejected_cleanly(text: str) -> None:
    parse_or_reject("whatsapp", "chat.txt", text.encode("utf-8", "surrogatepass"))
