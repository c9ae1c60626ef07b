"""A recalled message shown by what it says, without the greeting before it and the questions after it.

A chat turn often wraps one line of substance in conversation: "Hey Ana! Good
to see you! I'm buried in tax forms this week. What's up with you? Anything
new?". What a person (or a prompt) needs from it is the middle; the greeting
and the questions handed back to the other person are about no one and take
half its length. So a message shown as itself is trimmed at its edges only:
leading sentences that are greetings, thanks or small talk, trailing ones
that are questions or small talk. What is left is shown as written, with "…"
where something was left out; nothing inside is touched, and a message that
is all talk is shown whole. The stored text is unchanged (the item's id and
its context turns give it whole).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from remembrancer.memory.text_grams import fold, has_unspaced
from remembrancer.memory.extraction.sentences import is_question, is_small_talk, split_sentences, strip_discourse
from remembrancer.memory.text_cut import ELLIPSIS

_MIN_CHARS = 6
# Lines that only keep a conversation going: "Good to see you!", "That's really sweet.", "Nice!".
_PHATIC_RE = re.compile(
    r"^(?:(?:it's|it is|it was|so|really|always)\s+)*(?:good|great|nice|lovely|awesome|cool)\s+(?:to\s+)?(?:see|hear|talk|chat|"
    r"catch up|hearing|seeing|talking|chatting)(?:\s+(?:from|to|with))?(?:\s+you)?(?:\s+again)?\s*[.!]*$"
    r"|^(?:that's|that is|this is|how|so|sounds)\s+(?:really\s+|so\s+|very\s+)?(?:sweet|kind|nice|great|awesome|cool|amazing|"
    r"wonderful|lovely|fun|exciting)(?:\s+of\s+you)?\s*[.!]*$", re.IGNORECASE)  # what strip_discourse leaves of "Hey Ana!": nothing worth a sentence


def trimmed(text: str, asked: Sequence[str] = ()) -> str:
    """`text` without its leading small talk and trailing questions, "…" marking each cut; whole if nothing is left.

    A sentence holding one of the `asked` words (the query's keywords) is never cut: "Is the violin okay?" is
    what a search for the violin found.
    """
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return text
    spans, at = [], 0
    for sentence in sentences:  # where each sentence sits in the text, to show the kept part exactly as written
        start = text.find(sentence, at)
        if start < 0:
            return text
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    first, last = 0, len(sentences) - 1
    while first <= last and _talk(sentences[first]) and not _holds(sentences[first], asked):
        first += 1
    while last >= first and (_talk(sentences[last]) or is_question(sentences[last])) and not _holds(sentences[last], asked):
        last -= 1
    if first > last:
        return text
    if first == 0 and last == len(sentences) - 1:
        return text
    kept = text[spans[first][0]:spans[last][1]]
    return f"{ELLIPSIS} " * (first > 0) + kept + f" {ELLIPSIS}" * (last < len(sentences) - 1)


def only_talk(text: str, asked: Sequence[str] = ()) -> bool:
    """Whether the message is all greeting, thanks and questions back, none of them about what was `asked`.

    Such a turn ("Hey Bram! Good to see you! How have you been?") says nothing
    to remember; recall leaves it out of the list rather than spend a place
    and the token budget on it (its neighbours still show it as context).
    """
    sentences = split_sentences(text)
    return bool(sentences) and all((_talk(s) or is_question(s)) and not _holds(s, asked) for s in sentences)


def _holds(sentence: str, asked: Sequence[str]) -> bool:
    """Whether the sentence has an asked word, or a word of the same stem ("paint" in "painting")."""
    if not asked:
        return False
    folded = fold(sentence)
    if any(has_unspaced(a) and a in folded for a in asked):  # a CJK bigram sits inside a run, not between spaces
        return True
    words = re.findall(r"\w+", folded)
    return any(w == a or (len(a) >= 5 and w.startswith(a[:5])) for a in asked for w in words)


def _talk(sentence: str) -> bool:
    said = strip_discourse(sentence, set())
    words = re.findall(r"[\w']+", said)
    return (len(said) < _MIN_CHARS or len(words) == 1 or is_small_talk(said)  # a lone vocative: "Odile!"
            or bool(_PHATIC_RE.match(said)))
