"""From cached records to what a page shows: per-niche views, source statuses, "the same entry".

Pure: no I/O and no clock ("upcoming" is relative to the niche's last check, not to now). The
entries a view keeps are the only ones cleaned again (`rebound.clean.clean_stored_entry`): a
niche page shows at most a few dozen of the hundreds of entries in the cache.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rebound.clean import clean_stored_entry
from rebound.model import Entry, Niche, Record, Source

UPCOMING_LIMIT = 10
LATEST_LIMIT = 15
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SubscribeLinks:
    """A niche page's subscribe links (`rebound.plan` builds them with `rebound.subscribe.niche_links`).

    ``feeds``: (label, Markdown link target) pairs for the "Follow this niche" line;
    ``help_page``: the Subscribe page, relative to the niche page's source;
    ``events``: entry id → (one-event .ics address relative to the page's URL, calendar service link).
    """

    feeds: tuple[tuple[str, str], ...]
    help_page: str
    events: Mapping[str, tuple[str, str]] = field(default_factory=dict)


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


@dataclass(frozen=True)
class NicheView:
    """A niche page's data: upcoming events, latest trainings, per-source status, last check."""

    niche: Niche
    upcoming: tuple[Entry, ...]
    latest: tuple[Entry, ...]
    statuses: tuple[SourceStatus, ...]
    checked_at: datetime | None


def describe_source(source: Source, record: Record) -> SourceStatus:
    """The status of ``source`` from its cached record."""
    if record.checked_at is None:
        state = "never"
    elif record.is_failing:
        state = "stale" if record.entries else "failing"
    else:
        state = "fresh"
    return SourceStatus(
        source, state, len(record.entries), record.checked_at, record.last_success, record.last_error, record.last_error_at
    )


def build_niche_view(niche: Niche, records: dict[Source, Record]) -> NicheView:
    """Select, deduplicate and order the entries of ``niche``; "upcoming" is relative to its last check."""
    found = [records[s] for s in niche.sources if s in records]
    checked = max((r.checked_at for r in found if r.checked_at), default=None)
    entries = select_entries(niche, records)
    upcoming = [e for e in entries if checked and e.starts and (e.ends or e.starts) >= checked]
    upcoming.sort(key=lambda e: (e.starts, e.title, e.id))
    coming = {id(e) for e in upcoming}
    latest = [e for e in entries if id(e) not in coming]
    statuses = tuple(describe_source(s, records.get(s, Record(s.niche, s.feed))) for s in niche.sources)
    return NicheView(
        niche,
        tuple(clean_stored_entry(e) for e in upcoming[:UPCOMING_LIMIT]),
        tuple(clean_stored_entry(e) for e in latest[:LATEST_LIMIT]),
        statuses,
        checked,
    )


def select_entries(niche: Niche, records: dict[Source, Record]) -> list[Entry]:
    """Every kept entry of ``niche``: keyword-filtered, deduplicated, newest first, undated last."""
    seen: set[str] = set()
    kept: list[Entry] = []
    for source in niche.sources:
        record = records.get(source)
        for entry in record.entries if record else ():
            if not source.matches(" ".join((entry.title, _TAG.sub(" ", entry.summary), *entry.tags))):
                continue
            keys = entry_keys(entry)
            if keys & seen:
                continue
            seen |= keys
            kept.append(entry)
    kept.sort(key=newest_first)
    return kept


def entry_keys(entry: Entry) -> set[str]:
    """What makes two entries the same one: any shared key (id, link, or event title and start).

    The one definition of "the same entry" for the niche pages and every feed built from them.
    """
    keys = {f"id:{entry.id}"}
    if entry.link:
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
