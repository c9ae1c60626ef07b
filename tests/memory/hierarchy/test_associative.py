"""Associative recall: spreading activation, persona answers, budget, sources invariant."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_facts, list_persona, list_scenes
from remembrancer.memory.recall.query_dates import query_range
from remembrancer.memory.recall.query_text import estimate_tokens
from remembrancer.memory.recall.time_span import span_candidates, span_ranking
from remembrancer.memory.store.database import transaction
from tests.helpers import record, write_jsonl

FILLER = [record(f"x{i}", f"Unrelated chatter number {i} about weather and traffic.", "Ben", "other", f"2024-02-0{i}T10:00:00") for i in range(1, 8)]


def _plant_scene(mem: Memory, fact_texts: list[str]) -> None:
    rowids = [mem.db.execute("SELECT rowid FROM facts WHERE text = ?", [t]).fetchone()[0] for t in fact_texts]
    with transaction(mem.db) as conn:
        conn.execute("INSERT INTO scenes (id, title, summary, start, end, built_at) VALUES ('s-test', 'Bolt', 'A dog', NULL, NULL, '2024-06-01T00:00:00+00:00')")
        scene = conn.execute("SELECT rowid FROM scenes WHERE id = 's-test'").fetchone()[0]
        conn.executemany("INSERT INTO scene_facts VALUES (?, ?, ?)", [(scene, r, i) for i, r in enumerate(rowids)])


def test_spreading_activation_returns_the_scenes_supporting_fact(hmem: Memory, tmp_path: Path) -> None:
    # Two messages far apart (other conversations, months apart): only the scene links them.
    chat = FILLER + [
        record("d1", "We adopted a greyhound from the shelter.", "Ana", "c1", "2024-01-05T10:00:00"),
        record("d2", "Bought a red collar and a squeaky toy.", "Ana", "c2", "2024-05-20T10:00:00"),
    ]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", chat))
    _plant_scene(hmem, ["Ana said: We adopted a greyhound from the shelter.", "Ana said: Bought a red collar and a squeaky toy."])
    items = hmem.recall("greyhound shelter", k=3, budget=None)
    cited = {s for item in items for s in item.sources}
    assert "d1" in cited and "d2" in cited
    # Without the scene, the collar is not reachable from this query.
    with transaction(hmem.db) as conn:
        conn.execute("DELETE FROM scenes")
    items = hmem.recall("greyhound shelter", k=3, budget=None)
    assert "d2" not in {s for item in items for s in item.sources}


def test_profile_question_is_answered_by_persona_first(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + [record("h1", "I live in Lisbon these days.", "Ana", "c1")]))
    items = hmem.recall("Where does Ana live?", k=5)
    assert items[0].level == "persona" and items[0].text == "Ana lives in Lisbon" and items[0].sources == ["h1"]


def test_a_message_shows_as_its_fact_and_is_not_repeated(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + [record("j1", "I love jazz.", "Ana", "c1")]))
    items = hmem.recall("jazz", k=10)
    jazz = [item for item in items if "j1" in item.sources]
    assert [item.level for item in jazz] == ["fact"] and jazz[0].text == "Ana loves jazz"


def test_results_fit_the_token_budget(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER))
    items = hmem.recall("weather traffic chatter", k=50, budget=40)
    assert items and sum(estimate_tokens(i.text) for i in items) <= 40
    assert len(hmem.recall("weather traffic chatter", k=50, budget=None)) > len(items)


def test_a_review_reaches_every_level_it_names(hmem: Memory, tmp_path: Path) -> None:
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + [record("h1", "I live in Lisbon.", "Ana", "c1")]))
    items = hmem.recall("Where does Ana live?", k=3)
    levels = {item.level for item in items}
    assert "persona" in levels
    assert hmem.db.execute("SELECT reviews FROM persona").fetchone()[0] == 0  # recall is a read
    assert hmem.review([item.id for item in items]) == len(items)
    assert hmem.db.execute("SELECT reviews FROM persona").fetchone()[0] == 1


def test_every_listed_item_cites_existing_messages(hmem: Memory, tmp_path: Path) -> None:
    chat = FILLER + [record(f"t{i}", text, "Ana", "c1", f"2024-03-0{i}T10:00:00") for i, text in enumerate(["I live in Porto.", "I love surfing.", "I moved to Faro."], 1)]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", chat))
    messages = {r[0] for r in hmem.db.execute("SELECT id FROM messages")}
    listed = [*list_facts(hmem.db), *list_scenes(hmem.db), *list_persona(hmem.db)]
    assert listed and all(item.sources and set(item.sources) <= messages for item in listed)


def test_a_question_naming_a_day_prefers_what_was_said_that_day(hmem: Memory, tmp_path: Path) -> None:
    chat = [record(f"n{i}", f"I have some great news to share, story {i}!", "Ana", "c1", f"2023-06-{10 + i}T10:00:00") for i in range(5)]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + chat))
    items = hmem.recall("What great news did Ana share on 13 June, 2023?", k=3, budget=None)
    assert items[0].sources == ["n3"]


def test_scene_items_cite_only_the_facts_their_summary_holds(hmem: Memory, tmp_path: Path) -> None:
    from remembrancer.memory.facts.store import normalise

    chat = [record(f"g{i}", f"Planted gardening tomatoes in bed number{i}.", "Ana", "c1", f"2024-03-01T10:0{i}:00") for i in range(6)]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + chat))
    scenes = [item for item in hmem.recall("gardening tomatoes", k=10, budget=None) if item.level == "scene"]
    assert scenes, "the gardening facts form a scene that the query activates"
    facts = {f.id: f for f in list_facts(hmem.db)}
    for scene in scenes:
        summary = normalise(scene.text)
        for source in scene.sources:
            assert any(source in f.sources and normalise(f.text) in summary for f in facts.values())


def test_a_wide_span_is_narrowed_by_the_question(hmem: Memory, tmp_path: Path) -> None:
    """More messages in the named month than `date_candidates`: the question's words choose among them."""
    june = [record(f"j{i}", f"Ordinary day {i}, nothing much happened.", "Ana", "c1", f"2023-06-{1 + i:02d}T10:00:00") for i in range(20)]
    june.append(record("kite", "I flew my new red kite on the beach today!", "Ana", "c1", "2023-06-25T10:00:00"))
    august = [record("kite-later", "The red kite again! My red kite, the best red kite.", "Ana", "c2", "2023-08-20T10:00:00")]
    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + june + august))
    recall = hmem.associative
    recall.params.date_candidates = 5
    question = "What about the red kite in June 2023?"
    span = query_range(question, datetime(2024, 1, 1, tzinfo=timezone.utc))
    vector = hmem.embedder.embed_one(question)
    match = hmem.recall_engine.fts_query(question)
    candidates = span_candidates(hmem.db, hmem.vectors, span, hmem.recall_engine.turn_scores(match), recall.params.date_candidates)
    assert candidates.narrowed
    in_june = span_ranking(hmem.db, candidates, vector, hmem.vectors.search(vector, 3), recall.params.rrf_k)
    ids = dict(hmem.db.execute("SELECT rowid, id FROM messages"))
    assert ids[in_june[0]] == "kite"
    assert "kite-later" not in {ids[r] for r in in_june}
    assert len(in_june) <= 1 + 3  # the question's matches in the span, and its nearest messages said then
    items = hmem.recall(question, k=3, budget=None)
    assert items[0].sources == ["kite"]


