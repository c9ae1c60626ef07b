"""The profiles the store builds from the hand-written style fixtures (tests/data/styles/).

Each fixture's expected.json lists what a careful reader knows about its
people. Every profile built must read cleanly (no junk, no duplicates, no
"Me works ..." or "as a user", every value grounded), and the expected
attributes found must not fall below what the rules reach today: the floor
only rises (the rest of each expected profile is the work still to do, and
`benchmarks.memory_quality --styles` reports it).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.memory_quality_profile import expected_found
from remembrancer.memory import Memory
from remembrancer.memory.browse import list_persona
from remembrancer.memory.persona.gate import junk_reason as gate_reason
from remembrancer.memory.quality.persona_junk import duplicate_groups, junk_reason

STYLES = Path(__file__).resolve().parents[2] / "data" / "styles"
# Expected attributes the rules find today, per fixture: a floor that only rises.
FOUND_AT_LEAST = {"family_chat": 3, "journal": 3, "work_thread": 6}


@pytest.fixture(scope="module", params=sorted(FOUND_AT_LEAST))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict, list[dict]]]:
    name = request.param
    expected = json.loads((STYLES / name / "expected.json").read_text(encoding="utf-8"))
    with Memory(tmp_path_factory.mktemp(name) / "store", "fake") as memory:
        memory.import_path(STYLES / name / expected["file"])
        persona = [p.to_json() for p in list_persona(memory.db)]
    yield name, expected, persona


def test_profiles_read_cleanly(built: tuple[str, dict, list[dict]]) -> None:
    _, expected, persona = built
    assert persona
    for item in persona:
        assert item["sources"] and item["evidence"] and item["text"], item
        assert junk_reason(item["attribute"], item["value"], item["text"]) is None, item["text"]
        assert gate_reason(item["attribute"], item["value"]) is None, item["text"]
        for phrase in expected.get("must_not_appear", []):
            assert phrase not in item["text"], item["text"]
    assert duplicate_groups(persona) == []


def test_expected_attributes_are_found(built: tuple[str, dict, list[dict]]) -> None:
    name, expected, persona = built
    found, total, missing = expected_found(expected, persona)
    assert found >= FOUND_AT_LEAST[name], missing
