"""`python -m rebound.generate`: the site's additions written as files, the same as the build uses."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from rebound.devtools.project import build_env, copy_project, run_build
from rebound.yaml_marks import read_meta


def generate(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rebound.generate", *args], cwd=project,
                          env=build_env(**env), capture_output=True, text=True, timeout=300)


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_generate_writes_pages_blocks_files_and_nav_and_a_second_run_leaves_nothing_stale(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = str(tmp_path / "cache")
    first = generate(project, REBOUND_CACHE_DIR=cache)
    assert first.returncode == 0, first.stderr
    folder = project / ".rebound-generated"
    files = listing(folder)
    assert {"pages/events.md", "pages/niches/health.md", "blocks/index.md", "blocks/subscribe.md",
            "files/all.rss.xml", "files/all.ics", "nav.yml"} <= files
    events = read_meta((folder / "pages/events.md").read_text(encoding="utf-8"))
    assert events["rebound_generated"] is True and events["title"]
    subscribe = read_meta((folder / "blocks/subscribe.md").read_text(encoding="utf-8"))
    assert "rebound_generated" not in subscribe   # a hand-written page keeps its edit link
    assert {link["path"] for link in subscribe["rebound_alternates"]} >= {"all.rss.xml", "all.ics"}
    nav = yaml.safe_load((folder / "nav.yml").read_text(encoding="utf-8"))
    assert any(uri.startswith("niches/") for section in nav for entries in section.values()
               for entry in entries for uri in entry.values())

    # A niche removed from the sources: its page and files are gone after the next run.
    sources = yaml.safe_load((project / "data/sources.yml").read_text(encoding="utf-8"))
    gone = sources["niches"].pop()["slug"]
    (project / "data/sources.yml").write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    assert f"pages/niches/{gone}.md" in files and f"files/{gone}.ics" in files
    second = generate(project, REBOUND_CACHE_DIR=cache)
    assert second.returncode == 0, second.stderr
    again = listing(folder)
    assert f"pages/niches/{gone}.md" not in again and not any(gone in name for name in again)
    assert again < files


def test_the_zensical_tree_names_the_generated_nav_and_holds_every_generated_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    done = generate(project, "--zensical", REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    config_path = Path(done.stdout.strip().splitlines()[-1])
    assert config_path == project / ".rebound-generated" / "zensical" / "mkdocs.yml"
    config = _load(config_path)
    assert "hooks" not in config and config["docs_dir"] == "docs"
    assert (config_path.parent / config["theme"]["custom_dir"]).resolve() == (project / "overrides").resolve()
    generated_nav = yaml.safe_load((project / ".rebound-generated/nav.yml").read_text(encoding="utf-8"))
    wanted = {uri for section in generated_nav for entries in section.values() for entry in entries for uri in entry.values()}
    listed = set(_nav_uris(config["nav"]))
    assert wanted and wanted <= listed
    docs = config_path.parent / "docs"
    for name in listing(project / ".rebound-generated" / "files"):
        assert (docs / name).is_file(), name
    for uri in wanted:
        assert (docs / uri).is_file(), uri


def test_a_bad_sources_file_is_named_and_nothing_is_half_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data/sources.yml").write_text("niches:\n  - slug: [not, a, slug]\n", encoding="utf-8")
    done = generate(project, REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert done.returncode == 1
    assert "sources.yml:" in done.stderr and "Traceback" not in done.stderr
    assert not (project / ".rebound-generated").exists()


def test_the_build_reads_the_generated_files_it_wrote(tmp_path: Path) -> None:
    """The hook and the command are one path: a build writes the same folder the command does."""
    project = copy_project(tmp_path / "project")
    cache = str(tmp_path / "cache")
    assert generate(project, REBOUND_CACHE_DIR=cache).returncode == 0
    by_command = {name: (project / ".rebound-generated" / name).read_bytes()
                  for name in listing(project / ".rebound-generated")}
    build = run_build(project, tmp_path / "site", REBOUND_CACHE_DIR=cache, REBOUND_GENERATED_DIR=str(tmp_path / "gen"))
    assert build.returncode == 0, build.stderr
    by_build = {name: (tmp_path / "gen" / name).read_bytes() for name in listing(tmp_path / "gen")}
    assert by_build == by_command
    built = (tmp_path / "site" / "events" / "index.html").read_text(encoding="utf-8")
    assert "Free events, week by week" in built


def _load(path: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def _nav_uris(items: list) -> list[str]:
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_uris(value) if isinstance(value, list) else [value]
    return found


def test_what_a_page_loads_and_its_edit_link_come_from_front_matter(built_site: Path) -> None:
    """Generated pages declare their stylesheets and scripts in front matter; the template puts them
    in <head> (no hook injects them), and hides the edit link of a page that has no file to edit."""
    events = (built_site / "events" / "index.html").read_text(encoding="utf-8")
    head, body = events.split("</head>", 1)
    for asset in ("assets/events.css", "assets/local-time.js", "assets/events-filter.js"):
        assert head.count(f"../{asset}") == 1 and asset not in body, asset
    assert "Suggest a change" not in body
    subscribe = (built_site / "subscribe" / "index.html").read_text(encoding="utf-8")
    head, body = subscribe.split("</head>", 1)
    assert 'rel="alternate" type="text/calendar"' in head and 'href="../all.ics"' in head
    assert "Suggest a change to this page" in body   # a hand-written page with a generated block


def test_main_in_process_writes_the_zensical_tree_and_prints_its_config(
        tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from rebound.generate import main

    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("REBOUND_OFFLINE", "1")
    monkeypatch.setenv("REBOUND_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REBOUND_GENERATED_DIR", raising=False)
    monkeypatch.delenv("REBOUND_SOURCES", raising=False)
    assert main(["--root", str(project), "--zensical"]) == 0
    config = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert config == project / ".rebound-generated" / "zensical" / "mkdocs.yml" and config.is_file()
    sheet = (config.parent / "docs" / "worksheets" / "thought-record.md").read_text(encoding="utf-8")
    meta = read_meta(sheet)   # what hooks/pages.py puts into page.meta under MkDocs
    assert meta["rebound_modules"] == ["assets/worksheets/main.js"]
    assert meta["rebound_worksheet_ids"].startswith('<script type="application/json" id="ws-ids">')
    monkeypatch.setenv("REBOUND_FEEDS_TTL", "six hours")
    assert main(["--root", str(project)]) == 1
    assert "REBOUND_FEEDS_TTL" in capsys.readouterr().err
