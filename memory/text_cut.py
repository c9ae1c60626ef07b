"""Shortening text for display without cutting a word in half.

Lists, the popup and quoted sources all have a size to fit; a title or quote
that ends in "adopt…" of "adopted" reads as a typo. Cutting at the last
whole word (and marking the cut with an ellipsis) is the one rule they share.
"""
from __future__ import annotations

ELLIPSIS = "…"
_TRAILING = ",;:-–—([{\"'“‘"


def cut_words(text: str, max_chars: int) -> str:
    """`text` with whitespace collapsed, at most `max_chars` long, cut after a whole word with "…".

    Text that fits is returned whole (only whitespace collapsed). A single
    word longer than the limit is the one case with no word boundary to use:
    it is cut at a character with the ellipsis (a URL or a hash, not prose).
    Punctuation left dangling before the cut (a comma, an open quote) is dropped.
    """
    clean = " ".join(text.split())
    if max_chars <= 0:
        return ""
    if len(clean) <= max_chars:
        return clean
    room = max_chars - len(ELLIPSIS)
    if room <= 0:
        return ELLIPSIS[:max_chars]
    head = clean[: room + 1]  # one more char: is the cut right before a space?
    if head[-1] == " ":
        kept = head[:-1]
    else:
        space = head.rfind(" ")
        kept = head[:space] if space > 0 else ""
    kept = kept.rstrip().rstrip(_TRAILING).rstrip()
    if not kept:
        return clean[:room] + ELLIPSIS  # one long token: no boundary to cut at
    return kept + ELLIPSIS
