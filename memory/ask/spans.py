"""The span of one sentence that answers a question of a given type, and how well a sentence fits that type.

`span_for` picks, per question type, the date, count, length of time,
frequency, place, name, reason, title, member of a kind, the phrase around
the asked-for noun, or else the sentence's news: its best run of words the
question does not hold (`residual`). `fit_of` is the ranking's bonus for a
sentence holding the kind of thing asked for.
"""
from __future__ import annotations

import re

from remembrancer.memory.ask.question import Question
from remembrancer.memory.ask.things import (COUNT_RE, DURATION_RE, OFTEN_RE, PLACE_NOUN_RE, PLACE_RE, QUOTED_RE, SHOWN,
                               asks_feeling, asks_title, caption_of, count_of, feeling_in, kinds_asked, locative,
                               noun_phrase, proper_names, relation_in, title_in)
from remembrancer.memory.ask.wording import (ALNUM_RE, BOUNDARY, DATE_LEAD_RE, EDGE, LEADING, NOT_NAMES, TOKEN_RE, dates_in,
                                is_asked, is_verb, join_values, trim, undated)
from remembrancer.memory.llm.grounding import content_words
from remembrancer.memory.types import RecallItem

# "because X", "since X", "so that X": X is the reason; "X, so Y" / "X so Y": X is, when Y restates what was asked.
_REASON_RE = re.compile(r"\b(?:because(?: of)?|since|as|so that|in order to|after)\s+([^.;!?]+)", re.IGNORECASE)
_CONSEQUENCE_RE = re.compile(r"(?:^|[,;:(–—-]\s*|\band\s+)([^,;:.!?(–—-]+?)\s*,?\s+so\s+(?!that\b)([^.;!?]+)", re.IGNORECASE)
_PURPOSE_RE = re.compile(r"\b(?:to|for)\s+([^.;!?]+)", re.IGNORECASE)
_SUBJECT_LEAD_RE = re.compile(r"^(?:[A-Z][a-z]+|she|he|they|i|we|it)\s+(?:is|was|are|were|has been|had been|'s|felt|feels)\s+", re.IGNORECASE)
_NEGATION_RE = re.compile(r"\b(?:not|never|no|n't|cannot|neither|nor)\b", re.IGNORECASE)
MAX_SPAN_WORDS = 14
ADJACENT = 1.5  # a run right after a word of the question: worth this many content words more
# "What did Kit make ...?", "What is Ana planning ...?": a question about a doing, answered by its object.
_ASKS_ACTION_RE = re.compile(r"^what\s+(?:did|does|do|is|was|has|have|had|will|would)\s+(?:[A-Z]\w+|\w+\s+\w+)\s+\w+", re.IGNORECASE)
FIT_NOUN = 0.3  # a "what" sentence naming the asked-for thing with its phrase
_ENDING_PREPOSITIONS = frozenset("for to about with from of at in on into".split())


def fit_of(q: Question, text: str, item: RecallItem) -> float:
    """A bonus when the sentence holds the kind of thing asked for (a date for "when", a number for "how many")."""
    if q.kind == "when":
        return 0.4 if dates_in(text, item) else 0.0
    if q.kind == "count":
        return 0.3 if COUNT_RE.search(text) else 0.0
    if q.kind == "duration":
        return 0.3 if DURATION_RE.search(text) else 0.0
    if q.kind == "often":
        return 0.3 if OFTEN_RE.search(text) else 0.0
    if asks_feeling(q):
        return 0.3 if feeling_in(q, text) else 0.0
    if q.kind == "where":
        return 0.3 if PLACE_RE.search(text) or PLACE_NOUN_RE.search(text) else 0.0
    if q.kind == "who" or (q.kind == "what" and "name" in content_words(q.text)):
        return 0.3 if proper_names(q, text, item) or relation_in(q, text) else 0.0  # "What was the name of Kit's dog?"
    if q.kind == "what" and asks_title(q):
        return FIT_NOUN if title_in(q, undated(text, item), item) else 0.0
    if q.kind == "what" and (q.asked_nouns or kinds_asked(q)):
        plain = undated(caption_of(text) or text, item)  # "What workshop ...?": "an LGBTQ+ counselling workshop"; "What instrument ...?": "the violin"
        return FIT_NOUN if noun_phrase(q, plain, q.asked_nouns) or noun_phrase(q, plain, kinds_asked(q)) else 0.0
    if q.kind == "what" and caption_of(text) is not None and q.focus & SHOWN:
        return FIT_NOUN  # "What did Kit share a photo of ...?": the photo's caption
    return 0.0


