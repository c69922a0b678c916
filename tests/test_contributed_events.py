"""Events added by pull request (data/events/*.yml): read, expanded by the calendars' code, listed everywhere."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import icalendar
import pytest

from rebound.contributed import (
    FIELDS,
    add_contributed_events,
    build_calendar,
    expand_events,
    read_event,
    read_events,
)
from rebound.devtools.project import ROOT, copy_project, run_build

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
WEEKLY = """\
title: "Caption clinic <script>alert(1)</script>"
url: https://events.example.org/caption-clinic
niches: [translation, video-and-photo]
starts: 2027-03-04T12:00:00-05:00
time_zone: America/New_York
duration: 60
repeat: FREQ=WEEKLY;BYDAY=TH;COUNT=4
online: true
free: true
organizer: Example Guild
evidence: https://events.example.org/caption-clinic
checked: 2026-12-06
summary: "Bring a clip. <img src=x onerror=alert(1)>"
"""


def test_a_weekly_series_keeps_its_wall_clock_time_across_daylight_saving() -> None:
    event, problems = read_event(WEEKLY, shown="data/events/x.yml", niches={"translation", "video-and-photo"}, today=NOW.date())
    assert problems == [] and event is not None
    records = expand_events([event], now=datetime(2027, 3, 1, tzinfo=UTC))
    assert {s.niche for s in records} == {"translation", "video-and-photo"}
    entries = next(iter(records.values())).entries
    # New York moves its clocks on 14 March 2027: 12:00 local is 17:00 UTC before, 16:00 UTC after.
    assert [e.starts.isoformat() for e in entries] == [
        "2027-03-04T17:00:00+00:00", "2027-03-11T17:00:00+00:00", "2027-03-18T16:00:00+00:00", "2027-03-25T16:00:00+00:00"]
    assert all(e.online and e.repeats == "every week" and e.series for e in entries)
    assert entries[-1].repeats_until == datetime(2027, 3, 25, 16, 0, tzinfo=UTC)


def test_hostile_text_is_cleaned_like_feed_text() -> None:
    event, _ = read_event(WEEKLY, shown="data/events/x.yml", today=NOW.date())
    assert event is not None
    entry = next(iter(expand_events([event], now=datetime(2027, 3, 1, tzinfo=UTC)).values())).entries[0]
    assert "<" not in entry.title and "script" not in entry.title
    assert "onerror" not in entry.summary and "Bring a clip." in entry.summary


def test_the_calendar_built_from_a_file_reads_back_with_icalendar() -> None:
    event, _ = read_event(WEEKLY, shown="data/events/x.yml", today=NOW.date())
    text = build_calendar([event]).to_ical()
    vevent = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(vevent["UID"]) == "urn:rebound:event:x"
    assert vevent["DTSTART"].dt.tzinfo.key == "America/New_York"
    assert vevent["RRULE"]["COUNT"] == [4]


def test_unchanged_files_that_passed_are_read_again_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "data" / "events").mkdir(parents=True)
    (tmp_path / "data" / "events" / "clinic.yml").write_text(WEEKLY, encoding="utf-8")
    marker = tmp_path / "passed.sha256"
    first, problems = read_events(tmp_path, niches={"translation", "video-and-photo"}, today=NOW.date(), passed_marker=marker)
    assert problems == [] and marker.is_file()
    again, _ = read_events(tmp_path, niches={"translation", "video-and-photo"}, today=NOW.date(), passed_marker=marker)
    assert again == first


def test_a_broken_file_is_named_and_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "events"
    folder.mkdir(parents=True)
    (folder / "good.yml").write_text(WEEKLY, encoding="utf-8")
    (folder / "broken.yml").write_text("title: [oops\n", encoding="utf-8")
    from rebound.sources import load_sources

    niches = load_sources(ROOT / "data" / "sources.yml")
    extended, records, problems = add_contributed_events(tmp_path, niches, now=datetime(2027, 3, 1, tzinfo=UTC))
    assert [(p.path, p.line) for p in problems] == [("data/events/broken.yml", 2)]
    assert {s.origin for s in records} == {"data/events/good.yml"}
    translation = next(n for n in extended if n.slug == "translation")
    assert translation.sources[-1].origin == "data/events/good.yml"


def test_contributing_documents_every_field_with_an_example() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Adding a free event", 1)[1].split("\n## ", 1)[0]
    for name in FIELDS:
        assert f"`{name}`" in section, name
        assert f"\n{name}:" in section or f"# {name}:" in section, f"no example line for {name}"


def test_the_issue_form_asks_for_the_same_fields() -> None:
    import yaml

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-a-free-event.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"] if isinstance(item, dict)}
    assert set(FIELDS) <= ids


def test_real_event_files_pass_every_rule() -> None:
    from rebound.sources import load_sources

    slugs = {n.slug for n in load_sources(ROOT / "data" / "sources.yml")}
    _, problems = read_events(ROOT, niches=slugs, today=date.today())
    assert [p.format() for p in problems] == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the real project (offline, empty cache) plus one contributed weekly event starting soon."""
    tmp = tmp_path_factory.mktemp("contributed")
    project = copy_project(tmp / "project")
    folder = project / "data" / "events"
    folder.mkdir(exist_ok=True)
    soon = datetime.now(UTC).date().toordinal() + 3
    starts = date.fromordinal(soon).isoformat()
    text = WEEKLY.replace("2027-03-04T12:00:00-05:00", f"{starts}T17:00:00+00:00").replace("America/New_York", "UTC")
    (folder / "zz-caption-clinic.yml").write_text(text.replace("BYDAY=TH;", ""), encoding="utf-8")
    (folder / "zz-broken.yml").write_text("title: [oops\n", encoding="utf-8")
    result = run_build(project, tmp / "site", REBOUND_CACHE_DIR=str(tmp / "cache"))
    assert result.returncode == 0, result.stderr
    assert "events: data/events/zz-broken.yml:2: not valid YAML" in result.stderr
    return tmp / "site"


