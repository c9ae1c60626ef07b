from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import JSON, parse_or_reject
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import builtin_importers, plan_files, slack
from remembrancer.memory.importers.slack import SlackImporter
from remembrancer.memory.types import ParsedMessage
from tests.memory.importers.slack_samples import DAY_1, message, write_export, zip_export


def parse_folder(root: Path) -> list[ParsedMessage]:
    return [m for file, importer in plan_files(root) for m in importer.parse(file, root)]


def test_folder_export_names_mentions_links_skips_noise_and_keeps_files(tmp_path: Path) -> None:
    root = write_export(tmp_path / "Hut Club Slack export")
    plan = {p.relative_to(root).as_posix(): imp.name for p, imp in plan_files(root)}
    # users.json, channels.json and dms.json are read by the day files, not imported themselves
    assert plan == {"D01DM/2024-01-02.json": "slack", "hut-trip/2024-01-01.json": "slack",
                    "hut-trip/2024-01-02.json": "slack", "quiet/2024-01-03.json": "slack"}
    messages = parse_folder(root)
    assert [(m.speaker, m.text) for m in messages] == [
        ("Ana V", "Are you bringing the stove?"),
        ("Kit Marlowe", "Hi Ana V! The plan is at our plan & https://example.org/map <draft> in #hut-trip, @here"),
        ("Zoë Quill", "東京で会いましょう"),  # not in users.json: the message's own profile
        ("yuki", "[photo: The hut at dawn]\n[file: route.gpx]"),  # no real or display name: the handle
        ("Ana V", "سنلتقي في المقهى القديم"),
        ("Kit Marlowe", "Встретимся на вокзале в девять."),
    ]
    kit = messages[1]
    assert (kit.id, kit.conversation, kit.time, kit.role) == (
        "slack:hut-trip:1704103200.000100", "slack:hut-trip", "2024-01-01T10:00:00+00:00", "other")
    assert kit.metadata == {"slack_channel": "hut-trip", "slack_ts": "1704103200.000100", "slack_user": "U01KIT",
                            "thread_ts": "1704103200.000100"}
    assert messages[2].metadata["thread_ts"] == "1704103200.000100" and messages[2].conversation == "slack:hut-trip"
    assert messages[3].metadata["attachments"] == [
        {"kind": "image", "name": "IMG_0042.jpg", "caption": "The hut at dawn"}, {"kind": "file", "name": "route.gpx"}]
    assert messages[0].conversation == "slack:D01DM"
    assert (kit.line, messages[2].line) == (16, 24)  # where each message's object opens in its day file
    assert parse_folder(root) == messages  # stable


def test_users_json_is_read_once_per_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_export(tmp_path / "export")
    calls: list[str] = []
    real = slack.user_names
    monkeypatch.setattr(slack, "user_names", lambda text, source: calls.append(str(source.path)) or real(text, source))
    importers = builtin_importers()
    for file, importer in plan_files(root, importers=importers):
        importer.parse(file, root)
    assert calls == [str(root / "users.json")]


