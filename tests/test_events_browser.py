"""Calendars end to end: fetched from 127.0.0.1, built strict, shown in Chromium, published back.

The cache is filled by a real refresh against a loopback server at a fixed time (`NOW`), then the
site is built offline from it, as CI and a warm build do.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from rebound.collect import collect
from rebound.settings import Settings
from rebound.devtools.browser import RequestLog, serve_directory
from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.devtools.project import ROOT, run_build
from rebound.fetch import FetchSettings
from rebound.sources import load_sources

CALENDARS = ROOT / "tests" / "fixtures" / "calendars"
NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
ICS = "text/calendar; charset=utf-8"
SOURCES = """\
niches:
  - slug: writing
    title: Writing
    description: Writing for clients.
    sources:
      - name: Docs meetups
        feed: {mixed}
        site: https://docs-meetups.example/
        kind: webinar
        online_only: true
      - name: Hostile calendar
        feed: {hostile}
        site: https://hostile.example/
        kind: webinar
  - slug: web
    title: Web
    description: Websites for clients.
    sources:
      - name: Portfolio reviews
        feed: {weekly}
        site: https://reviews.example/
        kind: webinar
      - name: Skills feed
        feed: {feed}
        site: https://skills.example/
        kind: course
      - name: Conference list
        feed: {conf}
        site: https://conferences.example/
        kind: conference
        format: developers_events
        online_only: true
        free: false