def test_contributed_events_reach_every_page_and_output(built: Path) -> None:
    for page in ("events/index.html", "niches/translation/index.html", "niches/video-and-photo/index.html", "index.html"):
        html = (built / page).read_text(encoding="utf-8")
        assert "Caption clinic" in html, page
        assert "<script>alert" not in html and "onerror" not in html, page
    calendar = icalendar.Calendar.from_ical((built / "translation.ics").read_bytes())
    titles = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert titles.count("Caption clinic") == 4
    everything = icalendar.Calendar.from_ical((built / "all.ics").read_bytes())
    assert "Caption clinic" in {str(e["SUMMARY"]) for e in everything.walk("VEVENT")}
    feed = feedparser.parse((built / "translation.rss.xml").read_bytes())
    assert any(item.title == "Caption clinic" for item in feed.entries)


def test_the_health_page_lists_contributed_events_with_their_checked_dates(built: Path) -> None:
    html = (built / "niches" / "health" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="translation"', 1)[1].split("<h2", 1)[0]
    assert "data/events/zz-caption-clinic.yml" in section
    assert '<time datetime="2026-12-06T00:00:00+00:00">Sun 6 Dec 2026</time>' in section


def test_an_address_that_could_break_out_of_a_link_is_refused() -> None:
    text = WEEKLY.replace("url: https://events.example.org/caption-clinic",
                          'url: "https://events.example.org/a>b<script>"')
    event, problems = read_event(text, shown="data/events/x.yml", today=NOW.date())
    assert event is None
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, "'url' must be an https:// address")]


def test_an_oversized_event_file_is_refused_without_being_parsed(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "events"
    folder.mkdir(parents=True)
    (folder / "huge.yml").write_text(WEEKLY + "# " + "x" * 70_000 + "\n", encoding="utf-8")
    events, problems = read_events(tmp_path, niches=None, today=NOW.date())
    assert events == [] and [(p.path, p.line) for p in problems] == [("data/events/huge.yml", 1)]
    assert "larger than 64 KB" in problems[0].message
