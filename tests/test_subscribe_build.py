"""End to end: strict builds against a feed server on 127.0.0.1, every subscription output read back.

Real parsers throughout: feedparser (RSS, Atom), icalendar (.ics), ElementTree (OPML), jsonschema
with the JSON Feed 1.1 rules (feedparser 6.0 does not read JSON Feed), and Chromium for the XSL.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
import yaml

from rebound.devtools.browser import serve_directory
from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.devtools.project import ROOT, copy_project, run_build
from rebound.page_types import load_page_types

SITE_URL = re.search(r"^site_url: *(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
SOURCES = """\
niches:
  - slug: test-niche
    title: Test niche
    description: A niche served from 127.0.0.1.
    sources:
      - name: Local Skills
        feed: {good}
        site: https://skills.example/
        kind: webinar
      - name: Hostile
        feed: {xss}
        site: https://hostile.example/
        kind: article
      - name: Injector
        feed: {inject}
        site: https://inject.example/
        kind: webinar
  - slug: second-niche
    title: Second niche
    description: The same feed again at another address, so "all" must list its entries once.
    sources:
      - name: Local Skills
        feed: {again}
        site: https://skills.example/
        kind: webinar
      - name: Past Events
        feed: {past}
        site: https://experiencebu.brocku.ca/
        kind: webinar
"""
NICHES = ("test-niche", "second-niche")
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
UNCOMMITTED = "content/worksheets/skill-growth-plan.md"
UPDATED = "content/strategies/keep-trying-keep-hope.md"

# JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the parts every feed and item must meet.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "patternProperties": {"^_": {}},
            },
        },
    },
}


@dataclass(frozen=True)
class Built:
    site: Path
    again: Path      # a second build from the same cache
    project: Path


def git(project: Path, *args: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run([*GIT, *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("subscribe")
    project = copy_project(tmp / "project")
    # History for the updates feed: everything on 1 Jan, one strategy changed on 1 Feb, one
    # worksheet never committed.
    git(project, "init", "-q", when="2025-01-01T10:00:00+00:00")
    git(project, "add", "--", ".", f":!{UNCOMMITTED}", when="2025-01-01T10:00:00+00:00")
    git(project, "commit", "-q", "-m", "first", when="2025-01-01T10:00:00+00:00")
    page = project / UPDATED
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "second", when="2025-02-01T12:30:00+00:00")

    sources, cache = tmp / "sources.yml", tmp / "cache"
    env = {"REBOUND_SOURCES": str(sources), "REBOUND_CACHE_DIR": str(cache), "REBOUND_FEEDS_TTL": "0",
           "REBOUND_FETCH_TIMEOUT": "2", "REBOUND_FEEDS_BUDGET": "5"}
    files = {"/good": "rss20_basic.xml", "/again": "rss20_basic.xml", "/xss": "xss_payloads.xml", "/inject": "xss_calendar_injection.xml",
             "/past": "event_calendar_brock.xml"}
    with serve({path: Route(fixture(name)) for path, name in files.items()}) as server:
        sources.write_text(SOURCES.format(**{p[1:]: server.url(p) for p in files}), encoding="utf-8")
        first = run_build(project, tmp / "site1", REBOUND_OFFLINE="0", **env)
    assert first.returncode == 0, first.stderr
    second = run_build(project, tmp / "site2", REBOUND_OFFLINE="1", **env)
    assert second.returncode == 0, second.stderr
    return Built(tmp / "site1", tmp / "site2", project)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def calendar(site: Path, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def link_of(entry: feedparser.FeedParserDict) -> str | None:
    """An entry's own link; feedparser would otherwise report an Atom id as the link of an entry without one."""
    return next((link.href for link in entry.get("links", []) if link.rel == "alternate"), None)


