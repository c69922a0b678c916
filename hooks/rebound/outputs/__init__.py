"""Output formats: the kinds of subscription file the site publishes, one registry entry each.

A format is a suffix, a media type, the words pages use for it and a renderer. Two kinds:

- ``READER`` formats (RSS, Atom, JSON Feed) render a `rebound.outputs.syndicate.Channel` of items; every
  niche, ``all`` and ``updates`` gets one file of each.
- ``CALENDAR`` formats (iCalendar) render a `Calendar` of upcoming events; niches and ``all``
  get one (``updates`` lists pages, not events).

Pages list formats by kind, never by position: the Subscribe page's "In a feed reader" line shows
every ``READER``, "In your calendar" every ``CALENDAR``. Adding a format is one entry in
`OUTPUT_FORMATS` (and its renderer): the files, the pages' links and ``<head>`` autodiscovery follow.

The writers are this package's modules, one per family of formats: `rebound.outputs.syndicate`
(RSS, Atom, JSON Feed), `rebound.outputs.ical` (iCalendar) and `rebound.outputs.opml` (the
sources list). They import nothing from the rest of the package but `rebound.model`; where each
file lives is `rebound.urls`' rule. Pure: no I/O.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rebound.outputs.ical import Event, render_calendar   # icalendar itself is imported only to write one
from rebound.outputs.syndicate import render_atom, render_json_feed, render_rss
from rebound.urls import google_subscribe, webcal

READER = "reader"
CALENDAR = "calendar"


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
