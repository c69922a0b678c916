"""Reading iCalendar sources: one fixture per edge case, each beside its expected result."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from rebound.formats import ParseError, find_format, ics
from rebound.outputs.ical import Event, render_calendar
from rebound.model import Source

CALENDARS = Path(__file__).parent / "fixtures" / "calendars"
NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
SOURCE = Source("writing", "Cal", "https://cal.example/events.ics", "https://cal.example/", "webinar")
CASES = sorted(p.stem for p in CALENDARS.glob("*.ics"))


def read(name: str, now: datetime = NOW, source: Source = SOURCE):
    body = (CALENDARS / f"{name}.ics").read_bytes()
    return ics.parse(body, url=source.feed, content_type="text/calendar", source=source, fetched_at=now)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@pytest.mark.parametrize("case", CASES)
def test_calendar_matches_its_expected_result(case: str) -> None:
    expected = json.loads((CALENDARS / f"{case}.expected.json").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(expected["now"])
    if "error" in expected:
        with pytest.raises(ParseError) as caught:
            read(case, now)
        assert str(caught.value) == expected["error"]
        return
    entries = read(case, now)
    assert len(entries) == expected["count"]
    got = [
        {"title": e.title, "starts": _iso(e.starts), "ends": _iso(e.ends), "all_day": e.all_day, "online": e.online,
         "location": e.location, "link": e.link, "recurring": bool(e.series), "repeats": e.repeats,
         "repeats_until": _iso(e.repeats_until)}
        for e in entries[: len(expected["entries"])]
    ]
    assert got == expected["entries"]


def test_every_case_has_its_expected_result() -> None:
    assert CASES and all((CALENDARS / f"{case}.expected.json").exists() for case in CASES)


def test_weekly_series_keeps_its_local_hour_across_the_dst_change() -> None:
    starts = [e.starts for e in read("weekly_series_dst_crossing")]
    # Noon in New York: 17:00 UTC in winter, 16:00 UTC from 14 March 2027 (EDT).
    assert starts[:3] == [datetime(2027, 2, 23, 17, tzinfo=UTC), datetime(2027, 3, 2, 17, tzinfo=UTC), datetime(2027, 3, 9, 17, tzinfo=UTC)]
    assert all(s.hour == 16 for s in starts[3:])
    assert all(s.tzinfo is UTC for s in starts)


def test_google_floating_times_are_read_in_the_calendars_zone() -> None:
    (entry,) = read("google_floating_x_wr_timezone")
    assert entry.starts == datetime(2027, 3, 1, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
    assert entry.online  # a Google Meet conference


def test_occurrence_ids_are_stable_between_fetches() -> None:
    first = {e.starts: e.id for e in read("weekly_series_dst_crossing")}
    later = {e.starts: e.id for e in read("weekly_series_dst_crossing", NOW + timedelta(days=7))}
    shared = first.keys() & later.keys()
    assert len(shared) >= 7
    assert all(first[s] == later[s] for s in shared)
    assert len(set(first.values())) == len(first)  # one id per occurrence


def test_the_window_is_sixty_days_from_the_time_passed_in() -> None:
    entries = read("unbounded_rrule")
    daily = [e for e in entries if e.title == "Daily accountability check-in"]
    assert len(daily) == 60
    assert max(e.starts for e in entries) <= NOW + ics.WINDOW
    assert min(e.ends or e.starts for e in entries) >= NOW
    assert read("unbounded_rrule", NOW + timedelta(days=1))[0].starts > entries[0].starts


def test_an_unbounded_rule_is_capped_per_series() -> None:
    minutely = [e for e in read("unbounded_rrule") if e.title == "A rule that never stops"]
    assert len(minutely) == ics.MAX_PER_SERIES


def test_cancelled_events_and_cancelled_occurrences_are_dropped() -> None:
    assert [e.title for e in read("cancelled_event")] == ["Writing warm follow-ups"]
    starts = [e.starts.date().isoformat() for e in read("recurrence_id_override")]
    assert "2027-03-08" not in starts and "2027-03-01" not in starts
    assert "2027-03-02" in starts  # moved, not lost


def test_an_event_without_a_usable_start_is_skipped_not_fatal() -> None:
    assert [e.title for e in read("no_dtstart")] == ["The one usable event"]


def test_online_only_evidence_comes_from_location_or_link() -> None:
    by_title = {e.title: e for e in read("mixed_online_and_in_person")}
    assert by_title["Virtual meetup: docs as a freelance service"].online
    assert by_title["Lightning talks (link sent on RSVP)"].online  # a zoom.us link
    assert not by_title["Pub night in Portland"].online
    assert by_title["Pub night in Portland"].location.startswith("The Docs Tavern")
    assert not by_title["Writing day (place to be announced)"].online


def test_too_many_events_fail_with_a_clear_reason() -> None:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}@x\r\nDTSTART:20270301T100000Z\r\nSUMMARY:Event {i}\r\nEND:VEVENT\r\n" for i in range(10_000)
    )
    body = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{events}END:VCALENDAR\r\n".encode()
    with pytest.raises(ParseError, match="10000 events, more than 5000"):
        ics.parse(body, url=SOURCE.feed, content_type="text/calendar", source=SOURCE, fetched_at=NOW)


def test_a_calendar_of_five_megabytes_fails_with_a_clear_reason() -> None:
    filler = "DESCRIPTION:" + "x" * 70 + "\r\n"
    body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:big\r\nDTSTART:20270301T100000Z\r\n"
            + filler * (5 * 1024 * 1024 // len(filler) + 1) + "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    with pytest.raises(ParseError, match="larger than 4 MiB"):
        ics.parse(body, url=SOURCE.feed, content_type="text/calendar", source=SOURCE, fetched_at=NOW)


def test_a_body_that_is_not_a_calendar_fails() -> None:
    with pytest.raises(ParseError, match="does not start with BEGIN:VCALENDAR"):
        ics.parse(b"<html>Sign in</html>", url=SOURCE.feed, content_type="text/calendar", source=SOURCE, fetched_at=NOW)


def test_an_empty_calendar_is_a_quiet_source_not_an_error() -> None:
    body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
    assert ics.parse(body, url=SOURCE.feed, content_type="text/calendar", source=SOURCE, fetched_at=NOW) == ()


def test_hostile_text_is_cleaned_and_links_fall_back_to_the_site() -> None:
    entries = read("hostile_summary_url_description")
    assert len(entries) == 2  # the "injected" VEVENT inside a SUMMARY is text, not an event
    for entry in entries:
        assert entry.link == SOURCE.site
        for text in (entry.title, entry.summary, entry.location):
            assert "<script" not in text and "onerror=\"" not in text and "javascript:" not in text
            assert "\n" not in entry.title and "\u202e" not in text
    assert "Real text." in entries[0].summary


def test_our_published_calendar_reads_back_without_injected_properties() -> None:
    entries = read("hostile_summary_url_description")
    events = [Event(uid=f"{e.uid}@rebound", title=e.title, starts=e.starts, ends=e.ends, url=e.link,
                    description=e.summary, source=e.source, stamp=NOW) for e in entries]
    body = render_calendar("Test", "Hostile calendar, published again", events)
    calendar = icalendar.Calendar.from_ical(body)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 2
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "TRANSP"}
    for vevent in vevents:
        assert set(vevent.keys()) <= allowed
        assert not vevent.subcomponents  # no VALARM smuggled in
    assert [c.name for c in calendar.walk()] == ["VCALENDAR", "VEVENT", "VEVENT"]
    unfolded = body.replace(b"\r\n ", b"").split(b"\r\n")
    assert not [line for line in unfolded if line.startswith((b"X-INJECTED", b"ATTACH", b"BEGIN:VALARM"))]
    assert sum(line == b"BEGIN:VEVENT" for line in unfolded) == 2


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\n", "application/octet-stream", "ics"),
        (b"\xef\xbb\xbf\r\nbegin:vcalendar\r\n", "", "ics"),
        (b"anything", "text/calendar; charset=utf-8", "ics"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/json", "jsonfeed"),
        (b"{}", "application/feed+json", "jsonfeed"),
        (b"<?xml version='1.0'?><rss version='2.0'/>", "application/rss+xml", "feed"),
        (b'{"data": 1}', "application/json", "feed"),
    ],
)
def test_the_body_decides_the_format(body: bytes, content_type: str, expected: str) -> None:
    assert find_format(body, content_type).name == expected


def test_a_declared_format_wins_over_sniffing() -> None:
    assert find_format(b"<rss/>", "application/rss+xml", "ics").name == "ics"
    assert find_format(b"BEGIN:VCALENDAR", "text/calendar", "atom").name == "feed"


def test_an_all_day_event_is_published_as_whole_days() -> None:
    first, second = read("all_day_event")
    events = [Event(uid=f"{e.uid}@rebound", title=e.title, starts=e.starts, ends=e.ends, url=e.link, description="",
                    source=e.source, stamp=NOW, all_day=e.all_day) for e in (first, second)]
    calendar = icalendar.Calendar.from_ical(render_calendar("Test", "All day", events))
    starts = [(v.get("DTSTART").dt, v.get("DTEND").dt) for v in calendar.walk("VEVENT")]
    assert [(s.isoformat(), e.isoformat()) for s, e in starts] == [("2027-03-05", "2027-03-06"), ("2027-03-10", "2027-03-11")]
