"""A process killed after an import's commit but before its facts, scenes or persona: the next open finishes the work."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.timeutil import utc_now
from tests.helpers import record, write_jsonl

LINES = ["I live in Hollowmere.", "I have a dog named Biscuit.", "I work as a glassblower.", "My sister Fenna lives in Quillton."]


def _chat(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "chat.jsonl", [record(f"k-{i}", text, "Tamsin", "kiln", f"2024-04-0{1 + i}T09:00:00")
                                                 for i, text in enumerate(LINES)])


def _levels(mem: Memory) -> tuple[int, int, int, int]:
    one = lambda sql: mem.db.execute(sql).fetchone()[0]  # noqa: E731
    return (one("SELECT count(*) FROM messages WHERE extracted = 0"), one("SELECT count(*) FROM facts"),
            one("SELECT count(*) FROM scenes"), one("SELECT count(*) FROM persona"))


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler catches it."""


def _die(*args, **kwargs):
    raise Killed


def test_killed_between_commit_and_extraction_heals_on_the_next_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("remembrancer.memory.ingest.build_hierarchy", _die)
    with Memory(tmp_path / "data", "fake") as mem:
        with pytest.raises(Killed):
            mem.import_path(_chat(tmp_path))
        assert _levels(mem) == (len(LINES), 0, 0, 0)  # committed messages, nothing above them
    monkeypatch.undo()
    with Memory(tmp_path / "data", "fake") as mem:
        unextracted, facts, scenes, persona = _levels(mem)
        assert unextracted == 0 and facts >= len(LINES) and scenes >= 1 and persona >= 3
        assert mem.db.execute("SELECT count(*) FROM pending_rebuilds").fetchone()[0] == 0


def test_killed_between_facts_and_scenes_heals_in_consolidate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("remembrancer.memory.hierarchy.rebuild_scenes", _die)
    with Memory(tmp_path / "data", "fake") as mem:
        with pytest.raises(Killed):
            mem.import_path(_chat(tmp_path))
        unextracted, facts, scenes, persona = _levels(mem)
        assert unextracted == 0 and facts > 0 and scenes == 0 and persona == 0
    monkeypatch.undo()
    with Memory(tmp_path / "data", "fake", reconcile_on_open=False) as mem:  # no healing on open: consolidate must see it
        report = consolidate(mem, utc_now())
        assert report.finished_interrupted_import
        _, _, scenes, persona = _levels(mem)
        assert scenes >= 1 and persona >= 3
        assert not consolidate(mem, utc_now()).finished_interrupted_import  # a second run has nothing to finish


def test_an_open_during_another_process_import_leaves_its_messages_alone(tmp_path: Path) -> None:
    from remembrancer.memory.store.locks import importing

    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        mem.import_path(_chat(tmp_path))  # messages only: as if an import were between its commit and its facts
    with importing(tmp_path / "data"):  # that import is still running
        with Memory(tmp_path / "data", "fake") as mem:
            assert _levels(mem)[0] == len(LINES)
    with Memory(tmp_path / "data", "fake") as mem:  # it died: the next open finishes its work
        assert _levels(mem)[0] == 0
