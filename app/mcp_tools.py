"""The MCP tools and resources themselves, run where the store is open.

Each takes the tool's arguments (as the client sent them: checked here, a
bad value is an `InputError` the client reads) and returns the result's
JSON and the ids of the memories in it (for the access log). Results are
plain JSON built from the memories as stored, *unmasked*: `app/mcp_methods.py`
passes each through `mcp_shield.quoted` before it leaves, which masks the
whole result at once (a value found in one memory is masked wherever the
result repeats it) and withholds card numbers entirely. Masking here first
would leave the display's "•••• 4242" for the shield to find instead of the
number. The one exception is `ask`, whose engine masks what it is given: the
memories reach it with their card numbers already withheld.

Reads never change a memory: an AI tool reading the memory is not the
person using it, so nothing is reviewed (strengthened) and the store can be
the read-only fallback of `remembrancer mcp`. `remember` is the one write.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from remembrancer.app.context import AppContext
from remembrancer.app.mcp_shield import withhold_cards
from remembrancer.app.people import PersonProfile, build_profile
from remembrancer.app.service import MemoryService
from remembrancer.memory.ask import ask
from remembrancer.memory.errors import InputError
from remembrancer.memory.recall.associative import DEFAULT_BUDGET
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.tool_notes import record_note
from remembrancer.memory.types import RecallItem

logger = logging.getLogger(__name__)

Result = tuple[dict[str, Any], list[str]]  # (the result's JSON, the memory ids it holds)

MAX_QUERY = 1000
MAX_K = 50
DEFAULT_K = 8
FILTER_POOL = 5  # a filtered search recalls this many times k and keeps what passes
MAX_POOL = 100
PEOPLE_LISTED = 20
ITEM_PREFIX = "memory://item/"


def link(item_id: str) -> str:
    """The resource that opens one memory with its provenance (the id percent-encoded: imported ids may hold "/", "#", ":")."""
    return ITEM_PREFIX + quote(item_id, safe="")


class McpTools:
    """The tools over one open context; the caller runs them one at a time on the store's thread."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.service = MemoryService(ctx)  # a view on the open context: nothing to close here

    def runner(self, tool: str) -> Callable[[str, dict[str, Any]], Result]:
        """The function answering `tool` (called with the client's name and the arguments)."""
        table: dict[str, Callable[[str, dict[str, Any]], Result]] = {
            "search_memory": self.search_memory, "ask_memory": self.ask_memory, "get_profile": self.get_profile,
            "recent": self.recent, "remember": self.remember, "read_item": self.read_item, "read_profile": self.get_profile,
        }
        if tool not in table:
            raise InputError(f"unknown tool {tool!r}")
        return table[tool]

    # -- reading -------------------------------------------------------------------------
    def search_memory(self, _client: str, args: dict[str, Any]) -> Result:
        query = _text(args, "query", MAX_QUERY)
        k = _int(args, "k", DEFAULT_K, 1, MAX_K)
        person = _optional_text(args, "person", 100)
        since, until = _moment(args, "since"), _moment(args, "until", end_of_day=True)
        if since and until and since >= until:
            raise InputError("search_memory: `since` must come before `until`")
        filtered = bool(person or since or until)
        pool = min(k * FILTER_POOL, MAX_POOL) if filtered else k
        items = self.ctx.memory().recall(query, k=pool, now=self.ctx.now, budget=None if filtered else DEFAULT_BUDGET)
        kept = [item for item in items if _about(item, person) and _within(item, since, until)][:k]
        return {"query": query, "items": [_item_json(item) for item in kept]}, [item.id for item in kept]

    def ask_memory(self, _client: str, args: dict[str, Any]) -> Result:
        """The answer read out of the memories first (`ask --quick`); the model only when that finds nothing cited."""
        question = _text(args, "question", MAX_QUERY)
        memory = self.ctx.memory()

        def recall(query: str, count: int, tokens: int | None) -> list[RecallItem]:
            return [_without_cards(item) for item in memory.recall(query, k=count, now=self.ctx.now, budget=tokens)]

        answer = ask(question, recall, self.ctx.llm.get, quick=True)
        if not answer.citations:
            answer = ask(question, recall, self.ctx.llm.get)
        citations = [{"id": c.id, "text": c.text, "sources": c.sources, "link": link(c.id)} for c in answer.citations]
        result = {"question": question, "answer": answer.answer, "citations": citations, "read_from_memories": answer.model is None,
                  "degraded": answer.degraded, "explanation": answer.note}
        return result, [c.id for c in answer.citations]

    def get_profile(self, _client: str, args: dict[str, Any]) -> Result:
        person = _text(args, "person", 100)
        profile = self._profile(person)
        if not profile.count:
            known = [p.name for p in self.service.people()[:PEOPLE_LISTED]]
            return {"person": person, "known": False, "people_known": known}, []
        return _profile_json(profile), _profile_ids(profile)

    def _profile(self, person: str) -> PersonProfile:
        """`MemoryService.profile` before its masking (the shield masks the whole result)."""
        memory = self.ctx.memory()
        views = memory.persona(person)
        events = {fact for view in views if view.kind == "events" for fact in view.evidence}
        dates = {f.id: f.time_mentioned for f in memory.facts(person) if f.id in events} if events else {}
        return build_profile(views[0].subject if views else person, views, dates)

    def recent(self, _client: str, args: dict[str, Any]) -> Result:
        days = _int(args, "days", 7, 1, 3650)
        items = self.ctx.memory().learned_since(days, self.ctx.now)
        out = [{"id": i.id, "level": i.level, "text": i.text, "about": i.who, "said_at": i.said_at, "learned_at": i.learned_at,
                "sources": i.sources, "link": link(i.id)} for i in items]
        return {"days": days, "items": out}, [i.id for i in items]

    def read_item(self, _client: str, args: dict[str, Any]) -> Result:
        """One memory with its provenance: the messages it rests on, who said them and when."""
        item_id = _text(args, "id", 200)
        detail = self.service.item(item_id)
        owners = [name for name in (self.ctx.settings.user_name,) if name]
        quotes = self.ctx.memory().sources([item_id], owners, limit=5)
        result = {
            "id": detail.id, "level": detail.level, "text": detail.text, "title": detail.title,
            "valid_from": detail.valid_from, "valid_to": detail.valid_to, "learned_at": detail.learned_at, "state": detail.state,
            "retention": round(detail.retention, 3), "pinned": detail.pinned, "sources": detail.sources,
            "provenance": [{"message_id": q.message_id, "speaker": q.speaker, "date": q.date, "quote": q.quote} for q in quotes],
            "source_messages": [{"id": m.id, "speaker": m.speaker, "time": m.time, "text": m.text} for m in detail.source_messages],
            "history": [{"id": v.id, "text": v.text, "relation": v.relation, "valid_from": v.valid_from, "valid_to": v.valid_to}
                        for v in detail.history],
        }
        shown = [detail.id, *(m.id for m in detail.source_messages), *(q.message_id for q in quotes), *(v.id for v in detail.history)]
        return result, shown

    # -- writing ---------------------------------------------------------------------------
    def remember(self, client: str, args: dict[str, Any]) -> Result:
        text = _text(args, "text", 10_000)
        about = _optional_text(args, "about", 100)
        note = record_note(self.ctx.memory(), text, client, self.ctx.settings.user_name, about, self.ctx.now)
        result = {"stored": True, "id": note.id, "conversation": note.conversation, "link": link(note.id),
                  "facts_created": note.summary.facts_created, "already_stored": note.summary.messages_added == 0}
        return result, [note.id]


