"""Events added by pull request: ``data/events/*.yml``, one file per event or series.

Some niches (translation, video and photo) have no event feed anywhere; community calendars such
as dctech.events solve that with one small file per event, reviewed in a pull request. Here each
file is read and checked with line numbers (`read_event`, the same rules for the build and for
`make check`), then every file becomes one `Source` per niche it names, with a `Record` built at
build time: its occurrences come from the calendars' own recurrence expansion
(`rebound.formats.ics.expand_calendar`), so a weekly series crosses a daylight-saving change the
same way in both.

The field names are a contract (CONTRIBUTING.md "Adding a free event" documents each):
``title``, ``url``, ``niches``, ``starts``, ``time_zone``, ``duration`` or ``ends``, ``repeat``,
``online``, ``free``, ``organizer``, ``evidence``, ``checked``; optional ``summary``, ``language``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .atomic import write_text_atomically
from .model import EVENT_WINDOW, Niche, Record, Source
from .problem import Problem
from .yaml_marks import YamlDoc, YamlError, load_yaml

EVENTS_DIR = Path("data") / "events"
KIND = "webinar"            # what a contributed event is, in the sources' words
FORMAT = "contributed"      # a Record's format: not fetched, read from a file
STALE_AFTER = timedelta(days=30)
MAX_DURATION = timedelta(days=7)
MAX_COUNT = 500             # occurrences a `repeat` may promise; more is a typo
SUMMARY_MAX = 500
MAX_FILE_BYTES = 64 * 1024  # an event is a dozen lines; more is a mistake or an attack
REQUIRED = ("title", "url", "niches", "starts", "online", "free", "organizer", "evidence", "checked")
OPTIONAL = ("time_zone", "duration", "ends", "repeat", "summary", "language")
FIELDS = REQUIRED + OPTIONAL
RULES_VERSION = 1           # bump when the rules below change: files that passed are checked again
PASSED_MARKER = "events-passed.json"   # in the cache folder: the digest of the last files that passed
_HINT_FIELDS = "the fields are: " + ", ".join(FIELDS)


@dataclass(frozen=True)
class ContributedEvent:
    """One checked event file. ``starts``/``ends`` are aware; ``repeat`` an RRULE or empty."""

    path: str                   # as problems name it: data/events/<name>.yml
    title: str
    url: str
    niches: tuple[str, ...]
    starts: datetime
    ends: datetime
    organizer: str
    evidence: str
    checked: date
    time_zone: str = ""
    repeat: str = ""
    summary: str = ""
    language: str = ""

    @property
    def uid(self) -> str:
        """A stable id: the file's name (content edits never change it)."""
        return f"urn:rebound:event:{Path(self.path).stem}"


# --- Reading and checking one file --------------------------------------------------------------


def read_event(text: str, *, shown: str, niches: Collection[str] | None = None,
               today: date | None = None) -> tuple[ContributedEvent | None, list[Problem]]:
    """Check one event file's text; the event when it has no problem, and every problem found.

    ``niches``: the known niche slugs (None: not checked). ``today``: for the stale rule (None: not checked).
    """
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        return None, [Problem(shown, exc.line, f"not valid YAML: {exc.problem}",
                              'put text that contains a colon or # inside double quotes, e.g. title: "Captions: a primer"')]
    if not isinstance(doc.data, dict):
        return None, [Problem(shown, 1, "an event file must be a list of fields (title: ..., url: ...)",
                              "copy the example in CONTRIBUTING.md, or run make new TYPE=event TITLE=\"...\"")]
    return _Reader(doc, shown, niches, today).read()


