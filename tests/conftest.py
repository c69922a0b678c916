"""Shared fixtures: one strict build of the real site per test session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import launch_chromium, serve_directory

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_env(**overrides: str) -> dict[str, str]:
    """Environment for a build that never touches the network unless a test says so."""
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "REBOUND_OFFLINE": "1"})
    env.update(overrides)
    return env


def run_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on ``project`` into ``site_dir`` and return the finished process."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=project,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_project(dest: Path) -> Path:
    """Copy what a build needs (config, content, hooks) into ``dest`` for a test to alter."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "hooks", "data"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once, strict and offline, with an empty feed cache."""
    out = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    result = run_build(ROOT, out, REBOUND_CACHE_DIR=str(cache))
    assert result.returncode == 0, result.stderr
    return out


# Real-browser fixtures (helpers in tests/browser.py). Mark tests that use them `browser`: under
# CI=true a missing Chromium fails them, elsewhere it skips them with the reason.
@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1; its base URL, ending in '/'."""
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per test session)."""
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context and page, so no test sees another's localStorage."""
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()
