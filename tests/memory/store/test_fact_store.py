"""The facts table family's store functions: writing, timelines, consolidation's merge, the curve's columns per level."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory.forgetting import FADED, FORGOTTEN
from remembrancer.memory.store import conflicts as queue
from remembrancer.memory.store import facts as repo
from remembrancer.memory.store import strength
from remembrancer.memory.store.database import open_database, transaction
from remembrancer.memory.store.fact_merge import merge_fact
from remembrancer.memory.store.levels import TABLES
from remembrancer.memory.store.messages import insert_messages
from remembrancer.memory.types import ParsedMessage

AT = "2034-05-08T09:46:00+00:00"


@pytest.fixture
def db(tmp_path: Path):
    db = open_database(tmp_path / "memory.sqlite3")
    messages = [ParsedMessage(f"m{i}", "trip", f"2034-05-0{i}T10:00:00+00:00", "Ilse", f"line {i}") for i in (1, 2, 3)]
    with transaction(db) as conn:
        insert_messages(conn, messages, "trip.jsonl", AT)
    yield db
    db.conn.close()


def _fact(conn, name: str, sources: list[str], attribute: str | None = None, value: str | None = None, valid_from: str = "2034-05-01") -> int:
    fact = repo.NewFact(
        id=f"f-{name}", text=f"Ilse {name}", norm=f"ilse {name}", subject="Ilse", attribute=attribute, value=value, predicate=None,
        polarity=1, entities="[]", time_said=valid_from, time_mentioned=None, valid_from=valid_from, learned_at=AT, confidence=0.9,
        extractor="rules", stability_days=30.0, standalone=1,
    )
    return repo.insert_fact(conn, fact, sources)


def test_a_fact_is_written_found_by_its_words_and_reinforced(db) -> None:
    with transaction(db) as conn:
        rowid = _fact(conn, "likes skat", ["m1"])
        assert [f.rowid for f in repo.same_words(conn, "Ilse", "ilse likes skat")] == [rowid]
        repo.reinforce(conn, rowid, 0.95, "2034-05-02", 40.0, AT)
        repo.add_sources(conn, rowid, ["m2", "m1"])
        assert repo.strength(conn, rowid) == repo.Strength(40.0, AT, AT)
    assert repo.source_ids(db, rowid) == ["m1", "m2"]
    assert repo.validity(db, rowid).confidence == 0.95


def test_a_newer_value_closes_the_older_one(db) -> None:
    with transaction(db) as conn:
        old = _fact(conn, "lives in Porto", ["m1"], "home", "Porto", "2030")
        new = _fact(conn, "lives in Lisbon", ["m2"], "home", "Lisbon", "2034-05")
        assert [v.value for v in repo.current_values(conn, "Ilse", "home", new)] == ["Porto"]
        repo.close(conn, old, new, AT)
        assert repo.current(conn, old) is None
        assert repo.current(conn, new).value == "Lisbon"
    assert repo.validity(db, old).valid_to == "2034-05"


def test_merge_moves_everything_that_points_at_the_twin(db) -> None:
    with transaction(db) as conn:
        survivor = _fact(conn, "plays skat", ["m1"])
        twin = _fact(conn, "plays Skat", ["m2", "m1"])
        older = _fact(conn, "played chess", ["m3"])
        other = _fact(conn, "plays bridge", ["m3"])
        conn.execute("UPDATE facts SET superseded_by = ? WHERE rowid = ?", (twin, older))
        conn.execute("INSERT INTO scenes (id, title, summary, built_at) VALUES ('s-1', 'Cards', 'Skat nights', ?)", (AT,))
        conn.execute("INSERT INTO scene_facts (scene_rowid, fact_rowid, centrality) VALUES (1, ?, 0)", (twin,))
        conn.execute(
            "INSERT INTO persona (id, subject, attribute, value, confidence, first_seen, last_seen, built_at)"
            " VALUES ('p-1', 'Ilse', 'hobby', 'skat', 0.9, ?, ?, ?)", (AT, AT, AT),
        )
        conn.execute("INSERT INTO persona_evidence (persona_rowid, fact_rowid) VALUES (1, ?)", (twin,))
        queue.queue(conn, survivor, other, "a weak reading", AT)
        queue.queue(conn, twin, other, "a weak reading", AT)  # the same pair once merged: it stays queued once
        queue.queue(conn, other, twin, "both true since the same day", AT)
        assert merge_fact(conn, survivor, twin) == 1  # m2 is new to the survivor, m1 it cites already
    assert repo.source_ids(db, survivor) == ["m1", "m2"]
    assert db.execute("SELECT count(*) FROM facts WHERE rowid = ?", [twin]).fetchone()[0] == 0
    assert db.execute("SELECT mentions FROM facts WHERE rowid = ?", [survivor]).fetchone()[0] == 2
    assert db.execute("SELECT fact_rowid FROM scene_facts").fetchall() == [(survivor,)]
    assert db.execute("SELECT fact_rowid FROM persona_evidence").fetchall() == [(survivor,)]
    assert db.execute("SELECT superseded_by FROM facts WHERE rowid = ?", [older]).fetchone()[0] == survivor
    assert sorted((c.fact_a, c.fact_b) for c in queue.conflicts(db)) == sorted([(survivor, other), (other, survivor)])


def test_every_level_has_a_start_for_its_curve() -> None:
    assert strength.LEARNED_COLUMN.keys() == TABLES.keys()


def test_a_review_brings_back_what_faded_not_what_was_forgotten(db) -> None:
    with transaction(db) as conn:
        faded, forgotten = _fact(conn, "plays skat", ["m1"]), _fact(conn, "plays chess", ["m2"])
        strength.archive_faded(conn, "fact", [faded])
        conn.execute("UPDATE facts SET archived = ? WHERE rowid = ?", (FORGOTTEN, forgotten))
    assert db.execute("SELECT archived FROM facts WHERE rowid = ?", [faded]).fetchone()[0] == FADED
    rows = strength.strengths(db, "fact", ["f-plays skat", "f-plays chess"])
    strength.write_reviews(db, {"fact": [strength.Review(60.0, AT, r.rowid) for r in rows]})
    assert dict(db.execute("SELECT rowid, archived FROM facts").fetchall()) == {faded: 0, forgotten: FORGOTTEN}
    assert strength.faded(db, "fact", datetime(2034, 5, 9, tzinfo=timezone.utc)) == []  # just reviewed
