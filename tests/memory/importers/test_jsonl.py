from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.jsonl import JsonlImporter
from remembrancer.memory.timeutil import parse_time
from tests.helpers import record, write_jsonl


def parse(path: Path):
    return JsonlImporter().parse(path, path.parent)


def test_parses_contract_lines_with_metadata_and_blank_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "chats.jsonl",
        [
            record("m-1", "I moved to Berlin last spring.", "Odile", "trip-planning", "2034-05-08T09:46:00", role="user"),
            "",
            "   ",
            record("m-2", "Nice!", "Bot", "trip-planning", "2034-05-08T09:47:00Z", role="assistant", mood="happy", tags=["a", 1]),
        ],
    )
    first, second = parse(path)

    assert (first.id, first.conversation, first.speaker, first.text, first.role) == (
        "m-1", "trip-planning", "Odile", "I moved to Berlin last spring.", "user",
    )
    assert first.line == 1 and second.line == 4  # blank lines are skipped but still counted
    assert first.metadata == {}
    assert second.metadata == {"mood": "happy", "tags": ["a", 1]}  # extra keys kept, role is not metadata
    assert first.kind == "message"
    # naive time = local time, stored with an explicit offset
    assert parse_time(first.time) == datetime(2034, 5, 8, 9, 46).astimezone()
    assert parse_time(first.time).utcoffset() is not None
    assert parse_time(second.time) == datetime(2034, 5, 8, 9, 47, tzinfo=timezone.utc)


def test_role_defaults_to_other_and_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record("x", "hello")).encode() + b"\n")
    (only,) = parse(path)
    assert only.role == "other" and only.id == "x"


GOOD = json.dumps(record("ok-1", "fine"))

BAD_LINES = {
    "missing field": (json.dumps({"conversation": "c", "id": "1", "time": "2024-01-01T00:00", "text": "x"}), "missing required field(s): speaker"),
    "several missing": (json.dumps({"id": "1", "text": "x"}), "missing required field(s): conversation, time, speaker"),
    "bad json": ('{"id": "1", "text": ', "invalid JSON"),
    "not an object": ('["conversation", "id"]', "each line must be a JSON object"),
    "scalar": ("42", "each line must be a JSON object"),
    "bad time": (json.dumps(record("1", "x", time="yesterday at noon")), "`time` is not ISO 8601: 'yesterday at noon'"),
    "time not a string": (json.dumps(record("1", "x", time=1700000000)), "`time` must be an ISO 8601 string"),
    "bad role": (json.dumps(record("1", "x", role="system")), "`role` must be one of user, assistant, other, not 'system'"),
    "empty text": (json.dumps(record("1", "   ")), "`text` must not be empty"),
    "empty id": (json.dumps(record(" ", "x")), "`id` must not be empty"),
    "text not a string": (json.dumps(record("1", 5)), "`text` must be a string"),
}


@pytest.mark.parametrize("bad, reason", list(BAD_LINES.values()), ids=list(BAD_LINES))
def test_malformed_line_names_file_and_line(tmp_path: Path, bad: str, reason: str) -> None:
    path = write_jsonl(tmp_path / "chats.jsonl", [GOOD, "", bad, GOOD])
    with pytest.raises(InputError) as info:
        parse(path)
    err = info.value
    assert err.line == 3
    assert err.path == str(path)
    assert str(err) == f"{path}:3: {err.reason}"
    assert reason in err.reason


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = json.dumps(record("a", "fine")).encode()
    bad = json.dumps(record("b", "caf_")).encode().replace(b"caf_", b"caf\xe9")
    path.write_bytes(good + b"\n" + good.replace(b'"a"', b'"c"') + b"\n" + bad + b"\n")
    with pytest.raises(InputError) as info:
        parse(path)
    assert info.value.line == 3
    assert str(info.value).startswith(f"{path}:3: not valid UTF-8")


def test_attachment_captions_are_text_of_their_message(tmp_path: Path) -> None:
    """The contract: a caption is searchable text, and `text` may be empty when there is an attachment."""
    path = write_jsonl(
        tmp_path / "chats.jsonl",
        [
            record("m-1", "", "Odile", "c", "2024-03-01T10:00:00",
                   attachments=[{"kind": "image", "caption": "a tabby cat asleep on a  windowsill", "name": "IMG_1.jpg"}]),
            record("m-2", "Listen to this!", "Odile", "c", "2024-03-01T10:01:00",
                   attachments=[{"kind": "audio", "name": "voice note.m4a"}, {"kind": "file"}]),
        ],
    )
    photo, voice = parse(path)
    assert photo.text == "[photo: a tabby cat asleep on a windowsill]"
    assert voice.text == "Listen to this!\n[audio: voice note.m4a]"  # an attachment with neither says nothing
    assert photo.metadata["attachments"][0]["name"] == "IMG_1.jpg"  # kept as given


@pytest.mark.parametrize(
    ("attachments", "text", "message"),
    [
        ("a photo", "hi", "`attachments` must be a list"),
        (["a photo"], "hi", "attachment 1: must be an object"),
        ([{"kind": "sticker", "caption": "x"}], "hi", "attachment 1: `kind` must be one of"),
        ([{"kind": "image", "caption": 3}], "hi", "attachment 1: `caption` must be a string"),
        ([{"kind": "image"}], " ", "`text` must not be empty"),
    ],
)
def test_bad_attachments_name_the_line(tmp_path: Path, attachments, text: str, message: str) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [record("m-1", "fine", "Odile", "c", "2024-03-01T10:00:00"),
                                                record("m-2", text, "Odile", "c", "2024-03-01T10:01:00", attachments=attachments)])
    with pytest.raises(InputError, match=message) as caught:
        parse(path)
    assert caught.value.line == 2
