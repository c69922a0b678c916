"""Parsing feed bodies with feedparser into Rebound's own small, frozen, cleaned `Entry` objects.

No feedparser dictionary travels further than this module.
"""
from __future__ import annotations

import calendar
import hashlib
import io
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from collections.abc import Iterable
from typing import Any
from xml.sax import SAXParseException

from rebound.clean import clean_html, clean_text, clean_url
from rebound.sources import Source

MAX_ENTRIES_PER_SOURCE = 50
# expat's words for a document that ends before its root element closes.
_TRUNCATION = ("no element found", "unclosed token", "unclosed CDATA section")
# A "published" date further ahead than this is a feed pinning itself to the top, not a date.
FUTURE_SLACK = timedelta(days=2)
# Dates outside this window are typos or tricks (year 9999, year 1), not trainings; they become
# "date unknown". Inside it, adding an hour or a day (an event's default end) can never overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
# Ids unique on their own: an absolute URI, a URN or a tag URI. Anything else ("1", "post-42") is
# unique only within its feed.
_GLOBAL_ID = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|urn:\S+|tag:\S+)$", re.IGNORECASE)


_DATE_FIELDS = ("published", "updated", "starts", "ends", "repeats_until")


class ParseError(Exception):
    """A body that is not a usable feed; ``str(error)`` is the reason shown to maintainers."""


@dataclass(frozen=True)
class Entry:
    """One cleaned feed item. Text fields are plain text; ``summary`` is safe HTML.

    ``id`` is stable across fetches (the feed's own id, prefixed with the feed's address unless
    it is an absolute URI, URN or tag URI; else the link; else a hash of feed, title and date). All datetimes are timezone-aware (UTC) or None when the feed gave none.
    """

    id: str
    title: str
    link: str | None
    summary: str
    source: str
    niche: str
    kind: str
    published: datetime | None = None
    updated: datetime | None = None
    starts: datetime | None = None
    ends: datetime | None = None
    tags: tuple[str, ...] = ()
    # Events from calendars. ``all_day``: ``starts``/``ends`` are UTC midnights of whole days
    # (``ends`` exclusive). ``series``: the same for every occurrence of one recurring event;
    # ``repeats``: "every week", "every 2 months" (empty when irregular); ``repeats_until``: the
    # series' last start when the calendar says. ``online``: the location or link says so.
    all_day: bool = False
    location: str = ""
    online: bool = False
    series: str = ""
    repeats: str = ""
    repeats_until: datetime | None = None

    @property
    def date(self) -> datetime | None:
        """The date to sort and show: published, else updated."""
        return self.published or self.updated

    @property
    def uid(self) -> str:
        """A short stable identifier derived from ``id`` (for calendars and anchors)."""
        return hashlib.sha256(self.id.encode("utf-8")).hexdigest()[:20]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in _DATE_FIELDS:
            data[key] = data[key].isoformat() if data[key] else None
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], *, source: Source) -> Entry:
        """Rebuild an entry read back from the cache, with ``source`` and ``niche`` from ``source``.

        Raises ValueError for a field of the wrong type, so a corrupt file is ignored as a whole.
        The summary and link are cleaned again: the cache is a file on disk, not a trusted input.
        """
        if not isinstance(data, dict):
            raise ValueError(f"an entry must be an object, found {type(data).__name__}")
        dates = {k: in_window(aware(datetime.fromisoformat(_text(data, k)))) if data.get(k) else None
                 for k in _DATE_FIELDS}
        link = _text(data, "link", optional=True)
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValueError("entry field 'tags' must be a list of text")
        return cls(
            id=_text(data, "id"),
            title=_text(data, "title"),
            link=clean_url(link) if link else None,
            summary=clean_html(_text(data, "summary", optional=True) or ""),
            source=source.name,
            niche=source.niche,
            kind=source.kind,
            tags=tuple(tags),
            all_day=_flag(data, "all_day"),
            location=_text(data, "location", optional=True) or "",
            online=_flag(data, "online"),
            series=_text(data, "series", optional=True) or "",
            repeats=_text(data, "repeats", optional=True) or "",
            **dates,
        )


