"""Whether a fact restates the one message it came from, word for word but for who says it.

Most facts of a chat are such restatements: "I went hiking near Lyon with
Mia" said by Ana becomes "Ana went hiking near Lyon with Mia". Embedding
both costs twice the model time (the import's main cost) for two vectors the
model puts side by side anyway, since the message is embedded as
"Ana: I went hiking near Lyon with Mia". Such a fact shares its message's
vector; a fact that says less or other than its message (one of several
facts of a long message, a resolved "there", an inferred attribute) is
embedded on its own.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.date_units import MONTHS, WEEKDAYS, SEASON_START
from remembrancer.memory.extraction.lexicon import STOPWORDS

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?", re.UNICODE)
# The words a rewrite to the third person adds or drops: the speaker's
# pronouns become their name, "I'm" becomes "is", "we" stays or becomes "X and Y".
_PERSON_WORDS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours he him his she her hers they them their theirs "
    "am is are was were i'm i've i'd i'll we're we've he's she's they're it's others thinks said says".split()
)
# Words of when: the extractor turns "last Friday" into "on 1 March 2024". The
# date is the fact's time (searched by time, not by vector), not what it says.
_TIME_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(SEASON_START) | frozenset(
    "last next ago today yesterday tonight tomorrow morning evening night afternoon week weekend month year day days "
    "weeks months years since".split()
)
# How many content words either side may have that the other lacks: a verb
# form ("go"/"goes"), a dropped "really". More is another statement.
MAX_UNSHARED = 1


def content_words(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    """The words that carry the statement: not stop words, not person words, not the given names."""
    words = {w.lower().removesuffix("'s").removesuffix("\u2019s") for w in _WORD.findall(text)}
    return {w for w in words if w not in STOPWORDS and w not in _PERSON_WORDS and w not in names and w not in _TIME_WORDS and not w.isdigit()}


def _stem(word: str) -> str:
    """A crude fold of the third-person and plural "s", enough that "lives"/"live" and "goes"/"go" meet."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes", "oes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def restates(fact: str, message: str, names: set[str] | frozenset[str]) -> bool:
    """True when `fact` says what `message` says and nothing more or less (`names`: the speaker's and subject's names, in any case)."""
    folded = frozenset(part.lower() for name in names for part in _WORD.findall(name))
    said = {_stem(w) for w in content_words(message, folded)}
    stated = {_stem(w) for w in content_words(fact, folded)}
    if not stated or not said:
        return False
    return len(stated - said) + len(said - stated) <= MAX_UNSHARED and len(said & stated) >= 2
