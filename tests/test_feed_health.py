"""The feed-health page tells a curator what to fix: format, newest item, upcoming events, quiet sources."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rebound.checks.sources import check_sources
from rebound.model import Entry, Niche, Record, Source
from rebound.render import render_health_page
from rebound.views import build_health, build_niche_view

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)


def source(name: str) -> Source:
    return Source("web", name, f"https://{name.lower()}.example/feed", f"https://{name.lower()}.example/", "course")


def entry(src: Source, n: int, **dates: datetime) -> Entry:
    return Entry(id=f"{src.feed}#{n}", title=f"{src.name} {n}", link=None, summary="", source=src.name, niche="web",
                 kind="course", **dates)  # type: ignore[arg-type]


def test_health_shows_format_newest_item_upcoming_and_quiet() -> None:
    lively, old, calendar, empty_cal = source("Lively"), source("Old"), source("Cal"), source("Emptycal")
    records = {
        lively: Record("web", lively.feed).with_success(NOW, (entry(lively, 1, published=NOW - timedelta(days=2)),), None, None, "feed"),
        old: Record("web", old.feed).with_success(NOW, (entry(old, 1, published=NOW - timedelta(days=120)),), None, None, "feed"),
        calendar: Record("web", calendar.feed).with_success(NOW, (entry(calendar, 1, starts=NOW + timedelta(days=3)),), None, None, "ics"),
        empty_cal: Record("web", empty_cal.feed).with_success(NOW, (), None, None, "ics"),
    }
    page = render_health_page(build_health([build_niche_view(Niche("web", "Web", "d.", tuple(records)), records)]))
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| [")}
    assert "| RSS/Atom | fresh |" in rows["[Lively](<https://lively.example/feed>)"]
    assert "Thu 18 Feb 2027" in rows["[Lively](<https://lively.example/feed>)"]
    assert "| fresh, quiet |" in rows["[Old](<https://old.example/feed>)"]
    assert "| iCalendar | fresh |" in rows["[Cal](<https://cal.example/feed>)"] and "| 1 | – | 1 |" in rows["[Cal](<https://cal.example/feed>)"]
    assert "| iCalendar | fresh, quiet |" in rows["[Emptycal](<https://emptycal.example/feed>)"]


def test_make_check_accepts_calendar_sources_and_still_refuses_local_ones(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(
        "niches:\n  - slug: web\n    title: Web\n    description: Web things.\n    sources:\n"
        "      - name: Meetup group\n        feed: https://www.meetup.com/example-group/events/ical/\n"
        "        site: https://www.meetup.com/example-group/\n        kind: webinar\n        online_only: true\n"
        "      - name: Local calendar\n        feed: http://127.0.0.1:8000/events.ics\n"
        "        site: https://local.example/\n        kind: webinar\n        format: ics\n",
        encoding="utf-8",
    )
    _, problems = check_sources(path, "sources.yml")
    assert [(p.line, p.message) for p in problems] == [(12, "'feed' points to a private or local address: 127.0.0.1")]


def test_make_check_flags_a_confs_tech_list_whose_year_has_ended(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(
        "niches:\n  - slug: web\n    title: Web\n    description: Web things.\n    sources:\n"
        "      - name: Conferences\n"
        "        feed: https://raw.githubusercontent.com/tech-conferences/conference-data/main/conferences/2026/javascript.json\n"
        "        site: https://confs.tech/\n        kind: conference\n        format: confs_tech\n        free: false\n",
        encoding="utf-8",
    )
    _, still_on = check_sources(path, "sources.yml", today=date(2026, 12, 31))
    assert still_on == []
    _, problems = check_sources(path, "sources.yml", today=date(2027, 1, 1))
    assert [(p.line, p.message) for p in problems] == [(7, "this confs.tech list is for 2026, which has ended")]
    assert "2027" in problems[0].hint
