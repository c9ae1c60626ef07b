"""The model embeds one chunk while the next is read and extracted; what is stored is what a chunk-at-a-time pass stored."""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_facts
from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.facts import pipeline
from remembrancer.memory.store import extraction
from remembrancer.memory.store.database import transaction
from remembrancer.memory.store.messages import insert_messages
from tests.helpers import parsed, record, write_jsonl
from tests.memory.hierarchy.conftest import PatternExtractor

SAID = [
    ("Ana", "I live in Lisbon."), ("Ben", "I love chess."), ("Ana", "I love figs."), ("Ben", "I moved to Porto."),
    ("Ana", "Nice rain today."), ("Ben", "I live in Faro."), ("Ana", "I don't like olives."), ("Ben", "See you soon."),
]


def _chat(tmp_path: Path, name: str = "chat.jsonl") -> Path:
    records = [record(f"m{i}", text, speaker, conversation="c1" if i < 5 else "c2", time=f"2024-03-0{1 + i % 5}T10:00:00")
               for i, (speaker, text) in enumerate(SAID)]
    return write_jsonl(tmp_path / name, records)


def _stored(memory: Memory) -> tuple[list[tuple[str, tuple[str, ...]]], int, int]:
    facts = sorted((f.text, tuple(sorted(f.sources))) for f in list_facts(memory.db))
    return facts, memory.indexes["message"].count(), extraction.count_unextracted(memory.db)


def test_chunks_in_flight_store_what_one_chunk_at_a_time_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Memory(tmp_path / "whole", "fake", extractor=PatternExtractor()) as memory:
        memory.import_path(_chat(tmp_path))
        whole = _stored(memory)
    monkeypatch.setattr(pipeline, "CHUNK", 3)  # chunks end inside a conversation and across two
    with Memory(tmp_path / "chunked", "fake", extractor=PatternExtractor()) as memory:
        memory.import_path(_chat(tmp_path))
        chunked = _stored(memory)
    assert chunked == whole
    assert whole[1:] == (len(SAID), 0)  # every message embedded, none left unextracted
    assert ("Ana lives in Lisbon", ("m0",)) in whole[0]


class _Recording(PatternExtractor):
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.second = threading.Event()

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        self.calls.append([m.id for m in messages])
        if len(self.calls) >= 2:
            self.second.set()
        return super().extract(messages)


def test_the_next_chunk_is_extracted_while_the_model_embeds_the_one_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 4)
    extractor = _Recording()
    with Memory(tmp_path / "data", "fake", extractor=extractor) as memory:
        original = memory.embedder.embed
        seen: list[bool] = []

        def slow_first_call(texts: Sequence[str]):  # type: ignore[no-untyped-def]
            if not seen:  # the first chunk's model call lasts until the second chunk is being extracted (or 10 s)
                seen.append(extractor.second.wait(10))
            return original(texts)

        memory.embedder.embed = slow_first_call  # type: ignore[method-assign]
        memory.import_path(write_jsonl(tmp_path / "one.jsonl", [record(f"m{i}", text, speaker) for i, (speaker, text) in enumerate(SAID)]))
        assert seen == [True]
        assert extractor.calls == [["m0", "m1", "m2", "m3"], ["m4", "m5", "m6", "m7"]]
        assert extraction.count_unextracted(memory.db) == 0


def test_a_failed_model_call_leaves_its_chunk_and_later_ones_for_the_next_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    with Memory(tmp_path / "whole", "fake", extractor=PatternExtractor()) as memory:
        memory.import_path(_chat(tmp_path))
        whole = _stored(memory)
    with Memory(tmp_path / "data", "fake", extractor=PatternExtractor()) as memory:
        original = memory.embedder.embed
        failed: list[bool] = []

        def failing_for_the_second_chunk(texts: Sequence[str]):  # type: ignore[no-untyped-def]
            if not failed and any("Porto" in text for text in texts):  # m3 is the second chunk's: its facts' call fails once
                failed.append(True)
                raise RuntimeError("the model fell over")
            return original(texts)

        memory.embedder.embed = failing_for_the_second_chunk  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match="fell over"):
            memory.import_path(_chat(tmp_path))
        facts, _, unextracted = _stored(memory)
        assert unextracted == len(SAID) - 3  # the first chunk is written, with its marks; the rest waits
        assert facts and all(sources[0] in {"m0", "m1", "m2"} for _, sources in facts)
        memory.embedder.embed = original  # type: ignore[method-assign]
        memory.import_path(_chat(tmp_path))  # nothing new to store: the pass extracts what was left
        assert _stored(memory) == whole


