"""Bi-temporal facts: when a fact was true, and when the store knew it.

`valid_from`/`valid_to` are world time (when it was true); `learned_at`/
`superseded_at` are store time (when it was learned, and when a newer fact
replaced it as the current one). Some attributes hold one value at a time
(where someone lives, where they work): a new value for them contradicts
the old one. A sure contradiction closes the older fact at the newer one's
start and links the two (`superseded_by`), so history stays and recall can
answer both "now" and "in 2022". An unsure one (a weak reading, or both said
at the same time) goes to the conflict queue for the user to decide.
"""
from __future__ import annotations

from remembrancer.memory.store.driver import sqlite
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from remembrancer.memory.store import facts as facts_repo
from remembrancer.memory.store.conflicts import queue
from remembrancer.memory.store.facts import CurrentValue

# Attributes with one current value per person. Relationship counts only for
# a status ("married", "single"): friends and partners in general add up.
# Contact details count too: a new email, phone or address replaces the old one
# for autofill (someone may keep two, but forms want the one given last).
SINGLE_VALUED = frozenset({"home", "work", "name", "email", "phone", "address"})
RELATIONSHIP_STATUSES = frozenset({"single", "married", "engaged", "divorced", "separated", "widowed", "dating", "in a relationship"})
# Below this extraction confidence, neither fact is taken as proof against the other.
SURE_CONFIDENCE = 0.6
# Two values whose validity starts this close together cannot be ordered.
SAME_TIME = timedelta(days=1)


@dataclass
class TimelineReport:
    superseded: int = 0
    conflicts: int = 0


def is_single_valued(attribute: str | None, value: str | None) -> bool:
    if attribute in SINGLE_VALUED:
        return True
    return attribute == "relationship" and (value or "").strip().lower() in RELATIONSHIP_STATUSES


def update_timelines(conn: sqlite.Connection, new_rowids: Sequence[int], learned_at: str) -> TimelineReport:
    """Close or queue the stored facts that the new facts contradict (inside the caller's transaction)."""
    report = TimelineReport()
    for rowid in new_rowids:
        fact = facts_repo.current(conn, rowid)
        if fact is None or not is_single_valued(fact.attribute, fact.value):
            continue
        new = CurrentValue(rowid, fact.value, fact.valid_from, fact.confidence)
        for other in facts_repo.current_values(conn, fact.subject, fact.attribute, rowid):
            if _same_value(other.value, new.value):
                continue
            if fact.attribute == "relationship" and not is_single_valued(fact.attribute, other.value):
                continue
            older, newer = sorted((other, new), key=lambda s: (_start(s.valid_from), s.rowid))
            if min(older.confidence, newer.confidence) < SURE_CONFIDENCE:
                report.conflicts += queue(conn, older.rowid, newer.rowid, "a weak reading", learned_at)
            elif _start(newer.valid_from) - _start(older.valid_from) < SAME_TIME:
                report.conflicts += queue(conn, older.rowid, newer.rowid, "both true since the same day", learned_at)
            else:
                close(conn, older.rowid, newer.rowid, learned_at)
                report.superseded += 1
                if older.rowid == rowid:  # the new fact is the past one: nothing else to compare it with
                    break
    return report


def close(conn: sqlite.Connection, older: int, newer: int, learned_at: str) -> None:
    """The older fact stopped being true when the newer one started; the store learned it now."""
    facts_repo.close(conn, older, newer, learned_at)


def _same_value(a: str, b: str) -> bool:
    """"Berlin" and "Berlin, Germany" are one place; "Berlin" and "Bern" are not."""
    x, y = a.strip().lower(), b.strip().lower()
    return x == y or x.startswith(y + ",") or y.startswith(x + ",") or x.startswith(y + " ") or y.startswith(x + " ")


def _start(valid_from: str) -> date:
    """The first day of a `valid_from` of any precision (YYYY, YYYY-MM, a date or a timestamp)."""
    text = valid_from[:10]
    text = text + {4: "-01-01", 7: "-01"}.get(len(text), "")
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.min


# Recall: a state that has ended ranks lower for a question about now, and a
# state valid in the time a question names ranks higher than one that is not.
PAST_STATE_WEIGHT = 0.5
IN_SPAN_WEIGHT = 1.5


def validity_weight(attribute: str | None, value: str | None, valid_from: str | None, valid_to: str | None, span_start: date | None, span_end: date | None, today: date) -> float:
    """How well a fact's validity fits the question's time (None: now). Events (not states) are not weighed."""
    if valid_to is None and not is_single_valued(attribute, value):
        return 1.0
    if span_start is None or span_end is None:
        return PAST_STATE_WEIGHT if valid_to is not None and _start(valid_to) <= today else 1.0
    start = _start(valid_from) if valid_from else date.min
    end = _start(valid_to) if valid_to else date.max
    return IN_SPAN_WEIGHT if start <= span_end and span_start < end else PAST_STATE_WEIGHT
