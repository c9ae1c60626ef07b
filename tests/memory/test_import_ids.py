"""An id already stored is never dropped silently: same text is a no-op, new text an edit, another conversation an error."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError
from tests.helpers import record, write_jsonl


def _facts(mem: Memory) -> list[str]:
    return [t for (t,) in mem.db.execute("SELECT text FROM facts")]


def _persona(mem: Memory) -> list[str]:
    return [f"{a}={v}" for a, v in mem.db.execute("SELECT attribute, value FROM persona")]


def test_same_id_same_text_is_a_no_op(tmp_path: Path) -> None:
    chat = write_jsonl(tmp_path / "chat.jsonl", [record("h-1", "I live in Kestrelby.", "Wren", "home")])
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(chat)
        again = mem.import_path(chat)
        assert (again.messages_added, again.messages_updated, again.messages_skipped) == (0, 0, 1)
        assert mem.db.execute("SELECT count(*) FROM message_history").fetchone()[0] == 0


def test_same_id_new_text_is_an_edit_with_history_and_facts_derived_again(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "v1.jsonl", [record("h-1", "I live in Kestrelby.", "Wren", "home"),
                                                record("h-2", "I play the bassoon.", "Wren", "home", "2024-03-01T10:01:00")])
    second = write_jsonl(tmp_path / "v2.jsonl", [record("h-1", "I live in Marlowick.", "Wren", "home"),
                                                 record("h-2", "I play the bassoon.", "Wren", "home", "2024-03-01T10:01:00")])
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(first)
        assert any("Kestrelby" in f for f in _facts(mem))
        summary = mem.import_path(second)
        assert (summary.messages_added, summary.messages_updated, summary.messages_skipped) == (0, 1, 1)
        assert mem.db.execute("SELECT text FROM messages WHERE id = 'h-1'").fetchone()[0] == "I live in Marlowick."
        assert mem.db.execute("SELECT text FROM message_history WHERE message_id = 'h-1'").fetchall() == [("I live in Kestrelby.",)]
        facts = _facts(mem)
        assert any("Marlowick" in f for f in facts) and not any("Kestrelby" in f for f in facts)
        assert any("bassoon" in f for f in facts)  # the unchanged message keeps its fact
        persona = _persona(mem)
        assert any("Marlowick" in p for p in persona) and not any("Kestrelby" in p for p in persona)
        found = [i.text for i in mem.recall("Marlowick", k=10)]
        assert any("Marlowick" in t for t in found) and not any("Kestrelby" in t for t in found)
        assert not any("Kestrelby" in i.text for i in mem.recall("Kestrelby", k=10))
        assert mem.db.execute("SELECT count(*) FROM messages WHERE extracted = 0").fetchone()[0] == 0
        assert mem.db.execute("SELECT count(*) FROM pending_rebuilds").fetchone()[0] == 0
        assert mem.indexes["message"].count() == 2  # the edited message has one vector, not two


def test_an_id_of_another_conversation_stops_the_import_with_file_and_line(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [record("m-7", "Our choir sings on Friday.", "Odile", "choir")])
    second = write_jsonl(tmp_path / "b.jsonl", [record("x-1", "Hello there.", "Bram", "garden"),
                                                record("m-7", "The tomatoes are ripe.", "Bram", "garden")])
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(first)
        with pytest.raises(InputError) as raised:
            mem.import_path(second)
        assert raised.value.path == str(second) and raised.value.line == 2
        assert "another conversation" in raised.value.reason
        assert mem.db.execute("SELECT id, text FROM messages ORDER BY id").fetchall() == [("m-7", "Our choir sings on Friday.")]


def test_one_id_twice_in_an_import_with_different_text_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    write_jsonl(folder / "1.jsonl", [record("d-1", "Breakfast at eight.", "Lior", "days")])
    write_jsonl(folder / "2.jsonl", [record("d-2", "Lunch at noon.", "Lior", "days"), record("d-1", "Dinner at nine.", "Lior", "days")])
    with Memory(tmp_path / "data", "fake") as mem:
        with pytest.raises(InputError) as raised:
            mem.import_path(folder)
        assert raised.value.line == 2 and "twice" in raised.value.reason
        assert mem.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
