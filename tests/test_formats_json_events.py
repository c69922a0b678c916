"""JSON event APIs (Bevy, the SBA event finder, confs.tech, developers.events): golden fixture pairs, and a real server on 127.0.0.1."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rebound.cache import Record, read_record
from rebound.collect import Settings, refresh_source
from rebound.devtools.feeds_server import Route, serve
from rebound.fetch import FetchSettings
from rebound.formats import EVENT_FORMATS, FORMATS, ParseError
from rebound.model import Source

FIXTURES = Path(__file__).parent / "fixtures" / "json_events"
CASES = sorted(p.stem for p in FIXTURES.glob("*.json") if not p.stem.endswith(".expected"))
NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
JSON = "application/json"


def source_for(reader: str, url: str = "https://www.sba.gov/api/content/search/events.json") -> Source:
    return Source("bookkeeping-and-admin", "Events API", url, "https://www.sba.gov/events", "webinar", format=reader)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@pytest.mark.parametrize("case", CASES)
def test_json_events_match_their_expected_result(case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    reader = FORMATS[expected["reader"]]
    source = source_for(reader.name)
    body = (FIXTURES / f"{case}.json").read_bytes()
    now = datetime.fromisoformat(expected["now"])
    if "error" in expected:
        with pytest.raises(ParseError) as caught:
            reader.parse(body, url=source.feed, content_type=JSON, source=source, fetched_at=now)
        assert str(caught.value) == expected["error"]
        return
    entries = reader.parse(body, url=source.feed, content_type=JSON, source=source, fetched_at=now)
    assert len(entries) == expected["count"]
    got = [{"title": e.title, "starts": _iso(e.starts), "ends": _iso(e.ends), "online": e.online, "location": e.location,
            "link": e.link} for e in entries]
    assert got == expected["entries"]


def test_every_fixture_has_its_expected_result_and_its_provenance() -> None:
    provenance = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    assert CASES
    for case in CASES:
        assert (FIXTURES / f"{case}.expected.json").is_file(), case
        assert f"`{case}.json`" in provenance, case


def test_hostile_text_in_a_json_body_is_cleaned() -> None:
    for case, reader in (("bevy_upcoming", "bevy"), ("sba_events", "sba"), ("confs_tech_conferences", "confs_tech"),
                         ("developers_events_conferences", "developers_events")):
        source = source_for(reader)
        entries = FORMATS[reader].parse((FIXTURES / f"{case}.json").read_bytes(), url=source.feed, content_type=JSON,
                                        source=source, fetched_at=NOW)
        for entry in entries:
            assert "<script" not in entry.summary and "onerror" not in entry.summary
            assert "<" not in entry.title and not (entry.link or "").startswith("javascript:")


def test_event_api_formats_count_as_events() -> None:
    from rebound.model import EVENT_FORMATS as KNOWN_TO_VIEWS

    assert {"ics", "bevy", "sba", "confs_tech", "developers_events", "contributed"} <= EVENT_FORMATS
    assert "feed" not in EVENT_FORMATS
    assert KNOWN_TO_VIEWS == EVENT_FORMATS   # the list the views use (without importing the readers)


def settings(tmp_path: Path) -> Settings:
    fetch = FetchSettings(connect_timeout=2, read_timeout=2, deadline=5, allow_loopback=True)  # our server is on 127.0.0.1
    return Settings(tmp_path / "sources.yml", tmp_path / "cache", offline=False, fetch=fetch)


@pytest.mark.parametrize(("reader", "good", "bad", "content_type", "reason"), [
    ("bevy", "bevy_upcoming", "bevy_html_page", "text/html", "got an HTML page, not the Bevy JSON API's answer"),
    ("bevy", "bevy_upcoming", "bevy_error_object", JSON, "the Bevy API answered with an error: [rate_limited]"),
    ("sba", "sba_events", "sba_error_object", JSON, "the SBA event finder API answered with an error: Internal server error"),
    ("sba", "sba_events", "bevy_not_a_results_list", JSON, "unexpected shape for the SBA event finder API"),
    ("confs_tech", "confs_tech_conferences", "confs_tech_html_page", "text/html",
     "got an HTML page, not the confs.tech conference list JSON API's answer"),
    ("confs_tech", "confs_tech_conferences", "confs_tech_error_object", JSON,
     "the confs.tech conference list API answered with an error: Not Found"),
    ("confs_tech", "confs_tech_conferences", "bevy_upcoming", JSON,
     "unexpected shape for the confs.tech conference list API: expected a list of events, got an object with"),
    ("developers_events", "developers_events_conferences", "sba_html_page", "text/html",
     "got an HTML page, not the developers.events JSON API's answer"),
    ("developers_events", "developers_events_conferences", "developers_events_error_object", JSON,
     "the developers.events API answered with an error: Service Unavailable"),
    ("developers_events", "developers_events_conferences", "sba_events", JSON,
     "unexpected shape for the developers.events API: expected a list of events, got an object with"),
])
def test_a_bad_answer_fails_that_source_with_one_line_and_keeps_its_last_good_copy(
        tmp_path: Path, reader: str, good: str, bad: str, content_type: str, reason: str) -> None:
    routes = {"/api/": Route((FIXTURES / f"{good}.json").read_bytes(), content_type=JSON)}
    with serve(routes) as server:
        src = source_for(reader, server.url("/api/"))
        first = refresh_source(src, Record(src.niche, src.feed), settings=settings(tmp_path), now=NOW)
        assert first.status == "ok", first.reason
        assert first.record.format == reader and first.record.entries
        server.routes["/api/"] = Route((FIXTURES / f"{bad}.json").read_bytes(), content_type=content_type)
        second = refresh_source(src, first.record, settings=settings(tmp_path), now=NOW)
    assert second.status == "failed"
    assert second.reason is not None and second.reason.startswith(reason) and "\n" not in second.reason
    assert second.record.entries == first.record.entries
    cached, problem = read_record(tmp_path / "cache", src)
    assert problem is None and cached.entries == first.record.entries and cached.is_failing


def test_conference_lists_are_all_day_events() -> None:
    for case, reader in (("confs_tech_conferences", "confs_tech"), ("developers_events_conferences", "developers_events")):
        source = source_for(reader)
        entries = FORMATS[reader].parse((FIXTURES / f"{case}.json").read_bytes(), url=source.feed, content_type=JSON,
                                        source=source, fetched_at=NOW)
        assert entries and all(e.all_day for e in entries), case


def test_a_source_that_does_not_say_free_is_not_labelled_free(tmp_path: Path) -> None:
    """The entries carry the source's ``free`` flag, fresh from the reader and read back from the cache,
    and the event card says "Check the price" for them and "Free" for the others."""
    from rebound.cache import write_record
    from rebound.render import render_event_item
    from rebound.views import Listed

    paid = Source("web-development", "Conferences", "https://example.org/all-events.json", "https://example.org/",
                  "conference", format="developers_events", free=False)
    body = (FIXTURES / "developers_events_conferences.json").read_bytes()
    entries = FORMATS["developers_events"].parse(body, url=paid.feed, content_type=JSON, source=paid, fetched_at=NOW)
    assert entries and not any(e.free for e in entries)
    write_record(tmp_path, paid, Record(paid.niche, paid.feed, checked_at=NOW, last_success=NOW,
                                        format="developers_events", entries=entries))
    stored = json.loads(next(tmp_path.rglob("*.json")).read_text(encoding="utf-8"))
    assert all("free" not in e for e in stored["entries"])   # the source's flag, not the data's
    cached, problem = read_record(tmp_path, paid)
    assert problem is None and cached.entries == entries
    online = next(e for e in entries if e.online)
    card = render_event_item(Listed(online, 0), events={})
    assert ">Online · Check the price<" in card and "Free" not in card
    free_source = Source("web-development", "Meetups", "https://example.org/all-events.json", "https://example.org/",
                         "webinar", format="developers_events")
    free_entries = FORMATS["developers_events"].parse(body, url=free_source.feed, content_type=JSON,
                                                      source=free_source, fetched_at=NOW)
    free_card = render_event_item(Listed(next(e for e in free_entries if e.online), 0), events={})
    assert ">Online · Free<" in free_card