def span_for(q: Question, said: str, item: RecallItem, matched: frozenset[str]) -> str | None:
    """The words of one sentence (`said`, from `item`, sharing `matched` with the question) that answer `q`, or None."""
    if q.kind == "when":
        mentions = dates_in(said, item)
        if not mentions:
            return None
        lead = DATE_LEAD_RE.search(said[: mentions[0].start])
        if lead and lead.group(0).strip():  # "in the week before 9 June 2023", not just "before 9 June 2023"
            said_as = f"{lead.group(0).strip()} {mentions[0].text.strip()}"
            return said_as[:1].lower() + said_as[1:]
        return mentions[0].replacement()
    if q.kind == "count":
        return count_of(q, undated(said, item))
    if q.kind == "duration":
        match = DURATION_RE.search(said)
        return match.group(0) if match else None
    if q.kind == "often":
        match = OFTEN_RE.search(said)
        return match.group(0) if match else None
    if asks_feeling(q) and (felt := feeling_in(q, said)):
        return felt
    if q.kind == "where":
        speaker = (item.speaker or "").lower()
        text = undated(said, item)
        found = sorted((*PLACE_RE.finditer(text), *PLACE_NOUN_RE.finditer(text)), key=lambda m: m.start(1))
        places = [m for m in found if m.group(1).split()[-1] not in NOT_NAMES
                  and m.group(1).lower() not in q.names and m.group(1).lower() != speaker and not m.group(1).endswith(("'s", "’s"))]
        if not places:  # "in a pine forest", "near Kit's hometown" (never a photo's "in the foreground"); else no place: no answer
            return None if caption_of(said) is not None else locative(q, text)
        asked_at = [m.start() for m in TOKEN_RE.finditer(text) if is_asked(m.group(0), matched)]
        after = [p for p in places if any(a < p.start() for a in asked_at)]  # "works at X and lives in Y": Y for "live"
        best = min(after, key=lambda p: min(p.start() - a for a in asked_at if a < p.start())) if after else places[0]
        return best.group(1)
    if q.kind == "who":
        return join_values(proper_names(q, said, item)) or relation_in(q, said)
    if q.kind == "why" and (reason := _reason(q, said)):
        return reason
    if q.kind == "yesno":
        return "No" if _NEGATION_RE.search(said) else "Yes"
    if "name" in content_words(q.text):
        names = proper_names(q, said, item)
        return join_values(names) if names else None  # asked for names: a sentence without one does not answer
    quoted = QUOTED_RE.search(said)
    if quoted and not is_asked(quoted.group(1), content_words(q.text)):
        return quoted.group(1)  # a title said in quotes ("The Wheel of Time") is the thing asked about
    text = undated(caption_of(said) or said, item)  # a shared photo: what it shows
    if asks_title(q):
        return title_in(q, text, item)  # "What movie did Kit watch?": a title, never "a classic movie"
    kinds = kinds_asked(q)
    if kinds and (phrase := noun_phrase(q, text, kinds)):
        return phrase  # "What instruments does Ana play?": "violin", not what else the sentence says
    if q.asked_nouns and (phrase := noun_phrase(q, text, q.asked_nouns)):
        return phrase
    return residual(q, text)


def _reason(q: Question, text: str) -> str | None:
    """The reason a sentence gives for what "Why ...?" asks about, whole ("passionate about dance and fashion").

    "X so Y" gives X when Y restates the question ("Ana loves fashion, so she
    opened a shop" for "Why did Ana open a shop?"); "because X", "since X"
    give X up to the clause restating the question ("Since Kit is lactose
    intolerant Kit is trying dairy-free options"); else a purpose ("to ...")
    after what was asked about.
    """
    asked = (content_words(q.text) | q.names) - set(q.names)
    candidates = [m.group(1) for m in _CONSEQUENCE_RE.finditer(text) if _restates(m.group(2), asked)]
    for match in _REASON_RE.finditer(text):
        words = TOKEN_RE.findall(match.group(1))
        cut = next((i for i, w in enumerate(words) if i >= 2 and (is_asked(w, asked) or (w.lower().removesuffix("'s") in q.names and i < len(words) - 1))),
                   len(words))  # the main clause starts ("Since Kit is vegan | Kit is trying ...")
        candidates.append(" ".join(words[:cut]))
    for match in _PURPOSE_RE.finditer(text):
        candidates.append(match.group(1))
    for clause in candidates:
        clause = _SUBJECT_LEAD_RE.sub("", clause.strip(" ,"))
        words = clause.split()[:MAX_SPAN_WORDS]
        if words and not all(is_asked(w, asked | q.names) for w in words if content_words(w)):
            return trim(words)
    return None


