"""The benchmark's parts (scripts/bench.py) on tiny inputs. Nothing here is timed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from rebound.devtools.project import ROOT, import_script
from rebound.generate import load_mkdocs_yml

bench = import_script("bench")


def test_a_synthetic_hub_builds_strictly_and_fetches_each_source_once(tmp_path: Path) -> None:
    with bench.local_feeds(3) as server:
        result = bench.hub_build(tmp_path, server, pages=3, sources=3, label="tiny")
        assert len(server.requests) == 3          # the warm, offline build fetched nothing more
    assert result["fetched"] == 3 and result["cached"] == 3
    assert result["pages"] == 3 and result["sources"] == 3
    for phase in ("cold", "warm"):
        assert result[phase]["seconds"] > 0 and result[phase]["max_rss_mib"] > 10
    json.dumps(result)   # what --json writes


def test_the_disabled_config_drops_our_hooks_and_extensions_but_keeps_the_pages(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yml"
    with bench.local_feeds(100) as server:
        count = bench.localize_sources(ROOT / "data" / "sources.yml", sources, server)
    assert count == sum(len(n["sources"]) for n in yaml.safe_load(sources.read_text())["niches"])
    config = load_mkdocs_yml(bench.disabled_config(tmp_path, sources, tmp_path / "empty-cache"))
    assert "hooks" not in config
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names and not [n for n in names if n.startswith("rebound")]
    # No code of ours runs in the plain build: Material's own emoji index, no message fence.
    text = (tmp_path / "mkdocs-disabled.yml").read_text(encoding="utf-8")
    assert "rebound." not in text.replace("rebound.css", "")
    assert f"emoji_index: !!python/name:{bench.MATERIAL_EMOJI_INDEX}" in text
    niches = next(i["Free training"] for i in config["nav"] if isinstance(i, dict) and "Free training" in i)
    for niche in yaml.safe_load(sources.read_text())["niches"]:
        assert (Path(config["docs_dir"]) / "niches" / f"{niche['slug']}.md").is_file()
        assert {niche["title"]: f"niches/{niche['slug']}.md"} in niches


def test_linearity_verdicts() -> None:
    assert bench.linearity([(10, 1.0), (100, 1.9), (1000, 10.9)])["verdict"] == "roughly linear"
    assert bench.linearity([(10, 1.0), (100, 2.0), (1000, 60.0)])["verdict"] == "superlinear"
    assert bench.linearity([(10, 1.0), (100, 1.02), (500, 1.01)])["verdict"].startswith("flat")
    assert bench.linearity([(10, 1.0), (100, 2.0), (1000, 11.0)])["fit_slope"] > 0.009


def fake_run(cpu: float) -> bench.Run:
    return bench.Run(seconds=cpu, cpu_seconds=cpu, built_in=None, max_rss_mib=40.0, returncode=0)


def test_interleaved_runs_alternate_and_the_ratio_is_paired() -> None:
    order: list[str] = []
    runs = bench.interleaved([lambda: order.append("a") or fake_run(1.2), lambda: order.append("b") or fake_run(1.0)], 3)
    assert order == ["a", "b", "a", "b", "a", "b"]
    assert [len(r) for r in runs] == [3, 3]
    ratio = bench.paired_ratio([fake_run(1.1), fake_run(2.4), fake_run(1.0)], [fake_run(1.0), fake_run(2.0), fake_run(1.0)])
    assert ratio["median"] == 1.1 and ratio["min"] == 1.0 and ratio["max"] == 1.2 and ratio["pairs"] == 3


def test_a_measured_run_reports_the_child_cpu_time(tmp_path: Path) -> None:
    run = bench.run_measured([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], cwd=tmp_path, env={})
    assert run.returncode == 0 and run.cpu_seconds > 0.05 and run.max_rss_mib > 1


def test_the_calendar_benchmark_calendar_is_the_case_it_claims(tmp_path: Path) -> None:
    body = bench.make_big_calendar()
    assert body.count(b"BEGIN:VEVENT") == 5000 and body.count(b"RRULE:FREQ=WEEKLY\r\n") == 100  # no COUNT, no UNTIL
    seconds, cpu, peak, kept, size = bench.calendar_figures(tmp_path, runs=1)
    assert kept == 200 and size == len(body) and peak > 10 and seconds > 0 and cpu > 0


def test_the_events_part_adds_contributed_files_and_calendars(tmp_path: Path) -> None:
    result = bench.bench_events(tmp_path, runs=1, files=6, calendars=2)
    assert result["files"] == 6 and result["calendars"] == 2
    assert len(list((tmp_path / "events-more" / "data" / "events").glob("*.yml"))) == 6
    assert not (tmp_path / "events-base" / "data" / "events").exists() or not any(
        (tmp_path / "events-base" / "data" / "events").glob("bench-*.yml"))
    assert result["events_page_cards"] > 0   # the synthetic events reached /events/
    assert len(result["added_seconds"]) == 1
    json.dumps(result)


def test_a_refresh_of_local_sources_fetches_each_once(tmp_path: Path) -> None:
    from rebound.devtools.synthetic import write_sources

    with bench.local_feeds(4) as server:
        sources = tmp_path / "sources.yml"
        write_sources(sources, [server.url(f"/feed-{i}.xml") for i in range(4)])
        seconds, ok = bench.refresh_seconds(sources, tmp_path / "cache")
        assert len(server.requests) == 4
    assert ok == 4 and seconds > 0
