"""What chat leaves out or wraps around news: a dropped "I", "here's a ...", "since we last talked".

Chat writes "Just got new shoes!", "Been painting a lot", "Nature's amazing,
here's a sketch I did" and "A lot's happened since we last spoke". Before a
sentence is read as a fact, the speaker's "I" is put back, a picture shown
is something the speaker shared, and the gap between two chats (no news of
its own) is cut. The rules extractor calls these on each sentence.
"""
from __future__ import annotations

import re

from remembrancer.memory.extraction.lexicon import IRREGULAR_PAST
from remembrancer.memory.extraction.sentences import FINITE_RE

FIRST_PERSON_RE = re.compile(r"(?<![\w'])(?:I|i|I'm|I've|I'd|I'll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e're|"
                              r"[Ww]e've|[Ww]e'll|[Ww]e'd|[Uu]s|[Oo]ur|[Oo]urs)(?![\w'])")
# Chat drops the subject: "Just got some new shoes!", "Gonna start a class", "Been painting a lot".
_DROPPED_SUBJECT_RE = re.compile(
    r"^(?:(?P<gonna>(?i:gonna|planning to|planning on|hoping to|thinking of|thinking about|trying to))\s"
    r"|(?P<been>[Bb]een)\s+(?!there\b)\w+"
    r"|(?P<ing>(?:[Ss]till|[Cc]urrently|[Nn]ow|[Aa]lso|[Jj]ust)\s+[a-z]+ing)\b"
    r"|(?:[Jj]ust|[Ff]inally|[Rr]ecently|[Aa]lso)\s+(?P<v1>[a-z]+)\b"
    r"|(?P<v2>[A-Z][a-z]+)\s)"
)
_GERUND_FRAGMENT_RE = re.compile(r"^[A-Z][a-z]{2,}ing\s+[a-z]")
_NOT_DROPPED = {"seemed", "looked", "sounded", "reminded", "meant", "said", "happened", "was", "were", "did",
                "used", "worked", "turned", "need", "needed", "wanted", "hoped", "loved", "liked", "read", "let",
                "put", "set", "cut", "hit", "bet", "thought", "felt", "told"}


_HERES_RE = re.compile(r"^(?:(?P<lead>.{3,60}?)(?:,|\s+[-\u2013\u2014])\s+)?here(?:'s| is| are)\s+(?=(?:a|an|the|some|one|two|three|my|our|something)\b)",
                       re.IGNORECASE)
# "since we last talked": the gap between two chats, no news of its own ("A lot's happened since we last spoke").
_SINCE_LAST_RE = re.compile(r"\s*,?\s*\bsince\s+(?:we|you and I|I)\s+(?:last\s+)?(?:talked|spoke|chatted|caught up|saw each other|"
                            r"talked last|spoke last|chatted last)\b\s*,?\s*", re.IGNORECASE)


def without_chat_gap(sentence: str) -> str:
    """`sentence` without "since we last talked"; "" when nothing but the gap is left ("It's been ages since we last spoke")."""
    if not _SINCE_LAST_RE.search(sentence):
        return sentence
    rest = _SINCE_LAST_RE.sub(" ", sentence).strip(" ,")
    if re.match(r"^(?:(?:it's|it has)\s+been|there's been|(?:a lot|lots|so much|quite a (?:bit|lot)|crazy stuff|"
                r"a bunch|some big things|tons)\b|(?:quite|such) a\b|(?:it's\s+)?been\b)", rest, re.IGNORECASE) or len(rest) < 6:
        return ""
    return rest[:1].upper() + rest[1:]


def restore_subject(sentence: str) -> str:
    """Put back the "I" chat leaves out, when the sentence opens with a past verb or "gonna"; "here's a pic" is shared."""
    heres = _HERES_RE.match(sentence)
    if heres:  # "Nature's amazing, here's a painting I did" -> "I shared a painting I did"
        lead = heres.group("lead") or ""
        if lead and FIRST_PERSON_RE.match(lead):  # "I've been busy painting - here's ..." keeps its own clause
            return f"{lead} and shared {sentence[heres.end():]}"
        return "I shared " + sentence[heres.end():]
    if _GERUND_FRAGMENT_RE.match(sentence) and not FINITE_RE.search(sentence):
        return "I'm " + sentence[:1].lower() + sentence[1:]  # "Researching adoption agencies."
    m = _DROPPED_SUBJECT_RE.match(sentence)
    if not m:
        return sentence
    if m.group("gonna"):
        return "I'm " + sentence[:1].lower() + sentence[1:]
    if m.group("been"):
        return "I've " + sentence[:1].lower() + sentence[1:]
    if m.group("ing"):
        return "I'm " + sentence[:1].lower() + sentence[1:]
    verb = (m.group("v1") or m.group("v2") or "").lower()
    if verb == "been":  # "Just been helping friends move"
        return "I've " + sentence[:1].lower() + sentence[1:]
    if verb in _NOT_DROPPED or not (verb in IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 4)):
        return sentence
    if verb.endswith("n't"):
        return sentence
    return "I " + sentence[:1].lower() + sentence[1:]
