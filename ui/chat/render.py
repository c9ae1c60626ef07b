"""The conversation as HTML: turns, the streaming answer, and citation links.

Kept apart from the widget so the markup is plain functions over plain data
(easy to test, no Qt). Citations are `cite:<memory id>` links; the panel
turns a click into a request to open that memory in the browser.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from remembrancer.app.service import cut_words

CITE_SCHEME = "cite"

STYLE = """
<style>
  .who { font-weight: bold; }
  .me { color: #1a5fb4; }
  .bot { color: #26a269; }
  .cite { font-size: small; }
  .origin { color: gray; font-size: small; }
  .note { color: gray; font-size: small; font-style: italic; }
</style>
"""

EMPTY = """
<p class="note">Ask anything about what you have imported, for example
<i>“Where does Ana live now?”</i> or <i>“What did we plan for June?”</i>.
Every answer lists the memories it rests on; click one to see where it comes from.
What you tell the assistant is remembered too.</p>
"""


@dataclass
class Turn:
    """One exchange: the question, the answer so far, and what it cites once done."""

    question: str
    answer: str = ""
    citations: list[Any] = field(default_factory=list)  # memory.types.Citation
    note: str | None = None
    done: bool = False
    failed: bool = False
    degraded: bool = False  # no model wrote it: it lists memories
    drafted: bool = False  # the answer read from the memories is shown while the model writes
    origins: dict[str, str] = field(default_factory=dict)  # citation id -> "you said on 1 Mar 2024: “...”"


def _paragraphs(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def citation_html(citations: list[Any], origins: dict[str, str] | None = None) -> str:
    """The cited memories, each with the sentence and day it comes from once known (never bare ids)."""
    if not citations:
        return ""
    items = []
    for number, cite in enumerate(citations, 1):
        label = html.escape(cut_words(cite.text, 140))
        origin = (origins or {}).get(cite.id)
        said = f'<br><span class="origin">{html.escape(origin)}</span>' if origin else ""
        items.append(f'<li class="cite"><a href="{CITE_SCHEME}:{html.escape(cite.id, quote=True)}">[{number}] {label}</a>{said}</li>')
    return "<p class='cite'>Memories this answer rests on:</p><ol>" + "".join(items) + "</ol>"


def turn_html(turn: Turn, user: str) -> str:
    parts = [f'<p><span class="who me">{html.escape(user)}</span><br>{_paragraphs(turn.question)}</p>']
    answer = _paragraphs(turn.answer) if turn.answer else ("" if turn.done else '<span class="note">thinking…</span>')
    if not turn.done and turn.answer:
        answer += " ▍"
    parts.append(f'<p><span class="who bot">Remembrancer</span><br>{answer}</p>')
    if turn.note:
        parts.append(f'<p class="note">{html.escape(turn.note)}</p>')
    if turn.done or turn.drafted:  # a draft is quoted from memories: it shows what it rests on at once
        parts.append(citation_html(turn.citations, turn.origins))
    return "".join(parts) + "<hr>"


def conversation_html(turns: list[Turn], user: str) -> str:
    if not turns:
        return STYLE + EMPTY
    return STYLE + "".join(turn_html(turn, user) for turn in turns)
