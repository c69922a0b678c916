"""A broken or unusual calendar feed: one bad event is left out, the rest of the calendar is kept.

Each calendar is written here as the text a feed would serve and read with `ics.parse`, the
same call the build makes on a fetched body (real icalendar, x-wr-timezone and
recurring-ical-events underneath).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from rebound.formats import ParseError, ics
from rebound.model import Entry, Source

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
SOURCE = Source("writing", "Cal", "https://cal.example/events.ics", "https://cal.example/", "webinar")
TALK = ("UID:talk@cal.example", "SUMMARY:Pricing talk", "DTSTART:20270301T170000Z", "DTEND:20270301T180000Z")


def _calendar(*events: tuple[str, ...], head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example//Cal//EN", *head.splitlines()]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _parse(body: bytes) -> tuple[Entry, ...]:
    return ics.parse(body, url=SOURCE.feed, content_type="text/calendar", source=SOURCE, fetched_at=NOW)


@pytest.mark.parametrize("rule", ["RRULE:FREQ=WEEKLY;UNTIL=garbage", "RRULE:FREQ=WEEKLY;BYDAY=XX;COUNT=3",
                                  "RRULE:FREQ=WEEKLY;INTERVAL=often;COUNT=3"])
def test_one_series_with_an_unreadable_rule_is_left_out_and_the_others_are_kept(rule: str) -> None:
    broken = ("UID:broken@cal.example", "SUMMARY:Broken series", "DTSTART:20270302T170000Z", rule)
    entries = _parse(_calendar(TALK, broken))
    assert [(e.title, e.starts) for e in entries] == [("Pricing talk", datetime(2027, 3, 1, 17, tzinfo=UTC))]


def test_an_unknown_calendar_time_zone_is_a_clear_error() -> None:
    with pytest.raises(ParseError) as raised:
        _parse(_calendar(TALK, head="X-WR-TIMEZONE:Atlantis/Lost_City"))
    assert str(raised.value) == "calendar time zone (X-WR-TIMEZONE) is unusable: ZoneInfoNotFoundError"


def test_a_body_that_ends_a_calendar_before_beginning_one_is_not_a_calendar() -> None:
    with pytest.raises(ParseError) as raised:
        _parse(b"END:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert "BEGIN:VCALENDAR" in str(raised.value)


def test_an_event_with_neither_title_nor_description_is_left_out() -> None:
    blank = ("UID:blank@cal.example", "DTSTART:20270302T170000Z", "DTEND:20270302T180000Z")
    assert [e.title for e in _parse(_calendar(TALK, blank))] == ["Pricing talk"]


def test_a_cancelled_occurrence_is_left_out() -> None:
    cancelled = ("UID:off@cal.example", "SUMMARY:Called off", "STATUS:CANCELLED", "DTSTART:20270302T170000Z")
    assert [e.title for e in _parse(_calendar(TALK, cancelled))] == ["Pricing talk"]


def test_a_property_given_twice_takes_the_first_and_categories_on_two_lines_are_all_tags() -> None:
    event = ("UID:twice@cal.example", "SUMMARY:First title", "SUMMARY:Second title", "DTSTART:20270301T170000Z",
             "URL:https://cal.example/events/1", "URL:https://cal.example/events/2",
             "CATEGORIES:pricing,clients", "CATEGORIES:money")
    [entry] = _parse(_calendar(event))
    assert (entry.title, entry.link, entry.tags) == ("First title", "https://cal.example/events/1",
                                                     ("pricing", "clients", "money"))


def test_an_event_with_a_duration_ends_that_long_after_it_starts() -> None:
    event = ("UID:d@cal.example", "SUMMARY:Portfolio review", "DTSTART:20270301T170000Z", "DURATION:PT90M")
    [entry] = _parse(_calendar(event))
    assert entry.ends == datetime(2027, 3, 1, 18, 30, tzinfo=UTC)


def test_an_all_day_event_without_an_end_lasts_one_day() -> None:
    event = ("UID:day@cal.example", "SUMMARY:Open studio day", "DTSTART;VALUE=DATE:20270301")
    [entry] = _parse(_calendar(event))
    assert entry.all_day
    assert (entry.starts, entry.ends) == (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 2, tzinfo=UTC))


def test_a_timed_event_without_an_end_has_no_end() -> None:
    event = ("UID:open@cal.example", "SUMMARY:Drop-in hour", "DTSTART:20270301T170000Z")
    [entry] = _parse(_calendar(event))
    assert entry.ends is None


def test_a_fortnightly_series_says_so_and_when_it_ends() -> None:
    event = (*TALK, "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3")
    entries = _parse(_calendar(event))
    assert [e.starts for e in entries] == [datetime(2027, 3, 1, 17, tzinfo=UTC) + timedelta(weeks=2 * n) for n in range(3)]
    assert {(e.repeats, e.repeats_until) for e in entries} == {("every 2 weeks", datetime(2027, 3, 29, 17, tzinfo=UTC))}


def test_an_hourly_series_is_not_given_a_rhythm_in_words() -> None:
    entries = _parse(_calendar((*TALK, "RRULE:FREQ=HOURLY;COUNT=3")))
    assert len(entries) == 3
    assert {e.repeats for e in entries} == {""}


def test_a_series_with_a_huge_count_has_no_last_date_worked_out() -> None:
    entries = _parse(_calendar((*TALK, "RRULE:FREQ=WEEKLY;COUNT=5000")))
    assert entries and {e.repeats_until for e in entries} == {None}


@pytest.mark.parametrize(("rule", "words"), [
    (None, ""),
    ({"FREQ": ["MONTHLY"]}, "every month"),
    ({"FREQ": ["DAILY"], "INTERVAL": [3]}, "every 3 days"),
    ({"FREQ": ["WEEKLY"], "INTERVAL": ["often"]}, ""),
    ({"FREQ": ["MINUTELY"]}, ""),
])
def test_a_rule_is_described_in_words_only_when_it_is_regular(rule: dict | None, words: str) -> None:
    assert ics.describe_rule(rule) == words


def test_a_series_without_a_master_or_a_start_has_no_last_date() -> None:
    assert ics.series_until(None) is None
    master = icalendar.Event()
    master.add("rrule", icalendar.vRecur.from_ical("FREQ=WEEKLY;COUNT=3"))
    assert ics.series_until(master) is None  # no DTSTART to count from
