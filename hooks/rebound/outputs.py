"""Output formats: the kinds of subscription file the site publishes, one registry entry each.

A format is a suffix, a media type, the words pages use for it and a renderer. Two kinds:

- ``READER`` formats (RSS, Atom, JSON Feed) render a `rebound.syndicate.Channel` of items; every
  niche, ``all`` and ``updates`` gets one file of each.
- ``CALENDAR`` formats (iCalendar) render a `Calendar` of upcoming events; niches and ``all``
  get one (``updates`` lists pages, not events).

Pages list formats by kind, never by position: the Subscribe page's "In a feed reader" line shows
every ``READER``, "In your calendar" every ``CALENDAR``. Adding a format is one entry in
`OUTPUT_FORMATS` (and its renderer): the files, the pages' links and ``<head>`` autodiscovery follow.

Also here: where files live and how a page links to them (one rule for all of it).
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from rebound.ical import Event, render_calendar   # icalendar itself is imported only to write one
from rebound.syndicate import render_atom, render_json_feed, render_rss

READER = "reader"
CALENDAR = "calendar"
# Outputs sit at the site's root, not in a feeds/ folder: Material's JavaScript fetches
# ``sitemap.xml`` next to every ``<link rel="alternate">`` target on every page load (it takes
# them for language versions; the same code is reported as zensical/zensical#908). Next to a
# root-level feed that is the site's own sitemap, which Material fetches anyway; inside feeds/ it
# would be a 404 per link per page view.
FEEDS_DIR = ""


def plain_link(label: str, relative: str, absolute: str) -> tuple[tuple[str, str], ...]:
    """The usual way to offer a file: one link, relative to the page."""
    return ((label, relative),)


@dataclass(frozen=True)
class OutputFormat:
    """One kind of subscription file.

    ``label``: its link text on pages; ``head_label``: its name in a ``<link rel="alternate">``
    title; ``choices(label, relative, absolute)``: the (text, target) links a page offers for a
    file of this format (a calendar adds a ``webcal://`` and a Google Calendar link);
    ``render``: a `Channel` (``READER``) or a `Calendar` (``CALENDAR``) to the file's content.
    """

    name: str
    suffix: str
    media_type: str
    label: str
    head_label: str
    kind: str
    render: Callable[[Any], str | bytes]
    choices: Callable[[str, str, str], tuple[tuple[str, str], ...]] = field(default=plain_link)


@dataclass(frozen=True)
class Calendar:
    """What a ``CALENDAR`` format renders: a named list of events, in order."""

    name: str
    description: str
    events: Sequence[Event]


def _render_ics(calendar: Calendar) -> bytes:
    return render_calendar(calendar.name, calendar.description, calendar.events)


def _calendar_links(label: str, relative: str, absolute: str) -> tuple[tuple[str, str], ...]:
    return (("Calendar (webcal)", webcal(absolute)), ("Google Calendar", google_subscribe(absolute)), (label, relative))


# The registry. Order is the order pages list them in.
OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("rss", ".rss.xml", "application/rss+xml", "RSS", "RSS", READER, render_rss),
    OutputFormat("atom", ".atom.xml", "application/atom+xml", "Atom", "Atom", READER, render_atom),
    OutputFormat("json", ".json", "application/feed+json", "JSON Feed", "JSON Feed", READER, render_json_feed),
    OutputFormat("ics", ".ics", "text/calendar", ".ics file", "calendar", CALENDAR, _render_ics, _calendar_links),
)


def output_format(name: str) -> OutputFormat:
    """The registered format called ``name`` (``rss``, ``ics``…); KeyError names the known ones."""
    for candidate in OUTPUT_FORMATS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no output format {name!r}; known: {', '.join(f.name for f in OUTPUT_FORMATS)}")


def formats_of(kind: str) -> tuple[OutputFormat, ...]:
    """The registered formats of one kind (``READER`` or ``CALENDAR``), in registry order."""
    return tuple(f for f in OUTPUT_FORMATS if f.kind == kind)


def output_path(name: str, fmt: OutputFormat) -> str:
    """Site-relative path of ``name``'s file (a niche slug, all, updates) in format ``fmt``."""
    return posixpath.join(FEEDS_DIR, f"{name}{fmt.suffix}")


def event_path(uid: str) -> str:
    """Site-relative path of the one-event calendar of the entry whose ``uid`` this is."""
    return posixpath.join(FEEDS_DIR, "events", f"{uid}.ics")


# --- Addresses ------------------------------------------------------------------------------------


def page_url(src_uri: str, *, directory_urls: bool = True) -> str:
    """Where MkDocs serves the page ``src_uri`` (its ``File.url``): ``a/b.md`` is ``a/b/`` or ``a/b.html``."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def from_page(path: str, page_url: str) -> str:
    """Site-relative ``path`` as a link from the page at ``page_url`` (a MkDocs ``File.url``: ``./``, ``a/b/``, ``a/b.html``)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(path, posixpath.normpath(folder) if folder else ".")


def link_to_source(target: str, source: str) -> str:
    """A Markdown link from the page whose source is ``source`` to the page whose source is ``target``
    (both paths under the docs folder, ``a/b.md``): every generator checks and rewrites these."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


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
