"""The feed cache: atomic writes, corrupt files ignored with a message, round trips exact."""
from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rebound.cache import _record_to_json, read_record, record_path, write_record
from rebound.collect import collect
from rebound.settings import Settings
from rebound.devtools.feeds_server import fixture
from rebound.devtools.project import copy_project, run_build
from rebound.formats.feed import parse_feed
from rebound.model import Niche, Record, Source
from rebound.views import build_niche_view

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


def cached_json() -> dict:
    return json.loads(json.dumps(_record_to_json(cached_record())))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"last_error": 5}, "'last_error' (text or null), found int"),
        ({"failing": "false"}, "'failing' (true or false), found str"),
        ({"etag": ["x"]}, "'etag' (text or null), found list"),
        ({"checked_at": 1741262400}, "a timestamp, found int"),
        ({"entries": {"id": "x"}}, "'entries' (a list), found dict"),
        ({"entries": ["not an object"]}, "an entry must be an object"),
        ({"entry": {"link": 5}}, "entry field 'link' must be text, found int"),
        ({"entry": {"title": None}}, "entry field 'title' must be text, found NoneType"),
        ({"entry": {"summary": {"html": "x"}}}, "entry field 'summary' must be text, found dict"),
        ({"entry": {"tags": "webinar"}}, "'tags' must be a list of text"),
        ({"entry": {"starts": "0001-01-01T00:00:00+05:00"}}, "OverflowError"),
    ],
)
def test_a_cache_file_with_wrong_types_is_ignored_with_a_message(tmp_path: Path, change: dict, complaint: str) -> None:
    data = cached_json()
    if "entry" in change:
        data["entries"][0].update(change["entry"])
    else:
        data.update(change)
    record_path(tmp_path, SRC).write_text(json.dumps(data), encoding="utf-8")
    record, problem = read_record(tmp_path, SRC)
    assert record == Record(SRC.niche, SRC.feed)
    assert problem is not None and "is corrupt" in problem and complaint in problem and problem.endswith("ignored")


def test_cached_summaries_and_links_are_cleaned_again_before_a_page_shows_them(tmp_path: Path) -> None:
    data = cached_json()
    data["entries"][0]["summary"] = '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    data["entries"][0]["link"] = "javascript:alert(3)"
    record_path(tmp_path, SRC).write_text(json.dumps(data), encoding="utf-8")
    record, problem = read_record(tmp_path, SRC)
    assert problem is None
    view = build_niche_view(Niche("testing", "Testing", "Test.", (SRC,)), {SRC: record})
    shown = {e.id: e for e in (*view.upcoming, *view.latest)}[data["entries"][0]["id"]]
    assert shown.summary == "<p>Hi</p>" and shown.link is None


BUILD_SOURCES = """\
niches:
  - slug: test-niche
    title: Test niche
    description: A niche read from a tampered cache.
    sources:
      - name: Tampered
        feed: https://tampered.example/feed
        site: https://tampered.example/
        kind: webinar
      - name: Wrong types
        feed: https://wrong-types.example/feed
        site: https://wrong-types.example/
        kind: article
"""


def test_a_build_from_a_tampered_cache_passes_and_never_shows_its_script(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    sources, cache = tmp_path / "sources.yml", tmp_path / "cache"
    sources.write_text(BUILD_SOURCES, encoding="utf-8")
    cache.mkdir()
    tampered = Source("test-niche", "Tampered", "https://tampered.example/feed", "https://tampered.example/", "webinar")
    wrong = Source("test-niche", "Wrong types", "https://wrong-types.example/feed", "https://wrong-types.example/", "article")
    for src in (tampered, wrong):
        data = cached_json()
        data["niche"], data["feed"] = src.niche, src.feed
        data["entries"][0]["summary"] = "<p>Tampered<script>alert(1)</script></p>"
        if src is wrong:
            data["last_error"], data["failing"] = 5, "false"
        record_path(cache, src).write_text(json.dumps(data), encoding="utf-8")
    result = run_build(project, tmp_path / "site", REBOUND_SOURCES=str(sources), REBOUND_CACHE_DIR=str(cache))
    assert result.returncode == 0, result.stderr
    assert "feeds: test-niche/Wrong types: cache file" in result.stderr and "is corrupt" in result.stderr
    html = (tmp_path / "site" / "niches" / "test-niche" / "index.html").read_text(encoding="utf-8")
    assert "Live: writing proposals that win" in html  # the tampered (but well-typed) copy is shown
    assert "<p>Tampered</p>" in html and "alert(1)" not in html


def test_a_write_that_fails_leaves_the_old_state_and_no_temporary_file(tmp_path: Path) -> None:
    from rebound.atomic import write_text_atomically

    in_the_way = tmp_path / "record.json"
    in_the_way.mkdir()   # os.replace cannot put a file where a folder is
    with pytest.raises(OSError):
        write_text_atomically(in_the_way, "{}")
    assert list(tmp_path.iterdir()) == [in_the_way] and in_the_way.is_dir()


def test_a_cache_left_in_the_old_folder_is_moved_once_and_kept(tmp_path: Path) -> None:
    from rebound.cache import DEFAULT_CACHE_DIR, OLD_CACHE_DIR, find_cache_dir

    old = tmp_path / OLD_CACHE_DIR
    old.mkdir(parents=True)
    (old / "design--abc.json").write_text('{"kept": true}', encoding="utf-8")

    assert find_cache_dir(tmp_path) == tmp_path / DEFAULT_CACHE_DIR
    assert (tmp_path / DEFAULT_CACHE_DIR / "design--abc.json").read_text(encoding="utf-8") == '{"kept": true}'
    assert not old.exists()

    # A later old folder (an older checkout's build) never replaces the cache that is in use.
    old.mkdir(parents=True)
    (old / "design--abc.json").write_text('{"older": true}', encoding="utf-8")
    find_cache_dir(tmp_path)
    assert (tmp_path / DEFAULT_CACHE_DIR / "design--abc.json").read_text(encoding="utf-8") == '{"kept": true}'
