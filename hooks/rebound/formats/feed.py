"""RSS 0.9x/1.0/2.0 and Atom, read with feedparser into cleaned `Entry` values.

No feedparser dictionary travels further than this module.
"""
from __future__ import annotations

import calendar
import io
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXParseException

from rebound.clean import clean_html, clean_tags, clean_text, clean_url
from rebound.formats.common import InputFormat, ParseError, finish, not_ahead, scoped_id, source_entry, text_span
from rebound.model import Entry, Source, in_window

MEDIA_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
# expat's words for a document that ends before its root element closes.
_TRUNCATION = ("no element found", "unclosed token", "unclosed CDATA section")


def is_feed(head: bytes) -> bool:
    """An XML document (RSS and Atom are both XML): its first byte is ``<``."""
    return head.startswith(b"<")


def parse_feed(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """Parse an RSS or Atom body into cleaned entries; raise `ParseError` when it is not a usable feed."""
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
    return finish(_to_entry(raw, source=source, base=base, fetched_at=fetched_at) for raw in parsed.entries[:200])


FORMAT = InputFormat(name="feed", media_types=MEDIA_TYPES, sniff=is_feed, parse=parse_feed)


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
    published, updated = not_ahead(published, fetched_at), not_ahead(updated, fetched_at)
    starts, ends = text_span(raw.get("ev_startdate") or raw.get("start"), raw.get("ev_enddate") or raw.get("end"))
    raw_id = clean_text(raw.get("id"), limit=500) or link
    tags = clean_tags(tag.get("term") for tag in raw.get("tags", ()))
    return source_entry(
        source,
        id=scoped_id(raw_id, source=source, title=title, published=published),
        title=title,
        link=link,
        summary=summary,
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
