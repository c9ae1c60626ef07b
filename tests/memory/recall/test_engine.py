from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.recall.query_text import fts_match
from remembrancer.memory.forgetting import MESSAGE_STABILITY_DAYS, reinforced_stability
from tests.helpers import CHAT, record, write_chat, write_jsonl

IMPORTED = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)

FILLER_WORDS = (
    "weather garden bicycle kitchen guitar football lasagna museum novel printer "
    "harbour orchard pottery railway sunflower telescope umbrella volcano walnut yoga"
).split()


def filler() -> list[dict]:
    return [
        record(f"filler-{n}", f"The {word} looked lovely on Tuesday.", "Sam", f"filler-{n}", f"2024-02-{n + 1:02d}T08:00:00")
        for n, word in enumerate(FILLER_WORDS)
    ]


@pytest.fixture
def chat_mem(mem: Memory, tmp_path: Path) -> Memory:
    mem.import_path(write_chat(tmp_path / "chat.jsonl"), now=IMPORTED)
    return mem


def test_answer_in_the_turn_after_the_question_is_recalled(mem: Memory, tmp_path: Path) -> None:
    thesis = [
        record("q", "What topic did you pick for your thesis research?", "Odile", "thesis", "2024-03-01T10:00:00"),
        record("a", "Adoption agencies and how long families wait.", "Wren", "thesis", "2024-03-01T10:01:00"),
        record("z", "That sounds meaningful.", "Odile", "thesis", "2024-03-01T10:02:00"),
        record("z2", "It is, thanks.", "Wren", "thesis", "2024-03-01T10:03:00"),
    ]
    mem.import_path(write_jsonl(tmp_path / "c.jsonl", filler() + thesis))
    query = "thesis research topic"
    assert {i.id for i in mem.recall(query, k=2)} == {"q", "a"}

    # the answer shares no word with the query: full-text search over turns misses it,
    # the 5-turn window documents centred on it do not
    engine = mem.recall_engine
    rowid = {mid: r for r, mid in mem.db.execute("SELECT rowid, id FROM messages")}
    match = fts_match(query)
    assert engine._bm25_turns(match, 100) == [rowid["q"]]
    assert rowid["a"] in engine._bm25_windows(match, 100)
    assert rowid["z2"] not in engine._bm25_windows(match, 100)  # three turns away from the question


def test_the_reply_to_a_matching_question_outranks_a_turn_beside_an_ordinary_match(mem: Memory, tmp_path: Path) -> None:
    """Both candidates share no word with the query and sit next to an equally good match; only one follows a question."""
    turns = [
        record("ask", "Which kayak route did you paddle?", "Ana", "asked", "2024-03-01T10:00:00"),
        record("reply", "The northern one, around the islands.", "Ben", "asked", "2024-03-01T10:01:00"),
        record("said", "I paddled a kayak route today.", "Ana", "told", "2024-03-02T10:00:00"),
        record("after", "The northern one, around the islands!", "Ben", "told", "2024-03-02T10:01:00"),
    ]
    mem.import_path(write_jsonl(tmp_path / "c.jsonl", filler() + turns))
    engine = mem.recall_engine
    r = {mid: rowid for rowid, mid in mem.db.execute("SELECT rowid, id FROM messages")}
    # two lists in which each pair (ask, said) and (reply, after) scores the same
    lists = [[r["ask"], r["said"], r["reply"], r["after"]], [r["said"], r["ask"], r["after"], r["reply"]]]
    fused = engine.fuse("kayak route", lists, [], ())
    assert fused[r["reply"]] > fused[r["after"]]
    engine.params.answer_weight = engine.params.neighbour_weight
    plain = engine.fuse("kayak route", lists, [], ())
    assert plain[r["reply"]] == pytest.approx(plain[r["after"]])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What did Ana say about the kayak?", '"kayak"'),  # a participant's name is left out
        ("Ana and Ben kayak route", '"kayak" OR "route"'),
        ("Ana's kayak", '"kayak"'),
        ("Ana?", '"ana"'),  # nothing else to search for: the name stays
        ("What about Bob's kayak?", '"bob" OR "kayak"'),  # not a participant
    ],
)
def test_participants_names_are_left_out_of_the_full_text_query(mem: Memory, tmp_path: Path, query: str, expected: str) -> None:
    mem.import_path(write_jsonl(tmp_path / "c.jsonl", [
        record("a", "Hi Ben!", "Ana", "c", "2024-03-01T10:00:00"),
        record("b", "Bye Ana!", "Ben", "c", "2024-03-01T10:01:00"),
    ]))
    assert mem.recall_engine.fts_query(query) == expected
    mem.recall_engine.params.names_in_full_text = True
    assert mem.recall_engine.fts_query(query) == fts_match(query)


