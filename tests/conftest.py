"""Shared fixtures: one strict build of the real site per test session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rebound.devtools.browser import launch_chromium, serve_directory
from rebound.devtools.project import ROOT, run_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once, strict and offline, with an empty feed cache."""
    out = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    result = run_build(ROOT, out, REBOUND_CACHE_DIR=str(cache))
    assert result.returncode == 0, result.stderr
    return out


# Real-browser fixtures (helpers in rebound.devtools.browser). Mark tests that use them `browser`: under
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
