"""The sources file: the curated one is complete, and every mistake is reported as path:line."""
from __future__ import annotations

from pathlib import Path

import pytest

from rebound import sources
from rebound.model import EVENT_FORMATS
from rebound.sources import SourcesError, find_sources_path, load_sources

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {"social-media-marketing", "graphic-design", "writing-and-copywriting",
            "web-development", "virtual-assistance", "video-and-photo"}
VALID = """\
niches:
  - slug: test-niche
    title: Test
    description: Test niche.
    sources:
      - name: One
        feed: https://one.example/feed
        site: https://one.example/
        kind: webinar
        keywords: [webinar]
"""


def test_curated_sources_cover_every_niche_with_three_feeds() -> None:
    niches = load_sources(ROOT / "data" / "sources.yml")
    assert REQUIRED <= {n.slug for n in niches}
    for niche in niches:
        assert len(niche.sources) >= 3, niche.slug
        assert all(s.feed.startswith("https://") for s in niche.sources)


def _is_event_source(source: sources.Source) -> bool:
    """A calendar (an .ics address or Meetup's /events/ical/) or a source read by an event API's reader."""
    return source.format in EVENT_FORMATS or source.feed.endswith((".ics", "/events/ical/"))


def test_curated_event_sources_number_at_least_fifteen() -> None:
    event_sources = [s for n in load_sources(ROOT / "data" / "sources.yml") for s in n.sources if _is_event_source(s)]
    assert len(event_sources) >= 15, [s.label for s in event_sources]


def test_sources_that_do_not_say_free_are_conferences_marked_not_free() -> None:
    """Conference lists carry no price: they are marked so, and every other source stays free."""
    curated = [s for n in load_sources(ROOT / "data" / "sources.yml") for s in n.sources]
    conference_lists = [s for s in curated if s.format in {"confs_tech", "developers_events"}]
    assert conference_lists
    assert all(s.kind == "conference" and not s.free and s.online_only for s in conference_lists)
    assert all(s.free for s in curated if s.kind != "conference")


def test_free_false_is_read_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    path.write_text(VALID.replace("        kind: webinar\n", "        kind: conference\n        free: false\n"),
                    encoding="utf-8")
    (source,) = load_sources(path)[0].sources
    assert source.kind == "conference" and source.free is False
    path.write_text(VALID, encoding="utf-8")
    assert load_sources(path)[0].sources[0].free is True


def test_rebound_sources_overrides_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REBOUND_SOURCES", raising=False)
    assert find_sources_path(ROOT) == ROOT / "data" / "sources.yml"
    monkeypatch.setenv("REBOUND_SOURCES", str(tmp_path / "other.yml"))
    assert find_sources_path(ROOT) == tmp_path / "other.yml"


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    path.write_text(VALID, encoding="utf-8")
    (niche,) = load_sources(path)
    assert niche.sources[0].keywords == ("webinar",) and niche.sources[0].niche == "test-niche"


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("feed: https://one.example/feed", "feed: javascript:alert(1)", 7,
         "'feed' must be a full web address starting with https:// (or http://) (found 'javascript:alert(1)')"),
        ("        kind: webinar\n", "        kind: seminar\n", 9, "'kind' must be one of: webinar, course, article, podcast, video, conference (found 'seminar')"),
        ("    title: Test\n", "", 2, "missing required key 'title'"),
        ("slug: test-niche", "slug: Test Niche", 2, "'slug' must be lower-case words joined by dashes (found 'Test Niche')"),
        ("keywords: [webinar]", "keywords: [webinar", 11, "not valid YAML"),
        ("        site: https://one.example/\n", "        site: https://one.example/\n        site: https://two.example/\n", 9,
         "key 'site' appears twice in this entry (first on line 8)"),
        ("        keywords: [webinar]\n", "        keywords: [webinar]\n        colour: red\n", 11,
         "unknown key 'colour'"),
    ],
)
def test_mistakes_name_the_path_and_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    path = tmp_path / "s.yml"
    assert old in VALID
    path.write_text(VALID.replace(old, new), encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_duplicate_slugs_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    path.write_text(VALID + VALID.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(SourcesError, match=r":11: niche slug 'test-niche' is already used on line 2"):
        load_sources(path)


def test_duplicates_are_reported_beside_schema_mistakes() -> None:
    from rebound.sources import read_sources

    text = VALID.replace("kind: webinar", "kind: seminar") + VALID.split("\n", 1)[1]
    _, problems = read_sources(text, shown="s.yml")
    messages = [p.message for p in problems]
    assert any("'kind' must be one of" in m for m in messages)
    assert any("niche slug 'test-niche' is already used" in m for m in messages)
