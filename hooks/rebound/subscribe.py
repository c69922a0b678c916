"""The links pages show for the subscription files: a niche page's ways to follow it and its
"add to calendar" links, the Subscribe page's list of every file, and ``<head>`` autodiscovery.

What goes into the files is `rebound.feed_files`'; their paths are `rebound.urls`'. Pure: no I/O.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rebound.model import Entry, Niche
from rebound.outputs import CALENDAR, READER, OutputFormat, formats_of, output_format
from rebound.outputs.ical import Event, google_event_link
from rebound.text import md_escape
from rebound.urls import (
    ALL,
    HOME_PAGE,
    OPML_PATH,
    SUBSCRIBE_PAGE,
    UPDATES,
    absolute,
    event_path,
    from_page,
    link_to_source,
    output_path,
    webcal,
)
from rebound.views import NicheView, SubscribeLinks

SUBSCRIBE_MARKER = "<!-- rebound:subscribe -->"


# --- What pages show ---------------------------------------------------------------------------


def niche_links(view: NicheView, events: Sequence[tuple[Entry, Event]], *, site_url: str, src_uri: str,
                page_url: str) -> SubscribeLinks:
    """A niche page's ways to follow it ("Get these in your calendar", "Follow in a feed reader",
    then the rest) and its per-event links.

    The follow links are Markdown, so their targets are relative to the page's source file and a
    strict build checks them. Event links sit in raw HTML, which MkDocs neither checks nor
    rewrites, so they are relative to the page's own address (``page_url``, site-relative).
    """
    slug = view.niche.slug
    choices = feed_choices(slug, formats_of(READER) + formats_of(CALENDAR), site_url=site_url, source=src_uri)
    calendar = webcal(absolute(site_url, output_path(slug, output_format("ics"))))
    reader = link_to_source(output_path(slug, output_format("rss")), src_uri)
    return SubscribeLinks(
        feeds=tuple(choice for choice in choices if choice[1] not in (calendar, reader)),
        help_page=link_to_source(SUBSCRIBE_PAGE, src_uri),
        events=event_links(events, page_url=page_url),
        calendar=calendar,
        reader=reader,
        page_url=page_url,
    )


def event_links(events: Iterable[tuple[Entry, Event]], *, page_url: str) -> dict[str, tuple[str, str]]:
    """Entry id → (its one-event .ics, relative to the page at ``page_url``; its Google Calendar link)."""
    return {entry.id: (from_page(event_path(entry.uid), page_url), google_event_link(event)) for entry, event in events}


def feed_choices(name: str, formats: Sequence[OutputFormat], *, site_url: str, source: str) -> tuple[tuple[str, str], ...]:
    """(label, link) pairs for ``name``'s files in ``formats``; relative links are from the page whose source is ``source``."""
    choices: list[tuple[str, str]] = []
    for fmt in formats:
        path = output_path(name, fmt)
        choices += fmt.choices(fmt.label, link_to_source(path, source), absolute(site_url, path))
    return tuple(choices)


def render_subscribe_block(niches: Sequence[Niche], *, site_url: str) -> str:
    """The Subscribe page's list of every feed and calendar, as Markdown (links relative to the page)."""
    def line(choices: Sequence[tuple[str, str]]) -> str:
        return " · ".join(f"[{label}](<{target}>)" for label, target in choices)

    def section(title: str, name: str, calendar: bool = True) -> list[str]:
        readers = feed_choices(name, formats_of(READER), site_url=site_url, source=SUBSCRIBE_PAGE)
        parts = [f"### {md_escape(title)}", "", f"- In a feed reader: {line(readers)}"]
        if calendar:
            parts.append(f"- In your calendar: {line(feed_choices(name, formats_of(CALENDAR), site_url=site_url, source=SUBSCRIBE_PAGE))}")
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


# Which pages announce the site-wide files in their <head>, and what they call them. Every other
# page announces none: Material's script fetches ``sitemap.xml`` once per ``<link rel="alternate">``
# on every page view, so a link on a page that doesn't offer that feed costs every reader a
# request for nothing.
PAGE_ALTERNATES = {
    SUBSCRIBE_PAGE: ((ALL, "rss", "training for every niche"), (ALL, "atom", "training for every niche"),
                     (ALL, "ics", "webinars, every niche")),
    HOME_PAGE: ((UPDATES, "rss", "new and updated guides"),),
}


def alternate_links(niche: Niche, *, site_name: str = "Rebound") -> tuple[tuple[str, str, str], ...]:
    """Autodiscovery (media type, title, site-relative path) for a niche page's ``<head>``: its niche's files."""
    return tuple((fmt.media_type, f"{site_name}: {niche.title} training ({fmt.head_label})", output_path(niche.slug, fmt))
                 for fmt in formats_of(READER) + formats_of(CALENDAR))


def page_alternates(*, site_name: str = "Rebound") -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Autodiscovery for the pages that offer the site-wide files (`PAGE_ALTERNATES`), by source path."""
    found = {}
    for src_uri, announced in PAGE_ALTERNATES.items():
        links = []
        for name, format_name, title in announced:
            fmt = output_format(format_name)
            links.append((fmt.media_type, f"{site_name}: {title} ({fmt.head_label})", output_path(name, fmt)))
        found[src_uri] = tuple(links)
    return found