def test_messages_stored_meanwhile_before_the_next_chunk_are_extracted_in_the_same_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer's message that sorts before where the pass has got to is found by its last look from the start."""
    monkeypatch.setattr(pipeline, "CHUNK", 3)

    class Interrupting(PatternExtractor):
        def __init__(self, memory_ref: list[Memory]) -> None:
            self.memory_ref = memory_ref

        def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
            memory = self.memory_ref[0] if self.memory_ref else None
            if memory is not None and any(m.id == "m5" for m in messages):
                with transaction(memory.db) as conn:
                    insert_messages(conn, [parsed("late", "I love kites.", "Cleo", conversation="a-first")], "elsewhere", "2024-03-09T00:00:00+00:00")
                self.memory_ref.clear()
            return super().extract(messages)

    holder: list[Memory] = []
    with Memory(tmp_path / "data", "fake", extractor=Interrupting(holder)) as memory:
        holder.append(memory)
        memory.import_path(_chat(tmp_path))
        assert not holder  # the other writer came
        assert extraction.count_unextracted(memory.db) == 0
        assert ("Cleo loves kites", ("late",)) in _stored(memory)[0]


class _OnlyPatterns(PatternExtractor):
    """Facts from the patterns only: chatter yields none, so no fact waits for its vector."""

    def extract(self, messages: Sequence[MessageView]) -> list[FactCandidate]:
        return [c for c in super().extract(messages) if " said: " not in c.text]


def test_scenes_and_persona_are_built_while_the_model_embeds_the_messages_no_fact_waits_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from remembrancer.memory import hierarchy
    from remembrancer.memory.store import vector_sync
    from remembrancer.memory.store.levels import MESSAGES

    scenes_started = threading.Event()
    original_scenes = hierarchy.rebuild_scenes

    def scenes(*args, **kwargs):  # type: ignore[no-untyped-def]
        scenes_started.set()
        return original_scenes(*args, **kwargs)

    monkeypatch.setattr(hierarchy, "rebuild_scenes", scenes)
    said = [("Ana", "I live in Lisbon."), ("Ben", "chatter about the tide"), ("Ana", "chatter about lunch"), ("Ben", "I love chess.")]
    with Memory(tmp_path / "data", "fake", extractor=_OnlyPatterns()) as memory:
        original = memory.embedder.embed
        calls: list[list[str]] = []
        waited: list[bool] = []

        def recording(texts: Sequence[str]):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            if any("chatter" in text for text in texts):  # owed to the message index only: it may wait for the scenes
                waited.append(scenes_started.wait(10))
            return original(texts)

        memory.embedder.embed = recording  # type: ignore[method-assign]
        memory.import_path(write_jsonl(tmp_path / "a.jsonl", [record(f"m{i}", text, speaker) for i, (speaker, text) in enumerate(said)]))
        assert waited and all(waited)
        embedded = [text for call in calls for text in call]
        assert sorted(t for t in embedded if ": " in t) == sorted(f"{speaker}: {text}" for speaker, text in said)  # each message once
        assert not any("chatter" in text for text in calls[0])  # the facts' call came first
        assert memory.indexes["message"].count() == len(said)
        assert vector_sync.pending_count(memory.db, MESSAGES) == 0
        assert {"Ana lives in Lisbon", "Ben loves chess"} <= {f.text for f in list_facts(memory.db)}
