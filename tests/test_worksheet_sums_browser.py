"""The worksheets that count, in a real browser: the application tracker and the money runway."""
from __future__ import annotations

from typing import Any

import pytest

from test_worksheets_browser import open_sheet, pdf_text, squash

pytestmark = pytest.mark.browser

TRACKER = "worksheets/application-numbers-tracker/"
# A known log: (date sent, furthest stage). Two weeks: 2026-11-02 (Mon) to 2026-11-08, and 2026-11-09 onwards.
LOG = [
    ("2026-11-02", "sent"), ("2026-11-03", "reply"), ("2026-11-04", "sent"), ("2026-11-05", "call"),
    ("2026-11-08", "sent"),
    ("2026-11-09", "offer"), ("2026-11-10", "sent"), ("2026-11-11", "reply"), ("2026-11-12", "sent"),
    ("2026-11-13", "sent"),
]


def fill_log(page: Any, log: list[tuple[str, str]]) -> None:
    for row, (date, stage) in enumerate(log, start=1):
        page.locator(f"#ws-applications--r{row}-c1").fill(date)
        page.locator(f"#ws-applications--r{row}-c2").fill("Upwork" if row % 2 else "Referral")
        page.locator(f"#ws-applications--r{row}-c5").select_option(stage)


def weekly_rows(page: Any) -> list[list[str]]:
    return page.evaluate(
        "[...document.querySelectorAll('.ws-weeks tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))"
    )


def test_a_known_log_gives_the_expected_totals_rates_chart_and_advice(page: Any, served_site: str) -> None:
    log = open_sheet(page, served_site, TRACKER)
    assert page.locator(".ws-tracker-summary").inner_text() == ""  # nothing worked out from nothing
    fill_log(page, LOG)
    # Week 1: 5 sent, 2 replies (reply, call), 1 call, 0 offers. Week 2: 5 sent, 2 replies, 1 call, 1 offer.
    assert weekly_rows(page) == [
        ["2026-11-02", "5", "2", "1", "0"],
        ["2026-11-09", "5", "2", "1", "1"],
        ["All weeks", "10", "4", "2", "1"],
    ]
    rates = page.locator(".ws-rates li").all_inner_texts()
    assert rates == [
        "Reply rate: 40% (4 of 10 sent)",
        "Call rate: 50% (2 of 4 replies)",
        "Offer rate: 50% (1 of 2 calls)",
    ]
    assert page.locator("svg.ws-funnel").get_attribute("aria-label") == "Funnel: Sent 10, Replied 4, Call 2, Offer 1"
    widths = page.evaluate("[...document.querySelectorAll('svg.ws-funnel rect')].map(r => Number(r.getAttribute('width')))")
    assert widths == sorted(widths, reverse=True) and widths[1] == pytest.approx(widths[0] * 0.4)
    # Six of ten stop before a reply: the advice for that step is linked.
    advice = page.locator(".ws-tracker-summary p", has_text="Most of your applications stop")
    assert "before a reply (6 of 10)" in advice.inner_text()
    assert advice.get_by_role("link", name="What can help at this step").get_attribute("href") == "../proposal-self-review/"
    assert advice.get_by_role("link", name="the notes below").get_attribute("href") == "#advice-reply"

    # Sums come back after a reload, from the saved log.
    page.reload()
    page.wait_for_selector(".ws-controls:not([hidden])")
    assert weekly_rows(page)[-1] == ["All weeks", "10", "4", "2", "1"]
    # The chart and totals print with the answers.
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4"))
    assert squash("Reply rate: 40% (4 of 10 sent)") in squash(text)
    assert log.off_machine() == []


def test_where_most_stop_follows_the_biggest_drop(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, TRACKER)
    fill_log(page, [("2026-11-02", "call")] * 4 + [("2026-11-03", "offer")])
    advice = page.locator(".ws-tracker-summary p", has_text="Most of your applications stop")
    assert "after a call, before an offer (4 of 5)" in advice.inner_text()
    assert advice.get_by_role("link", name="the notes below").get_attribute("href") == "#advice-offer"


def test_the_runway_is_worked_out_as_you_type(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, "worksheets/money-runway-calculator/")
    result = page.locator(".ws-runway output")
    assert result.inner_text() == ""
    page.locator("[data-ws-role=savings] input").fill("€6,000")
    page.locator("[data-ws-role=costs] input").fill("1.800")
    assert result.inner_text().startswith("about 3.3 ")  # 6000 / 1800, rounded down
    page.locator("[data-ws-role=income] input").fill("300")
    assert result.inner_text().startswith("about 4 (a gap of 1500 a month")
    page.locator("[data-ws-role=income] input").fill("2000")
    assert result.inner_text() == "your income covers your essential costs each month"


def test_the_log_shows_the_rows_in_use_on_screen_and_every_row_on_paper(page: Any, served_site: str) -> None:
    open_sheet(page, served_site, TRACKER)
    rows = page.locator(".ws-tracker tbody tr:visible")
    assert rows.count() == 3
    fill_log(page, LOG[:4])
    assert rows.count() == 5  # the four in use and the next empty one
    page.emulate_media(media="print")
    assert rows.count() == 20  # a blank log to write in by hand
