"""Reading the US Small Business Administration's event finder (https://www.sba.gov/events).

Its content API answers ``https://www.sba.gov/api/content/search/events.json`` with upcoming
events only (the publisher's own code: USSBA/sba-gov-content-api ``src/service/event-search.js``
queries ``startdatetime`` from now on), in this shape (that repository's
``src/service/events.output.test.json``)::

    {"count": 3, "items": [{"id": "1629852", "title": "...", "description": "plain text",
      "registrationUrl": "https://..." | null, "startDate": "2019-02-25T18:30:00-05:00",
      "endDate": "...", "timezone": "PST", "cost": "0.00", "locationType": "In Person",
      "organizer": "..." | null, "recurring": "Yes", ...}]}

Rebound lists free online events, so an item is kept only when its ``cost`` is zero and its
``locationType`` is not "In Person". Tests: tests/fixtures/json_events/sba_*.json.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from rebound.clean import clean_html, clean_text, clean_url
from rebound.formats.common import InputFormat, source_entry, text_span
from rebound.formats.events_json import event_id, in_window, items_of, read_json, text_of
from rebound.model import Entry, Source

API = "SBA event finder"


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """The free online events of an SBA event-finder answer, soonest first; `ParseError` when it is not one."""
    data = read_json(body, api=API)
    error = data.get("message") or data.get("error") if isinstance(data, dict) and "items" not in data else None
    items = items_of(data, "items", api=API, error=str(error) if error else None)
    return in_window((_to_entry(item, source=source, base=url) for item in items), fetched_at)


def _is_free(cost: Any) -> bool:
    try:
        return float(str(cost).replace("$", "").strip() or "0") == 0
    except ValueError:
        return False


def _to_entry(item: Any, *, source: Source, base: str) -> Entry | None:
    if not isinstance(item, dict) or not _is_free(item.get("cost")):
        return None
    place = clean_text(text_of(item.get("locationType")), 60)
    if not place or place.casefold().replace("-", " ") == "in person":
        return None
    title = clean_text(text_of(item.get("title")))
    starts, ends = text_span(item.get("startDate"), item.get("endDate"))
    if not title or starts is None:
        return None
    link = clean_url(text_of(item.get("registrationUrl")), base) or source.site
    organizer = clean_text(text_of(item.get("organizer")), 120)
    # Text with HTML entities in it (``&amp;``, ``&#039;``): read as HTML, cleaned and cut like any summary.
    summary = clean_html(text_of(item.get("description")))
    raw_id = item.get("id")
    return source_entry(
        source,
        id=event_id(raw_id, link=link, source=source, title=title, starts=starts),
        title=title,
        link=link,
        summary=summary,
        starts=starts,
        ends=ends,
        tags=(organizer,) if organizer else (),
        location=place,
        online=True,
    )


def is_sba(head: bytes) -> bool:
    """Never guessed from the body (plain JSON): a source names it with ``format: sba``."""
    return False


FORMAT = InputFormat(name="sba", media_types=(), sniff=is_sba, parse=parse, events=True)
