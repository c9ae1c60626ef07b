"""Hostile text through the CLI: lone surrogates are input errors, control characters never reach the terminal raw."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import record, write_jsonl

NOW = "2024-06-01T12:00:00Z"
# What a chat may hold that a terminal would obey: colour, a bell, NUL, a right-to-left override, a C1 CSI, CR.
HOSTILE = "Gideon keeps the spare key \x1b[31mred\x1b[0m\x07 under the\x00 mat \u202eyek\u202c and \x9b2J done\rXX"


def _stored(cli: Run) -> int:
    return cli("stats", "--json").json()["levels"]["message"]


def test_a_lone_surrogate_in_jsonl_is_exit_2_naming_the_line(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "chat.jsonl"
    lines = [json.dumps(record("m1", "All good here.")), '{"conversation": "c1", "id": "m2", "time": "2024-03-01T10:00:00", "speaker": "Ana", "text": "half \\ud800 pair"}']
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", bad)
    assert result.code == 2, result.err
    assert f"{bad}:2: " in result.err and "lone surrogate \\ud800" in result.err and "internal error" not in result.err
    assert _stored(cli) == 0


def test_a_folder_whose_second_file_is_bad_stores_nothing_from_the_first(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write_jsonl(folder / "a-good.jsonl", [record("g1", "Farida adopted a grey cat named Pebble."), record("g2", "Pebble sleeps on the piano.")])
    bad = folder / "b-bad.jsonl"
    bad.write_text('{"conversation": "c2", "id": "b1", "time": "2024-03-01T10:00:00", "speaker": "Ana", "text": "fine", "extra": "\\udfff"}\n', encoding="utf-8")
    result = cli("import", folder)
    assert result.code == 2 and f"{bad}:1: " in result.err and "`metadata`" in result.err
    assert _stored(cli) == 0


def test_a_lone_surrogate_in_a_chatgpt_export_is_exit_2(cli: Run, tmp_path: Path) -> None:
    conversation = {
        "title": "Plans", "id": "conv-1", "current_node": "n1",
        "mapping": {"n1": {"parent": None, "children": [], "message": {
            "id": "msg-1", "author": {"role": "user"}, "create_time": 1714557600, "content": {"parts": ["PLACEHOLDER"]}}}},
    }
    text = json.dumps([conversation], indent=1).replace("PLACEHOLDER", "broken \\udc00 emoji")
    export = tmp_path / "conversations.json"
    export.write_text(text, encoding="utf-8")
    result = cli("import", export)
    assert result.code == 2 and f"{export}:" in result.err and "lone surrogate \\udc00" in result.err
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("conversations.json", text)
    assert cli("import", zipped).code == 2
    assert _stored(cli) == 0


def test_a_lone_surrogate_in_an_export_is_exit_2(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write_jsonl(tmp_path / "chat.jsonl", [record("e1", "Wilhelmina grows chillies on the balcony.")])).code == 0
    export = tmp_path / "backup.jsonl"
    assert cli("export", export).code == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if '"type": "message"' in line)
    lines[number] = lines[number].replace("chillies", "chil\\udbffies")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", export, data_dir_flag=tmp_path / "restored")
    assert result.code == 2 and f"{export}:{number + 1}: " in result.err, result.err
    assert cli("stats", "--json", data_dir_flag=tmp_path / "restored").json()["levels"]["message"] == 0


def test_a_file_name_that_is_not_utf8_is_exit_2_not_a_crash(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write_jsonl(folder / "a-good.jsonl", [record("n1", "Ulrike sings in a choir.")])
    odd = os.fsencode(folder) + b"/b-\xff.jsonl"
    with open(odd, "wb") as handle:
        handle.write(json.dumps(record("n2", "Fine text, odd name.")).encode() + b"\n")
    result = cli("import", folder)
    assert result.code == 2 and "file name is not valid UTF-8" in result.err and "b-\\udcff.jsonl" in result.err
    assert _stored(cli) == 0


@pytest.mark.parametrize(("name", "content", "line"), [
    ("chat.txt", b"[2024-03-01 10:15] Ana: fine\n[2024-03-01 10:16] Bo: bad \xff byte\n", 2),
    ("chat.jsonl", b'{"conversation": "c", "id": "m", "time": "2024-03-01T10:00:00", "speaker": "A", "text": "\xed\xa0\x80"}\n', 1),
])
def test_invalid_utf8_in_any_importer_is_exit_2_naming_the_line(cli: Run, tmp_path: Path, name: str, content: bytes, line: int) -> None:
    folder = tmp_path / "vault"
    write_jsonl(folder / "0-first.jsonl", [record("ok-1", "Tove repairs bicycles on Sundays.")])
    bad = folder / name
    bad.write_bytes(content)
    result = cli("import", folder)
    assert result.code == 2 and f"{bad}:{line}: not valid UTF-8" in result.err
    assert _stored(cli) == 0


def test_a_latin1_note_in_a_folder_is_read_as_windows_1252_with_a_warning(cli: Run, tmp_path: Path) -> None:
    """Notes are lenient (chat exports above are not): the note is stored and the output names its line."""
    folder = tmp_path / "vault"
    write_jsonl(folder / "0-first.jsonl", [record("ok-1", "Tove repairs bicycles on Sundays.")])
    note = folder / "notes.md"
    note.write_bytes(b"# Trip\n\nWe left early.\n\nThe caf\xe9 was closed.\n")
    result = cli("import", folder)
    assert result.code == 0, result.err
    assert f"{note}:5: not valid UTF-8 (byte 31); read as Windows-1252" in result.out
    assert _stored(cli) == 3


@pytest.fixture
def hostile_store(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REMEMBRANCER_NOW", NOW)
    source = write_jsonl(tmp_path / "chat.jsonl", [record("h1", HOSTILE, speaker="Gideon\x1b]0;pwned\x07")])
    result = cli("import", source)
    assert result.code == 0, result.err
    return "h1"


def _no_raw_controls(text: str) -> None:
    raw = [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u202c"]
    assert not raw, raw


def test_recall_text_output_escapes_control_characters_visibly(cli: Run, hostile_store: str) -> None:
    result = cli("recall", "spare key mat", "--k", "3")
    assert result.code == 0, result.err
    _no_raw_controls(result.out)
    assert "\\x1b[31mred" in result.out and "\\x07" in result.out and "\\x00" in result.out and "\\u202e" in result.out
    assert "\\x9b" in result.out and "\\r" not in result.out and "\\x0d" in result.out and "Gideon\\x1b]0;pwned" in result.out


def test_recall_json_keeps_the_exact_text_and_is_still_safe_to_print(cli: Run, hostile_store: str) -> None:
    result = cli("recall", "spare key mat", "--k", "3", "--json")
    _no_raw_controls(result.out)
    items = json.loads(result.out)
    message = next(item for item in items if item["id"] == hostile_store or hostile_store in item["sources"])
    assert message["text"] == HOSTILE or any(turn["text"] == HOSTILE for turn in message["context"])


def test_listings_escape_too(cli: Run, hostile_store: str) -> None:
    for command in (("facts",), ("scenes",), ("persona",), ("conflicts",), ("forget", "spare key")):
        result = cli(*command)
        assert result.code == 0, (command, result.err)
        _no_raw_controls(result.out)


def test_an_error_naming_a_hostile_file_name_is_escaped(cli: Run, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "x\x1b[2Jy.jsonl")
    assert result.code == 2 and "x\\x1b[2Jy.jsonl" in result.err
    _no_raw_controls(result.err)
