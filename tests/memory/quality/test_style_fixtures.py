"""The hand-written conversations in other styles (tests/data/styles/) parse and import.

Three invented conversations a careful reader wrote a profile for: a family
group chat (short lines, typos, emoji, the owner labelled "Me"), a work
thread in the text-log format and a Markdown journal. Here only their shape
is checked; what the store makes of them is measured by
`benchmarks.memory_quality --styles` and checked by the persona's tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.importers import plan_files

STYLES = Path(__file__).resolve().parents[2] / "data" / "styles"
FORMATS = {"family_chat": "jsonl", "work_thread": "text", "journal": "markdown"}


def _expected(name: str) -> dict:
    return json.loads((STYLES / name / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_expected_profile_is_well_formed(name: str) -> None:
    expected = _expected(name)
    assert (STYLES / name / expected["file"]).is_file()
    assert expected["people"], "a fixture without an expected profile checks nothing"
    for person in expected["people"]:
        assert person["person"] and person["attributes"]
        for attribute in person["attributes"]:
            assert attribute["kind"]
            assert any(attribute.get(k) for k in ("value", "name", "names")), attribute
    assert isinstance(expected.get("must_not_appear", []), list)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_fixture_is_claimed_by_its_importer_and_sized_as_a_conversation(name: str) -> None:
    source = STYLES / name / _expected(name)["file"]
    planned = plan_files(source)
    assert [importer.name for _, importer in planned] == [FORMATS[name]]
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert 40 <= len(lines) <= 80


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_fixture_imports(name: str, tmp_path: Path) -> None:
    source = STYLES / name / _expected(name)["file"]
    planned = plan_files(source)
    messages = planned[0][1].parse(source, source.parent)
    with Memory(tmp_path / "store", "fake") as mem:
        summary = mem.import_path(source)
    assert summary.files == 1
    assert summary.messages_added == len(messages) > 0
    assert summary.facts_created > 0


def test_the_chat_owner_is_labelled_me() -> None:
    source = STYLES / "family_chat" / _expected("family_chat")["file"]
    speakers = {json.loads(line)["speaker"] for line in source.read_text(encoding="utf-8").splitlines()}
    assert "Me" in speakers and len(speakers) >= 4
