"""A .txt chat in a shape no importer knows is refused, not stored as one note (invented people)."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.chat_shape import reads_like_chat

UNKNOWN_CHATS = [
    "2024-03-01 10:15:02 Ana Lima: Are we still on for Friday?\n2024-03-01 10:16:40 Bo Chen: Yes, 7pm\n2024-03-01 10:17:03 Ana Lima: Great\n",
    "[10:15] Ana: hi\n[10:16] Bo: hello there\n[10:20] Ana: lunch?\n[10:21] Bo: sure\n",
    "01.03.2024 22:15 | Иван: Привет!\n01.03.2024 22:16 | Мария: Привет, как дела?\n01.03.2024 22:17 | Иван: Хорошо\n",
    "3/1/24 9:05 PM - Kit: running late\n3/1/24 9:06 PM - Sam: no worries\n3/1/24 9:30 PM - Kit: here now\n",
]
NOTES = [
    "Shopping list\n\nmilk, eggs, flour\n\nNote: the bakery closes at 6.\n",
    "Diary, 1 March\n\n10:15 Standup ran long again.\nLunch with Bo at the new place.\nThe train home was late.\n",
    "Meeting notes\nAgenda: budget, hiring\nDecision: hire in June\nOwner: Ana\n",
    "2024-03-01 10:00: walked the dog\nFelt good.\nRead two chapters.\nCalled mum.\nPlanned the week.\n",
]


@pytest.mark.parametrize("text", UNKNOWN_CHATS)
def test_chat_lines_in_unknown_shapes_read_like_chat(text: str) -> None:
    assert reads_like_chat(text)


@pytest.mark.parametrize("text", NOTES)
def test_notes_do_not(text: str) -> None:
    assert not reads_like_chat(text)


def test_a_single_unknown_chat_is_refused_naming_the_file(tmp_path: Path) -> None:
    chat = tmp_path / "export.txt"
    chat.write_text(UNKNOWN_CHATS[0], encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell the format: it reads like a chat log") as info:
        plan_files(chat)
    assert info.value.path == str(chat)
    assert [importer.name for _, importer in plan_files(chat, "markdown")] == ["markdown"]  # asked for: kept as a note


def test_a_folder_leaves_the_unknown_chat_out_and_reads_the_notes(tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_text(UNKNOWN_CHATS[1], encoding="utf-8")
    (tmp_path / "diary.txt").write_text(NOTES[1], encoding="utf-8")
    (tmp_path / "log.txt").write_text("[2024-03-01 10:15] Ana: hello\n[2024-03-01 10:16] Bo: hi\n", encoding="utf-8")
    left_out: list[Path] = []
    plan = {file.name: importer.name for file, importer in plan_files(tmp_path, left_out=left_out)}
    assert plan == {"diary.txt": "markdown", "log.txt": "text"}
    assert [p.name for p in left_out] == ["export.txt"]
