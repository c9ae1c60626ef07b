from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.embedding import get_embedder
from remembrancer.memory.embedding.fake import FakeEmbedder
from remembrancer.memory.store.database import DB_FILENAME
from remembrancer.memory.types import ModelNames, Stats
from tests.helpers import CHAT, write_chat


def test_stats_counts_sizes_and_models(mem: Memory, tmp_path: Path) -> None:
    empty = mem.stats()
    assert empty.levels == {"message": 0, "fact": 0, "scene": 0, "persona": 0}
    mem.import_path(write_chat(tmp_path / "c.jsonl"))
    stats = mem.stats()
    assert stats.data_dir == str(mem.data_dir)
    assert stats.levels["message"] == len(CHAT)
    assert stats.archived == {"message": 0, "fact": 0, "scene": 0, "persona": 0}
    assert stats.kinds == {"message": len(CHAT), "note": 0}
    assert stats.conversations == 2
    assert stats.vectors == len(CHAT) and stats.ann_index is False
    assert stats.sizes_bytes.sqlite > 0 and stats.sizes_bytes.lancedb > 0
    assert stats.models == ModelNames(embedding=FakeEmbedder.name, embedding_in_store=FakeEmbedder.name, extractor="none")
    assert Stats.from_json(json.loads(json.dumps(stats.to_json()))) == stats  # the IPC reply reads back whole


def test_memory_creates_its_data_dir(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "new" / "dir"
    with Memory(target, "fake") as mem:
        assert (target / DB_FILENAME).exists() and (target / "vectors").is_dir()
        assert mem.vectors.count() == 0


def test_embedders_are_cached_and_unknown_names_rejected() -> None:
    assert get_embedder("fake") is get_embedder("fake")
    with pytest.raises(ValueError, match="unknown embedder 'nope'"):
        get_embedder("nope")


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    emb = FakeEmbedder()
    a, b, empty = emb.embed(["Luna the cat", "luna THE cat!", "!!!"])
    assert (a == b).all()
    assert abs(float((a * a).sum()) - 1.0) < 1e-6 and abs(float((empty * empty).sum()) - 1.0) < 1e-6
    assert emb.embed([]).shape == (0, emb.dim)
