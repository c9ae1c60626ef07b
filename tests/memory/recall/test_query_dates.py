"""Dates named in a question become a time range."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from remembrancer.memory.recall.query_dates import TimeRange, query_range

NOW = datetime(2023, 8, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "query, start, end",
    [
        ("What news did Lusia share on 16 June, 2023?", date(2023, 6, 16), date(2023, 6, 16)),
        ("What did Teo do in May 2023?", date(2023, 5, 1), date(2023, 5, 31)),
        ("Where did she travel in 2022?", date(2022, 1, 1), date(2022, 12, 31)),
        ("What happened last week?", date(2023, 7, 24), date(2023, 7, 30)),
        ("What did we do in summer 2022?", date(2022, 6, 1), date(2022, 8, 31)),
    ],
)
def test_named_times_become_ranges(query: str, start: date, end: date) -> None:
    assert query_range(query, NOW) == TimeRange(start, end)


def test_no_date_no_range() -> None:
    assert query_range("Where does Ana live?", NOW) is None


def test_fact_mentions_of_any_precision_overlap() -> None:
    may = TimeRange(date(2023, 5, 1), date(2023, 5, 31))
    assert may.overlaps_mention("2023-05-20") and may.overlaps_mention("2023-05") and may.overlaps_mention("2023")
    assert not may.overlaps_mention("2023-06-01") and not may.overlaps_mention("2022")
    assert may.said_bounds() == ("2023-05-01", "2023-06-04")  # talk lags the event by a few days


@pytest.mark.parametrize(
    "span",
    [TimeRange(date(2023, 2, 14), date(2023, 2, 14)), TimeRange(date(2022, 12, 20), date(2023, 1, 10)), TimeRange(date(2021, 1, 1), date(2022, 12, 31))],
)
def test_the_sql_condition_keeps_every_overlapping_mention(span: TimeRange) -> None:
    """`mention_conditions` together are a superset filter: they must never drop a mention `overlaps_mention` accepts."""
    from remembrancer.memory.store.driver import sqlite
    from datetime import timedelta

    conn = sqlite.connect(":memory:")
    conn.execute("CREATE TABLE facts (time_mentioned TEXT)")
    mentions = {f"{y}" for y in range(2019, 2026)}
    mentions |= {f"{y}-{m:02d}" for y in range(2020, 2025) for m in range(1, 13)}
    day = date(2020, 11, 1)
    while day < date(2024, 3, 1):
        mentions.add(day.isoformat())
        day += timedelta(days=1)
    conn.executemany("INSERT INTO facts VALUES (?)", [(m,) for m in mentions])
    selected = {m for condition, params in span.mention_conditions() for (m,) in conn.execute(f"SELECT time_mentioned FROM facts WHERE {condition}", params)}
    assert {m for m in mentions if span.overlaps_mention(m)} <= selected
    assert "2019" not in selected and "2024-02" not in selected
