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
