"""From cached records to what a page shows: per-niche views, source statuses, "the same entry".

Pure: no I/O and no clock ("upcoming" is relative to the niche's last check, not to now). The
entries a view keeps are the only ones cleaned again (`rebound.clean.clean_stored_entry`): a
niche page shows at most a few dozen of the hundreds of entries in the cache.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timedelta

from rebound.clean import clean_stored_entry
from rebound.model import EVENT_FORMATS, Entry, Niche, Record, Source

LATEST_LIMIT = 15
# Reading (sources of kind "article") comes after events and trainings and is capped, so a busy
# blog never pushes courses and videos down the page.
READING_LIMIT = 6
READING_KINDS = frozenset({"article"})
# Fair listings: a source shows at most this many of the latest trainings while any other source
# of the niche still has something to show, so one publisher's busy day cannot fill a page.
PER_SOURCE = 3
# A recurring series lists its next few occurrences, then "and every week until …".
SERIES_SHOWN = 3
# A page lists at most this many events (each niche page, the events page): enough for any week a
# reader plans, and a phone page stays short. The calendars and feeds carry every one.
PAGE_EVENTS = 60
# A feed with nothing newer than this (or a calendar with nothing coming up) is "quiet": worth a
# curator's look, though not broken.
QUIET_AFTER = timedelta(days=90)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SubscribeLinks:
    """A niche page's subscribe links (`rebound.plan` builds them with `rebound.subscribe.niche_links`).

    ``calendar``: "Get these in your calendar" (the niche calendar to subscribe to);
    ``reader``: "Follow in a feed reader" (the niche's RSS, relative to the page's source);
    ``feeds``: (label, Markdown link target) pairs for the other ways, behind "More ways to follow";
    ``help_page``: the Subscribe page, relative to the niche page's source;
    ``events``: entry id → (one-event .ics address relative to the page's URL, calendar service link);
    ``page_url``: the page's own address (site-relative), for its stylesheet and script.
    """

    feeds: tuple[tuple[str, str], ...]
    help_page: str
    events: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    calendar: str = ""
    reader: str = ""
    page_url: str = ""


@dataclass(frozen=True)
class SourceStatus:
    """One source as a reader or maintainer sees it. ``state``: fresh, stale, failing, never."""

    source: Source
    state: str
    entry_count: int
    checked_at: datetime | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    format: str = ""                 # the input format of the last good body
    newest: datetime | None = None   # the newest entry's own date
    upcoming: int = 0                # events starting (or still on) after the last check


@dataclass(frozen=True)
class NicheView:
    """A niche page's data: upcoming events, latest trainings, per-source status, last check."""

    niche: Niche
    upcoming: tuple[Entry, ...]
    latest: tuple[Entry, ...]
    statuses: tuple[SourceStatus, ...]
    checked_at: datetime | None

    # What the page lists, worked out here once, so rendering only formats (computed on first use;
    # the view is frozen, so they never go stale).
    @cached_property
    def listed(self) -> tuple[Listed, ...]:
        """The upcoming events the page lists (`list_upcoming`: series cut, at most `PAGE_EVENTS`)."""
        return list_upcoming(self.upcoming)

    @cached_property
    def unlisted(self) -> int:
        """How many upcoming events the page leaves to the calendar (`count_unlisted`)."""
        return count_unlisted(self.upcoming, self.listed)

    @property
    def trainings(self) -> tuple[Entry, ...]:
        """The latest entries that are trainings (courses, videos, recorded webinars)."""
        return tuple(e for e in self.latest if e.kind not in READING_KINDS)

    @property
    def reading(self) -> tuple[Entry, ...]:
        """The latest entries that are reading (articles)."""
        return tuple(e for e in self.latest if e.kind in READING_KINDS)


@dataclass(frozen=True)
class Health:
    """The feed-health page's data: every niche's view, the newest check of any source (ages count
    up to it) and the sources that have gone quiet by then (`is_quiet`)."""

    views: tuple[NicheView, ...]
    reference: datetime | None
    quiet: frozenset[Source]


def build_health(views: Sequence[NicheView]) -> Health:
    """The health page's data from the niches' views, in the order given."""
    reference = max((v.checked_at for v in views if v.checked_at), default=None)
    quiet = frozenset(s.source for v in views for s in v.statuses if is_quiet(s, reference))
    return Health(tuple(views), reference, quiet)


def describe_source(source: Source, record: Record) -> SourceStatus:
    """The status of ``source`` from its cached record."""
    if record.checked_at is None:
        state = "never"
    elif record.is_failing:
        state = "stale" if record.entries else "failing"
    else:
        state = "fresh"
    newest = max((e.date for e in record.entries if e.date), default=None)
    upcoming = sum(1 for e in record.entries if e.is_on(record.checked_at))
    return SourceStatus(
        source, state, len(record.entries), record.checked_at, record.last_success, record.last_error, record.last_error_at,
        record.format, newest, upcoming,
    )


def is_quiet(status: SourceStatus, reference: datetime | None) -> bool:
    """Fetched fine, but nothing new for `QUIET_AFTER` before ``reference`` (the newest check).

    A calendar is quiet when nothing is coming up; a feed, when its newest entry is old (a feed
    whose entries carry no date at all cannot be judged).
    """
    if status.state == "never" or reference is None:
        return False
    if status.upcoming:
        return False
    if status.newest is not None:
        return status.newest < reference - QUIET_AFTER
    return status.format in EVENT_FORMATS or status.entry_count == 0


def build_niche_view(niche: Niche, records: dict[Source, Record]) -> NicheView:
    """Select, deduplicate and order the entries of ``niche``; "upcoming" is relative to its last check.

    Upcoming: every event still on at the last check, by start time. Latest: the rest, chosen
    fairly between sources (`pick_fairly`): trainings (courses, videos, recorded webinars) up to
    `LATEST_LIMIT`, reading (articles) up to `READING_LIMIT`; an event already over is left out.
    """
    found = [records[s] for s in niche.sources if s in records]
    checked = max((r.checked_at for r in found if r.checked_at), default=None)
    upcoming: list[Entry] = []
    trainings: list[list[Entry]] = []
    reading: list[list[Entry]] = []
    for source, entries in zip(niche.sources, select_by_source(niche, records)):
        coming = [e for e in entries if e.is_on(checked)]
        upcoming += coming
        if not _is_calendar(records.get(source)):
            # A calendar's entries are events; once over, they are nothing to read later.
            coming_ids = {id(e) for e in coming}
            rest = [e for e in entries if id(e) not in coming_ids]
            (reading if source.kind in READING_KINDS else trainings).append(rest)
    upcoming.sort(key=by_start)
    latest = sorted([*pick_fairly(trainings), *pick_fairly(reading, limit=READING_LIMIT)], key=newest_first)
    statuses = tuple(describe_source(s, records.get(s, Record(s.niche, s.feed))) for s in niche.sources)
    return NicheView(
        niche,
        tuple(clean_stored_entry(e) for e in upcoming),
        tuple(clean_stored_entry(e) for e in latest),
        statuses,
        checked,
    )


def _is_calendar(record: Record | None) -> bool:
    # A calendar, an event API or a contributed event file: events only.
    return record is not None and record.format in EVENT_FORMATS


def by_start(entry: Entry) -> tuple[datetime, str, str]:
    """Sort key for events: start time, then title and id."""
    assert entry.starts is not None
    return (entry.starts, entry.title, entry.id)


def select_by_source(niche: Niche, records: dict[Source, Record]) -> list[list[Entry]]:
    """Each source's kept entries, in the sources file's order: filtered, deduplicated, newest first.

    Kept: entries that match the source's keywords and, for an ``online_only`` source, events
    that are online or name no place. An entry two sources share stays with the first.
    """
    seen: set[str] = set()
    kept: list[list[Entry]] = []
    for source in niche.sources:
        record = records.get(source)
        mine: list[Entry] = []
        for entry in record.entries if record else ():
            if not source.matches(" ".join((entry.title, _TAG.sub(" ", entry.summary), entry.location, *entry.tags))):
                continue
            if source.online_only and entry.location and not entry.online:
                continue
            keys = entry_keys(entry)
            if keys & seen:
                continue
            seen |= keys
            mine.append(entry)
        kept.append(sorted(mine, key=newest_first))
    return kept


def pick_fairly(by_source: Sequence[Sequence[Entry]], limit: int = LATEST_LIMIT, per_source: int = PER_SOURCE) -> list[Entry]:
    """At most ``limit`` entries (more if there are more sources), newest first, undated last.

    Every source with entries shows its newest one first; then the newest of the rest, at most
    ``per_source`` from each source; only when every source has shown what it can within that
    does a source show more. Undated entries sort last but are never pushed out by a flood.
    """
    queues = [list(entries) for entries in by_source if entries]
    if not queues:
        return []
    limit = max(limit, len(queues))
    chosen = [queue[0] for queue in queues]
    shown = [1] * len(queues)
    rest = sorted(((e, n) for n, queue in enumerate(queues) for e in queue[1:]), key=lambda pair: newest_first(pair[0]))
    held: list[Entry] = []
    for entry, n in rest:
        if len(chosen) >= limit:
            break
        if shown[n] < per_source:
            chosen.append(entry)
            shown[n] += 1
        else:
            held.append(entry)
    chosen += held[: max(0, limit - len(chosen))]
    return sorted(chosen, key=newest_first)


@dataclass(frozen=True)
class Listed:
    """An upcoming event as a page lists it. ``later``: how many more occurrences of its series
    the window holds beyond the ones listed (set on the last listed occurrence only)."""

    entry: Entry
    later: int = 0


def list_upcoming(events: Sequence[Entry], shown: int = SERIES_SHOWN, limit: int | None = PAGE_EVENTS) -> tuple[Listed, ...]:
    """``events`` (sorted by start) with each recurring series cut to its next ``shown`` occurrences,
    at most ``limit`` in all (the first ones: a page never lists an event its niche page does not)."""
    total = Counter(e.series for e in events if e.series)
    seen: Counter[str] = Counter()
    listed: list[Listed] = []
    for entry in events:
        if not entry.series:
            listed.append(Listed(entry))
            continue
        seen[entry.series] += 1
        if seen[entry.series] > shown:
            continue
        last = seen[entry.series] == min(shown, total[entry.series])
        listed.append(Listed(entry, later=total[entry.series] - shown if last and total[entry.series] > shown else 0))
    return tuple(listed[:limit])


def count_unlisted(events: Sequence[Entry], listed: Sequence[Listed]) -> int:
    """How many of ``events`` (series occurrences included) a page leaves out beyond its `PAGE_EVENTS`."""
    if not listed:
        return 0
    last = by_start(listed[-1].entry)
    # Later dates of a listed series are told by its "and every week…" line, not counted here.
    series = {item.entry.series for item in listed if item.entry.series}
    return sum(1 for e in events if by_start(e) > last and e.series not in series)   # "" is never in series


@dataclass(frozen=True)
class Week:
    """One week of the events page: its Monday (UTC) and its events."""

    monday: date
    events: tuple[Listed, ...]


def all_upcoming(views: Sequence[NicheView]) -> list[Entry]:
    """Every niche's upcoming events, by start; an event two niches list appears once (the first's)."""
    seen: set[str] = set()
    events: list[Entry] = []
    for view in views:
        for entry in view.upcoming:
            keys = entry_keys(entry)
            if not keys & seen:
                seen |= keys
                events.append(entry)
    return sorted(events, key=by_start)


def group_by_week(events: Sequence[Entry]) -> tuple[Week, ...]:
    """Upcoming events (series cut, see `list_upcoming`) grouped by the UTC week they start in."""
    weeks: dict[date, list[Listed]] = {}
    for item in list_upcoming(events):
        assert item.entry.starts is not None
        day = item.entry.starts.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(item)
    return tuple(Week(monday, tuple(items)) for monday, items in weeks.items())


def next_events(views: Sequence[NicheView], count: int = 3) -> tuple[Entry, ...]:
    """The next ``count`` events across niches, one occurrence per series (for the home page)."""
    return tuple(item.entry for item in list_upcoming(all_upcoming(views), shown=1)[:count])


def entry_keys(entry: Entry) -> set[str]:
    """What makes two entries the same one: any shared key (id, link, or event title and start).

    The one definition of "the same entry" for the niche pages and every feed built from them.
    """
    keys = {f"id:{entry.id}"}
    if entry.link and not entry.starts:
        # Not for events: the occurrences of a series, or a calendar's events without a link of
        # their own (they link to the source's site), share one link and are still different events.
        keys.add(f"link:{entry.link.rstrip('/')}")
    if entry.starts:
        # The same event announced by two feeds: same title, same start.
        keys.add(f"event:{entry.title.casefold()}@{entry.starts.isoformat()}")
    return keys


def newest_first(entry: Entry) -> tuple[bool, float, str, str]:
    """Sort key: newest first, undated last, then by title and id (the niche pages' order)."""
    date = entry.date
    return (date is None, -date.timestamp() if date else 0.0, entry.title, entry.id)


def shown_entries(view: NicheView) -> tuple[Entry, ...]:
    """What the niche page lists (upcoming events and latest trainings), newest first."""
    return tuple(sorted((*view.upcoming, *view.latest), key=newest_first))