def test_a_named_speaker_is_preferred(mem: Memory, tmp_path: Path) -> None:
    mem.import_path(write_jsonl(tmp_path / "c.jsonl", filler() + [
        record("ana-cat", "I adopted a cat named Luna last week.", "Ana", "ana-chat", "2024-03-01T10:00:00"),
        record("ben-cat", "I adopted a cat named Max last week.", "Ben", "ben-chat", "2024-03-01T10:00:00"),
    ]))
    assert mem.recall("Which cat did Ben adopt?", k=1)[0].id == "ben-cat"
    assert mem.recall("Which cat did Ana adopt?", k=1)[0].id == "ana-cat"

    # the boost multiplies the named speaker's fused score by (1 + boost) and leaves the others alone
    engine = mem.recall_engine
    rowid = {mid: r for r, mid in mem.db.execute("SELECT rowid, id FROM messages")}

    def fused(query: str) -> dict[int, float]:  # the message lists recall fuses (its gather and fuse steps)
        hits = mem.vectors.search(mem.embedder.embed_one(query), engine.params.candidates)
        return engine.fuse(query, engine.lexical_lists(query), engine.dense_rowids(hits), ())

    boosted = fused("Which cat did Ben adopt?")
    engine.params.named_speaker_boost = 0.0
    plain = fused("Which cat did Ben adopt?")
    assert boosted[rowid["ben-cat"]] == pytest.approx(plain[rowid["ben-cat"]] * 1.3)
    assert boosted[rowid["ana-cat"]] == pytest.approx(plain[rowid["ana-cat"]])


def test_items_follow_the_contract_and_carry_neighbouring_turns(chat_mem: Memory) -> None:
    items = chat_mem.recall("mountain hut Cortina", k=3, now=IMPORTED)
    assert len(items) == 3
    assert [i.score for i in items] == sorted((i.score for i in items), reverse=True)
    top = items[0]
    assert top.id == "trip-3"
    assert (top.level, top.sources, top.speaker, top.conversation) == ("message", ["trip-3"], "Odile", "trip")
    assert top.text == "I booked a mountain hut near Cortina for July."
    assert (top.valid_from, top.valid_to) == (None, None)
    assert top.retention == pytest.approx(1.0)
    assert [(t.id, t.speaker, t.text) for t in top.context] == [
        ("trip-2", "Wren", "Yes! I would love to hike in the Dolomites."),
        ("trip-4", "Wren", "Perfect, I will bring my new tent as a backup."),
    ]
    assert datetime.fromisoformat(top.context[0].time) == datetime(2024, 5, 1, 9, 1).astimezone()
    for item in items:
        assert item.sources == [item.id] and item.level == "message"
    # a conversation's first turn has only the turn after it as context
    first = chat_mem.recall("summer trip weekend", k=1, now=IMPORTED)[0]
    assert first.id == "trip-1" and [t.id for t in first.context] == ["trip-2"]


def test_to_json_has_the_contract_keys(chat_mem: Memory) -> None:
    data = chat_mem.recall("violin", k=1, now=IMPORTED)[0].to_json()
    assert {"id", "level", "text", "score", "sources", "retention", "valid_from", "valid_to"} <= set(data)
    assert data["context"] and set(data["context"][0]) == {"id", "speaker", "time", "text"}


def test_a_review_strengthens_what_was_used(chat_mem: Memory) -> None:
    later = IMPORTED + timedelta(days=30)
    (item,) = chat_mem.recall("violin stand cat Luna", k=1, now=later)
    assert item.id in {"pets-1", "pets-2", "pets-3"}
    faded = math.exp(-30 / MESSAGE_STABILITY_DAYS)  # 30 days at a message's initial stability
    assert item.retention == pytest.approx(faded, rel=1e-5)
    assert chat_mem.db.execute("SELECT sum(reviews) FROM messages").fetchone()[0] == 0  # returning it was no review

    assert chat_mem.review([item.id], later) == 1  # used: cited in an answer, opened, kept, pinned
    row = chat_mem.db.execute("SELECT reviews, last_review, stability_days FROM messages WHERE id = ?", [item.id]).fetchone()
    assert row[0] == 1
    assert datetime.fromisoformat(row[1]) == later
    assert row[2] == pytest.approx(reinforced_stability(MESSAGE_STABILITY_DAYS, faded))
    assert row[2] == pytest.approx(MESSAGE_STABILITY_DAYS * (1 + 1.5 * (1 - faded) + 0.1))
    others = chat_mem.db.execute("SELECT sum(reviews), count(last_review) FROM messages WHERE id != ?", [item.id]).fetchone()
    assert others == (0, 0)  # only what was used is strengthened

    # the next recall measures retention from the review, not from the import
    (again,) = chat_mem.recall("violin stand cat Luna", k=1, now=later)
    assert again.id == item.id
    assert again.retention == pytest.approx(1.0)


def test_recall_is_a_read_that_leaves_the_store_byte_identical(chat_mem: Memory) -> None:
    chat_mem.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = chat_mem.data_dir / "memory.sqlite3"
    before = path.read_bytes()
    for query in ("violin", "Where does Luna sleep?", "cat", "what happened in March"):
        assert chat_mem.recall(query, k=5, now=IMPORTED + timedelta(days=3)) is not None
    chat_mem.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.read_bytes() == before


def test_k_and_empty_store(mem: Memory, tmp_path: Path) -> None:
    assert mem.recall("anything at all") == []
    mem.import_path(write_chat(tmp_path / "c.jsonl"))
    assert len(mem.recall("violin", k=2)) == 2
    many = mem.recall("violin", k=100)
    # k is a cap, not a quota: unrelated messages (below the similarity floor, no shared word) stay out
    assert 2 < len(many) <= len(CHAT)
    assert {r["id"] for r in CHAT if "violin" in r["text"]} <= {item.id for item in many}
