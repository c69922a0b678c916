"""The benchmark's parts (scripts/bench.py) on tiny inputs. Nothing here is timed."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from rebound.devtools.project import ROOT, import_script

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
    config = yaml.safe_load(bench.disabled_config(tmp_path, sources, tmp_path / "empty-cache").read_text())
    assert "hooks" not in config
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names and not [n for n in names if n.startswith("rebound")]
    niches = next(i["Training by niche"] for i in config["nav"] if isinstance(i, dict) and "Training by niche" in i)
    for niche in yaml.safe_load(sources.read_text())["niches"]:
        assert (Path(config["docs_dir"]) / "niches" / f"{niche['slug']}.md").is_file()
        assert {niche["title"]: f"niches/{niche['slug']}.md"} in niches


def test_linearity_verdicts() -> None:
    assert bench.linearity([(10, 1.0), (100, 1.9), (1000, 10.9)])["verdict"] == "roughly linear"
    assert bench.linearity([(10, 1.0), (100, 2.0), (1000, 60.0)])["verdict"] == "superlinear"
    assert bench.linearity([(10, 1.0), (100, 1.02), (500, 1.01)])["verdict"].startswith("flat")
    assert bench.linearity([(10, 1.0), (100, 2.0), (1000, 11.0)])["fit_slope"] > 0.009
