"""Titles and extractive summaries for clusters of facts.

Nothing is generated: the title is the cluster's most distinctive terms
(TF-IDF against all facts, entities included), the summary is a few of its
most central facts in the order they were said. That keeps scenes cheap,
deterministic and never wrong about what was said.

Scene ids are a hash of the sorted member ids ("scn-" + 16 hex digits of
SHA-1). Content-addressed ids are deterministic and collision-free across
rebuilds; they change whenever membership changes, which is why rebuilds pass
their result through `matching.carry_over_ids` to keep the old id of a scene
that is still mostly the same facts.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from memory.scenes.graph import SceneFact


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    summary: str
    start: datetime                 # earliest member fact
    end: datetime                   # latest member fact
    member_ids: tuple[str, ...]     # all members, most central first
    central_ids: tuple[str, ...]    # the facts the summary is made of, most central first


@dataclass(frozen=True)
class SummaryParams:
    max_words: int = 60        # summary word cap
    max_facts: int = 4         # facts in the summary at most
    duplicate_cosine: float = 0.92  # a fact this close to one already chosen adds nothing
    title_terms: int = 3       # distinct terms in a title at most
    title_words: int = 6       # words in a title at most


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_STOP = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further get gets getting got had hadn't has hasn't have haven't having he he'd he'll he's her here here's
hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
lot lots me more most much must mustn't my myself no nor not now of off oh ok okay on once one only or other ought
our ours ourselves out over own really same shan't she she'd she'll she's should shouldn't so some such than that
that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things
this those through to too under until up us very was wasn't we we'd we'll we're we've were weren't what what's
when when's where where's which while who who's whom why why's will with won't would wouldn't yeah yes you you'd
you'll you're you've your yours yourself yourselves said says say told tell going go went gone make made
know knew think thought want wanted feel felt great good nice well still even ever never always sure
today yesterday tomorrow time times way ways new day days year years week weeks month months
thanks thank appreciate awesome amazing cool wow glad love loved lol hey hello bye sounds sound kinda
gonna wanna pretty totally definitely actually probably honestly especially thankfully hopefully
maybe lately since means mean lots stuff something anything everything nothing someone anyone
last next yep yup nope true
""".split())


