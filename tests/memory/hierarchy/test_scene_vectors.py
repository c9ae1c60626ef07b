"""A scene's vector is the mean of its facts' vectors: no model call, rebuildable, and stale when its members change."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from remembrancer.memory import Memory
from remembrancer.memory.hierarchy import rebuild_scenes
from remembrancer.memory.store import vector_sync
from remembrancer.memory.store.database import DB_FILENAME, open_database
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.levels import SCENES
from remembrancer.memory.store.migrations import MIGRATIONS, migrate
from tests.helpers import record, write_jsonl

TRIP = [
    "I love kayaking.", "I moved to Bergen.", "I love waffles.", "I live in Bergen.", "I love fjords.",
    "I love kayaking on the fjord.", "I love ferries.", "I love harbours.",
]


def _import(memory: Memory, tmp_path: Path, name: str, texts: Sequence[str], start: int = 0) -> None:
    records = [record(f"m{start + i}", text, "Ilse", "trip", f"2030-05-0{1 + i % 8}T10:00:00") for i, text in enumerate(texts)]
    memory.import_path(write_jsonl(tmp_path / name, records))


def _scenes(memory: Memory) -> dict[str, tuple[int, list[str]]]:
    """scene id -> (its embedded mark, its member fact ids)."""
    out: dict[str, tuple[int, list[str]]] = {}
    for sid, embedded, fid in memory.db.execute(
        "SELECT s.id, s.embedded, f.id FROM scenes s JOIN scene_facts sf ON sf.scene_rowid = s.rowid JOIN facts f ON f.rowid = sf.fact_rowid"
    ):
        out.setdefault(sid, (embedded, []))[1].append(fid)
    return out


def _assert_every_scene_is_its_members_mean(memory: Memory) -> None:
    scenes = _scenes(memory)
    assert scenes, "the conversation made no scene"
    vectors = memory.indexes["scene"].vectors(list(scenes))
    for sid, (embedded, members) in scenes.items():
        assert embedded == 1
        mean = np.mean(list(memory.indexes["fact"].vectors(members).values()), axis=0)
        assert np.allclose(vectors[sid], mean / np.linalg.norm(mean), atol=1e-6)


def test_a_scene_takes_the_mean_of_its_facts_vectors_and_its_text_is_never_embedded(hmem: Memory, tmp_path: Path, embedded_texts: list[str]) -> None:
    seen = embedded_texts
    _import(hmem, tmp_path, "a.jsonl", TRIP)
    _assert_every_scene_is_its_members_mean(hmem)
    titles = {title for (title,) in hmem.db.execute("SELECT title FROM scenes")}
    assert not [t for t in seen if any(t.startswith(f"{title}. ") for title in titles)]


def test_new_members_make_the_vector_stale_and_an_unchanged_rebuild_keeps_it(hmem: Memory, tmp_path: Path) -> None:
    _import(hmem, tmp_path, "a.jsonl", TRIP)
    rebuild_scenes(hmem.db, hmem.indexes["fact"], hmem.indexes["scene"], "2030-06-01T00:00:00+00:00", {"trip"})
    assert {embedded for embedded, _ in _scenes(hmem).values()} == {1}  # the same members: the vector stands
    _import(hmem, tmp_path, "b.jsonl", ["I love kayaking in the rain.", "I love Bergen harbours.", "I love fjords at night."], start=100)
    _assert_every_scene_is_its_members_mean(hmem)  # re-made from the new members


def test_a_rebuilt_scene_index_gives_the_same_vectors(hmem: Memory, tmp_path: Path) -> None:
    _import(hmem, tmp_path, "a.jsonl", TRIP)
    before = hmem.indexes["scene"].vectors(list(_scenes(hmem)))
    vector_sync.reset_level(hmem.db, hmem.indexes["scene"], SCENES)
    vector_sync.embed_all_pending(hmem.db, hmem.indexes, hmem.embedder)
    after = hmem.indexes["scene"].vectors(list(before))
    assert before and all(np.allclose(after[sid], vector) for sid, vector in before.items())


def test_a_scene_without_member_vectors_is_embedded_from_its_text(hmem: Memory, tmp_path: Path) -> None:
    _import(hmem, tmp_path, "a.jsonl", TRIP)
    from remembrancer.memory.store.levels import FACTS

    vector_sync.reset_level(hmem.db, hmem.indexes["fact"], FACTS)  # no fact vector anywhere
    vector_sync.reset_level(hmem.db, hmem.indexes["scene"], SCENES)
    vector_sync.embed_pending(hmem.db, hmem.indexes["scene"], hmem.embedder, level=SCENES, members=hmem.indexes["fact"])
    sid, title, summary = hmem.db.execute("SELECT id, title, summary FROM scenes").fetchone()
    assert np.allclose(hmem.indexes["scene"].vectors([sid])[sid], hmem.embedder.embed([f"{title}. {summary}"])[0], atol=1e-6)


def test_scene_vectors_of_a_store_from_before_are_remade_from_their_members(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = sqlite.connect(path, isolation_level=None)
    migrate(conn, [m for m in MIGRATIONS if m[0] < 21])
    conn.execute("INSERT INTO scenes (id, title, summary, built_at, embedded) VALUES ('s1', 'Bergen', 'Ilse lives in Bergen.', '2030-01-01', 1)")
    conn.close()
    db = open_database(path)
    assert db.execute("SELECT embedded FROM scenes").fetchone()[0] == 2
    db.conn.close()
