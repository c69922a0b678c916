"""The curated sources file: a broken or odd file gets a `path:line` message, never a crash.

`load_sources` is what the build calls (it stops at the first problem), `check_sources` what
`make check` calls (every problem, plus public addresses only). Both read real files.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from rebound.checks.sources import check_sources
from rebound.sources import DEFAULT_SOURCES, SourcesError, find_sources_path, load_sources, normalize_url, read_sources

SOURCE = """\
      - name: Example Academy
        feed: {feed}
        site: https://example.org/
        kind: webinar
"""
NICHE = """\
  - slug: {slug}
    title: Design
    description: Talks for designers.
    sources:
"""


def _file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sources.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _one_niche(feed: str = "https://example.org/feed/", slug: str = "design") -> str:
    return "niches:\n" + NICHE.format(slug=slug) + SOURCE.format(feed=feed)


def test_a_good_file_loads_into_niches_and_sources(tmp_path: Path) -> None:
    [niche] = load_sources(_file(tmp_path, _one_niche()))
    assert (niche.slug, niche.title, [s.feed for s in niche.sources]) == ("design", "Design", ["https://example.org/feed/"])


def test_a_missing_sources_file_is_named_at_line_1(tmp_path: Path) -> None:
    with pytest.raises(SourcesError) as raised:
        load_sources(tmp_path / "nowhere.yml")
    assert str(raised.value).startswith(f"{tmp_path / 'nowhere.yml'}:1: cannot read the sources file:")


def test_a_sources_file_that_is_not_utf8_is_refused_by_the_build_and_located_by_the_check(tmp_path: Path) -> None:
    path = _file(tmp_path, _one_niche().replace("Talks for designers.", "Caf\xe9 talks.").encode("latin-1"))
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert raised.value.line == 1 and "cannot read the sources file" in raised.value.message
    _, problems = check_sources(path, "data/sources.yml")
    assert [p.format() for p in problems] == [
        "data/sources.yml:4: the file is not UTF-8 text"
        "\n    hint: open it in your editor and save it again with the UTF-8 encoding"]


def test_an_empty_sources_file_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(SourcesError) as raised:
        load_sources(_file(tmp_path, "# nothing yet\n"))
    assert (raised.value.line, raised.value.message) == (1, "the sources file is empty")


def test_the_build_names_the_first_problem_by_line(tmp_path: Path) -> None:
    text = _one_niche(slug="Design Talks").replace("kind: webinar", "kind: seminar")
    with pytest.raises(SourcesError) as raised:
        load_sources(_file(tmp_path, text))
    assert raised.value.line == 2 and raised.value.message.startswith("'slug' must be lower-case words")


def test_odd_entries_are_reported_by_the_schema_without_crashing_the_extra_rules(tmp_path: Path) -> None:
    text = ("niches:\n  - just a line\n"
            "  - slug: 42\n    title: Design\n    description: Talks.\n    sources:\n"
            "      - just a line\n"
            "      - name: Example\n        feed: 17\n        site: https://example.org/\n        kind: webinar\n")
    _, problems = read_sources(text, shown="data/sources.yml")
    lines = sorted((p.line, p.message.split(",")[0]) for p in problems)
    assert (2, "the whole block must be a group of `key: value` lines") not in lines  # named by its place
    assert any(line == 2 and "item 1 of 'niches'" in message for line, message in lines)
    assert any(line == 3 and "'slug' must be text" in message for line, message in lines)
    assert any(line == 7 and "item 1 of 'sources'" in message for line, message in lines)
    assert any(line == 9 and "'feed' must be text" in message for line, message in lines)
    _, checked = check_sources(_file(tmp_path, text), "data/sources.yml")
    assert sorted(checked) == sorted(problems)  # the public-address rule skips what is not text


def test_a_feed_listed_twice_in_two_spellings_is_caught_and_names_the_first(tmp_path: Path) -> None:
    text = ("niches:\n" + NICHE.format(slug="design") + SOURCE.format(feed="https://Example.org:443/feed/")
            + NICHE.format(slug="writing") + SOURCE.format(feed="https://example.org/feed#latest"))
    _, problems = read_sources(text, shown="data/sources.yml")
    assert [p.format().split("\n")[0] for p in problems] == [
        "data/sources.yml:15: feed https://example.org/feed#latest is already listed on line 7 (niche 'design')"]


def test_a_feed_with_a_port_that_is_not_a_number_is_not_compared_but_is_refused_by_the_check(tmp_path: Path) -> None:
    bad = "https://example.org:http/feed/"
    text = ("niches:\n" + NICHE.format(slug="design") + SOURCE.format(feed=bad)
            + NICHE.format(slug="writing") + SOURCE.format(feed=bad))
    _, problems = read_sources(text, shown="data/sources.yml")
    assert not any("already listed" in p.message for p in problems)
    _, checked = check_sources(_file(tmp_path, text), "data/sources.yml")
    assert [(p.line, p.message) for p in checked if "valid web address" in p.message] == [
        (7, f"'feed' is not a valid web address: {bad}"), (15, f"'feed' is not a valid web address: {bad}")]
    with pytest.raises(ValueError):
        normalize_url(bad)


@pytest.mark.parametrize("host", ["[::ffff:127.0.0.1]", "[::ffff:10.1.2.3]", "0x7f.1", "017700000001", "10.1"])
def test_loopback_and_private_hosts_in_disguise_are_refused(tmp_path: Path, host: str) -> None:
    _, problems = check_sources(_file(tmp_path, _one_niche(feed=f"https://{host}/feed/")), "data/sources.yml")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(7, "'feed' points to a private or local address")]


@pytest.mark.parametrize("host", ["300.1.1.1", "1.2.3.256", "1.2.3.4.5", "8.8.8.8", "1.1", "feeds.example.org"])
def test_public_or_impossible_numbers_are_not_taken_for_private_hosts(tmp_path: Path, host: str) -> None:
    _, problems = check_sources(_file(tmp_path, _one_niche(feed=f"https://{host}/feed/")), "data/sources.yml")
    assert problems == []


def test_the_sources_file_is_in_data_unless_the_environment_names_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REBOUND_SOURCES", raising=False)
    assert find_sources_path(tmp_path) == tmp_path / DEFAULT_SOURCES
    monkeypatch.setenv("REBOUND_SOURCES", str(tmp_path / "local-feeds.yml"))
    assert find_sources_path(tmp_path) == tmp_path / "local-feeds.yml"


def test_a_tab_indented_file_is_not_yaml_and_the_hint_says_spaces(tmp_path: Path) -> None:
    _, problems = read_sources("niches:\n\t- slug: design\n", shown="data/sources.yml")
    [problem] = problems
    assert problem.path == "data/sources.yml" and problem.line == 2
    assert problem.message.startswith("not valid YAML")
    assert "spaces, not tabs" in problem.hint


def test_a_slug_used_twice_names_the_first_line(tmp_path: Path) -> None:
    text = ("niches:\n" + NICHE.format(slug="design") + SOURCE.format(feed="https://example.org/feed/")
            + NICHE.format(slug="design") + SOURCE.format(feed="https://other.example/feed/"))
    _, problems = read_sources(text, shown="data/sources.yml")
    assert [p.format().split("\n")[0] for p in problems] == [
        "data/sources.yml:10: niche slug 'design' is already used on line 2"]


@pytest.mark.parametrize(("feed", "said"), [
    ("https://reader:secret@example.org/feed/", "'feed' must not contain a user name or password"),
    ("https://printer.local/feed/", "'feed' points to a private or local address: printer.local"),
    ("https://localhost/feed/", "'feed' points to a private or local address: localhost"),
])
def test_the_check_refuses_addresses_that_are_not_public(tmp_path: Path, feed: str, said: str) -> None:
    _, problems = check_sources(_file(tmp_path, _one_niche(feed=feed)), "data/sources.yml")
    assert [(p.line, p.message) for p in problems] == [(7, said)]


def test_a_feed_that_is_not_on_the_web_is_left_to_the_schema_message(tmp_path: Path) -> None:
    _, problems = check_sources(_file(tmp_path, _one_niche(feed="ftp://example.org/feed/")), "data/sources.yml")
    assert [(p.line, p.message.split(" (found")[0]) for p in problems] == [
        (7, "'feed' must be a full web address starting with https:// (or http://)")]
