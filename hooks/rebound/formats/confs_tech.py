"""Reading confs.tech's conference lists (https://confs.tech), one JSON file per year and topic.

The lists live in the public repository tech-conferences/conference-data, one file per year and
topic, read raw from GitHub: ``https://raw.githubusercontent.com/tech-conferences/conference-data/
main/conferences/<year>/<topic>.json``. Each file is a bare list (that repository's
``conferences/2027/ux.json`` and ``accessibility.json``)::

    [{"name": "...", "url": "https://...", "startDate": "2027-06-28", "endDate": "2027-06-30",
      "city": "Rome", "country": "Italy", "online": true, "locales": "EN",
      "cfpUrl": "...", "cfpEndDate": "...", "twitter": "@..."}]

Dates are whole days with no time zone, so events are all-day (UTC midnights, end exclusive, as
calendars do). ``online`` is the list's own flag; an in-person conference keeps its place, and a
source with ``online_only: true`` leaves it out. The lists say nothing about price, so these
sources are marked ``free: false`` in data/sources.yml. Tests: tests/fixtures/json_events/confs_tech_*.json.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rebound.clean import clean_text, clean_url
from rebound.formats.common import InputFormat
from rebound.formats.events_json import conference_entry, in_window, list_of, message_of, read_json, text_of
from rebound.model import Entry, Source

API = "confs.tech conference list"


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """The conferences of a confs.tech list that are still on, soonest first; `ParseError` when it is not one."""
    data = read_json(body, api=API)
    items = list_of(data, api=API, error=message_of(data))
    return in_window((_to_entry(item, source=source, base=url) for item in items), fetched_at)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _to_entry(item: Any, *, source: Source, base: str) -> Entry | None:
    if not isinstance(item, dict):
        return None
    title = clean_text(text_of(item.get("name")))
    first = _day(item.get("startDate"))
    if not title or first is None:
        return None
    online = item.get("online") is True
    place = ", ".join(p for p in (clean_text(text_of(item.get("city")), 100), clean_text(text_of(item.get("country")), 100)) if p)
    link = clean_url(text_of(item.get("url")), base) or source.site
    return conference_entry(source, title=title, link=link, first=first, last=_day(item.get("endDate")),
                            location="Online" if online else place, online=online)


def is_confs_tech(head: bytes) -> bool:
    """Never guessed from the body (plain JSON): a source names it with ``format: confs_tech``."""
    return False


FORMAT = InputFormat(name="confs_tech", media_types=(), sniff=is_confs_tech, parse=parse, events=True)
