"""Rendering escapes every feed string and shows each source's status."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rebound.devtools.feeds_server import fixture
from rebound.formats.feed import parse_feed
from rebound.model import Entry, Niche, Record, Source
from rebound.render import render_event_item, render_feed_block, render_health_page, render_niche_page
from rebound.views import Listed, build_health, build_niche_view

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
GOOD = Source("testing", "Good <Publisher>", "https://good.example/feed", "https://good.example/", "webinar")
STALE = Source("testing", "Stale", "https://stale.example/feed", "https://stale.example/", "course")
BROKEN = Source("testing", "Broken", "https://broken.example/feed", "https://broken.example/", "article")
NEW = Source("testing", "New", "https://new.example/feed", "https://new.example/", "article")
NICHE = Niche("testing", "Testing", "A niche for tests.", (GOOD, STALE, BROKEN, NEW))


def entries(name: str, src: Source) -> tuple[Entry, ...]:
    return parse_feed(fixture(name), url=src.feed, content_type="application/rss+xml", source=src, fetched_at=NOW)


def records() -> dict[Source, Record]:
    yesterday = NOW - timedelta(days=1)
    return {
        GOOD: Record(GOOD.niche, GOOD.feed).with_success(NOW, entries("rss20_basic.xml", GOOD), None, None),
        STALE: Record(STALE.niche, STALE.feed).with_success(yesterday, entries("no_dates.xml", STALE), None, None)
        .with_failure(NOW, "HTTP 503 <Service Unavailable>"),
        BROKEN: Record(BROKEN.niche, BROKEN.feed).with_failure(NOW, "timed out connecting"),
    }


def test_niche_block_shows_events_trainings_and_status() -> None:
    block = render_feed_block(build_niche_view(NICHE, records()))
    assert 'Last checked: <time datetime="2025-03-06T12:00:00+00:00">Thu 6 Mar 2025, 12:00 UTC</time>.' in block
    upcoming, latest = block.split("## Latest trainings")
    assert "Live: writing proposals that win" in upcoming
    assert '<time datetime="2030-05-14T16:00:00+00:00" data-local>Tue 14 May 2030, 16:00 UTC</time> (1 h 30 min)' in upcoming
    assert "Course: client onboarding basics" in latest and "Live: writing" not in latest
    assert "Undated tip: keep a swipe file</a></strong><br><span class=\"rebound-feed-meta\">Stale · date unknown" in latest
    assert "Good &lt;Publisher&gt;" in block and "Good <Publisher>" not in block
    assert "stale since Wed 5 Mar 2025, 12:00 UTC: HTTP 503 &lt;Service Unavailable&gt;" in block
    assert "failing: timed out connecting" in block
    assert "New</a> (article" in block and "not fetched yet" in block


def test_a_niche_never_fetched_says_so_once_and_lists_its_sources() -> None:
    block = render_feed_block(build_niche_view(NICHE, {}))
    assert block.count("haven't fetched") == 1
    assert "not fetched yet" not in block and "## Upcoming" not in block and "## Latest" not in block
    assert 'href="https://good.example/"' in block and block.count("<li>") == 4


def test_hostile_entries_are_escaped_in_the_page() -> None:
    src = Source("testing", "Hostile", "https://hostile.example/feed", "https://hostile.example/", "article")
    record = Record(src.niche, src.feed).with_success(NOW, entries("xss_payloads.xml", src), None, None)
    page = render_niche_page(build_niche_view(Niche("testing", "T", "D.", (src,)), {src: record}))
    for payload in ("<script", "javascript:", "onerror", "<img", "alert("):
        assert payload not in page


def test_health_page_lists_every_source() -> None:
    page = render_health_page(build_health([build_niche_view(NICHE, records())]))
    assert "## [Testing](testing.md)" in page
    assert "| [Good &lt;Publisher&gt;](<https://good.example/feed>) | – | fresh |" in page
    assert "HTTP 503 &lt;Service Unavailable&gt;" in page and "| 1 | – | 0 | 1 d |" in page
    assert "| not fetched yet | never | none | 0 | – | – | – |" in page


def test_an_event_card_escapes_every_feed_string_it_shows() -> None:
    """The card is an autoescaped template: text from a feed never becomes markup, quotes included."""
    hostile = '"><script>alert(1)</script>'
    entry = Entry("e1", f"Talk {hostile}", f"https://x.example/?q={hostile}", "", f"Org {hostile}", "web", "webinar",
                  starts=datetime(2030, 5, 14, 16, tzinfo=UTC), location=f"Hall {hostile}", series="s", repeats="every week")
    card = render_event_item(Listed(entry, later=2), events={"e1": (f"events/{hostile}.ics", f"https://g.example/?{hostile}")},
                             niche_titles={"web": f"Web {hostile}"})
    assert "<script" not in card
    # title, link, niche, organizer, place, .ics and calendar link: each quote and bracket escaped
    assert card.count("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 7
    assert card.startswith('<li class="rebound-card" data-niche="web"><strong><a class="rebound-card-link" href="https://x.example/?q=&quot;&gt;')
    assert '<span class="rebound-event-repeats">And every week after that.</span>' in card
