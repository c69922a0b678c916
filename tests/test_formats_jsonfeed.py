"""Reading JSON Feed sources into the same cleaned entries as RSS and Atom."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rebound.devtools.feeds_server import fixture

from rebound.formats import jsonfeed
from rebound.formats import ParseError
from rebound.model import Source

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
SOURCE = Source("testing", "Academy", "https://academy.example/feed.json", "https://academy.example/", "course")


def read(name: str):
    return jsonfeed.parse(fixture(name), url=SOURCE.feed, content_type="application/feed+json", source=SOURCE, fetched_at=NOW)


def test_json_feed_11_items_become_entries_newest_first() -> None:
    entries = read("jsonfeed11_basic.json")
    assert [e.title for e in entries] == [
        "Live: portfolio review", "Free course: pricing your freelance work", "Notes on rejection", "An undated page",
    ]
    course = entries[1]
    assert course.id == "https://academy.example/courses/pricing"
    assert course.link == "https://academy.example/courses/pricing"  # relative to home_page_url
    assert course.published == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    assert course.summary == "<p>Six short lessons on <em>day rates</em>.</p>"
    assert course.tags == ("pricing", "course")


def test_plain_text_content_is_escaped_and_ids_are_scoped_to_the_feed() -> None:
    notes = next(e for e in read("jsonfeed11_basic.json") if e.title == "Notes on rejection")
    assert notes.summary == "Plain text with &lt;angle&gt; brackets &amp; an ampersand."
    assert notes.id == "https://academy.example/feed.json#post-2"
    assert notes.updated == datetime(2025, 2, 27, 12, 0, tzinfo=UTC)


def test_our_own_event_extension_is_read_back() -> None:
    live = read("jsonfeed11_basic.json")[0]
    assert live.starts == datetime(2025, 3, 20, 16, 0, tzinfo=UTC)
    assert live.ends == datetime(2025, 3, 20, 17, 0, tzinfo=UTC)
    assert live.link == "https://events.example/live/portfolio"  # external_url when url is missing


def test_json_feed_10_numeric_ids_are_kept_and_booleans_are_not_ids() -> None:
    entries = read("jsonfeed10_numeric_ids.json")
    assert [e.id for e in entries[:2]] == ["https://academy.example/feed.json#2", "https://academy.example/feed.json#1"]
    third = entries[2]
    assert third.id.startswith("urn:sha256:")


def test_hostile_json_feed_is_cleaned() -> None:
    entries = read("jsonfeed_hostile.json")
    assert len(entries) == 2  # the string item is skipped
    first = next(e for e in entries if e.id.endswith("#x1"))
    assert first.link is None and first.published is None  # javascript: and year 9999 dropped
    assert first.title == "Hello evil"  # the script element is gone with its text; the bidi override too
    assert "onerror" not in first.summary and "javascript:" not in first.summary
    assert first.tags == ("tag",)
    second = next(e for e in entries if e.id.endswith("#x2"))
    assert second.link is None and second.published is None  # 2099 is beyond the 2-day slack


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (fixture("jsonfeed_not_a_feed.json"), "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": "none"}', "no items list"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "feed has no entries"),
    ],
)
def test_bodies_that_are_not_usable_json_feeds_fail_clearly(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        jsonfeed.parse(body, url=SOURCE.feed, content_type="application/json", source=SOURCE, fetched_at=NOW)
