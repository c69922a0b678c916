"""What goes into each subscription file: a niche's, every niche's (``all``) and the guides' (``updates``).

Layout, at the site's root (every address inside the files absolute, from ``site_url``; the
formats and suffixes are the registry in `rebound.outputs`, the paths `rebound.urls`):

    <niche>.rss.xml  .atom.xml  .json  .ics    one niche: what its page lists; its upcoming events
    all.rss.xml  .atom.xml  .json  .ics        every niche together (an entry listed in two niches once)
    updates.rss.xml  .atom.xml  .json          new and updated strategies and worksheets
    events/<uid>.ics                           one event, for "add to calendar" on a niche page
    sources.opml                               every curated source, grouped by niche

Feeds carry exactly the entries the niche pages show (`NicheView.upcoming` + `NicheView.latest`),
so "upcoming" means after the niche's last check, as on the page. `rebound.plan` calls these
functions once per build; nothing here is called by a hook directly. The links pages show for
these files are `rebound.subscribe`'s.

Pure: no I/O and no clock. Dates, in order of preference: the entry's own; for a feed, its newest
item's; for an entry without any date (Atom requires one), the last check of its niche; when a
niche has never been checked, `NEVER` (1970-01-01T00:00:00Z), which says "no data" and never moves.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape

from rebound.clean import clean_text
from rebound.model import Entry, Niche, Source
from rebound.outputs import CALENDAR, READER, Calendar, formats_of, output_format
from rebound.outputs.ical import Event
from rebound.outputs.opml import render_opml
from rebound.outputs.syndicate import Channel, Item, newest
from rebound.text import format_date
from rebound.updates import PageDates
from rebound.urls import ALL, FEEDS_DIR, OPML_PATH, STYLESHEET, UPDATES, absolute, event_path, output_path
from rebound.views import NicheView, entry_keys, list_upcoming, newest_first, shown_entries

RESERVED = (ALL, UPDATES, "tags")        # tags.json is the tags plugin's
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class HubPage:
    """A strategy or worksheet for the updates feed: what it is, where, and its commit dates."""

    src_uri: str
    url: str          # absolute
    title: str
    description: str
    kind: str         # its page type: "strategy" or "worksheet"
    dates: PageDates


@dataclass(frozen=True)
class Stream:
    """One set of subscription files: a niche's, every niche's (``all``) or the guides' (``updates``).

    ``calendar_title`` None: the stream has no calendar (``updates`` lists pages, not events).
    """

    name: str
    title: str
    description: str
    page_url: str                     # absolute: the page the feeds follow
    calendar_title: str | None = None
    calendar_description: str = ""


def niche_stream(niche: Niche, *, site_name: str, page_url: str) -> Stream:
    """The feeds and calendar of one niche."""
    return Stream(niche.slug, f"{site_name}: {niche.title} training", niche.description, page_url,
                  f"{site_name}: {niche.title} webinars", f"Upcoming webinars and events, free unless they say to check the price: {niche.title}.")


def all_stream(*, site_name: str, page_url: str) -> Stream:
    """Every niche together."""
    return Stream(ALL, f"{site_name}: training for every niche",
                  "Free webinars, courses and articles for freelancers, every niche.", page_url,
                  f"{site_name}: webinars, every niche", "Upcoming webinars and events for freelancers, free unless they say to check the price.")


def updates_stream(*, site_name: str, page_url: str) -> Stream:
    """New and updated strategies and worksheets."""
    return Stream(UPDATES, f"{site_name}: new and updated guides", "New and updated strategies and worksheets on Rebound.",
                  page_url)


# --- From entries to items and events ------------------------------------------------------------


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
        description=_priced(entry, clean_text(entry.summary, limit=1000)),
        source=entry.source,
        stamp=entry.updated or entry.published or fallback,
        all_day=entry.all_day,
    )


def _priced(entry: Entry, description: str) -> str:
    # The pages say "Check the price" for sources that give none; a calendar says it in words.
    return description if entry.free else f"Check the price on the event's page. {description}".strip()


def niche_events(view: NicheView) -> tuple[tuple[Entry, Event], ...]:
    """The niche page's upcoming entries that have a start, each with its calendar event."""
    fallback = view.checked_at or NEVER
    return tuple((entry, entry_event(entry, fallback)) for entry in view.upcoming if entry.starts)


