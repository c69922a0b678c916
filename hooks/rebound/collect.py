"""The feeds' I/O: read every source's cached record and, when online, refresh the stale ones concurrently.

What pages show is chosen from the records afterwards, without I/O, by `rebound.views`.

Fallback order: fresh cache → live fetch → last good copy → a clear "not fetched yet" note.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rebound.cache import read_record, write_record
from rebound.fetch import FetchError, fetch_feed, network_answers
from rebound.model import Niche, Record, Source
from rebound.settings import Settings



@dataclass(frozen=True)
class Outcome:
    """What happened to one source in one run. ``status``: ok, not-modified, cached, failed, skipped."""

    source: Source
    status: str
    record: Record
    reason: str | None = None


@dataclass(frozen=True)
class Collected:
    """Every source's record after a run, and the problems to log (source label, message)."""

    records: dict[Source, Record]
    outcomes: tuple[Outcome, ...]
    problems: tuple[tuple[str, str], ...]
    notice: str | None = None  # one line for the build log (why nothing was refreshed)


def collect(
    niches: Sequence[Niche],
    settings: Settings,
    *,
    force: bool = False,
    now: datetime | None = None,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> Collected:
    """Read the cache and, unless offline, refresh the sources that are stale (all, with ``force``)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    sources = [s for n in niches for s in n.sources]
    records: dict[Source, Record] = {}
    # Problems are listed in the sources file's order, not the order fetches happen to finish,
    # so two runs with the same failures log the same lines.
    problems: dict[Source, list[str]] = {s: [] for s in sources}
    for source in sources:
        records[source], problem = read_record(settings.cache_dir, source)
        if problem:
            problems[source].append(problem)
    if settings.offline:
        return Collected(records, (), _in_order(problems))
    # `force` (make feeds) overrides our own time-to-live, never a wait the server asked for.
    due = [s for s in sources
           if not _is_asked_to_wait(records[s], now) and (force or not _is_fresh(records[s], now, settings.ttl))]
    if due and settings.probe and not network_answers([s.feed for s in due], timeout=settings.fetch.connect_timeout):
        notice = (f"no network: building from the feed cache as it is ({len(due)} of {len(sources)} sources due"
                  " for a refresh); `make feeds` refreshes them when you are online")
        return Collected(records, (), _in_order(problems), notice)
    outcomes = {s: Outcome(s, "cached", records[s]) for s in sources if s not in due}
    outcomes.update(_refresh(due, records, settings, now, progress))
    for source in sources:
        outcome = outcomes[source]
        records[source] = outcome.record
        if outcome.status in ("failed", "skipped"):
            problems[source].append(_describe_failure(outcome))
    ordered = tuple(outcomes[s] for s in sources)
    return Collected(records, ordered, _in_order(problems))


def _in_order(problems: dict[Source, list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((source.label, message) for source, messages in problems.items() for message in messages)


def _is_fresh(record: Record, now: datetime, ttl: timedelta) -> bool:
    return record.checked_at is not None and now - record.checked_at < ttl


def _is_asked_to_wait(record: Record, now: datetime) -> bool:
    return record.next_fetch_at is not None and now < record.next_fetch_at


def _describe_failure(outcome: Outcome) -> str:
    kept = outcome.record.last_success
    tail = f"kept last good copy from {kept:%Y-%m-%d %H:%M} UTC" if kept else "no earlier copy"
    return f"{outcome.reason} ({tail})"


def _refresh(
    due: list[Source],
    records: dict[Source, Record],
    settings: Settings,
    now: datetime,
    progress: Callable[[Outcome, int, int], None] | None,
) -> dict[Source, Outcome]:
    """Fetch ``due`` sources on a bounded pool; give up on what is not done when the budget ends."""
    if not due:
        return {}
    # Daemon threads, not concurrent.futures: its workers are joined when the interpreter exits,
    # so one fetch stuck on a hostile server would keep a finished build's process alive. An
    # abandoned daemon thread dies with the process; its cache writes are atomic (os.replace).
    stop_at = time.monotonic() + settings.budget
    jobs: queue.SimpleQueue[Source] = queue.SimpleQueue()
    for source in due:
        jobs.put(source)
    finished: queue.SimpleQueue[Outcome] = queue.SimpleQueue()

    def work() -> None:
        while time.monotonic() < stop_at:
            try:
                source = jobs.get_nowait()
            except queue.Empty:
                return
            finished.put(refresh_source(source, records[source], settings=settings, now=now, stop_at=stop_at))

    for number in range(min(settings.workers, len(due))):
        threading.Thread(target=work, name=f"feed-{number}", daemon=True).start()
    results: dict[Source, Outcome] = {}
    while len(results) < len(due):
        # A little past the budget: every request's own deadline is capped at stop_at.
        left = stop_at - time.monotonic() + 0.5
        if left <= 0:
            break
        try:
            outcome = finished.get(timeout=left)
        except queue.Empty:
            break
        results[outcome.source] = outcome
        if progress:
            progress(outcome, len(results), len(due))
    for source in due:
        if source not in results:
            results[source] = Outcome(source, "skipped", records[source], "network budget spent")
    return results


def refresh_source(source: Source, record: Record, *, settings: Settings, now: datetime, stop_at: float | None = None) -> Outcome:
    """Fetch, parse and cache one source; on any failure keep and re-save the last good copy."""
    # The readers (and feedparser under them) only when a body arrives: a warm build parses nothing.
    from rebound.formats import ParseError, parse_body
    from rebound.formats.common import NoEntries

    try:
        fetched = fetch_feed(
            source.feed,
            settings=settings.fetch,
            etag=record.etag if record.entries else None,
            last_modified=record.last_modified if record.entries else None,
            stop_at=stop_at,
        )
        next_fetch_at = now + fetched.max_age if fetched.max_age else None
        if fetched.not_modified:
            updated = record.with_success(now, record.entries, record.etag, record.last_modified,
                                          next_fetch_at=next_fetch_at)
            status = "not-modified"
        else:
            assert fetched.body is not None
            found_format, entries = parse_body(
                fetched.body, url=fetched.url, content_type=fetched.content_type, source=source, fetched_at=now
            )
            # Validators change only now that the body parsed: a bad body must not be "not modified" next time.
            updated = record.with_success(now, entries, fetched.etag, fetched.last_modified, found_format,
                                          next_fetch_at=next_fetch_at)
            status = "ok"
    except FetchError as exc:
        wait_until = now + exc.retry_after if exc.retry_after else None
        return _save_failure(source, record, settings, now, str(exc), wait_until)
    except NoEntries as exc:
        return _save_failure(source, record, settings, now, "feed suddenly has 0 entries" if record.entries else str(exc))
    except ParseError as exc:
        return _save_failure(source, record, settings, now, str(exc))
    except Exception as exc:  # noqa: BLE001 - one odd feed must never stop a build
        return _save_failure(source, record, settings, now, f"unexpected {type(exc).__name__}: {exc}"[:300])
    try:
        write_record(settings.cache_dir, source, updated)
    except OSError as exc:
        return Outcome(source, "failed", updated, f"cannot write the cache: {exc}")
    return Outcome(source, status, updated)


def _save_failure(source: Source, record: Record, settings: Settings, now: datetime, reason: str,
                  next_fetch_at: datetime | None = None) -> Outcome:
    failed = record.with_failure(now, reason, next_fetch_at)
    try:
        write_record(settings.cache_dir, source, failed)
    except OSError:
        pass  # the failure is still reported; the old file stays as it was
    return Outcome(source, "failed", failed, reason)
