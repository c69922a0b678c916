"""iCalendar (RFC 5545) files of upcoming events, and one-event "add to calendar" links.

Named ``ical`` so it never shadows the standard library's ``calendar``. Pure: no I/O, no clock.
DTSTAMP, which RFC 5545 wants to be "when the object was created", is the entry's own updated or
published date (else the caller's fallback) so that the same cache gives the same bytes.

The ``icalendar`` library writes every value: it escapes ``\\``, ``;``, ``,`` and newlines in text
and folds long lines (continuation lines start with a space), so a title such as
``x\\r\\nBEGIN:VEVENT`` stays one SUMMARY value. Text is also stripped of control characters here
first, in case a future caller passes text that did not go through `rebound.clean`.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode


if TYPE_CHECKING:
    import icalendar

PRODID = "-//Rebound//Training calendar//EN"
DEFAULT_DURATION = timedelta(hours=1)
REFRESH = timedelta(hours=12)
DESCRIPTION_MAX = 1000
GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Event:
    """One dated event, already clean: ``title`` and ``description`` are plain text."""

    uid: str                  # stable across builds; unique within a calendar
    title: str
    starts: datetime
    ends: datetime | None
    url: str | None
    description: str
    source: str
    stamp: datetime           # DTSTAMP: the entry's own date, never the clock
    all_day: bool = False     # whole days: written as dates (VALUE=DATE), the same in every zone

    @property
    def finish(self) -> datetime:
        """The end, or when the feed gave none the start plus `DEFAULT_DURATION` (a whole day if ``all_day``)."""
        if self.ends and self.ends > self.starts:
            return self.ends
        return self.starts + (timedelta(days=1) if self.all_day else DEFAULT_DURATION)


def one_line(text: str, limit: int = 0) -> str:
    """``text`` on one line: control characters dropped, all whitespace (CR, LF, tabs) one space."""
    flat = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    return flat[:limit] if limit else flat


def describe(event: Event) -> str:
    """The DESCRIPTION: the summary, then where it comes from and where to read more."""
    parts = [one_line(event.description, DESCRIPTION_MAX)] if event.description else []
    parts.append(f"From: {one_line(event.source)}")
    if event.url:
        parts.append(f"Details: {event.url}")
    # Real line breaks between parts; icalendar writes them as the two characters "\n".
    return "\n\n".join(parts)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _vevent(event: Event) -> icalendar.Event:
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", one_line(event.uid))
    vevent.add("dtstamp", _utc(event.stamp))
    if event.all_day:
        vevent.add("dtstart", event.starts.date())
        vevent.add("dtend", event.finish.date())
    else:
        vevent.add("dtstart", _utc(event.starts))
        vevent.add("dtend", _utc(event.finish))
    vevent.add("summary", one_line(event.title))
    vevent.add("description", describe(event))
    if event.url:
        vevent.add("url", event.url)
    vevent.add("transp", "TRANSPARENT")  # a webinar you might attend should not block your day
    return vevent


def render_calendar(name: str, description: str, events: Sequence[Event]) -> bytes:
    """A VCALENDAR of ``events`` (METHOD:PUBLISH), in the given order, as RFC 5545 bytes (CRLF)."""
    import icalendar  # here: `make check` and the event links need none of it

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", one_line(name))                     # RFC 7986
    cal.add("x-wr-calname", one_line(name))             # what Google, Apple and Outlook read
    cal.add("description", one_line(description))
    cal.add("x-wr-caldesc", one_line(description))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *map(_vevent_ical, events), b"END:VCALENDAR", end])


@functools.lru_cache(maxsize=65536)
def _vevent_ical(event: Event) -> bytes:
    """One VEVENT as RFC 5545 bytes, written once per build.

    The same event goes into its niche's calendar, the all-niches calendar and its own one-event
    file; icalendar's writer is most of the cost of a build with thousands of events (2,000
    contributed files and 50 calendars: about 2.5 s of CPU), so each is written once and joined
    in. Remembered in memory only (no I/O): the bytes depend on the (frozen) event alone, exactly what ``to_ical`` of the whole
    calendar would write for it.
    """
    return _vevent(event).to_ical()


def google_event_link(event: Event) -> str:
    """A Google Calendar "add this event" link (the event's details travel in the query string)."""
    if event.all_day:
        when = f"{event.starts:%Y%m%d}/{event.finish:%Y%m%d}"
    else:
        when = f"{_utc(event.starts):%Y%m%dT%H%M%SZ}/{_utc(event.finish):%Y%m%dT%H%M%SZ}"
    query = {"action": "TEMPLATE", "text": one_line(event.title), "dates": when, "details": describe(event)[:1500]}
    return f"{GOOGLE_TEMPLATE}?{urlencode(query)}"
