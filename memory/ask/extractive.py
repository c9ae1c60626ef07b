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

A memory that shares no focus word with the question does not answer it
(sharing the person's name is not enough; a persona attribute counts only
when its value meets the focus), and then the answer says so: "I don't
know", followed by the best memories, none of them cited as the answer.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from memory.ask.question import Question, read_question
from memory.ask.sentences import aliases, passages
from memory.extraction.date_units import fmt_day
from memory.extraction.dates import find_dates, is_future
from memory.extraction.lexicon import BASE_VERBS, COLOURS, COMMON_ADJECTIVES, FAMILY, FEELINGS, FRIEND, LANGUAGES, PARTNER, PHATIC, IRREGULAR_BASE, IRREGULAR_PAST, MUSICAL_INSTRUMENTS, OCCUPATIONS, PETS
from memory.extraction.standalone import is_standalone
from memory.llm.grounding import content_words
from memory.types import RecallItem

_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’-]*")
_TOKEN_RE = re.compile(r"[^\s,;:!?()\[\]\"“”.]+(?:\.[^\s,;:!?()\[\]\"“”.]+)*")
_BOUNDARY = frozenset("because since so but which who while when although though whereas after before until".split())
_EDGE = frozenset("a an the and or to of for with about that this is are was were be been has have had her his their its "
                  "my your our some also really just very so it they them he she i especially now even still definitely totally "
                  "actually always there there's it's that's".split())
_LEADING = frozenset("others other both family fam kids said shared says thinks think felt feels feel got gets going went "
                     "wants want loves love likes like enjoys enjoy".split())  # verbs of telling, before the news
# Verbs too general to say what a memory is about: sharing only these with the question is sharing no focus.
_LIGHT_VERBS = ("like", "love", "enjoy", "have", "make", "get", "want", "feel", "think", "say", "tell", "use", "take", "give",
                "come", "keep", "start", "try", "need", "know", "see", "find", "put", "look", "play", "work", "live", "happen")
_ALNUM_RE = re.compile(r"[^\W_]|•")  # a word or a mask, never a lone dash
_QUOTED_RE = re.compile(r"[\"“]([^\"“”]{2,60})[\"”]")
_DATE_LEAD_RE = re.compile(r"\b(?:(?:in|on|during|over|at)\s+)?(?:the\s+)?(?:(?:a\s+)?(?:few|couple of)\s+)?"
                           r"(?:week|weekend|day|month|year|night|morning|evening)s?(?:\s+of)?\s+(?:before|after|of)?\s*$", re.IGNORECASE)
