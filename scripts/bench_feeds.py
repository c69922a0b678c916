"""Benchmark the training feeds against a local server (not a timed test; prints figures).

1. Refresh of 50 sources behind a server that answers each request after 500 ms:
   concurrent (the real settings) and one after another.
2. A strict build with a warm cache, against the same site with the feed hook (hooks/feeds.py) disabled.
3. Peak memory of a refresh and of a warm build with 200 sources × 100 entries.
4. A calendar of 5,000 events with 100 unbounded weekly series: parse time and peak memory.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rebound.collect import collect, settings_from_env
from rebound.devtools.feeds_server import Route, serve
from rebound.devtools.measure import run_measured as measure
from rebound.devtools.project import ROOT, copy_project
from rebound.devtools.synthetic import make_feed, write_sources
from rebound.sources import load_sources


def env_for(sources: Path, cache: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", REBOUND_SOURCES=str(sources), REBOUND_CACHE_DIR=str(cache))
    env.update(extra)
    return env


def refresh_seconds(sources: Path, cache: Path, workers: int | None) -> tuple[float, int]:
    shutil.rmtree(cache, ignore_errors=True)
    os.environ.update(REBOUND_SOURCES=str(sources), REBOUND_CACHE_DIR=str(cache))
    settings = replace(settings_from_env(ROOT, budget=120.0), offline=False)
    if workers:
        settings = replace(settings, workers=workers)
    niches = load_sources(sources)
    started = time.perf_counter()
    result = collect(niches, settings, force=True)
    return time.perf_counter() - started, sum(o.status == "ok" for o in result.outcomes)


def run_measured(cmd: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process; stop with its output if it fails."""
    run = measure(cmd, cwd=cwd, env=env)
    if run.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{run.stderr}")
    return run.seconds, run.max_rss_mib


