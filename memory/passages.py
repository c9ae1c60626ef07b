"""Long texts in bounded pieces: passages for the models, word-boundary cuts for display.

A message can be a megabyte (a pasted document, a log). Stored whole, it
must never reach a model whole: the embedder would tokenize all of it to
keep its first 256 tokens, and the rules extractor would turn it into
thousands of sentences at once. Every consumer that only needs a bounded
amount of text takes it from here, cut where a reader would cut: at a
paragraph, else a sentence, else a space; a piece is cut inside a word
only when the word alone is longer than the piece.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# ~300-500 MiniLM tokens of English: past the embedder's 256-token window, so
# the first passage embeds exactly as the whole text did for any message up to it.
PASSAGE_CHARS = 2000
ELLIPSIS = "…"
CHARS_PER_TOKEN = 8  # the most characters a budget token stands for (English words average under 6)
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*\s")
_TOKEN = re.compile(r"\w+|[^\w\s]")  # as `memory.recall.query_text.estimate_tokens` counts


def split_passages(text: str, size: int = PASSAGE_CHARS) -> Iterator[str]:
    """`text` as consecutive passages of at most `size` characters, stripped, none empty.

    Linear in the text: each cut looks back only within its own window.
    """
    start, end = 0, len(text)
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            return
        stop = start + size
        if stop >= end:
            yield text[start:end].rstrip()
            return
        cut = _cut_point(text, start, stop)
        passage = text[start:cut].rstrip()
        if passage:
            yield passage
        start = cut


def first_passage(text: str, size: int = PASSAGE_CHARS) -> str:
    """The opening passage of `text` (all of it when short): what a model is shown of a long text."""
    if len(text) <= size:
        return text
    return next(split_passages(text, size), "")


def _cut_point(text: str, start: int, stop: int) -> int:
    """Where to end the passage text[start:stop]: the last paragraph, sentence or word end in its second half."""
    floor = start + (stop - start) // 2
    paragraph = text.rfind("\n\n", floor, stop)
    if paragraph >= 0:
        return paragraph + 2
    sentence = None
    for match in _SENTENCE_END.finditer(text, floor, stop):
        sentence = match.end()
    if sentence is not None:
        return sentence
    for position in range(stop, floor, -1):  # the last whitespace; `stop` itself may be one
        if text[position].isspace():
            return position
    return stop  # one "word" longer than half a passage: nothing better to cut at


def clip_tokens(text: str, max_tokens: int) -> str:
    """`text` when it fits `max_tokens` tokens, else its opening words and an ellipsis.

    Counted like recall's budget (words and punctuation marks), the ellipsis
    being one of them; a token is also worth at most `CHARS_PER_TOKEN`
    characters, as a long URL or a blob without spaces counts as one word.
    Cut at whitespace, so no word is cut in half, unless the opening word
    alone is over the limit (it is cut then: showing nothing would hide that
    the memory exists). At least one word is kept.
    """
    max_tokens = max(max_tokens, 1)
    limit = max_tokens * CHARS_PER_TOKEN
    if len(text) <= limit and count_tokens(text, max_tokens + 1) <= max_tokens:
        return text
    end = min(len(text), limit - len(ELLIPSIS) - 1)
    for count, match in enumerate(_TOKEN.finditer(text, 0, end), start=1):
        if count == max(max_tokens - 1, 1):
            end = match.end()
            break
    if end < len(text) and not text[end].isspace():
        space = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end), text.rfind("\t", 0, end))
        if space > 0:
            end = space
    return text[:end].rstrip() + " " + ELLIPSIS


def count_tokens(text: str, cap: int) -> int:
    """How many tokens `text` holds, counting no further than `cap` (a megabyte is not counted through)."""
    count = 0
    for count, _ in enumerate(_TOKEN.finditer(text), start=1):
        if count >= cap:
            break
    return count
