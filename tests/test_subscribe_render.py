"""The subscription modules on their own: hostile text straight into each writer, ids, dates, links."""
from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar

from rebound.devtools.feeds_server import fixture
from rebound.formats.feed import parse_feed
from rebound.outputs.ical import Event, google_event_link, render_calendar
from rebound.model import Entry, Niche, Source
from rebound.urls import from_page, google_subscribe, page_url, webcal
from rebound.plan import plan_site
from rebound.render import render_feed_block
from rebound.feed_files import niche_events
from rebound.subscribe import niche_links
from rebound.outputs.syndicate import Channel, Item, feed_id, render_atom, render_json_feed, render_rss
from rebound.updates import find_git_dates, parse_git_log
from rebound.views import NicheView

HOSTILE = 'Evil\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nEND:VEVENT; a,b\\c <b>bold</b> ]]> \x01\x07\x1b\u202e end'
WHEN = datetime(2031, 1, 15, 17, 0, tzinfo=UTC)


def channel(*items: Item) -> Channel:
    return Channel(title="T <x>", description="D & d", page_url="https://site.example/p/",
                   self_url="https://site.example/f.xml", updated=WHEN, items=items, stylesheet="../a.xsl")


def test_a_title_with_crlf_stays_one_summary_even_without_the_clean_step() -> None:
    event = Event(uid="u1@rebound", title=HOSTILE, starts=WHEN, ends=None, url=None,
                  description="line\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR", source="S\r\nX-EVIL:1", stamp=WHEN)
    raw = render_calendar("Cal\r\nX-EVIL:1", "d", [event])
    lines = raw.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VCALENDAR") == 1
    assert not any(line.startswith(("SUMMARY:Injected", "X-EVIL", "END:VEVENT;")) for line in lines)
    (parsed,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == "Evil BEGIN:VEVENT SUMMARY:Injected END:VEVENT; a,b\\c <b>bold</b> ]]> end"
    assert parsed.decoded("DTEND") - parsed.decoded("DTSTART") == timedelta(hours=1)
    assert "X-EVIL:1" in str(parsed["DESCRIPTION"])  # text inside the description, not a property
    link = google_event_link(event)
    assert "\r" not in link and "\n" not in link and " " not in link


def test_feeds_carry_hostile_text_as_text_and_drop_what_xml_cannot_hold() -> None:
    item = Item(id="plain id", title=HOSTILE, link="https://e.example/a?b=1&c=2", summary_html="<p>x</p>",
                updated=WHEN, published=WHEN, author="Src <s>", source_feed="https://e.example/feed")
    for render in (render_rss, render_atom):
        text = render(channel(item))
        assert "\x01" not in text and "\u202e" not in text
        parsed = feedparser.parse(text.encode())
        assert not parsed.bozo, parsed.get("bozo_exception")
        (entry,) = parsed.entries
        assert entry.link == "https://e.example/a?b=1&c=2"
        # The title comes back as the same text (XML turns CR LF into LF): markup in it stayed text.
        assert entry.title == "Evil\nBEGIN:VEVENT\nSUMMARY:Injected\nEND:VEVENT; a,b\\c <b>bold</b> ]]>  end"
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_rss(channel(item))
    assert "\\u0001" not in render_json_feed(channel(item)) and "\x01" not in render_json_feed(channel(item))


def test_ids_are_kept_when_absolute_and_hashed_otherwise() -> None:
    assert feed_id("https://e.example/1") == "https://e.example/1"
    assert feed_id("urn:uuid:1234") == "urn:uuid:1234"
    assert feed_id("xss-1") == feed_id("xss-1") != feed_id("xss-2")
    assert feed_id("xss-1").startswith("urn:sha256:")
    assert feed_id("javascript:alert(1)").startswith("urn:sha256:")


def test_dates_in_the_outputs_come_from_the_entries_not_the_clock() -> None:
    niche = Niche("n", "N", "d", (Source("n", "S", "https://s.example/f", "https://s.example/", "webinar"),))
    entry = Entry(id="https://s.example/1", title="One", link="https://s.example/1", summary="", source="S",
                  niche="n", kind="webinar", published=datetime(2025, 3, 4, tzinfo=UTC), starts=WHEN)
    view = NicheView(niche, (entry,), (), (), datetime(2025, 3, 5, tzinfo=UTC))
    args = dict(hub_pages=[], existing=set(), site_url="https://site.example/r/")
    first = plan_site([niche], {"n": view}, **args).outputs
    assert "<lastBuildDate>Tue, 04 Mar 2025 00:00:00 GMT</lastBuildDate>" in first["n.rss.xml"]
    assert "<updated>1970-01-01T00:00:00Z</updated>" in first["updates.atom.xml"]  # empty: NEVER
    assert b"DTSTAMP:20250304T000000Z" in first["n.ics"]


def test_niche_links_point_at_the_outputs_from_the_page() -> None:
    niche = Niche("web", "Web", "d", ())
    entry = Entry(id="e1", title="Talk", link=None, summary="", source="S", niche="web", kind="webinar", starts=WHEN)
    view = NicheView(niche, (entry,), (), (), WHEN - timedelta(days=1))
    events = niche_events(view)
    links = niche_links(view, events, site_url="https://site.example/r/", src_uri="niches/web.md", page_url="niches/web/")
    assert links.reader == "../web.rss.xml"
    assert links.calendar == "webcal://site.example/r/web.ics"
    assert dict(links.feeds)["Atom"] == "../web.atom.xml"  # the other ways, behind "More ways"
    assert "RSS" not in dict(links.feeds) and "Calendar (webcal)" not in dict(links.feeds)
    assert links.help_page == "../subscribe.md"
    assert links.events["e1"][0] == f"../../events/{entry.uid}.ics"
    flat = niche_links(view, events, site_url="https://site.example/r/", src_uri="niches/web.md", page_url="niches/web.html")
    assert flat.events["e1"][0] == f"../events/{entry.uid}.ics"
    block = render_feed_block(view, links)
    assert "[Get these in your calendar](<webcal://site.example/r/web.ics>){ .md-button .md-button--primary }" in block
    assert "[Follow in a feed reader](<../web.rss.xml>){ .md-button }" in block
    assert block.index("Get these in your calendar") < block.index("<summary>More ways to follow</summary>")
    assert block.index("## Upcoming events") < block.index("## Latest trainings") < block.index("## Sources")
    assert f'<a href="../../events/{entry.uid}.ics" download>' in block
    assert "Follow in a feed reader" not in render_feed_block(view)


def test_links_from_a_page_follow_its_address() -> None:
    assert [page_url(uri) for uri in ("index.md", "niches/index.md", "niches/web.md")] == ["./", "niches/", "niches/web/"]
    assert page_url("niches/web.md", directory_urls=False) == "niches/web.html"
    assert from_page("all.rss.xml", "./") == "all.rss.xml"
    assert from_page("all.rss.xml", "niches/web/") == "../../all.rss.xml"
    assert from_page("events/x.ics", "niches/web.html") == "../events/x.ics"
    assert from_page("all.rss.xml", "about.html") == "all.rss.xml"


def test_webcal_and_google_subscribe_links() -> None:
    assert webcal("https://a.example/r/feeds/all.ics") == "webcal://a.example/r/feeds/all.ics"
    assert google_subscribe("https://a.example/r/x.ics") == "https://calendar.google.com/calendar/r?cid=webcal://a.example/r/x.ics"


def test_git_log_output_gives_first_and_latest_commit() -> None:
    log = ("\x1e2025-02-01T12:30:00+01:00\n\na.md\n\x1e2025-01-01T10:00:00Z\n\na.md\nb.md\nother.md\n")
    dates = parse_git_log(log, {"a.md", "b.md"})
    assert dates["a.md"].published == datetime(2025, 1, 1, 10, tzinfo=UTC)
    assert dates["a.md"].updated == datetime(2025, 2, 1, 11, 30, tzinfo=UTC)
    assert dates["b.md"].published == dates["b.md"].updated and "other.md" not in dates


def test_no_git_history_means_no_dates(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert find_git_dates(tmp_path, ["a.md"]) == {}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert find_git_dates(tmp_path, ["a.md"]) == {}  # untracked: a draft, not published


def test_every_atom_entry_has_an_alternate_link_even_when_its_own_was_dropped() -> None:
    source = Source("testing", "Hostile", "https://hostile.example/feed", "https://hostile.example/", "article")
    entries = parse_feed(fixture("xss_payloads.xml"), url=source.feed, content_type="application/rss+xml",
                         source=source, fetched_at=WHEN)
    assert [e.link for e in entries] == [None, None]  # javascript: and data: links dropped
    items = [Item(id=e.id, title=e.title, link=e.link, summary_html=e.summary, updated=WHEN) for e in entries]
    atom = ET.fromstring(render_atom(channel(*items)).encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    found = atom.findall("a:entry", ns)
    assert len(found) == 2
    for entry in found:
        if entry.find("a:content", ns) is None:  # RFC 4287 4.1.1
            assert [link.get("href") for link in entry.findall("a:link[@rel='alternate']", ns)] == ["https://site.example/p/"]
