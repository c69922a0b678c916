"""Reading iCalendar (RFC 5545) sources: every occurrence in the window becomes one `Entry`.

Where free events are really published (Meetup groups, Luma, Google Calendar, WordPress "The
Events Calendar", LibCal, Learn WordPress) is almost always a ``.ics`` calendar, not a feed.

Pure: the window is ``fetched_at`` → ``fetched_at + WINDOW``, with ``fetched_at`` passed in, so
the same body and time give the same entries. Recurring series are expanded by
`recurring_ical_events` inside that window only, series by series, each capped: a rule without
COUNT or UNTIL can neither loop nor grow memory. Google Calendar's ``X-WR-TIMEZONE`` (floating
times meant in the calendar's zone) is made standard by `x_wr_timezone` first.

Speed: icalendar parses about 1 MB/s here, and a real calendar carries years of past events. So
a cheap line scan first drops the one-off events that lie clearly outside the window (their
DTSTART/DTEND dates, a day of slack either side for time zones) and only the rest is parsed.
Series, overrides and anything the scan cannot date are always parsed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from rebound.clean import clean_html, clean_tags, clean_text, clean_url
from rebound.formats.common import InputFormat, ParseError, not_ahead, scoped_id, source_entry
from rebound.model import EVENT_WINDOW, Entry, Source, as_utc, in_window

MEDIA_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar")
WINDOW = EVENT_WINDOW
MAX_BYTES = 4 * 1024 * 1024       # of text; a bigger calendar is someone's whole archive
MAX_EVENTS = 5000                 # VEVENTs in the file; more is an archive or an attack
MAX_PER_SERIES = 100              # occurrences of one series in the window (a daily series has 61)
MAX_ENTRIES = 200                 # soonest first: what a niche page and /events/ could ever show
LOCATION_MAX = 200
_SLACK_DAYS = timedelta(days=1)   # time zones move a date by at most a day either side
_UNFOLD = re.compile(r"\r?\n[ \t]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_DAY = re.compile(r"(\d{8})")
# Words and addresses that say an event happens on a screen, not in a room.
_ONLINE_WORDS = re.compile(
    r"\b(online|virtual|webinar|web conference|livestream|live stream|remote|zoom|google meet|"
    r"microsoft teams|teams meeting|webex|jitsi|whereby|discord|youtube live|twitch)\b",
    re.IGNORECASE,
)
_ONLINE_HOSTS = re.compile(
    r"(^|\.)(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|meet\.jit\.si|"
    r"whereby\.com|streamyard\.com|crowdcast\.io|hopin\.com|youtube\.com|youtu\.be|twitch\.tv|discord\.gg)$",
    re.IGNORECASE,
)
_URL_IN_TEXT = re.compile(r"https?://\S+", re.IGNORECASE)
_FREQ_WORDS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_SERIES_PROPS = ("RRULE", "RDATE", "RECURRENCE-ID", "EXDATE", "EXRULE")


def is_calendar(head: bytes) -> bool:
    """An iCalendar file starts with ``BEGIN:VCALENDAR`` (any case)."""
    return head[:15].upper() == b"BEGIN:VCALENDAR"


def parse(body: bytes, *, url: str, content_type: str, source: Source, fetched_at: datetime) -> tuple[Entry, ...]:
    """The occurrences of ``body``'s events in the window, soonest first; `ParseError` when unusable.

    A calendar with no event in the window is a success with no entries (a quiet group), but a
    calendar whose every event is unusable (no or broken DTSTART) is an error.
    """
    import icalendar  # here, not at the top: a warm build never parses
    import x_wr_timezone

    text = _decode(body)
    window_start, window_end = fetched_at, fetched_at + WINDOW
    header, timezones, events = _split(text)
    if len(events) > MAX_EVENTS:
        raise ParseError(f"calendar has {len(events)} events, more than {MAX_EVENTS}")
    near = [lines for lines in events if _may_fall_in(lines, window_start, window_end)]
    try:
        calendar = icalendar.Calendar.from_ical("\r\n".join([*header, *timezones, *(l for e in near for l in e), "END:VCALENDAR"]))
    except (ValueError, KeyError, IndexError) as exc:
        raise ParseError(f"not a readable calendar ({type(exc).__name__}: {str(exc)[:120]})") from exc
    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # noqa: BLE001 - an odd X-WR-TIMEZONE must not lose the whole calendar
        raise ParseError(f"calendar time zone (X-WR-TIMEZONE) is unusable: {type(exc).__name__}") from exc
    usable, unusable = _drop_undated(calendar)
    if events and unusable and not usable and len(near) == len(events):
        raise ParseError(f"no event has a usable start date ({unusable} skipped)")
    entries: list[Entry] = []
    for component, series in expand_calendar(calendar, window_start, window_end):
        entry = occurrence_entry(component, series, source=source, fetched_at=fetched_at)
        if entry is not None:
            entries.append(entry)
            if len(entries) == MAX_ENTRIES:
                break
    entries.sort(key=lambda e: (e.starts, e.title, e.id))
    return tuple(entries)


def expand_calendar(calendar: Any, start: datetime, end: datetime) -> Iterator[tuple[Any, SeriesFacts]]:
    """Every occurrence of ``calendar``'s events in [start, end], soonest first, as (component, series facts).

    The one recurrence expansion of the project: calendars fetched from sources and the events
    contributors add by pull request (`rebound.contributed`) both go through it.
    """
    import recurring_ical_events

    # A series' defining event (recurring_ical_events puts a RECURRENCE-ID on every occurrence,
    # so a series is known by its UID, not by the occurrence's properties).
    masters = {
        clean_text(str(c.get("UID", "")), 500): c
        for c in calendar.walk("VEVENT")
        if ("RRULE" in c or "RDATE" in c) and "RECURRENCE-ID" not in c
    }
    # skip_bad_series: a series whose RRULE cannot be read (UNTIL=garbage) is left out while the
    # query is built; without it one broken event lost every event of the calendar.
    query = recurring_ical_events.of(calendar, keep_recurrence_attributes=True, skip_bad_series=True)
    # Soonest first, and lazily: turning an occurrence into an entry (copying its component,
    # cleaning its text) costs more than finding it, and the caller stops at its cap.
    found = sorted(_occurrences(query, start, end), key=_soonest)
    series = SeriesFacts(masters)
    for occurrence in found:
        try:
            component = occurrence.as_component(True)
        except Exception:  # noqa: BLE001 - one odd occurrence must not lose the calendar
            continue
        yield component, series


def _decode(body: bytes) -> str:
    if len(body) > MAX_BYTES:
        raise ParseError(f"calendar larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text[:15].upper().startswith("BEGIN:VCALENDAR"):
        raise ParseError("not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    return _UNFOLD.sub("", text)


def _split(text: str) -> tuple[list[str], list[str], list[list[str]]]:
    """The calendar's own lines, its VTIMEZONE lines, and each VEVENT's lines (other components dropped)."""
    header: list[str] = []
    timezones: list[str] = []
    events: list[list[str]] = []
    stack: list[str] = []
    current: list[str] = []
    closed = False
    # Only CR and LF end a line (str.splitlines would also split on U+2028 inside a SUMMARY).
    for line in _LINE_END.split(text):
        if not line.strip():
            continue
        name = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        if name == "BEGIN":
            stack.append(line.partition(":")[2].strip().upper())
        owner = stack[1] if len(stack) > 1 else None  # the top-level component this line belongs to
        if name == "END":
            if not stack:
                raise ParseError("calendar has an END line without its BEGIN")
            stack.pop()
            if not stack:
                closed = True
                break
        if owner is None:
            header.append(line)
        elif owner == "VTIMEZONE":
            timezones.append(line)
        elif owner == "VEVENT":
            current.append(line)
            if len(stack) == 1:
                events.append(current)
                current = []
    if not closed:
        raise ParseError("truncated calendar (no END:VCALENDAR)")
    return header, timezones, events


def _may_fall_in(lines: list[str], start: datetime, end: datetime) -> bool:
    """False only for a one-off event whose dates are plainly outside the window (see the module doc)."""
    starts = ends = None
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        if name in _SERIES_PROPS or name == "DURATION":
            return True
        if name in ("DTSTART", "DTEND"):
            found = _DAY.search(line.partition(":")[2] if ":" in line else "")
            if not found or not _is_date(found.group(1)):
                return True  # let the real parser judge (and skip) it
            if name == "DTSTART":
                starts = found.group(1)
            else:
                ends = found.group(1)
    if starts is None:
        return True
    first = f"{start - _SLACK_DAYS:%Y%m%d}"
    last = f"{end + _SLACK_DAYS:%Y%m%d}"
    return starts <= last and (ends or starts) >= first


def _is_date(digits: str) -> bool:
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def _drop_undated(calendar: Any) -> tuple[int, int]:
    """Remove events without a usable DTSTART (recurring_ical_events cannot skip them); count both."""
    usable = unusable = 0
    for component in list(calendar.subcomponents):
        if component.name != "VEVENT":
            continue
        if _start_of(component) is None:
            calendar.subcomponents.remove(component)
            unusable += 1
        else:
            usable += 1
    return usable, unusable


def _start_of(component: Any) -> date | None:
    try:
        value = component.get("DTSTART")
        moment = value.dt if value is not None else None
    except Exception:  # noqa: BLE001 - icalendar raises its own error types for broken values
        return None
    return moment if isinstance(moment, date) else None


def _occurrences(query: Any, start: datetime, end: datetime) -> Iterator[Any]:
    """Every occurrence in [start, end], series by series, each series capped; bad series skipped."""
    for series in query.series:
        try:
            yield from list(islice(series.between(start, end), MAX_PER_SERIES))
        except Exception:  # noqa: BLE001 - one broken RRULE or EXDATE must not lose the calendar
            continue


def _soonest(occurrence: Any) -> tuple[datetime, str]:
    starts, _ = _utc(occurrence.start)
    return (starts or datetime.max.replace(tzinfo=UTC), str(getattr(occurrence, "uid", "")))


class SeriesFacts:
    """What each series says about itself (its rule in words, its end), worked out once per series."""

    def __init__(self, masters: dict[str, Any]) -> None:
        self.masters = masters
        self._known: dict[str, tuple[str, datetime | None]] = {}

    def of(self, uid: str) -> tuple[bool, str, datetime | None]:
        """Whether ``uid`` is a series, its ``repeats`` words and its last start."""
        master = self.masters.get(uid) if uid else None
        if master is None:
            return False, "", None
        if uid not in self._known:
            self._known[uid] = (describe_rule(master.get("RRULE")), series_until(master))
        return (True, *self._known[uid])


def occurrence_entry(component: Any, series: SeriesFacts, *, source: Source, fetched_at: datetime) -> Entry | None:
    """One occurrence as a cleaned `Entry` of ``source``; None when cancelled, undated or empty."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    starts, all_day = _utc(_value(component, "DTSTART"))
    if starts is None:
        return None
    ends = _end(component, starts, all_day)
    title = clean_text(_text(component, "SUMMARY"))
    summary = clean_html(_text(component, "DESCRIPTION"))
    if not title and not summary:
        return None
    link = clean_url(_text(component, "URL")) or source.site
    location = clean_text(_text(component, "LOCATION"), LOCATION_MAX)
    uid = clean_text(_text(component, "UID"), 500)
    recurring, repeats, until = series.of(uid)
    scoped = scoped_id(uid, source=source, title=title, published=None)
    updated, _ = _utc(_value(component, "LAST-MODIFIED"))
    return source_entry(
        source,
        id=f"{scoped}@{starts:%Y%m%dT%H%M%SZ}",
        title=title,
        link=link,
        summary=summary,
        updated=not_ahead(updated, fetched_at),
        starts=starts,
        ends=ends,
        tags=clean_tags(_categories(component)),
        all_day=all_day,
        location=location,
        online=is_online(location, link, component),
        series=scoped if recurring else "",
        repeats=repeats,
        repeats_until=until,
    )