class _Reader:
    """The rules of one file, each adding a `Problem` at its field's line."""

    def __init__(self, doc: YamlDoc, shown: str, niches: Collection[str] | None, today: date | None) -> None:
        self.doc, self.data, self.shown, self.niches, self.today = doc, doc.data, shown, niches, today
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.shown, self.doc.line_of((key,)), message, hint))

    def read(self) -> tuple[ContributedEvent | None, list[Problem]]:
        for key, line, first in self.doc.duplicates:
            self.problems.append(Problem(self.shown, line, f"field '{key[-1]}' appears twice (first on line {first})",
                                         "keep one of the two lines"))
        for key in self.data:
            if key not in FIELDS:
                self.problem(key, f"unknown field '{key}'", _HINT_FIELDS)
        for key in REQUIRED:
            if key not in self.data:
                self.problems.append(Problem(self.shown, 1, f"the field '{key}' is missing", _HINT_FIELDS))
        title = self.text("title")
        url = self.https("url")
        evidence = self.https("evidence")
        organizer = self.text("organizer")
        niches = self.niche_list()
        self.must_be_true("online", "Rebound lists online events only: this one is not online",
                          "an event in a room is not one we can list; please leave it out")
        self.must_be_true("free", "Rebound lists free events only: this one is not free",
                          "an event that costs money is not one we can list; please leave it out")
        checked = self.checked_date()
        time_zone = self.zone()
        starts = self.moment("starts")
        ends = self.end(starts)
        repeat, last_start = self.rule(starts, time_zone)
        summary = self.optional_text("summary", SUMMARY_MAX)
        language = self.optional_text("language", 35)
        if starts and time_zone:
            self.offset_matches(starts, time_zone)
        if starts and ends and self.today and last_start is not None:
            last_end = last_start + (ends - starts)
            if last_end.date() < self.today - STALE_AFTER:
                self.problem("starts", f"this event is over: its last date was {last_end.date().isoformat()}, "
                                       f"more than {STALE_AFTER.days} days ago", "delete the file")
        if self.problems or not (title and url and evidence and organizer and niches and checked and starts and ends):
            return None, self.problems
        return ContributedEvent(self.shown, title, url, tuple(niches), starts, ends, organizer, evidence, checked,
                                time_zone, repeat, summary, language), []

    def raw(self, key: str) -> str:
        """What the author typed for ``key`` (YAML turns dates into objects and ``no`` into False)."""
        found = self.doc.scalars.get((key,))
        return found.text if found else str(self.data.get(key, ""))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if key in self.data and (not isinstance(value, str) or not value.strip()):
            self.problem(key, f"'{key}' must be text", f'write it after the colon, e.g. {key}: "..."')
            return ""
        return value.strip() if isinstance(value, str) else ""

    def optional_text(self, key: str, limit: int) -> str:
        if key not in self.data:
            return ""
        value = self.text(key)
        if len(value) > limit:
            self.problem(key, f"'{key}' is longer than {limit} characters", "shorten it: the event page says the rest")
        return value

    def https(self, key: str) -> str:
        value = self.text(key)
        if not value:
            return ""
        parts = urlsplit(value)
        # No spaces, quotes or angle brackets: the address goes into links on several pages.
        if parts.scheme != "https" or not parts.hostname or any(c.isspace() or c in '<>"\'`\\' for c in value):
            self.problem(key, f"'{key}' must be an https:// address (found '{value}')",
                         "copy the address from your browser's address bar; it starts with https://")
            return ""
        return value

    def niche_list(self) -> list[str]:
        value = self.data.get("niches")
        if "niches" not in self.data:
            return []
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.problem("niches", "'niches' must be a list of niche slugs", "write it as niches: [translation]")
            return []
        known = sorted(self.niches) if self.niches is not None else None
        for n, slug in enumerate(value):
            if known is not None and slug not in known:
                self.problems.append(Problem(self.shown, self.doc.line_of(("niches", n)), f"unknown niche '{slug}'",
                                             "use one of: " + ", ".join(known)))
        return list(value)

    def must_be_true(self, key: str, message: str, hint: str) -> None:
        value = self.data.get(key)
        if key not in self.data:
            return
        if not isinstance(value, bool):
            self.problem(key, f"'{key}' must be true or false (found '{self.raw(key)}')", f"write {key}: true")
        elif not value:
            self.problem(key, message, hint)

    def checked_date(self) -> date | None:
        if "checked" not in self.data:
            return None
        value = self.data["checked"]
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem("checked", f"'checked' must be a date like 2026-12-06 (found '{self.raw('checked')}')",
                         "write the day you last opened the evidence page, as YYYY-MM-DD")
            return None

    def zone(self) -> str:
        if "time_zone" not in self.data:
            if "repeat" in self.data:
                self.problem("repeat", "a repeating event needs a time_zone (an IANA name such as America/New_York)",
                             "add time_zone: so the dates stay right when the clocks change")
            return ""
        value = self.data.get("time_zone")
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            self.problem("time_zone", f"unknown time zone '{self.raw('time_zone')}'",
                         "use an IANA name such as America/New_York, Europe/London or Asia/Kolkata")
            return ""
        return str(value)

    def moment(self, key: str) -> datetime | None:
        if key not in self.data:
            return None
        text = self.raw(key).strip()
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
        except ValueError:
            self.problem(key, f"'{key}' must be a date and time like 2026-12-10T17:00:00-05:00 (found '{text}')",
                         "write the date, a T, the time and the UTC offset")
            return None
        if value.tzinfo is None:
            self.problem(key, f"'{key}' has no time zone: add the UTC offset (e.g. {text}-05:00 or {text}Z)",
                         "without an offset nobody can tell when the event starts where they live")
            return None
        return value

    def end(self, starts: datetime | None) -> datetime | None:
        has_duration, has_ends = "duration" in self.data, "ends" in self.data
        if has_duration and has_ends:
            self.problem("ends", "give 'duration' or 'ends', not both", "keep duration: (in minutes) and remove ends:")
            return None
        if not has_duration and not has_ends:
            self.problems.append(Problem(self.shown, 1, "the event needs 'duration' (in minutes) or 'ends'",
                                         "add e.g. duration: 60"))
            return None
        if has_duration:
            minutes = self.data["duration"]
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0 \
                    or timedelta(minutes=minutes) > MAX_DURATION:
                self.problem("duration", f"'duration' must be a number of minutes between 1 and {MAX_DURATION.days * 1440}"
                                         f" (found '{self.raw('duration')}')", "write e.g. duration: 90")
                return None
            return starts + timedelta(minutes=minutes) if starts else None
        ends = self.moment("ends")
        if starts and ends and ends <= starts:
            self.problem("ends", f"the event ends ({self.raw('ends')}) before it starts ({self.raw('starts')})",
                         "check the date and the time of both")
            return None
        return ends

    def rule(self, starts: datetime | None, time_zone: str) -> tuple[str, datetime | None]:
        """The RRULE text and the last start of the series (``starts`` for a one-off event)."""
        if "repeat" not in self.data:
            return "", starts
        text = self.raw("repeat").strip()
        if text.upper().startswith("RRULE:"):
            text = text[len("RRULE:"):]
        try:
            from dateutil.rrule import rrulestr
            from icalendar import vRecur

            parsed = vRecur.from_ical(text)
            rule = rrulestr(text, dtstart=_local(starts, time_zone) if starts else datetime(2000, 1, 1))
        except (ValueError, TypeError, KeyError) as exc:
            self.problem("repeat", f"'repeat' is not an iCalendar rule ({str(exc)[:80] or type(exc).__name__})",
                         "write it like FREQ=WEEKLY;BYDAY=TH;COUNT=10 (see https://icalendar.org/rrule-tool.html)")
            return "", None
        if "COUNT" not in parsed and "UNTIL" not in parsed:
            self.problem("repeat", "'repeat' never ends: add COUNT= or UNTIL=",
                         "e.g. FREQ=WEEKLY;BYDAY=TH;COUNT=10; we check a series again when it ends")
            return "", None
        count = (parsed.get("COUNT") or [None])[0]
        if isinstance(count, int) and count > MAX_COUNT:
            self.problem("repeat", f"'repeat' promises more than {MAX_COUNT} dates", "make COUNT smaller")
            return "", None
        if starts is None:
            return text, None
        # A fixed cutoff after the model's last date, not ``starts`` moved to 2101: 29 February
        # has no 2101 twin, and a leap-day series was once refused as "over" on its first date.
        cutoff = datetime(2101, 1, 1, tzinfo=_local(starts, time_zone).tzinfo)
        try:
            last = rule.before(cutoff, inc=True)
        except (ValueError, OverflowError, TypeError):
            last = None
        return text, last.astimezone(UTC) if last else starts

    def offset_matches(self, starts: datetime, time_zone: str) -> None:
        local = _local(starts, time_zone)
        if local.utcoffset() != starts.utcoffset():
            self.problem("starts", f"the UTC offset of 'starts' ({self.raw('starts')[19:] or 'none'}) is not "
                                   f"{time_zone}'s on that day ({local.isoformat()[19:]})",
                         f"write starts: {local.isoformat()}")


