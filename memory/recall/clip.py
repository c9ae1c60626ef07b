"""Keeping one recalled item inside the token budget on its own.

The budget stops the list of items, but the first item is always taken: a
one-megabyte message ranked first used to be printed (and put into an
`ask` prompt) whole, and so was a long turn shown as a fact's context. An
item's text that alone exceeds the budget is cut to it on a word boundary
with an ellipsis, and its context turns together get the budget too (an
equal share each when they would exceed it). The stored text is
unchanged; the item's id opens it whole.
"""
from __future__ import annotations

from dataclasses import replace

from remembrancer.memory.passages import CHARS_PER_TOKEN, clip_tokens, count_tokens
from remembrancer.memory.types import ContextTurn, RecallItem


def fit_budget(item: RecallItem, budget: int) -> RecallItem:
    """`item`, its text cut to `budget` tokens and its context turns to `budget` in all, where longer."""
    text = clip_tokens(item.text, budget)
    context = _fit_context(item.context, budget)
    if text == item.text and context is item.context:
        return item
    return replace(item, text=text, context=context)


def _fit_context(turns: list[ContextTurn], budget: int) -> list[ContextTurn]:
    """`turns` unchanged when they fit `budget` together, else each cut to an equal share."""
    if sum(count_tokens(turn.text, budget + 1) for turn in turns) <= budget and all(len(turn.text) <= budget * CHARS_PER_TOKEN for turn in turns):
        return turns
    share = max(budget // max(len(turns), 1), 1)
    return [turn if (cut := clip_tokens(turn.text, share)) == turn.text else replace(turn, text=cut) for turn in turns]
