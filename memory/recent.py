"""What was learned recently: the facts and messages a store took in after a moment.

Recall answers "what do I know about X"; an assistant starting a session
also asks "what is new since we last talked". That is a listing by when a
memory was *learned* (imported, told, extracted), not by when it was said:
a chat from 2019 imported this morning is new to the store. Facts come
first (what was learned, in a sentence), then the messages they came from
and the notes told directly, each newest first. Texts are the stored ones;
the surface that shows them masks them (`memory.privacy`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from remembrancer.memory.errors import InputError
from remembrancer.memory.store import learned as store
from remembrancer.memory.store.browse import fact_sources
from remembrancer.memory.timeutil import ensure_aware, to_iso

MAX_DAYS = 3650


@dataclass
class RecentItem:
    """One memory learned in the window: `who` is a fact's subject or a message's speaker."""

    id: str
    level: str  # "fact" | "message"
    text: str
    who: str
    said_at: str | None
    learned_at: str
    sources: list[str] = field(default_factory=list)
    conversation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def learned_since(db: sqlite_utils.Database, days: float, now: datetime | None = None, limit: int = 40) -> list[RecentItem]:
    """Up to `limit` facts, then messages to fill, learned in the last `days` days before `now`."""
    if not 0 < days <= MAX_DAYS:
        raise InputError(f"days: must be more than 0 and at most {MAX_DAYS}, not {days}")
    since = to_iso(ensure_aware(now) - timedelta(days=days))
    facts = store.learned_facts(db, since, limit)
    sources = fact_sources(db, [row.rowid for row in facts])
    out = [RecentItem(r.id, "fact", r.text, r.who, r.said_at, r.learned_at, sources.get(r.rowid, [])) for r in facts]
    if len(out) < limit:
        messages = store.learned_messages(db, since, limit - len(out))
        out += [RecentItem(r.id, "message", r.text, r.who, r.said_at, r.learned_at, [r.id], r.conversation) for r in messages]
    return out
