"""Titles and extractive summaries for clusters of facts.

Nothing is generated: the title is a phrase the members themselves say
(`title.make_title`: the most central, most shared noun phrase or event),
the summary is 2-4 of the members chosen by maximal marginal relevance
(central, yet not repeating each other) told in the order they were said,
each day introduced by its date ("On 3 May 2024 Ana adopted a rescue dog.").
That keeps scenes cheap, deterministic and never wrong about what was said,
and no sentence is ever cut: a fact is in the summary whole or not at all.

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

from remembrancer.memory.scenes.graph import SceneFact
from remembrancer.memory.scenes.title import make_title


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
    max_words: int = 70        # summary word budget (whole sentences only: a longer fact is skipped)
    min_facts: int = 2         # sentences in the summary at least (when the scene has that many facts)
    max_facts: int = 4         # sentences in the summary at most
    duplicate_cosine: float = 0.92  # a fact this close to one already chosen adds nothing
    relevance: float = 0.7     # MMR: weight of centrality against redundancy with facts already chosen


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
    taken: set[str] = set()  # titles given so far: the next scene about photos finds another name
    return [summarize(corpus, [by_id[i] for i in cluster], p, taken) for cluster in clusters]


class TermStats:
    """Document frequencies of text terms and entities over all facts (the IDF side)."""

    def __init__(self, facts: Sequence[SceneFact]) -> None:
        self.n = max(len(facts), 1)
        self.df: Counter[str] = Counter()
        self.terms: dict[str, tuple[str, dict[str, str]]] = {}  # fact id -> (text, terms), for make_title
        # The people facts are about are the memory's main characters: their
        # names are in scene after scene and make poor titles.
        self.people: set[str] = set()
        self.people_names: set[str] = set()  # the same names, plain lowercase words (for titles)
        for fact in facts:
            terms = fact_terms(fact)
            self.terms[fact.id] = (fact.text, terms)
            self.df.update(terms.keys())
            name = fact.subject.strip().casefold()
            if name:
                self.people.update({"e:" + name, "w:" + _stem(name)})
                self.people_names.update({name, *name.split()})

    def idf(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0

    def rate(self, term: str) -> float:
        """Share of all facts with the term."""
        return self.df.get(term, 0) / self.n

    def terms_of(self, fact: SceneFact) -> dict[str, str]:
        cached = self.terms.get(fact.id)
        return cached[1] if cached is not None and cached[0] == fact.text else fact_terms(fact)


def summarize(corpus: TermStats, members: Sequence[SceneFact], params: SummaryParams | None = None,
              taken: set[str] | None = None) -> Scene:
    """Title, summary, span and centrality order for one cluster; `taken` titles are avoided, and this one added."""
    p = params or SummaryParams()
    if not members:
        raise ValueError("a scene needs at least one fact")
    ranked, scores = central_scores(members)
    chosen = _pick_summary_facts(ranked, scores, p)
    in_time = sorted(chosen, key=lambda f: (f.time, f.id))
    summary = dated_summary(in_time)
    centrality = {f.id: s for f, s in zip(ranked, scores)}
    title = (make_title(members, centrality, lambda head: corpus.idf("w:" + _stem(head)), corpus.people_names,
                        taken if taken is not None else ())
             or fallback_title(corpus, members))
    if taken is not None:
        taken.add(title.casefold())
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
    return central_scores(members)[0]


def central_scores(members: Sequence[SceneFact]) -> tuple[list[SceneFact], list[float]]:
    """Members by cosine to the normalised centroid, highest first (ties: earlier id), with those cosines."""
    vectors = np.stack([np.asarray(f.vector, dtype=np.float64).ravel() for f in members])
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centroid = vectors.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    scores = vectors @ centroid
    order = sorted(range(len(members)), key=lambda i: (-round(float(scores[i]), 9), members[i].id))
    return [members[i] for i in order], [float(scores[i]) for i in order]


def _pick_summary_facts(ranked: list[SceneFact], scores: list[float], p: SummaryParams) -> list[SceneFact]:
    """2-4 facts by maximal marginal relevance: central, not near-duplicates, whole sentences within the budget.

    The number grows with the scene (2 up to three facts, 3 up to five, then
    4). Facts too long for what is left of the budget are skipped; if that
    leaves fewer than `min_facts`, the shortest remaining facts fill in, so a
    scene of long facts still reads as more than one sentence. A fact longer
    than the whole budget is never used: it would have to be cut.
    """
    pool = ranked[: max(4 * p.max_facts, 12)]  # only the central ones: a far-off fact does not summarise
    target = min(len(pool), p.min_facts if len(ranked) <= 3 else 3 if len(ranked) <= 5 else p.max_facts)
    target = max(1, min(target, p.max_facts))
    first = next((i for i, f in enumerate(pool) if _word_count(f.text) <= 0.6 * p.max_words), 0)
    unit = np.stack([np.asarray(f.vector, dtype=np.float64).ravel() for f in pool])
    unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
    relevance = np.asarray(scores[: len(pool)], dtype=np.float64)
    chosen: list[int] = [first]  # the most central fact that leaves room for others
    words = _word_count(pool[first].text)
    closest = unit @ unit[first]  # each candidate's highest cosine to a chosen fact
    while len(chosen) < target:
        best, best_score = -1, -np.inf
        for i in range(len(pool)):
            if i in chosen or closest[i] >= p.duplicate_cosine:
                continue
            if words + _word_count(pool[i].text) > p.max_words:
                continue
            value = p.relevance * relevance[i] - (1.0 - p.relevance) * closest[i]
            if value > best_score:
                best, best_score = i, value
        if best < 0:
            break
        chosen.append(best)
        words += _word_count(pool[best].text)
        closest = np.maximum(closest, unit @ unit[best])
    if len(chosen) < min(p.min_facts, len(pool)):
        rest = sorted((i for i in range(len(pool)) if i not in chosen and closest[i] < p.duplicate_cosine
                       and _word_count(pool[i].text) <= p.max_words), key=lambda i: (_word_count(pool[i].text), i))
        chosen.extend(rest[: min(p.min_facts, len(pool)) - len(chosen)])
    return [pool[i] for i in sorted(chosen)]  # most central first, as `Scene.central_ids` promises


def dated_summary(facts: Sequence[SceneFact]) -> str:
    """The facts as sentences; a day's first sentence starts "On 3 May 2024" unless it carries its own date."""
    sentences: list[str] = []
    last_day = None
    for fact in facts:
        text = _sentence(fact.text)
        day = fact.time.date()
        if day != last_day and not _HAS_DATE.search(text):
            text = f"On {day.day} {day:%B} {day.year} {_lower_first(text)}"
        elif text[:1].islower():
            text = text[:1].upper() + text[1:]  # a sentence starts with a capital even if the fact did not
        last_day = day
        sentences.append(text)
    return " ".join(sentences)


