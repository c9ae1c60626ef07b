"""Replaying time with `now`: memories fade, reviews strengthen them, faded ones are archived, not lost."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.forgetting import ARCHIVE_THRESHOLD
from tests.helpers import record, write_jsonl

T0 = datetime(2024, 1, 10, 9, 0, tzinfo=timezone.utc)
# Two twins of the same kind and importance: one gets recalled, one does not.
CHAT = [
    record("kayak", "The red kayak is stored in the boathouse by the lake.", "Ana", "c1", "2024-01-09T10:00:00"),
    record("piano", "The old piano is stored in the cellar under the stairs.", "Ana", "c2", "2024-01-09T11:00:00"),
]


@pytest.fixture
def store(mem: Memory, tmp_path: Path) -> Memory:
    mem.import_path(write_jsonl(tmp_path / "chat.jsonl", CHAT), now=T0)
    return mem


def retention_of(mem: Memory, item_id: str, now: datetime) -> float:
    items = mem.recall(item_id.replace("kayak", "red kayak boathouse").replace("piano", "old piano cellar"), k=5, now=now, include_archived=True)
    return next(i.retention for i in items if i.id == item_id)


def test_retention_falls_with_time(store: Memory) -> None:
    values = [retention_of(store, "piano", T0 + timedelta(days=d)) for d in (1, 30, 365)]
    assert values[0] > values[1] > values[2]
    assert values[0] > 0.95 and values[2] < ARCHIVE_THRESHOLD


def test_used_twin_is_stronger_a_month_later(store: Memory) -> None:
    for day in (1, 7):  # found and used (opened, cited in an answer): a review; found alone is not
        items = store.recall("red kayak boathouse", k=1, now=T0 + timedelta(days=day))
        assert items[0].id == "kayak"
        store.review([items[0].id], T0 + timedelta(days=day))
    at_30 = T0 + timedelta(days=30)
    assert retention_of(store, "kayak", at_30) > retention_of(store, "piano", at_30) + 0.1


def test_a_faded_memory_leaves_default_recall_and_comes_back_on_request(store: Memory) -> None:
    later = T0 + timedelta(days=365)
    assert "piano" not in [i.id for i in store.recall("old piano cellar", k=5, now=later)]
    archived = store.recall("old piano cellar", k=5, now=later, include_archived=True)
    assert archived[0].id == "piano" and archived[0].retention < ARCHIVE_THRESHOLD


def test_a_faded_memory_still_ranks_when_it_is_the_only_match(store: Memory) -> None:
    """Faded but above the threshold: lower score, still found."""
    fresh = store.recall("old piano cellar", k=1, now=T0 + timedelta(days=1))[0]
    faded = store.recall("old piano cellar", k=1, now=T0 + timedelta(days=120))[0]
    assert fresh.id == faded.id == "piano"
    assert faded.score < fresh.score


def test_consolidation_archives_what_faded_and_a_review_brings_it_back(store: Memory) -> None:
    later = T0 + timedelta(days=365)
    report = consolidate(store, later)
    assert report.archived["messages"] == 2
    assert store.stats().archived["message"] == 2
    (item,) = store.recall("old piano cellar", k=1, now=later, include_archived=True)
    assert item.id == "piano"
    assert store.db.execute("SELECT archived FROM messages WHERE id = 'piano'").fetchone()[0] == 1  # found is not used
    store.review([item.id], later)  # opened by the person
    assert store.db.execute("SELECT archived FROM messages WHERE id = 'piano'").fetchone()[0] == 0
    assert [i.id for i in store.recall("old piano cellar", k=1, now=later)] == ["piano"]


def test_pinned_memories_never_fade(store: Memory) -> None:
    store.db.execute("UPDATE messages SET pinned = 1 WHERE id = 'piano'")
    much_later = T0 + timedelta(days=3650)
    (item,) = store.recall("old piano cellar", k=1, now=much_later)
    assert item.id == "piano" and item.retention == 1.0
    assert consolidate(store, much_later).archived["messages"] == 1  # only the kayak