# "because X", "since X", "so that X": X is the reason; "X, so Y" / "X so Y": X is, when Y restates what was asked.
_REASON_RE = re.compile(r"\b(?:because(?: of)?|since|as|so that|in order to|after)\s+([^.;!?]+)", re.IGNORECASE)
_CONSEQUENCE_RE = re.compile(r"(?:^|[,;:(–—-]\s*|\band\s+)([^,;:.!?(–—-]+?)\s*,?\s+so\s+(?!that\b)([^.;!?]+)", re.IGNORECASE)
_PURPOSE_RE = re.compile(r"\b(?:to|for)\s+([^.;!?]+)", re.IGNORECASE)
_SUBJECT_LEAD_RE = re.compile(r"^(?:[A-Z][a-z]+|she|he|they|i|we|it)\s+(?:is|was|are|were|has been|had been|'s|felt|feels)\s+", re.IGNORECASE)
_NEGATION_RE = re.compile(r"\b(?:not|never|no|n't|cannot|neither|nor)\b", re.IGNORECASE)
_COUNT_RE = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|several)\s+([a-z'-]+)", re.IGNORECASE)
_DURATION_RE = re.compile(r"\b(?:for\s+)?(?:about\s+|over\s+|almost\s+|nearly\s+|around\s+)?(\d+(?:\s*[-–]\s*\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several)\s+(years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b|\bsince\s+\w+(?:\s+\d{4})?", re.IGNORECASE)
# "her home country, Sweden": a place named after the noun that says it is one.
_PLACE_NOUN_RE = re.compile(r"\b(?:country|city|town|village|state|hometown|island|region)\s*,?\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)")
_PLACE_RE = re.compile(r"\b(?:in|at|to|from|near|around|visited|visit)\s+((?:the\s+)?[A-Z][\w'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*)*)")
_PROPER_RE = re.compile(r"\b[A-Z][a-z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*)*")
_NOT_NAMES = frozenset("I The A An On In At My Our Your It This That We They He She Yes No Thanks Oh Wow Hey Hi Since When While "
                       "After Before Because If Although Then So But And Also Just Now Today Yesterday Tomorrow Last Next "
                       "These Those There Here What Who Where Why How Both Some Every Each Another Other "
                       "BTW OMG LOL TBH IMO FYI ASAP OK Ok Hmm Haha Yay Woah Whoa Aww".split()) | frozenset(
    "January February March April May June July August September October November December Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday".split())
_TIES = frozenset("colleague coworker co-worker boss manager teacher mentor coach neighbour neighbor therapist doctor "
                  "teammate classmate landlord".split())  # people named by their tie to someone, beside family and friends
_DONT_KNOW = "I don't know: nothing I remember answers this."
MAX_SPAN_WORDS = 14
ADJACENT = 1.5  # a run right after a word of the question: worth this many content words more
# The items recall (the MiniLM embedder's ranking) put first may answer a typed question (where/when/who/how many)
# in other words than the question's ("moved to Berlin" for "Where does ... live?") when they name the person.
TRUSTED_RANKS = 2
RELEVANCE_CAP = 0.3
W_SHARE, W_NAME, W_REL, W_FIT, W_NEWS, W_RARE = 1.0, 0.3, 2.0, 1.0, 0.05, 1.0  # recall's scores for persona attributes run higher than for facts: relevance only breaks ties
_TYPED = frozenset({"where", "when", "who", "count", "duration", "often"})
# "How often ...?": "twice a week", "once or twice a year", "every Sunday", "a few times a month", "daily".
_OFTEN_RE = re.compile(r"\b(?:(?:(?:at least|about|around|only|maybe)\s+)?(?:once|twice|(?:a\s+)?(?:few|couple of|\w+)\s+times)"
                       r"(?:\s+or\s+(?:once|twice|\w+\s+times))?\s+(?:a|per|each|every)\s+(?:day|week|month|year|weekend)"
                       r"|every\s+(?:other\s+)?(?:day|week|month|year|weekend|morning|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                       r"|(?:daily|weekly|monthly|yearly|nightly)\b)", re.IGNORECASE)
# A question asks for a kind of thing ("What pets does ...", "Which instrument ...") that a memory names by its
# member ("a guinea pig named Oscar"): the lexicon's lists, split at hyphens, stemmed as `content_words` stems.
_KINDS = {kind: frozenset(_plain_part for word in members for part in word.split("-") for _plain_part in {part, part.removesuffix("s")})
          - {name + plural for name in kinds for plural in ("", "s")}
          for kinds, members in ((("pet", "animal"), PETS), (("instrument",), MUSICAL_INSTRUMENTS),
                                 (("job", "occupation", "profession", "career"), OCCUPATIONS),
                                 (("language", "tongue"), LANGUAGES), (("color", "colour", "shade"), COLOURS))
          for kind in kinds}
# "What did Kit make ...?", "What is Ana planning ...?": a question about a doing, answered by its object.
_ASKS_ACTION_RE = re.compile(r"^what\s+(?:did|does|do|is|was|has|have|had|will|would)\s+(?:[A-Z]\w+|\w+\s+\w+)\s+\w+", re.IGNORECASE)
# Words a listed thing neither starts nor ends with: pronouns, question words, auxiliaries, intensifiers, linkers.
_NOT_A_THING = frozenset("how what why who when where you i we he she they it me us him them your our is are was were "
                         "do does did be been being have has had can could would will should much so really very but or "
                         "if then than of to as at by from".split())
# Nouns that name a profile section: a question asking for one ("What activities does Kit ...?", "What are Ana's
# hobbies?") is answered by the persona attributes recall put first for it, though they do not repeat the noun.
_ATTRIBUTE_NOUNS = frozenset(w.rstrip("'") for w in content_words(
    "hobby hobbies pastime pastimes activity activities pet pets job profession career occupation goal goals plans dreams"))
MAX_LIST = 4
FIT_NOUN = 0.3  # a "what" sentence naming the asked-for thing with its phrase
LIST_VALUE_WORDS = 4  # a list holds names and short phrases, not sentences


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
    spans = [(span, s.number) for s in said if s is not None and (span := _span(q, s))]
    if spans:
        if q.kind == "where":  # a place by its name before one said in common nouns ("in a forest")
            spans.sort(key=lambda found: bool(_LOCATIVE_RE.match(found[0])))
        span, number = next((found for found in spans if not _says_nothing(q, found[0])), spans[0])
        return Extracted(span, [number])
    if q.kind == "when":
        best = ranked[0]
        anchor = _anchor(best.item)
        if anchor:
            word = "after" if is_future(best.text) else "on or before"
            return Extracted(f"{word} {fmt_day(anchor)}", [best.number])
    if q.kind in ("count", "duration", "often", "who", "where"):
        return _dont_know(items, shown)  # no memory holds a count, a length of time, a name or a place: none answers "How many ...?"
    best = ranked[0]
    return Extracted(_residual(q, best.text) or best.text, [best.number])


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
    light_focus = all(_is_light(f) for f in focus)  # "Where does Kit live?": a recalled "Kit moved to Ghent" answers it
    places = {n for n in q.names - people if n.capitalize() not in _NOT_NAMES  # "When did Kit fly to Lima?": a memory that does not name Lima is no answer, however dated
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
                plain = words | {_plain_stem(w) for w in lowered} | {IRREGULAR_BASE[w] for w in lowered if w in IRREGULAR_BASE}  # "live" is no content word; "sold" is "sell"
                matched = frozenset(f for f in focus if any(_same(f, w) for w in plain) or _kind_of(f, plain)
                                    or (q.kind == "where" and f in _PLACE_KINDS and _named_place(text)))  # "Which cities ...?": "been to Paris"
                if matched and all(_is_light(f) for f in matched) and not all(_is_light(f) for f in focus) \
                        and not (q.kind in ("duration", "count", "often") and _fit(q, text, item)):
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
        said = {w.lower() for w in _WORD_RE.findall(text)} | {(item.speaker or "").lower()}
        said |= {alias for name in said & known_as.keys() for alias in known_as[name]}
        if q.owners and not q.owners & said:
            continue  # about someone else: "Where does Odile live?" is not answered by what Bram said about lives
        if places and not places & matched:
            matched = frozenset()  # "When did Kit fly to Lima?" is not answered by a flight that names no Lima
        named = bool(q.names & said)
        fit = _fit(q, text, item)
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
        if q.focus_head and any(_same(q.focus_head, w) for w in words):
            score += 0.3
        previous = _Sentence(number, item, text, matched, score, before=unmatched)
        unmatched = None
        out.append(previous)
    return sorted(out, key=lambda s: -s.score)


def _says_nothing(q: Question, span: str) -> bool:
    """Whether `span` names nothing the question asks for: a verdict ("really enlightening"), a greeting ("No
    worries"), a stand-in ("something"), or one adverb or verb ("usually", "watched", unless a doing is asked).

    "How did Kit feel ...?" and "How is Ana's shop doing?" are answered by a verdict: never nothing there.
    """
    if q.kind not in ("what", "why") or (q.kind == "what" and q.focus & _FEELING) or q.text.lower().startswith("how"):
        return False
    words = [w.lower() for w in _WORD_RE.findall(span)]
    if not any(w not in _EMPTY and not w.endswith("ly") for w in words):
        return True
    asks_doing = bool(re.search(r"\b(?:do|doing)\?*$", q.text.lower()))
    return len(words) == 1 and _is_verb(words[0]) and "-" not in words[0] and not asks_doing


_FEELING = frozenset(content_words("feel feeling felt describe emotion emotions think opinion"))
_EMPTY = COMMON_ADJECTIVES | PHATIC | _EDGE | _LEADING | frozenset(
    "enlightening emotional meaningful stressful eye-opening heartwarming intense crazy wild yeah yes no ok okay sure "
    "lol worries problem something anything nothing everything not thing things stuff pic pics photo photos picture pictures "
    "another other others some any each every".split())


def _asks_feeling(q: Question) -> bool:
    """ "How did Kit feel ...?", "How does Ana describe ...?": answered by how it felt, not what happened."""
    return q.text.lower().startswith("how") and bool(q.focus & _FEELING)


def _feeling(q: Question, text: str) -> str | None:
    """The words of `text` saying how something felt ("in awe", "grateful and thankful"), in order, at most three."""
    asked = content_words(q.text) | q.names
    found = [w for w in _TOKEN_RE.findall(text) if _is_feeling(w) and not _asked(w, asked)]
    return _join(list(dict.fromkeys(found))[:3]) or None


def _is_feeling(word: str) -> bool:
    lowered = word.lower()
    return lowered in FEELINGS or (len(lowered) > 5 and lowered.endswith(("ful", "ous", "ive", "ical", "tic"))
                                   and lowered not in _NOT_FEELINGS)


_NOT_FEELINGS = frozenset("native executive detective relative objective perspective initiative motive olive".split())


_PLACE_KINDS = frozenset(content_words("city cities town towns country countries place places state states"))


def _named_place(text: str) -> bool:
    """Whether `text` names a place after a preposition ("been to Paris", "moved from Ghent")."""
    return any(m.group(1).split()[-1] not in _NOT_NAMES for m in _PLACE_RE.finditer(text))


def _kind_of(focus: str, words: set[str]) -> bool:
    """Whether `words` name a thing of the kind `focus` asks for: "pet" is met by "guinea pig", "instrument" by "cello"."""
    members = _KINDS.get(focus)
    return bool(members and words & members)


def _plain_stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


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
    anchor = _anchor(item)
    days = _days(text, anchor or date.today()) + ([anchor] if anchor else [])
    gap = min((abs((a - d).days) for a in asked for d in days), default=None)
    if gap is None:
        return 0.0
    return 0.5 if gap <= 7 else 0.25 if gap <= 31 else 0.0


def _is_light(stem: str) -> bool:
    return any(_same(stem, verb) for verb in _LIGHT_VERBS)


def _level_bonus(item: RecallItem) -> float:
    return {"fact": 0.1, "persona": 0.1, "message": 0.0, "scene": -0.1}.get(item.level, 0.0)


def _fit(q: Question, text: str, item: RecallItem) -> float:
    """A bonus when the sentence holds the kind of thing asked for (a date for "when", a number for "how many")."""
    if q.kind == "when":
        return 0.4 if _dates(text, item) else 0.0
    if q.kind == "count":
        return 0.3 if _COUNT_RE.search(text) else 0.0
    if q.kind == "duration":
        return 0.3 if _DURATION_RE.search(text) else 0.0
    if q.kind == "often":
        return 0.3 if _OFTEN_RE.search(text) else 0.0
    if _asks_feeling(q):
        return 0.3 if _feeling(q, text) else 0.0
    if q.kind == "where":
        return 0.3 if _PLACE_RE.search(text) or _PLACE_NOUN_RE.search(text) else 0.0
    if q.kind == "who" or (q.kind == "what" and "name" in content_words(q.text)):
        return 0.3 if _names(q, text, item) or _relation(q, text) else 0.0  # "What was the name of Kit's dog?"
    if q.kind == "what" and _asks_title(q):
        return FIT_NOUN if _title(q, _undated(text, item), item) else 0.0
    if q.kind == "what" and (q.asked_nouns or _kinds(q)):
        plain = _undated(_caption(text) or text, item)  # "What workshop ...?": "an LGBTQ+ counselling workshop"; "What instrument ...?": "the violin"
        return FIT_NOUN if _noun_phrase(q, plain, q.asked_nouns) or _noun_phrase(q, plain, _kinds(q)) else 0.0
    if q.kind == "what" and _caption(text) is not None and q.focus & _SHOWN:
        return FIT_NOUN  # "What did Kit share a photo of ...?": the photo's caption
    return 0.0


def _same(a: str, b: str) -> bool:
    """Stems that are the same word: equal, or one a prefix of the other with four letters or more in common.

    `content_words` stems "loved" to "lov" but leaves "love": a final e is
    dropped on both sides before comparing.
    """
    a, b = (x[:-2] + "y" if x.endswith("ie") else x.removesuffix("s").removesuffix("e") for x in (a, b))
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def _anchor(item: RecallItem) -> date | None:
    """When the memory was said: the date relative expressions in it are resolved against."""
    for raw in (item.time, item.valid_from if item.level != "fact" else None):
        if raw and len(raw) >= 10:
            try:
                return datetime.fromisoformat(raw[:10]).date()
            except ValueError:
                continue
    return None


def _dates(text: str, item: RecallItem):
    anchor = _anchor(item) or date.today()
    return [m for m in find_dates(text, anchor) if m.precision != "approx" or m.relative]


def _span(q: Question, s: _Sentence) -> str | None:
    if q.kind == "when":
        mentions = _dates(s.text, s.item)
        if not mentions:
            return None
        lead = _DATE_LEAD_RE.search(s.text[: mentions[0].start])
        if lead and lead.group(0).strip():  # "in the week before 9 June 2023", not just "before 9 June 2023"
            return f"{lead.group(0).strip()} {mentions[0].text.strip()}"[:1].lower() + f"{lead.group(0).strip()} {mentions[0].text.strip()}"[1:]
        return mentions[0].replacement()
    if q.kind == "count":
        return _count(q, _undated(s.text, s.item))
    if q.kind == "duration":
        match = _DURATION_RE.search(s.text)
        return match.group(0) if match else None
    if q.kind == "often":
        match = _OFTEN_RE.search(s.text)
        return match.group(0) if match else None
    if _asks_feeling(q) and (felt := _feeling(q, s.text)):
        return felt
    if q.kind == "where":
        speaker = (s.item.speaker or "").lower()
        text = _undated(s.text, s.item)
        found = sorted((*_PLACE_RE.finditer(text), *_PLACE_NOUN_RE.finditer(text)), key=lambda m: m.start(1))
        places = [m for m in found if m.group(1).split()[-1] not in _NOT_NAMES
                  and m.group(1).lower() not in q.names and m.group(1).lower() != speaker and not m.group(1).endswith(("'s", "’s"))]
        if not places:  # "in a pine forest", "near Kit's hometown" (never a photo's "in the foreground"); else no place: no answer
            return None if _caption(s.text) is not None else _locative(q, text)
        asked_at = [m.start() for m in _TOKEN_RE.finditer(text) if _asked(m.group(0), s.matched)]
        after = [p for p in places if any(a < p.start() for a in asked_at)]  # "works at X and lives in Y": Y for "live"
        best = min(after, key=lambda p: min(p.start() - a for a in asked_at if a < p.start())) if after else places[0]
        return best.group(1)
    if q.kind == "who":
        return _join(_names(q, s.text, s.item)) or _relation(q, s.text)
    if q.kind == "why" and (reason := _reason(q, s.text)):
        return reason
    if q.kind == "yesno":
        return "No" if _NEGATION_RE.search(s.text) else "Yes"
    if "name" in content_words(q.text):
        names = _names(q, s.text, s.item)
        return _join(names) if names else None  # asked for names: a sentence without one does not answer
    quoted = _QUOTED_RE.search(s.text)
    if quoted and not _asked(quoted.group(1), content_words(q.text)):
        return quoted.group(1)  # a title said in quotes ("The Wheel of Time") is the thing asked about
    text = _undated(_caption(s.text) or s.text, s.item)  # a shared photo: what it shows
    if _asks_title(q):
        return _title(q, text, s.item)  # "What movie did Kit watch?": a title, never "a classic movie"
    kinds = _kinds(q)
    if kinds and (phrase := _noun_phrase(q, text, kinds)):
        return phrase  # "What instruments does Ana play?": "violin", not what else the sentence says
    if q.asked_nouns and (phrase := _noun_phrase(q, text, q.asked_nouns)):
        return phrase
    return _residual(q, text)


def _locative(q: Question, text: str) -> str | None:
    """A place said in common nouns after a preposition of place ("in a pine forest", "at the dog shelter").

    Only a phrase the question does not already hold: "Where does Kit
    volunteer?" is not answered by "at work" when the question says "work".
    """
    asked = content_words(q.text) | q.names
    for match in _LOCATIVE_RE.finditer(text):
        words = match.group(2).split()
        end = next((i for i, w in enumerate(words) if i and (w.lower() in _BOUNDARY | _PLACE_WORDS | _LINKS or _is_verb(w))), len(words))
        phrase = words[:end]
        named = [w for w in phrase[1:] if content_words(w) and w.lower() not in COMMON_ADJECTIVES]
        if named and not all(_asked(w, asked) for w in named):
            return f"{match.group(1).lower()} {' '.join(phrase)}"
    return None


_LINKS = frozenset("and or but just to so then".split())


_LOCATIVE_RE = re.compile(r"\b(in|at|near|inside|outside|by|around)\s+((?:the|a|an|his|her|their|my|our|[A-Z][a-z]+['’]s)\s+"
                          r"[\w'’-]+(?:\s+[\w'’-]+){0,3})")


def _count(q: Question, text: str) -> str | None:
    """A count of what "How many dogs ...?" counts ("two dogs"); none of something else ("two turtles" is no count of walks)."""
    counted = re.match(r"how (?:many|much)\s+([\w'-]+)", q.text, re.IGNORECASE)
    noun = content_words(counted.group(1)) if counted else set()
    for match in _COUNT_RE.finditer(text):
        if noun and not any(_same(n, w) for n in noun for w in content_words(match.group(2)) | {match.group(2).lower()}):
            continue
        number = match.group(1).lower()
        return f"{_NUMBER_WORDS.get(number, match.group(1))} {match.group(2)}"  # "2 dogs" reads "two dogs"
    if noun & {"time"} and (said := re.search(r"\b(?:once|twice)\b", text, re.IGNORECASE)):
        return said.group(0).lower()
    return None


_NUMBER_WORDS = dict(zip("1 2 3 4 5 6 7 8 9".split(), "one two three four five six seven eight nine".split()))


def _asks_title(q: Question) -> bool:
    """ "What movie ...?", "Which book ...?": asked for a work, answered by its title (not "What kind of movie ...?")."""
    return (bool(q.asked_nouns) and q.asked_nouns[0] in _TITLED and not q.plural
            and not re.search(r"\b(?:kinds?|types?|sorts?|genres?|style) of\b|\bgenre\b", q.text, re.IGNORECASE))


def _title(q: Question, text: str, item: RecallItem) -> str | None:
    """A work's title in `text`: said in quotes, else capitalised words ("The Wheel of Time") that name nobody here."""
    quoted = _QUOTED_RE.search(text)
    if quoted and not _asked(quoted.group(1), content_words(q.text)):
        return quoted.group(1)
    people = {(item.speaker or "").lower()} | {turn.speaker.lower() for turn in item.context} | q.names
    first = re.match(r"\W*", text).end()  # type: ignore[union-attr]
    for match in _TITLE_RE.finditer(text):
        words = match.group(0).split()
        if match.start() == first and _opener(words[0]):
            words = words[1:]
        title = " ".join(words).removesuffix("'s")
        if title and not any(w.lower().removesuffix("'s") in people for w in words) and title.split()[0] not in _NOT_NAMES - {"The", "A"}:
            return title
    return None


_TITLE_RE = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|a)\s+)*[A-Z0-9][\w'’-]*)*")  # "The Name of the Rose"


_TITLED = frozenset(content_words("movie film book novel series show song album game band trilogy podcast play"))


def _caption(text: str) -> str | None:
    """What an attached photo shows ("[photo: a photo of a toy robot]" -> "a toy robot"), or None for other text."""
    match = _CAPTION_RE.match(text)
    return _SHOWING_RE.sub("", match.group(1)) if match else None


def _noun_phrase(q: Question, text: str, nouns: Collection[str]) -> str | None:
    """The phrase naming the thing asked for, around its noun: "a fantasy literature forum" for "What forum did Kit join?".

    The noun's modifiers before it and an "of ..."/"named ..." after it are
    the answer; the noun alone ("joined a forum") answers nothing the question
    did not say, and the caller falls back to the sentence's news.
    """
    words = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text) if _ALNUM_RE.search(m.group(0))]
    asked = content_words(q.text) | q.names
    for index, (word, _, _) in enumerate(words):
        if not _is_noun(word, nouns):
            continue
        begin = index
        while begin > 0 and not _cut(text, words[begin - 1], words[begin]):
            before = words[begin - 1][0]
            if before.lower() in ("and", "or") and begin >= 2 and begin < index and _modifier(words[begin - 2][0]) \
                    and not _cut(text, words[begin - 2], words[begin - 1]):
                begin -= 1  # "action and sci-fi movies"
                continue
            if not _modifier(before) or before.lower() in q.names:
                break
            if before.lower().endswith("ing") and (begin < 2 or words[begin - 2][0].lower() not in _DETERMINERS):
                break  # "a marching event" holds its gerund; "been trying kundalini yoga" does not
            begin -= 1
        end = index + 1
        while end < len(words) and _is_noun(words[end][0], nouns) and not _cut(text, words[end - 1], words[end]):
            end += 1  # "guinea pig": the kind's name runs on
        if end < len(words) and words[end][0][:1].isupper() and words[end][0] not in _NOT_NAMES \
                and words[end][0].lower() not in q.names and not _cut(text, words[end - 1], words[end]):
            named = end  # "played this game Catan": the thing's own name answers "What game ...?"
            while named < len(words) and words[named][0][:1].isupper() and not _cut(text, words[named - 1], words[named]):
                named += 1
            return " ".join(w for w, _, _ in words[end:named])
        if end < len(words) and words[end][0].lower() in _COMPLEMENT and not _cut(text, words[index], words[end]):
            end += 1
            while end < len(words) and end - index <= 5 and not _cut(text, words[end - 1], words[end]) \
                    and words[end][0].lower() not in _BOUNDARY | _PLACE_WORDS and not _is_verb(words[end][0]):
                end += 1
        phrase = [w for w, _, _ in words[begin:end]]
        if not _asked(word, asked) or any(content_words(w) and not _asked(w, asked) and w.lower() not in COMMON_ADJECTIVES for w in phrase):
            return _trim(phrase)  # a member named ("purple") answers; "an amazing deal" names no deal
    return None


