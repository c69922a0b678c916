"""Worksheets in a real browser (Debian's Chromium): fill in, keep, clear, print, accessibility."""
from __future__ import annotations

import io
import json
import re
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

from test_worksheets import WORKSHEETS, prompts

from rebound.devtools.browser import RequestLog
from rebound.worksheet_fields import PRIVACY_SENTENCE

pytestmark = pytest.mark.browser

SHEET = "worksheets/rejection-debrief/"
PITCH_PX = 8 / 25.4 * 96  # one ruled line on paper: 8 mm in CSS pixels
# Words only the site's navigation, header, sidebars and footer show, never a worksheet itself.
NAVIGATION_ONLY = ["Skip to content", "Table of contents", "Back to top", "Social media marketing", "Tags"]


def open_sheet(page: Any, base: str, path: str = SHEET) -> RequestLog:
    log = RequestLog()
    page.on("request", log)
    page.goto(base + path)
    page.wait_for_selector(".ws-buttons:not([hidden])")
    return log


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def squash(text: str) -> str:
    # NFKC folds the ligatures some fonts print (DejaVu's "ﬂ" in "reflection") back into letters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("*", ""))


def stored(page: Any) -> dict:
    raw = page.evaluate("() => localStorage.getItem('rebound:worksheet:' + location.pathname)")
    return json.loads(raw)["fields"] if raw else {}


def test_answers_survive_a_reload_and_nothing_leaves_the_machine(page: Any, served_site: str) -> None:
    log = open_sheet(page, served_site)
    story = page.locator("#ws-what-did-i-apply-for-and-what")
    story.click()
    page.keyboard.type("They chose someone they already knew.")
    page.locator("#ws-things-that-may-have-played-a--their-budget").check()
    page.locator("#ws-facts-versus-the-story-i-tell--r1-c2").fill("I am not good enough")
    page.reload()
    page.wait_for_selector(".ws-buttons:not([hidden])")
    assert story.input_value() == "They chose someone they already knew."
    assert page.locator("#ws-things-that-may-have-played-a--their-budget").is_checked()
    assert page.locator("#ws-facts-versus-the-story-i-tell--r1-c2").input_value() == "I am not good enough"
    assert len(stored(page)) == 3
    assert log.urls, "the request log recorded nothing"
    assert log.off_machine() == []


