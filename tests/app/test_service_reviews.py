"""A memory is reviewed when it is used, never because a search returned it (#20).

The uses, each through the facade the GUI and the CLI call: cited in an answer shown (`ask`), opened
(`open_item`), pinned, confirmed, kept in a conflict; a kept autofill value is tested with autofill. A search, an "I don't know", an
item's detail read for a refresh and unpinning review nothing. Invented people only.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.errors import InputError
from tests.helpers import record, write_jsonl


@pytest.fixture
def service(tmp_path: Path) -> Iterator[MemoryService]:
    svc = MemoryService(AppContext(tmp_path / "data"))
    svc.import_path(write_jsonl(tmp_path / "chat.jsonl", [
        record("m1", "I adopted a grey kitten called Miso last week.", "Odile"),
        record("m2", "I started welding classes at the community college.", "Bram", time="2024-03-01T10:01:00"),
    ]))
    yield svc
    svc.close()


def reviews(service: MemoryService) -> dict[str, int]:
    db = service.ctx.memory().db
    return {row[0]: row[1] for table in ("messages", "facts", "persona", "scenes")
            for row in db.execute(f"SELECT id, reviews FROM {table}") if row[1]}


def test_a_search_and_a_detail_refresh_review_nothing(service: MemoryService) -> None:
    items = service.recall("kitten Miso")
    assert items
    service.item(items[0].id)
    assert reviews(service) == {}


def test_the_memories_an_answer_cites_are_reviewed(service: MemoryService) -> None:
    answer = service.ask("What is the name of Odile's kitten?", quick=True)
    assert "Miso" in answer.answer and answer.citations
    assert set(reviews(service)) == {citation.id for citation in answer.citations}


def test_i_dont_know_reviews_nothing(service: MemoryService) -> None:
    answer = service.ask("Where did Odile adopt the kitten?", quick=True)  # no place said anywhere
    assert answer.answer.startswith("I don't know") and not answer.citations
    assert reviews(service) == {}


def test_opening_and_pinning_are_reviews_unpinning_is_not(service: MemoryService) -> None:
    (first, second, *_) = service.recall("kitten welding")
    service.open_item(first.id)
    assert reviews(service) == {first.id: 1}
    service.pin(second.id)
    assert reviews(service) == {first.id: 1, second.id: 1}
    service.pin(second.id, pinned=False)
    assert reviews(service) == {first.id: 1, second.id: 1}


def test_confirming_is_a_review_and_an_unknown_id_is_refused(service: MemoryService) -> None:
    (first, *_) = service.recall("kitten")
    assert not service.confirm(first.id)  # no list shows retention: nothing to redraw
    assert reviews(service) == {first.id: 1}
    with pytest.raises(InputError, match="no memory with id 'f-nowhere'"):
        service.confirm("f-nowhere")
    assert reviews(service) == {first.id: 1}


def test_keeping_a_fact_in_a_conflict_confirms_it(service: MemoryService) -> None:
    db = service.ctx.memory().db
    a, b = [row for row in db.execute("SELECT rowid, id FROM facts ORDER BY rowid LIMIT 2")]
    db.execute("INSERT INTO conflicts (fact_a, fact_b, reason, created_at) VALUES (?, ?, 'same day', '2034-05-08T09:46:00+00:00')", [a[0], b[0]])
    (conflict,) = service.conflicts()
    changed = service.resolve_conflict(conflict.id, "B")
    assert changed.value.resolution == "B" and changed.changes.touches("conflict", "fact", "persona")
    assert reviews(service) == {b[1]: 1}  # the kept fact, not the superseded one
