"""Associative recall across levels, by spreading activation (after Bi-Mem).

1. Facts are searched (BM25 + vectors) and vote, as one more ranked list, for
   the messages they rest on.
2. Activation spreads: the scenes of the best facts, and scenes hit directly,
   are the scene summaries shown, and their facts most similar to the query
   vote too, weakly (`spread_weight` 0.1 of a direct list's weight): a link
   through a scene reaches what no direct match reaches (a multi-part
   question's other half) and breaks ties, but no longer reorders the top.
   At 0.5, once facts stood alone and scenes were built from standalone facts
   only, that vote cost LoCoMo dev evidence R@10 (two builds of the same five
   conversations: 0.826 and 0.821 at 0.5, 0.830 and 0.827 at 0.1, 0.831 and
   0.829 at 0; R@25 best at 0.1) and made the ranking follow every small
   change in how facts cluster into scenes.
3. Persona attributes answer profile questions and come first.
4. Each message in final order is shown as its best-matching fact when one
   exists (short, standalone, dates resolved), else as itself, and an item
   whose sources are all covered already is skipped. Under a token budget, a
   message that no matched fact restates but exactly one standalone fact does
   is shown as that fact too (its context turns still show the message): a
   fact costs ~15 tokens against a message's ~25, so more of what was asked
   fits (LoCoMo dev R@1500tok 0.945 -> 0.949, same store; the list without
   a budget unchanged). The list stops at k
   items or when the token budget has no room left (an item that does not fit
   is passed over for a shorter one below it); an item longer
   than the whole budget is cut to it (`memory.recall.clip`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import numpy as np
import sqlite_utils

from remembrancer.memory.facts.temporal import validity_weight
from remembrancer.memory.forgetting import ARCHIVE_THRESHOLD, rank_weight, retention
from remembrancer.memory.persona.phrasing import persona_sentence
from remembrancer.memory.recall.clip import fit_budget
from remembrancer.memory.recall.engine import RecallEngine
from remembrancer.memory.recall.fusion import reciprocal_rank_fusion
from remembrancer.memory.recall.items import ITEM_SOURCES, build_items, evidence_context
from remembrancer.memory.recall.query_dates import TimeRange, query_range
from remembrancer.memory.recall.level_search import RowFilter, alive, level_dense, level_lexical, persona_matches
from remembrancer.memory.recall.query_text import estimate_tokens, keywords
from remembrancer.memory.recall.term_budget import TermBudget
from remembrancer.memory.recall.time_span import SpanCandidates, span_candidates, span_ranking
from remembrancer.memory.store import messages as repo
from remembrancer.memory.store import search
from remembrancer.memory.store.vectors import VectorIndex, search_together
from remembrancer.memory.types import RecallItem

DEFAULT_BUDGET = 1500


# A fact votes for at most this many of the messages it cites (and is shown
# for those), and the facts' votes together for at most FACT_VOTE_LIST
# messages: one said in thousands of messages says the same in each, and
# reading them all made a question at a million messages rank 25k candidates
# (~0.5 s). A vote deep in a fused list adds next to nothing (1/(rrf_k+rank));
# facts citing a few messages, nearly all of them, are unchanged. 200, twice
# the other lists' 100, not 512: each voted message is a row to read, and in
# the same runs (180 questions each, interleaved) 1M p50/p95 went 44.6/75.3 ->
# 34.2/49.1 ms with the planted answer in the top 10 as often (0.135; 100k
# 0.504, 10k 0.689, both settings).
FACT_VOTES = 16
FACT_VOTE_LIST = 200
MIN_ROOM = 12  # tokens: below this, no item (a short fact is ~15) can fit in what is left of the budget


@dataclass
class AssociativeParams:
    fact_candidates: int = 100
    scene_candidates: int = 10
    fact_weight: float = 1.0       # the fact list's weight among the message lists
    spread_weight: float = 0.1     # the scene-spread list's weight: a weak hint (see step 2)
    seed_facts: int = 20           # facts whose scenes get activated
    scenes_expanded: int = 5
    facts_per_scene: int = 3
    max_persona_items: int = 2
    rrf_k: int = 30
    date_weight: float = 2.0       # the list of what was said (or happened) in a time the query names
    date_candidates: int = 200   # beyond this many messages in the span, narrow it by the query
    scene_items: int = 2           # how many scene summaries may join the results
    scene_position: int = 1        # after how many other items the first scene comes


@dataclass
class _Query:
    """One recall's context: what it was asked, and what each step found, for the steps after it."""

    query: str
    k: int
    now: datetime
    budget: int | None
    include_archived: bool
    facts_alive: RowFilter
    scenes_alive: RowFilter
    span: TimeRange | None = None
    turn_scores: dict[int, float] | None = None
    lexical: list[list[int]] = field(default_factory=list)
    fact_lexical: list[int] = field(default_factory=list)
    scene_lexical: list[int] = field(default_factory=list)
    in_span: SpanCandidates | None = None
    rows: dict[int, repo.Candidate] = field(default_factory=dict)
    sources: dict[int, list[int]] = field(default_factory=dict)
    persona: list[tuple[int, float]] = field(default_factory=list)
    vector: np.ndarray | None = None
    hits: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    fact_dense: dict[int, float] = field(default_factory=dict)
    fact_scores: dict[int, float] = field(default_factory=dict)
    scene_scores: dict[int, float] = field(default_factory=dict)
    fact_rank: list[int] = field(default_factory=list)
    pulled: list[int] = field(default_factory=list)
    scenes: list[int] = field(default_factory=list)
    message_scores: dict[int, float] = field(default_factory=dict)
    best_fact: dict[int, int] = field(default_factory=dict)


