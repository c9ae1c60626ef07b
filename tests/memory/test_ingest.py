from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import InputError, Memory
from tests.helpers import CHAT, record, write_chat, write_jsonl


def counts(mem: Memory) -> tuple[int, int, int, int]:
    one = lambda sql: mem.db.execute(sql).fetchone()[0]  # noqa: E731
    return (
        one("SELECT count(*) FROM messages"),
        one("SELECT count(*) FROM imports"),
        one("SELECT count(*) FROM windows_fts"),
        mem.vectors.count(),
    )


def test_import_stores_messages_windows_vectors_and_log(mem: Memory, tmp_path: Path) -> None:
    now = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
    path = write_chat(tmp_path / "chats.jsonl")
    summary = mem.import_path(path, now=now)

    assert (summary.files, summary.messages_added, summary.messages_skipped) == (1, len(CHAT), 0)
    assert summary.per_file == {str(path): {"added": len(CHAT), "updated": 0, "skipped": 0}}
    assert counts(mem) == (len(CHAT), 1, len(CHAT), len(CHAT))
    row = mem.db.execute("SELECT time, learned_at, source_file, metadata, role FROM messages WHERE id = 'pets-1'").fetchone()
    assert row[1] == "2024-07-01T12:00:00+00:00"  # learned at import time, not when it was said
    assert datetime.fromisoformat(row[0]) == datetime(2024, 5, 2, 18, 0).astimezone()
    assert row[2] == str(path) and json.loads(row[3]) == {} and row[4] == "user"
    assert mem.db.execute("SELECT path, format, added, skipped FROM imports").fetchall() == [(str(path), "jsonl", len(CHAT), 0)]


def test_folder_with_one_malformed_file_imports_nothing(mem: Memory, tmp_path: Path) -> None:
    mem.import_path(write_jsonl(tmp_path / "earlier.jsonl", [record("old", "already here")]))
    before = counts(mem)

    folder = tmp_path / "inbox"
    write_chat(folder / "a-good.jsonl")
    bad = write_jsonl(folder / "b-bad.jsonl", [record("n1", "fine"), record("n2", "fine too"), '{"id": "n3",'])
    write_chat(folder / "c-good.jsonl")  # after the bad one in the plan
    with pytest.raises(InputError) as info:
        mem.import_path(folder)
    assert (info.value.path, info.value.line) == (str(bad), 3)
    assert str(info.value).startswith(f"{bad}:3: ")
    assert counts(mem) == before
    assert mem.db.execute("SELECT id FROM messages").fetchall() == [("old",)]


def test_reimport_adds_nothing(mem: Memory, tmp_path: Path) -> None:
    path = write_chat(tmp_path / "chats.jsonl")
    mem.import_path(path)
    before = counts(mem)
    again = mem.import_path(path)
    assert (again.messages_added, again.messages_skipped) == (0, len(CHAT))
    messages, imports, windows, vectors = counts(mem)
    assert (messages, windows, vectors) == (before[0], before[2], before[3])
    assert imports == before[1] + 1  # the attempt is logged


def test_same_id_twice_in_one_file_with_other_text_is_an_error_not_a_silent_drop(mem: Memory, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dup.jsonl", [record("x", "first version"), record("y", "other"), record("x", "second version")])
    with pytest.raises(InputError) as raised:
        mem.import_path(path)
    assert (raised.value.path, raised.value.line) == (str(path), 3)
    assert mem.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_same_id_twice_in_one_file_with_the_same_text_is_stored_once(mem: Memory, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dup.jsonl", [record("x", "same words"), record("y", "other"), record("x", "same words")])
    summary = mem.import_path(path)
    assert (summary.messages_added, summary.messages_skipped) == (2, 1)
    assert mem.vectors.count() == 2


def test_same_id_in_another_file_with_new_text_is_an_update_keeping_the_old_text(mem: Memory, tmp_path: Path) -> None:
    mem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("x", "original")]))
    summary = mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("x", "changed"), record("z", "new")]))
    assert (summary.messages_added, summary.messages_updated, summary.messages_skipped) == (1, 1, 0)
    assert mem.db.execute("SELECT text FROM messages WHERE id = 'x'").fetchone()[0] == "changed"
    assert mem.db.execute("SELECT text FROM message_history WHERE message_id = 'x'").fetchall() == [("original",)]
    assert mem.vectors.count() == 2


def test_windows_of_neighbours_are_refreshed_when_a_turn_arrives_later(mem: Memory, tmp_path: Path) -> None:
    mem.import_path(write_jsonl(tmp_path / "a.jsonl", [
        record("1", "Where is the key?", time="2024-01-01T10:00:00"),
        record("3", "Thanks, found it.", time="2024-01-01T10:02:00"),
    ]))
    # the missing middle turn comes from another file
    mem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("2", "Under the doormat.", "Ben", time="2024-01-01T10:01:00")]))
    rowid = {mid: r for r, mid in mem.db.execute("SELECT rowid, id FROM messages")}
    w5 = dict(mem.db.execute("SELECT rowid, w5 FROM windows_fts").fetchall())
    assert w5[rowid["1"]] == "Ana: Where is the key? \nBen: Under the doormat. \nAna: Thanks, found it."
    assert w5[rowid["2"]] == w5[rowid["1"]] == w5[rowid["3"]]  # three turns: every window holds them all


def test_progress_is_reported(mem: Memory, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    mem.import_path(write_chat(tmp_path / "chats.jsonl"), progress=lambda done, total, stage: seen.append((done, total, stage)))
    assert (len(CHAT), len(CHAT), "storing") in seen
    assert seen[-1] == (len(CHAT), len(CHAT), "embedding")


def test_a_photo_with_no_words_is_stored_and_found(mem: Memory, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "pics.jsonl", [
        record("p1", "", "Odile", attachments=[{"kind": "image", "caption": "a small brown dachshund puppy on a rug"}]),
    ])
    mem.import_path(path)

    hits = mem.recall("dachshund", k=5)
    assert "p1" in {s for hit in hits for s in hit.sources}
    assert mem.db.execute("SELECT text FROM messages WHERE id = 'p1'").fetchone()[0] == "[photo: a small brown dachshund puppy on a rug]"


def test_an_attachment_line_is_read_as_a_caption() -> None:
    from remembrancer.memory.extraction.rules import RulesExtractor
    from remembrancer.memory.extraction.base import MessageView

    view = MessageView(id="p1", conversation="c1", speaker="Odile", time="2024-03-01T10:00:00+00:00",
                       text="Look who I met!\n[photo: a small brown dachshund puppy on a rug]")
    texts = [f.text for f in RulesExtractor().extract([view])]
    assert "Odile shared a photo of a small brown dachshund puppy on a rug." in texts, texts
