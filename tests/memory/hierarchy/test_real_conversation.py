"""On a real conversation (LoCoMo conv-26, from ../shared; skipped when absent).

LoCoMo: Maharana et al. 2024, CC BY-NC 4.0. The data is read from ../shared,
never copied into the project.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.locomo import DATA, to_jsonl
from remembrancer.memory import Memory
from remembrancer.memory.browse import list_facts, list_persona, list_scenes

CONV = DATA / "conv-26.json"
pytestmark = pytest.mark.skipif(not CONV.exists(), reason="LoCoMo dev data not found in ../shared/data/locomo-dev")


@pytest.fixture(scope="module")
def conv26(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    work = tmp_path_factory.mktemp("conv26")
    jsonl = work / "conv-26.jsonl"
    to_jsonl(json.loads(CONV.read_text(encoding="utf-8")), jsonl)
    memory = Memory(work / "data", "fake", extractor="rules")
    memory.import_path(jsonl)
    yield memory
    memory.close()


def test_every_fact_scene_and_attribute_cites_existing_messages(conv26: Memory) -> None:
    messages = {r[0] for r in conv26.db.execute("SELECT id FROM messages")}
    facts, scenes, persona = list_facts(conv26.db), list_scenes(conv26.db), list_persona(conv26.db)
    assert len(facts) > 200 and scenes and persona
    for item in [*facts, *scenes, *persona]:
        assert item.sources, item
        assert set(item.sources) <= messages, item


def _speaker() -> str:
    """The conversation's first speaker, read from the file: nothing here is keyed to who is in it."""
    data = json.loads(CONV.read_text(encoding="utf-8"))
    return data.get("conversation", data)["speaker_a"]


def test_a_speaker_profile_is_typed_and_grounded(conv26: Memory) -> None:
    """What the profile must hold is checked on invented people (tests/memory/persona, the style fixtures);
    on real data: several kinds of attribute, each with evidence, sources and a confidence."""
    persona = list_persona(conv26.db, _speaker())
    assert len({p.attribute for p in persona}) >= 4
    for attribute in persona:
        assert attribute.evidence and attribute.sources and 0 < attribute.confidence <= 1


def test_persona_cli_json_for_a_speaker(conv26: Memory, capsys: pytest.CaptureFixture[str]) -> None:
    from remembrancer.app.cli.main import main

    speaker = _speaker()
    conv26.close()  # the CLI opens the same data dir itself
    assert main(["--data-dir", str(conv26.data_dir), "persona", speaker, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all(item["subject"] == speaker and item["sources"] and item["evidence"] for item in listed)
    assert {"attribute", "value", "confidence", "evidence", "sources"} <= set(listed[0])


def test_consolidation_keeps_every_source_and_a_second_run_changes_nothing(conv26: Memory) -> None:
    """Runs last: it consolidates the shared store (archiving nothing: all of it was just learned)."""
    from remembrancer.memory.consolidation import consolidate
    from remembrancer.memory.timeutil import utc_now

    conv26 = Memory(conv26.data_dir, "fake", extractor="rules")  # an earlier test handed the store to the CLI
    cited = {m for (m,) in conv26.db.execute("SELECT DISTINCT message_id FROM fact_sources")}
    first = consolidate(conv26, utc_now())
    assert sum(first.archived.values()) == 0
    assert {m for (m,) in conv26.db.execute("SELECT DISTINCT message_id FROM fact_sources")} == cited
    snapshot = conv26.db.execute("SELECT id, mentions, archived FROM facts ORDER BY id").fetchall()
    second = consolidate(conv26, utc_now())
    assert second.changed == 0
    assert conv26.db.execute("SELECT id, mentions, archived FROM facts ORDER BY id").fetchall() == snapshot
    conv26.close()
