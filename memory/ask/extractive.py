"""The answer read out of the recalled memories themselves: a name, a date, a count, a list or a short phrase.

The bundled model is a 270M base model: it can polish, never know. So the
default answer is *extracted*: every recalled item (fact, persona attribute,
scene summary, message), and the messages a fact, scene or attribute rests on
(its source turns: a fact is a summary, the message may hold the detail
asked for), is split into sentences, each sentence is scored by
recall's own relevance (the MiniLM embedder's ranking) plus how many of the
question's focus words it contains, and the best one gives the span the
question's type asks for: for "When ...?" the resolved date in it (facts
already carry absolute dates; a message's relative "yesterday" is resolved
against the message's own time by `memory.extraction.dates`, and as a last
resort the memory's own time is given as the latest it can have happened);
for "How many ...?" the count; for "Who ...?" the names; for list questions
the values gathered across several memories ("Rex, Bella and Toby"); else
the words of the sentence that follow what the question asked about.

This module ranks the sentences and gathers lists; the span a sentence
gives for each type of question is `memory.ask.spans`, the things it names
(kinds, titles, places, feelings, counts) `memory.ask.things`, and the
word-level tests all three share `memory.ask.wording`.

A memory that shares no focus word with the question does not answer it
(sharing the person's name is not enough; a persona attribute counts only
when its value meets the focus), and then the answer says so: "I don't
know", followed by the best memories, none of them cited as the answer.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from remembrancer.memory.ask.question import Question, read_question
from remembrancer.memory.ask.sentences import aliases, passages
from remembrancer.memory.ask.spans import fit_of, residual, span_for
from remembrancer.memory.ask.things import LOCATIVE_RE, PLACE_KINDS, is_kind_of, kinds_asked, names_place, noun_phrase
from remembrancer.memory.ask.wording import (EMPTY, NOT_A_THING, NOT_NAMES, WORD_RE, anchor_of, is_asked, is_light, is_verb, join_values,
                                plain_stem, same_word, says_nothing, trim, undated)
from remembrancer.memory.extraction.date_units import fmt_day
from remembrancer.memory.extraction.dates import find_dates, is_future
from remembrancer.memory.extraction.lexicon import IRREGULAR_BASE, IRREGULAR_PAST
from remembrancer.memory.extraction.standalone import is_standalone
from remembrancer.memory.llm.grounding import content_words
from remembrancer.memory.types import RecallItem

_DONT_KNOW = "I don't know: nothing I remember answers this."
# The items recall (the MiniLM embedder's ranking) put first may answer a typed question (where/when/who/how many)
# in other words than the question's ("moved to Berlin" for "Where does ... live?") when they name the person.
TRUSTED_RANKS = 2
RELEVANCE_CAP = 0.3
W_SHARE, W_NAME, W_REL, W_FIT, W_NEWS, W_RARE = 1.0, 0.3, 2.0, 1.0, 0.05, 1.0  # recall's scores for persona attributes run higher than for facts: relevance only breaks ties
_TYPED = frozenset({"where", "when", "who", "count", "duration", "often"})
# Nouns that name a profile section: a question asking for one ("What activities does Kit ...?", "What are Ana's
# hobbies?") is answered by the persona attributes recall put first for it, though they do not repeat the noun.
_ATTRIBUTE_NOUNS = frozenset(w.rstrip("'") for w in content_words(
    "hobby hobbies pastime pastimes activity activities pet pets job profession career occupation goal goals plans dreams"))
MAX_LIST = 4
LIST_VALUE_WORDS = 4  # a list holds names and short phrases, not sentences
# Words only a clause holds (pronouns, auxiliaries, contractions): a list value with one is a piece of a sentence.
_CLAUSE_WORDS = frozenset("you your you're i i'm we we're they they're he she it it's that's there's is are was were "
                          "has have had can could would will should don't didn't doesn't".split())


@dataclass
class Extracted:
    """An extractive answer: its text, the 1-based numbers of the recalled items it quotes, and whether it knows."""

    text: str
    numbers: list[int] = field(default_factory=list)
    knows: bool = True


@dataclass(frozen=True)
class _Sentence:
    number: int         # 1-based position of its item in the recalled list
    item: RecallItem
    text: str
    matched: frozenset[str]
    score: float
    then: _Sentence | None = None  # the sentence said next, matching nothing itself: it may hold what this one leaves out
    before: _Sentence | None = None  # the sentence said just before, matching nothing itself: the same


def extract_answer(question: str, items: Sequence[RecallItem], shown: int = 3) -> Extracted:
    """The answer `items` hold for `question`, or "I don't know" with the best memories (see the module doc)."""
    q = read_question(question)
    ranked = _rank(q, items)
    if not ranked:
        return _dont_know(items, shown)
    if q.plural and q.kind in ("what", "who", "where"):
        listed = _gather(q, ranked)
        if listed:
            return listed
    # A sentence restating the question ("Kit went to a workshop and it was enlightening" for "What was discussed at
    # the workshop?") holds no answer, or only a verdict: what was said next, or just before, may hold it.
    said = [s for sentence in ranked[:3] for s in (sentence, sentence.then)] + [sentence.before for sentence in ranked[:3]]
    spans = [(span, s.number) for s in said if s is not None and (span := span_for(q, s.text, s.item, s.matched))]
    if spans:
        if q.kind == "where":  # a place by its name before one said in common nouns ("in a forest")
            spans.sort(key=lambda found: bool(LOCATIVE_RE.match(found[0])))
        span, number = next((found for found in spans if not says_nothing(q, found[0])), spans[0])
        return Extracted(span, [number])
    if q.kind == "when":
        best = ranked[0]
        anchor = anchor_of(best.item)
        if anchor:
            word = "after" if is_future(best.text) else "on or before"
            return Extracted(f"{word} {fmt_day(anchor)}", [best.number])
    if q.kind in ("count", "duration", "often", "who", "where"):
        return _dont_know(items, shown)  # no memory holds a count, a length of time, a name or a place: none answers "How many ...?"
    best = ranked[0]
    return Extracted(residual(q, best.text) or best.text, [best.number])


def _rank(q: Question, items: Sequence[RecallItem]) -> list[_Sentence]:
    """Sentences sharing a focus word with the question, best first.

    A focus word found in few of the recalled sentences tells more than one
    found in most ("clipboard" against "new"): each is weighted by how rare it
    is among them, so the sentence holding the question's distinctive words wins.
    """
    speakers = {(item.speaker or "").lower() for item in items}
    people = {n for n in q.names if n in speakers or n in q.owners}
    focus = (frozenset(f for f in q.focus if not f.isdigit()) | ({q.focus_head} if q.focus_head else set())
             | (q.names - people))  # a capitalised word that is nobody here is a place or a title: part of the focus
    known_as = aliases(items)
    light_focus = all(is_light(f) for f in focus)  # "Where does Kit live?": a recalled "Kit moved to Ghent" answers it
    places = {n for n in q.names - people if n.capitalize() not in NOT_NAMES  # "When did Kit fly to Lima?": a memory that does not name Lima is no answer, however dated
              and not re.search(rf"\b(?:city|cities|town|towns|place|places|region|state)\s+in\s+{re.escape(n)}\b", q.text, re.IGNORECASE)}
    # ... but "Which city in Peru ...?" is answered by "Cusco", which need not say Peru
    asked_days = _days(q.text, date.today())
    candidates = []
    for number, item in enumerate(items, 1):
        if item.level == "fact" and not is_standalone(item.text):
            continue  # a fact that leans on its conversation cannot be quoted as an answer
        for passage in passages(item):  # a fact is a summary; its message may say more, and the turn after it more still
            for text, own in passage:
                words = content_words(text)
                lowered = re.findall(r"[a-z]{3,}", text.lower())
                plain = words | {plain_stem(w) for w in lowered} | {IRREGULAR_BASE[w] for w in lowered if w in IRREGULAR_BASE}  # "live" is no content word; "sold" is "sell"
                matched = frozenset(f for f in focus if any(same_word(f, w) for w in plain) or is_kind_of(f, plain)
                                    or (q.kind == "where" and f in PLACE_KINDS and names_place(text)))  # "Which cities ...?": "been to Paris"
                if matched and all(is_light(f) for f in matched) and not all(is_light(f) for f in focus) \
                        and not (q.kind in ("duration", "count", "often") and fit_of(q, text, item)):
                    matched = frozenset()  # "likes" alone: "Kit likes hiking" does not say what music Kit likes
                    # (but "Kit has been playing for four months" says how long Kit has played the piano)
                if item.level == "persona" and own and text == item.text and len(focus - _ATTRIBUTE_NOUNS) <= 1:
                    matched |= focus & _ATTRIBUTE_NOUNS  # recall gave the profile's answer to "What activities does Kit ...?"
                if not own or text.endswith("?"):
                    matched = frozenset()  # a question asked in the conversation answers nothing; a next turn only continues
                candidates.append((number, item, text, words, matched, own))
            candidates.append(None)  # the passage ends: nothing continues across it
    found_in = {f: sum(f in c[4] for c in candidates if c) for f in focus}
    weight = {f: 1.0 / (1 + found_in[f]) for f in focus}
    total = sum(weight.values()) or 1.0
    out: list[_Sentence] = []
    previous: _Sentence | None = None  # the sentence just said, when it matched: what the next one may continue
    unmatched: _Sentence | None = None  # the sentence just said, when it did not
    for candidate in candidates:
        if candidate is None:
            previous = unmatched = None
            continue
        number, item, text, words, matched, own = candidate
        said = {w.lower() for w in WORD_RE.findall(text)} | ({(item.speaker or "").lower()} if own else set())  # the turn after is someone else's
        said |= {alias for name in said & known_as.keys() for alias in known_as[name]}
        if q.owners and not q.owners & said:
            continue  # about someone else: "Where does Odile live?" is not answered by what Bram said about lives
        if places and not places & matched:
            matched = frozenset()  # "When did Kit fly to Lima?" is not answered by a flight that names no Lima
        named = bool(q.names & said)
        fit = fit_of(q, text, item)
        news = W_NEWS * min(len(words - content_words(q.text) - q.names), 4)  # restating the question tells nothing
        if not matched and not (own and number <= TRUSTED_RANKS and named and fit and q.kind in _TYPED and light_focus):
            # shares no focus word: not an answer, unless recall ranked it first and it holds what is asked;
            # but it may say what the sentence before it, restating the question, leaves out
            if previous is not None and not text.endswith("?"):
                out[-1] = replace(previous, then=_Sentence(number, item, text, frozenset(), previous.score))
            previous = None
            unmatched = _Sentence(number, item, text, frozenset(), 0.0) if own and not text.endswith("?") else None
            continue
        share = (1 - W_RARE) * len(matched) / max(1, len(focus)) + W_RARE * sum(weight[f] for f in matched) / total
        score = W_SHARE * share + W_NAME * named + W_REL * min(item.score, RELEVANCE_CAP) + _level_bonus(item) + W_FIT * fit + news
        if asked_days:
            score += _near(asked_days, text, item)
        if q.focus_head and any(same_word(q.focus_head, w) for w in words):
            score += 0.3
        previous = _Sentence(number, item, text, matched, score, before=unmatched)
        unmatched = None
        out.append(previous)
    return sorted(out, key=lambda s: -s.score)


def _days(text: str, anchor: date) -> list[date]:
    """The days `text` names (a month or year counts as its first day)."""
    out = []
    for mention in find_dates(text, anchor):
        try:
            out.append(date.fromisoformat((mention.iso + "-01-01")[:10] if len(mention.iso) == 4 else (mention.iso + "-01")[:10]))
        except ValueError:
            continue
    return out


def _near(asked: list[date], text: str, item: RecallItem) -> float:
    """A bonus for a memory dated near the day the question names ("in December 2023", "on 3 June 2023")."""
    anchor = anchor_of(item)
    days = _days(text, anchor or date.today()) + ([anchor] if anchor else [])
    gap = min((abs((a - d).days) for a in asked for d in days), default=None)
    if gap is None:
        return 0.0
    return 0.5 if gap <= 7 else 0.25 if gap <= 31 else 0.0


def _level_bonus(item: RecallItem) -> float:
    return {"fact": 0.1, "persona": 0.1, "message": 0.0, "scene": -0.1}.get(item.level, 0.0)


def _gather(q: Question, ranked: list[_Sentence]) -> Extracted | None:
    """A list question: the values of the best sentences across several memories."""
    floor = ranked[0].score * 0.85
    kinds = kinds_asked(q)
    values: list[str] = []
    numbers: list[int] = []
    for sentence in ranked:
        if sentence.score < floor or len(values) >= MAX_LIST:
            break
        span = span_for(q, sentence.text, sentence.item, sentence.matched)
        if not span:
            continue
        if kinds and not noun_phrase(q, undated(sentence.text, sentence.item), kinds):
            continue  # "What pets does Kit have?": a sentence naming no pet adds no value ("Plus pets")
        for value in re.split(r",\s*|\s+and\s+", span):
            value = trim(value.split()[:LIST_VALUE_WORDS])
            if value and not _fragment(q, value) and _key(value) not in {_key(v) for v in values} and len(values) < MAX_LIST:
                values.append(value)
                if sentence.number not in numbers:
                    numbers.append(sentence.number)
    return Extracted(join_values(values), numbers) if values else None


def _key(value: str) -> str:
    """A list value as compared for duplicates: "turtles" and "turtle" are one value."""
    return " ".join(w.removesuffix("s") for w in value.lower().split())


def _fragment(q: Question, value: str) -> bool:
    """Whether a list value is a piece of a clause, not a thing ("How do you stay", "much fun", "reminded Kit of how")."""
    words = value.split()
    lowered = [w.lower() for w in words]
    if lowered[0] in NOT_A_THING or lowered[-1] in NOT_A_THING or any(w in _CLAUSE_WORDS for w in lowered):
        return True
    if lowered[0] in IRREGULAR_PAST or (lowered[0].endswith("ed") and is_verb(lowered[0])):
        return True  # "told Ana to check": a past doing cut out of its clause ("plays the oboe" is a pastime)
    if all(w in EMPTY for w in lowered):
        return True  # "so much fun" names nothing done
    return not any(not is_asked(w, content_words(q.text) | q.names) for w in words if content_words(w))


def _dont_know(items: Sequence[RecallItem], shown: int) -> Extracted:
    """No memory answers: say so and show the closest memories, citing none of them as the answer."""
    best = [item for item in items if item.level != "fact" or is_standalone(item.text)][:shown]
    if not best:
        return Extracted(_DONT_KNOW, [], knows=False)
    lines = "\n".join(f"- {item.text}" for item in best)
    return Extracted(f"{_DONT_KNOW} The closest memories:\n{lines}", [], knows=False)
