"""What every input format shares: the `InputFormat` interface, `ParseError`, dates, ids, the final cut."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from rebound.model import Entry, Source, as_utc, in_window

MAX_ENTRIES_PER_SOURCE = 50
# A "published" date further ahead than this is a feed pinning itself to the top, not a date.
FUTURE_SLACK = timedelta(days=2)
# Ids unique on their own: an absolute URI, a URN or a tag URI. Anything else ("1", "post-42") is
# unique only within its feed.
_GLOBAL_ID = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|urn:\S+|tag:\S+)$", re.IGNORECASE)


class ParseError(Exception):
    """A body that is not a usable document; ``str(error)`` is the reason shown to maintainers."""


class NoEntries(ParseError):
    """A well-formed document with nothing in it (worth a louder message when it had entries before)."""


class Parse(Protocol):
    def __call__(self, body: bytes, *, url: str, content_type: str, source: Source,
                 fetched_at: datetime) -> tuple[Entry, ...]: ...


@dataclass(frozen=True)
class InputFormat:
    """One kind of source body: its name, the media types it claims, how to spot it, how to read it.

    ``sniff`` gets the body's first bytes (BOM and leading whitespace removed) and answers
    whether they are unmistakably this format; ``parse`` is described in `rebound.formats`.
    """

    name: str
    media_types: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    parse: Parse
    # Its entries are events (a calendar, an event API): once over, they are nothing to read later.
    events: bool = False


def scoped_id(raw_id: str | None, *, source: Source, title: str, published: datetime | None) -> str:
    """A stable entry id: the item's own (scoped to its feed unless globally unique), else a hash."""
    if not raw_id:
        stamp = published.isoformat() if published else ""
        return "urn:sha256:" + hashlib.sha256(f"{source.feed}\n{title}\n{stamp}".encode()).hexdigest()
    if not _GLOBAL_ID.match(raw_id):
        # Two feeds both numbering their items from 1 must not be one entry: scope the id to its
        # feed (the feed's address is as stable as the id, so ids stay stable across builds).
        return f"{source.feed}#{raw_id}"
    return raw_id


def source_entry(source: Source, *, id: str, title: str, link: str | None, summary: str, **fields: Any) -> Entry:
    """An `Entry` of ``source`` (its name, niche and kind filled in); an empty title reads "(untitled)"."""
    return Entry(id=id, title=title or "(untitled)", link=link, summary=summary, source=source.name,
                 niche=source.niche, kind=source.kind, free=source.free, **fields)


def not_ahead(moment: datetime | None, fetched_at: datetime) -> datetime | None:
    """``moment``, unless it lies more than `FUTURE_SLACK` after the fetch (a feed pinning itself on top)."""
    return moment if moment is None or moment <= fetched_at + FUTURE_SLACK else None


def text_span(start: Any, end: Any) -> tuple[datetime | None, datetime | None]:
    """An event's start and end from their texts (see `text_date`); an end before the start is dropped."""
    starts, ends = text_date(start), text_date(end)
    return starts, ends if starts and ends and ends >= starts else None


def text_date(value: Any) -> datetime | None:
    """A date written as ISO 8601 (``ev:startdate``) or RFC 822, in UTC; None when it is neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return in_window(as_utc(datetime.fromisoformat(text)))
    except OverflowError:
        return None  # e.g. 0001-01-01T00:00+05:00: valid ISO 8601, but before datetime.min in UTC
    except ValueError:
        pass
    try:
        return in_window(as_utc(parsedate_to_datetime(text)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def finish(entries: Iterable[Entry | None]) -> tuple[Entry, ...]:
    """The entries a source keeps: newest first, undated last, at most `MAX_ENTRIES_PER_SOURCE`."""
    kept = [e for e in entries if e is not None]
    if not kept:
        raise NoEntries("feed has no entries")
    kept.sort(key=lambda e: (e.date is None, -(e.date.timestamp() if e.date else 0)))
    return tuple(kept[:MAX_ENTRIES_PER_SOURCE])
