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


class SessionChromium:
    """The session's Chromium (Playwright's Browser), whose contexts block service workers unless a
    test asks for them with ``service_workers="allow"``.

    Why: on a context's first visit the site's worker downloads the whole site for offline reading,
    about 90 requests, while the test goes on. Only the offline tests (test_offline_browser.py) are
    about that worker; in every other test it cost about half a second of Chromium's CPU, some 50 s
    of the suite's on a 2-core machine.
    """

    def __init__(self, browser: Any) -> None:
        self.browser = browser

    def new_context(self, **options: Any) -> Any:
        options.setdefault("service_workers", "block")
        return self.browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.browser, name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per test session); see `SessionChromium`."""
    with launch_chromium() as browser:
        yield SessionChromium(browser)


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context and page, so no test sees another's localStorage."""
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


# The changes a pull request makes all the time, built for real: a prompt reworded (thought
# record), a worksheet file renamed and one of its field ids renamed with `renamed_from`
# (rejection debrief), and one changed script, so a test can tell the two builds' scripts apart.
RENAMED_SHEET = "worksheets/looking-back-at-a-no/"
REWORDED_PROMPT = "How strong was that feeling, on a scale from 0 to 100?"
SECOND_BUILD_MARK = "/* second build */"


def make_second_project(dest: Path) -> Path:
    """A copy of the project with the edits above; `make check` passes on it."""
    from rebound.devtools.project import copy_project

    project = copy_project(dest)
    content = project / "content"
    record = content / "worksheets" / "thought-record.md"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "How strong was the feeling, from 0 to 100?", REWORDED_PROMPT), encoding="utf-8")
    old, new = content / "worksheets" / "rejection-debrief.md", content / "worksheets" / "looking-back-at-a-no.md"
    text = old.read_text(encoding="utf-8").replace("#would-say-friend |", "#friend |")
    new.write_text(text.replace("time: ", "renamed_from:\n  fields:\n    would-say-friend: friend\ntime: ", 1), encoding="utf-8")
    old.unlink()
    for path in [*content.rglob("*.md"), project / "mkdocs.yml"]:
        body = path.read_text(encoding="utf-8")
        if "rejection-debrief.md" in body:
            path.write_text(body.replace("rejection-debrief.md", "looking-back-at-a-no.md"), encoding="utf-8")
    script = content / "assets" / "worksheets" / "main.js"
    script.write_text(script.read_text(encoding="utf-8") + SECOND_BUILD_MARK + "\n", encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from `make_second_project`: the next deploy after `built_site`."""
    project = make_second_project(tmp_path_factory.mktemp("second-project"))
    out = tmp_path_factory.mktemp("second-site")
    result = run_build(project, out, REBOUND_CACHE_DIR=str(tmp_path_factory.mktemp("second-cache")))
    assert result.returncode == 0, result.stderr
    return out
