"""What the JSON event APIs share: reading the body, refusing error objects and HTML, the event window.

An event API answers with JSON of its own shape (`bevy`, `sba`, `confs_tech`, `developers_events`). Each reader checks the shape it
was written from and fails the source with one clear line otherwise: `read_json` turns an HTML
page (a login wall, a maintenance page) or an error object into a `ParseError`, and `collect`
then keeps the last good copy, as for any other source.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rebound.formats.common import ParseError, scoped_id, source_entry
from rebound.model import EVENT_WINDOW, Entry, Source

WINDOW = EVENT_WINDOW            # the same horizon as calendars
MAX_ENTRIES = 200                # soonest first, as for calendars
MAX_ITEMS_READ = 1000


def read_json(body: bytes, *, api: str) -> Any:
    """The decoded JSON of ``body``; `ParseError` naming what came instead (HTML, not JSON)."""
    text = body.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        raise ParseError(f"got an HTML page, not the {api} JSON API's answer (the address may have moved)")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ParseError(f"not valid JSON ({type(exc).__name__}: {str(exc)[:100]})") from exc


def items_of(data: Any, key: str, *, api: str, error: str | None) -> list[Any]:
    """``data[key]`` when it is a list; else a `ParseError` quoting the API's error message if it sent one."""
    if isinstance(data, dict) and isinstance(data.get(key), list):
        return data[key][:MAX_ITEMS_READ]
    if error:
        raise ParseError(f"the {api} API answered with an error: {error[:200]}")
    found = type(data).__name__ if not isinstance(data, dict) else "an object with " + (", ".join(sorted(data)[:5]) or "no keys")
    raise ParseError(f"unexpected shape for the {api} API: expected an object with a '{key}' list, got {found}")


def list_of(data: Any, *, api: str, error: str | None, limit: int = MAX_ITEMS_READ) -> list[Any]:
    """``data`` when it is a list (APIs that answer with a bare list); else a `ParseError` as in `items_of`."""
    if isinstance(data, list):
        return data[:limit]
    if error:
        raise ParseError(f"the {api} API answered with an error: {error[:200]}")
    found = "an object with " + (", ".join(sorted(data)[:5]) or "no keys") if isinstance(data, dict) else type(data).__name__
    raise ParseError(f"unexpected shape for the {api} API: expected a list of events, got {found}")


def message_of(data: Any) -> str | None:
    """The text of an error object (``{"message": ...}`` or ``{"error": ...}``), if ``data`` is one."""
    if isinstance(data, dict):
        for key in ("message", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()
    return None


def day_span(first: date, last: date) -> tuple[datetime, datetime]:
    """An all-day event from its first to its last day: UTC midnights, the end exclusive (as calendars do)."""
    return (datetime.combine(first, time(), tzinfo=UTC), datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC))


def in_window(entries: Iterable[Entry | None], fetched_at: datetime) -> tuple[Entry, ...]:
    """Events not over at ``fetched_at`` and starting within `WINDOW` of it, soonest first, capped."""
    kept = [e for e in entries if e is not None and e.starts and e.starts <= fetched_at + WINDOW and e.is_on(fetched_at)]
    kept.sort(key=lambda e: (e.starts, e.title, e.id))
    return tuple(kept[:MAX_ENTRIES])


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def event_id(raw_id: Any, *, link: str, source: Source, title: str, starts: datetime) -> str:
    """An event API item's id: the API's own (a number or a string) else its link, scoped to the
    source, with its start, so each date of a repeated event is its own entry."""
    own = str(raw_id) if isinstance(raw_id, (int, str)) and not isinstance(raw_id, bool) else link
    return scoped_id(own, source=source, title=title, published=None) + f"@{starts:%Y%m%dT%H%M%SZ}"


def conference_entry(source: Source, *, title: str, link: str, first: date, last: date | None,
                     location: str, online: bool) -> Entry:
    """One conference of a list of conferences (confs.tech, developers.events): whole days, first to last."""
    starts, ends = day_span(first, last if last and last >= first else first)
    return source_entry(
        source,
        id=scoped_id(link, source=source, title=title, published=None) + f"@{first:%Y%m%d}",
        title=title,
        link=link,
        summary="",
        starts=starts,
        ends=ends,
        all_day=True,
        location=location,
        online=online,
    )
