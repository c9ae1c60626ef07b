"""Slack's message markup as the words a person read in the app.

A Slack export keeps the markup the client renders: `<@U024BE7LH>` for a
mention, `<https://example.org|the plan>` for a link, `<#C123|general>` for a
channel, and `&amp;`, `&lt;`, `&gt;` escaped. Stored raw, a mention would be
an opaque user id nobody searches for, so each becomes the name shown in
Slack. Names come from `users.json` only (or the mention's own label), never
from other messages, so a message reads the same whichever files of the
export are imported with it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

_ANGLE = re.compile(r"<([^<>]*)>")
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def plain_text(text: str, names: Mapping[str, str]) -> str:
    """`text` with mentions, channels and links as their names or labels, and Slack's three escapes undone."""
    return _unescape(_ANGLE.sub(lambda match: _render(match.group(1), names), text))


def _render(inner: str, names: Mapping[str, str]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # a user: <@U123> or <@U123|kit>
        return names.get(target[1:]) or label or target
    if target.startswith("#"):  # a channel: <#C123|general>
        return f"#{label}" if label else target
    if target.startswith("!"):  # <!here>, <!subteam^S1|@team>, <!date^1704103200^{date}|Jan 1>
        return _SPECIAL.get(target[1:], label or target[1:])
    return label or target.removeprefix("mailto:")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