def test_zip_reads_as_the_folder(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    expected = [(m.id, m.conversation, m.time, m.speaker, m.text, m.metadata) for m in parse_folder(folder)]
    for prefix in ("", "Hut Club Slack export Jan 1 2024 - Jan 3 2024/"):
        archive = zip_export(folder, tmp_path / f"slack{len(prefix)}.zip", prefix)
        ((_, importer),) = plan_files(archive)
        assert importer.name == "slack"
        messages = importer.parse(archive, tmp_path)
        assert sorted((m.id, m.conversation, m.time, m.speaker, m.text, m.metadata) for m in messages) == sorted(expected)
        assert {m.line for m in messages} == {None}  # a line of a day file is not a line of the zip


def test_other_zips_are_not_claimed(tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("album/2024-01-01.json", "[]")
    assert not SlackImporter().claims(other)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    assert not SlackImporter().claims(tmp_path / "broken.zip")
    with pytest.raises(InputError, match="not a readable zip file"):
        SlackImporter().parse(tmp_path / "broken.zip", tmp_path)
    with pytest.raises(InputError, match="zip holds no Slack export"):
        SlackImporter().parse(other, tmp_path)


def test_a_lone_day_file_is_recognised_by_its_content(tmp_path: Path) -> None:
    day = tmp_path / "downloads" / "2024-01-01.json"
    day.parent.mkdir()
    day.write_text(json.dumps(DAY_1, indent=2, ensure_ascii=False), encoding="utf-8")
    ((_, importer),) = plan_files(day)
    assert importer.name == "slack"
    messages = importer.parse(day, day.parent)
    assert [m.speaker for m in messages] == ["U01KIT", "Zoë Quill", "U03YUKI"]  # no users.json: the ids
    assert messages[0].text.startswith("Hi @U02ANA! The plan") and messages[0].conversation == "slack:downloads"
    assert not SlackImporter().claims(_write(tmp_path / "2024-01-02.json", '[{"name": "not slack"}]'))
    assert not SlackImporter().claims(_write(tmp_path / "users.json", json.dumps([{"id": "U1"}])))


def test_odd_days_empty_long_and_unknown_types(tmp_path: Path) -> None:
    long_text = "We walked past the old lighthouse again. " * 5000
    root = write_export(tmp_path / "export", {"long/2024-02-01.json": [
        message("1706781600.000100", "U01KIT", long_text),
        {"type": "file_comment", "ts": "1706781601.000100", "text": "legacy"},
        message("1706781602.000100", "U01KIT", "   "),
    ]})
    (day,) = [m for m in parse_folder(root) if m.conversation == "slack:long"]
    assert day.text == long_text.strip()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_day_files_name_the_file_line_and_message(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export")
    broken = _write(root / "hut-trip" / "2024-01-04.json", '[\n  {"type": "message", "ts": "1.0", "text": "x"},\n  {"type": oops}\n]')
    with pytest.raises(InputError, match="invalid JSON") as info:
        SlackImporter().parse(broken, root)
    assert (info.value.path, info.value.line) == (str(broken), 3)
    bad_ts = _write(root / "hut-trip" / "2024-01-05.json", json.dumps([message("1.0", "U01KIT", "ok"), message("soon", "U01KIT", "x")], indent=1))
    with pytest.raises(InputError, match="message 2: `ts` must be a Slack timestamp") as info:
        SlackImporter().parse(bad_ts, root)
    assert info.value.line == 8
    with pytest.raises(InputError, match="expected a list of messages"):
        SlackImporter().parse(_write(root / "hut-trip" / "2024-01-06.json", '{"type": "message"}'), root)
    with pytest.raises(InputError, match="not a Slack export"):
        SlackImporter().parse(root / "users.json", root)


def test_malformed_zip_member_names_the_member_and_its_line(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    _write(folder / "hut-trip" / "2024-01-04.json", '[\n  {"type": "message", "user": "U01KIT", "ts": "1704103200", "text": "\\ud800"}\n]')
    archive = zip_export(folder, tmp_path / "slack.zip")
    with pytest.raises(InputError) as info:
        SlackImporter().parse(archive, tmp_path)
    assert (info.value.path, info.value.line) == (str(archive), None)
    assert info.value.reason.startswith("hut-trip/2024-01-04.json:2: message 1: `text` is not valid Unicode")
    _write(folder / "users.json", "[{]")
    with pytest.raises(InputError, match=r"users\.json:1: invalid JSON"):
        SlackImporter().parse(zip_export(folder, tmp_path / "slack2.zip"), tmp_path)


QUICK = settings(max_examples=40, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate],
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(["message", "other"]) | JSON, "subtype": st.sampled_from(["channel_join", "file_share"]) | JSON,
    "user": st.sampled_from(["U01KIT", "U9"]) | JSON, "text": st.text(max_size=60) | JSON,
    "ts": st.sampled_from(["1704103200.000100", "99999999999.9", "0"]) | JSON, "files": JSON,
    "user_profile": JSON, "thread_ts": JSON, "bot_id": JSON})


@QUICK
@given(st.lists(FIELDS | JSON, max_size=8))
def test_hostile_day_files_parse_or_are_rejected_cleanly(items: list) -> None:
    parse_or_reject("slack", "2024-01-01.json", json.dumps(items).encode())
