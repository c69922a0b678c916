"""The feed cache: atomic writes, corrupt files ignored with a message, round trips exact."""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from feeds_server import fixture

from rebound.cache import Record, read_record, record_path, write_record
from rebound.collect import Settings, collect, load_cached_entries
from rebound.parse import parse_feed
from rebound.sources import Niche, Source

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
SRC = Source("testing", "Test source", "https://feeds.example/feed/", "https://feeds.example/", "webinar")


def cached_record() -> Record:
    entries = parse_feed(fixture("rss20_basic.xml"), url=SRC.feed, content_type="application/rss+xml", source=SRC, fetched_at=NOW)
    return Record(SRC.niche, SRC.feed).with_success(NOW, entries, '"abc"', "Wed, 05 Mar 2025 08:00:00 GMT")


def test_a_record_round_trips_exactly(tmp_path: Path) -> None:
    write_record(tmp_path, SRC, cached_record())
    assert read_record(tmp_path, SRC) == (cached_record(), None)
    assert [p.name for p in tmp_path.iterdir()] == [record_path(tmp_path, SRC).name]  # no temp files left


def test_writes_are_atomic_replacements(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    write_record(tmp_path, SRC, cached_record())
    calls: list[tuple[str, str]] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: calls.append((str(a), str(b))) or real_replace(a, b))
    write_record(tmp_path, SRC, cached_record().with_failure(NOW, "HTTP 500"))
    assert len(calls) == 1 and calls[0][1] == str(record_path(tmp_path, SRC))
    assert Path(calls[0][0]).parent == tmp_path


def test_a_corrupt_cache_file_is_ignored_with_a_message(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    record_path(tmp_path, SRC).write_text('{"version": 1, "niche": "testing", "feed": ', encoding="utf-8")
    record, problem = read_record(tmp_path, SRC)
    assert record == Record(SRC.niche, SRC.feed)
    assert problem is not None and "is corrupt" in problem and "ignored" in problem


def test_a_corrupt_cache_file_does_not_stop_collect(tmp_path: Path) -> None:
    record_path(tmp_path, SRC).write_bytes(b"\xff\xfe not json")
    niche = Niche("testing", "Testing", "Test.", (SRC,))
    result = collect([niche], Settings(tmp_path / "s.yml", tmp_path, offline=True), now=NOW)
    assert result.records[SRC].entries == ()
    assert result.problems[0][0] == "testing/Test source" and "ignored" in result.problems[0][1]


def test_load_cached_entries_for_other_outputs(tmp_path: Path) -> None:
    write_record(tmp_path, SRC, cached_record())
    entries = load_cached_entries([Niche("testing", "Testing", "Test.", (SRC,))], tmp_path)
    assert [e.title for e in entries["testing"]] == ["Live: writing proposals that win", "Course: client onboarding basics"]
    assert entries["testing"][0].starts == datetime(2030, 5, 14, 16, 0, tzinfo=UTC)
