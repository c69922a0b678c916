"""Answers are never lost, in a real browser: stable ids, older formats, damaged storage, backups.

The format 2 files under tests/fixtures/worksheet_storage/ were written by main's own page script
before ids existed (record_main_snapshot.py says how), so the migration is tested against what
readers really have in their browsers.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import RENAMED_SHEET, REWORDED_PROMPT

from test_worksheet_entries_browser import everything_stored, export, import_file
from test_worksheets_browser import SHEET, open_sheet, record, stored

from rebound.devtools.browser import serve_directory

pytestmark = pytest.mark.browser

STORAGE = Path(__file__).parent / "fixtures" / "worksheet_storage"
WHAT = "#ws-apply-they-tell"
FRIEND = "#ws-would-say-friend"
STRENGTH = "#ws-strong-feeling-from"


def main_snapshot() -> dict[str, str]:
    return json.loads((STORAGE / "v2-localstorage.json").read_text(encoding="utf-8"))


def load_storage(page: Any, base: str, items: dict[str, str]) -> None:
    page.goto(base)
    page.evaluate("items => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v))", items)


def value(page: Any, selector: str) -> str:
    return page.locator(selector).input_value()


def test_answers_saved_by_main_move_to_the_new_ids_with_nothing_lost(page: Any, served_site: str) -> None:
    load_storage(page, served_site, main_snapshot())
    open_sheet(page, served_site)
    assert "Your earlier answers are here" in page.locator("[data-ws-status]").inner_text()
    assert value(page, WHAT) == "A second rejection, a week later."  # the entry left open
    assert len(record(page)["entries"]) == 2
    page.get_by_role("button", name="A logo for a bakery").click()
    assert value(page, WHAT) == "A logo for a bakery; they chose someone local."
    assert page.locator("#ws-things-may-played--their-budget").is_checked()
    assert value(page, "#ws-facts-versus-story--r2-c3") == "Maybe they just wanted someone nearby."

    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    assert page.locator("#ws-sleep-rested-feel--4").is_checked()
    assert page.locator("#ws-week--been-outside").is_checked()
    assert value(page, "#ws-anything-behind-those") == "A calm week, mostly."
    open_sheet(page, served_site, "worksheets/application-numbers-tracker/")
    assert value(page, "#ws-applications--r1-c2") == "Upwork" and value(page, "#ws-applications--r1-c5") == "reply"
    assert "Reply rate: 50% (1 of 2 sent)" in page.locator(".ws-tracker-summary").inner_text()
    open_sheet(page, served_site, "worksheets/money-runway-calculator/")
    assert value(page, "#ws-long-savings-last--savings") == "6,000"
    assert page.locator("[data-ws-result]").inner_text().startswith("about 6 ")
    open_sheet(page, served_site, "worksheets/thought-record/")
    assert value(page, STRENGTH) == "80" and value(page, "#ws-feeling-word-two") == "Embarrassed"

    # Each old record goes once its answers are saved under the new key, and no answer is left behind.
    stored_now = everything_stored(page)
    assert not [k for k in stored_now if k.startswith("rebound:worksheets:v2:")]
    old_answers = sorted(v for k, raw in main_snapshot().items() if k.startswith("rebound:worksheets:v2:")
                         for e in json.loads(raw)["entries"] for v in map(str, e["fields"].values()))
    new_answers = sorted(v for raw in stored_now.values() for e in json.loads(raw)["entries"] for v in map(str, e["fields"].values()))
    assert new_answers == old_answers


def test_a_backup_has_every_worksheet_even_those_not_opened_since_the_update(page: Any, served_site: str, tmp_path: Path) -> None:
    load_storage(page, served_site, main_snapshot())
    open_sheet(page, served_site, "worksheets/thought-record/")
    data = json.loads(export(page, "Export all as JSON", tmp_path).read_text(encoding="utf-8"))
    assert sorted(data["worksheets"]) == ["application-numbers-tracker", "heal-and-reset-check-in",
                                          "money-runway-calculator", "rejection-debrief", "thought-record"]
    debrief = data["worksheets"]["rejection-debrief"]
    assert len(debrief["entries"]) == 2 and debrief["title"] == "Rejection debrief"
    assert all(name.startswith(("ws-apply-they-tell", "ws-things-may-played", "ws-facts-versus-story"))
               for entry in debrief["entries"] for name in entry["fields"])


def test_a_reworded_prompt_a_renamed_file_and_a_renamed_id_keep_every_answer(
    chromium: Any, built_site: Path, second_site: Path, tmp_path: Path
) -> None:
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    context = chromium.new_context(service_workers="block")  # this test is about ids; the offline tests cover the worker
    page = context.new_page()
    # Our loopback server sends no cache headers, so Chromium would reuse the first build's pages
    # by heuristic; a real deploy's pages expire (GitHub Pages: 10 minutes). Skip the wait.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    with serve_directory(served) as base:
        open_sheet(page, base)
        page.locator(WHAT).fill("Kept through the rename")
        page.locator(FRIEND).fill("You did nothing wrong.")
        open_sheet(page, base, "worksheets/thought-record/")
        page.locator(STRENGTH).fill("65")

        shutil.rmtree(served)
        shutil.copytree(second_site, served)  # the next deploy
        open_sheet(page, base, "worksheets/thought-record/")
        assert page.get_by_text(REWORDED_PROMPT).count() == 1
        assert value(page, STRENGTH) == "65"
        open_sheet(page, base, RENAMED_SHEET)
        assert value(page, WHAT) == "Kept through the rename"
        assert value(page, "#ws-friend") == "You did nothing wrong."
        assert "ws-would-say-friend" not in json.dumps(stored(page))
    context.close()


def test_a_format_2_backup_from_main_imports_into_the_new_ids(page: Any, served_site: str) -> None:
    open_sheet(page, served_site)
    message = import_file(page, STORAGE / "v2-backup.json")
    assert message.startswith("Imported 6 new entries")  # 2 + 1 + 1 + 1 + 1
    assert value(page, WHAT) == "A second rejection, a week later."
    open_sheet(page, served_site, "worksheets/money-runway-calculator/")
    assert value(page, "#ws-long-savings-last--costs") == "1,500"


def test_a_format_1_copy_imports_as_one_entry_of_this_worksheet(page: Any, served_site: str, tmp_path: Path) -> None:
    # Format 1 was never exported; it is what the first script kept in localStorage for one page.
    copy = tmp_path / "early.json"
    copy.write_text(json.dumps({"version": 1, "fields": {"ws-what-did-i-apply-for-and-what": "From the very first version"}}))
    open_sheet(page, served_site)
    assert import_file(page, copy).startswith("Imported 1 new entry")
    assert value(page, WHAT) == "From the very first version"
    assert [b for b in page.locator("[data-ws-list] button").all_inner_texts() if "Imported early copy" in b]


def test_a_file_with_unknown_fields_or_over_5_mb_is_refused(page: Any, served_site: str, tmp_path: Path) -> None:
    open_sheet(page, served_site)
    page.locator(WHAT).fill("Keep me")
    before = everything_stored(page)
    entry = {"id": "e1", "name": "", "created": "2026-11-20T10:00:00Z", "fields": {}, "mood": "odd"}
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"format": "rebound-worksheets", "version": 3, "worksheets": {"rejection-debrief": {"entries": [entry]}}}))
    assert 'unknown field "mood"' in import_file(page, odd)
    odd.write_text(json.dumps({"format": "rebound-worksheets", "version": 3, "worksheets": {}, "extra": 1}))
    page.locator("[data-ws-status]").evaluate("el => el.textContent = ''")
    assert 'unknown field "extra"' in import_file(page, odd)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "rebound-worksheets", "version": 3, "worksheets": {}, "x": "a" * (5 * 1024 * 1024)}))
    page.locator("[data-ws-status]").evaluate("el => el.textContent = ''")
    assert "larger than 5 MB" in import_file(page, big)
    assert everything_stored(page) == before and value(page, WHAT) == "Keep me"


def test_an_export_then_import_round_trip_keeps_format_3(page: Any, served_site: str, tmp_path: Path) -> None:
    open_sheet(page, served_site)
    page.locator(WHAT).fill("Round trip")
    path = export(page, "Export JSON", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 3 and list(data["worksheets"]) == ["rejection-debrief"]
    page.evaluate("localStorage.clear()")
    open_sheet(page, served_site)
    assert import_file(page, path).startswith("Imported 1 new entry")
    assert value(page, WHAT) == "Round trip"


def test_a_damaged_entry_is_skipped_with_a_message_and_the_rest_load(page: Any, served_site: str) -> None:
    good = {"id": "good", "name": "", "created": "2026-11-20T10:00:00Z", "updated": "2026-11-20T10:00:00Z",
            "fields": {WHAT[1:]: "Still here"}}
    bad = {"id": "bad", "name": "", "created": "not a date", "fields": {WHAT[1:]: "Hand-edited"}}
    sheet = {"version": 3, "title": "Rejection debrief", "labels": {}, "current": "good", "entries": [good, bad]}
    load_storage(page, served_site, {"rebound:worksheets:v3:rejection-debrief": json.dumps(sheet)})
    open_sheet(page, served_site)
    assert "1 saved entry was damaged" in page.get_by_role("alert").inner_text()
    assert value(page, WHAT) == "Still here"
    kept = page.evaluate("localStorage.getItem('rebound:damaged:rebound:worksheets:v3:rejection-debrief')")
    assert json.loads(kept)[0]["fields"][WHAT[1:]] == "Hand-edited"  # set aside, untouched


def test_a_truncated_record_is_set_aside_and_the_page_still_works(page: Any, served_site: str) -> None:
    truncated = '{"version":3,"title":"Rejection debrief","entries":[{"id":"e1","fields":{"ws-apply-they-'
    load_storage(page, served_site, {"rebound:worksheets:v3:rejection-debrief": truncated})
    open_sheet(page, served_site)
    assert "damaged and could not be read" in page.get_by_role("alert").inner_text()
    page.locator(WHAT).fill("A fresh start")
    assert stored(page) == {WHAT[1:]: "A fresh start"}
    assert page.evaluate("localStorage.getItem('rebound:damaged:rebound:worksheets:v3:rejection-debrief')") == truncated


def days_ago(days: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def test_a_week_of_new_answers_without_a_backup_brings_a_quiet_download_button(page: Any, served_site: str, tmp_path: Path) -> None:
    open_sheet(page, served_site)
    assert "haven't downloaded a backup" in page.locator("[data-ws-last-backup]").inner_text()
    nudge = page.locator("[data-ws-nudge]")
    page.locator(WHAT).fill("New this week")
    assert nudge.is_hidden()  # a change today is not a week without a backup
    page.evaluate("m => localStorage.setItem('rebound:backup', JSON.stringify(m))",
                  {"changed": days_ago(1), "since": days_ago(8), "exported": days_ago(20)})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_sheet(page, served_site)
    assert nudge.is_visible()
    assert nudge.evaluate("el => getComputedStyle(el).position") == "static"  # a line on the page, not an overlay
    with page.expect_download() as info:
        nudge.get_by_role("button", name="Download a backup").click()
    assert json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["worksheets"]["rejection-debrief"]
    assert nudge.is_hidden() and dialogs == []
    today = datetime.now().day
    assert f"Last backup downloaded from this browser: {today} " in page.locator("[data-ws-last-backup]").inner_text()


def test_the_worksheet_says_what_the_browser_granted_after_the_first_answer(page: Any, served_site: str) -> None:
    open_sheet(page, served_site)
    keep = page.locator("[data-ws-keep]")
    assert keep.inner_text() == ""
    page.locator(WHAT).fill("First answer")
    page.wait_for_function("document.querySelector('[data-ws-keep]').textContent !== ''")
    granted = page.evaluate("navigator.storage.persisted()")
    assert ("has agreed to keep your answers" if granted else "hasn't promised to keep your answers") in keep.inner_text()


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def test_only_iphone_and_ipad_readers_see_the_home_screen_sentence(chromium: Any, page: Any, served_site: str) -> None:
    open_sheet(page, served_site)
    assert page.locator("[data-ws-ios]").is_hidden()
    context = chromium.new_context(user_agent=IPHONE, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    open_sheet(phone, served_site)
    sentence = phone.locator("[data-ws-ios]")
    assert sentence.is_visible() and "Add to Home Screen" in sentence.inner_text()
    context.close()


@pytest.mark.parametrize(("path", "wanted", "unwanted"), [
    (SHEET, set(), {"tracker.js", "runway.js"}),
    ("worksheets/application-numbers-tracker/", {"tracker.js"}, {"runway.js"}),
    ("worksheets/money-runway-calculator/", {"runway.js"}, {"tracker.js"}),
])
def test_each_worksheet_loads_only_the_modules_it_uses(page: Any, served_site: str, path: str, wanted: set, unwanted: set) -> None:
    log = open_sheet(page, served_site, path)
    loaded = {url.rsplit("/", 1)[1] for url in log.urls if "/assets/worksheets/" in url}
    assert {"main.js", "storage.js", "entries.js"} <= loaded and not {"backup.js", "print.js"} & loaded  # on first use
    assert wanted <= loaded and not unwanted & loaded