def test_vector_searches_run_together_and_give_the_same_recall_as_one_by_one(hmem: Memory, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Past the in-memory size the three ANN searches go to LanceDB in one trip; the answer must not change."""
    from remembrancer.memory.recall import associative
    from remembrancer.memory.store import vectors

    hmem.import_path(write_jsonl(tmp_path / "a.jsonl", FILLER + [record("j1", "I love jazz and I play the trumpet.", "Ana", "c1")]))
    monkeypatch.setattr(vectors, "IN_MEMORY_MAX_ROWS", 1)  # every index searches in LanceDB, as above the in-memory IVF's size
    monkeypatch.setattr(vectors, "IVF_MAX_ROWS", 1)
    trips: list[int] = []
    real_gathered = vectors._gathered

    async def counted(searches):  # type: ignore[no-untyped-def]
        trips.append(len(searches))
        return await real_gathered(searches)

    monkeypatch.setattr(vectors, "_gathered", counted)
    now = datetime(2024, 6, 1, tzinfo=timezone.utc)  # one clock for both: retention must not drift between them
    together = hmem.recall("jazz trumpet", k=5, now=now)
    assert trips and max(trips) >= 2  # messages and facts (and scenes, when built) in one trip
    monkeypatch.setattr(associative, "search_together", lambda requests: [index.search(v, k) for index, v, k in requests])
    one_by_one = hmem.recall("jazz trumpet", k=5, now=now)
    assert together and [(i.id, round(i.score, 9)) for i in together] == [(i.id, round(i.score, 9)) for i in one_by_one]
