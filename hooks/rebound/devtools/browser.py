"""Real-browser helpers shared by the tests and the audit: a local HTTP server and Debian's Chromium.

The fixtures in ``tests/conftest.py`` (``served_site``, ``chromium``, ``page``) wrap these helpers;
call the helpers directly when a test needs its own server or browser. `CHROMIUM_ARGS` are the
flags every Chromium we start gets, Lighthouse's included (scripts/audit.py).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rebound.devtools.feeds_server import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1"}


def is_ci() -> bool:
    """Whether we run under CI, where a missing browser is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_chromium() -> Path:
    """Return Debian's Chromium, or fail (under CI) / skip (elsewhere) with the reason."""
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    import pytest  # a test dependency: only the tests call this

    reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if is_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port; rebound.devtools.feeds_server); yield the base URL ending in '/'."""
    with serve(directory=root) as server:
        yield server.url("/")


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Start Playwright with Debian's Chromium, headless; yield the Browser."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (127.0.0.1) or is an in-page data/blob/about URL."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


class RequestLog:
    """Records every request a page makes (attach with ``page.on("request", log)``)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, request: Any) -> None:
        self.urls.append(request.url)

    def off_machine(self) -> list[str]:
        return [url for url in self.urls if not is_local(url)]


# Types into every box, ticks every box, dates and stages every tracker row, as a reader would, so
# what only filled worksheets show (the tracker's table, chart and advice) is on the page too.
FILL_EVERY_FIELD = """() => {
    const fire = (el, type) => el.dispatchEvent(new Event(type, {bubbles: true}));
    document.querySelectorAll('.ws-field textarea, .ws-field input[type=text]').forEach((el, i) => {
        el.value = el.classList.contains('ws-number') ? String(100 * (i + 1)) : 'Answer ' + i; fire(el, 'input'); });
    document.querySelectorAll('.ws-field input[type=checkbox]').forEach(el => { el.checked = true; fire(el, 'change'); });
    document.querySelectorAll('.ws-field input[type=date]').forEach((el, i) => {
        el.value = '2026-11-' + String(2 + (i % 20)).padStart(2, '0'); fire(el, 'input'); });
    document.querySelectorAll('.ws-field select').forEach((el, i) => {
        el.value = ['sent', 'reply', 'call', 'offer'][i % 4]; fire(el, 'change'); });
}"""


def fill_every_field(page: Any) -> None:
    """Fill a worksheet page's fields (`FILL_EVERY_FIELD`); a page without a worksheet is left as it is.

    Waits first for the worksheet's script to show its controls: only then are its calculators
    loaded and listening, so the tables they work out are on the page when this returns.
    """
    if page.locator(".ws-controls").count():
        page.wait_for_selector(".ws-controls:not([hidden])")
        page.evaluate(FILL_EVERY_FIELD)
