"""Parsing real and hostile feeds into clean entries; selecting what a niche page shows."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rebound import formats
from rebound.devtools.feeds_server import fixture
from rebound.formats import InputFormat, ParseError
from rebound.formats.feed import parse_feed
from rebound.model import Entry, Niche, Record, Source
from rebound.urls import event_path
from rebound.plan import plan_site
from rebound.views import build_niche_view, select_by_source

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)


def source(name: str = "Test source", keywords: tuple[str, ...] = ()) -> Source:
    return Source("testing", name, f"https://{name.lower().replace(' ', '-')}.example/feed", "https://rebound.test/", "webinar", keywords)


def parse(name: str, url: str = "https://feeds.example/feed/", src: Source | None = None, content_type: str = "application/rss+xml"):
    return parse_feed(fixture(name), url=url, content_type=content_type, source=src or source(), fetched_at=NOW)


def test_rss20_real_feed_css_tricks() -> None:
    entries = parse("rss20_css_tricks.xml", url="https://css-tricks.com/feed/")
    assert len(entries) == 15
    assert entries[0].title == "Meta Theme Color and Trickery"
    assert entries[0].link == "https://css-tricks.com/meta-theme-color-and-trickery/"
    assert entries[0].published == datetime(2021, 7, 13, 14, 58, 33, tzinfo=UTC)
    assert all(e.published and e.published.tzinfo is UTC for e in entries)


def test_atom10_real_feed_slash7() -> None:
    entries = parse("atom10_slash7.xml", url="http://feeds.feedburner.com/slash7/rss", content_type="application/atom+xml")
    assert len(entries) == 15
    assert entries[0].title == "JavaScript Performance Rocks! is live!"
    assert entries[0].published == datetime(2009, 1, 22, 0, 19, tzinfo=UTC)
    assert "<script" not in "".join(e.summary for e in entries)


def test_rss10_rdf_real_feed_slashdot() -> None:
    entries = parse("rss10_rdf_slashdot.xml", url="http://slashdot.org/")
    assert len(entries) == 15
    assert entries[0].title == "Windows 7 Taskbar Not So Similar To OS X Dock After All"
    assert all(e.date is not None for e in entries)  # dc:date


def test_iso_8859_1_real_feed_decodes_accents() -> None:
    entries = parse("iso_8859_1_jn.xml", content_type="application/rss+xml")
    assert entries[0].title == "Reações dos partidos ao veto de Marcelo"
    assert "\ufffd" not in "".join(e.title for e in entries)


def test_relative_links_are_made_absolute_against_the_feed_address() -> None:
    entries = parse("relative_links.xml", url="https://academy.example/feeds/main.xml")
    assert [e.link for e in entries] == [
        "https://academy.example/academy/portfolio-clinic/",
        "https://academy.example/feeds/pricing/",  # relative to the feed's own address
    ]
    assert 'href="https://academy.example/academy/notes/"' in entries[0].summary


def test_rss_event_module_gives_aware_start_and_end() -> None:
    entries = parse("rss20_basic.xml")
    event = entries[0]
    assert event.starts == datetime(2030, 5, 14, 16, 0, tzinfo=UTC)
    assert event.ends == datetime(2030, 5, 14, 17, 30, tzinfo=UTC)
    assert entries[1].starts is None


def test_event_calendar_feed_with_its_own_date_elements() -> None:
    entries = parse("event_calendar_brock.xml", url="https://experiencebu.brocku.ca/events.rss")
    writing = next(e for e in entries if e.title == "Writing Exams")
    assert writing.starts == datetime(2025, 4, 4, 17, 0, tzinfo=UTC)
    assert writing.ends == datetime(2025, 4, 4, 18, 0, tzinfo=UTC)


def test_entries_without_dates_are_kept_and_sorted_last() -> None:
    undated = parse("no_dates.xml", src=source("Undated"))
    dated = parse("rss20_basic.xml", src=source("Dated"))
    assert undated[0].date is None and undated[0].title == "Undated tip: keep a swipe file"
    records = {s: Record(s.niche, s.feed, checked_at=NOW, last_success=NOW, entries=e)
               for s, e in ((source("Undated"), undated), (source("Dated"), dated))}
    niche = Niche("testing", "Testing", "Test.", tuple(records))
    assert [e.title for e in build_niche_view(niche, records).latest][-1] == "Undated tip: keep a swipe file"


def test_xss_payloads_in_title_summary_link_and_enclosure_are_removed() -> None:
    entries = parse("xss_payloads.xml")
    first, second = entries
    assert first.title == "Safe title"
    assert first.link is None and second.link is None  # javascript: and data: links dropped
    assert first.summary == (
        '--&gt;<p>Summary <a rel="nofollow noopener noreferrer">bad link</a> '
        '<a href="https://ok.example/" rel="nofollow noopener noreferrer">good link</a></p>'
    )
    text = repr(entries)
    for payload in ("javascript:", "onerror", "onclick", "<img", "<svg", "<form", "<iframe", "<style", "alert(8)"):
        assert payload not in text
    assert "\x07" not in second.summary and "\u202e" not in second.summary


def test_duplicates_across_sources_are_shown_once() -> None:
    first, second = source("First"), source("Second")
    records = {
        first: Record(first.niche, first.feed, checked_at=NOW, last_success=NOW, entries=parse("duplicates_first.xml", src=first)),
        second: Record(second.niche, second.feed, checked_at=NOW, last_success=NOW, entries=parse("duplicates_second.xml", src=second)),
    }
    view = build_niche_view(Niche("testing", "Testing", "Test.", (first, second)), records)
    assert [(e.title, e.source) for e in view.upcoming] == [("Portfolio Day 2030", "First")]
    assert [(e.title, e.source) for e in view.latest] == [
        ("Only in the second feed", "Second"),
        ("Shared article about rates", "First"),
    ]


def test_keywords_keep_only_matching_entries() -> None:
    picky = source("Picky", keywords=("webinar",))
    records = {picky: Record(picky.niche, picky.feed, checked_at=NOW, last_success=NOW, entries=parse("rss20_basic.xml", src=picky))}
    kept, = select_by_source(Niche("testing", "Testing", "Test.", (picky,)), records)
    assert [e.title for e in kept] == ["Live: writing proposals that win"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("html_instead_of_xml.html", "not an RSS or Atom feed"),
        ("truncated_xml.xml", "truncated XML"),
        ("empty_feed.xml", "feed has no entries"),
    ],
)
def test_unusable_bodies_raise_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(name)


def test_a_path_like_body_is_not_read_as_a_file(tmp_path: Path) -> None:
    # feedparser.parse opens a path given as str or bytes: a body naming a valid feed on disk
    # would parse. Ours must be read as the bytes it is, which are not a feed.
    on_disk = tmp_path / "valid.xml"
    on_disk.write_bytes(fixture("rss20_basic.xml"))
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse_feed(str(on_disk).encode(), url="https://x.example/", content_type="text/plain", source=source(), fetched_at=NOW)


def test_entry_ids_are_stable() -> None:
    feed = source().feed
    assert [e.id for e in parse("xss_payloads.xml")] == [f"{feed}#xss-1", f"{feed}#xss-2"]  # scoped to the feed
    assert parse("no_dates.xml")[0].id == "https://undated.example/swipe-file"
    # A later fetch of the same feed gives each entry the uid it had (calendars and anchors keep it).
    first = parse("rss20_basic.xml")
    later = parse_feed(fixture("rss20_basic.xml"), url="https://feeds.example/feed/", content_type="application/rss+xml",
                       source=source(), fetched_at=NOW + timedelta(days=3))
    assert [e.uid for e in later] == [e.uid for e in first]
    assert len({e.uid for e in first}) == len(first) >= 2


def test_event_dates_out_of_range_become_unknown() -> None:
    entries = {e.title: e for e in parse("event_dates_out_of_range.xml")}
    assert len(entries) == 4  # no date sinks the whole source
    for title in ("Webinar at the end of time", "Webinar before the beginning of time", "Webinar in the next century"):
        assert entries[title].starts is None and entries[title].ends is None
    assert entries["Webinar on a normal day"].starts == datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def test_short_guids_from_different_feeds_are_different_entries() -> None:
    first, second = source("First"), source("Second")
    records = {
        first: Record(first.niche, first.feed, checked_at=NOW, last_success=NOW, entries=parse("short_guid_first.xml", src=first)),
        second: Record(second.niche, second.feed, checked_at=NOW, last_success=NOW, entries=parse("short_guid_second.xml", src=second)),
    }
    (one,), (other,) = records[first].entries, records[second].entries
    assert (one.id, other.id) == (f"{first.feed}#1", f"{second.feed}#1")
    assert one.uid != other.uid  # so events/<uid>.ics are two files
    view = build_niche_view(Niche("testing", "Testing", "Test.", (first, second)), records)
    assert [e.title for e in view.upcoming] == ["Pricing clinic", "Portfolio review night"]
    assert parse("short_guid_first.xml", src=first)[0].id == one.id  # stable across parses
    niche = Niche("testing", "Testing", "Test.", (first, second))
    outputs = plan_site([niche], {"testing": view}, hub_pages=[], existing=set(), site_url="https://rebound.test/").outputs
    every = str(outputs["all.rss.xml"])
    assert "Pricing clinic" in every and "Portfolio review night" in every
    assert {event_path(one.uid), event_path(other.uid)} <= set(outputs)


def test_all_feeds_use_the_niche_pages_definition_of_the_same_entry() -> None:
    # The same article and event reach two niches through two feeds, each with its own guid.
    first = Source("alpha", "First", "https://first.example/feed", "https://first.example/", "webinar")
    second = Source("beta", "Second", "https://second.example/feed", "https://second.example/", "webinar")
    records = {s: Record(s.niche, s.feed, checked_at=NOW, last_success=NOW, entries=parse(name, src=s))
               for s, name in ((first, "duplicates_first.xml"), (second, "duplicates_second.xml"))}
    niches = [Niche("alpha", "Alpha", "A.", (first,)), Niche("beta", "Beta", "B.", (second,))]
    views = {n.slug: build_niche_view(n, records) for n in niches}
    outputs = plan_site(niches, views, hub_pages=[], existing=set(), site_url="https://rebound.test/").outputs
    every = str(outputs["all.rss.xml"])
    assert every.count("<title>Portfolio Day 2030</title>") == 1  # same title and start
    assert every.count("https://shared.example/articles/rates") == 1  # same link, give or take a slash
    assert "Only in the second feed" in every
    assert bytes(outputs["all.ics"]).count(b"BEGIN:VEVENT") == 1


def test_the_input_format_registry_picks_a_reader_by_its_first_bytes_then_by_media_type(monkeypatch) -> None:  # noqa: ANN001
    def read_fake(body: bytes, **_: object) -> tuple[Entry, ...]:
        return (Entry(id="fake:1", title=body.decode(), link=None, summary="", source="s", niche="n", kind="webinar"),)

    fake = InputFormat("fake", ("application/x-fake",), lambda head: head.startswith(b"FAKE"), read_fake)
    monkeypatch.setattr(formats, "REGISTERED", (*formats.REGISTERED, fake))
    assert formats.find_format(b"\xef\xbb\xbf\n FAKE body", "text/plain") is fake   # BOM and spaces skipped
    assert formats.find_format(b"{}", "application/x-fake; charset=utf-8") is fake
    assert formats.find_format(b"<rss/>", "application/x-fake").name == "feed"      # the body wins
    assert formats.find_format(b"{}", "application/json").name == formats.DEFAULT
    name, entries = formats.parse_body(b"FAKE", url="https://x.example/", content_type="", source=source(), fetched_at=NOW)
    assert name == "fake" and [e.title for e in entries] == ["FAKE"]


def test_a_body_no_reader_recognises_goes_to_feedparser_which_names_its_type() -> None:
    with pytest.raises(ParseError, match=r"not an RSS or Atom feed \(got application/json\)"):
        formats.parse_body(b'{"a": 1}', url="https://x.example/", content_type="application/json; charset=utf-8",
                           source=source(), fetched_at=NOW)