def listed_events(pairs: Sequence[tuple[Entry, Event]]) -> tuple[tuple[Entry, Event], ...]:
    """The pairs whose entry a page lists (`list_upcoming`: a series cut to its next few): only
    those get a one-event calendar file and an "add to calendar" link."""
    listed = {item.entry.id for item in list_upcoming([entry for entry, _ in pairs])}
    return tuple(pair for pair in pairs if pair[0].id in listed)


def _sources(niches: Iterable[Niche]) -> dict[tuple[str, str], Source]:
    return {(s.niche, s.name): s for n in niches for s in n.sources}


# --- Building every output -----------------------------------------------------------------------


def build_outputs(
    niches: Sequence[Niche],
    views: Mapping[str, NicheView],
    events: Mapping[str, Sequence[tuple[Entry, Event]]],
    pages: Sequence[HubPage],
    *,
    streams: Mapping[str, Stream],
    site_url: str,
    site_name: str = "Rebound",
) -> dict[str, str | bytes]:
    """Every subscription file, by site-relative path. ``streams``: niche slug / all / updates → `Stream`."""
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
        outputs |= render_stream(streams[niche.slug], items, fallback, [e for _, e in events[niche.slug]], site_url)
        for entry, event in events[niche.slug]:
            keys = entry_keys(entry)
            if not keys & seen_events:
                upcoming.append(event)
                seen_events |= keys
        for entry, event in listed_events(events[niche.slug]):
            outputs.setdefault(event_path(entry.uid), _one_event(entry, event, site_name))

    checks = [v.checked_at for v in views.values() if v.checked_at]
    merged = sorted(everything, key=lambda row: newest_first(row[1]))
    outputs |= render_stream(streams[ALL], [row[0] for row in merged], max(checks, default=NEVER),
                             sorted(upcoming, key=lambda e: (e.starts, e.title, e.uid)), site_url)
    hub = sorted(pages, key=lambda p: (-p.dates.updated.timestamp(), p.title, p.src_uri))
    outputs |= render_stream(streams[UPDATES], [_page_item(p) for p in hub], NEVER, [], site_url)
    outputs[OPML_PATH] = render_opml(niches, title=f"{site_name}: curated training sources", owner_url=site_url)
    return outputs


def _one_event(entry: Entry, event: Event, site_name: str) -> bytes:
    calendar = Calendar(entry.title, f"From {entry.source}, via {site_name}.", [event])
    return output_format("ics").render(calendar)


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


def render_stream(stream: Stream, items: Sequence[Item], fallback: datetime, events: Sequence[Event],
                  site_url: str) -> dict[str, str | bytes]:
    """The files of one stream: one per ``READER`` format and, if it has a calendar, per ``CALENDAR`` format."""
    channel = Channel(
        title=stream.title,
        description=stream.description,
        page_url=stream.page_url,
        self_url="",
        updated=newest(items, fallback),
        items=tuple(items),
        stylesheet=posixpath.relpath(STYLESHEET, FEEDS_DIR or "."),
    )
    files: dict[str, str | bytes] = {}
    for fmt in formats_of(READER):
        path = output_path(stream.name, fmt)
        files[path] = fmt.render(replace(channel, self_url=absolute(site_url, path)))
    if stream.calendar_title is not None:
        calendar = Calendar(stream.calendar_title, stream.calendar_description, events)
        for fmt in formats_of(CALENDAR):
            files[output_path(stream.name, fmt)] = fmt.render(calendar)
    return files
