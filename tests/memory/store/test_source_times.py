"""A fact's sources are kept with when they were said, so its oldest few are read without reading them all."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory.recall.items import ITEM_SOURCES, build_items
from remembrancer.memory.store import facts as repo
from remembrancer.memory.store import search
from remembrancer.memory.store.database import DB_FILENAME, open_database, transaction
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.fact_merge import merge_fact
from remembrancer.memory.store.messages import insert_messages
from remembrancer.memory.store.migrations import MIGRATIONS, migrate
from remembrancer.memory.types import ParsedMessage

AT = "2031-02-01T09:00:00+00:00"
NOW = datetime(2031, 2, 2, tzinfo=timezone.utc)


def _said(i: int) -> str:
    """Message i was said i hours in, but ids sort otherwise ("m10" < "m2"): time order is not id order."""
    return (datetime(2031, 1, 1, tzinfo=timezone.utc) + timedelta(hours=i)).isoformat()


def _messages(n: int) -> list[ParsedMessage]:
    return [ParsedMessage(f"m{i}", "greenhouse", _said(i), "Teodor", f"The tomatoes are ripening, day {i}.") for i in range(1, n + 1)]


def _fact(conn: sqlite.Connection, name: str, sources: list[str]) -> int:
    fact = repo.NewFact(
        id=f"f-{name}", text=f"Teodor grows {name}.", norm=f"teodor grows {name}", subject="Teodor", attribute=None, value=None,
        predicate=None, polarity=1, entities="[]", time_said=_said(1), time_mentioned=None, valid_from=None, learned_at=AT,
        confidence=0.9, extractor="rules", stability_days=30.0, standalone=1,
    )
    return repo.insert_fact(conn, fact, sources)


@pytest.fixture
def db(tmp_path: Path):
    db = open_database(tmp_path / DB_FILENAME)
    with transaction(db) as conn:
        insert_messages(conn, _messages(40), "greenhouse.jsonl", AT)
    yield db
    db.conn.close()


def test_a_store_from_before_gets_the_times_of_its_sources(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = sqlite.connect(path, isolation_level=None)
    migrate(conn, [m for m in MIGRATIONS if m[0] < 19])
    conn.execute("BEGIN")
    insert_messages(conn, _messages(3), "greenhouse.jsonl", AT)
    conn.execute("INSERT INTO facts (id, text, norm, subject, polarity, entities, time_said, learned_at, confidence, extractor)"
                 " VALUES ('f-old', 'Teodor grows tomatoes.', 'teodor grows tomatoes', 'Teodor', 1, '[]', ?, ?, 0.9, 'rules')", (_said(1), AT))
    conn.executemany("INSERT INTO fact_sources (fact_rowid, message_id) VALUES (1, ?)", [("m3",), ("m1",)])
    conn.execute("COMMIT")
    conn.close()

    db = open_database(path)
    said = dict(db.execute("SELECT message_id, said_utc FROM fact_sources").fetchall())
    times = dict(db.execute("SELECT id, time_utc FROM messages").fetchall())
    assert said == {"m1": times["m1"], "m3": times["m3"]} and None not in said.values()
    assert [t.id for t in search.fact_sources_in_time_order(db, [1])[1]] == ["m1", "m3"]
    db.conn.close()


def test_new_and_merged_sources_carry_when_they_were_said(db) -> None:
    with transaction(db) as conn:
        first = _fact(conn, "tomatoes", ["m2"])
        twin = _fact(conn, "tomatoes too", ["m1", "m12"])
        merge_fact(conn, first, twin)
    rows = db.execute("SELECT message_id, said_utc FROM fact_sources WHERE fact_rowid = ? ORDER BY said_utc", [first]).fetchall()
    said = dict(db.execute("SELECT id, time_utc FROM messages").fetchall())
    assert rows == [("m1", said["m1"]), ("m2", said["m2"]), ("m12", said["m12"])]


def test_a_source_that_is_not_stored_is_still_refused(db) -> None:
    with pytest.raises(sqlite.IntegrityError):
        with transaction(db) as conn:
            _fact(conn, "peppers", ["m1", "no-such-message"])
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == 0


def test_a_fact_said_many_times_lists_its_oldest_sources_and_counts_them_all(db) -> None:
    everyone = [f"m{i}" for i in range(40, 0, -1)]  # cited newest first: the list must not follow the citing order
    with transaction(db) as conn:
        fact = _fact(conn, "tomatoes", everyone)
    bounded = search.fact_sources_in_time_order(db, [fact], ITEM_SOURCES)[fact]
    assert [t.id for t in bounded] == [f"m{i}" for i in range(1, ITEM_SOURCES + 1)]
    assert [t.id for t in search.fact_sources_in_time_order(db, [fact])[fact]] == [f"m{i}" for i in range(1, 41)]
    assert search.source_counts(db, [fact]) == {fact: 40}

    said_last = db.execute("SELECT rowid FROM messages WHERE id = 'm40'").fetchone()[0]
    item = build_items(db, [(said_last, 1.0)], {said_last: fact}, NOW)[said_last]
    assert item.level == "fact" and item.sources == [f"m{i}" for i in range(1, ITEM_SOURCES + 1)]
    assert item.to_json()["source_count"] == 40
    assert [turn.id for turn in item.context][:3] == ["m1", "m2", "m3"]  # where it was first said


def test_a_fact_with_few_sources_lists_them_all(db) -> None:
    with transaction(db) as conn:
        fact = _fact(conn, "basil", ["m9", "m10"])
    rowid = db.execute("SELECT rowid FROM messages WHERE id = 'm10'").fetchone()[0]
    item = build_items(db, [(rowid, 1.0)], {rowid: fact}, NOW)[rowid]
    assert item.sources == ["m9", "m10"] and item.to_json()["source_count"] == 2


def test_a_persona_said_all_along_lists_its_newest_evidence_and_counts_it_all(db) -> None:
    """40 facts (one per day's message) rest under one attribute: the item names the newest 32 and says there are 40."""
    from remembrancer.memory.store.persona import PersonaRow, replace_evidence, save_persona

    with transaction(db) as conn:
        facts = [_fact(conn, f"tomatoes {i}", [f"m{i}"]) for i in range(1, 41)]
        facts.append(_fact(conn, "tomatoes again", ["m40", "m7"]))  # a message cited twice is one source
        persona = save_persona(conn, PersonaRow("p-1", "Teodor", "hobby", "gardening", 1, 0.9, _said(1), _said(40), None, AT, "attribute", None, None, None, "Teodor gardens."))
        replace_evidence(conn, persona, facts)
    every = search.persona_evidence_turns(db, persona)
    assert [t.id for t in every] == [f"m{i}" for i in range(40, 0, -1)]  # newest first
    newest = search.persona_evidence_turns(db, persona, ITEM_SOURCES)
    assert newest == every[:ITEM_SOURCES]
    assert search.persona_evidence_count(db, persona) == 40
    assert search.persona_evidence_turns(db, persona, 100) == every

    from remembrancer.memory.recall.associative import AssociativeRecall

    recall = AssociativeRecall.__new__(AssociativeRecall)
    recall.db = db
    item = recall._persona_item(persona, 1.0, NOW)
    assert item.sources == sorted(f"m{i}" for i in range(9, 41)) and item.to_json()["source_count"] == 40
    assert "m40" in [turn.id for turn in item.context]  # the newest evidence