def _value(component: Any, key: str) -> Any:
    try:
        prop = component.get(key)
        return prop.dt if prop is not None and hasattr(prop, "dt") else prop
    except Exception:  # noqa: BLE001
        return None


def _text(component: Any, key: str) -> str:
    value = component.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value) if value is not None else ""


def _categories(component: Any) -> list[str]:
    found = component.get("CATEGORIES")
    groups = found if isinstance(found, list) else [found] if found is not None else []
    names: list[str] = []
    for group in groups:
        names += [str(c) for c in getattr(group, "cats", [])]
    return names


def _utc(value: Any) -> tuple[datetime | None, bool]:
    """A DTSTART-like value as aware UTC, and whether it was a whole day (VALUE=DATE)."""
    if isinstance(value, datetime):
        # A floating time with no calendar zone is read as UTC, as feeds' zone-less dates are.
        return in_window(as_utc(value)), False
    if isinstance(value, date):
        return in_window(datetime(value.year, value.month, value.day, tzinfo=UTC)), True
    return None, False


def _end(component: Any, starts: datetime, all_day: bool) -> datetime | None:
    ends, _ = _utc(_value(component, "DTEND"))
    if ends is None:
        duration = _value(component, "DURATION")
        if isinstance(duration, timedelta):
            ends = in_window(starts + duration) if starts + duration > starts else None
        elif all_day:
            ends = starts + timedelta(days=1)  # RFC 5545: a date-only event without end is one day
    return ends if ends and ends > starts else None


