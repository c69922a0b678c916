"""Benchmark the training feeds against a local server (not a timed test; prints figures).

1. Refresh of 50 sources behind a server that answers each request after 500 ms:
   concurrent (the real settings) and one after another.
2. A strict build with a warm cache, against the same site with the feed hook (hooks/feeds.py) disabled.
3. Peak memory of a refresh and of a warm build with 200 sources × 100 entries.
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
    args = parser.parse_args(argv)
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