def _is_noun(word: str, nouns: Collection[str]) -> bool:
    return any(_same(noun, stem) for noun in nouns for stem in content_words(word) | {word.lower()})


_RELATION_RE = re.compile(r"\b([A-Z][a-z]+['’]s|[Hh]er|[Hh]is|[Tt]heir|[Mm]y)\s+(?:(?:best|old|little|older|younger|big|late)\s+)?("
                          + "|".join(sorted((FAMILY | PARTNER | FRIEND | _TIES) - {"family", "baby"}, key=len, reverse=True)) + r")\b")
# An attachment's line (memory.importers.attachments) and the words a caption opens with before what it shows.
_CAPTION_RE = re.compile(r"^\[(?:photo|video|image|file|audio): (.+)\]$")
_SHOWING_RE = re.compile(r"^(?:a |an |the )?(?:photo(?:graph|graphy)?|picture|pic|image|screenshot|video|selfie)s? (?:of |showing )", re.IGNORECASE)
_SHOWN = frozenset(content_words("photo photos picture pictures pic pics image images selfie video"))
_COMPLEMENT = frozenset("of named called from".split())
_PLACE_WORDS = frozenset("in on at to into onto with for by during".split())  # "a map of the Faroes | in the hall"
_DETERMINERS = frozenset("a an the his her their my our your its some".split())
_NOT_MODIFIER = _EDGE | _NOT_A_THING | _LEADING | _BOUNDARY | frozenset("in on at into with for by my our another any each every".split())