def events_of(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return [c for c in cal.walk("VEVENT")]


@dataclass(frozen=True)
class Shown:
    title: str
    link: str | None
    time: datetime
    ics: str | None


def shown(site: Path, slug: str) -> tuple[list[Shown], list[Shown]]:
    """The niche page's upcoming events and latest trainings, as a reader sees them."""
    page = read(site, f"niches/{slug}/index.html")
    page = page[page.index("<article") :]
    upcoming, latest = page.split('id="latest-trainings"', 1)

    def entries(part: str) -> list[Shown]:
        found = []
        for line in part.splitlines():
            if not re.match(r"<li[^>]*><strong>", line):
                continue
            link = re.match(r'<li[^>]*><strong><a (?:class="[^"]*" )?href="([^"]+)"', line)
            title = re.search(r"<strong>(?:<a [^>]*>)?(.*?)(?:</a>)?</strong>", line)
            stamp = re.search(r'<time datetime="([^"]+)"', line)
            ics = re.search(r'<a href="([^"]+\.ics)" download>', line)
            assert title and stamp, line
            found.append(Shown(html.unescape(title.group(1)), html.unescape(link.group(1)) if link else None,
                               datetime.fromisoformat(stamp.group(1)), ics.group(1) if ics else None))
        return found

    return entries(upcoming), entries(latest)


def outputs(site: Path) -> list[Path]:
    found = [p for pattern in ("*.rss.xml", "*.atom.xml", "*.json", "*.ics", "*.opml", "events/*.ics")
             for p in site.glob(pattern)]
    return sorted(p for p in found if p.name != "tags.json")  # tags.json: Material's tags plugin


# --- Every format parses -------------------------------------------------------------------------


def test_every_rss_and_atom_feed_parses_without_bozo(built: Built) -> None:
    for name in (*NICHES, "all", "updates"):
        rss, atom = feed(built.site, f"{name}.rss.xml"), feed(built.site, f"{name}.atom.xml")
        assert rss.version == "rss20" and atom.version == "atom10"
        for parsed, kind in ((rss, "rss"), (atom, "atom")):
            assert parsed.feed.title.startswith("Rebound: ")
            self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
            assert self_links == [f"{SITE_URL}{name}.{kind}.xml"]
            for entry in parsed.entries:
                assert entry.id and entry.title
                assert (link_of(entry) or "https://").startswith(("https://", "http://"))
        assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert feed(built.site, "test-niche.atom.xml").entries[0].author  # source attribution


def test_rss_dates_are_rfc822_and_atom_dates_rfc3339(built: Built) -> None:
    rss = read(built.site, "test-niche.rss.xml")
    atom = read(built.site, "test-niche.atom.xml")
    rfc822 = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT"
    for stamp in re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", rss):
        assert re.fullmatch(rfc822, stamp), stamp
    for stamp in re.findall(r"<(?:updated|published)>([^<]*)<", atom):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp), stamp
    # The channel's date is its newest entry's, not the clock: Local Skills' item of 4 Mar 2025
    # is older than the injection feed's 6 Mar 2025.
    assert "<lastBuildDate>Thu, 06 Mar 2025 08:00:00 GMT</lastBuildDate>" in rss