def _flag(data: dict[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"entry field {key!r} must be true or false, found {type(value).__name__}")
    return value


def _text(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    """``data[key]`` when it is a string (or, if ``optional``, missing or null); else ValueError."""
    value = data.get(key) if optional else data[key]
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"entry field {key!r} must be text, found {type(value).__name__}")
    return value


def parse_feed(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """Parse a fetched body into cleaned entries; raise `ParseError` when it is not a usable feed."""
    import feedparser  # here, not at the top: a warm build never parses and skips the import

    # A BytesIO, never bytes or str: feedparser reads a string that looks like a path as a file.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
    )
    if not parsed.get("version"):
        kind = (content_type or "unknown type").split(";")[0].strip()
        raise ParseError(f"not an RSS or Atom feed (got {kind})")
    problem = parsed.get("bozo_exception")
    if isinstance(problem, SAXParseException) and problem.getMessage() in _TRUNCATION:
        raise ParseError(f"truncated XML ({problem.getMessage()} at line {problem.getLineNumber()})")
    base = clean_url(parsed.feed.get("link"), url) or url
    entries = [_to_entry(raw, source=source, base=base, fetched_at=fetched_at) for raw in parsed.entries[:200]]
    return newest_kept(e for e in entries if e is not None)


def newest_kept(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The newest `MAX_ENTRIES_PER_SOURCE` entries, undated last; `ParseError` when there are none."""
    kept = list(entries)
    if not kept:
        raise ParseError("feed has no entries")
    kept.sort(key=lambda e: (e.date is None, -(e.date.timestamp() if e.date else 0)))
    return tuple(kept[:MAX_ENTRIES_PER_SOURCE])


def scoped_id(raw_id: str, feed: str) -> str:
    """``raw_id`` as is when unique on its own (URI, URN, tag), else prefixed with the feed's address.

    Two feeds both numbering their items from 1 must not be one entry; the feed's address is as
    stable as the id, so ids stay stable across builds.
    """
    return raw_id if _GLOBAL_ID.match(raw_id) else f"{feed}#{raw_id}"


def _to_entry(raw: Any, *, source: Source, base: str, fetched_at: datetime) -> Entry | None:
    title = clean_text(raw.get("title"))
    link = clean_url(raw.get("link"), base)
    summary = clean_html(raw.get("summary") or _first_content(raw))
    if not title and not summary:
        return None
    published = _struct_date(raw.get("published_parsed"))
    # Plain dict access: feedparser's own `get` maps a missing updated_parsed to published_parsed
    # and warns about it (DeprecationWarning).
    updated = _struct_date(dict.get(raw, "updated_parsed"))
    if published and published > fetched_at + FUTURE_SLACK:
        published = None
    if updated and updated > fetched_at + FUTURE_SLACK:
        updated = None
    starts = parse_date(raw.get("ev_startdate") or raw.get("start"))
    ends = parse_date(raw.get("ev_enddate") or raw.get("end"))
    if starts and ends and ends < starts:
        ends = None
    raw_id = clean_text(raw.get("id"), limit=500) or link
    if not raw_id:
        stamp = published.isoformat() if published else ""
        raw_id = "urn:sha256:" + hashlib.sha256(f"{source.feed}\n{title}\n{stamp}".encode()).hexdigest()
    else:
        raw_id = scoped_id(raw_id, source.feed)
    tags = tuple(t for t in (clean_text(tag.get("term"), 60) for tag in raw.get("tags", ())[:20]) if t)
    return Entry(
        id=raw_id,
        title=title or "(untitled)",
        link=link,
        summary=summary,
        source=source.name,
        niche=source.niche,
        kind=source.kind,
        published=published,
        updated=updated,
        starts=starts,
        ends=ends,
        tags=tags,
    )


def _first_content(raw: Any) -> str:
    content = raw.get("content") or []
    return content[0].get("value", "") if content else ""


def _struct_date(value: Any) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if not value:
        return None
    try:
        return in_window(datetime.fromtimestamp(calendar.timegm(value), tz=UTC))
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def parse_date(value: Any) -> datetime | None:
    """An event date written as ISO 8601 (``ev:startdate``) or RFC 822 (calendar feeds)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return in_window(aware(datetime.fromisoformat(text)))
    except OverflowError:
        return None  # e.g. 0001-01-01T00:00+05:00: valid ISO 8601, but before datetime.min in UTC
    except ValueError:
        pass
    try:
        return in_window(aware(parsedate_to_datetime(text)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def in_window(moment: datetime) -> datetime | None:
    """``moment`` when it lies between `EARLIEST` and `LATEST`, else None ("date unknown")."""
    return moment if EARLIEST <= moment <= LATEST else None


def aware(moment: datetime) -> datetime:
    """Timezone-aware UTC; a date without a zone is read as UTC, as feedparser does."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
