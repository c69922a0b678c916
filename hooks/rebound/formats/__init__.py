"""Input formats: one module per kind of source body, all behind one interface, found by name.

How a fetched body becomes entries (`rebound.collect` calls `parse_body`):

1. `find_format` picks the reader: the first registered format whose ``sniff`` recognises the
   body's first bytes (servers often send the wrong media type); else the first that lists the
   response's media type; else `DEFAULT` (feedparser, whose own error then names what it got).
2. That format's ``parse`` turns the body into cleaned `rebound.model.Entry` values.

The interface every reader module implements, as one `InputFormat` value named ``FORMAT``::

    def parse(body: bytes, *, url: str, content_type: str, source: Source,
              fetched_at: datetime) -> tuple[Entry, ...]

``body`` is the raw response (bytes, never decoded by the caller); ``url`` the final address
(base for relative links); ``fetched_at`` the time of the fetch, for rejecting dates pinned in
the future. It returns at most `MAX_ENTRIES_PER_SOURCE` entries, newest first, every text field
already cleaned (`rebound.clean`), and raises `ParseError` (its text is shown to maintainers)
when the body is not a usable document of its format. No parser object leaves the module.

Adding a format (an iCalendar or JSON Feed reader, say) is one module here defining ``FORMAT``
and one line in `REGISTERED`; `common` holds what every reader shares (dates, ids, the final
sort and cap). A reader imports its parsing library inside ``parse``: a warm build parses
nothing and should not pay for the import.
"""
from __future__ import annotations

from datetime import datetime

from rebound.formats import bevy, confs_tech, developers_events, feed, ics, jsonfeed, sba
from rebound.formats.common import MAX_ENTRIES_PER_SOURCE, InputFormat, ParseError
from rebound.model import Entry, Source

__all__ = ["DEFAULT", "EVENT_FORMATS", "FORMATS", "MAX_ENTRIES_PER_SOURCE", "InputFormat", "ParseError", "find_format", "parse_body"]

# The registry, in sniffing order. One line per format.
REGISTERED: tuple[InputFormat, ...] = (
    ics.FORMAT,
    jsonfeed.FORMAT,
    feed.FORMAT,
    bevy.FORMAT,   # JSON event APIs: never sniffed, named by a source's `format`
    sba.FORMAT,
    confs_tech.FORMAT,
    developers_events.FORMAT,
)
FORMATS: dict[str, InputFormat] = {f.name: f for f in REGISTERED}
DEFAULT = feed.FORMAT.name
# Formats whose entries are events, plus the events added by pull request (rebound.contributed).
EVENT_FORMATS = frozenset({f.name for f in REGISTERED if f.events} | {"contributed"})
# What a contributor may write as a source's ``format`` (the sources schema lists the same words):
# RSS and Atom are both read by feedparser.
ALIASES = {"rss": feed.FORMAT.name, "atom": feed.FORMAT.name}


def find_format(body: bytes, content_type: str, declared: str = "") -> InputFormat:
    """The reader for ``body``: the one a source declares (its ``format``), else recognised by its
    first bytes, else by media type, else `DEFAULT`."""
    if declared:
        return FORMATS[ALIASES.get(declared, declared)]
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    for candidate in REGISTERED:
        if candidate.sniff(head):
            return candidate
    media_type = (content_type or "").split(";")[0].strip().lower()
    for candidate in REGISTERED:
        if media_type in candidate.media_types:
            return candidate
    return FORMATS[DEFAULT]


def parse_body(body: bytes, *, url: str, content_type: str, source: Source,
               fetched_at: datetime) -> tuple[str, tuple[Entry, ...]]:
    """The name of the reader `find_format` picks and the entries it parsed; `ParseError` if the body is unusable."""
    reader = find_format(body, content_type, declared=source.format)
    return reader.name, reader.parse(body, url=url, content_type=content_type, source=source, fetched_at=fetched_at)
