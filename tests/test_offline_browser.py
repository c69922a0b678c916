"""The installable, offline site in a real browser: after one visit, and across a new deploy."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REWORDED_PROMPT, SECOND_BUILD_MARK

from test_worksheets_browser import open_sheet

from rebound.devtools.browser import serve_directory

pytestmark = pytest.mark.browser

STRENGTH = "#ws-strong-feeling-from"
THOUGHTS = "worksheets/thought-record/"


def wait_for_worker(page: Any) -> str:
    """Wait until a service worker controls the page; return its build id."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    return page.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('rebound-')))")


def cached_urls(page: Any) -> list[str]:
    return page.evaluate("""async () => {
        const names = (await caches.keys()).filter(k => k.startsWith('rebound-'));
        const urls = [];
        for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls;
    }""")


def test_a_worksheet_and_the_site_work_offline_after_one_visit(chromium: Any, served_site: str) -> None:
    context = chromium.new_context(service_workers="allow")
    page = context.new_page()
    open_sheet(page, served_site, THOUGHTS)
    wait_for_worker(page)
    page.locator(STRENGTH).fill("70")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert page.locator(STRENGTH).input_value() == "70"
    page.goto(served_site + "worksheets/application-numbers-tracker/")  # a page never visited, and its calculator
    page.locator("#ws-applications--r1-c5").select_option("reply")
    assert "Reply rate" in page.locator(".ws-tracker-summary").inner_text()
    page.goto(served_site)
    assert page.locator("h1").count() == 1
    # Feeds are never kept: offline, a feed reader's request fails instead of getting an old copy.
    assert page.evaluate("fetch('all.rss.xml').then(() => 'served', () => 'failed')") == "failed"
    context.close()


def test_the_offline_copy_holds_no_feed_and_nothing_from_another_site(chromium: Any, served_site: str) -> None:
    context = chromium.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(served_site)
    wait_for_worker(page)
    urls = cached_urls(page)
    assert any(u.endswith("/worksheets/thought-record/index.html") for u in urls)
    assert any(u.endswith("/assets/worksheets/tracker.js") for u in urls)
    assert all(u.startswith(served_site) for u in urls)
    assert not [u for u in urls if u.endswith((".rss.xml", ".atom.xml", ".ics", ".opml"))]
    assert not [u for u in urls if u.endswith(".json") and u.count("/") == served_site.count("/")]  # JSON Feeds
    manifest = json.loads(page.evaluate("fetch('manifest.webmanifest').then(r => r.text())"))
    assert manifest["start_url"] == "./" and manifest["scope"] == "./" and manifest["display"] == "standalone"
    context.close()


def test_a_new_deploy_replaces_the_old_build_page_and_scripts_together(
    chromium: Any, built_site: Path, second_site: Path, tmp_path: Path
) -> None:
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    context = chromium.new_context(service_workers="allow")
    page = context.new_page()
    with serve_directory(served) as base:
        open_sheet(page, base, THOUGHTS)
        first = wait_for_worker(page)
        page.locator(STRENGTH).fill("55")
        page.reload()   # now served by the worker, from the first build's cache
        page.wait_for_selector(".ws-controls:not([hidden])")

        shutil.rmtree(served)
        shutil.copytree(second_site, served)
        page.reload()   # the old build still answers; the browser finds the new worker and installs it
        page.wait_for_selector(f"text={REWORDED_PROMPT}", timeout=60000)   # it took over and the page reloaded itself
        page.wait_for_selector(".ws-controls:not([hidden])")
        assert page.locator(STRENGTH).input_value() == "55"
        script = page.evaluate("fetch('../../assets/worksheets/main.js').then(r => r.text())")
        assert SECOND_BUILD_MARK in script   # the new page's script is the new build's
        second = page.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('rebound-')))")
        assert len(first) == len(second) == 1 and first != second   # one cache per build; the old one is gone
    context.close()
