"""Worksheets in a real browser (Debian's Chromium): fill in, keep, clear, print (axe runs in the audit).

Entries, export and import are in test_worksheet_entries_browser.py; the tracker's and runway's
sums in test_worksheet_sums_browser.py. The helpers here are shared with them.
"""
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
from rebound.worksheet.html import PRIVACY_SENTENCE

pytestmark = pytest.mark.browser

SHEET = "worksheets/rejection-debrief/"
PITCH_PX = 8 / 25.4 * 96  # one ruled line on paper: 8 mm in CSS pixels
MM = 72 / 25.4  # one millimetre in PDF points
PAGE_MARGIN_MM = 14  # @page margin, top and bottom, in worksheets.css
# Words only the site's navigation, header, sidebars and footer show, never a worksheet itself.
NAVIGATION_ONLY = ["Skip to content", "Table of contents", "Back to top", "Social media marketing", "Tags"]


def open_sheet(page: Any, base: str, path: str = SHEET) -> RequestLog:
    log = RequestLog()
    page.on("request", log)
    page.goto(base + path)
    page.wait_for_selector(".ws-controls:not([hidden])")
    return log


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def squash(text: str) -> str:
    # NFKC folds the ligatures some fonts print (DejaVu's "ﬂ" in "reflection") back into letters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("*", ""))


def record(page: Any) -> dict:
    """The worksheet's stored record (format 3: its entries, under the worksheet's id), or {} if nothing is saved."""
    sheet = page.evaluate("JSON.parse(document.getElementById('ws-ids').textContent).sheet")
    raw = page.evaluate("s => localStorage.getItem('rebound:worksheets:v3:' + s)", sheet)
    return json.loads(raw) if raw else {}


def stored(page: Any) -> dict:
    """The answers of the entry that is open."""
    data = record(page)
    if not data:
        return {}
    return next(e["fields"] for e in data["entries"] if e["id"] == data["current"])


def last_page_share(pdf: bytes) -> float:
    """How much of the last page's writing area holds something: text, a rule or a box (0 to 1).

    Reads where the PDF draws (text positions, rectangles and path points), ignoring the page
    margins, where the footer sits; the lowest mark tells how far down the page the sheet goes.
    """
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    height = float(last.mediabox.height)
    top, bottom = height - PAGE_MARGIN_MM * MM, PAGE_MARGIN_MM * MM
    marks: list[float] = []

    def drawn(operator: bytes, args: list, cm: list, tm: list) -> None:
        points = []
        if operator == b"re":
            x, y, _, h = (float(a) for a in args)
            points = [(x, y), (x, y + h)]
        elif operator in (b"m", b"l"):
            points = [(float(args[0]), float(args[1]))]
        marks.extend(cm[1] * x + cm[3] * y + cm[5] for x, y in points)

    def text(words: str, cm: list, tm: list, *_: Any) -> None:
        if words.strip():
            marks.append(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])

    last.extract_text(visitor_operand_before=drawn, visitor_text=text)
    inside = [y for y in marks if bottom < y < top]
    return (top - min(inside)) / (top - bottom) if inside else 0.0


def test_answers_survive_a_reload_and_nothing_leaves_the_machine(page: Any, served_site: str) -> None:
    log = open_sheet(page, served_site)
    story = page.locator("#ws-apply-they-tell")
    story.click()
    page.keyboard.type("They chose someone they already knew.")
    page.locator("#ws-things-may-played--their-budget").check()
    page.locator("#ws-facts-versus-story--r1-c2").fill("I am not good enough")
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert story.input_value() == "They chose someone they already knew."
    assert page.locator("#ws-things-may-played--their-budget").is_checked()
    assert page.locator("#ws-facts-versus-story--r1-c2").input_value() == "I am not good enough"
    assert len(stored(page)) == 3
    assert log.urls, "the request log recorded nothing"
    assert log.off_machine() == []


