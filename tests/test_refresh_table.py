"""`make feeds` prints, per source, the format it read and how many events are coming up."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rebound.collect import Outcome
from rebound.devtools.project import import_script
from rebound.model import Entry, Record, Source

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)


def test_the_summary_names_the_format_and_counts_upcoming_events() -> None:
    refresh = import_script("refresh_feeds")
    source = Source("web", "Workshops", "https://cal.example/events.ics", "https://cal.example/", "webinar")
    events = tuple(Entry(id=f"e{n}", title=f"E{n}", link=None, summary="", source="Workshops", niche="web", kind="webinar",
                         starts=NOW + timedelta(days=n)) for n in (-3, 1, 2))
    record = Record("web", source.feed).with_success(NOW, events, None, None, "ics")
    failed = Record("web", source.feed).with_failure(NOW, "truncated calendar (no END:VCALENDAR)")
    table = refresh.format_table([Outcome(source, "ok", record), Outcome(source, "failed", failed, failed.last_error)], NOW)
    header, _, good, bad = table.splitlines()
    assert header.split() == ["source", "format", "status", "entries", "upcoming", "age"]
    assert good.split() == ["web/Workshops", "ics", "ok", "3", "2", "0", "min"]
    assert "failed: truncated calendar (no END:VCALENDAR)" in bad and bad.split()[1] == "-"


def test_the_niche_table_counts_what_readers_will_get() -> None:
    from rebound.model import Niche
    from rebound.report import format_niche_table
    from rebound.views import build_niche_view

    calendar = Source("web", "Workshops", "https://cal.example/events.ics", "https://cal.example/", "webinar")
    courses = Source("web", "Courses", "https://courses.example/feed", "https://courses.example/", "course")
    blog = Source("web", "Blog", "https://blog.example/feed", "https://blog.example/", "article")
    broken = Source("web", "Broken", "https://broken.example/feed", "https://broken.example/", "video")
    events = tuple(Entry(id=f"e{n}", title=f"E{n}", link=None, summary="", source="Workshops", niche="web", kind="webinar",
                         starts=NOW + timedelta(days=n)) for n in (1, 2, 10, 40))
    lessons = tuple(Entry(id=f"c{n}", title=f"C{n}", link=f"https://courses.example/{n}", summary="", source="Courses",
                          niche="web", kind="course", published=NOW - timedelta(days=n)) for n in (3, 20, 45))
    posts = (Entry(id="p", title="P", link="https://blog.example/p", summary="", source="Blog", niche="web", kind="article",
                   published=NOW - timedelta(days=1)),)
    records = {
        calendar: Record("web", calendar.feed).with_success(NOW, events, None, None, "ics"),
        courses: Record("web", courses.feed).with_success(NOW, lessons, None, None, "feed"),
        blog: Record("web", blog.feed).with_success(NOW, posts, None, None, "feed"),
        broken: Record("web", broken.feed).with_failure(NOW, "HTTP 404"),
    }
    view = build_niche_view(Niche("web", "Web", "D.", (calendar, courses, blog, broken)), records)
    table = format_niche_table([view], NOW).splitlines()
    assert table[0].startswith("| niche | events, next 7 days | events, next 30 days | trainings, last 30 days |")
    # Two events this week, three within 30 days; two courses of the last 30 days (the article is reading).
    assert table[2] == "| web | 2 | 3 | 2 | Broken |"
    assert table[3] == "| all niches | 2 | 3 | 2 | 1 |"


def test_report_only_prints_the_table_without_fetching(tmp_path, monkeypatch, capsys) -> None:
    refresh = import_script("refresh_feeds")
    sources = tmp_path / "sources.yml"
    sources.write_text("niches:\n  - slug: web\n    title: Web\n    description: D.\n    sources:\n"
                       "      - name: Nowhere\n        feed: http://127.0.0.1:9/feed\n        site: https://x.example/\n"
                       "        kind: course\n", encoding="utf-8")
    monkeypatch.setenv("REBOUND_SOURCES", str(sources))
    monkeypatch.setenv("REBOUND_CACHE_DIR", str(tmp_path / "cache"))
    assert refresh.main(["--report-only", "--now", "2027-02-20T12:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "What readers will get (2027-02-20 12:00 UTC)" in out and "| web | 0 | 0 | 0 | none |" in out
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.json"))
