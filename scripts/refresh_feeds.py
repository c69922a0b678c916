"""Refresh the training-feed cache from the network (`make feeds`), then print what readers will get.

Builds never wait long on the network; this is the command that does. It refetches every source
(conditional GET, so unchanged feeds cost a 304), whatever the cache's freshness. Then it prints
two tables: each source's result, and per niche the events of the next 7 and 30 days, the
trainings of the last 30 days and the failing sources (`rebound.report`; contributed events from
data/events count too). `--report-only` prints the niche table from the cache without fetching.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path


from rebound.collect import Outcome, collect
from rebound.generate import read_site_config, rebound_extra
from rebound.settings import load_settings
from rebound.contributed import add_contributed_events
from rebound.model import Niche, Record, Source
from rebound.report import format_niche_table
from rebound.views import build_niche_view
from rebound.text import format_age
from rebound.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stale-only", action="store_true", help="skip sources fetched within the freshness TTL")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds the whole refresh may take (default 60)")
    parser.add_argument("--report-only", action="store_true", help="print the niche table from the cache; fetch nothing")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="with --report-only: count as at this ISO time (for examples and tests)")
    args = parser.parse_args(argv)
    try:
        site = read_site_config(ROOT)
        settings = load_settings(ROOT, extra=rebound_extra(site.raw), site_url=site.site_url, budget=args.budget)
        settings = replace(settings, offline=args.report_only)
        niches = load_sources(settings.sources_path)
    except ValueError as exc:   # SourcesError, SettingsError: each names the file or setting
        print(exc, file=sys.stderr)
        return 2
    now = args.now if args.report_only and args.now else datetime.now(UTC)
    if args.report_only:
        print(niche_report(niches, collect(niches, settings, now=now).records, now))
        return 0
    print(f"Refreshing {sum(len(n.sources) for n in niches)} sources into {settings.cache_dir} ...")
    result = collect(niches, settings, force=not args.stale_only, now=now, progress=_print_progress)
    print()
    print(format_table(result.outcomes, now))
    print()
    print(niche_report(niches, result.records, now))
    for source, message in result.problems:
        if "cache file" in message:
            print(f"warning: {source}: {message}", file=sys.stderr)
    failed = sum(o.status in ("failed", "skipped") for o in result.outcomes)
    print(f"\n{len(result.outcomes) - failed} fine, {failed} failed (failures keep their last good copy).")
    return 0


def niche_report(niches: Sequence[Niche], records: dict[Source, Record], now: datetime) -> str:
    """What readers will get per niche, contributed events included (see `rebound.report`)."""
    niches, contributed, problems = add_contributed_events(ROOT, niches, now=now)
    for problem in problems:
        print(f"warning: {problem.path}:{problem.line}: {problem.message} (left out)", file=sys.stderr)
    views = [build_niche_view(n, {**records, **contributed}) for n in niches]
    return f"What readers will get ({now:%Y-%m-%d %H:%M} UTC):\n\n" + format_niche_table(views, now)


def _print_progress(outcome: Outcome, done: int, total: int) -> None:
    detail = outcome.reason or f"{len(outcome.record.entries)} entries"
    print(f"[{done:>3}/{total}] {outcome.status:<12} {outcome.source.label}: {detail}", flush=True)


def format_table(outcomes: Sequence[Outcome], now: datetime) -> str:
    """The summary: source, format read, status, entries, upcoming events, age of the last good copy."""
    rows = [("source", "format", "status", "entries", "upcoming", "age")]
    for outcome in outcomes:
        record = outcome.record
        upcoming = sum(1 for e in record.entries if e.starts and (e.ends or e.starts) >= now)
        rows.append(
            (
                outcome.source.label,
                record.format or "-",
                outcome.status if not outcome.reason else f"{outcome.status}: {outcome.reason}"[:60],
                str(len(record.entries)),
                str(upcoming),
                format_age(now - record.last_success) if record.last_success else "never",
            )
        )
    numeric = {3, 4}
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)




if __name__ == "__main__":
    raise SystemExit(main())
