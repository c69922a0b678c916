"""A damaged cache file is reported once and ignored as a whole; the build starts again from empty.

Each case writes a real record with `write_record`, damages the file on disk the way a killed
build, a hand edit or another tool might, and reads it back with `read_record`. The contributed
events' expansion memo (`read_expansion`) is only a time saver: when it is damaged it reads as
"not remembered" and the events are expanded again.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rebound.cache import (
    CONTRIBUTED_MEMO,
    DEFAULT_CACHE_DIR,
    find_cache_dir,
    read_expansion,
    read_record,
    record_path,
    write_expansion,
    write_record,
)
from rebound.model import Entry, Record, Source

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SRC = Source("design", "Example Academy", "https://example.org/feed/", "https://example.org/", "webinar")
OTHER = Source("writing", "Other Academy", "https://other.example/feed/", "https://other.example/", "course")
ENTRY = Entry(id="https://example.org/talks/1", title="Pricing talk", link="https://example.org/talks/1",
              summary="<p>Bring questions.</p>", source=SRC.name, niche=SRC.niche, kind=SRC.kind,
              published=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tags=("pricing",))


def _write_good_record(cache_dir: Path) -> Path:
    write_record(cache_dir, SRC, Record(SRC.niche, SRC.feed).with_success(NOW, (ENTRY,), '"v1"', None))
    return record_path(cache_dir, SRC)


def _damage(path: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data)), encoding="utf-8")


def test_the_cache_folder_is_under_the_project_unless_the_environment_names_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REBOUND_CACHE_DIR", raising=False)
    assert find_cache_dir(tmp_path) == tmp_path / DEFAULT_CACHE_DIR
    monkeypatch.setenv("REBOUND_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert find_cache_dir(tmp_path) == tmp_path / "elsewhere"


def test_a_good_record_reads_back_without_a_problem(tmp_path: Path) -> None:
    _write_good_record(tmp_path)
    record, problem = read_record(tmp_path, SRC)
    assert problem is None
    assert record.entries == (ENTRY,)
    assert record.etag == '"v1"'


def test_a_source_never_fetched_has_an_empty_record_and_no_problem(tmp_path: Path) -> None:
    assert read_record(tmp_path, SRC) == (Record(SRC.niche, SRC.feed), None)


def test_an_entry_without_a_link_reads_back_without_one(tmp_path: Path) -> None:
    unlinked = Entry(id="tag:example.org,2026:1", title="Open office hours", link=None, summary="", source=SRC.name,
                     niche=SRC.niche, kind=SRC.kind)
    write_record(tmp_path, SRC, Record(SRC.niche, SRC.feed).with_success(NOW, (unlinked,), None, None))
    record, problem = read_record(tmp_path, SRC)
    assert problem is None
    assert record.entries == (unlinked,)


def test_a_cache_file_that_is_not_utf8_is_unreadable_and_ignored(tmp_path: Path) -> None:
    path = _write_good_record(tmp_path)
    path.write_bytes(b'{"version": 1, "title": "\xff\xfe"}')
    record, problem = read_record(tmp_path, SRC)
    assert record == Record(SRC.niche, SRC.feed)
    assert problem is not None
    assert problem.startswith(f"cache file {path} unreadable (") and problem.endswith("); ignored")


def test_a_folder_where_the_cache_file_should_be_is_unreadable_and_ignored(tmp_path: Path) -> None:
    record_path(tmp_path, SRC).mkdir(parents=True)
    record, problem = read_record(tmp_path, SRC)
    assert record == Record(SRC.niche, SRC.feed)
    assert problem is not None and "unreadable" in problem and "Is a directory" in problem


def test_a_cache_file_of_an_older_layout_is_started_again_without_a_warning(tmp_path: Path) -> None:
    path = _write_good_record(tmp_path)
    _damage(path, lambda data: {**data, "version": 0})
    assert read_record(tmp_path, SRC) == (Record(SRC.niche, SRC.feed), None)


@pytest.mark.parametrize(("change", "said"), [
    (lambda data: data["entries"][:1] and "{not json", "JSONDecodeError"),
    (lambda data: [data], "AttributeError"),
    (lambda data: {**data, "feed": OTHER.feed}, "belongs to another source"),
    (lambda data: {**data, "checked_at": "2026-12-06T12:00:00"}, "naive timestamp '2026-12-06T12:00:00'"),
    (lambda data: {**data, "checked_at": 1765022400}, "expected a timestamp, found int 1765022400"),
    (lambda data: {**data, "failing": "no"}, "expected 'failing' (true or false), found str 'no'"),
    (lambda data: {**data, "etag": 7}, "expected 'etag' (text or null), found int 7"),
    (lambda data: {**data, "entries": {"0": {}}}, "expected 'entries' (a list), found dict"),
    (lambda data: {**data, "entries": ["Pricing talk"]}, "an entry must be an object, found str"),
    (lambda data: {**data, "entries": [{**data["entries"][0], "tags": "pricing"}]}, "entry field 'tags' must be a list of text"),
    (lambda data: {**data, "entries": [{**data["entries"][0], "title": None}]}, "entry field 'title' must be text, found NoneType"),
    (lambda data: {**data, "entries": [{**data["entries"][0], "online": "yes"}]}, "entry field 'online' (true or false)"),
    (lambda data: {**data, "entries": [{**data["entries"][0], "published": "last Tuesday"}]}, "Invalid isoformat string"),
    (lambda data: {**data, "entries": [{k: v for k, v in data["entries"][0].items() if k != "id"}]}, "KeyError"),
], ids=["torn", "not-an-object", "other-source", "naive-time", "number-time", "failing-text", "etag-number",
        "entries-object", "entry-text", "tags-text", "title-null", "online-text", "date-words", "no-id"])
def test_a_damaged_cache_file_is_reported_once_and_ignored_as_a_whole(
        tmp_path: Path, change: Callable[[dict[str, Any]], Any], said: str) -> None:
    path = _write_good_record(tmp_path)
    if said == "JSONDecodeError":
        path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")  # a build killed mid-write
    else:
        _damage(path, change)
    record, problem = read_record(tmp_path, SRC)
    assert record == Record(SRC.niche, SRC.feed)
    assert problem is not None
    assert problem.startswith(f"cache file {path} is corrupt (") and problem.endswith("; ignored")
    assert said in problem


def test_a_remembered_expansion_reads_back_under_its_key_for_the_sources_still_asked_for(tmp_path: Path) -> None:
    other_entry = Entry(id="urn:x", title="Other", link=None, summary="", source=OTHER.name, niche=OTHER.niche,
                        kind=OTHER.kind, starts=datetime(2026, 12, 20, 17, tzinfo=UTC))
    write_expansion(tmp_path, "2026-12-06:abc", {"urn:a": (ENTRY,), "urn:gone": (other_entry,)})
    assert read_expansion(tmp_path, "2026-12-06:abc", {"urn:a": SRC}) == {"urn:a": (ENTRY,)}
    assert read_expansion(tmp_path, "2026-12-07:abc", {"urn:a": SRC}) is None  # another day: expand again


@pytest.mark.parametrize("damage", [
    lambda path: path.unlink(),
    lambda path: path.write_text(path.read_text(encoding="utf-8")[:30], encoding="utf-8"),
    lambda path: path.write_bytes(b"\xff\xfe\x00"),
    lambda path: path.write_text(json.dumps(["not", "an", "object"]), encoding="utf-8"),
    lambda path: path.write_text(json.dumps({"version": 99, "key": "k", "events": {}}), encoding="utf-8"),
    lambda path: path.write_text(json.dumps({"version": 1, "key": "k"}), encoding="utf-8"),
    lambda path: path.write_text(json.dumps({"version": 1, "key": "k", "events": {"urn:a": [{"id": 3}]}}), encoding="utf-8"),
    lambda path: path.write_text(json.dumps({"version": 1, "key": "k", "events": {"urn:a": 5}}), encoding="utf-8"),
], ids=["missing", "torn", "not-utf8", "a-list", "other-version", "no-events", "bad-entry", "events-number"])
def test_a_damaged_expansion_memo_reads_as_not_remembered(tmp_path: Path, damage: Callable[[Path], Any]) -> None:
    write_expansion(tmp_path, "k", {"urn:a": (ENTRY,)})
    damage(tmp_path / CONTRIBUTED_MEMO)
    assert read_expansion(tmp_path, "k", {"urn:a": SRC}) is None
