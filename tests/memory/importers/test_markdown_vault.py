"""A vault with odd files imports whole in one run; note ids do not depend on the folder the import started from."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.markdown import MarkdownImporter, paragraph_key
from remembrancer.memory.importers.note_text import NotText
from remembrancer.memory.ingest import parse_all
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.types import ImportSummary
from tests.helpers import record, write_jsonl
from tests.memory.importers.vault_samples import MTIME, write_vault


ORCHARD_KEY = paragraph_key("Mirela planted three quince trees behind the Vessa mill.")
HARBOUR_KEY = paragraph_key("Tobiah fixed the lighthouse clock in Port Aldane.")


def _texts(mem: Memory) -> list[str]:
    return [row[0] for row in mem.db.execute("SELECT text FROM messages ORDER BY text").fetchall()]


def test_a_vault_with_odd_files_imports_every_good_note_and_reports_every_bad_one(mem: Memory, tmp_path: Path) -> None:
    files = write_vault(tmp_path / "vault")
    summary = mem.import_path(tmp_path / "vault")

    texts = _texts(mem)
    assert len(texts) == 5, texts
    assert "Orchard: Mirela planted three quince trees behind the Vessa mill." in texts
    assert "Tobiah fixed the lighthouse clock in Port Aldane." in texts
    assert "Recipes: Grandma Idris salts the plum jam twice." in texts
    assert "Caf\u00e9: The caf\u00e9 in Brunvik serves cr\u00e8me br\u00fbl\u00e9e on Fridays." in texts
    assert "Ottilie said \u201cnever again\u201d about the ferry \u2013 twice." in texts
    assert summary.files == 5 and summary.messages_added == 5
    assert summary.skipped_files == [f"{files['binary']}: not text (NUL bytes): skipped"]
    warnings = summary.warnings
    assert f"{files['bad_yaml']}:3: front matter line is not `key: value`; ignored" in warnings
    assert f"{files['bad_yaml']}:4: front matter `date` is not an ISO 8601 date; the file's time is used" in warnings
    assert any(w.startswith(f"{files['unclosed']}:1: front matter opened with `---` is never closed") for w in warnings)
    assert any(w.startswith(f"{files['latin1']}:1: not valid UTF-8") and "Windows-1252" in w for w in warnings)
    assert any(w.startswith(f"{files['win1252']}:1: not valid UTF-8") for w in warnings)
    assert len(warnings) == 5
    assert summary.to_json()["skipped_files"] == summary.skipped_files and summary.to_json()["warnings"] == warnings
    times = dict(mem.db.execute("SELECT conversation, time FROM messages").fetchall())
    mtime = datetime.fromtimestamp(MTIME).astimezone()
    assert parse_time(times["Journal/harbour.md"]) == mtime and parse_time(times["recipes.md"]) == mtime
    assert parse_time(times["Journal/orchard.md"]) == datetime(2024, 4, 2).astimezone()

    again = mem.import_path(tmp_path / "vault")
    assert (again.messages_added, again.messages_skipped) == (0, 5)
    assert len(_texts(mem)) == 5


def test_a_chat_export_in_the_same_folder_stays_strict(mem: Memory, tmp_path: Path) -> None:
    write_vault(tmp_path / "vault")
    bad = write_jsonl(tmp_path / "vault" / "chat.jsonl", [record("n1", "fine"), '{"id": "n2",'])
    with pytest.raises(InputError) as info:
        mem.import_path(tmp_path / "vault")
    assert (info.value.path, info.value.line) == (str(bad), 2)
    assert _texts(mem) == []


def test_a_binary_note_raises_not_text_which_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    files = write_vault(tmp_path)
    with pytest.raises(NotText) as info:
        MarkdownImporter().parse(files["binary"], tmp_path)
    assert isinstance(info.value, InputError) and info.value.path == str(files["binary"])
    mostly_controls = tmp_path / "noise.md"
    mostly_controls.write_bytes(bytes([0x01, 0x02, 0x1b, 0xff, 0xfe, 0x7f]) * 200)
    with pytest.raises(NotText, match="mostly control bytes"):
        MarkdownImporter().parse(mostly_controls, tmp_path)


def test_a_single_latin1_note_is_imported_with_a_warning(mem: Memory, tmp_path: Path) -> None:
    files = write_vault(tmp_path / "vault")
    summary = mem.import_path(files["latin1"])
    assert summary.messages_added == 1 and len(summary.warnings) == 1 and "not valid UTF-8" in summary.warnings[0]


def test_a_utf16_note_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    note = tmp_path / "windows.txt"
    note.write_text("Notepad wrote this about Kestrel Bay.\n", encoding="utf-16")
    (item,) = MarkdownImporter().parse(note, tmp_path)
    assert item.text == "Notepad wrote this about Kestrel Bay."


def test_ids_are_relative_to_the_obsidian_vault_whichever_folder_is_imported(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    files = write_vault(vault)
    (vault / ".obsidian").mkdir()
    whole = {b[0]: [m.id for m in b[2]] for b in parse_all(vault, "auto")}
    part = {b[0]: [m.id for m in b[2]] for b in parse_all(vault / "Journal", "auto")}
    single = {b[0]: [m.id for m in b[2]] for b in parse_all(files["good"], "auto")}
    assert whole[files["good"]] == part[files["good"]] == single[files["good"]] == [f"Journal/orchard.md#orchard/{ORCHARD_KEY}"]
    # importing a folder above the vault keeps the vault's ids too
    above = {b[0]: [m.id for m in b[2]] for b in parse_all(tmp_path, "auto")}
    assert above[files["good"]] == [f"Journal/orchard.md#orchard/{ORCHARD_KEY}"]


def test_a_relative_import_path_gives_the_same_vault_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_vault(tmp_path / "vault")
    (tmp_path / "vault" / ".obsidian").mkdir()
    monkeypatch.chdir(tmp_path / "vault")
    ids = [m.id for b in parse_all(Path("Journal"), "auto") for m in b[2]]
    assert sorted(ids) == [f"Journal/harbour.md#/{HARBOUR_KEY}", f"Journal/orchard.md#orchard/{ORCHARD_KEY}"]


def test_without_a_vault_mark_ids_stay_relative_to_the_imported_folder(tmp_path: Path) -> None:
    files = write_vault(tmp_path / "notes")
    report = ImportSummary()
    part = {b[0]: [m.id for m in b[2]] for b in parse_all(tmp_path / "notes" / "Journal", "auto", report=report)}
    assert part[files["good"]] == [f"orchard.md#orchard/{ORCHARD_KEY}"]
    assert report.skipped_files == []  # the binary note is in another folder


def test_reimporting_a_subfolder_of_a_vault_adds_nothing(mem: Memory, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_vault(vault)
    (vault / ".obsidian").mkdir()
    mem.import_path(vault)
    again = mem.import_path(vault / "Journal")
    assert (again.messages_added, again.messages_skipped) == (0, 2)