def _modifier(word: str) -> bool:
    """Whether `word` may stand before a noun as part of its phrase ("fantasy literature" in "fantasy literature forum")."""
    lowered = word.lower()
    return lowered not in _NOT_MODIFIER and not lowered.endswith(("'s", "’s")) and not _is_verb(word) \
        and not (lowered.endswith("s") and _is_verb(lowered[:-1]))  # "plays clarinet": a verb, not a kind of clarinet


def _cut(text: str, left: tuple[str, int, int], right: tuple[str, int, int]) -> bool:
    return any(p in text[left[2]:right[1]] for p in ",;:.!?()-&")


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
        words = _TOKEN_RE.findall(match.group(1))
        cut = next((i for i, w in enumerate(words) if i >= 2 and (_asked(w, asked) or (w.lower().removesuffix("'s") in q.names and i < len(words) - 1))),
                   len(words))  # the main clause starts ("Since Kit is vegan | Kit is trying ...")
        candidates.append(" ".join(words[:cut]))
    for match in _PURPOSE_RE.finditer(text):
        candidates.append(match.group(1))
    for clause in candidates:
        clause = _SUBJECT_LEAD_RE.sub("", clause.strip(" ,"))
        words = clause.split()[:MAX_SPAN_WORDS]
        if words and not all(_asked(w, asked | q.names) for w in words if content_words(w)):
            return _trim(words)
    return None