def scene_id(member_ids: Sequence[str]) -> str:
    """Content-addressed id: the same member set always gets the same id."""
    digest = hashlib.sha1("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return "scn-" + digest[:16]


def summarize_clusters(facts: Sequence[SceneFact], clusters: Sequence[Sequence[str]],
                       params: SummaryParams | None = None) -> list[Scene]:
    """One Scene per cluster; term rarity is measured against all `facts`."""
    p = params or SummaryParams()
    by_id = {f.id: f for f in facts}
    corpus = TermStats(facts)
    return [summarize(corpus, [by_id[i] for i in cluster], p) for cluster in clusters]


class TermStats:
    """Document frequencies of text terms and entities over all facts (the IDF side)."""

    def __init__(self, facts: Sequence[SceneFact]) -> None:
        self.n = max(len(facts), 1)
        self.df: Counter[str] = Counter()
        self.terms: dict[str, tuple[str, dict[str, str]]] = {}  # fact id -> (text, terms), for make_title
        # The people facts are about are the memory's main characters: their
        # names are in scene after scene and make poor titles.
        self.people: set[str] = set()
        for fact in facts:
            terms = fact_terms(fact)
            self.terms[fact.id] = (fact.text, terms)
            self.df.update(terms.keys())
            name = fact.subject.strip().casefold()
            if name:
                self.people.update({"e:" + name, "w:" + _stem(name)})

    def idf(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0

    def rate(self, term: str) -> float:
        """Share of all facts with the term."""
        return self.df.get(term, 0) / self.n

    def terms_of(self, fact: SceneFact) -> dict[str, str]:
        cached = self.terms.get(fact.id)
        return cached[1] if cached is not None and cached[0] == fact.text else fact_terms(fact)


def summarize(corpus: TermStats, members: Sequence[SceneFact], params: SummaryParams | None = None) -> Scene:
    """Title, summary, span and centrality order for one cluster."""
    p = params or SummaryParams()
    if not members:
        raise ValueError("a scene needs at least one fact")
    ranked = central_order(members)
    chosen = _pick_summary_facts(ranked, p)
    in_time = sorted(chosen, key=lambda f: (f.time, f.id))
    summary = _cap_words(" ".join(_sentence(f.text) for f in in_time), p.max_words)
    title = make_title(corpus, members, p) or _cap_words(ranked[0].text, p.title_words).rstrip(".…")
    return Scene(
        id=scene_id([f.id for f in members]),
        title=title,
        summary=summary,
        start=min(f.time for f in members),
        end=max(f.time for f in members),
        member_ids=tuple(f.id for f in ranked),
        central_ids=tuple(f.id for f in chosen),
    )


def central_order(members: Sequence[SceneFact]) -> list[SceneFact]:
    """Members by cosine to the normalised centroid, highest first (ties: earlier id)."""
    vectors = np.stack([np.asarray(f.vector, dtype=np.float64).ravel() for f in members])
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centroid = vectors.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    scores = vectors @ centroid
    order = sorted(range(len(members)), key=lambda i: (-round(float(scores[i]), 9), members[i].id))
    return [members[i] for i in order]


def _pick_summary_facts(ranked: list[SceneFact], p: SummaryParams) -> list[SceneFact]:
    """The most central facts that fit the word cap, skipping near-duplicates of ones already taken."""
    chosen: list[SceneFact] = [ranked[0]]
    words = _word_count(ranked[0].text)
    unit = {f.id: np.asarray(f.vector, dtype=np.float64).ravel() for f in ranked}
    for fact in ranked[1:2 * p.max_facts]:  # only the central ones: a far-off fact does not summarise
        if len(chosen) >= p.max_facts:
            break
        size = _word_count(fact.text)
        if words + size > p.max_words:
            continue  # a shorter, slightly less central fact may still fit
        if any(_cos(unit[fact.id], unit[c.id]) >= p.duplicate_cosine for c in chosen):
            continue
        chosen.append(fact)
        words += size
    return chosen


def make_title(corpus: TermStats, members: Sequence[SceneFact], p: SummaryParams | None = None) -> str:
    """The cluster's most distinctive terms, best first: 'Adoption, Agencies & LGBTQ Support Group'.

    Score: share of the cluster's facts with the term x its IDF over all facts
    (entities x1.3). The people facts are about are left out, and so are
    words that merely repeat across the scene as often as everywhere else.
    Returns "" when fewer than two words qualify.
    """
    p = p or SummaryParams()
    surfaces: dict[str, Counter[str]] = {}
    presence: Counter[str] = Counter()
    for fact in members:
        terms = corpus.terms_of(fact)
        presence.update(terms.keys())
        for key, surface in terms.items():
            surfaces.setdefault(key, Counter())[surface] += 1
    size = len(members)
    strict, loose = [], []
    for key, count in presence.items():
        if key in corpus.people:
            continue
        bonus = 1.3 if key.startswith("e:") else 1.0  # named things make better titles than verbs
        score = (-(count / size * corpus.idf(key) * bonus), key)
        # A word said once in a big scene, or no more frequent here than
        # everywhere, is not what the scene is about; such terms only fill a
        # title that would otherwise be a single word.
        common = count / size < 1.5 * corpus.rate(key)
        (loose if (size >= 4 and count < 2) or common else strict).append(score)
    picked: list[str] = []
    used: set[str] = set()
    word_count = 0
    for pool, full in ((sorted(strict), lambda: len(picked) >= p.title_terms), (sorted(loose), lambda: word_count >= 2)):
        for _, key in pool:
            if full():
                break
            words = _best_surface(surfaces[key]).split()
            lowered = {w.casefold() for w in words}
            if lowered <= used or word_count + len(words) > p.title_words:
                continue
            picked.append(_nice(" ".join(words)))
            used |= lowered
            word_count += len(words)
    if not picked or (len(picked) == 1 and len(picked[0].split()) < 2):
        return ""  # a one-word title says too little; the caller falls back to the central fact
    return picked[0] if len(picked) == 1 else ", ".join(picked[:-1]) + " & " + picked[-1]


def fact_terms(fact: SceneFact) -> dict[str, str]:
    """Term key -> surface form: content words (lightly stemmed) and entities other than the subject."""
    subject = fact.subject.strip().casefold()
    terms: dict[str, str] = {}
    for entity in sorted(fact.entities):
        key = entity.strip().casefold()
        if key and key != subject:
            terms["e:" + key] = entity.strip()
    for raw in _WORD.findall(fact.text):
        word = raw.strip("'-")
        if word.lower().endswith("'s"):
            word = word[:-2]
        lower = word.casefold()
        if len(lower) < 3 or lower in _STOP or lower == subject:
            continue
        terms.setdefault("w:" + _stem(lower), word)
    return terms


def _stem(word: str) -> str:
    """Just enough stemming to merge plurals: kids/kid, agencies/agency."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _best_surface(counts: Counter[str]) -> str:
    """The most common spelling; among equals, the one with capitals (a name) then the shortest."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].islower(), len(kv[0]), kv[0]))[0][0]


def _nice(surface: str) -> str:
    """Capitalise each word but keep acronyms and inner capitals (LGBTQ, iPhone)."""
    return " ".join(w if any(c.isupper() for c in w) else w[:1].upper() + w[1:] for w in surface.split())


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in ".!?…" else text + "."


def _word_count(text: str) -> int:
    return len(text.split())


def _cap_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]).rstrip(",;:") + "…"


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))