def make_calendar(singles: int = 4900, series: int = 100, start: datetime = datetime(2026, 12, 1, tzinfo=UTC)) -> bytes:
    """A calendar like a busy group's: one-off events every 3 hours and weekly series without an end.

    Most one-off events lie beyond the 60-day window, as in a real calendar most lie in the past.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rebound bench//EN", "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
             "BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200",
             "TZOFFSETTO:+0100", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19700329T020000",
             "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE"]
    for i in range(singles):
        when = start + timedelta(hours=3 * i)
        lines += ["BEGIN:VEVENT", f"UID:single-{i}@bench.example", "DTSTAMP:20261101T000000Z",
                  f"DTSTART:{when:%Y%m%dT%H%M%SZ}", f"DTEND:{when + timedelta(hours=1):%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:Portfolio clinic {i}: pricing\\, pitching and rejection", "LOCATION:Online",
                  f"URL:https://bench.example/events/{i}",
                  "DESCRIPTION:A free session. Bring questions about rates\\, clients and rejection.", "END:VEVENT"]
    for i in range(series):
        day = f"2025{1 + i % 12:02d}{1 + i % 28:02d}"
        lines += ["BEGIN:VEVENT", f"UID:series-{i}@bench.example", "DTSTAMP:20261101T000000Z",
                  f"DTSTART;TZID=Europe/Berlin:{day}T18{i % 60:02d}00", f"DTEND;TZID=Europe/Berlin:{day}T19{i % 60:02d}00",
                  "RRULE:FREQ=WEEKLY", f"SUMMARY:Weekly co-working {i}", "LOCATION:https://zoom.us/j/123", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


# Run in a child process, so its peak RSS is the calendar's alone (plus Python and the imports).
_PARSE_CALENDAR = """
import sys, time
from datetime import UTC, datetime
from rebound.formats import ics
from rebound.model import Source
body = open(sys.argv[1], "rb").read()
import icalendar, recurring_ical_events, x_wr_timezone  # imported before the clock starts
source = Source("bench", "Bench", "https://bench.example/cal.ics", "https://bench.example/", "webinar")
started, cpu = time.perf_counter(), time.process_time()
entries = ics.parse(body, url=source.feed, content_type="text/calendar", source=source, fetched_at=datetime(2026, 12, 1, tzinfo=UTC))
print(f"{time.perf_counter() - started:.3f} {time.process_time() - cpu:.3f} {len(entries)}", file=sys.stderr)
"""


def calendar_figures(tmp: Path, runs: int) -> tuple[float, float, float, int, int]:
    """Median parse seconds (wall, CPU), peak RSS (MiB) of the child, entries kept, calendar size in bytes.

    CPU seconds are the figure to compare on a shared machine: wall time there mostly measures
    everyone else's load.
    """
    path = tmp / "bench.ics"
    body = make_calendar()
    path.write_bytes(body)
    seconds: list[float] = []
    cpu: list[float] = []
    peaks: list[float] = []
    kept = 0
    for _ in range(runs):
        run = measure([sys.executable, "-c", _PARSE_CALENDAR, str(path)], cwd=tmp, env=dict(os.environ))
        if run.returncode:
            raise SystemExit(f"parsing the bench calendar failed:\n{run.stderr}")
        elapsed, used, count = run.stderr.split()[-3:]   # the child's last line
        seconds.append(float(elapsed))
        cpu.append(float(used))
        peaks.append(run.max_rss_mib)
        kept = int(count)
    return statistics.median(seconds), statistics.median(cpu), max(peaks), kept, len(body)


def build_project(tmp: Path, with_hook: bool) -> Path:
    project = copy_project(tmp / ("with-hook" if with_hook else "without-hook"))
    if not with_hook:
        config = project / "mkdocs.yml"
        lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not re.match(r"\s+- hooks/feeds\.py\b", line)]
        config.write_text("".join(kept), encoding="utf-8")
    return project


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per variant (median reported)")
    parser.add_argument("--skip-sequential", action="store_true", help="skip the ~25 s one-after-another refresh")
    parser.add_argument("--calendar-only", action="store_true", help="only the calendar case (a few seconds)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-calendar-") as tmpdir:
        seconds, cpu, peak, kept, size = calendar_figures(Path(tmpdir), args.runs)
        print(f"calendar, 5,000 events with 100 unbounded weekly series ({size / 1e6:.1f} MB): parse {cpu:.2f} s CPU, "
              f"{seconds:.2f} s wall (medians of {args.runs}), peak RSS {peak:.0f} MiB, {kept} occurrences kept")
    if args.calendar_only:
        return 0
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir"]
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmpdir:
        tmp = Path(tmpdir)
        small = make_feed(20, "slow")
        routes = {f"/slow/{i}": Route(small, delay=0.5) for i in range(50)}
        big = make_feed(100, "big")
        routes.update({f"/big/{i}": Route(big) for i in range(200)})
        with serve(routes) as server:
            slow_sources, big_sources = tmp / "slow.yml", tmp / "big.yml"
            write_sources(slow_sources, [server.url(f"/slow/{i}") for i in range(50)])
            write_sources(big_sources, [server.url(f"/big/{i}") for i in range(200)], per_niche=20)

            seconds, ok = refresh_seconds(slow_sources, tmp / "cache-slow", None)
            print(f"refresh, 50 sources x 500 ms, concurrent (32 workers): {seconds:.2f} s wall ({ok}/50 ok)")
            if not args.skip_sequential:
                seconds, ok = refresh_seconds(slow_sources, tmp / "cache-seq", 1)
                print(f"refresh, 50 sources x 500 ms, one after another:       {seconds:.2f} s wall ({ok}/50 ok)")

            refresh = [sys.executable, str(ROOT / "scripts" / "refresh_feeds.py"), "--budget", "120"]
            big_cache = tmp / "cache-big"
            seconds, peak = run_measured(refresh, env_for(big_sources, big_cache), ROOT)
            print(f"refresh, 200 sources x 100 entries: {seconds:.2f} s wall, peak RSS {peak:.0f} MiB")

        # The server is stopped from here on: builds read the cache only.
        with_hook, without_hook = build_project(tmp, True), build_project(tmp, False)
        offline = {"REBOUND_OFFLINE": "1"}
        seconds, peak = run_measured([*mkdocs, str(tmp / "site-big")], env_for(big_sources, big_cache, **offline), with_hook)
        print(f"warm build, 200 sources x 100 entries (20 niche pages): {seconds:.2f} s, peak RSS {peak:.0f} MiB")

        warm = tmp / "cache-slow"
        timings: dict[str, list[float]] = {"hook": [], "no hook": []}
        for _ in range(args.runs):
            for name, project in (("hook", with_hook), ("no hook", without_hook)):
                seconds, _ = run_measured([*mkdocs, str(tmp / f"site-{name}")], env_for(slow_sources, warm, **offline), project)
                timings[name].append(seconds)
        hook, bare = statistics.median(timings["hook"]), statistics.median(timings["no hook"])
        print(f"build with warm cache (50 sources, 5 niche pages): {hook:.2f} s; feed hooks disabled: {bare:.2f} s; "
              f"hook adds {100 * (hook - bare) / bare:+.0f}% (median of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