def _restates(clause: str, asked: set[str] | frozenset[str]) -> bool:
    """Whether a clause says again what the question asked about (one of its first four words is a question word)."""
    return any(_asked(w, asked) for w in _TOKEN_RE.findall(clause)[:4])


def _undated(text: str, item: RecallItem) -> str:
    """`text` with its date phrases cut out (as clause breaks): a "what" answer is never "On 9 June 2023"."""
    for mention in sorted(_dates(text, item), key=lambda m: -m.start):
        head = _DATE_LEAD_RE.sub("", text[: mention.start])
        text = head + ";" + text[mention.end:]
    return text


def _names(q: Question, text: str, item: RecallItem) -> list[str]:
    """Proper names in `text` other than those the question already names (and none of its dates)."""
    text = _undated(text, item).lstrip("; ")
    out = []
    first = re.match(r"\W*", text).end()  # type: ignore[union-attr]
    for match in _PROPER_RE.finditer(text):
        if match.start() == first and " " not in match.group(0):
            continue  # one capitalised word opening the sentence is as likely "Certain" as a name
        words = match.group(0).split()
        if match.start() == first:  # "For Kit", "Seeing Ana": a capitalised opener is no part of the name
            words = words[1:] if _opener(words[0]) else words
        words = [w for w in words if w not in _NOT_NAMES]
        name = " ".join(words).removesuffix("'s")
        if name and name.lower() not in q.names and (item.speaker or "").lower() != name.lower() and name not in out:
            out.append(name)
    return out