def test_json_feeds_follow_json_feed_1_1_and_match_rss(built: Built) -> None:
    checker = jsonschema.Draft202012Validator(JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    for name in (*NICHES, "all", "updates"):
        document = json.loads(read(built.site, f"{name}.json"))
        errors = [e.message for e in checker.iter_errors(document)]
        assert errors == [], name
        assert document["feed_url"] == f"{SITE_URL}{name}.json"
        rss = feed(built.site, f"{name}.rss.xml")
        assert [i["id"] for i in document["items"]] == [e.id for e in rss.entries]
        assert [i.get("url") for i in document["items"]] == [link_of(e) for e in rss.entries]


def test_opml_lists_every_source_grouped_by_niche(built: Built, tmp_path: Path) -> None:
    root = ET.fromstring((built.site / "sources.opml").read_bytes())
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    groups = root.findall("body/outline")
    assert [g.get("text") for g in groups] == ["Test niche", "Second niche"]
    names = [[(o.get("type"), o.get("text")) for o in g.findall("outline")] for g in groups]
    assert names == [[("rss", "Local Skills"), ("rss", "Hostile"), ("rss", "Injector")],
                     [("rss", "Local Skills"), ("rss", "Past Events")]]
    for outline in root.iter("outline"):
        if outline.get("type") == "rss":
            assert outline.get("xmlUrl", "").startswith("http://127.0.0.1:")
            assert outline.get("htmlUrl", "").startswith("https://")


def test_calendars_parse_with_utc_times_and_stable_uids(built: Built) -> None:
    for name in (*NICHES, "all"):
        cal = calendar(built.site, f"{name}.ics")
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        for event in events_of(cal):
            for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
                assert key in event, (name, key)
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert start.utcoffset().total_seconds() == 0 and end > start
            assert "From: " in str(event["DESCRIPTION"])  # the source, named
        raw = read(built.site, f"{name}.ics")
        assert all(line.endswith("Z") for line in re.findall(r"^DT(?:START|END|STAMP)[:;].*", raw, flags=re.M))
    # No end in the feed: one hour by default.
    second = [e for e in events_of(calendar(built.site, "test-niche.ics")) if "Second event" in str(e["SUMMARY"])][0]
    assert (second.decoded("DTEND") - second.decoded("DTSTART")).total_seconds() == 3600


# --- Round trip: the pages and the outputs agree -----------------------------------------------


def test_every_entry_on_a_niche_page_is_in_its_feeds_with_the_same_link_and_date(built: Built) -> None:
    for slug in NICHES:
        upcoming, latest = shown(built.site, slug)
        assert latest, slug
        rss = feed(built.site, f"{slug}.rss.xml")
        atom = feed(built.site, f"{slug}.atom.xml")
        everything = [*upcoming, *latest]
        assert len(rss.entries) == len(atom.entries) == len(everything)
        for parsed in (rss, atom):
            titles = {e.title: e for e in parsed.entries}
            for item in everything:
                entry = titles[item.title]
                if item.link is None and parsed is atom:
                    # Atom requires an alternate link (RFC 4287 4.1.1): the niche page that lists it.
                    assert (link_of(entry) or "").endswith(f"/niches/{slug}/")
                else:
                    assert link_of(entry) == item.link
            for item in latest:  # the page shows their publication date
                published = titles[item.title].published_parsed
                assert datetime(*published[:6], tzinfo=UTC) == item.time


def test_every_upcoming_event_on_a_niche_page_is_in_its_calendars(built: Built) -> None:
    everywhere = {str(e["SUMMARY"]): e for e in events_of(calendar(built.site, "all.ics"))}
    for slug in NICHES:
        upcoming, _ = shown(built.site, slug)
        events = {str(e["SUMMARY"]): e for e in events_of(calendar(built.site, f"{slug}.ics"))}
        assert set(events) == {item.title for item in upcoming}
        for item in upcoming:
            for event in (events[item.title], everywhere[item.title]):
                assert event.decoded("DTSTART") == item.time
                assert (str(event["URL"]) if "URL" in event else None) == item.link
            # "Add to calendar": a one-event file at the address the page links to.
            assert item.ics and item.ics.startswith("../../events/")
            single = calendar(built.site, posixpath.normpath(f"niches/{slug}/{item.ics}"))
            (only,) = events_of(single)
            assert only["UID"] == events[item.title]["UID"]
    # Past events (relative to the last check, as on the page) stay out; shared entries appear once.
    assert not any("Wellness HUB" in title for title in everywhere)
    assert list(everywhere).count("Live: writing proposals that win") == 1
    assert len(everywhere) == len({str(e["UID"]) for e in everywhere.values()})


def test_all_feeds_list_each_entry_once(built: Built) -> None:
    parsed = feed(built.site, "all.rss.xml")
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids))
    niche_ids = {e.id for slug in NICHES for e in feed(built.site, f"{slug}.rss.xml").entries}
    assert set(ids) == niche_ids


def test_updates_feed_dates_come_from_git_history(built: Built) -> None:
    parsed = feed(built.site, "updates.atom.xml")
    by_link = {e.link: e for e in parsed.entries}
    assert f"{SITE_URL}worksheets/skill-growth-plan/" not in by_link  # never committed
    # Every page of the types the page-type table lists in the updates feed, but the section
    # index pages and the one draft.
    listed = [t for t in load_page_types() if t.in_updates]
    pages = [p for t in listed for p in (built.project / "content" / str(t.folder)).glob("*.md") if p.name != "index.md"]
    assert len(by_link) == len(pages) - 1  # one draft
    changed = by_link[f"{SITE_URL}strategies/keep-trying-keep-hope/"]
    assert changed.updated == "2025-02-01T12:30:00Z" and changed.published == "2025-01-01T10:00:00Z"
    assert parsed.entries[0] is changed  # the latest change first
    other = by_link[f"{SITE_URL}strategies/dont-take-it-personally/"]
    assert other.updated == other.published == "2025-01-01T10:00:00Z"
    assert parsed.feed.updated == "2025-02-01T12:30:00Z"
    assert other.title == "Don't take rejection personally" and other.summary


# --- Where readers find them --------------------------------------------------------------------


def alternates(page: str) -> list[dict[str, str]]:
    head = page[: page.index("</head>")]
    tags = re.findall(r'<link rel="alternate" ([^>]*)>', head)
    return [{k: html.unescape(v) for k, v in re.findall(r'(\w+)="([^"]*)"', tag)} for tag in tags]


