"""A store that imported a ChatGPT export before conversations were keyed by export id takes the same export again.

Message ids did not change; the conversation did (title -> `chatgpt:<id>`).
Without migration 13 the re-import would stop: "id already belongs to a
message of another conversation".
"""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from tests.helpers import record, write_jsonl
from tests.memory.importers.test_chatgpt import T0
from tests.memory.importers.test_chatgpt_fixes import thread, write_export


def test_an_old_store_takes_the_same_export_again_with_titles_split(tmp_path: Path) -> None:
    one = thread("aaa-111", "New chat", [("user", "Recipe for shakshuka?", T0), ("assistant", "Eggs in tomato sauce.", T0 + 5)])
    two = thread("bbb-222", "New chat", [("user", "How far is Lisbon from Porto?", T0 + 9000)])
    export = write_export(tmp_path / "conversations.json", [one, two])
    # the rows the importer wrote before: conversation = title, speaker "User", the export id in metadata
    old = write_jsonl(tmp_path / "old.jsonl", [
        record("aaa-111-1", "Recipe for shakshuka?", "User", "New chat", "2023-11-14T22:13:20Z", role="user", chatgpt_conversation_id="aaa-111"),
        record("aaa-111-2", "Eggs in tomato sauce.", "ChatGPT", "New chat", "2023-11-14T22:13:25Z", role="assistant", chatgpt_conversation_id="aaa-111"),
        record("bbb-222-1", "How far is Lisbon from Porto?", "User", "New chat", "2023-11-15T00:43:20Z", role="user", chatgpt_conversation_id="bbb-222"),
        record("n-1", "A note in a jsonl chat that shares the title.", "Ana", "New chat", "2023-11-16T10:00:00Z"),
    ])
    data = tmp_path / "data"
    with Memory(data, "fake", extractor=None) as mem:
        assert mem.import_path(old).messages_added == 4
        mem.db.execute("DELETE FROM _migrations WHERE version = 13")  # as a store written before it
    with Memory(data, "fake", extractor=None) as mem:  # opening applies migration 13
        rows = dict(mem.db.execute("SELECT id, conversation FROM messages"))
        assert rows == {"aaa-111-1": "chatgpt:aaa-111", "aaa-111-2": "chatgpt:aaa-111", "bbb-222-1": "chatgpt:bbb-222", "n-1": "New chat"}
        links = dict(mem.db.execute("SELECT id, next_rowid IS NULL FROM messages"))
        assert links == {"aaa-111-1": 0, "aaa-111-2": 1, "bbb-222-1": 1, "n-1": 1}  # no thread runs across strangers any more
        summary = mem.import_path(export)
        assert (summary.messages_added, summary.messages_updated) == (0, 2)  # "User" became "Me": an edit, stored once
        assert mem.import_path(export).messages_skipped == 3
        assert mem.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