def _opener(word: str) -> bool:
    """Whether a capitalised first word is an ordinary word ("For", "Seeing", "Thanks"), not a name's first part."""
    lowered = word.lower()
    return (lowered in _CONTRACTED or lowered in _EDGE or lowered in _BOUNDARY or lowered in _PLACE_WORDS or lowered in _LEADING or lowered in PHATIC
            or lowered in _COMPLEMENT or lowered.endswith("ing") or _is_verb(lowered))


_CONTRACTED = frozenset("here's there's that's it's let's what's who's where's i'm i've i'd you're we're they're".split())


def _relation(q: Question, text: str) -> str | None:
    """ "Who ...?" answered by a person named by their tie, not their name: "Kit's aunt", "her coach"."""
    asked = content_words(q.text)
    for match in _RELATION_RE.finditer(text):
        if match.group(2).lower() not in asked:
            return match.group(0)
    return None


def _residual(q: Question, text: str) -> str:
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
    words = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text) if _ALNUM_RE.search(m.group(0))]
    best: list[str] = []
    best_score = 0.0
    last = _TOKEN_RE.findall(q.text)[-1:]
    ending = last[0].lower() if last and last[0].lower() in _ENDING_PREPOSITIONS else None  # "What was Kit's audition for?"
    for begin, end, follows in _runs(text, words, asked, frozenset(q.names)):
        follows = follows or (ending is not None and words[begin][0].lower() == ending)  # "... for a writing gig"
        while begin < end and (words[begin][0].lower() in _EDGE or words[begin][0].lower() in _LEADING):
            begin += 1
        if q.kind == "what" and end - begin >= 2 and _is_verb(words[begin][0]) and _ASKS_ACTION_RE.search(q.text):
            begin += 1  # "What did Kit make ...?" answered by "finished a bookmark": the thing, not the doing
            while begin < end and words[begin][0].lower() in _EDGE:
                begin += 1
        taken = [w for w, _, _ in words[begin:min(end, begin + MAX_SPAN_WORDS)]]
        while taken and _asked(taken[0], asked):
            taken = taken[1:]  # "Ana's old car": the question named Ana already
        while taken and (_asked(taken[-1], asked) or taken[-1].lower() in _EDGE):
            taken = taken[:-1]  # "Kit's book with Kit's": a possessor with nothing after it
        score = len(content_words(" ".join(taken))) + ADJACENT * follows if taken else 0.0
        if score > best_score:
            best, best_score = taken, score
    return _trim(best)


