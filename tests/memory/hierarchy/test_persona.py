"""Persona: attributes with evidence, and reflective calibration."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_persona
from tests.helpers import record, write_jsonl


def test_attributes_carry_evidence_and_sources(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin."), record("m2", "I love jazz.")]))
    persona = {(p.attribute, p.value): p for p in list_persona(hmem.db, "ana")}
    assert persona[("home", "Berlin")].sources == ["m1"]
    assert persona[("likes", "jazz")].sources == ["m2"]
    assert persona[("home", "Berlin")].text == "Ana lives in Berlin"


def test_two_mentions_are_surer_than_one(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I love jazz."), record("m2", "I live in Rome.")]))
    before = {p.value: p.confidence for p in list_persona(hmem.db, "Ana")}
    hmem.import_path(write_jsonl(tmp_path / "b.jsonl", [record("m3", "Did I mention I love jazz", time="2024-03-02T10:00:00")]))
    after = {p.value: p.confidence for p in list_persona(hmem.db, "Ana")}
    assert after["jazz"] > before["jazz"] and after["Rome"] == before["Rome"]


def test_calibration_flags_a_planted_contradiction(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I love mushrooms."), record("m2", "Honestly I don't like mushrooms.", time="2024-03-05T10:00:00")]))
    persona = {(p.value, p.polarity): p for p in list_persona(hmem.db, "Ana")}
    assert "contradictory" in persona[("mushrooms", 1)].flagged
    assert "contradictory" in persona[("mushrooms", -1)].flagged
    denying = hmem.db.execute("SELECT flagged FROM facts WHERE text = 'Ana does not like mushrooms'").fetchone()[0]
    assert denying and denying.startswith("persona:")


def test_older_home_is_flagged_as_contradicted_by_the_newer(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I live in Berlin.", time="2022-03-01T10:00:00"), record("m2", "I moved to Lisbon.", time="2024-06-10T10:00:00")]))
    homes = {p.value: p.flagged for p in list_persona(hmem.db, "Ana") if p.attribute == "home"}
    assert homes["Lisbon"] is None
    assert homes["Berlin"] == "contradicted by newer evidence: Lisbon"


def test_attribute_that_lost_its_evidence_is_weakened_once(hmem: Memory, tmp_path: Path) -> None:
    from remembrancer.memory.persona.build import rebuild_persona
    from remembrancer.memory.store.database import transaction

    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", [record("m1", "I love jazz.")]))
    before = list_persona(hmem.db, "Ana")[0].confidence
    with transaction(hmem.db) as conn:
        conn.execute("UPDATE facts SET archived = 1")
        rebuild_persona(conn, "2024-04-01T00:00:00+00:00", {"Ana"})
    hmem.db.execute("UPDATE persona SET archived = 0")  # still listed
    weakened = hmem.db.execute("SELECT confidence, flagged FROM persona").fetchone()
    assert weakened == (before * 0.5, "evidence lost")
    with transaction(hmem.db) as conn:
        rebuild_persona(conn, "2024-04-02T00:00:00+00:00", {"Ana"})
    assert hmem.db.execute("SELECT confidence FROM persona").fetchone()[0] == before * 0.5
