"""Subscription outputs: where they live, what goes into them, and the links pages show.

Layout, at the site's root (every address inside the files absolute, from ``site_url``):

    <niche>.rss.xml  .atom.xml  .json  .ics    one niche: what its page lists; its upcoming events
    all.rss.xml  .atom.xml  .json  .ics        every niche together (an entry listed in two niches once)
    updates.rss.xml  .atom.xml  .json          new and updated strategies and worksheets
    events/<uid>.ics                           one event, for "add to calendar" on a niche page
    sources.opml                               every curated source, grouped by niche

Why the root and not a feeds/ folder: Material's JavaScript fetches ``sitemap.xml`` next to every
``<link rel="alternate">`` target on every page load (it takes them for language versions; the
same code is reported as zensical/zensical#908). Next to a root-level feed that is the site's own
sitemap, which Material fetches anyway; inside feeds/ it would be a 404 per link per page view.

Feeds carry exactly the entries the niche pages show (`NicheView.upcoming` + `NicheView.latest`,
computed once by the feeds hook), so "upcoming" means after the niche's last check, as on the page.

Pure: no I/O and no clock. Dates, in order of preference: the entry's own; for a feed, its newest
item's; for an entry without any date (Atom requires one), the last check of its niche; when a
niche has never been checked, `NEVER` (1970-01-01T00:00:00Z), which says "no data" and never moves.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote, urlsplit, urlunsplit

from rebound.clean import clean_text
from rebound.ical import Event, google_event_link, render_calendar
from rebound.model import Entry, Niche, Source
from rebound.opml import render_opml
from rebound.render import SubscribeLinks, format_date, md_escape
from rebound.syndicate import Channel, Item, newest, render_atom, render_json_feed, render_rss
from rebound.updates import PageDates
from rebound.views import NicheView, entry_keys, newest_first, shown_entries

FEEDS_DIR = ""                            # the site's root: see the module docstring
ALL = "all"
UPDATES = "updates"
RESERVED = (ALL, UPDATES, "tags")        # tags.json is the tags plugin's
OPML_PATH = "sources.opml"
STYLESHEET = "assets/feed.xsl"           # content/assets/feed.xsl, a static file of the site
SUBSCRIBE_PAGE = "subscribe.md"
HOME_PAGE = "index.md"
SUBSCRIBE_MARKER = "<!-- rebound:subscribe -->"
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
_SUFFIX = {"rss": ".rss.xml", "atom": ".atom.xml", "json": ".json", "ics": ".ics"}
TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "ics": "text/calendar",
}


def feed_path(name: str, kind: str) -> str:
    """Site-relative path of feed ``kind`` (rss, atom, json, ics) of ``name`` (a niche slug, all, updates)."""
    return posixpath.join(FEEDS_DIR, f"{name}{_SUFFIX[kind]}")


def event_path(entry: Entry) -> str:
    """Site-relative path of the one-event calendar of ``entry``."""
    return posixpath.join(FEEDS_DIR, "events", f"{entry.uid}.ics")


def from_page(path: str, page_url: str) -> str:
    """Site-relative ``path`` as a link from the page at ``page_url`` (a MkDocs ``File.url``: ``./``, ``a/b/``, ``a/b.html``)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(path, posixpath.normpath(folder) if folder else ".")


def absolute(site_url: str, path: str) -> str:
    """``path`` (site-relative) as an absolute address under ``site_url``."""
    return site_url.rstrip("/") + "/" + path


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) address: calendar apps subscribe instead of downloading."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def google_subscribe(url: str) -> str:
    """Google Calendar's "add calendar by URL" link for the calendar at ``url``."""
    return "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe=":/")


# --- From entries to items and events ------------------------------------------------------------


@dataclass(frozen=True)
class HubPage:
    """A strategy or worksheet for the updates feed: what it is, where, and its commit dates."""

    src_uri: str
    url: str          # absolute
    title: str
    description: str
    kind: str         # "strategy" or "worksheet"
    dates: PageDates


def entry_item(entry: Entry, source: Source | None, fallback: datetime) -> Item:
    """An entry as a feed item; an event's time leads its summary."""
    summary = entry.summary
    if entry.starts:
        when = format_date(entry.starts) + (f" to {format_date(entry.ends)}" if entry.ends else "")
        summary = f"<p>When: {escape(when)}</p>" + summary
    extension = {}
    if entry.starts:
        extension = {"starts": entry.starts.isoformat(), "ends": entry.ends.isoformat() if entry.ends else None}
    return Item(
        id=entry.id,
        title=entry.title,
        link=entry.link,
        summary_html=summary,
        updated=entry.updated or entry.published or fallback,
        published=entry.published or entry.updated,
        author=entry.source,
        author_url=source.site if source else None,
        source_feed=source.feed if source else None,
        categories=tuple(dict.fromkeys((entry.kind, *entry.tags))),
        extension=extension,
    )


