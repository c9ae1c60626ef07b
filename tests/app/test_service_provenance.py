"""Sources a person can read: the sentence and the day a value comes from, never ids."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.autofill.types import FormField
from remembrancer.memory.provenance import describe_sources
from tests.helpers import record, write_jsonl

ID_LIKE = re.compile(r"\b(?:[pfm]-[0-9a-f]{4,}|scn-[0-9a-f]+|ow-\d|ls-\d)\b")


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryService:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    svc = MemoryService(AppContext(tmp_path / "data"))
    svc.import_path(write_jsonl(tmp_path / "chat.jsonl", [
        record("ow-1", "Morning! My name is Liesel Varga. I just moved here.", "Liesel", time="2024-03-01T10:00:00", role="user"),
        record("ls-1", "Nice to meet you. My name is Anselm Krug.", "Anselm", time="2024-03-02T11:00:00"),
        record("ls-2", "I live in Ghent with my two parrots.", "Anselm", time="2024-03-02T11:02:00"),
    ]))
    yield svc
    svc.close()


def test_autofill_says_you_said_with_the_sentence_and_day(service: MemoryService) -> None:
    (suggestion,) = service.autofill([FormField(name="first", autocomplete="given-name")])
    assert suggestion.value == "Liesel" and suggestion.sources
    assert suggestion.provenance == ["you said on 1 Mar 2024: “My name is Liesel Varga.”"]  # the sentence, not the message
    assert "provenance" in suggestion.to_json()


def test_someone_else_is_named_and_nothing_shows_an_id(service: MemoryService) -> None:
    db = service.ctx.memory().db
    fact_ids = [i for (i,) in db.execute("SELECT f.id FROM facts f JOIN fact_sources fs ON fs.fact_rowid = f.rowid WHERE fs.message_id = 'ls-2'")]
    assert fact_ids
    lines = service.source_lines(fact_ids)
    assert lines and all(line.startswith("Anselm said on 2 Mar 2024: “") for line in lines), lines
    assert all("Ghent" in line and not ID_LIKE.search(line) for line in lines)
    persona_ids = [i for (i,) in db.execute("SELECT id FROM persona")]
    for line in service.source_lines_by_id(persona_ids).values():
        assert re.match(r"(you|Anselm|Liesel) said on \d{1,2} Mar 2024: “[^”]+”$", line) and not ID_LIKE.search(line), line


def test_the_owner_setting_reads_as_you(service: MemoryService) -> None:
    db = service.ctx.memory().db
    quotes = describe_sources(db, ["ls-1", "ow-1"], owner="Anselm")
    assert [q.text for q in quotes] == ["you said on 1 Mar 2024: “Morning!”", "you said on 2 Mar 2024: “Nice to meet you.”"]
    assert describe_sources(db, ["ls-1"])[0].text.startswith("Anselm said on 2 Mar 2024")
    assert describe_sources(db, ["no-such-id"]) == []


def test_long_sentences_are_cut_on_a_word_boundary(service: MemoryService, tmp_path: Path) -> None:
    long = "I finally finished restoring the old narrowboat that sat in the marina for years and years " * 3
    service.import_path(write_jsonl(tmp_path / "more.jsonl", [record("ls-9", long.strip() + ".", "Anselm", time="2024-04-05T09:00:00")]))
    (quote,) = describe_sources(service.ctx.memory().db, ["ls-9"], max_chars=60)
    assert len(quote.quote) <= 60 and quote.quote.endswith("…")
    assert long.startswith(quote.quote[:-1]) and long[len(quote.quote) - 1] == " "
