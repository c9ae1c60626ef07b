"""Dates named in a question become a time range."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from memory.recall.query_dates import TimeRange, query_range

NOW = datetime(2023, 8, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "query, start, end",
    [
        ("What news did Maria share on 16 June, 2023?", date(2023, 6, 16), date(2023, 6, 16)),
        ("What did Jon do in May 2023?", date(2023, 5, 1), date(2023, 5, 31)),
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