def entry_event(entry: Entry, fallback: datetime) -> Event:
    """An upcoming entry as a calendar event (``entry.starts`` must be set)."""
    assert entry.starts is not None
    return Event(
        uid=f"{entry.uid}@rebound",
        title=entry.title,
        starts=entry.starts,
        ends=entry.ends,
        url=entry.link,
        description=clean_text(entry.summary, limit=1000),
        source=entry.source,
        stamp=entry.updated or entry.published or fallback,
    )


def _sources(niches: Iterable[Niche]) -> dict[tuple[str, str], Source]:
    return {(s.niche, s.name): s for n in niches for s in n.sources}


# --- Building every output -----------------------------------------------------------------------


def build_outputs(
    niches: Sequence[Niche],
    views: Mapping[str, NicheView],
    pages: Sequence[HubPage],
    *,
    site_url: str,
    page_urls: Mapping[str, str],
    site_name: str = "Rebound",
) -> dict[str, str | bytes]:
    """Every subscription file, by site-relative path. ``page_urls``: niche slug / all / updates → page address."""
    for niche in niches:
        if niche.slug in RESERVED:
            raise ValueError(f"niche slug {niche.slug!r} is taken: {niche.slug}.json or .rss.xml is another file of the site")
    sources = _sources(niches)
    outputs: dict[str, str | bytes] = {}
    # all.*: an entry two niches list (by the niche pages' own test, entry_keys) appears once.
    everything: list[tuple[Item, Entry]] = []
    upcoming: list[Event] = []
    seen: set[str] = set()
    seen_events: set[str] = set()
    for niche in niches:
        view = views[niche.slug]
        fallback = view.checked_at or NEVER
        entries = shown_entries(view)
        items = [entry_item(e, sources.get((e.niche, e.source)), fallback) for e in entries]
        for entry, item in zip(entries, items):
            keys = entry_keys(entry)
            if not keys & seen:
                everything.append((item, entry))
                seen |= keys
        title = f"{site_name}: {niche.title} training"
        outputs |= _feeds(niche.slug, title, niche.description, items, fallback, site_url, page_urls[niche.slug])
        events = [entry_event(e, fallback) for e in view.upcoming if e.starts]
        outputs[feed_path(niche.slug, "ics")] = render_calendar(
            f"{site_name}: {niche.title} webinars", f"Upcoming free webinars and events: {niche.title}.", events
        )
        for entry, event in zip((e for e in view.upcoming if e.starts), events):
            keys = entry_keys(entry)
            if not keys & seen_events:
                upcoming.append(event)
                seen_events |= keys
            outputs.setdefault(event_path(entry), render_calendar(entry.title, f"From {entry.source}, via {site_name}.", [event]))

    checks = [v.checked_at for v in views.values() if v.checked_at]
    all_fallback = max(checks, default=NEVER)
    merged = sorted(everything, key=lambda row: newest_first(row[1]))
    outputs |= _feeds(
        ALL, f"{site_name}: training for every niche", "Free webinars, courses and articles for freelancers, every niche.",
        [row[0] for row in merged], all_fallback, site_url, page_urls[ALL],
    )
    outputs[feed_path(ALL, "ics")] = render_calendar(
        f"{site_name}: webinars, every niche", "Upcoming free webinars and events for freelancers.",
        sorted(upcoming, key=lambda e: (e.starts, e.title, e.uid)),
    )

    hub = sorted(pages, key=lambda p: (-p.dates.updated.timestamp(), p.title, p.src_uri))
    outputs |= _feeds(
        UPDATES, f"{site_name}: new and updated guides", "New and updated strategies and worksheets on Rebound.",
        [_page_item(p) for p in hub], NEVER, site_url, page_urls[UPDATES],
    )
    outputs[OPML_PATH] = render_opml(niches, title=f"{site_name}: curated training sources", owner_url=site_url)
    return outputs


def _page_item(page: HubPage) -> Item:
    return Item(
        id=page.url,
        title=page.title,
        link=page.url,
        summary_html=f"<p>{escape(page.description)}</p>",
        updated=page.dates.updated,
        published=page.dates.published,
        author="Rebound",
        categories=(page.kind,),
    )


def _feeds(name: str, title: str, description: str, items: Sequence[Item], fallback: datetime,
           site_url: str, page_url: str) -> dict[str, str]:
    """The RSS, Atom and JSON Feed files of one channel."""
    channel = Channel(
        title=title,
        description=description,
        page_url=page_url,
        rss_url=absolute(site_url, feed_path(name, "rss")),
        atom_url=absolute(site_url, feed_path(name, "atom")),
        json_url=absolute(site_url, feed_path(name, "json")),
        updated=newest(items, fallback),
        items=tuple(items),
        stylesheet=posixpath.relpath(STYLESHEET, FEEDS_DIR or "."),
    )
    return {
        feed_path(name, "rss"): render_rss(channel),
        feed_path(name, "atom"): render_atom(channel),
        feed_path(name, "json"): render_json_feed(channel),
    }