def _restates(clause: str, asked: set[str] | frozenset[str]) -> bool:
    """Whether a clause says again what the question asked about (one of its first four words is a question word)."""
    return any(is_asked(w, asked) for w in TOKEN_RE.findall(clause)[:4])


def residual(q: Question, text: str) -> str:
    """The part of `text` that is news to the question: its best run of words the question does not hold.

    "Kit likes jazz and old soul records." asked "What kind of music does
    Kit like?" gives "jazz and old soul records". The sentence is cut into
    runs at the words the question holds (the person, the asked-about verb
    or noun), at clause punctuation and at linking words ("because", "but");
    each run is trimmed of function words at its edges, and the run with the
    most content words wins, a run right after a question word counting
    ADJACENT more (the answer follows what was asked about: "Kit is trying
    kundalini" for "What is Kit trying?"); at most MAX_SPAN_WORDS words. A
    possessive of the question's person does not cut a run ("clear Kit's
    mind"), but is no answer at its edges ("Ana's old car": "old car").
    """
    asked = content_words(q.text) | q.names
    words = [(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(text) if ALNUM_RE.search(m.group(0))]
    best: list[str] = []
    best_score = 0.0
    last = TOKEN_RE.findall(q.text)[-1:]
    ending = last[0].lower() if last and last[0].lower() in _ENDING_PREPOSITIONS else None  # "What was Kit's audition for?"
    for begin, end, follows in _runs(text, words, asked, frozenset(q.names)):
        follows = follows or (ending is not None and words[begin][0].lower() == ending)  # "... for a writing gig"
        while begin < end and (words[begin][0].lower() in EDGE or words[begin][0].lower() in LEADING):
            begin += 1
        if q.kind == "what" and end - begin >= 2 and is_verb(words[begin][0]) and _ASKS_ACTION_RE.search(q.text):
            begin += 1  # "What did Kit make ...?" answered by "finished a bookmark": the thing, not the doing
            while begin < end and words[begin][0].lower() in EDGE:
                begin += 1
        taken = [w for w, _, _ in words[begin:min(end, begin + MAX_SPAN_WORDS)]]
        while taken and is_asked(taken[0], asked):
            taken = taken[1:]  # "Ana's old car": the question named Ana already
        while taken and (is_asked(taken[-1], asked) or taken[-1].lower() in EDGE):
            taken = taken[:-1]  # "Kit's book with Kit's": a possessor with nothing after it
        score = len(content_words(" ".join(taken))) + ADJACENT * follows if taken else 0.0
        if score > best_score:
            best, best_score = taken, score
    return trim(best)


def _runs(text: str, words: list[tuple[str, int, int]], asked: set[str] | frozenset[str],
          names: frozenset[str] = frozenset()) -> list[tuple[int, int, bool]]:
    """[begin, end) word ranges between question words and clause breaks, and whether a question word comes right before.

    A run after the person's name is what they did ("Kit chatted last"); a
    run after the asked verb or noun is what the question wants ("blogging
    about politics"), also past its object ("invited Kit to a yoga class"):
    only those count as following a question word.
    """
    runs: list[tuple[int, int, bool]] = []
    begin, follows = 0, False
    for index, (word, start, _) in enumerate(words):
        hit = is_asked(word, asked) and not word.endswith(("'s", "’s"))  # "Kit's garden" is one thing, a possessor kept
        is_link = word.lower() in BOUNDARY
        if hit or is_link or (index and any(p in text[words[index - 1][2]:start] for p in ";:.!?(-&")):
            if begin < index:
                runs.append((begin, index, follows))
            named = word.lower().removesuffix("'s") in names  # the person: asked, but not what is asked about
            begin, follows = index + (hit or is_link), hit and (not named or (index > 0 and is_asked(words[index - 1][0], asked)))
    if begin < len(words):
        runs.append((begin, len(words), follows))
    return runs
