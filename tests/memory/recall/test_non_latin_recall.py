"""Recall finds text in scripts the tokenizer does not split (CJK, Thai) or fold (Arabic, Cyrillic, Greek marks).

Every sentence is invented; English turns around them compete for the places.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory.core import Memory
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.migrations import MIGRATIONS, migrate
from tests.helpers import record, write_jsonl

SENTENCES = [
    record("ja-1", "先週、東京タワーの近くで古い友達に会いました。", "Haruto", "ja", "2024-04-01T10:00:00"),
    record("ja-2", "うちの猫は白くて、とても静かです。", "Haruto", "ja-pets", "2024-04-01T12:00:00"),
    record("zh-1", "我下个月要去北京看长城。", "Mei", "zh", "2024-04-02T10:00:00"),
    record("ko-1", "어제 서울에서 오래된 친구를 만났어요.", "Jiwoo", "ko", "2024-04-03T10:00:00"),
    record("ar-1", "سافرت ليلى إلى القاهرة لزيارة جدتها.", "Layla", "ar", "2024-04-04T10:00:00"),
    record("ar-2", "كَتَبَ سامي رسالة طويلة إلى أخيه.", "Sami", "ar", "2024-04-04T10:01:00"),
    record("ru-1", "Алёна купила новую гитару в Казани.", "Alyona", "ru", "2024-04-05T10:00:00"),
    record("el-1", "Πήγαμε στην Αθήνα το καλοκαίρι.", "Eleni", "el", "2024-04-06T10:00:00"),
    record("th-1", "ฉันชอบกินมะม่วงมากที่สุด", "Niran", "th", "2024-04-07T10:00:00"),
    record("en-1", "We watched the tower lights from the old bridge.", "Odile", "en", "2024-04-08T10:00:00"),
    record("en-2", "The guitar shop near the station closed early.", "Odile", "en", "2024-04-08T10:01:00"),
    record("en-3", "My friend from the city called about the trip.", "Wren", "en", "2024-04-08T10:02:00"),
]


def _top_message_ids(mem: Memory, query: str, k: int = 5) -> list[str]:
    """The recalled messages, best first (facts and scenes ranked by the test's fake embedder are left out)."""
    return [item.id for item in mem.recall(query, k=k, budget=None) if item.level == "message"]


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("non_latin")
    with Memory(folder / "data", "fake") as mem:
        mem.import_path(write_jsonl(folder / "chat.jsonl", SENTENCES))
        yield mem


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("東京", "ja-1"),  # a word inside a sentence with no spaces
        ("東京タワーで誰に会った?", "ja-1"),  # a whole question in Japanese
        ("猫", "ja-2"),  # one character
        ("北京", "zh-1"),
        ("长城", "zh-1"),
        ("서울", "ko-1"),  # the particle -에서 joins the noun
        ("القاهرة", "ar-1"),
        ("كتب", "ar-2"),  # written without the vowel points the text has
        ("гитару", "ru-1"),
        ("Алена", "ru-1"),  # е for ё
        ("Αθηνα", "el-1"),  # without the accent
        ("มะม่วง", "th-1"),  # Thai has no spaces between words
    ],
)
def test_non_latin_words_are_found(memory: Memory, query: str, expected: str) -> None:
    assert _top_message_ids(memory, query)[:1] == [expected]


def test_english_recall_is_unchanged(memory: Memory) -> None:
    best = memory.recall("guitar shop", k=3, budget=None)[0]
    assert best.sources == ["en-2"]  # as a message, or as the fact drawn from it


def test_an_older_store_gets_the_terms_when_migrated(tmp_path: Path) -> None:
    """A store made before migration 14 holds Japanese text its index cannot find; migrating makes it searchable."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite.connect(path, isolation_level=None)
    assert migrate(conn, [m for m in MIGRATIONS if m[0] <= 13]) == list(range(1, 14))
    conn.execute(
        "INSERT INTO messages (id, conversation, time, time_utc, speaker, text, learned_at) "
        "VALUES ('m1', 'c', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00', 'Haruto', '昨日は東京で雨でした。', '2024-01-01')"
    )
    from remembrancer.memory.store.windows import refresh_windows

    refresh_windows(conn, [1])
    assert conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"東京\"'").fetchone()[0] == 0
    conn.close()
    conn = sqlite.connect(path, isolation_level=None)
    assert 14 in migrate(conn)
    assert conn.execute("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"東京\"'").fetchall() == [(1,)]
    assert conn.execute("SELECT rowid FROM windows_fts WHERE windows_fts MATCH '\"東京\"'").fetchall() == [(1,)]
    conn.execute("UPDATE messages SET text = '今日は大阪です。' WHERE rowid = 1")  # the update trigger swaps the terms
    assert conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"東京\"'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"大阪\"'").fetchone()[0] == 1
    conn.execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')")
    conn.close()
