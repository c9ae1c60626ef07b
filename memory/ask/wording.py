"""How the extractive answerer reads words: stems that are the same word, verbs, edges, dates and empty spans.

Shared by the ranking of sentences (`memory.ask.extractive`), the spans cut
from them (`memory.ask.spans`) and the things they name
(`memory.ask.things`): light, general tests over English words, nothing
that knows any particular conversation.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from remembrancer.memory.ask.question import Question
from remembrancer.memory.extraction.dates import find_dates
from remembrancer.memory.extraction.lexicon import BASE_VERBS, COMMON_ADJECTIVES, IRREGULAR_BASE, IRREGULAR_PAST, PHATIC
from remembrancer.memory.llm.grounding import content_words
from remembrancer.memory.types import RecallItem

WORD_RE = re.compile(r"[A-Za-z0-9][\w'’-]*")
TOKEN_RE = re.compile(r"[^\s,;:!?()\[\]\"“”.]+(?:\.[^\s,;:!?()\[\]\"“”.]+)*")
BOUNDARY = frozenset("because since so but which who while when although though whereas after before until".split())
EDGE = frozenset("a an the and or to of for with about that this is are was were be been has have had her his their its "
                  "my your our some also really just very so it they them he she i especially now even still definitely totally "
                  "actually always there there's it's that's".split())
LEADING = frozenset("others other both family fam kids said shared says thinks think felt feels feel got gets going went "
                     "wants want loves love likes like enjoys enjoy".split())  # verbs of telling, before the news
# Verbs too general to say what a memory is about: sharing only these with the question is sharing no focus.
_LIGHT_VERBS = ("like", "love", "enjoy", "have", "make", "get", "want", "feel", "think", "say", "tell", "use", "take", "give",
                "come", "keep", "start", "try", "need", "know", "see", "find", "put", "look", "play", "work", "live", "happen")
ALNUM_RE = re.compile(r"[^\W_]|•")  # a word or a mask, never a lone dash
DATE_LEAD_RE = re.compile(r"\b(?:(?:in|on|during|over|at)\s+)?(?:the\s+)?(?:(?:a\s+)?(?:few|couple of)\s+)?"
                           r"(?:week|weekend|day|month|year|night|morning|evening)s?(?:\s+of)?\s+(?:before|after|of)?\s*$", re.IGNORECASE)
NOT_NAMES = frozenset("I The A An On In At My Our Your It This That We They He She Yes No Thanks Oh Wow Hey Hi Since When While "
                       "After Before Because If Although Then So But And Also Just Now Today Yesterday Tomorrow Last Next "
                       "These Those There Here What Who Where Why How Both Some Every Each Another Other "
                       "BTW OMG LOL TBH IMO FYI ASAP OK Ok Hmm Haha Yay Woah Whoa Aww".split()) | frozenset(
    "January February March April May June July August September October November December Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday".split())
# Words a listed thing neither starts nor ends with: pronouns, question words, auxiliaries, intensifiers, linkers.
NOT_A_THING = frozenset("how what why who when where you i we he she they it me us him them your our is are was were "
                         "do does did be been being have has had can could would will should much so really very but or "
                         "if then than of to as at by from".split())
FEELING = frozenset(content_words("feel feeling felt describe emotion emotions think opinion"))
EMPTY = COMMON_ADJECTIVES | PHATIC | EDGE | LEADING | frozenset(
    "enlightening emotional meaningful stressful eye-opening heartwarming intense crazy wild yeah yes no ok okay sure "
    "lol worries problem something anything nothing everything not thing things stuff pic pics photo photos picture pictures "
    "another other others some any each every".split())
COMPLEMENT = frozenset("of named called from".split())
PLACE_WORDS = frozenset("in on at to into onto with for by during".split())  # "a map of the Faroes | in the hall"
_CONTRACTED = frozenset("here's there's that's it's let's what's who's where's i'm i've i'd you're we're they're".split())


def says_nothing(q: Question, span: str) -> bool:
    """Whether `span` names nothing the question asks for: a verdict ("really enlightening"), a greeting ("No
    worries"), a stand-in ("something"), or one adverb or verb ("usually", "watched", unless a doing is asked).

    "How did Kit feel ...?" and "How is Ana's shop doing?" are answered by a verdict: never nothing there.
    """
    if q.kind not in ("what", "why") or (q.kind == "what" and q.focus & FEELING) or q.text.lower().startswith("how"):
        return False
    words = [w.lower() for w in WORD_RE.findall(span)]
    if not any(w not in EMPTY and not w.endswith("ly") for w in words):
        return True
    asks_doing = bool(re.search(r"\b(?:do|doing)\?*$", q.text.lower()))
    return len(words) == 1 and is_verb(words[0]) and "-" not in words[0] and not asks_doing


def plain_stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def is_light(stem: str) -> bool:
    return any(same_word(stem, verb) for verb in _LIGHT_VERBS)


def same_word(a: str, b: str) -> bool:
    """Stems that are the same word: equal, or one a prefix of the other with four letters or more in common.

    `content_words` stems "loved" to "lov" but leaves "love": a final e is
    dropped on both sides before comparing.
    """
    a, b = (x[:-2] + "y" if x.endswith("ie") else x.removesuffix("s").removesuffix("e") for x in (a, b))
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def anchor_of(item: RecallItem) -> date | None:
    """When the memory was said: the date relative expressions in it are resolved against."""
    for raw in (item.time, item.valid_from if item.level != "fact" else None):
        if raw and len(raw) >= 10:
            try:
                return datetime.fromisoformat(raw[:10]).date()
            except ValueError:
                continue
    return None


def dates_in(text: str, item: RecallItem):
    anchor = anchor_of(item) or date.today()
    return [m for m in find_dates(text, anchor) if m.precision != "approx" or m.relative]


def undated(text: str, item: RecallItem) -> str:
    """`text` with its date phrases cut out (as clause breaks): a "what" answer is never "On 9 June 2023"."""
    for mention in sorted(dates_in(text, item), key=lambda m: -m.start):
        head = DATE_LEAD_RE.sub("", text[: mention.start])
        text = head + ";" + text[mention.end:]
    return text


def is_opener(word: str) -> bool:
    """Whether a capitalised first word is an ordinary word ("For", "Seeing", "Thanks"), not a name's first part."""
    lowered = word.lower()
    return (lowered in _CONTRACTED or lowered in EDGE or lowered in BOUNDARY or lowered in PLACE_WORDS or lowered in LEADING or lowered in PHATIC
            or lowered in COMPLEMENT or lowered.endswith("ing") or is_verb(lowered))


def is_verb(word: str) -> bool:
    lowered = word.lower()
    return lowered in IRREGULAR_PAST or lowered in BASE_VERBS or (lowered.endswith("ed") and len(lowered) > 4)


def is_asked(word: str, asked: set[str] | frozenset[str]) -> bool:
    stems = (content_words(word) or {word.lower().removesuffix("'s")}) | ({IRREGULAR_BASE[word.lower()]} if word.lower() in IRREGULAR_BASE else set())
    return any(same_word(a, s) for a in asked for s in stems)


def trim(words: list[str]) -> str:
    while words and words[0].lower() in EDGE:
        words = words[1:]
    while words and words[-1].lower() in EDGE:
        words = words[:-1]
    return " ".join(words)


def join_values(values: list[str]) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]
