"""Worksheet entries in a real browser: many dated entries, migration, export and import, safety."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from test_worksheets_browser import SHEET, open_sheet, record, stored

pytestmark = pytest.mark.browser

WHAT = "#ws-apply-they-tell"
CELL = "#ws-facts-versus-story--r2-c3"
BUDGET = "#ws-things-may-played--their-budget"


def entry_buttons(page: Any) -> list[str]:
    return page.locator("[data-ws-list] button").all_inner_texts()


def answer_dialogs(page: Any, *answers: bool | str) -> list[str]:
    """Answer the next dialogs in order (True/False for confirm, a string for prompt); return their messages."""
    messages: list[str] = []
    queue = list(answers)

    def handle(dialog: Any) -> None:
        messages.append(dialog.message)
        answer = queue.pop(0)
        if isinstance(answer, str):
            dialog.accept(answer)
        elif answer:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", handle)
    return messages


def test_three_entries_survive_a_reload_and_delete_asks_first(page: Any, served_site: str) -> None:
    open_sheet(page, served_site)
    for n in (1, 2, 3):
        if n > 1:
            page.get_by_role("button", name="New entry").click()
            assert page.locator(WHAT).input_value() == ""
        page.locator(WHAT).fill(f"Rejection number {n}\nsecond line")
        page.locator(CELL).fill(f"Another reading {n}")
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    buttons = entry_buttons(page)
    assert len(buttons) == 3
    assert all("Rejection number" in b and "second line" not in b for b in buttons)  # date and first line
    assert page.locator(WHAT).input_value() == "Rejection number 3\nsecond line"  # the one left open
    page.get_by_role("button", name="Rejection number 1").click()
    assert page.locator(WHAT).input_value() == "Rejection number 1\nsecond line"
    assert page.locator(CELL).input_value() == "Another reading 1"

    messages = answer_dialogs(page, "My first debrief", False, True)
    page.get_by_role("button", name="Rename").click()
    assert any("My first debrief" in b for b in entry_buttons(page))
    page.get_by_role("button", name="Delete this entry").click()  # dismissed: nothing goes
    assert len(entry_buttons(page)) == 3 and len(record(page)["entries"]) == 3
    page.get_by_role("button", name="Delete this entry").click()  # accepted
    assert [m.split('"')[0] for m in messages[1:]] == ["Delete the entry ", "Delete the entry "]
    assert "My first debrief" in messages[1]
    assert len(entry_buttons(page)) == 2 and len(record(page)["entries"]) == 2
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert not any("Rejection number 1" in b or "My first debrief" in b for b in entry_buttons(page))


def test_answers_saved_by_the_single_copy_version_become_the_first_entry(page: Any, served_site: str) -> None:
    # Format 1 named answers after the first words of each prompt (as format 2 did).
    old = {"version": 1, "fields": {"ws-what-did-i-apply-for-and-what": "Saved last month",
                                    "ws-things-that-may-have-played-a--their-budget": True,
                                    "ws-facts-versus-the-story-i-tell--r2-c3": "An old cell"}}
    page.goto(served_site + SHEET)
    page.evaluate("v => localStorage.setItem('rebound:worksheet:' + location.pathname, v)", json.dumps(old))
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert page.locator(WHAT).input_value() == "Saved last month"
    assert page.locator(BUDGET).is_checked()
    assert page.locator(CELL).input_value() == "An old cell"
    assert stored(page) == {WHAT[1:]: "Saved last month", BUDGET[1:]: True, CELL[1:]: "An old cell"}
    assert len(record(page)["entries"]) == 1
    assert page.evaluate("localStorage.getItem('rebound:worksheet:' + location.pathname)") is None
    assert "first entry" in page.locator("[data-ws-status]").inner_text()


def test_a_full_or_blocked_storage_is_said_out_loud(page: Any, served_site: str) -> None:
    open_sheet(page, served_site)
    page.evaluate("() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }")
    page.locator(WHAT).fill("This will not fit")
    status = page.get_by_role("alert")
    text = status.inner_text()
    assert "Could not save" in text and "is full" in text and "export it" in text
    assert page.locator(WHAT).input_value() == "This will not fit"  # what was typed stays


def export(page: Any, button: str, folder: Path) -> Path:
    page.get_by_text("Back up, move or import your answers").click() if not page.locator(
        "details.ws-transfer[open]").count() else None
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def import_file(page: Any, path: Path) -> str:
    if not page.locator("details.ws-transfer[open]").count():
        page.get_by_text("Back up, move or import your answers").click()
    page.set_input_files("[data-ws-import]", str(path))
    status = page.locator("[data-ws-status]")
    status.filter(has_text="mport").wait_for()
    return status.inner_text()


def everything_stored(page: Any) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('rebound:worksheets:')).map(k => [k, localStorage.getItem(k)]))"
    )


def test_export_then_clear_then_import_gives_back_every_answer(page: Any, served_site: str, tmp_path: Path) -> None:
    open_sheet(page, served_site)
    page.locator(WHAT).fill("First\nwith a second line")
    page.locator(BUDGET).check()
    page.get_by_role("button", name="New entry").click()
    page.locator(CELL).fill("Second entry's cell")
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    page.locator("#ws-sleep-rested-feel--4").check()
    page.locator("#ws-anything-behind-those").fill("A calm week")
    before = {k: json.loads(v) for k, v in everything_stored(page).items()}
    assert len(before) == 2

    whole = export(page, "Export all as JSON", tmp_path)
    readable = export(page, "Export all as Markdown", tmp_path).read_text(encoding="utf-8")
    one = json.loads(export(page, "Export JSON", tmp_path).read_text(encoding="utf-8"))
    assert list(one["worksheets"]) == ["heal-and-reset-check-in"]
    assert "# Rejection debrief" in readable and "# Heal and reset check-in" in readable
    assert "**What did I apply for, and what did they tell me?" in readable and "First  \nwith a second line" in readable
    assert "- [x] Things that may have played a part and were not up to me: their budget" in readable

    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert page.locator("#ws-anything-behind-those").input_value() == ""
    message = import_file(page, whole)
    assert "Imported 3 new entries" in message
    after = {k: json.loads(v) for k, v in everything_stored(page).items()}
    for key, data in before.items():
        assert after[key]["entries"] == data["entries"], (key, after[key], data)
    assert page.locator("#ws-anything-behind-those").input_value() == "A calm week"
    open_sheet(page, served_site)
    assert len(page.locator("[data-ws-list] button").all()) == 2

    # Importing the same file again changes nothing and says so.
    assert "3 already here" in import_file(page, whole)


def test_import_never_replaces_an_entry_without_asking(page: Any, served_site: str, tmp_path: Path) -> None:
    open_sheet(page, served_site)
    page.locator(WHAT).fill("My own words")
    data = json.loads(export(page, "Export JSON", tmp_path).read_text(encoding="utf-8"))
    data["worksheets"]["rejection-debrief"]["entries"][0]["fields"][WHAT[1:]] = "The file's words"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    messages = answer_dialogs(page, False, True)
    assert "kept 1 of yours" in import_file(page, changed)
    assert page.locator(WHAT).input_value() == "My own words" and stored(page)[WHAT[1:]] == "My own words"
    page.locator("[data-ws-status]").evaluate("el => el.textContent = ''")
    assert "replaced 1" in import_file(page, changed)
    assert "already exist" in messages[0] and len(messages) == 2
    assert page.locator(WHAT).input_value() == "The file's words"


GOOD_ENTRY = {"id": "e1", "name": "", "created": "2026-11-20T10:00:00Z", "fields": {"ws-x": "text"}}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"name": "a shopping list", "items": ["milk"]}), "not a Rebound worksheets file"),
        (json.dumps({"format": "rebound-worksheets", "version": 9, "worksheets": {}}), "version 9"),
        (json.dumps({"format": "rebound-worksheets", "version": 2, "worksheets": {"Bad Slug!": {"entries": []}}}),
         "not a worksheet name"),
        (json.dumps({"format": "rebound-worksheets", "version": 2,
                     "worksheets": {"rejection-debrief": {"entries": [GOOD_ENTRY, {**GOOD_ENTRY, "id": "e2", "fields": {"ws-x": 5}}]}}}),
         "entry 2: the answer to \"ws-x\" must be text"),
        (json.dumps({"format": "rebound-worksheets", "version": 2,
                     "worksheets": {"rejection-debrief": {"entries": [{**GOOD_ENTRY, "created": "last week"}]}}}),
         "created must be a date"),
    ],
)
def test_a_corrupt_or_foreign_file_is_refused_and_changes_nothing(
    page: Any, served_site: str, tmp_path: Path, content: str, reason: str
) -> None:
    open_sheet(page, served_site)
    page.locator(WHAT).fill("Keep me")
    before = everything_stored(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    message = import_file(page, bad)
    assert message.startswith("Nothing was imported") and reason in message
    assert page.get_by_role("alert").inner_text() == message
    assert everything_stored(page) == before
    assert page.locator(WHAT).input_value() == "Keep me"


def test_markup_in_an_imported_file_only_ever_becomes_answers(page: Any, served_site: str, tmp_path: Path) -> None:
    attack = '<img src=x onerror="window.__ran=(window.__ran||0)+1"><script>window.__ran=(window.__ran||0)+1</script>'
    page.add_init_script("window.alert = window.confirm = window.prompt = () => { window.__ran = (window.__ran || 0) + 1; };")
    open_sheet(page, served_site)
    names = page.evaluate("[...document.querySelectorAll('.ws-field textarea')].map(t => t.name)")
    fields = {name: attack for name in names}
    fields["ws-things-may-played--their-budget"] = True
    entry = {"id": "evil", "name": attack, "created": "2026-11-20T10:00:00Z", "fields": fields}
    sheet = {"title": attack, "labels": {name: attack for name in names}, "entries": [entry]}
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps({"format": "rebound-worksheets", "version": 2,
                                "worksheets": {"rejection-debrief": sheet}}), encoding="utf-8")
    import_file(page, evil)
    page.get_by_role("button", name=attack[:20]).click()  # the entry list shows the name as text
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert page.locator("img[src=x]").count() == 0 and page.locator(".md-content script").count() == 0
    assert page.locator(WHAT).input_value() == attack
    assert page.locator("#ws-facts-versus-story--r1-c1").input_value() == attack
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert page.locator(WHAT).input_value() == attack
