from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.textlog import TextLogImporter
from remembrancer.memory.timeutil import parse_time

LOG = """[2024-03-01 10:15] Ana: Are we still on for dinner?
[2024-03-01 10:16] Ben: Yes! I found a place that does
  handmade pasta
and it is near the station.

[2024-03-01 10:17:30] Ana: Great, see you at 8.
[2024-03-01 10:18] Ben: ok
[2024-03-01 10:18] Ben: ok
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_parses_lines_and_multiline_continuations(tmp_path: Path) -> None:
    log = write(tmp_path / "dinner.txt", LOG)
    items = TextLogImporter().parse(log, tmp_path)

    assert [(i.speaker, i.line) for i in items] == [("Ana", 1), ("Ben", 2), ("Ana", 6), ("Ben", 7), ("Ben", 8)]
    assert items[1].text == "Yes! I found a place that does\n  handmade pasta\nand it is near the station."
    assert parse_time(items[0].time) == datetime(2024, 3, 1, 10, 15).astimezone()
    assert parse_time(items[2].time) == datetime(2024, 3, 1, 10, 17, 30).astimezone()
    assert {i.conversation for i in items} == {"dinner.txt"}
    assert all(i.id.startswith("dinner.txt:") for i in items)
    # the same line said twice is two messages, not one
    assert len({i.id for i in items}) == 5
    assert items[0].metadata == {"source_line": 1}


def test_ids_are_stable_so_reimport_is_idempotent(tmp_path: Path) -> None:
    log = write(tmp_path / "dinner.txt", LOG)
    first = [i.id for i in TextLogImporter().parse(log, tmp_path)]
    assert [i.id for i in TextLogImporter().parse(log, tmp_path)] == first

    with Memory(tmp_path / "data", "fake") as mem:
        assert mem.import_path(log).messages_added == 5
        again = mem.import_path(log)
        assert (again.messages_added, again.messages_skipped) == (0, 5)
        # the log grew in the middle and at the end: only the new lines are added
        lines = LOG.splitlines()
        lines.insert(5, "[2024-03-01 10:17] Ben: Booked for two.")
        lines.append("[2024-03-01 10:19] Ana: ok")
        write(log, "\n".join(lines) + "\n")
        grown = mem.import_path(log)
        assert (grown.messages_added, grown.messages_skipped) == (2, 5)
        assert mem.stats().levels["message"] == 7


def test_junk_first_line_names_line_one(tmp_path: Path) -> None:
    log = write(tmp_path / "junk.txt", "Chat exported on Monday\n[2024-03-01 10:15] Ana: hi\n")
    with pytest.raises(InputError) as info:
        TextLogImporter().parse(log, tmp_path)
    assert info.value.line == 1
    assert str(info.value) == f"{log}:1: expected `[YYYY-MM-DD HH:MM] Name: text`"


def test_impossible_date_names_its_line(tmp_path: Path) -> None:
    log = write(tmp_path / "bad.txt", "[2024-03-01 10:15] Ana: hi\n[2024-13-01 10:16] Ben: hello\n")
    with pytest.raises(InputError) as info:
        TextLogImporter().parse(log, tmp_path)
    assert info.value.line == 2 and "not ISO 8601" in info.value.reason


def test_single_digit_hour_is_accepted(tmp_path: Path) -> None:
    # The line pattern allows `H:MM`; such logs must parse, not fail as "not ISO 8601".
    log = write(tmp_path / "early.log", "[2024-03-01 9:05] Ana: morning run done\n")
    importer = TextLogImporter()
    assert importer.claims(log)
    (item,) = importer.parse(log, tmp_path)
    assert parse_time(item.time) == datetime(2024, 3, 1, 9, 5).astimezone()


def test_claims_only_logs_that_look_like_chats(tmp_path: Path) -> None:
    importer = TextLogImporter()
    assert importer.claims(write(tmp_path / "chat.log", "\n\n[2024-03-01 10:15] Ana: hi\n"))
    assert not importer.claims(write(tmp_path / "notes.txt", "Groceries: milk, eggs\n"))
    assert not importer.claims(write(tmp_path / "chat.md", "[2024-03-01 10:15] Ana: hi\n"))
