"""Calendar and JSON Feed sources fetched from a real server on 127.0.0.1, cached, and kept on failure."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rebound.devtools.feeds_server import Route, fixture, serve

from rebound.cache import Record, read_record
from rebound.collect import refresh_source
from rebound.settings import Settings
from rebound.fetch import FetchSettings
from rebound.model import Source

CALENDARS = Path(__file__).parent / "fixtures" / "calendars"
NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
ICS = "text/calendar; charset=utf-8"


def calendar(name: str) -> bytes:
    return (CALENDARS / f"{name}.ics").read_bytes()


def settings(tmp_path: Path) -> Settings:
    fetch = FetchSettings(connect_timeout=2, read_timeout=2, deadline=5, allow_loopback=True)
    return Settings(tmp_path / "sources.yml", tmp_path / "cache", offline=False, fetch=fetch)


def source_at(url: str, **extra: object) -> Source:
    return Source("writing", "Local calendar", url, "https://cal.example/", "webinar", **extra)  # type: ignore[arg-type]


def test_a_calendar_is_read_by_its_media_type_and_cached_with_its_format(tmp_path: Path) -> None:
    with serve({"/events.ics": Route(calendar("weekly_series_dst_crossing"), content_type=ICS)}) as server:
        src = source_at(server.url("/events.ics"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
    assert outcome.status == "ok", outcome.reason
    assert outcome.record.format == "ics"
    assert len(outcome.record.entries) == 9
    cached, problem = read_record(tmp_path / "cache", src)
    assert problem is None and cached == outcome.record  # every calendar field survives the cache


def test_a_calendar_served_as_octet_stream_is_recognised_by_its_first_line(tmp_path: Path) -> None:
    body = calendar("mixed_online_and_in_person")
    with serve({"/ical/": Route(body, content_type="application/octet-stream")}) as server:
        src = source_at(server.url("/ical/"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
    assert outcome.status == "ok" and outcome.record.format == "ics"
    assert [e.online for e in outcome.record.entries] == [True, False, True, False]


def test_a_json_feed_is_read_and_cached(tmp_path: Path) -> None:
    with serve({"/feed.json": Route(fixture("jsonfeed11_basic.json"), content_type="application/feed+json")}) as server:
        src = source_at(server.url("/feed.json"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=datetime(2025, 3, 6, tzinfo=UTC))
    assert outcome.status == "ok" and outcome.record.format == "jsonfeed"
    assert outcome.record.entries[0].title == "Live: portfolio review"


def test_a_broken_calendar_fails_clearly_and_keeps_the_last_good_copy(tmp_path: Path) -> None:
    routes = {"/events.ics": Route(calendar("cancelled_event"), content_type=ICS)}
    with serve(routes) as server:
        src = source_at(server.url("/events.ics"))
        good = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
        assert good.status == "ok"
        server.routes["/events.ics"] = Route(calendar("malformed_no_end"), content_type=ICS)
        bad = refresh_source(src, good.record, settings=settings(tmp_path), now=NOW)
    assert bad.status == "failed"
    assert bad.reason == "truncated calendar (no END:VCALENDAR)"
    assert bad.record.entries == good.record.entries and bad.record.format == "ics"


def test_a_calendar_larger_than_the_download_cap_is_refused(tmp_path: Path) -> None:
    line = b"DESCRIPTION:" + b"x" * 60 + b"\r\n"
    body = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + line * (6 * 1024 * 1024 // len(line)) + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    with serve({"/huge.ics": Route(body, content_type=ICS)}) as server:
        src = source_at(server.url("/huge.ics"))
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
    assert outcome.status == "failed" and outcome.reason is not None and "larger than" in outcome.reason


def test_a_declared_format_overrides_what_the_server_says(tmp_path: Path) -> None:
    # A calendar behind a server that calls everything text/html.
    with serve({"/cal": Route(calendar("all_day_event"), content_type="text/html")}) as server:
        src = source_at(server.url("/cal"), format="ics")
        outcome = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
    assert outcome.status == "ok" and [e.all_day for e in outcome.record.entries] == [True, True]
