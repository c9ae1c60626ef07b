"""The access log: what outside tools asked of the memory and which memories they were given.

A tool that reads a person's memory on their behalf (an MCP client: a chat
app, an editor, an agent) must leave a trace the person can read, the way
the browser link keeps its log of what it filled. Each call is one entry:
when, through which channel (`via`, "mcp"), which client, which tool, the
arguments (what was asked), the ids of the memories returned, and the
outcome (`answered`, `refused`, `failed`) with a short reason.

It lives in the encrypted store, because what someone asked is personal
too, and it never holds memory texts: an entry names the memories by id,
so a hard forget leaves no second copy of their words here. Arguments are
stored with their secrets masked and long values cut (a note given to
`remember` is recorded by its length, not its text: the note is the
memory, and its id is in `returned`). The newest `MAX_ENTRIES` are kept.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from remembrancer.memory.privacy import mask_secrets
from remembrancer.memory.store import access_log as store
from remembrancer.memory.store.database import transaction
from remembrancer.memory.timeutil import ensure_aware, to_iso

logger = logging.getLogger(__name__)

OUTCOMES = ("answered", "refused", "failed")
MAX_ENTRIES = 20_000
MAX_ARGUMENT_CHARS = 300  # a question or a query; longer values are cut
MAX_RETURNED = 200


@dataclass(frozen=True)
class AccessEntry:
    """One call, as the app's log view and `remembrancer mcp log` show it."""

    id: int
    time: str
    via: str
    client: str
    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)
    returned: list[str] = field(default_factory=list)
    outcome: str = "answered"
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def record(db: sqlite_utils.Database, client: str, tool: str, arguments: Mapping[str, Any], returned: Sequence[str], outcome: str,
           detail: str | None = None, now: datetime | None = None, via: str = "mcp") -> AccessEntry:
    """Append one call (its own small transaction) and return it as stored."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown access outcome {outcome!r}")
    args = {str(k)[:60]: _argument(v) for k, v in arguments.items()}
    ids = [str(i)[:200] for i in list(dict.fromkeys(returned))[:MAX_RETURNED]]
    time = to_iso(ensure_aware(now))
    shown_detail = mask_secrets(detail)[:500] if detail else None
    with transaction(db) as conn:
        rowid = store.insert_access(conn, time, via, client[:100], tool[:60], json.dumps(args, ensure_ascii=False), json.dumps(ids),
                                    outcome, shown_detail)
        if rowid % 100 == 0:  # every hundredth call: cheap, and the log stays bounded
            store.trim_access(conn, MAX_ENTRIES)
    logger.info("access via %s by %s: %s %s (%d ids)", via, client[:100], tool, outcome, len(ids))
    return AccessEntry(rowid, time, via, client[:100], tool[:60], args, ids, outcome, shown_detail)


def entries(db: sqlite_utils.Database, limit: int | None = None, client: str | None = None) -> list[AccessEntry]:
    """The newest `limit` entries (all when None), of one client or all, oldest first."""
    return [
        AccessEntry(row.rowid, row.time, row.via, row.client, row.tool, _loads(row.arguments, {}), _loads(row.returned, []),
                    row.outcome, row.detail)
        for row in store.access_rows(db, limit, client)
    ]


def _argument(value: Any) -> Any:
    """What is kept of one argument: numbers and flags as they are, text masked and cut."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = mask_secrets(str(value))
    return text if len(text) <= MAX_ARGUMENT_CHARS else text[:MAX_ARGUMENT_CHARS] + "…"


def _loads(raw: str, default: Any) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return default
