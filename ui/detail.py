"""The detail pane: one recalled item in its conversation, and what it rests on.

A recalled line out of context is often ambiguous ("yes, the red one"), so
the pane shows the neighbouring turns around it, with the recalled turn
marked, then the item's numbers and the message ids it cites. It is HTML in a
QTextBrowser: selectable, copyable and zoomable with no custom painting.
"""
from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTextBrowser, QWidget

from remembrancer.ui.results import format_time

if TYPE_CHECKING:
    from remembrancer.app.service import ContextTurn, RecallItem

logger = logging.getLogger(__name__)

WELCOME = """
<h3>Remembrancer</h3>
<p>Type a question or a few words in the search box and press <b>Enter</b>.
Pick a result to see it in its conversation.</p>
<p>Import chats or notes with <b>File &rsaquo; Import File…</b> or <b>Import Folder…</b>.</p>
"""

STYLE = """
<style>
  .speaker { font-weight: bold; }
  .when { color: gray; font-size: small; }
  .ids { font-family: monospace; }
</style>
"""


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def split_context(item: RecallItem) -> tuple[list[ContextTurn], list[ContextTurn]]:
    """The turns before and after the item.

    The core lists neighbours as (previous, next) and leaves out a missing one,
    so a lone neighbour is placed by its time relative to the item.
    """
    turns = list(item.context)
    if len(turns) >= 2:
        return turns[:1], turns[1:]
    if not turns:
        return [], []
    mine, theirs = _when(item.time), _when(turns[0].time)
    try:
        before = mine is not None and theirs is not None and theirs < mine
    except TypeError:  # naive vs aware: cannot tell, show it after
        before = False
    return (turns, []) if before else ([], turns)


def _turn_html(speaker: str | None, time: str | None, text: str, hit: bool = False) -> str:
    style = ' style="background-color:#fff4c2; color:#1d1d1d;"' if hit else ""
    return (
        f'<table width="100%" cellpadding="6" cellspacing="0"{style}><tr><td>'
        f'<span class="speaker">{html.escape(speaker or "—")}</span> '
        f'<span class="when">{html.escape(format_time(time))}</span><br>'
        f"{html.escape(text).replace(chr(10), '<br>')}"
        "</td></tr></table>"
    )


def render_item(item: RecallItem) -> str:
    """The detail HTML for one item; every value from the store is escaped."""
    before, after = split_context(item)
    parts = [STYLE]
    title = html.escape(item.conversation or "conversation")
    parts.append(f"<h3>{title}</h3>")
    for turn in before:
        parts.append(_turn_html(turn.speaker, turn.time, turn.text))
    parts.append(_turn_html(item.speaker, item.time, item.text, hit=True))
    for turn in after:
        parts.append(_turn_html(turn.speaker, turn.time, turn.text))
    if not item.context:
        parts.append('<p class="when">No neighbouring turns stored.</p>')
    parts.append("<h4>Sources</h4><ul>")
    parts.extend(f'<li class="ids">{html.escape(source)}</li>' for source in item.sources)
    parts.append("</ul>")
    valid = ""
    if item.valid_from or item.valid_to:
        valid = f" · valid {html.escape(item.valid_from or '…')} – {html.escape(item.valid_to or 'now')}"
    parts.append(
        f'<p class="when">{html.escape(item.level)} <span class="ids">{html.escape(item.id)}</span>'
        f" · score {item.score:.4f} · retention {item.retention:.2f}{valid}</p>"
    )
    return "".join(parts)


class DetailView(QTextBrowser):
    """Shows the selected item, or a short how-to when nothing is selected."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setObjectName("detail")
        self.show_item(None)

    def show_item(self, item: RecallItem | None) -> None:
        self.setHtml(render_item(item) if item is not None else WELCOME)

    def show_message(self, text: str) -> None:
        self.setHtml(f"<p>{html.escape(text)}</p>")
