"""A contributed event file with a mistake gets one clear `path:line` message per mistake.

Each case starts from a file that passes every rule and changes one line, the way a contributor's
pull request might; the file is read by the real YAML loader and the real recurrence code
(icalendar, dateutil). The folder-level cases write real files and caches under a temporary
project.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from rebound.cache import CONTRIBUTED_MEMO
from rebound.contributed import (
    EVENTS_DIR,
    MAX_COUNT,
    add_contributed_events,
    build_calendar,
    expand_events,
    read_event,
    read_events,
)
from rebound.model import Niche

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
NICHES = {"translation", "video-and-photo"}
SHOWN = "data/events/caption-clinic.yml"
GOOD = """\
title: Caption clinic
url: https://events.example.org/caption-clinic
niches: [translation]
starts: 2026-12-10T12:00:00-05:00
time_zone: America/New_York
duration: 60
online: true
free: true
organizer: Example Guild
evidence: https://events.example.org/caption-clinic
checked: 2026-12-01
"""


def _with(line_no: int | None, new: str | None = None, *, add: str = "") -> str:
    """GOOD with its line ``line_no`` (1-based) replaced by ``new`` (None: removed), plus ``add``."""
    lines = GOOD.splitlines(keepends=True)
    if line_no is not None:
        lines[line_no - 1] = "" if new is None else new + "\n"
    return "".join(lines) + add


def _problems(text: str) -> list[str]:
    event, problems = read_event(text, shown=SHOWN, niches=NICHES, today=TODAY)
    assert event is None, "a file with a problem must not become an event"
    return [p.format() for p in problems]


def test_the_starting_file_passes() -> None:
    event, problems = read_event(GOOD, shown=SHOWN, niches=NICHES, today=TODAY)
    assert problems == []
    assert event is not None and event.ends - event.starts == timedelta(minutes=60)


@pytest.mark.parametrize(("text", "expected"), [
    (_with(None, add="title: Caption clinic again\n"),
     f"{SHOWN}:12: field 'title' appears twice (first on line 1)\n    hint: keep one of the two lines"),
    (_with(9, "organizer: 42"), f'{SHOWN}:9: \'organizer\' must be text\n    hint: write it after the colon, e.g. organizer: "..."'),
    (_with(1, 'title: "   "'), f'{SHOWN}:1: \'title\' must be text\n    hint: write it after the colon, e.g. title: "..."'),
    (_with(None, add=f"summary: {'a' * 501}\n"),
     f"{SHOWN}:12: 'summary' is longer than 500 characters\n    hint: shorten it: the event page says the rest"),
    (_with(3, "niches: translation"),
     f"{SHOWN}:3: 'niches' must be a list of niche slugs\n    hint: write it as niches: [translation]"),
    (_with(3, "niches: []"), f"{SHOWN}:3: 'niches' must be a list of niche slugs\n    hint: write it as niches: [translation]"),
    (_with(3, "niches:\n  - translation\n  - knitting"),
     f"{SHOWN}:5: unknown niche 'knitting'\n    hint: use one of: translation, video-and-photo"),
    (_with(7, "online: maybe"), f"{SHOWN}:7: 'online' must be true or false (found 'maybe')\n    hint: write online: true"),
    (_with(8, "free: no"), f"{SHOWN}:8: Rebound lists free events only: this one is not free"
                           "\n    hint: an event that costs money is not one we can list; please leave it out"),
    (_with(11, "checked: last week"), f"{SHOWN}:11: 'checked' must be a date like 2026-12-06 (found 'last week')"
                                      "\n    hint: write the day you last opened the evidence page, as YYYY-MM-DD"),
    (_with(5, "time_zone: Mars/Olympus_Mons"), f"{SHOWN}:5: unknown time zone 'Mars/Olympus_Mons'"
     "\n    hint: use an IANA name such as America/New_York, Europe/London or Asia/Kolkata"),
    (_with(4, "starts: next Thursday at noon"),
     f"{SHOWN}:4: 'starts' must be a date and time like 2026-12-10T17:00:00-05:00 (found 'next Thursday at noon')"
     "\n    hint: write the date, a T, the time and the UTC offset"),
    (_with(4, "starts: 2026-12-10 12:00"), f"{SHOWN}:4: 'starts' has no time zone: add the UTC offset "
     "(e.g. 2026-12-10 12:00-05:00 or 2026-12-10 12:00Z)"
     "\n    hint: without an offset nobody can tell when the event starts where they live"),
    (_with(4, "starts: 2026-12-10T12:00:00+01:00"), f"{SHOWN}:4: the UTC offset of 'starts' (+01:00) is not "
     "America/New_York's on that day (-05:00)\n    hint: write starts: 2026-12-10T06:00:00-05:00"),
    (_with(None, add="ends: 2026-12-10T13:00:00-05:00\n"),
     f"{SHOWN}:12: give 'duration' or 'ends', not both\n    hint: keep duration: (in minutes) and remove ends:"),
    (_with(6, None), f"{SHOWN}:1: the event needs 'duration' (in minutes) or 'ends'\n    hint: add e.g. duration: 60"),
    (_with(6, "ends: 2026-12-10T11:00:00-05:00"), f"{SHOWN}:6: the event ends (2026-12-10T11:00:00-05:00) before it "
     "starts (2026-12-10T12:00:00-05:00)\n    hint: check the date and the time of both"),
    (_with(5, None, add="repeat: FREQ=WEEKLY;COUNT=3\n"),
     f"{SHOWN}:11: a repeating event needs a time_zone (an IANA name such as America/New_York)"
     "\n    hint: add time_zone: so the dates stay right when the clocks change"),
    (_with(None, add="repeat: FREQ=WEEKLY;BYDAY=TH\n"), f"{SHOWN}:12: 'repeat' never ends: add COUNT= or UNTIL="
     "\n    hint: e.g. FREQ=WEEKLY;BYDAY=TH;COUNT=10; we check a series again when it ends"),
    (_with(None, add=f"repeat: FREQ=DAILY;COUNT={MAX_COUNT + 1}\n"),
     f"{SHOWN}:12: 'repeat' promises more than {MAX_COUNT} dates\n    hint: make COUNT smaller"),
], ids=["twice", "number-as-text", "blank-title", "long-summary", "niches-text", "niches-empty", "unknown-niche",
        "online-maybe", "not-free", "checked-words", "unknown-zone", "starts-words", "starts-no-offset",
        "wrong-offset", "duration-and-ends", "no-end", "ends-before-starts", "repeat-without-zone",
        "repeat-forever", "repeat-too-many"])
def test_one_mistake_gives_one_message_at_its_line(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_a_file_of_unknown_fields_lists_every_missing_one_and_what_the_fields_are() -> None:
    found = _problems("venue: Zoom\n")
    fields = ("the fields are: title, url, niches, starts, online, free, organizer, evidence, checked, "
              "time_zone, duration, ends, repeat, summary, language")
    assert found[0] == f"{SHOWN}:1: unknown field 'venue'\n    hint: {fields}"
    missing = [line.split("\n")[0] for line in found[1:] if "is missing" in line]
    assert missing == [f"{SHOWN}:1: the field '{key}' is missing" for key in
                       ("title", "url", "niches", "starts", "online", "free", "organizer", "evidence", "checked")]
    assert found[-1].startswith(f"{SHOWN}:1: the event needs 'duration' (in minutes) or 'ends'")


def test_two_files_for_the_same_session_name_the_second_with_the_first(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.yml": GOOD, "b.yml": GOOD.replace("Caption clinic", "Caption clinic (again)")})
    events, problems = read_events(root, niches=NICHES, today=TODAY)
    assert [p.format() for p in problems] == [
        "data/events/b.yml:1: the same event (same url and start) is already in data/events/a.yml"
        "\n    hint: keep one of the two files"]


@pytest.mark.parametrize("minutes", ["0", "-30", "an hour", "true", "10081", "1.5"])
def test_a_duration_that_is_not_a_sensible_number_of_minutes_is_refused(minutes: str) -> None:
    assert _problems(_with(6, f"duration: {minutes}")) == [
        f"{SHOWN}:6: 'duration' must be a number of minutes between 1 and 10080 (found '{minutes}')"
        "\n    hint: write e.g. duration: 90"]


def test_a_rule_that_is_not_icalendar_says_so_and_links_a_rule_builder() -> None:
    [message] = _problems(_with(None, add="repeat: every Thursday\n"))
    assert message.startswith(f"{SHOWN}:12: 'repeat' is not an iCalendar rule (")
    assert message.endswith("hint: write it like FREQ=WEEKLY;BYDAY=TH;COUNT=10 (see https://icalendar.org/rrule-tool.html)")


def test_a_rule_copied_with_its_rrule_prefix_is_accepted_without_it() -> None:
    event, problems = read_event(_with(None, add="repeat: RRULE:FREQ=WEEKLY;COUNT=3\n"), shown=SHOWN, niches=NICHES, today=TODAY)
    assert problems == []
    assert event is not None and event.repeat == "FREQ=WEEKLY;COUNT=3"


def test_a_rule_on_a_broken_start_reports_only_the_start() -> None:
    found = _problems(_with(4, "starts: soon", add="repeat: FREQ=WEEKLY;COUNT=3\n"))
    assert len(found) == 1 and found[0].startswith(f"{SHOWN}:4: 'starts' must be a date and time")


def test_an_event_with_an_end_time_lasts_until_then() -> None:
    event, problems = read_event(_with(6, "ends: 2026-12-10T13:30:00-05:00"), shown=SHOWN, niches=NICHES, today=TODAY)
    assert problems == []
    assert event is not None and event.ends - event.starts == timedelta(minutes=90)


def test_a_series_whose_last_date_is_long_past_is_over() -> None:
    text = _with(4, "starts: 2026-01-08T12:00:00-05:00", add="repeat: FREQ=WEEKLY;UNTIL=20260301T000000Z\n")
    assert _problems(text) == [f"{SHOWN}:4: this event is over: its last date was 2026-02-26, more than 30 days ago"
                               "\n    hint: delete the file"]


def test_a_weekly_series_that_began_on_a_leap_day_is_not_over_while_dates_remain() -> None:
    # 29 February has no twin in most years: the last date must still come from the rule.
    text = _with(4, "starts: 2024-02-29T12:00:00-05:00", add="repeat: FREQ=WEEKLY;COUNT=200\n")
    event, problems = read_event(text, shown=SHOWN, niches=NICHES, today=TODAY)
    assert problems == []
    assert event is not None
    later = expand_events([event], now=NOW)
    [record] = later.values()
    assert record.entries, "the series still has dates in the next weeks"
    assert all(e.starts is not None and e.starts.weekday() == 3 for e in record.entries)  # Thursdays, like 29 Feb 2024


def test_a_file_that_is_a_list_is_not_an_event() -> None:
    assert _problems("- title: Caption clinic\n") == [
        f"{SHOWN}:1: an event file must be a list of fields (title: ..., url: ...)"
        '\n    hint: copy the example in CONTRIBUTING.md, or run make new TYPE=event TITLE="..."']


def test_a_file_with_broken_yaml_names_the_line() -> None:
    [message] = _problems(_with(1, "title: Captions: a primer"))
    assert message.startswith(f"{SHOWN}:1: not valid YAML")


# --- The folder ---------------------------------------------------------------------------------


def _project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / EVENTS_DIR
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def test_a_file_that_is_not_utf8_is_named_and_the_others_still_count(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a-good.yml": GOOD, "b-latin1.yml": GOOD.replace("Example Guild", "Café").encode("latin-1")})
    events, problems = read_events(root, niches=NICHES, today=TODAY)
    assert [e.path for e in events] == ["data/events/a-good.yml"]
    assert [(p.path, p.line) for p in problems] == [("data/events/b-latin1.yml", 1)]
    assert problems[0].message.startswith("cannot read the event file:")
    assert problems[0].hint == "save it again as UTF-8 text"


def test_a_passed_marker_that_is_damaged_or_stale_means_reading_the_files_again(tmp_path: Path) -> None:
    root = _project(tmp_path, {"clinic.yml": GOOD})
    marker = tmp_path / "cache" / "events-passed.json"
    first, _ = read_events(root, niches=NICHES, today=TODAY, passed_marker=marker)
    assert json.loads(marker.read_text(encoding="utf-8"))["events"][0]["title"] == "Caption clinic"

    marker.write_text("{torn", encoding="utf-8")
    again, problems = read_events(root, niches=NICHES, today=TODAY, passed_marker=marker)
    assert (again, problems) == (first, [])

    (root / EVENTS_DIR / "clinic.yml").write_text(_with(8, "free: no"), encoding="utf-8")
    events, problems = read_events(root, niches=NICHES, today=TODAY, passed_marker=marker)
    assert events == [] and [p.line for p in problems] == [8]


def test_a_passed_marker_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    root = _project(tmp_path, {"clinic.yml": GOOD})
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    events, problems = read_events(root, niches=NICHES, today=TODAY, passed_marker=tmp_path / "not-a-folder" / "m.json")
    assert problems == [] and [e.title for e in events] == ["Caption clinic"]


def test_no_events_expand_to_no_records() -> None:
    assert expand_events([], now=NOW) == {}


def test_a_calendar_of_a_plain_one_off_event_has_no_rule_and_no_description() -> None:
    event, _ = read_event(GOOD, shown=SHOWN, niches=NICHES, today=TODAY)
    assert event is not None
    [vevent] = icalendar.Calendar.from_ical(build_calendar([event]).to_ical()).walk("VEVENT")
    assert "RRULE" not in vevent and "DESCRIPTION" not in vevent
    assert vevent.decoded("DTSTART") == event.starts


NICHE_LIST = [Niche("translation", "Translation", "Words.", ()), Niche("video-and-photo", "Video", "Pictures.", ())]
SERIES = _with(3, "niches: [translation, video-and-photo]", add="repeat: FREQ=WEEKLY;COUNT=10\n")


def _occurrences(root: Path, cache_dir: Path, now: datetime = NOW) -> dict[str, list[datetime]]:
    _, records, problems = add_contributed_events(root, NICHE_LIST, now=now, cache_dir=cache_dir)
    assert problems == []
    return {source.niche: [e.starts for e in record.entries] for source, record in records.items()}


def test_the_days_expansion_is_remembered_and_a_corrupt_memo_is_expanded_again(tmp_path: Path) -> None:
    root = _project(tmp_path, {"clinic.yml": SERIES})
    cache_dir = tmp_path / "cache"
    first = _occurrences(root, cache_dir)
    assert first["translation"] == first["video-and-photo"]
    # Ten Thursdays from 10 December at noon in New York; the eight before 4 February noon UTC are in the window.
    assert first["translation"] == [datetime(2026, 12, 10, 17, tzinfo=UTC) + timedelta(weeks=n) for n in range(8)]
    assert (cache_dir / CONTRIBUTED_MEMO).is_file()

    (cache_dir / CONTRIBUTED_MEMO).write_text('{"version": 1, "key": ', encoding="utf-8")
    assert _occurrences(root, cache_dir) == first
    assert json.loads((cache_dir / CONTRIBUTED_MEMO).read_text(encoding="utf-8"))["version"] == 1  # written again


def test_a_remembered_expansion_is_read_back_and_cut_to_what_is_still_on_later_that_day(tmp_path: Path) -> None:
    # A Sunday-morning series that starts today: the 01:00 build remembers it, the 15:30 build
    # (after the first session has ended) reads the memo back instead of expanding again.
    series = _with(4, "starts: 2026-12-06T09:00:00-05:00", add="repeat: FREQ=WEEKLY;COUNT=10\n")
    root = _project(tmp_path, {"sunday.yml": series})
    cache_dir = tmp_path / "cache"
    morning = _occurrences(root, cache_dir, NOW.replace(hour=1))
    assert morning["translation"][0] == datetime(2026, 12, 6, 14, tzinfo=UTC)
    written = (cache_dir / CONTRIBUTED_MEMO).stat().st_mtime_ns

    afternoon = _occurrences(root, cache_dir, NOW.replace(hour=15, minute=30))
    assert afternoon["translation"] == morning["translation"][1:]
    assert (cache_dir / CONTRIBUTED_MEMO).stat().st_mtime_ns == written


def test_a_cache_folder_that_cannot_be_written_still_gives_the_events(tmp_path: Path) -> None:
    root = _project(tmp_path, {"clinic.yml": SERIES})
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("", encoding="utf-8")
    _, records, problems = add_contributed_events(root, NICHE_LIST, now=NOW, cache_dir=blocked)
    assert problems == []
    assert {len(r.entries) for r in records.values()} == {8}


def test_a_project_without_event_files_adds_nothing(tmp_path: Path) -> None:
    niches, records, problems = add_contributed_events(tmp_path, NICHE_LIST, now=NOW, cache_dir=tmp_path / "cache")
    assert (tuple(niches), records, problems) == (tuple(NICHE_LIST), {}, [])