"""


@pytest.fixture(scope="module")
def events_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("events-site")
    sources, cache = tmp / "sources.yml", tmp / "cache"
    routes = {
        "/mixed.ics": Route((CALENDARS / "mixed_online_and_in_person.ics").read_bytes(), content_type=ICS),
        "/hostile.ics": Route((CALENDARS / "hostile_summary_url_description.ics").read_bytes(), content_type="application/octet-stream"),
        "/weekly.ics": Route((CALENDARS / "weekly_series_dst_crossing.ics").read_bytes(), content_type=ICS),
        "/feed.xml": Route(fixture("rss20_basic.xml")),
        "/conf.json": Route((ROOT / "tests" / "fixtures" / "json_events" / "developers_events_conferences.json").read_bytes(),
                            content_type="application/json"),
    }
    with serve(routes) as server:
        addresses = {k: server.url(f"/{k}.{'xml' if k == 'feed' else 'ics'}") for k in ("mixed", "hostile", "weekly", "feed")}
        sources.write_text(SOURCES.format(**addresses, conf=server.url("/conf.json")), encoding="utf-8")
        settings = Settings(sources, cache, offline=False, fetch=FetchSettings(connect_timeout=2, read_timeout=2, deadline=5, allow_loopback=True))
        result = collect(load_sources(sources), settings, now=NOW, force=True)
    assert [o.status for o in result.outcomes] == ["ok"] * 5, result.problems
    build = run_build(ROOT, tmp / "site", REBOUND_SOURCES=str(sources), REBOUND_CACHE_DIR=str(cache))
    assert build.returncode == 0, build.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def events_url(events_site: Path) -> Iterator[str]:
    with serve_directory(events_site) as url:
        yield url


def test_online_only_and_series_on_the_niche_pages(events_site: Path) -> None:
    writing = (events_site / "niches" / "writing" / "index.html").read_text(encoding="utf-8")
    assert "Virtual meetup: docs as a freelance service" in writing and "Pub night in Portland" not in writing
    web = (events_site / "niches" / "web" / "index.html").read_text(encoding="utf-8")
    assert web.count("Portfolio review hour") == 3  # the next three of nine, then how it goes on
    assert "And every week after that." in web
    assert 'class="rebound-badge">Online · Free<' in web


def test_a_conference_list_that_gives_no_price_is_not_labelled_free(events_site: Path) -> None:
    """The developers.events source is marked ``free: false``: its online conferences are listed,
    all-day, with "Check the price"; its in-person and cancelled ones are not."""
    for page in (events_site / "niches" / "web" / "index.html", events_site / "events" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "Example Online DevDay" in html and "Example Hybrid Summit" in html
        assert "Example In-Person Meetup Day" not in html and "Example Cancelled Online Conf" not in html
        card = html[html.index("Example Online DevDay"):]
        card = card[:card.index("</li>")]
        assert 'class="rebound-badge">Online · Check the price<' in card and "Free" not in card
    calendar = icalendar.Calendar.from_ical((events_site / "web.ics").read_bytes())
    described = {str(e.get("summary")): str(e.get("description")) for e in calendar.walk("VEVENT")}
    assert described["Example Online DevDay"].startswith("Check the price on the event's page.")
    assert not described["Portfolio review hour"].startswith("Check the price")
    assert "free unless they say to check the price" in str(calendar.get("x-wr-caldesc"))


def test_events_page_groups_by_week_and_links_each_niche(events_site: Path) -> None:
    html = (events_site / "events" / "index.html").read_text(encoding="utf-8")
    assert html.count('data-week="') >= 3 and 'data-week="2027-02-22"' in html
    # A Markdown link in the source (both generators rewrite it): the niche page's events, as a filter.
    assert 'data-rebound-filter="web" href="../niches/web/#upcoming-events"' in html
    assert 'data-niche="writing"' in html and 'data-niche="web"' in html


def test_our_published_calendars_parse_back_without_injected_properties(events_site: Path) -> None:
    allowed = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "TRANSP"}
    for name in ("writing.ics", "all.ics"):
        calendar = icalendar.Calendar.from_ical((events_site / name).read_bytes())
        events = calendar.walk("VEVENT")
        assert events and all(set(e.keys()) <= allowed and not e.subcomponents for e in events)
        assert "Injected event" not in [str(e.get("SUMMARY")) for e in events]


def _watch(page: Any) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


@pytest.mark.browser
@pytest.mark.parametrize("path", ["events/", "niches/writing/", ""])
def test_hostile_calendar_text_never_runs_and_nothing_leaves_the_machine(chromium: Any, events_url: str, path: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    requests = RequestLog()
    page.on("request", requests)
    dialogs = _watch(page)
    page.goto(events_url + path)
    page.wait_for_load_state("networkidle")
    assert "pwned" not in page.title() and dialogs == []
    assert page.locator("img[onerror], svg[onload], a[href^='javascript:']").count() == 0
    assert requests.off_machine() == []
    context.close()


@pytest.mark.browser
def test_times_show_in_the_readers_zone_with_script_and_utc_without(chromium: Any, events_url: str) -> None:
    context = chromium.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    page.goto(events_url + "niches/web/")
    first = page.locator("time[data-local]").first
    # Noon in New York on Tue 23 Feb 2027 (17:00 UTC): the script writes it in the reader's zone.
    assert first.get_attribute("datetime") == "2027-02-23T17:00:00+00:00"
    assert "12:00" in first.inner_text() and "UTC" not in first.inner_text()
    assert first.get_attribute("title") == "Tue 23 Feb 2027, 17:00 UTC"
    context.close()
    context = chromium.new_context(timezone_id="America/New_York", java_script_enabled=False)
    page = context.new_page()
    page.goto(events_url + "niches/web/")
    assert page.locator("time[data-local]").first.inner_text() == "Tue 23 Feb 2027, 17:00 UTC"
    context.close()


@pytest.mark.browser
def test_the_niche_filter_works_in_place_and_by_address(chromium: Any, events_url: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(events_url + "events/")
    page.click("[data-rebound-filter='writing']")
    visible = page.locator("[data-rebound-events] li[data-niche]:visible")
    assert visible.count() > 0
    assert set(visible.evaluate_all("items => items.map(i => i.dataset.niche)")) == {"writing"}
    assert page.url.endswith("#niche-writing")
    assert page.locator("[data-rebound-filter='writing']").get_attribute("aria-current") == "true"
    page.click("[data-rebound-filter='']")
    assert page.locator("[data-rebound-events] li[data-niche='web']:visible").count() > 0
    page.goto(events_url + "events/#niche-web")
    page.reload()
    assert set(page.locator("[data-rebound-events] li[data-niche]:visible").evaluate_all(
        "items => items.map(i => i.dataset.niche)")) == {"web"}
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["events/", "niches/web/", ""])
def test_axe_finds_no_violations_on_pages_full_of_events(chromium: Any, events_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(events_url + path)
        violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in Axe().run(page).response["violations"]]
        context.close()
        assert violations == [], scheme


@pytest.mark.browser
def test_on_a_phone_each_event_card_is_one_tap_target(chromium: Any, events_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(events_url + "events/")
    card = page.locator("#next-30-days li.rebound-card").first
    assert "Online · Free" in card.inner_text() and "Portfolio reviews" in card.inner_text()
    # The niche pills sit in one row that scrolls sideways, so the first event is on the first screen.
    assert card.bounding_box()["y"] < 844
    # (This fixture has few niches; the real site's eight would wrap into four rows without the rule.)
    row = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.rebound-filter'));"
                        " return [s.flexWrap, s.overflowX]; }")
    assert row == ["nowrap", "auto"]
    pills = page.locator(".rebound-filter a")
    assert len({round(pills.nth(i).bounding_box()["y"]) for i in range(pills.count())}) == 1
    card.scroll_into_view_if_needed()
    box = card.locator(".rebound-event-organizer").bounding_box()
    # A tap on the organizer's name (not a link itself) lands on the card's link.
    target = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a')?.className",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert target == "rebound-card-link"
    add = card.locator(".rebound-feed-add a").first.bounding_box()
    below = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent",
                          [add["x"] + add["width"] / 2, add["y"] + add["height"] / 2])
    assert below == ".ics file"  # the add-to-calendar links stay tappable on their own
    context.close()


@pytest.mark.browser
def test_this_week_and_next_30_days_work_without_script(chromium: Any, events_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(events_url + "events/")
    assert page.locator("#next-30-days").is_visible() and not page.locator("#this-week").is_visible()
    page.click("a[href='#this-week']")
    assert page.locator("#this-week").is_visible() and not page.locator("#next-30-days").is_visible()
    week = page.locator("#this-week li").all_inner_texts()
    assert week and all("Feb 2027" in text for text in week)   # 20–27 Feb: the next seven days from the check
    page.click("a[href='#next-30-days']")
    assert page.locator("#next-30-days").is_visible() and not page.locator("#this-week").is_visible()
    context.close()