def _local(moment: datetime, time_zone: str) -> datetime:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(time_zone)) if time_zone else moment


# --- Reading the folder -------------------------------------------------------------------------


def find_event_files(root: Path | str) -> list[Path]:
    """The event files under ``root``'s data/events, by name."""
    folder = Path(root) / EVENTS_DIR
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def read_events(root: Path | str, *, niches: Collection[str] | None, today: date | None,
                passed_marker: Path | None = None) -> tuple[list[ContributedEvent], list[Problem]]:
    """Every event file under ``root``: the good events, and every problem (duplicates included).

    ``passed_marker`` remembers the digest of the last set of files that passed: unchanged files
    skip the line-numbered reading (the build then pays for the C YAML loader only).
    """
    root = Path(root)
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for path in find_event_files(root):
        shown = (EVENTS_DIR / path.name).as_posix()
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.append(Problem(shown, 1, f"the event file is larger than {MAX_FILE_BYTES // 1024} KB",
                                        "one event needs a dozen short lines; keep the summary short"))
                continue
            texts[shown] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, 1, f"cannot read the event file: {exc}", "save it again as UTF-8 text"))
    if not texts and not problems:
        return [], []   # no folder or no files: nothing to remember either
    digest = _digest(texts, niches, today)
    if passed_marker is not None and not problems:
        remembered = _read_passed(passed_marker, digest)
        if remembered is not None:
            return remembered, []
    events: list[ContributedEvent] = []
    for shown, text in texts.items():
        event, found = read_event(text, shown=shown, niches=niches, today=today)
        problems += found
        if event is not None:
            events.append(event)
    problems += find_duplicates(events)
    if passed_marker is not None and not problems:
        try:
            write_text_atomically(passed_marker, json.dumps({"digest": digest, "events": [_event_to_json(e) for e in events]}))
        except OSError:
            pass  # the marker only saves time next build
    return events, sorted(problems)


