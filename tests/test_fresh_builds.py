"""`make site`'s freshness rule: refresh when the network answers, build from the cache at once when not."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rebound.collect import collect
from rebound.settings import Settings, load_settings
from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.fetch import FetchSettings, network_answers
from rebound.model import Niche, Source

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)


def niche_at(url: str) -> Niche:
    return Niche("t", "T", "d.", (Source("t", "Local", url, "https://local.example/", "course"),))


def probing(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "s.yml", tmp_path / "cache", offline=False, probe=True,
                    fetch=FetchSettings(connect_timeout=0.5, read_timeout=2, deadline=3, allow_loopback=True))


def test_a_server_that_answers_is_network() -> None:
    with serve({}) as server:
        assert network_answers([server.url("/feed.xml")], timeout=2)


def test_a_refused_port_is_no_network() -> None:
    with serve({}) as server:
        closed = server.url("/x")
    assert not network_answers([closed], timeout=0.5)


def test_with_network_stale_sources_are_refreshed(tmp_path: Path) -> None:
    with serve({"/feed.xml": Route(fixture("rss20_basic.xml"))}) as server:
        result = collect([niche_at(server.url("/feed.xml"))], probing(tmp_path), now=NOW)
        assert server.hits("/feed.xml") == 1
    assert [o.status for o in result.outcomes] == ["ok"] and result.notice is None


def test_without_network_the_build_uses_the_cache_and_says_so_once(tmp_path: Path) -> None:
    with serve({}) as server:
        closed = server.url("/feed.xml")   # the server is gone: the port refuses, as with no network
    result = collect([niche_at(closed)], probing(tmp_path), now=NOW)
    assert result.outcomes == () and result.problems == ()
    assert result.notice is not None and result.notice.startswith("no network: building from the feed cache")


@pytest.mark.parametrize(("value", "offline", "probe"), [("1", True, False), ("auto", False, True), ("0", False, False), ("", False, False)])
def test_rebound_offline_values(tmp_path: Path, value: str, offline: bool, probe: bool) -> None:
    settings = load_settings(tmp_path, environ={"REBOUND_OFFLINE": value})
    assert (settings.offline, settings.probe) == (offline, probe)


@pytest.mark.parametrize(("ci", "expected"), [("", "REBOUND_OFFLINE=auto"), ("true", "REBOUND_OFFLINE=1")])
def test_make_site_refreshes_when_online_except_in_ci(ci: str, expected: str) -> None:
    import subprocess

    from rebound.devtools.project import ROOT

    env = {"PATH": "/usr/bin:/bin", "CI": ci}
    dry = subprocess.run(["make", "-n", "-W", "pyproject.toml", "site"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    lines = dry.stdout.splitlines()
    generate = next(i for i, line in enumerate(lines) if "-m rebound.generate" in line)
    build = next(i for i, line in enumerate(lines) if "mkdocs build" in line)
    # Generation refreshes (within the budget); the build after it regenerates from the cache alone.
    assert generate < build
    assert expected in lines[generate] and "REBOUND_FEEDS_BUDGET=20" in lines[generate]
    assert "REBOUND_OFFLINE=1" in lines[build]
    offline = subprocess.run(["make", "-n", "site", "OFFLINE=1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "REBOUND_OFFLINE=1" in next(line for line in offline.stdout.splitlines() if "-m rebound.generate" in line)