# --- What pages show ---------------------------------------------------------------------------


def niche_links(view: NicheView, *, site_url: str, src_uri: str, page_url: str) -> SubscribeLinks:
    """A niche page's subscribe line and per-event links.

    The subscribe line is Markdown, so its targets are relative to the page's source file and a
    strict build checks them. Event links sit in raw HTML, which MkDocs neither checks nor
    rewrites, so they are relative to the page's own address (``page_url``, site-relative).
    """
    slug = view.niche.slug
    here = posixpath.dirname(src_uri)
    events = {}
    for entry in view.upcoming:
        if entry.starts:
            event = entry_event(entry, view.checked_at or NEVER)
            events[entry.id] = (from_page(event_path(entry), page_url), google_event_link(event))
    return SubscribeLinks(
        feeds=feed_choices(slug, site_url=site_url, here=here),
        help_page=posixpath.relpath(SUBSCRIBE_PAGE, here or "."),
        events=events,
    )


def feed_choices(name: str, *, site_url: str, here: str, calendar: bool = True) -> tuple[tuple[str, str], ...]:
    """(label, link) pairs for ``name``'s feeds; relative links are relative to folder ``here`` of content/."""
    def rel(path: str) -> str:
        return posixpath.relpath(path, here or ".")

    links = [("RSS", rel(feed_path(name, "rss"))), ("Atom", rel(feed_path(name, "atom"))),
             ("JSON Feed", rel(feed_path(name, "json")))]
    if calendar:
        ics = absolute(site_url, feed_path(name, "ics"))
        links += [("Calendar (webcal)", webcal(ics)), ("Google Calendar", google_subscribe(ics)),
                  (".ics file", rel(feed_path(name, "ics")))]
    return tuple(links)


def alternate_links(niche: Niche | None, *, page_url: str, page_src: str, site_name: str = "Rebound") -> list[tuple[str, str, str]]:
    """Autodiscovery (type, title, href) for a page's ``<head>``: only the feeds that page announces.

    A niche page announces its niche's feeds, the Subscribe page the every-niche ones, the home page
    the hub's updates; every other page none. Material's script fetches ``sitemap.xml`` once per
    ``<link rel="alternate">`` on every page view, so a link on a page that doesn't offer that feed
    costs every reader a request for nothing. The addresses are relative to the page (``page_url``,
    site-relative), like Material's own links, so a copy of the site served elsewhere (a preview,
    the tests) points at itself.
    """
    def link(name: str, kind: str) -> str:
        return from_page(feed_path(name, kind), page_url)

    if niche:
        return [(TYPES[kind], f"{site_name}: {niche.title} training ({label})", link(niche.slug, kind))
                for kind, label in (("rss", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"), ("ics", "calendar"))]
    if page_src == SUBSCRIBE_PAGE:
        return [
            (TYPES["rss"], f"{site_name}: training for every niche (RSS)", link(ALL, "rss")),
            (TYPES["atom"], f"{site_name}: training for every niche (Atom)", link(ALL, "atom")),
            (TYPES["ics"], f"{site_name}: webinars, every niche (calendar)", link(ALL, "ics")),
        ]
    if page_src == HOME_PAGE:
        return [(TYPES["rss"], f"{site_name}: new and updated guides (RSS)", link(UPDATES, "rss"))]
    return []


def render_head_links(links: Sequence[tuple[str, str, str]]) -> str:
    """``<link rel="alternate">`` tags, escaped."""
    return "".join(
        f'<link rel="alternate" type="{escape(kind)}" title="{escape(title)}" href="{escape(href)}">' for kind, title, href in links
    )


def render_subscribe_block(niches: Sequence[Niche], *, site_url: str) -> str:
    """The Subscribe page's list of every feed and calendar, as Markdown (links relative to the page)."""
    def line(choices: Sequence[tuple[str, str]]) -> str:
        return " · ".join(f"[{label}](<{target}>)" for label, target in choices)

    def section(title: str, name: str, calendar: bool = True) -> list[str]:
        choices = feed_choices(name, site_url=site_url, here="", calendar=calendar)
        parts = [f"### {md_escape(title)}", "", f"- In a feed reader: {line(choices[:3])}"]
        if calendar:
            parts.append(f"- In your calendar: {line(choices[3:])}")
        return [*parts, ""]

    lines = ["## Every feed and calendar", ""]
    lines += section("Every niche together", ALL)
    for niche in niches:
        lines += section(niche.title, niche.slug)
    lines += section("New and updated guides", UPDATES, calendar=False)
    lines += [
        "### All the sources we follow",
        "",
        f"- [Download the list of sources (OPML)](<{OPML_PATH}>): import it into your feed reader to"
        " follow every source directly, without Rebound's selection.",
        "",
    ]
    return "\n".join(lines)
