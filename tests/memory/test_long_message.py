"""A very long message: stored whole, given to the models in passages, shown within the recall budget."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from remembrancer.memory import Memory
from remembrancer.memory.embedding.minilm import MiniLMEmbedder
from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.extraction.rules import RulesExtractor
from remembrancer.memory.facts.pipeline import MAX_EXTRACTED_PASSAGES
from remembrancer.memory.passages import ELLIPSIS, PASSAGE_CHARS, count_tokens
from tests.helpers import record, write_jsonl

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
OPENING = "I moved to Tromsø in 2019 and I still keep bees on the roof of the old ferry office. "


def _long_text(size: int = 200_000) -> str:
    filler = "The logbook for the ferry office lists crates, ropes and weather for every single day of the season. "
    return OPENING + (filler * (size // len(filler) + 1))[: size - len(OPENING)]


class SpyExtractor(RulesExtractor):
    """The rules extractor, remembering the longest text it was given."""

    longest = 0

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        SpyExtractor.longest = max([SpyExtractor.longest, *(len(m.text) for m in messages)])
        return super().extract(messages)


@pytest.fixture
def long_store(tmp_path: Path) -> Memory:
    text = _long_text()
    source = write_jsonl(tmp_path / "chat.jsonl", [
        record("before", "Did you write it all down, Sigrun?", speaker="Ola", conversation="bees"),
        record("long", text, speaker="Sigrun", conversation="bees", time="2024-03-01T10:01:00"),
        record("after", "That is the longest message I have ever had.", speaker="Ola", conversation="bees", time="2024-03-01T10:02:00"),
    ])
    memory = Memory(tmp_path / "data", "fake", extractor=SpyExtractor())
    memory.import_path(source, now=NOW)
    yield memory
    memory.close()


def test_the_text_is_stored_whole_but_models_and_windows_get_passages(long_store: Memory) -> None:
    db = long_store.db
    assert db.execute("SELECT text FROM messages WHERE id = 'long'").fetchone()[0] == _long_text()
    assert 0 < SpyExtractor.longest <= PASSAGE_CHARS
    windows = db.execute("SELECT max(length(w5)) FROM windows_fts").fetchone()
    assert max(windows) < 5 * (PASSAGE_CHARS + 50)  # no window copies the 200 KB text
    facts = db.execute("SELECT f.text FROM facts f JOIN fact_sources s ON s.fact_rowid = f.rowid WHERE s.message_id = 'long'").fetchall()
    assert any("Tromsø" in text for (text,) in facts)  # the opening passage's facts, citing the message
    assert long_store.vectors.count() == 3  # one vector per message id


def test_the_extractor_reads_at_most_its_passages_of_a_message() -> None:
    from remembrancer.memory.facts.pipeline import message_views

    views = list(message_views("m", "c", "Ana", "2024-01-01T10:00:00+00:00", "Ana rowed. " * 200_000, "user"))
    assert len(views) == MAX_EXTRACTED_PASSAGES and {v.id for v in views} == {"m"}


@pytest.mark.parametrize("engine", ["torch", "onnx runtime"])
def test_minilm_is_given_only_the_first_passage(engine: str) -> None:
    class Recorder:
        seen: list[str] = []

        def encode(self, texts: list[str], **kwargs: object) -> np.ndarray:
            Recorder.seen = texts
            return np.zeros((len(texts), 384), dtype=np.float32)

    embedder = MiniLMEmbedder()
    if engine == "torch":  # no certified export: the SentenceTransformer embeds
        embedder._torch_free_state = (None,)
        embedder._loaded = Recorder()
    else:
        embedder._torch_free_state = (Recorder(),)
    embedder.embed(["Sigrun: " + _long_text(1_000_000), "short"])
    assert len(Recorder.seen[0]) <= PASSAGE_CHARS and Recorder.seen[1] == "short"


@pytest.mark.parametrize("budget", [40, 300])
def test_recall_cuts_a_long_item_and_its_context_to_the_budget(long_store: Memory, budget: int) -> None:
    stored = _long_text()
    items = long_store.recall("bees ferry office logbook Tromsø", k=5, now=NOW, budget=budget)
    assert items
    shown = [items[0].text, *(turn.text for turn in items[0].context)]
    cut = [text for text in shown if text.endswith(ELLIPSIS)]
    assert cut, shown
    for text in cut:
        kept = text[: -len(ELLIPSIS) - 1]
        assert stored.startswith(kept) and stored[len(kept)].isspace()  # cut where a word ends
    assert count_tokens(items[0].text, budget + 1) <= budget
    assert sum(count_tokens(turn.text, budget + 1) for turn in items[0].context) <= budget + len(items[0].context)


def test_no_budget_shows_the_whole_text(long_store: Memory) -> None:
    items = long_store.recall("Sigrun bees Tromsø ferry", k=5, now=NOW, budget=None)
    texts = [items[0].text, *(turn.text for item in items for turn in item.context)]
    assert _long_text() in texts
