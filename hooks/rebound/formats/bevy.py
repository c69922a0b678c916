"""Reading Bevy event search answers: Google Developer Groups, Friends of Figma, HubSpot User Groups…

Bevy runs many companies' community sites, and each answers the same search address,
``https://<community>/api/search/?result_types=upcoming_event``, with the same JSON shape::

    {"location": {...}, "results": [{"id": 1, "title": "...", "description_short": "...",
      "start_date": "2027-03-04T18:00:00-05:00", "end_date": "...", "url": "https://...",
      "event_type_title": "Virtual Event", "city": "...", "tags": [...],
      "chapter": {"title": "...", "timezone": "...", ...}, "result_type": "upcoming_event"}]}

Where the shape comes from: public consumers of the API (a TypeScript client that types the
``results``, ``start_date``, ``event_type_title`` and ``chapter`` fields, and a Tableau User Group
script that lists every field and reads ``start_date`` as local time with its UTC offset and
``event_type_title`` values "Virtual Event", "Virtual", "Hybrid Event", "Hybrid"); an error comes
back as ``{"errors": [{"code": ..., "message": ...}]}`` (read that way by a public importer of
Duolingo's Bevy events). ``end_date`` and a cancelled ``status`` are read when present.
Tests: tests/fixtures/json_events/bevy_*.json, provenance in that folder's SOURCES.md.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from rebound.clean import clean_html, clean_tags, clean_text, clean_url
from rebound.formats.common import InputFormat, source_entry, text_span
from rebound.formats.events_json import event_id, in_window, items_of, read_json, text_of
from rebound.model import Entry, Source

API = "Bevy"
_ONLINE_TYPES = ("virtual", "online", "hybrid", "webinar", "livestream")


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """The upcoming events of a Bevy search answer, soonest first; `ParseError` when it is not one."""
    data = read_json(body, api=API)
    results = items_of(data, "results", api=API, error=_error_of(data))
    return in_window((_to_entry(item, source=source, base=url) for item in results), fetched_at)


def _error_of(data: Any) -> str | None:
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return f"[{first.get('code', '')}] {first.get('message', '')}".strip()
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return data["detail"]
    return None


def _to_entry(item: Any, *, source: Source, base: str) -> Entry | None:
    if not isinstance(item, dict) or "cancel" in text_of(item.get("status")).casefold():
        return None
    title = clean_text(text_of(item.get("title")))
    starts, ends = text_span(item.get("start_date"), item.get("end_date"))
    if not title or starts is None:
        return None
    kind = clean_text(text_of(item.get("event_type_title")), 60)
    online = any(word in kind.casefold() for word in _ONLINE_TYPES)
    chapter = item.get("chapter") if isinstance(item.get("chapter"), dict) else {}
    place = clean_text(text_of(item.get("city")) or text_of(chapter.get("city")), 200)
    link = clean_url(text_of(item.get("url")), base) or source.site
    raw_id = item.get("id")
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return source_entry(
        source,
        id=event_id(raw_id, link=link, source=source, title=title, starts=starts),
        title=title,
        link=link,
        summary=clean_html(text_of(item.get("description_short"))),
        starts=starts,
        ends=ends,
        tags=clean_tags([kind, *tags]),
        location=kind if online else place,
        online=online,
    )


def is_bevy(head: bytes) -> bool:
    """Never guessed from the body (plain JSON): a source names it with ``format: bevy``."""
    return False


FORMAT = InputFormat(name="bevy", media_types=(), sniff=is_bevy, parse=parse, events=True)