def test_clear_asks_first_then_empties_every_answer(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    page.locator("#ws-anything-behind-those").fill("Slept badly all week.")
    page.locator("#ws-sleep-rested-feel--2").check()
    page.locator("#ws-week--been-outside").check()
    messages: list[str] = []

    def answer(accept: bool) -> None:
        def handle(dialog: Any) -> None:
            messages.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", handle)
        page.get_by_role("button", name="Clear my answers").click()

    answer(accept=False)
    assert page.locator("#ws-sleep-rested-feel--2").is_checked()
    assert len(stored(page)) == 3
    answer(accept=True)
    assert all("Clear" in m for m in messages) and len(messages) == 2
    assert page.locator("#ws-anything-behind-those").input_value() == ""
    assert not page.locator("#ws-sleep-rested-feel--2").is_checked()
    assert not page.locator("#ws-week--been-outside").is_checked()
    assert stored(page) == {}
    page.reload()
    assert page.locator("#ws-anything-behind-those").input_value() == ""


def test_print_with_answers_and_print_blank(page: Any, served_site: str) -> None:
    # What the page holds at the moment the print dialog opens is what goes on paper.
    page.add_init_script(
        "window.__printed = []; window.print = () => window.__printed.push({"
        " answer: document.querySelector('#ws-apply-they-tell').value,"
        " ticked: document.querySelector('#ws-things-may-played--their-budget').checked,"
        " cell: document.querySelector('#ws-facts-versus-story--r1-c1').value,"
        " blank: document.documentElement.classList.contains('ws-printing-blank')});"
    )
    open_sheet(page, served_site)
    page.locator("#ws-apply-they-tell").fill("A logo for a bakery.")
    page.locator("#ws-things-may-played--their-budget").check()
    page.locator("#ws-facts-versus-story--r1-c1").fill("They chose a cheaper bid.")
    page.get_by_role("button", name="Print with my answers").click()
    page.get_by_role("button", name="Print blank").click()
    page.wait_for_function("window.__printed.length === 2")   # print.js loads on first use
    assert page.evaluate("window.__printed") == [
        {"answer": "A logo for a bakery.", "ticked": True, "cell": "They chose a cheaper bid.", "blank": False},
        {"answer": "", "ticked": False, "cell": "", "blank": True},
    ]
    # After the blank print, the answers are back on screen and were never saved as blank.
    assert page.locator("#ws-apply-they-tell").input_value() == "A logo for a bakery."
    assert page.locator("#ws-facts-versus-story--r1-c1").input_value() == "They chose a cheaper bid."
    assert len(stored(page)) == 3


def test_fields_work_from_the_keyboard(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.ws-field input, .ws-field textarea')"):
            break
    assert page.evaluate("document.activeElement.id") == "ws-sleep-rested-feel--1"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.locator("#ws-sleep-rested-feel--2").is_checked()
    page.locator("#ws-week--been-outside").focus()
    page.keyboard.press("Space")
    assert page.locator("#ws-week--been-outside").is_checked()
    page.keyboard.press("Shift+Tab")  # back past the section heading's permalink
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "ws-anything-behind-those"
    page.keyboard.type("A walk")
    assert stored(page) == {
        "ws-sleep-rested-feel": "2",
        "ws-week--been-outside": True,
        "ws-anything-behind-those": "A walk",
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
    pdf = page.pdf(format=paper)
    count, text = pdf_text(pdf)
    assert 1 <= count <= 2
    # No last page holding only a prompt or two: a quarter of it used, or a single page.
    assert count == 1 or last_page_share(pdf) >= 0.25
    flat = squash(text)
    missing = [p for p in prompts(slug) if squash(p) not in flat]
    assert missing == []
    others = [t for s, t in ((s, s.replace("-", " ").capitalize()) for s in WORKSHEETS) if s != slug]
    assert [w for w in NAVIGATION_ONLY + others if w in text] == []
    assert "Clear my answers" not in text and PRIVACY_SENTENCE not in text
    title = page.title().split(" - ")[0]
    assert squash(f"{title} · Rebound · https://rebound-hub.github.io/rebound/{slug}") in flat.replace("worksheets/", "")


def test_last_page_share_sees_rules_and_text_but_not_the_footer(page: Any, served_site: str) -> None:
    # The measuring stick itself: a sheet whose last page holds one short line reads as nearly
    # empty; the same sheet with a rule drawn 120 mm below it (a line, no text) reads as well used.
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    page.emulate_media(media="print")
    page.evaluate("document.querySelector('.md-content__inner').insertAdjacentHTML('beforeend',"
                  " '<p style=\"break-before: page\">One short line.</p>')")
    nearly_empty = last_page_share(page.pdf(format="A4"))
    page.evaluate("document.querySelector('.md-content__inner').insertAdjacentHTML('beforeend',"
                  " '<div style=\"height: 120mm; border-bottom: 0.3mm solid #000\"></div>')")
    assert nearly_empty < 0.05
    assert 0.44 < last_page_share(page.pdf(format="A4")) < 0.55  # 120 mm and a line, of 269 mm


def test_ruled_lines_match_the_declared_count_on_paper(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/interview-reflection/")
    page.emulate_media(media="print")
    fields = page.evaluate(
        """() => [...document.querySelectorAll('.ws-lines textarea')].map(t => ({
            lines: Number(t.dataset.wsLines), height: t.getBoundingClientRect().height,
            rules: t.parentNode.querySelectorAll('.ws-rules > span').length,
            ruleBorder: getComputedStyle(t.parentNode.querySelector('.ws-rules > span')).borderBottomStyle}))"""
    )
    assert len(fields) == 8
    for field in fields:
        assert field["rules"] == field["lines"]
        assert field["height"] == pytest.approx(field["lines"] * PITCH_PX, abs=1.5)
        assert field["ruleBorder"] == "solid"


def test_a_long_typed_answer_prints_on_as_many_lines_as_it_needs(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/heal-and-reset-check-in/")
    answer = " ".join(["I slept badly, skipped two walks and kept checking the inbox late at night."] * 6)
    page.locator("#ws-anything-behind-those").fill(answer)
    page.emulate_media(media="print")
    box = page.evaluate(
        """() => { const t = document.querySelector('#ws-anything-behind-those');
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


CELL_TEXT = ("They hired someone they already knew, and nobody will ever hire me without a big-brand name on "
             "my CV. That is the story; the fact is that one client picked one person, this time, for their own reasons.")


def test_a_long_table_answer_shows_whole_on_a_phone_and_on_paper(chromium: Any, served_site: str) -> None:
    assert len(CELL_TEXT) >= 200
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        open_sheet(page, served_site)
        cell = page.locator("#ws-facts-versus-story--r1-c2")
        cell.click()
        page.keyboard.type(CELL_TEXT)
        box = cell.evaluate(
            """el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right,
                scroll: el.scrollHeight, client: el.clientHeight, width: document.documentElement.clientWidth,
                display: getComputedStyle(el.closest('tr')).display}; }"""
        )
        assert box["display"] == "block"  # a stacked card, not a table row
        assert 0 <= box["left"] and box["right"] <= box["width"]  # nothing off the right edge
        assert box["scroll"] <= box["client"] + 1  # the box grew: no hidden lines, no scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= box["width"]
        page.reload()
        page.wait_for_selector(".ws-controls:not([hidden])")
        assert cell.input_value() == CELL_TEXT
        page.emulate_media(media="print")
        for paper in ("A4", "Letter"):
            count, text = pdf_text(page.pdf(format=paper))
            assert count <= 2
            assert squash(CELL_TEXT) in squash(text), paper
    finally:
        context.close()
