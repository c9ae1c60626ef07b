"""What an operation reports it changed: the desktop app redraws from this alone."""
from __future__ import annotations

import pytest

from remembrancer.memory.changes import KINDS, Changes
from remembrancer.memory.consolidation import ConsolidationReport
from remembrancer.memory.forget import ForgetReport
from remembrancer.memory.types import ImportSummary


def test_counts_by_level_or_table_name_what_changed():
    assert Changes.of_counts({"facts": 2, "messages": 0}).kinds == {"fact"}
    assert Changes.of_counts({"message": 1}, also=("scene",)).kinds == {"message", "scene"}
    assert not Changes.of_counts({"fact": 0}, also=("scene",))  # nothing forgotten: nothing derived changed either
    assert (Changes.of("fact") | Changes.of("conflict")).touches("conflict")
    assert Changes.everything().kinds == set(KINDS)
    with pytest.raises(ValueError):
        Changes.of("facts")  # a table name where a kind is meant is a caller bug


def test_an_import_that_stored_nothing_redraws_nothing():
    assert not ImportSummary(files=1, messages_skipped=40).changes
    assert ImportSummary(files=1, messages_added=3).changes == Changes.everything()
    assert ImportSummary(files=1, messages_updated=1).changes == Changes.everything()


def test_forgetting_reports_the_levels_it_touched_and_what_rests_on_them():
    soft = ForgetReport(hard=False, archived={"message": 0, "fact": 1, "scene": 0, "persona": 0})
    assert soft.changes.kinds == {"fact", "scene", "persona", "conflict"}
    hard = ForgetReport(hard=True, deleted={"message": 2, "fact": 0}, archived={"fact": 5})
    assert hard.changes.kinds == {"message", "scene", "persona", "conflict"}  # a hard forget is read from what it deleted
    assert not ForgetReport(hard=False, archived={"fact": 0}).changes


def test_a_dry_run_or_an_idle_consolidation_changes_nothing():
    assert not ConsolidationReport(dry_run=True, started_at="2034-05-08T09:46:00+00:00", facts_merged=3).changes
    assert not ConsolidationReport(dry_run=False, started_at="2034-05-08T09:46:00+00:00").changes
    assert ConsolidationReport(dry_run=False, started_at="2034-05-08T09:46:00+00:00", archived={"facts": 1}).changes == Changes.everything()
