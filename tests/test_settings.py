"""The one settings object: each REBOUND_* variable, mkdocs.yml's extra: rebound:, and which wins."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from rebound.settings import KEYS, SettingsError, load_settings


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    assert settings.sources_path == tmp_path / "data" / "sources.yml"
    assert settings.cache_dir == tmp_path / ".rebound-cache" / "feeds"
    assert settings.generated_dir == tmp_path / ".rebound-generated"
    assert (settings.offline, settings.probe) == (False, False)
    assert settings.ttl == timedelta(hours=6) and settings.budget == 6.0 and settings.workers == 32
    assert settings.fetch.allow_loopback is False


@pytest.mark.parametrize(("variable", "value", "read"), [
    ("REBOUND_SOURCES", "elsewhere/sources.yml", lambda s: s.sources_path == Path("elsewhere/sources.yml")),
    ("REBOUND_CACHE_DIR", "/tmp/feeds-cache", lambda s: s.cache_dir == Path("/tmp/feeds-cache")),
    ("REBOUND_GENERATED_DIR", "/tmp/generated", lambda s: s.generated_dir == Path("/tmp/generated")),
    ("REBOUND_OFFLINE", "1", lambda s: (s.offline, s.probe) == (True, False)),
    ("REBOUND_OFFLINE", "auto", lambda s: (s.offline, s.probe) == (False, True)),
    ("REBOUND_FETCH_TIMEOUT", "2", lambda s: (s.fetch.deadline, s.fetch.connect_timeout, s.fetch.read_timeout) == (2, 2, 2)),
    ("REBOUND_FEEDS_TTL", "60", lambda s: s.ttl == timedelta(seconds=60)),
    ("REBOUND_FEEDS_BUDGET", "20", lambda s: s.budget == 20),
    ("REBOUND_FEEDS_WORKERS", "4", lambda s: s.workers == 4),
    ("REBOUND_ALLOW_LOOPBACK", "1", lambda s: s.fetch.allow_loopback is True),
])
def test_each_environment_variable(tmp_path: Path, variable: str, value: str, read) -> None:  # noqa: ANN001
    assert not read(load_settings(tmp_path, environ={}))   # the default is something else
    assert read(load_settings(tmp_path, environ={variable: value}))


def test_mkdocs_yml_extra_sets_each_key_and_paths_are_the_projects(tmp_path: Path) -> None:
    extra = {"sources": "data/other.yml", "cache_dir": "cache", "generated_dir": "gen", "offline": True,
             "fetch_timeout": 2, "feeds_ttl": 60, "feeds_budget": 9, "feeds_workers": 3}
    assert set(extra) == set(KEYS)   # every setting but allow_loopback has a mkdocs.yml key
    settings = load_settings(tmp_path, extra=extra, environ={})
    assert settings.sources_path == tmp_path / "data" / "other.yml"
    assert settings.cache_dir == tmp_path / "cache" and settings.generated_dir == tmp_path / "gen"
    assert settings.offline and settings.fetch.deadline == 2 and settings.ttl == timedelta(seconds=60)
    assert (settings.budget, settings.workers) == (9, 3)


def test_the_environment_wins_over_mkdocs_yml(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, extra={"offline": True, "feeds_budget": 9},
                             environ={"REBOUND_OFFLINE": "auto", "REBOUND_FEEDS_BUDGET": "20"})
    assert (settings.offline, settings.probe, settings.budget) == (False, True, 20)


def test_loopback_cannot_be_allowed_from_mkdocs_yml(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="allow_loopback"):
        load_settings(tmp_path, extra={"allow_loopback": True}, environ={})


@pytest.mark.parametrize(("extra", "environ", "named"), [
    ({}, {"REBOUND_FEEDS_TTL": "six hours"}, "REBOUND_FEEDS_TTL"),
    ({}, {"REBOUND_OFFLINE": "maybe"}, "REBOUND_OFFLINE"),
    ({"feeds_budget": -1}, {}, "mkdocs.yml extra.rebound.feeds_budget"),
    ({"feed_budget": 3}, {}, "feed_budget"),
])
def test_an_unusable_setting_is_named(tmp_path: Path, extra: dict, environ: dict, named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        load_settings(tmp_path, extra=extra, environ=environ)
