"""Reading developers.events' conference list (https://developers.events/all-events.json).

The file is built from the README of the public repository scraly/developers-conferences-agenda
by its ``tools/mdParser.js``, which writes one bare list of every listed conference since 2017
(archives first, so the whole list is read)::

    [{"name": "...", "date": [1493078400000, 1493337600000], "hyperlink": "https://...",
      "location": "Paris (France) & Online", "city": "Paris", "country": "France", "misc": "...",
      "cfp": {...}, "closedCaptions": false, "scholarship": false, "sponsoringBadge": false,
      "status": "open", "tags": [...]}]

``date`` holds the first and (when longer than a day) the last day, as UTC midnights in
milliseconds, so events are all-day. A conference is online when its ``location`` says "Online"
(mdParser strips " & Online" from the city, so the word lives there). ``status`` is "open" unless
the README line starts with a bracketed word (a cancelled conference): only open ones are kept.
The list says nothing about price, so this source is marked ``free: false`` in data/sources.yml.
Tests: tests/fixtures/json_events/developers_events_*.json.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from rebound.clean import clean_text, clean_url
from rebound.formats.common import InputFormat
from rebound.formats.events_json import conference_entry, in_window, list_of, message_of, read_json, text_of
from rebound.model import EARLIEST, LATEST, Entry, Source

API = "developers.events"
# The file holds every conference since 2017 (~700 a year); the fetch's size cap bounds it first.
MAX_CONFERENCES_READ = 50_000


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """The open conferences of developers.events that are still on, soonest first; `ParseError` when it is not one."""
    data = read_json(body, api=API)
    items = list_of(data, api=API, error=message_of(data), limit=MAX_CONFERENCES_READ)
    return in_window((_to_entry(item, source=source, base=url) for item in items), fetched_at)


def _day(value: Any) -> date | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if not EARLIEST.timestamp() * 1000 <= value <= LATEST.timestamp() * 1000:
        return None
    return datetime.fromtimestamp(value / 1000, UTC).date()


def _to_entry(item: Any, *, source: Source, base: str) -> Entry | None:
    if not isinstance(item, dict) or text_of(item.get("status") or "open").strip().casefold() != "open":
        return None
    days = item.get("date") if isinstance(item.get("date"), list) else []
    first = _day(days[0]) if days else None
    title = clean_text(text_of(item.get("name")))
    if not title or first is None:
        return None
    location = clean_text(text_of(item.get("location")), 200)
    link = clean_url(text_of(item.get("hyperlink")), base) or source.site
    return conference_entry(source, title=title, link=link, first=first, last=_day(days[-1]),
                            location=location, online="online" in location.casefold())


def is_developers_events(head: bytes) -> bool:
    """Never guessed from the body (plain JSON): a source names it with ``format: developers_events``."""
    return False


FORMAT = InputFormat(name="developers_events", media_types=(), sniff=is_developers_events, parse=parse, events=True)
