"""The data types every other module moves around: `Source`, `Niche`, `Entry` and a source's `Record`.

The bottom layer: it imports nothing of Rebound's, so reading (`sources`, `formats`), storing
(`cache`), selecting (`views`) and writing (`render`, `subscribe`) all point down here and never
at each other sideways. Frozen dataclasses: a value read once is the same value everywhere.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

# Dates outside this window are typos or tricks (year 9999, year 1), not trainings; they become
# "date unknown". Inside it, adding an hour or a day (an event's default end) can never overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
# How far ahead events are read: calendars, event APIs and contributed events alike.
EVENT_WINDOW = timedelta(days=60)
# The input formats (`rebound.formats`, flag ``events``) whose entries are events, and the events
# added by pull request. Here, not derived there, so a warm build (which parses nothing) never
# imports the readers; tests/test_formats_json_events.py checks the two agree.
EVENT_FORMATS = frozenset({"ics", "bevy", "sba", "confs_tech", "developers_events", "contributed"})


@dataclass(frozen=True)
class Source:
    """One curated feed of one niche."""

    niche: str
    name: str
    feed: str
    site: str
    kind: str
    keywords: tuple[str, ...] = ()
    format: str = ""            # a registered input format's name; empty: the fetched body decides
    online_only: bool = False   # calendars that mix in-person events: keep the online ones
    # False when the source doesn't say its events cost nothing (conference lists): its cards say
    # "check the price" instead of "Free". Curated event sources are chosen for being free.
    free: bool = True
    # Events added by pull request (`rebound.contributed`): the data/events file this one comes
    # from. Such a source is never fetched; its record is built from the file at each build.
    origin: str = ""

    @property
    def label(self) -> str:
        """How logs and tables name a source: ``niche/Publisher``."""
        return f"{self.niche}/{self.name}"

    def matches(self, text: str) -> bool:
        """True when the source keeps every entry, or ``text`` holds one of its keywords."""
        folded = text.casefold()
        return not self.keywords or any(k.casefold() in folded for k in self.keywords)


@dataclass(frozen=True)
class Niche:
    """A freelance niche: its page at ``/niches/<slug>/`` and the feeds behind it."""

    slug: str
    title: str
    description: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Entry:
    """One cleaned feed item. Text fields are plain text; ``summary`` is safe HTML.

    ``id`` is stable across fetches (the feed's own id, prefixed with the feed's address unless
    it is an absolute URI, URN or tag URI; else the link; else a hash of feed, title and date).
    All datetimes are timezone-aware (UTC) or None when the feed gave none.
    """

    id: str
    title: str
    link: str | None
    summary: str
    source: str
    niche: str
    kind: str
    published: datetime | None = None
    updated: datetime | None = None
    starts: datetime | None = None
    ends: datetime | None = None
    tags: tuple[str, ...] = ()
    # Events from calendars. ``all_day``: ``starts``/``ends`` are UTC midnights of whole days
    # (``ends`` exclusive). ``series``: the same for every occurrence of one recurring event;
    # ``repeats``: "every week", "every 2 months" (empty when irregular); ``repeats_until``: the
    # series' last start when the calendar says. ``online``: the place or the link says so.
    all_day: bool = False
    location: str = ""
    online: bool = False
    series: str = ""
    repeats: str = ""
    repeats_until: datetime | None = None
    # Copied from the source's ``free`` (never stored: a changed flag applies without a refetch).
    free: bool = True

    @property
    def date(self) -> datetime | None:
        """The date to sort and show: published, else updated."""
        return self.published or self.updated

    def is_on(self, moment: datetime | None) -> bool:
        """Whether this is an event that hasn't ended (or, without an end, started) by ``moment``."""
        return bool(moment and self.starts and (self.ends or self.starts) >= moment)

    @property
    def uid(self) -> str:
        """A short stable identifier derived from ``id`` (for calendars and anchors)."""
        return hashlib.sha256(self.id.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Record:
    """What Rebound knows about one source: its validators, last good entries and last error."""

    niche: str
    feed: str
    checked_at: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    entries: tuple[Entry, ...] = field(default=())
    is_failing: bool = False  # the latest attempt failed (its reason is last_error)
    format: str = ""          # the input format that read the last good body (rebound.formats)
    # The server's word on when to ask again (Cache-Control: max-age, or Retry-After on a 429/503).
    next_fetch_at: datetime | None = None

    def with_success(self, when: datetime, entries: tuple[Entry, ...], etag: str | None, last_modified: str | None,
                     found_format: str | None = None, next_fetch_at: datetime | None = None) -> Record:
        return replace(
            self, checked_at=when, last_success=when, entries=entries, etag=etag, last_modified=last_modified,
            is_failing=False, format=found_format or self.format, next_fetch_at=next_fetch_at,
        )

    def with_failure(self, when: datetime, reason: str, next_fetch_at: datetime | None = None) -> Record:
        # The entries and validators stay: they are the last good copy.
        return replace(self, checked_at=when, last_error=reason, last_error_at=when, is_failing=True,
                       next_fetch_at=next_fetch_at)


def in_window(moment: datetime) -> datetime | None:
    """``moment`` when it lies between `EARLIEST` and `LATEST`, else None ("date unknown")."""
    return moment if EARLIEST <= moment <= LATEST else None


def as_utc(moment: datetime) -> datetime:
    """Timezone-aware UTC; a date without a zone is read as UTC, as feedparser does."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