def test_autodiscovery_tags_resolve_to_files_in_the_built_site(built: Built) -> None:
    pages = [p for p in built.site.rglob("index.html") if "<article" in p.read_text(encoding="utf-8")]
    assert len(pages) > 10
    announcing = 0
    for path in pages:
        links = alternates(path.read_text(encoding="utf-8"))
        announcing += bool(links)
        for link in links:
            assert link["title"] and "://" not in link["href"]  # relative: a preview points at itself
            target = (path.parent / link["href"]).resolve()
            assert target.is_file() and target.is_relative_to(built.site.resolve()), (path, link["href"])
            # Material fetches sitemap.xml beside every rel=alternate target on each page load:
            # beside ours it must be the site's own, not a 404.
            assert (target.parent / "sitemap.xml").is_file(), link["href"]
    assert announcing == len(NICHES) + 2   # the niche pages, Subscribe and home
    for slug in NICHES:
        links = alternates(read(built.site, f"niches/{slug}/index.html"))
        assert [link["href"].rsplit("/", 1)[1] for link in links] == [
            f"{slug}.rss.xml", f"{slug}.atom.xml", f"{slug}.json", f"{slug}.ics"]
        assert [link["type"] for link in links] == [
            "application/rss+xml", "application/atom+xml", "application/feed+json", "text/calendar"]
    assert [link["href"] for link in alternates(read(built.site, "subscribe/index.html"))] == [
        "../all.rss.xml", "../all.atom.xml", "../all.ics"]
    assert [link["href"] for link in alternates(read(built.site, "index.html"))] == ["updates.rss.xml"]


def test_pages_that_offer_no_feed_announce_none(built: Built) -> None:
    # Each <link rel="alternate"> costs every reader a sitemap.xml request (Material's script).
    for page in ("strategies/dont-take-it-personally/index.html", "worksheets/rejection-debrief/index.html",
                 "about/index.html", "niches/index.html"):
        assert alternates(read(built.site, page)) == [], page


def test_niche_pages_and_the_subscribe_page_link_to_every_output(built: Built) -> None:
    for slug in NICHES:
        page = read(built.site, f"niches/{slug}/index.html")
        for name in (f"{slug}.rss.xml", f"{slug}.atom.xml", f"{slug}.json", f"{slug}.ics"):
            assert f'href="../../{name}"' in page
        ics = f"{SITE_URL}{slug}.ics".split("://", 1)[1]
        assert f'href="webcal://{ics}"' in page
        assert f'href="https://calendar.google.com/calendar/r?cid=webcal://{ics}"' in page
        assert 'href="../../subscribe/"' in page
    subscribe = read(built.site, "subscribe/index.html")
    for name in ("all.rss.xml", "all.atom.xml", "all.json", "all.ics", "updates.rss.xml", "sources.opml",
                 "test-niche.rss.xml", "second-niche.ics"):
        assert f'href="../{name}"' in subscribe
        assert (built.site / name).is_file()
    assert f'href="webcal://{SITE_URL.split("://", 1)[1]}all.ics"' in subscribe
    nav = subscribe[subscribe.index('<nav class="md-nav md-nav--primary"') : subscribe.index("<article")]
    assert "Subscribe" in nav


# --- Hostile text --------------------------------------------------------------------------------

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def test_hostile_text_is_escaped_or_dropped_in_every_output(built: Built) -> None:
    for path in outputs(built.site):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ics":
            text = text.replace("\r\n", "\n")
        assert not CONTROL.search(text), path
        for bad in ("javascript:", "data:text/html", "<script", "&lt;script", "onerror", "onclick", "<iframe"):
            assert bad not in text.lower(), (path, bad)
    # Markup in titles is text in every format: never an element, never unescaped '<'.
    for name in ("test-niche.rss.xml", "test-niche.atom.xml"):
        titles = [e.title for e in feed(built.site, f"{name}").entries]
        assert "Safe title" in titles and not any("<" in t for t in titles)
    json_titles = [i["title"] for i in json.loads(read(built.site, "test-niche.json"))["items"]]
    assert "Safe title" in json_titles