def fallback_title(corpus: TermStats, members: Sequence[SceneFact]) -> str:
    """When no phrase qualifies: the scene's most distinctive word, as "The <word>" or "About <Name>".

    Not the keyword list titles used to be: one word, the one members share
    most relative to the rest of the memory, in the form a person would label it.
    """
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for fact in members:
        for key, word in corpus.terms_of(fact).items():
            if key in corpus.people or len(word) < 4 or word.casefold().endswith("ly"):
                continue
            counts[key] += 1
            surface.setdefault(key, word)
    if not counts:
        return "Scattered notes"
    key = min(counts, key=lambda k: (-counts[k] * corpus.idf(k), k))
    word = surface[key]
    return f"About {word}" if word[:1].isupper() else f"The {word.casefold()}"


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_HAS_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}\b|(?:19|20)\d\d\b|\d{{4}}-\d\d-\d\d"
    r"|yesterday|today|tomorrow|tonight|last (?:week|month|year|night|weekend)|next (?:week|month|year|weekend)"
    r"|(?:on|last|next|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
    re.IGNORECASE,
)
_LOWERABLE = frozenset("a an the this that these those there it he she they we his her their its our some one".split())


def _lower_first(text: str) -> str:
    """Lowercase a sentence's first word after "On <date>" only when it is a common word, never a name."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.casefold() in _LOWERABLE else text


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


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in ".!?…" else text + "."


def _word_count(text: str) -> int:
    return len(text.split())
