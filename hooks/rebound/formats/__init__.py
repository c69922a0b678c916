"""Input formats: one module per format, each with ``NAME``, ``MEDIA_TYPES``, ``sniff`` and ``parse``.

``parse(body, *, url, content_type, source, fetched_at)`` returns cleaned `Entry` objects or
raises `ParseError`. A source may name its format (``format:`` in the sources file); otherwise
the body decides: the first reader whose ``sniff`` says yes, else RSS/Atom (feedparser).
"""
from __future__ import annotations

from datetime import datetime
from types import ModuleType

from rebound.formats import feed, ics, jsonfeed
from rebound.parse import Entry
from rebound.sources import Source

# Order matters only for sniffing: the cheap, certain checks first, feedparser (which reads
# almost anything as a feed) last.
READERS: tuple[ModuleType, ...] = (ics, jsonfeed, feed)
# Names a contributor may write in `format:`; rss and atom are both read by feedparser.
ALIASES = {"rss": feed, "atom": feed, "ics": ics, "jsonfeed": jsonfeed}


def reader_for(body: bytes, content_type: str, declared: str = "") -> ModuleType:
    """The reader named by ``declared`` (a source's ``format``), else the first that recognises the body."""
    if declared:
        return ALIASES[declared]
    return next((r for r in READERS if r.sniff(body, content_type)), feed)


def parse_body(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[str, tuple[Entry, ...]]:
    """The body's format name and its entries (see the module doc); raises `ParseError`."""
    reader = reader_for(body, content_type, source.format)
    return reader.NAME, reader.parse(body, url=url, content_type=content_type, source=source, fetched_at=fetched_at)
