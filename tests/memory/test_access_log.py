"""The access log, what was learned recently, and notes told through an outside tool (#22)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory import access_log
from remembrancer.memory.errors import InputError
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.tool_notes import record_note
from tests.helpers import record, write_jsonl

NOW = parse_time("2024-06-01T12:00:00+00:00")


@pytest.fixture
def store(tmp_path: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    memory = Memory(data_dir, "fake")
    chat = write_jsonl(tmp_path / "chat.jsonl", [
        record("g-1", "I moved to Ghent last month.", "Odile", "move", "2024-05-01T09:00:00"),
        record("g-2", "My greyhound Vesper loves the canal path.", "Odile", "move", "2024-05-01T09:01:00"),
    ])
    memory.import_path(chat, now=NOW - timedelta(days=3))
    yield memory
    memory.close()


def test_an_entry_keeps_what_was_asked_and_the_ids_given_never_texts(store: Memory) -> None:
    entry = store.log_access("Desk Chat", "search_memory", {"query": "my PIN is 4921 and where Odile lives", "k": 5},
                             ["g-1", "g-1", "f-2"], "answered", now=NOW)
    assert entry.arguments == {"query": "my PIN is •••• and where Odile lives", "k": 5}  # a secret in a query is masked too
    assert entry.returned == ["g-1", "f-2"] and entry.outcome == "answered" and entry.via == "mcp"
    store.log_access("Other", "get_profile", {"person": "Odile"}, [], "refused", "not allowed", now=NOW + timedelta(seconds=1))
    store.log_access("Desk Chat", "recent", {"days": 7}, [], "failed", "InputError", now=NOW + timedelta(seconds=2))

    everything = store.access_log()
    assert [(e.client, e.tool, e.outcome) for e in everything] == [
        ("Desk Chat", "search_memory", "answered"), ("Other", "get_profile", "refused"), ("Desk Chat", "recent", "failed")]
    assert [e.tool for e in store.access_log(client="desk chat")] == ["search_memory", "recent"]
    assert [e.tool for e in store.access_log(limit=1)] == ["recent"]
    assert "Ghent" not in repr(everything)  # the log names memories, it never copies them


def test_long_arguments_are_cut_and_unknown_outcomes_refused(store: Memory) -> None:
    entry = store.log_access("c", "ask_memory", {"question": "why " * 200}, [], "answered", now=NOW)
    assert len(entry.arguments["question"]) <= access_log.MAX_ARGUMENT_CHARS + 1
    with pytest.raises(ValueError):
        store.log_access("c", "ask_memory", {}, [], "maybe", now=NOW)


def test_the_log_stays_bounded(store: Memory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_log, "MAX_ENTRIES", 30)
    for i in range(230):
        store.log_access("c", "recent", {"days": i + 1}, [], "answered", now=NOW)
    kept = store.access_log()
    assert 30 <= len(kept) < 130 and kept[-1].arguments == {"days": 230}


def test_recent_lists_what_was_learned_in_the_window_whenever_it_was_said(store: Memory, tmp_path: Path) -> None:
    newer = write_jsonl(tmp_path / "new.jsonl", [record("n-1", "Bram started night classes in welding.", "Bram", "news", "2019-01-01T10:00:00")])
    store.import_path(newer, now=NOW - timedelta(hours=2))
    today = store.learned_since(1, NOW)
    assert [i.id for i in today if i.level == "message"] == ["n-1"]  # said in 2019, learned today
    levels = [i.level for i in today]
    assert levels == sorted(levels, key=lambda level: level != "fact")  # facts first, then messages
    week = {i.id for i in store.learned_since(7, NOW)}
    assert {"g-1", "g-2", "n-1"} <= week
    facts = [i for i in store.learned_since(7, NOW) if i.level == "fact"]
    assert facts and all(i.sources for i in facts)
    with pytest.raises(InputError):
        store.learned_since(0, NOW)


def test_a_note_is_a_message_of_the_tools_conversation_with_the_tool_as_source(store: Memory) -> None:
    note = record_note(store, "My dentist is Dr Okafor on Veldstraat.", "desk-chat", "Odile", about="Odile", now=NOW)
    assert note.conversation == "mcp:desk-chat" and note.id.startswith("mcp-") and note.summary.messages_added == 1
    again = record_note(store, "My dentist is Dr Okafor on Veldstraat.", "desk-chat", "Odile", now=NOW)
    assert again.id == note.id and again.summary.messages_added == 0  # the same note in the same second: stored once
    found = store.recall("dentist Okafor", k=5, now=NOW)
    assert any(note.id in item.sources for item in found)
    stored = next(m for m in store.messages() if m.id == note.id)
    assert stored.conversation == "mcp:desk-chat" and stored.speaker == "Odile"
    with pytest.raises(InputError):
        record_note(store, "   ", "desk-chat", "Odile", now=NOW)