class AssociativeRecall:
    def __init__(self, db: sqlite_utils.Database, engine: RecallEngine, fact_index: VectorIndex, scene_index: VectorIndex, params: AssociativeParams | None = None):
        self.db = db
        self.engine = engine
        self.fact_index = fact_index
        self.scene_index = scene_index
        self.params = params or AssociativeParams()
        self._pool: ThreadPoolExecutor | None = None
        budget = engine.params.fts_row_budget
        self._fact_terms, self._scene_terms = TermBudget(db, "facts", budget), TermBudget(db, "scenes", budget)

    def recall(
        self, query: str, k: int, now: datetime, budget: int | None = DEFAULT_BUDGET, include_archived: bool = False
    ) -> list[RecallItem]:
        """The steps, in order, over one per-query context: gather, fuse, spread, weigh, assemble. A read: it writes nothing."""
        q = _Query(query, k, now, budget, include_archived, alive("learned_at", now, include_archived), alive("built_at", now, include_archived))
        self._gather(q)
        self._fuse_levels(q)
        self._spread_through_scenes(q)
        self._fuse_messages(q)
        self._weigh(q)
        return self._assemble(q.persona, q.message_scores, q.best_fact, q.scenes[: self.params.scene_items], k, budget, now, keywords(query))

    def _gather(self, q: _Query) -> None:
        """Every candidate list: full-text (turns, windows, facts, scenes), the time the query names, persona, vectors.

        The query embedding and the vector searches run on a worker thread
        while this one runs the full-text searches in SQLite; all of them
        release the GIL. At 100k messages (CPU): ~9 ms embedding and ~7 ms
        in-memory vector searches there, ~15 ms of full-text search here.
        """
        p, engine = self.params, self.engine
        dense = self._aside().submit(self._embed_and_search, q.query) if q.query.strip() else None
        q.span = query_range(q.query, q.now)
        # A question naming a time ranks the matches said then too: every match is scored once, for both.
        match = engine.fts_query(q.query) if q.span is not None else None
        q.turn_scores = engine.turn_scores(match) if match is not None else None
        q.lexical = engine.lexical_lists(q.query, q.turn_scores)
        words = engine.fts_words(q.query)  # a participant's name is in most facts about them: no evidence of what is asked
        q.fact_lexical = level_lexical(self.db, "facts", self._fact_terms.match(words), p.fact_candidates, q.facts_alive)
        q.scene_lexical = level_lexical(self.db, "scenes", self._scene_terms.match(words), p.scene_candidates, q.scenes_alive)
        q.in_span = span_candidates(self.db, engine.vectors, q.span, q.turn_scores, p.date_candidates) if q.span is not None else None
        # While the worker finishes: read what the lexical candidates need later.
        q.rows = repo.candidates(self.db, sorted(set().union(*q.lexical)))
        q.sources = search.fact_source_rowids(self.db, set(q.fact_lexical), FACT_VOTES)
        if q.span is None or q.span.end >= q.now.date():  # the persona is who people are now, not who they were
            q.persona = persona_matches(self.db, q.query, engine.named_speakers(q.query), q.scenes_alive)[: p.max_persona_items]
        q.vector, q.hits = dense.result() if dense is not None else (None, {"message": [], "fact": [], "scene": []})

    def _fuse_levels(self, q: _Query) -> None:
        """Facts and scenes: their full-text and vector lists fused (step 1)."""
        min_sim = self.engine.params.dense_min_similarity
        q.fact_dense = level_dense(self.db, "facts", q.hits["fact"], q.facts_alive, min_sim)
        q.fact_scores = reciprocal_rank_fusion([q.fact_lexical, list(q.fact_dense)], k=self.params.rrf_k)
        scene_dense = level_dense(self.db, "scenes", q.hits["scene"], q.scenes_alive, min_sim)
        q.scene_scores = reciprocal_rank_fusion([q.scene_lexical, list(scene_dense)], k=self.params.rrf_k)
        q.fact_rank = sorted(q.fact_scores, key=lambda r: (-q.fact_scores[r], r))

    def _spread_through_scenes(self, q: _Query) -> None:
        """Activation spreads from the best facts and the scenes hit to those scenes' nearest facts (step 2)."""
        if q.vector is not None:
            q.pulled, q.scenes = self._spread(q.fact_rank[: self.params.seed_facts], q.fact_scores, q.scene_scores, q.fact_dense, q.facts_alive)
        q.sources.update(search.fact_source_rowids(self.db, (set(q.fact_rank) | set(q.pulled)) - set(q.sources), FACT_VOTES))

    def _fuse_messages(self, q: _Query) -> None:
        """The message lists, with the facts (and the facts pulled through scenes, and the time's list) voting for their messages."""
        p, engine = self.params, self.engine
        extra = [(_messages_in_order(q.fact_rank, q.sources), p.fact_weight)]
        if p.spread_weight:
            extra.append((_messages_in_order(q.pulled, q.sources), p.spread_weight))
        if q.in_span is not None:
            extra.append((span_ranking(self.db, q.in_span, q.vector, q.hits["message"], p.rrf_k), p.date_weight))
        dense_messages = engine.dense_rowids(q.hits["message"])
        q.rows.update(repo.candidates(self.db, sorted(set().union(dense_messages, *(ranking for ranking, _ in extra)) - set(q.rows))))
        q.message_scores = engine.fuse(q.query, q.lexical, dense_messages, extra, q.rows)

    def _weigh(self, q: _Query) -> None:
        """Which fact shows each message (step 4), then time: retention and, for states, validity at the query's time."""
        ranked_facts = q.fact_rank + [f for f in q.pulled if f not in q.fact_scores]
        readable = search.standalone_facts(self.db, ranked_facts)
        # A message is shown as its best fact only when that fact stands alone; the others only helped find it.
        q.best_fact = _best_fact_per_message([f for f in ranked_facts if f in readable], q.sources)
        if q.budget is not None:  # in a budget, a message one readable fact restates is shown as that fact (~15 tokens, not ~25)
            q.best_fact.update(_sole_readable_fact(self.db, [m for m in q.message_scores if m not in q.best_fact], q.facts_alive))
        q.message_scores = self._weigh_by_time(q.message_scores, q.best_fact, q.span, q.now, q.include_archived, q.rows)

    def _weigh_by_time(
        self, message_scores: dict[int, float], best_fact: dict[int, int], span: TimeRange | None, now: datetime, include_archived: bool,
        messages: Mapping[int, repo.Candidate],
    ) -> dict[int, float]:
        """Scale each candidate by its retention (faded ranks lower) and, for states, by how its validity fits the question's time.

        A candidate is shown as its best fact when it has one (that fact passed
        the archive filter already), else as the message, which must be alive.
        """
        facts = search.fact_weights(self.db, {best_fact[m] for m in message_scores if m in best_fact})
        today = now.date()
        weighed: dict[int, float] = {}
        for rowid, score in message_scores.items():
            fact = facts.get(best_fact.get(rowid, -1))
            if fact is not None:
                weight = rank_weight(retention(fact.stability_days, fact.last_review, fact.learned_at, now, bool(fact.pinned)))
                weight *= validity_weight(
                    fact.attribute, fact.value, fact.valid_from, fact.valid_to, span.start if span else None, span.end if span else None, today
                )
            elif rowid in messages:
                row = messages[rowid]
                current = retention(row.stability_days, row.last_review, row.learned_at, now, bool(row.pinned))
                if not include_archived and (row.archived or current < ARCHIVE_THRESHOLD):
                    continue
                weight = rank_weight(current)
            else:
                continue
            weighed[rowid] = score * weight
        return weighed

    def _aside(self) -> ThreadPoolExecutor:
        """A thread for the query embedding and the vector searches, which overlap with SQLite.

        The embedding uses one core in it. The in-memory vector searches
        narrow BLAS to one thread with a process-wide switch
        (`memory.store.vectors`), so they run here only: two must not run at once.
        """
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recall-embed", initializer=self.engine.embedder.use_one_thread_here)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _embed_and_search(self, query: str) -> tuple[np.ndarray, dict[str, list[tuple[str, float]]]]:
        """The query vector and its nearest messages, facts and scenes."""
        vector = self.engine.embedder.embed_one(query)
        p = self.params
        messages, facts, scenes = search_together(
            [(self.engine.vectors, vector, self.engine.params.candidates), (self.fact_index, vector, p.fact_candidates), (self.scene_index, vector, p.scene_candidates)]
        )
        return vector, {"message": messages, "fact": facts, "scene": scenes}

    def _spread(
        self, seeds: list[int], fact_scores: dict[int, float], scene_scores: dict[int, float], similarity: dict[int, float], where: RowFilter = RowFilter()
    ) -> tuple[list[int], list[int]]:
        """Facts pulled in through the scenes the query activates, best first; and those scenes.

        Within a scene, activation goes to the members nearest the query
        (`similarity`: the fact vector search's hits), then to its most central
        members: a member outside the nearest hundred is no nearer than any of
        them, and no vector has to be fetched.
        """
        p = self.params
        activation: dict[int, float] = defaultdict(float)
        if seeds:
            for link in search.scenes_of_facts(self.db, seeds):
                activation[link.scene] += fact_scores[link.fact]
        for scene, score in scene_scores.items():
            activation[scene] += score
        scenes = sorted(activation, key=lambda s: (-activation[s], s))[: p.scenes_expanded]
        if not scenes:
            return [], []
        by_scene: dict[int, list[int]] = defaultdict(list)
        for link in search.scene_members(self.db, scenes, where):
            by_scene[link.scene].append(link.fact)
        pulled: dict[int, None] = {}
        for scene in scenes:
            best = sorted(by_scene[scene], key=lambda f: -similarity.get(f, -1.0))[: p.facts_per_scene]  # stable: centrality breaks ties
            pulled.update(dict.fromkeys(best))
        return sorted(pulled, key=lambda f: -similarity.get(f, -1.0)), scenes

    def _assemble(self, persona, message_scores, best_fact, scenes, k, budget, now, asked: list[str]) -> list[RecallItem]:
        items: list[RecallItem] = []
        covered: set[str] = set()
        used_tokens = 0

        def take(item: RecallItem) -> bool:
            nonlocal used_tokens
            if item.sources and set(item.sources) <= covered:
                return True
            if budget is not None:  # an item longer than the whole budget is cut to it, not shown whole
                item = fit_budget(item, budget)
            cost = estimate_tokens(item.text)
            if budget is not None and used_tokens + cost > budget and items:
                # A shorter item further down may still fit: the list stops only when little room is left.
                return budget - used_tokens >= MIN_ROOM

            items.append(item)
            covered.update(item.sources)
            used_tokens += cost
            return len(items) < k

        top_score = max(message_scores.values(), default=1.0)
        for rowid, score in persona:
            if not take(self._persona_item(rowid, top_score * (1.0 + score), now)):
                return items
        pending_scenes = list(scenes)
        ranked = sorted(message_scores.items(), key=lambda kv: (-kv[1], kv[0]))
        built: dict[int, RecallItem] = {}
        batch: set[int] = set()  # the rows the last batch was built for (a message that is only talk has no item)
        # Facts whose item was offered already. Another message shown as the same fact would offer the
        # same item, which is passed over again (its sources are covered, or it did not fit), so it is
        # not built: a fact restated by hundreds of near-repeats cost a million-message recall 0.1 s
        # of batches of items nobody sees.
        offered: set[int] = set()
        for position, (rowid, score) in enumerate(ranked):
            repeat = best_fact.get(rowid, -1) in offered
            if rowid not in batch and not repeat:  # the next batch of rows that may still show something new
                todo = list(islice(((r, s) for r, s in ranked[position:] if best_fact.get(r, -1) not in offered), 2 * k))
                built, batch = build_items(self.db, todo, best_fact, now, asked), {r for r, _ in todo}
            if pending_scenes and len(items) >= self.params.scene_position:
                if not take(self._scene_item(pending_scenes.pop(0), score, now)):
                    break
            item = None if repeat else built.get(rowid)
            if item is None:
                continue
            if not take(item):
                break
            if rowid in best_fact:
                offered.add(best_fact[rowid])
        return items

    def _scene_item(self, rowid: int, score: float, now: datetime) -> RecallItem:
        """A scene as its summary; its sources are the facts the summary is made of."""
        row = search.scene(self.db, rowid)
        central = search.scene_facts_by_centrality(self.db, rowid)
        summary_facts = [f for f in central if self._fact_text(f) in row.summary] or central[:1]
        cited = search.fact_sources_in_time_order(self.db, summary_facts, ITEM_SOURCES)
        sources = sorted({turn.id for f in summary_facts for turn in cited[f]})
        truncated = any(len(cited[f]) >= ITEM_SOURCES for f in summary_facts)
        return RecallItem(
            id=row.id, level="scene", text=f"{row.title}: {row.summary}", score=score, sources=sources,
            retention=retention(row.stability_days, row.last_review, row.built_at, now, bool(row.pinned)), valid_from=row.start, valid_to=row.end,
            source_count=search.distinct_source_count(self.db, summary_facts) if truncated else None,
        )

    def _fact_text(self, rowid: int) -> str:
        return search.fact_text(self.db, rowid).rstrip(".!?")

    def _persona_item(self, rowid: int, score: float, now: datetime) -> RecallItem:
        row = search.persona_row(self.db, rowid)
        turns = search.persona_evidence_turns(self.db, rowid, ITEM_SOURCES)  # the newest few: an attribute said all along rests on hundreds
        return RecallItem(
            id=row.id, level="persona", text=persona_sentence(row.subject, row.attribute, row.value, row.polarity), score=score,
            sources=sorted(t.id for t in turns), retention=retention(row.stability_days, row.last_review, row.built_at, now, bool(row.pinned)),
            valid_from=row.first_seen, speaker=row.subject,
            context=evidence_context(self.db, [t.id for t in turns[:1]]),  # the newest evidence, in its conversation
            source_count=search.persona_evidence_count(self.db, rowid) if len(turns) >= ITEM_SOURCES else None,
        )



def _sole_readable_fact(db: sqlite_utils.Database, messages: list[int], where: RowFilter) -> dict[int, int]:
    """Message rowid -> the one standalone, current fact (passing `where`) citing it, for the messages cited by exactly one.

    A message with several facts is left as the message: any one of them would show only part of it.
    """
    facts: dict[int, list[int]] = defaultdict(list)
    for link in search.standalone_facts_citing(db, messages, where):
        facts[link.message].append(link.fact)
    return {message: found[0] for message, found in facts.items() if len(found) == 1}


def _messages_in_order(facts: list[int], sources: dict[int, list[int]], limit: int = FACT_VOTE_LIST) -> list[int]:
    seen: dict[int, None] = {}
    for fact in facts:
        for message in sources.get(fact, ()):
            seen.setdefault(message, None)
        if len(seen) >= limit:
            break
    return list(seen)[:limit]


def _best_fact_per_message(facts_in_rank_order: list[int], sources: dict[int, list[int]]) -> dict[int, int]:
    best: dict[int, int] = {}
    for fact in facts_in_rank_order:
        for message in sources.get(fact, ()):
            best.setdefault(message, fact)
    return best
