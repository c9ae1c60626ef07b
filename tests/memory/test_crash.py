"""SIGKILL at a random moment of an import or a consolidation loses nothing committed.

Each trial is a real `remembrancer` process killed once it has the store open
(`benchmarks/crash.py` runs many more). The seed is random per run and shown
on failure, so a failing moment can be replayed.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from benchmarks.crash_harness import Trial, consolidation_trial, creation_trial, extraction_trial, import_trial

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def assert_survived(trial: Trial, seed: int) -> None:
    detail = f"seed {seed}: {trial}"
    assert trial.opened, detail
    assert trial.check_ok, detail
    assert not trial.missing, detail


@pytest.mark.parametrize("trial", range(2))
def test_import_killed_at_random_keeps_every_committed_file(tmp_path: Path, trial: int) -> None:
    seed = random.randrange(1_000_000)
    assert_survived(import_trial(tmp_path, seed), seed)


def test_consolidation_killed_at_random_leaves_a_sound_store(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    result = consolidation_trial(tmp_path, seed)
    assert result.committed_files == 20  # the import before it ran to the end
    assert_survived(result, seed)


def test_import_killed_after_its_last_commit_is_finished_by_the_next_open(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    result = extraction_trial(tmp_path, seed)
    assert result.committed_files == 20
    assert_survived(result, seed)


def test_two_imports_creating_one_store_one_killed_leave_one_sound_store(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    assert_survived(creation_trial(tmp_path, seed), seed)
