"""Relative dates resolved against the message time (Monday 8 May 2034, 09:46 UTC)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from remembrancer.memory.extraction.dates import find_dates, substitute_dates

NOW = datetime(2034, 5, 8, 13, 56, tzinfo=timezone.utc)  # a Monday

# (text, text with the absolute phrase substituted, normalised value, precision)
CASES = [
    ("I went there yesterday.", "I went there on 7 May 2034.", "2034-05-07", "day"),
    ("I'm cooking today.", "I'm cooking on 8 May 2034.", "2034-05-08", "day"),
    ("We're out tonight.", "We're out on the evening of 8 May 2034.", "2034-05-08", "day"),
    ("I slept badly last night.", "I slept badly on the night of 7 May 2034.", "2034-05-07", "day"),
    ("I ran this morning.", "I ran on the morning of 8 May 2034.", "2034-05-08", "day"),
    ("I'll call tomorrow.", "I'll call on 9 May 2034.", "2034-05-09", "day"),
    ("I saw her the other day.", "I saw her a few days before 8 May 2034.", "2034-05-05", "approx"),
    ("I got it 3 days ago.", "I got it on 5 May 2034.", "2034-05-05", "day"),
    ("I painted it two weeks ago.", "I painted it two weeks before 8 May 2034.", "2034-W17", "week"),
    ("I met him a few days ago.", "I met him a few days before 8 May 2034.", "2034-05-05", "approx"),
    ("It broke a couple of weeks ago.", "It broke a couple of weeks before 8 May 2034.", "2034-W17", "week"),
    ("I quit three months ago.", "I quit in February 2034.", "2034-02", "month"),
    ("I moved a few months ago.", "I moved a few months before May 2034.", "2034-02", "approx"),
    ("We met two years ago.", "We met in 2032.", "2032", "year"),
    ("I was sick last week.", "I was sick in the week before 8 May 2034.", "2034-W18", "week"),
    ("I'm busy this week.", "I'm busy in the week of 8 May 2034.", "2034-W19", "week"),
    ("I start next week.", "I start in the week after 8 May 2034.", "2034-W20", "week"),
    ("We hiked last weekend.", "We hiked on the weekend of 6-7 May 2034.", "2034-05-06", "weekend"),
    ("I relaxed over the weekend.", "I relaxed over the weekend of 6-7 May 2034.", "2034-05-06", "weekend"),
    ("I moved last month.", "I moved in April 2034.", "2034-04", "month"),
    ("I'm travelling this month.", "I'm travelling in May 2034.", "2034-05", "month"),
    ("I start next month.", "I start in June 2034.", "2034-06", "month"),
    ("I graduated last year.", "I graduated in 2033.", "2033", "year"),
    ("I want to travel this year.", "I want to travel in 2034.", "2034", "year"),
    ("I went there last Friday.", "I went there on 5 May 2034.", "2034-05-05", "day"),
    ("On Monday I went swimming.", "On 1 May 2034 I went swimming.", "2034-05-01", "day"),
    ("On Friday I'm going to the gym.", "On 12 May 2034 I'm going to the gym.", "2034-05-12", "day"),
    ("The party is next Tuesday.", "The party is on 9 May 2034.", "2034-05-09", "day"),
    ("We went camping last summer.", "We went camping in summer 2033.", "2033-summer", "season"),
    ("It snowed a lot last winter.", "It snowed a lot in winter 2033-34.", "2033-winter", "season"),
    ("I planted roses last spring.", "I planted roses in spring 2033.", "2033-spring", "season"),
    ("I visited Rome last autumn.", "I visited Rome in fall 2033.", "2033-fall", "season"),
    ("We married in the summer of 2019.", "We married in summer 2019.", "2019-summer", "season"),
    ("I ran a race in May.", "I ran a race in May 2034.", "2034-05", "month"),
    ("I ran a race last May.", "I ran a race in May 2033.", "2033-05", "month"),
    ("I hiked in June.", "I hiked in June 2033.", "2033-06", "month"),
    ("In June I'm going to Paris.", "In June 2034 I'm going to Paris.", "2034-06", "month"),
    ("I lived there in 2033.", "I lived there in 2033.", "2033", "year"),
    ("I've painted since 2019.", "I've painted since 2019.", "2019", "year"),
    ("It happened on 7 May 2034.", "It happened on 7 May 2034.", "2034-05-07", "day"),
    ("It happened May 7th.", "It happened on 7 May 2034.", "2034-05-07", "day"),
    ("We met on July 4, 2032.", "We met on 4 July 2032.", "2032-07-04", "day"),
    ("It was on the 3rd of March.", "It was on 3 March 2034.", "2034-03-03", "day"),
    ("The file is from 2034-05-01.", "The file is from 1 May 2034.", "2034-05-01", "day"),
    ("I've worked there for the last 3 years.", "I've worked there for the 3 years before 8 May 2034.", "2031-05-09", "approx"),
    ("Yesterday was fun.", "7 May 2034 was fun.", "2034-05-07", "day"),
    ("Last Fri we baked bread.", "On 5 May 2034 we baked bread.", "2034-05-05", "day"),
    ("Last week I got a new job.", "In the week before 8 May 2034 I got a new job.", "2034-W18", "week"),
]


@pytest.mark.parametrize(("text", "expected", "value", "precision"), CASES)
def test_relative_dates_resolve(text: str, expected: str, value: str, precision: str) -> None:
    mentions = find_dates(text, NOW)
    assert len(mentions) == 1, mentions
    assert mentions[0].value == value and mentions[0].precision == precision
    assert substitute_dates(text, mentions) == expected


@pytest.mark.parametrize("text", [
    "May I ask you something?", "I may go later.", "I love the summer.", "I swim on Mondays.",
    "My 2015 car broke down.", "Yesterday's news was odd.", "I have 2 kids.", "Spring cleaning is fun.",
    "I sat down and wed.",
])
def test_non_dates_are_left_alone(text: str) -> None:
    assert find_dates(text, NOW) == []


@pytest.mark.parametrize(("text", "iso"), [
    ("last week", "2034-05-01"), ("last summer", "2033-06"), ("last winter", "2033-12"),
    ("last month", "2034-04"), ("last year", "2033"), ("yesterday", "2034-05-07"),
])
def test_iso_form_fits_time_mentioned(text: str, iso: str) -> None:
    """time_mentioned takes an ISO date, YYYY-MM or YYYY: weeks give their Monday, seasons their first month."""
    assert find_dates(text, NOW)[0].iso == iso


def test_the_message_zone_decides_the_day() -> None:
    late_evening = datetime.fromisoformat("2034-05-08T23:30:00-07:00")  # already 9 May in UTC
    assert find_dates("I went out yesterday", late_evening)[0].value == "2034-05-07"


def test_sunday_last_weekend_is_the_one_before() -> None:
    sunday = datetime(2034, 5, 7, 12, tzinfo=timezone.utc)
    assert find_dates("last weekend", sunday)[0].value == "2034-04-29"


def test_several_mentions_in_one_sentence() -> None:
    text = "I moved in 2019 and started a job last month."
    mentions = find_dates(text, NOW)
    assert [m.value for m in mentions] == ["2019", "2034-04"]
    assert substitute_dates(text, mentions) == "I moved in 2019 and started a job in April 2034."


@pytest.mark.parametrize(
    "text, value",
    [
        ("I booked a mountain hut near Cortina for July.", "2024-07"),  # a target month is ahead, whatever the verb's tense
        ("I was in Spain for July 2022", "2022-07"),  # an explicit year wins
        ("We went there in July.", "2023-07"),  # plain past
    ],
)
def test_target_prepositions_point_ahead(text: str, value: str) -> None:
    from datetime import datetime, timezone

    (mention,) = find_dates(text, datetime(2024, 5, 1, tzinfo=timezone.utc))
    assert mention.value == value
