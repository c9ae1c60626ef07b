"""The conversation with the assistant is stored as chat memory, with facts from the user's turns."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.assistant_chat import CONVERSATION, ChatTurn, record_turns, to_messages
from remembrancer.memory.errors import InputError

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_turns_become_messages_of_the_assistant_chat() -> None:
    messages = to_messages([ChatTurn("user", "  My sister lives in Lisbon. "), ChatTurn("assistant", "Noted."), ChatTurn("user", "   ")], "Sam", NOW)
    assert [(m.speaker, m.role, m.text) for m in messages] == [("Sam", "user", "My sister lives in Lisbon."), ("Remembrancer", "assistant", "Noted.")]
    assert {m.conversation for m in messages} == {CONVERSATION}
    assert messages[0].id != messages[1].id


def test_bad_turns_are_input_errors() -> None:
    with pytest.raises(InputError, match="role"):
        to_messages([ChatTurn("system", "x")], "Sam", NOW)
    with pytest.raises(InputError, match="name"):
        to_messages([ChatTurn("user", "x")], " ", NOW)


def test_recorded_statements_become_facts_and_recording_twice_adds_nothing(tmp_path: Path) -> None:
    turns = [ChatTurn("user", "I moved to Lisbon last year.", NOW), ChatTurn("assistant", "Good to know.", NOW)]
    with Memory(tmp_path / "data", "fake") as memory:
        first = record_turns(memory, turns, "Sam", NOW)
        assert first.messages_added == 2
        subjects = {s for (s,) in memory.db.execute("SELECT subject FROM facts")}
        assert "Sam" in subjects
        assert record_turns(memory, turns, "Sam", NOW).messages_added == 0
        roles = dict(memory.db.execute("SELECT role, count(*) FROM messages WHERE conversation = ? GROUP BY role", [CONVERSATION]).fetchall())
        assert roles == {"user": 1, "assistant": 1}


def test_the_assistants_words_are_never_evidence(tmp_path: Path) -> None:
    turns = [ChatTurn("user", "What do you know?", NOW), ChatTurn("assistant", "I moved to Paris in 2020.", NOW)]
    with Memory(tmp_path / "data", "fake") as memory:
        record_turns(memory, turns, "Sam", NOW)
        cited = {m for (m,) in memory.db.execute("SELECT message_id FROM fact_sources")}
        answer_id = memory.db.execute("SELECT id FROM messages WHERE role = 'assistant'").fetchone()[0]
        assert answer_id not in cited
        # A later import extracts pending messages: the answer is not among them.
        assert memory.db.execute("SELECT extracted FROM messages WHERE id = ?", [answer_id]).fetchone()[0] == 1
