"""One memory's detail as HTML: what it says, why it is known, how well it is kept.

Plain functions over the core's `ItemDetail` (through the service), so the
markup is testable without widgets. Every value from the store is escaped.
"""
from __future__ import annotations

import html
from typing import Any

from remembrancer.ui.results import format_time

STATE_NOTE = {
    "live": "",
    "faded": "Faded: out of default recall until something recalls it again.",
    "forgotten": "Forgotten (archived) by you: out of recall; only you can bring it back.",
    "removed": "Removed from its note file (archived): out of recall until the note holds it again.",
}


def _validity(detail: Any) -> str:
    if not (detail.valid_from or detail.valid_to):
        return "unknown"
    start = format_time(detail.valid_from) if detail.valid_from else "…"
    end = format_time(detail.valid_to) if detail.valid_to else "now"
    return f"{html.escape(start)} – {html.escape(end)}"


def sources_html(detail: Any) -> str:
    """"Why do I know this?": the messages the memory rests on, in their speakers' words."""
    if not detail.source_messages:
        return "<p class='when'>No source messages stored.</p>"
    rows = []
    for turn in detail.source_messages:
        rows.append(
            f"<li><b>{html.escape(turn.speaker)}</b> <span class='when'>{html.escape(format_time(turn.time))}</span><br>"
            f"{html.escape(turn.text)} <span class='ids'>({html.escape(turn.id)})</span></li>"
        )
    more = len(detail.sources) - len(detail.source_messages)
    tail = f"<p class='when'>and {more} more</p>" if more > 0 else ""
    return "<ul>" + "".join(rows) + "</ul>" + tail


def history_html(detail: Any) -> str:
    if not detail.history:
        return ""
    rows = []
    for version in detail.history:
        relation = "earlier" if version.relation == "older" else "later"
        span = f"{format_time(version.valid_from) if version.valid_from else '…'} – {format_time(version.valid_to) if version.valid_to else 'now'}"
        rows.append(f"<li>{relation}: {html.escape(version.text)} <span class='when'>({html.escape(span)})</span></li>")
    return "<h4>Other versions</h4><ul>" + "".join(rows) + "</ul>"


def detail_html(detail: Any) -> str:
    """The body shown under a recalled item's context, or alone for a browsed one."""
    state = STATE_NOTE.get(detail.state, detail.state)
    pinned = " · 📌 pinned" if detail.pinned else ""
    fades = ""
    if detail.curve.fades_at and not detail.pinned:
        fades = f" · fades {html.escape(format_time(detail.curve.fades_at)[:10])}"
    title = f"<h4>{html.escape(detail.title)}</h4>" if detail.title and detail.level == "scene" else ""
    return (
        f"{title}<p style='font-size:large'>{html.escape(detail.text)}</p>"
        f"<p class='when'>{html.escape(detail.level)} <span class='ids'>{html.escape(detail.id)}</span>"
        f" · valid {_validity(detail)} · retention {detail.retention:.2f}{fades}{pinned}"
        f" · reviewed {detail.reviews}×</p>"
        + (f"<p class='when'><i>{html.escape(state)}</i></p>" if state else "")
        + "<h4>Why do I know this?</h4>"
        + sources_html(detail)
        + history_html(detail)
    )
