"""Build the site from two commits with the same feed cache and compare every output byte.

    python scripts/compare_builds.py [--against REV] [--keep DIR]

For refactors that must not change what readers get. The working tree and ``REV`` (default:
``main``, checked out in a temporary git worktree) are each built twice, strict and offline, with
one fixed clock for MkDocs (SOURCE_DATE_EPOCH):

1. ``cached``: the real sources file pointed at fixture feeds on 127.0.0.1, fetched once into a
   cache both builds share, so niche pages, feeds, calendars and event files all have entries;
2. ``empty``: the real sources with an empty cache, as CI builds the site.

Each build gets its own copy of the cached feed records, and nothing else from the cache, so
nothing one side remembers there (the contributed events' expansion and checks) can serve the other.

Each build imports its own checkout's ``rebound`` (PYTHONPATH), not the one the venv points at.
Prints the files that differ (or "identical") and each build's CPU time; exit status 1 on a
difference. Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml

from rebound.cache import CONTRIBUTED_MEMO
from rebound.contributed import PASSED_MARKER
from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.devtools.measure import run_measured
from rebound.devtools.project import MKDOCS, ROOT, build_env
from rebound.devtools.synthetic import make_feed

# Fixture feeds the real sources are pointed at, in order: varied formats, dates, events,
# duplicates and hostile text; the last two sources fail (an HTML page, then HTTP 500).
FIXTURE_FEEDS = (
    "rss20_basic.xml", "atom10_slash7.xml", "rss10_rdf_slashdot.xml", "rss20_css_tricks.xml", "xss_payloads.xml",
    "event_calendar_brock.xml", "relative_links.xml", "iso_8859_1_jn.xml", "duplicates_first.xml",
    "duplicates_second.xml", "no_dates.xml", "xss_calendar_injection.xml", "event_dates_out_of_range.xml",
)
FIXED_CLOCK = "1767225600"   # 2026-01-01T00:00:00Z: MkDocs' sitemap dates and gzip stamps


def fixture_routes(count: int) -> list[Route]:
    """One route per source: the fixture feeds, then synthetic ones, then two failures."""
    routes = [Route(body=fixture(name)) for name in FIXTURE_FEEDS[: max(0, count - 2)]]
    routes += [Route(body=make_feed(20, f"feed-{i}")) for i in range(len(routes), count - 2)]
    routes += [Route(body=b"<html>not a feed</html>", content_type="text/html"), Route(status=500, body=b"boom")]
    return routes[:count]


def warm_cache(dest: Path) -> tuple[Path, Path]:
    """A sources file (the real one, feeds moved to 127.0.0.1) and a cache fetched from it once."""
    data = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    sources = [source for niche in data["niches"] for source in niche["sources"]]
    routes = {f"/feed-{i}.xml": route for i, route in enumerate(fixture_routes(len(sources)))}
    sources_file, cache = dest / "sources.yml", dest / "cache"
    with serve(routes) as server:
        for i, source in enumerate(sources):
            source["feed"] = server.url(f"/feed-{i}.xml")
        sources_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        build(ROOT, dest / "warming", REBOUND_OFFLINE="0", REBOUND_SOURCES=str(sources_file),
              REBOUND_CACHE_DIR=str(cache), REBOUND_FEEDS_BUDGET="120")
    return sources_file, cache


def build(project: Path, site: Path, **env: str) -> float:
    """A strict build of ``project`` into ``site`` with its own `rebound`; its CPU seconds."""
    run = run_measured([*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(site)], cwd=project,
                       env=build_env(PYTHONPATH=str(project / "hooks"), SOURCE_DATE_EPOCH=FIXED_CLOCK, **env))
    if run.returncode:
        raise SystemExit(f"build of {project} failed:\n{run.stderr[-3000:]}")
    return run.cpu_seconds


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative) that exist on one side only or whose bytes differ."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


@contextmanager
def checkout(rev: str, dest: Path) -> Iterator[Path]:
    """``rev`` checked out (detached) in a temporary git worktree, removed afterwards."""
    subprocess.run(["git", "worktree", "add", "--quiet", "--detach", str(dest), rev], cwd=ROOT, check=True)
    try:
        yield dest
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(dest)], cwd=ROOT, check=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="the commit to compare the working tree with (default: main)")
    parser.add_argument("--keep", type=Path, help="keep the builds in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rebound-compare-") as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        sources, cache = warm_cache(tmp)
        differ: list[str] = []
        with checkout(args.against, Path(tmp_name) / "reference") as reference:
            for label in ("cached", "empty"):
                cpu = {}
                for name, project in (("reference", reference), ("working tree", ROOT)):
                    slug = name.replace(" ", "-")
                    site, own_cache = tmp / f"{label}-{slug}", tmp / f"{label}-cache-{slug}"
                    shutil.rmtree(site, ignore_errors=True)
                    shutil.rmtree(own_cache, ignore_errors=True)
                    # Each build gets its own copy of the feed records alone: what a build remembers
                    # beside them (the contributed events' expansion and checks) must not serve the other side.
                    env = {"REBOUND_CACHE_DIR": str(own_cache)}
                    if label == "cached":
                        shutil.copytree(cache, own_cache, ignore=lambda folder, names: [
                            n for n in names if n in (CONTRIBUTED_MEMO, PASSED_MARKER) or (Path(folder) / n).is_dir()])
                        env["REBOUND_SOURCES"] = str(sources)
                    cpu[name] = build(project, site, **env)
                found = differing_files(tmp / f"{label}-reference", tmp / f"{label}-working-tree")
                files = sum(1 for p in (tmp / f"{label}-working-tree").rglob("*") if p.is_file())
                verdict = "identical" if not found else f"{len(found)} files differ"
                print(f"{label:>6} cache: {files} files, {verdict} "
                      f"(CPU: {args.against} {cpu['reference']:.2f} s, working tree {cpu['working tree']:.2f} s)")
                differ += [f"{label}: {path}" for path in found]
    for line in differ[:50]:
        print(f"  differs: {line}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
