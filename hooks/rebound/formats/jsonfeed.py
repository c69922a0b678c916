"""Reading JSON Feed 1.0 and 1.1 sources (https://jsonfeed.org/version/1.1), which feedparser cannot.

Same rules as RSS and Atom: ids scoped to the feed unless they are URIs, dates outside
1970–2100 unknown, a "published" date far in the future dropped, every string cleaned. Our own
JSON Feeds carry an event's time in a ``_rebound`` object (``starts``, ``ends``); it is read back.
"""
from __future__ import annotations

import json
from datetime import datetime
from html import escape
from typing import Any

from rebound.clean import clean_html, clean_tags, clean_text, clean_url
from rebound.formats.common import InputFormat, ParseError, finish, not_ahead, scoped_id, source_entry, text_date, text_span
from rebound.model import Entry, Source

MEDIA_TYPES = ("application/feed+json",)
VERSION_PREFIX = "https://jsonfeed.org/version/1"
MAX_ITEMS_READ = 200


def is_json_feed(head: bytes) -> bool:
    """A JSON object that names a JSON Feed version in its first bytes (where ``version`` usually is)."""
    return head.startswith(b"{") and b"jsonfeed.org/version/" in head


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """Cleaned entries of a JSON Feed, newest first; `ParseError` when it is not one or has no items."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not valid JSON ({type(exc).__name__}: {str(exc)[:100]})") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(VERSION_PREFIX):
        raise ParseError("not a JSON Feed (no https://jsonfeed.org/version/1… version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError("JSON Feed has no items list")
    base = clean_url(_str(data.get("home_page_url")), url) or url
    entries = (_to_entry(item, source=source, base=base, fetched_at=fetched_at) for item in items[:MAX_ITEMS_READ])
    return finish(e for e in entries if e is not None)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _to_entry(item: Any, *, source: Source, base: str, fetched_at: datetime) -> Entry | None:
    if not isinstance(item, dict):
        return None
    title = clean_text(_str(item.get("title")))
    html = _str(item.get("content_html")) or _str(item.get("summary"))
    summary = clean_html(html) if html else clean_html(_escape_text(_str(item.get("content_text"))))
    if not title and not summary:
        return None
    link = clean_url(_str(item.get("url")), base) or clean_url(_str(item.get("external_url")), base)
    published = text_date(item.get("date_published"))
    updated = text_date(item.get("date_modified"))
    published, updated = not_ahead(published, fetched_at), not_ahead(updated, fetched_at)
    own = item.get("_rebound") if isinstance(item.get("_rebound"), dict) else {}
    starts, ends = text_span(own.get("starts"), own.get("ends"))
    raw_id = item.get("id")
    # JSON Feed 1.0 allowed numbers as ids; 1.1 says strings. Either way it is the item's key.
    raw_id = clean_text(str(raw_id), limit=500) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return source_entry(
        source,
        id=scoped_id(raw_id or link, source=source, title=title, published=published),
        title=title,
        link=link,
        summary=summary,
        published=published,
        updated=updated,
        starts=starts,
        ends=ends,
        tags=clean_tags(tags),
    )


def _escape_text(text: str | None) -> str:
    return escape(text) if text else ""


FORMAT = InputFormat(name="jsonfeed", media_types=MEDIA_TYPES, sniff=is_json_feed, parse=parse)