def events_digest(events: Sequence[ContributedEvent]) -> str:
    """A digest of what the events say (for remembering their expansion)."""
    # A frozen dataclass's repr names every field, in order, and is the same in every process
    # (about ten times cheaper than the JSON form for 2,000 events).
    text = "\n".join(map(repr, events))
    return hashlib.sha256(f"{RULES_VERSION}\0{text}".encode()).hexdigest()


def _event_to_json(event: ContributedEvent) -> dict[str, Any]:
    data = asdict(event)
    data["niches"] = list(event.niches)
    data["starts"], data["ends"], data["checked"] = event.starts.isoformat(), event.ends.isoformat(), event.checked.isoformat()
    return data


def _read_passed(marker: Path, digest: str) -> list[ContributedEvent] | None:
    """The events remembered by ``marker`` when its digest is ``digest``; else None (read them again)."""
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("digest") != digest:
            return None
        return [replace(ContributedEvent(**e), niches=tuple(e["niches"]), starts=datetime.fromisoformat(e["starts"]),
                        ends=datetime.fromisoformat(e["ends"]), checked=date.fromisoformat(e["checked"]))
                for e in data["events"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def find_duplicates(events: Sequence[ContributedEvent]) -> list[Problem]:
    """Two files with the same url and start: the second is named, with the first."""
    first: dict[tuple[str, datetime], str] = {}
    problems: list[Problem] = []
    for event in sorted(events, key=lambda e: e.path):
        key = (event.url.rstrip("/"), event.starts)
        if key in first:
            problems.append(Problem(event.path, 1, f"the same event (same url and start) is already in {first[key]}",
                                    "keep one of the two files"))
        else:
            first[key] = event.path
    return problems


def _digest(texts: Mapping[str, str], niches: Collection[str] | None, today: date | None) -> str:
    # Today is part of it (an event goes stale), and so are the niches and the rules.
    head = f"{RULES_VERSION}\0{today}\0{sorted(niches or ())}\0"
    digest = hashlib.sha256(head.encode())
    for shown, text in sorted(texts.items()):
        digest.update(f"{shown}\0{text}\0".encode())
    return digest.hexdigest()


# --- From events to sources and records ---------------------------------------------------------


def event_sources(event: ContributedEvent) -> tuple[Source, ...]:
    """One `Source` per niche the event names (a source belongs to one niche)."""
    return tuple(Source(niche=slug, name=event.organizer, feed=event.url, site=event.evidence, kind=KIND,
                        origin=event.path) for slug in event.niches)


def expand_events(events: Sequence[ContributedEvent], *, now: datetime,
                  window: timedelta | None = None) -> dict[Source, Record]:
    """Each event's sources and their records: the occurrences from ``now`` to ``now + window``.

    One calendar holds every event, expanded once by `rebound.formats.ics.expand_calendar`;
    each record's ``checked_at`` and ``last_success`` are the file's ``checked`` date.
    """
    from rebound.formats import ics

    window = window or ics.WINDOW
    by_uid = {event.uid: event for event in events}
    found: dict[str, list] = {uid: [] for uid in by_uid}
    if events:
        for component, series in ics.expand_calendar(build_calendar(events), now, now + window):
            uid = str(component.get("UID", ""))
            if uid in found and len(found[uid]) < ics.MAX_PER_SERIES:
                found[uid].append((component, series))
    records: dict[Source, Record] = {}
    for uid, event in by_uid.items():
        checked = datetime(event.checked.year, event.checked.month, event.checked.day, tzinfo=UTC)
        for source in event_sources(event):
            entries = tuple(e for e in (ics.occurrence_entry(c, s, source=source, fetched_at=now) for c, s in found[uid]) if e)
            records[source] = Record(source.niche, source.feed, checked_at=checked, last_success=checked,
                                     entries=entries, format=FORMAT)
    return records


def build_calendar(events: Iterable[ContributedEvent]) -> Any:
    """An icalendar ``Calendar`` with one VEVENT per event: local times in its zone, so a rule
    repeats at the same wall-clock time across daylight-saving changes."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Rebound//contributed events//EN")
    calendar.add("version", "2.0")
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("summary", event.title)
        vevent.add("dtstart", _local(event.starts, event.time_zone))
        vevent.add("dtend", _local(event.ends, event.time_zone))
        vevent.add("url", event.url)
        vevent.add("location", "Online")
        if event.summary:
            vevent.add("description", event.summary)
        if event.repeat:
            vevent.add("rrule", icalendar.vRecur.from_ical(event.repeat))
        calendar.add_component(vevent)
    return calendar


def add_to_niches(niches: Sequence[Niche], records: Mapping[Source, Record]) -> tuple[Niche, ...]:
    """``niches`` with each contributed source appended to its niche (in file order)."""
    extra: dict[str, list[Source]] = {}
    for source in records:
        extra.setdefault(source.niche, []).append(source)
    return tuple(replace(n, sources=(*n.sources, *extra.get(n.slug, ()))) if n.slug in extra else n for n in niches)


def add_contributed_events(root: Path | str, niches: Sequence[Niche], *, now: datetime,
                           cache_dir: Path | None = None) -> tuple[tuple[Niche, ...], dict[Source, Record], list[Problem]]:
    """What a build adds from data/events: the niches with their contributed sources, those
    sources' records, and the problems of the files it had to leave out (each ``path:line``).

    With ``cache_dir``, files that passed every rule are not checked again, and their expansion
    is remembered for the day (`expand_for_the_day`).
    """
    marker = cache_dir / PASSED_MARKER if cache_dir is not None else None
    events, problems = read_events(root, niches={n.slug for n in niches}, today=now.date(), passed_marker=marker)
    bad = {p.path for p in problems}
    good = [e for e in events if e.path not in bad]
    records = expand_for_the_day(good, now=now, cache_dir=cache_dir) if cache_dir is not None else expand_events(good, now=now)
    return add_to_niches(niches, records), records, problems


def expand_for_the_day(events: Sequence[ContributedEvent], *, now: datetime, cache_dir: Path) -> dict[Source, Record]:
    """`expand_events` from the start of ``now``'s UTC day, remembered in the cache for that day
    and those events, then cut to what is still on at ``now`` and starts within the window.

    Expanding 2,000 files takes seconds; a warm build on the same day reads the result back.
    """
    if not events:
        return {}
    from rebound.cache import read_expansion, write_expansion

    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    key = f"{day.date().isoformat()}:{events_digest(events)}"
    first_source = {e.uid: event_sources(e)[0] for e in events}
    by_uid = read_expansion(cache_dir, key, first_source)
    if by_uid is None:
        expanded = expand_events(events, now=day, window=EVENT_WINDOW + timedelta(days=1))
        by_uid = {e.uid: expanded[first_source[e.uid]].entries for e in events}
        try:
            write_expansion(cache_dir, key, by_uid)
        except OSError:
            pass  # remembering only saves time
    records: dict[Source, Record] = {}
    for event in events:
        checked = datetime(event.checked.year, event.checked.month, event.checked.day, tzinfo=UTC)
        kept = tuple(e for e in by_uid.get(event.uid, ()) if e.is_on(now) and e.starts and e.starts <= now + EVENT_WINDOW)
        for source in event_sources(event):
            entries = tuple(replace(e, niche=source.niche) for e in kept)
            records[source] = Record(source.niche, source.feed, checked_at=checked, last_success=checked,
                                     entries=entries, format=FORMAT)
    return records