def test_clear_asks_first_then_empties_every_answer(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    page.locator("#ws-anything-behind-those-numbers").fill("Slept badly all week.")
    page.locator("#ws-sleep-how-rested-do-i-feel--2").check()
    page.locator("#ws-this-week-i-have--been-outside").check()
    messages: list[str] = []

    def answer(accept: bool) -> None:
        def handle(dialog: Any) -> None:
            messages.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", handle)
        page.get_by_role("button", name="Clear my answers").click()

    answer(accept=False)
    assert page.locator("#ws-sleep-how-rested-do-i-feel--2").is_checked()
    assert len(stored(page)) == 3
    answer(accept=True)
    assert all("Clear" in m for m in messages) and len(messages) == 2
    assert page.locator("#ws-anything-behind-those-numbers").input_value() == ""
    assert not page.locator("#ws-sleep-how-rested-do-i-feel--2").is_checked()
    assert not page.locator("#ws-this-week-i-have--been-outside").is_checked()
    assert stored(page) == {}
    page.reload()
    assert page.locator("#ws-anything-behind-those-numbers").input_value() == ""


def test_print_button_opens_the_print_dialog(page: Any, served_site: str) -> None:
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    open_sheet(page, served_site)
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1


def test_fields_work_from_the_keyboard(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.ws-field input, .ws-field textarea')"):
            break
    assert page.evaluate("document.activeElement.id") == "ws-sleep-how-rested-do-i-feel--1"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.locator("#ws-sleep-how-rested-do-i-feel--2").is_checked()
    page.locator("#ws-this-week-i-have--been-outside").focus()
    page.keyboard.press("Space")
    assert page.locator("#ws-this-week-i-have--been-outside").is_checked()
    page.keyboard.press("Shift+Tab")  # back past the section heading's permalink
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "ws-anything-behind-those-numbers"
    page.keyboard.type("A walk")
    assert stored(page) == {
        "ws-sleep-how-rested-do-i-feel": "2",
        "ws-this-week-i-have--been-outside": True,
        "ws-anything-behind-those-numbers": "A walk",
    }


def test_without_javascript_the_blank_sheet_shows_and_prints(chromium: Any, served_site: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + SHEET)
        assert page.get_by_text(PRIVACY_SENTENCE).is_visible()
        assert page.locator(".ws-field textarea").first.is_visible()
        assert not page.get_by_role("button", name="Clear my answers").is_visible()
        page.emulate_media(media="print")
        count, text = pdf_text(page.pdf(format="A4"))
        assert count <= 2
        assert all(squash(p) in squash(text) for p in prompts("rejection-debrief"))
    finally:
        context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("slug", WORKSHEETS)
def test_printed_worksheet_fits_two_pages_with_every_prompt_and_no_navigation(
    page: Any, served_site: str, slug: str, paper: str
) -> None:
    open_sheet(page, served_site, f"worksheets/{slug}/")
    page.emulate_media(media="print")
    count, text = pdf_text(page.pdf(format=paper))
    assert 1 <= count <= 2
    flat = squash(text)
    missing = [p for p in prompts(slug) if squash(p) not in flat]
    assert missing == []
    others = [t for s, t in ((s, s.replace("-", " ").capitalize()) for s in WORKSHEETS) if s != slug]
    assert [w for w in NAVIGATION_ONLY + others if w in text] == []
    assert "Clear my answers" not in text and PRIVACY_SENTENCE not in text
    title = page.title().split(" - ")[0]
    assert squash(f"{title} · Rebound · https://rebound-hub.github.io/rebound/{slug}") in flat.replace("worksheets/", "")


def test_ruled_lines_match_the_declared_count_on_paper(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/interview-reflection/")
    page.emulate_media(media="print")
    fields = page.evaluate(
        """() => [...document.querySelectorAll('.ws-field textarea')].map(t => ({
            lines: Number(t.dataset.wsLines), height: t.getBoundingClientRect().height,
            rules: t.parentNode.querySelectorAll('.ws-rules > span').length,
            ruleBorder: getComputedStyle(t.parentNode.querySelector('.ws-rules > span')).borderBottomStyle}))"""
    )
    assert len(fields) == 15
    for field in fields:
        assert field["rules"] == field["lines"]
        assert field["height"] == pytest.approx(field["lines"] * PITCH_PX, abs=1.5)
        assert field["ruleBorder"] == "solid"


def test_a_long_typed_answer_prints_on_as_many_lines_as_it_needs(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    answer = " ".join(["I slept badly, skipped two walks and kept checking the inbox late at night."] * 6)
    page.locator("#ws-anything-behind-those-numbers").fill(answer)
    page.emulate_media(media="print")
    box = page.evaluate(
        """() => { const t = document.querySelector('#ws-anything-behind-those-numbers');
            return {height: t.getBoundingClientRect().height, scroll: t.scrollHeight,
                    rules: t.parentNode.querySelectorAll('.ws-rules > span').length}; }"""
    )
    assert box["rules"] > 2
    assert box["height"] >= box["scroll"] - 1
    assert box["rules"] * PITCH_PX >= box["height"] - 1
    _, text = pdf_text(page.pdf(format="A4"))
    assert squash(answer) in squash(text)


def test_print_is_black_on_white_with_the_site_chrome_hidden_even_in_dark_mode(chromium: Any, served_site: str) -> None:
    context = chromium.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        open_sheet(page, served_site)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.emulate_media(media="print", color_scheme="dark")
        looks = page.evaluate(
            """() => {
                const style = s => getComputedStyle(document.querySelector(s));
                return {
                    text: style('.md-typeset').color, page: style('body').backgroundColor,
                    prompt: style('.ws-prompt').color, heading: style('.md-typeset h1').color,
                    hidden: ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                             '.md-search', '.ws-toolbar', '.rebound-suggest',
                             '[data-md-component="palette"]'].map(s => style(s).display),
                    breaks: [...document.querySelectorAll('.ws-field')].map(f => getComputedStyle(f).breakInside),
                    boxes: [...document.querySelectorAll('.ws-field input[type=checkbox]')].map(b => {
                        const c = getComputedStyle(b); return [c.appearance, c.borderTopStyle, b.checked]; }),
                };
            }"""
        )
    finally:
        context.close()
    assert looks["text"] == looks["prompt"] == looks["heading"] == "rgb(0, 0, 0)"
    assert looks["page"] == "rgb(255, 255, 255)"
    assert set(looks["hidden"]) == {"none"}
    assert set(looks["breaks"]) == {"avoid"}
    assert looks["boxes"] and all(box == ["none", "solid", False] for box in looks["boxes"])


@pytest.mark.parametrize("path", [SHEET, "worksheets/heal-and-reset-check-in/", "strategies/reflect-on-the-interview/"])
def test_axe_finds_no_serious_or_critical_violations(page: Any, served_site: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served_site + path)
    results = Axe().run(page)
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
