"""What a question asks for: its type, the people it names and its focus words.

The extractive answerer picks a different span for "When did ...?" (a
date), "How many ...?" (a count), "Who ...?" (a name) or "What are the
names of ...?" (a list gathered across memories), and it must know which
words of the question are the *focus* ("kind of music", "dogs") as opposed
to the person asked about: a memory that shares only the person's name with
the question does not answer it. Light, general patterns over English
question syntax; nothing here knows any particular conversation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from remembrancer.memory.llm.grounding import content_words

# Words that frame a question without saying what it is about.
_FRAME = frozenset(
    "what which who whom whose when where why how many much long often kind type sort name names thing things "
    "does did do is are was were has have had can could would should will might may likely ever still "
    "anyone someone something one ones favorite favourite recently currently during after before since about with "
    "into onto from".split()
)
_YES_NO_RE = re.compile(r"^(?:is|are|was|were|does|did|do|has|have|had|can|could|would|should|will|might)\b", re.IGNORECASE)
_LIST_RE = re.compile(
    r"\b(?:names\b|(?:what|which) (?:(?:kinds?|types?|sorts?) of )?(?:\w+ )?(?!does\b|is\b|was\b|has\b|this\b|us\b|yes\b|news\b|series\b|species\b)\w{2,}[^s\W]s\b"
    r"|what (?:are|were) (?:some )?(?:of )?(?:the |\w+['’]s )?\w+s\b)",
    re.IGNORECASE,
)
_PLACE_Q_RE = re.compile(r"^(?:in |from |to )?(?:what|which) (?:\w+ )?(?P<noun>city|cities|country|countries|state|states|place|places|"
                         r"town|towns|region|regions)\b")
# The subject after an auxiliary ("did Kit and Ana ...") is a person; a capitalised word elsewhere may be a place.
_SUBJECT_RE = re.compile(r"\b(?:does|did|do|is|was|were|are|has|have|had|will|would|can|could|should|might)\s+"
                         r"([A-Z][a-z]+)(?:\s+and\s+([A-Z][a-z]+))?")
_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:'s)?\b")
_HOW_LONG_RE = re.compile(r"^how (?:long|old|far)\b", re.IGNORECASE)
_COUNT_RE = re.compile(r"^how (?:many|much)\b", re.IGNORECASE)
_OFTEN_RE = re.compile(r"^how (?:often|frequently)\b", re.IGNORECASE)
_OF_FOCUS_RE = re.compile(r"\b(?:kinds?|types?|sorts?|names?|genres?) of ((?:[\w'’]+ ){0,2}[\w'’]+)", re.IGNORECASE)


# "What forum did Kit join?", "Which charity event did Ana organise?": the noun phrase between the question word and
# its verb names the kind of thing asked for; a memory naming it ("a fantasy literature forum") answers with its phrase.
_AUXILIARY = r"(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|might|should)\b"
_ASKED_NOUN_RE = re.compile(r"^(?:what|which)\s+(?!" + _AUXILIARY + r")((?:[\w'’+-]+\s+){1,4}?)" + _AUXILIARY)
# "What is Kit's favourite genre of films?": the noun after "favourite" and the one it is "of".
_FAVOURITE_RE = re.compile(r"^(?:what|which)\s+(?:is|are|was|were)\s+(?:\w+['’]s\s+|the\s+|his\s+|her\s+|their\s+)?"
                           r"(?:favou?rite|preferred|top)\s+((?:[\w'’+-]+)(?:\s+(?!of\b|from\b|in\b|to\b|at\b|for\b)[\w'’+-]+)?(?:\s+of\s+[\w'’+-]+)?)")
_NOT_NOUNS = frozenset("kind kinds type types sort sorts of the a an".split())


_FUNCTION = frozenset("the and for with from into about that this than then there their they them his her its our your you "
                      "she him who not but".split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Question:
    """One question, read: `kind` is when/where/who/count/duration/often/yesno/why/what; `plural` asks for a list."""

    text: str
    kind: str
    plural: bool
    names: frozenset[str]      # capitalised words (people, or places and titles), lower-case
    focus: frozenset[str]      # stemmed content words beyond the frame and the names
    focus_head: str | None     # the noun after "kind of"/"names of" ("music", "dogs"), stemmed
    owners: frozenset[str] = frozenset()  # capitalised words that are people for sure: "Kit's", "did Kit ..."
    asked_nouns: tuple[str, ...] = ()  # "What flavor of ice cream did ...": the nouns naming the thing asked for ("cream", "flavor"), stemmed


def read_question(text: str) -> Question:
    """Type, names and focus of `text` (see the module doc)."""
    stripped = text.strip()
    lowered = stripped.lower()
    first = lowered.split(" ", 1)[0] if lowered else ""
    if _COUNT_RE.match(lowered):
        kind = "count"
    elif _OFTEN_RE.match(lowered):
        kind = "often"
    elif _HOW_LONG_RE.match(lowered):
        kind = "duration"
    elif first in ("when",) or re.match(r"^(?:in |during )?(?:what|which) (?:\w+ )?(?:year|month|week|day|date|season)(?:'s)?\b", lowered):
        kind = "when"
    elif first == "where" or _PLACE_Q_RE.match(lowered):
        kind = "where"
    elif first in ("who", "whom", "whose"):
        kind = "who"
    elif first == "why":
        kind = "why"
    elif _YES_NO_RE.match(lowered):
        kind = "yesno"
    else:
        kind = "what"
    names = frozenset(m.group(0).removesuffix("'s").lower() for m in _NAME_RE.finditer(stripped[1:] if stripped else "")
                      if m.group(0).lower().removesuffix("'s") not in _FRAME)
    words = content_words(stripped)
    focus = frozenset(w.rstrip("'") for w in words if w not in _FRAME and w not in names and w.removesuffix("s") not in names)
    if not focus:  # "Where does Sasha live?": the only word that says what is asked is one `content_words` skips
        focus = frozenset(_stem(w) for w in re.findall(r"[a-z]{3,}", lowered)
                          if w not in _FRAME and w not in _FUNCTION and w not in names)
    head_match = _OF_FOCUS_RE.search(stripped)
    heads = [w.rstrip("'") for word in (head_match.group(1).split() if head_match else []) for w in content_words(word)]
    focus_head = next((w for w in heads if w in focus), None)
    plural = kind in ("what", "who") and bool(_LIST_RE.search(lowered)) and not re.search(r"\b(?:name of|what is|what was)\b", lowered)
    place = _PLACE_Q_RE.match(lowered)
    if place and place.group("noun").endswith("s"):
        plural = True
    owners = frozenset(m.group(1).lower() for m in re.finditer(r"\b([A-Z][a-z]+)['’]s\b", stripped)) | frozenset(
        name.lower() for m in _SUBJECT_RE.finditer(stripped) for name in m.groups() if name)
    return Question(stripped, kind, plural, names, focus, focus_head, owners, _asked_nouns(lowered, names))


def _asked_nouns(lowered: str, names: frozenset[str]) -> tuple[str, ...]:
    """The last and the first noun between "what"/"which" and the question's verb, stemmed ("ice cream flavor" -> cream, flavor)."""
    match = _ASKED_NOUN_RE.match(lowered) or _FAVOURITE_RE.match(lowered)
    if not match:
        return ()
    words = [w for w in match.group(1).split() if w not in _NOT_NOUNS and w not in _FRAME and w.removesuffix("'s") not in names]
    stems = [s for w in (words[-1:] + words[:1]) for s in content_words(w)]
    return tuple(dict.fromkeys(stems))