# -- shaping --------------------------------------------------------------------------------
def _without_cards(item: RecallItem) -> RecallItem:
    """A recalled memory whose text and context carry no card number, not even the last four digits masking keeps."""
    context = [replace(turn, text=withhold_cards(turn.text)) for turn in item.context]
    return replace(item, text=withhold_cards(item.text), context=context)


def _item_json(item: RecallItem) -> dict[str, Any]:
    return {"id": item.id, "level": item.level, "text": item.text, "date": item.time or item.valid_from, "about": item.speaker,
            "conversation": item.conversation, "valid_from": item.valid_from, "valid_to": item.valid_to,
            "sources": item.sources, "score": round(item.score, 4), "link": link(item.id)}


def _profile_json(profile: PersonProfile) -> dict[str, Any]:
    sections = [{"kind": s.kind, "values": [{"id": v.id, "text": v.text, "value": v.value, "current": v.flagged is None,
                                             "valid_from": v.valid_from, "valid_to": v.valid_to, "sources": v.sources, "link": link(v.id)}
                                            for v in s.values]} for s in profile.sections]
    timeline = [{"date": e.date, "when": e.when, "text": e.text, "id": e.value.id, "link": link(e.value.id)} for e in profile.timeline]
    return {"person": profile.name, "known": True, "sections": sections, "timeline": timeline}


def _profile_ids(profile: PersonProfile) -> list[str]:
    return [v.id for s in profile.sections for v in s.values] + [e.value.id for e in profile.timeline]


def _about(item: RecallItem, person: str | None) -> bool:
    """Said by, or about, `person` (the speaker, a fact's subject, or their name in the text)."""
    if not person:
        return True
    name = person.casefold()
    if (item.speaker or "").casefold() == name:
        return True
    text = item.text.casefold()
    at = text.find(name)
    while at >= 0:  # a whole-word mention: "Ana" is not in "Banana"
        end = at + len(name)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(name, at + 1)
    return False


def _within(item: RecallItem, since: datetime | None, until: datetime | None) -> bool:
    """Said in [since, until): a message or fact by its time; a scene or persona value by the span it covers."""
    if not since and not until:
        return True
    start_text = item.time or item.valid_from
    if not start_text:
        return False
    start = parse_time(start_text)
    end = parse_time(item.valid_to) if item.level == "scene" and item.valid_to else start
    return (since is None or end >= since) and (until is None or start < until)


# -- arguments --------------------------------------------------------------------------------
def _text(args: dict[str, Any], name: str, limit: int) -> str:
    value = args.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"`{name}` must be a non-empty string")
    if len(value) > limit:
        raise InputError(f"`{name}` holds at most {limit} characters, not {len(value)}")
    return " ".join(value.split()) if limit <= MAX_QUERY else value.strip()


def _optional_text(args: dict[str, Any], name: str, limit: int) -> str | None:
    return _text(args, name, limit) if args.get(name) not in (None, "") else None


def _int(args: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = args.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise InputError(f"`{name}` must be a whole number")
    if not low <= int(value) <= high:
        raise InputError(f"`{name}` must be between {low} and {high}, not {int(value)}")
    return int(value)


def _moment(args: dict[str, Any], name: str, end_of_day: bool = False) -> datetime | None:
    """An ISO 8601 date or time; a bare date as `until` means the end of that day."""
    raw = args.get(name)
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise InputError(f"`{name}` must be an ISO 8601 date (2024-05-01) or time")
    try:
        moment = parse_time(raw)
    except ValueError:
        raise InputError(f"`{name}` is not an ISO 8601 date or time: {raw[:40]!r}") from None
    date_only = len(raw.strip()) == 10
    return moment + timedelta(days=1) if end_of_day and date_only else moment
