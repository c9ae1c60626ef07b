"""Two guards every prompt over personal data needs: inert quoting and a grounding check.

`quote_data` puts stored text into a prompt so it cannot act as part of the
prompt: one line, inside `«...»`, with the characters that would close the
quote, open a new numbered entry (`[`, `]`) or spell a chat-template control
token (`<`, `>`) replaced by look-alikes. A stored "ignore previous
instructions" then reads as what someone said, like any other memory.

`content_words` is how model output is checked against its input: an answer
or a fact that shares no content word with the memory or message it claims
to rest on was not read from it.
"""
from __future__ import annotations

import re

MAX_QUOTED_CHARS = 400

_SPACE_RE = re.compile(r"\s+")
_INERT = str.maketrans({"«": '"', "»": '"', "<": "‹", ">": "›", "[": "(", "]": ")"})
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_STOP = frozenset(
    "the a an and or but of to in on at for with from by about as is are was were be been being has have had do does "
    "did not no yes it its this that these those they them their he him his she her hers we us our you your i me my "
    "who what when where which why how than then there here so very just also only memories memory say says said "
    "answer question lives live".split()
)


def inert(text: str) -> str:
    """`text` on one line, without our delimiters or control-token spelling."""
    return _SPACE_RE.sub(" ", text).strip().translate(_INERT)


def quote_data(text: str, max_chars: int = MAX_QUOTED_CHARS) -> str:
    """Stored text as an inert, bounded quotation."""
    text = inert(text)
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return f"«{text}»"


def content_words(text: str) -> set[str]:
    """Lower-cased, crudely stemmed words that carry meaning (no function words, no possessive 's).

    The stemming only strips -ing, -ed and -s, enough for "works"/"worked"/"work"
    to meet; a check that needs more than that is asking the wrong question.
    """
    return {_stem(w.lower().removesuffix("'s")) for w in _WORD_RE.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