def test_crlf_in_a_title_cannot_inject_calendar_lines(built: Built) -> None:
    for path in [built.site / "test-niche.ics", built.site / "all.ics",
                 *sorted((built.site / "events").glob("*.ics"))]:
        raw = path.read_bytes().decode("utf-8")
        lines = raw.split("\r\n")
        assert lines[-1] == "" and "\n" not in raw.replace("\r\n", "")  # CRLF only, no bare line breaks
        cal = icalendar.Calendar.from_ical(raw)
        events = events_of(cal)
        assert sum(line == "BEGIN:VEVENT" for line in lines) == len(events)
        assert sum(line == "END:VCALENDAR" for line in lines) == 1
        assert not any(line.startswith(("SUMMARY:Injected", "ATTACH", "DTSTART:1970")) for line in lines)
        for event in events:
            assert "\n" not in str(event["SUMMARY"]) and "\r" not in str(event["SUMMARY"])
    evil = [e for e in events_of(calendar(built.site, "test-niche.ics")) if str(e["SUMMARY"]).startswith("Evil")]
    (event,) = evil
    assert "BEGIN:VEVENT SUMMARY:Injected event END:VEVENT ATTACH:https://evil.example/x; a,b\\c" in str(event["SUMMARY"])
    assert "URL" not in event  # its javascript: link was dropped, not written
    assert "END:VCALENDAR" in str(event["DESCRIPTION"])  # stayed text inside the description


# --- Determinism ---------------------------------------------------------------------------------


def test_two_builds_from_the_same_cache_are_byte_identical(built: Built) -> None:
    first, second = outputs(built.site), outputs(built.again)
    assert [p.relative_to(built.site) for p in first] == [p.relative_to(built.again) for p in second]
    # 4 per niche, 4 for all, 3 for the updates, the OPML and three one-event calendars.
    assert len(first) == 2 * 4 + 4 + 3 + 1 + 3
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.relative_to(built.site)


def test_two_builds_from_the_same_cache_render_identical_niche_pages(built: Built) -> None:
    # Two processes, so set and dict ordering that differs between runs would show here.
    pages = sorted(p.relative_to(built.site) for p in (built.site / "niches").rglob("index.html"))
    assert len(pages) >= 3  # the index, the test niche and the feed-health page
    for page in pages:
        first = (built.site / page).read_text(encoding="utf-8")
        second = (built.again / page).read_text(encoding="utf-8")
        article = slice(first.index("<article"), first.index("</article>"))
        assert first[article] == second[second.index("<article"):second.index("</article>")], page


# --- The real site, offline with an empty cache (as `make site` builds it) ----------------------


def test_outputs_of_the_real_site_are_valid_with_no_entries(built_site: Path) -> None:
    slugs = [n["slug"] for n in yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))["niches"]]
    for name in (*slugs, "all"):
        for kind in ("rss", "atom"):
            parsed = feed(built_site, f"{name}.{kind}.xml")
            assert parsed.entries == []
        # Never fetched: the documented fixed date, not the clock.
        assert "<updated>1970-01-01T00:00:00Z</updated>" in read(built_site, f"{name}.atom.xml")
        assert events_of(calendar(built_site, f"{name}.ics")) == []
        assert json.loads(read(built_site, f"{name}.json"))["items"] == []
    feed(built_site, "updates.rss.xml")
    root = ET.fromstring((built_site / "sources.opml").read_bytes())
    assert [g.get("text") for g in root.findall("body/outline")] and len(root.findall("body/outline")) == len(slugs)


# --- A person clicking a feed link ---------------------------------------------------------------


@pytest.mark.browser
def test_a_feed_opened_in_chromium_is_a_readable_page(built: Built, chromium) -> None:  # noqa: ANN001
    dialogs: list[str] = []
    with serve_directory(built.site) as url:
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for name in ("test-niche.rss.xml", "test-niche.atom.xml"):
                page.goto(f"{url}{name}")
                text = page.locator("main").inner_text()
                assert "This is a web feed." in text
                assert f"{SITE_URL}{name}" in text
                assert "Live: writing proposals that win" in text and "Safe title" in text
                link = page.get_by_role("link", name="Live: writing proposals that win")
                assert link.get_attribute("href") == "https://skills.example/webinars/proposals"
                assert page.locator("script").count() == 0
        finally:
            context.close()
    assert dialogs == []


@pytest.mark.browser
def test_a_niche_page_with_autodiscovery_links_loads_without_failed_requests(built: Built, chromium) -> None:  # noqa: ANN001
    # Material requests sitemap.xml beside every rel=alternate target: it must find the real one.
    with serve_directory(built.site) as url:
        context = chromium.new_context()
        try:
            page = context.new_page()
            failed: list[str] = []
            requested: list[str] = []
            page.on("request", lambda r: requested.append(r.url))
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(f"{url}niches/test-niche/", wait_until="networkidle")
        finally:
            context.close()
    assert f"{url}sitemap.xml" in requested
    assert failed == []
    assert all(r.startswith(url) for r in requested if r.startswith("http"))