def is_online(location: str, link: str | None, component: Any = None) -> bool:
    """True when the location is an address or says online/virtual/Zoom…, or the link is a meeting room."""
    if location and (_URL_IN_TEXT.search(location) or _ONLINE_WORDS.search(location)):
        return True
    if link and _ONLINE_HOSTS.search(_host(link)):
        return True
    # Google Calendar puts a Meet link in its own property.
    return component is not None and any(key in component for key in ("X-GOOGLE-CONFERENCE", "CONFERENCE"))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def describe_rule(rule: Any) -> str:
    """``every week``, ``every 2 weeks``… for a simple RRULE; empty for anything irregular."""
    if not rule:
        return ""
    freq = (rule.get("FREQ") or [""])[0]
    word = _FREQ_WORDS.get(str(freq).upper())
    if not word:
        return ""
    try:
        interval = int((rule.get("INTERVAL") or [1])[0])
    except (TypeError, ValueError):
        return ""
    return f"every {word}" if interval <= 1 else f"every {interval} {word}s"


def series_until(master: Any) -> datetime | None:
    """The series' last start: its UNTIL, else (for COUNT) the last of a bounded expansion."""
    if master is None:
        return None
    rule = master.get("RRULE")
    until = (rule.get("UNTIL") or [None])[0] if rule else None
    if until is not None:
        moment, _ = _utc(until)
        return moment
    count = (rule.get("COUNT") or [None])[0] if rule else None
    if not isinstance(count, int) or count > 1000:
        return None
    try:
        from dateutil.rrule import rrulestr

        start = master.get("DTSTART").dt
        last = list(rrulestr(rule.to_ical().decode(), dtstart=start))[-1]
    except Exception:  # noqa: BLE001 - only a nicety ("until …") depends on it
        return None
    moment, _ = _utc(last)
    return moment


FORMAT = InputFormat(name="ics", media_types=MEDIA_TYPES, sniff=is_calendar, parse=parse, events=True)