_ENDING_PREPOSITIONS = frozenset("for to about with from of at in on into".split())


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
        is_asked = _asked(word, asked) and not word.endswith(("'s", "’s"))  # "Kit's garden" is one thing, a possessor kept
        is_link = word.lower() in _BOUNDARY
        if is_asked or is_link or (index and any(p in text[words[index - 1][2]:start] for p in ";:.!?(-&")):
            if begin < index:
                runs.append((begin, index, follows))
            named = word.lower().removesuffix("'s") in names  # the person: asked, but not what is asked about
            begin, follows = index + (is_asked or is_link), is_asked and (not named or (index > 0 and _asked(words[index - 1][0], asked)))
    if begin < len(words):
        runs.append((begin, len(words), follows))
    return runs


def _is_verb(word: str) -> bool:
    lowered = word.lower()
    return lowered in IRREGULAR_PAST or lowered in BASE_VERBS or (lowered.endswith("ed") and len(lowered) > 4)


def _asked(word: str, asked: set[str] | frozenset[str]) -> bool:
    stems = (content_words(word) or {word.lower().removesuffix("'s")}) | ({IRREGULAR_BASE[word.lower()]} if word.lower() in IRREGULAR_BASE else set())
    return any(_same(a, s) for a in asked for s in stems)


def _trim(words: list[str]) -> str:
    while words and words[0].lower() in _EDGE:
        words = words[1:]
    while words and words[-1].lower() in _EDGE:
        words = words[:-1]
    return " ".join(words)


