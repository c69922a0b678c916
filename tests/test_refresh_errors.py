"""Refreshing one source against a real server on 127.0.0.1 when the cache or the calendar is odd.

A cache folder that cannot be written must not hide what the server said; a calendar with one
broken series must still give its other events.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rebound.cache import read_record
from rebound.collect import Settings, refresh_source
from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.fetch import FetchSettings
from rebound.model import Record, Source

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
# Our server is on 127.0.0.1, which real builds refuse.
FAST = FetchSettings(user_agent="Rebound/0.1 (+https://rebound.test/)", connect_timeout=1, read_timeout=1,
                     deadline=1, max_bytes=1_000_000, allow_loopback=True)
CALENDAR = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example//Cal//EN",
    "BEGIN:VEVENT", "UID:talk@cal.example", "SUMMARY:Pricing talk", "DTSTART:20270301T170000Z",
    "DTEND:20270301T180000Z", "END:VEVENT",
    "BEGIN:VEVENT", "UID:broken@cal.example", "SUMMARY:Broken series", "DTSTART:20270302T170000Z",
    "RRULE:FREQ=WEEKLY;UNTIL=someday", "END:VEVENT",
    "END:VCALENDAR", "",
]).encode()


def _settings(cache_dir: Path) -> Settings:
    return Settings(sources_path=cache_dir / "sources.yml", cache_dir=cache_dir, offline=False, budget=5.0, fetch=FAST)


def _source(url: str) -> Source:
    return Source(niche="testing", name="Test source", feed=url, site="https://rebound.test/", kind="webinar")


def test_a_good_fetch_into_a_cache_that_cannot_be_written_says_so_and_keeps_the_entries(tmp_path: Path) -> None:
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    with serve({"/feed": Route(fixture("rss20_basic.xml"))}) as server:
        src = _source(server.url("/feed"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=_settings(blocked), now=NOW)
    assert outcome.status == "failed"
    assert outcome.reason is not None and outcome.reason.startswith("cannot write the cache:")
    assert outcome.record.entries, "the fetched entries are still used for this build"


def test_a_failed_fetch_into_a_cache_that_cannot_be_written_still_reports_the_server(tmp_path: Path) -> None:
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    with serve({"/feed": Route(b"<h1>Down</h1>", status=500, content_type="text/html")}) as server:
        src = _source(server.url("/feed"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=_settings(blocked), now=NOW)
    assert outcome.status == "failed"
    assert outcome.reason is not None and "500" in outcome.reason
    assert outcome.record.is_failing


def test_a_served_calendar_with_one_broken_series_keeps_its_other_events(tmp_path: Path) -> None:
    with serve({"/events.ics": Route(CALENDAR, content_type="text/calendar")}) as server:
        src = _source(server.url("/events.ics"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=_settings(tmp_path), now=NOW)
    assert (outcome.status, outcome.reason) == ("ok", None)
    assert [(e.title, e.starts) for e in outcome.record.entries] == [("Pricing talk", datetime(2027, 3, 1, 17, tzinfo=UTC))]
    cached, problem = read_record(tmp_path, src)
    assert problem is None and cached.entries == outcome.record.entries
