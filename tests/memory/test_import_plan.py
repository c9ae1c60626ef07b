"""The import plan: the format detected for each file, in words a person reads, and the files left aside (invented people)."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.export.format import FORMAT_NAME
from remembrancer.memory.import_plan import EXPORT_LABEL, NOT_A_FORMAT, PLAIN_TEXT_NOTES, describe_plan, format_labels
from remembrancer.memory.importers import builtin_importers
from tests.helpers import record, write_jsonl
from tests.memory.importers.slack_samples import write_export, zip_export
from tests.memory.importers.vault_samples import write_vault

WHATSAPP = """3/14/24, 7:02 PM - Ysolde: Did the ferry to Kallvik leave on time?
3/14/24, 7:05 PM - Bram: Twenty minutes late, as always.
"""


def test_a_whatsapp_chat_and_its_zip_are_named_as_such(tmp_path: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Bram.txt"
    chat.write_text(WHATSAPP, encoding="utf-8")
    plan = describe_plan(chat)
    assert plan.describe() == "WhatsApp chat export (1 file)"
    assert [(Path(f.path).name, f.format) for f in plan.files] == [(chat.name, "whatsapp")]
    assert plan.left_out == [] and not plan.restores
    archive = tmp_path / "chat.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("WhatsApp Chat with Bram.txt", WHATSAPP)
    assert describe_plan(archive).describe() == "WhatsApp chat export (1 file)"


def test_a_slack_folder_is_one_export_and_its_lists_are_not_left_out(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "slack")
    plan = describe_plan(folder)
    assert plan.describe() == "Slack workspace export (4 files)"
    assert plan.left_out == []  # users.json, channels.json, dms.json are read with the export
    assert describe_plan(zip_export(folder, tmp_path / "slack.zip")).describe() == "Slack workspace export (1 file)"


def test_a_vault_counts_markdown_and_plain_text_notes_most_first(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_vault(vault)
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    (vault / "Travel" / "map.jpg").write_bytes(b"\xff\xd8\xff")
    plan = describe_plan(vault)
    assert plan.counts() == [("Markdown notes", 5), (PLAIN_TEXT_NOTES, 1)]
    assert plan.describe() == "Markdown notes (5 files), plain-text notes (1 file)"
    assert plan.left_out == [f"{vault / 'Travel' / 'map.jpg'}: {NOT_A_FORMAT}"]  # hidden folders are not listed


def test_a_mixed_folder_lists_what_nothing_reads(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    write_jsonl(root / "chats.jsonl", [record("a", "Orla lent me her bike.")])
    (root / "package.json").write_text('{"name": "not a chat"}', encoding="utf-8")
    plan = describe_plan(root)
    assert plan.describe() == "JSON Lines messages (1 file)"
    assert plan.left_out == [f"{root / 'package.json'}: {NOT_A_FORMAT}"]


def test_a_file_nothing_reads_is_the_imports_own_error(tmp_path: Path) -> None:
    mystery = tmp_path / "mystery.bin"
    mystery.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="cannot tell the format; pass --format jsonl"):
        describe_plan(mystery)
    with pytest.raises(InputError, match="no such file or folder"):
        describe_plan(tmp_path / "gone")


def test_an_export_restores(tmp_path: Path) -> None:
    export = tmp_path / "memory.jsonl"
    export.write_text(json.dumps({"type": "manifest", "format": FORMAT_NAME, "version": 1}) + "\n", encoding="utf-8")
    plan = describe_plan(export)
    assert plan.restores and plan.describe() == f"{EXPORT_LABEL} (1 file)"


def test_every_builtin_format_has_a_human_name() -> None:
    importers = builtin_importers()
    assert all(importer.label and importer.label != importer.name for importer in importers.values())
    labels = format_labels()
    assert "WhatsApp chat export" in labels and PLAIN_TEXT_NOTES in labels and EXPORT_LABEL in labels
    assert len(labels) == len(set(labels)) == len(importers) + 2