def _gather(q: Question, ranked: list[_Sentence]) -> Extracted | None:
    """A list question: the values of the best sentences across several memories."""
    floor = ranked[0].score * 0.85
    kinds = _kinds(q)
    values: list[str] = []
    numbers: list[int] = []
    for sentence in ranked:
        if sentence.score < floor or len(values) >= MAX_LIST:
            break
        span = _span(q, sentence)
        if not span:
            continue
        if kinds and not _noun_phrase(q, _undated(sentence.text, sentence.item), kinds):
            continue  # "What pets does Kit have?": a sentence naming no pet adds no value ("Plus pets")
        for value in re.split(r",\s*|\s+and\s+", span):
            value = _trim(value.split()[:LIST_VALUE_WORDS])
            if value and not _fragment(q, value) and _key(value) not in {_key(v) for v in values} and len(values) < MAX_LIST:
                values.append(value)
                if sentence.number not in numbers:
                    numbers.append(sentence.number)
    return Extracted(_join(values), numbers) if values else None


def _kinds(q: Question) -> frozenset[str]:
    """The members of the kinds of thing the question asks for ("pets": dog, cat, turtle, ...), if any."""
    return frozenset().union(*(_KINDS.get(f, frozenset()) for f in q.focus))


def _key(value: str) -> str:
    """A list value as compared for duplicates: "turtles" and "turtle" are one value."""
    return " ".join(w.removesuffix("s") for w in value.lower().split())


def _fragment(q: Question, value: str) -> bool:
    """Whether a list value is a piece of a clause, not a thing ("How do you stay", "much fun", "reminded Kit of how")."""
    words = value.split()
    lowered = [w.lower() for w in words]
    if lowered[0] in _NOT_A_THING or lowered[-1] in _NOT_A_THING or any(w in _CLAUSE_WORDS for w in lowered):
        return True
    if lowered[0] in IRREGULAR_PAST or (lowered[0].endswith("ed") and _is_verb(lowered[0])):
        return True  # "told Ana to check": a past doing cut out of its clause ("plays the oboe" is a pastime)
    if all(w in _EMPTY for w in lowered):
        return True  # "so much fun" names nothing done
    return not any(not _asked(w, content_words(q.text) | q.names) for w in words if content_words(w))


# Words only a clause holds (pronouns, auxiliaries, contractions): a list value with one is a piece of a sentence.
_CLAUSE_WORDS = frozenset("you your you're i i'm we we're they they're he she it it's that's there's is are was were "
                          "has have had can could would will should don't didn't doesn't".split())


def _join(values: list[str]) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def _dont_know(items: Sequence[RecallItem], shown: int) -> Extracted:
    """No memory answers: say so and show the closest memories, citing none of them as the answer."""
    best = [item for item in items if item.level != "fact" or is_standalone(item.text)][:shown]
    if not best:
        return Extracted(_DONT_KNOW, [], knows=False)
    lines = "\n".join(f"- {item.text}" for item in best)
    return Extracted(f"{_DONT_KNOW} The closest memories:\n{lines}", [], knows=False)
