"""End to end: strict builds of the real site against a feed server on 127.0.0.1, and offline."""
from __future__ import annotations

import json
from pathlib import Path

from rebound.devtools.feeds_server import Route, fixture, serve
from rebound.devtools.project import copy_project, run_build

SOURCES = """\
niches:
  - slug: test-niche
    title: Test niche
    description: A niche served from 127.0.0.1.
    sources:
      - name: Local Skills
        feed: {good}
        site: https://skills.example/
        kind: webinar
      - name: Local Broken
        feed: {broken}
        site: https://broken.example/
        kind: article
"""


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_build_against_local_server_then_offline_keeps_last_good_entries(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    sources = tmp_path / "sources.yml"
    env = {"REBOUND_SOURCES": str(sources), "REBOUND_CACHE_DIR": str(cache), "REBOUND_OFFLINE": "0",
           "REBOUND_FETCH_TIMEOUT": "1", "REBOUND_FEEDS_BUDGET": "3", "REBOUND_FEEDS_TTL": "0"}
    routes = {"/good": Route(fixture("rss20_basic.xml")), "/broken": Route(fixture("http_500.html"), status=500, content_type="text/html")}
    with serve(routes) as server:
        sources.write_text(SOURCES.format(good=server.url("/good"), broken=server.url("/broken")), encoding="utf-8")
        first = run_build(project, tmp_path / "site1", **env)
        assert server.hits("/good") == 1
    assert first.returncode == 0, first.stderr
    assert "feeds: test-niche/Local Broken: HTTP 500 Internal Server Error (no earlier copy)" in first.stderr
    html = page(tmp_path / "site1", "niches/test-niche")
    assert "Live: writing proposals that win" in html and "Course: client onboarding basics" in html
    assert "failing: HTTP 500 Internal Server Error" in html

    # The server is gone: the build still passes --strict and shows the last good copy.
    second = run_build(project, tmp_path / "site2", **env)
    assert second.returncode == 0, second.stderr
    assert "feeds: test-niche/Local Skills: connection refused (kept last good copy from" in second.stderr
    html = page(tmp_path / "site2", "niches/test-niche")
    assert "Live: writing proposals that win" in html and "Course: client onboarding basics" in html
    assert "stale since" in html and "connection refused" in html
    health = page(tmp_path / "site2", "niches/health")
    assert "Local Skills" in health and "Local Broken" in health


def test_offline_build_with_an_empty_cache_lists_sources(built_site: Path) -> None:
    for slug in ("social-media-marketing", "graphic-design", "writing-and-copywriting",
                 "web-development", "virtual-assistance", "video-and-photo"):
        html = page(built_site, f"niches/{slug}")
        assert html.count("haven&#x27;t fetched") + html.count("haven't fetched") == 1  # one friendly sentence
        assert "not fetched yet" not in html and "Upcoming events" not in html
        assert html.count('rel="nofollow noopener noreferrer">feed</a>)') >= 3  # and the sources to visit
        assert f'href="{slug}/"' in page(built_site, "niches")  # listed on the index
    assert "Feed health" in page(built_site, "niches/health")


def test_niche_pages_are_in_the_navigation(built_site: Path) -> None:
    html = page(built_site, "niches/web-development")
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index("<article")]
    for target in ("../", "../social-media-marketing/", "../video-and-photo/"):
        assert f'href="{target}"' in nav
    assert 'href="../health/"' not in nav  # for curators: linked from the Contribute page
    practise = page(built_site, "strategies/practise-your-skill")
    assert 'href="../../niches/"' in practise[practise.index("<article") :]  # the one-sentence link


def test_a_bad_sources_file_fails_the_build_with_path_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    bad = tmp_path / "bad.yml"
    bad.write_text(SOURCES.format(good="https://ok.example/feed", broken="ftp://nope.example/feed"), encoding="utf-8")
    result = run_build(project, tmp_path / "site", REBOUND_SOURCES=str(bad), REBOUND_CACHE_DIR=str(tmp_path / "c"))
    assert result.returncode != 0
    assert f"{bad}:11: 'feed' must be a full web address starting with https:// (or http://) (found 'ftp://nope.example/feed')" in result.stderr


def test_a_handwritten_niche_page_gets_the_feed_block_at_its_marker(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "content" / "niches" / "graphic-design.md").write_text(
        "# Graphic design\n\nOur own introduction.\n\n<!-- rebound:feeds -->\n\n## After the feeds\n\nClosing words.\n",
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site", REBOUND_CACHE_DIR=str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    html = page(tmp_path / "site", "niches/graphic-design")
    html = html[html.index("<article") :]
    assert html.index("Our own introduction.") < html.index("haven") < html.index("Closing words.")


def test_event_dates_out_of_range_do_not_break_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    sources = tmp_path / "sources.yml"
    env = {"REBOUND_SOURCES": str(sources), "REBOUND_CACHE_DIR": str(tmp_path / "cache"), "REBOUND_OFFLINE": "0",
           "REBOUND_FETCH_TIMEOUT": "1", "REBOUND_FEEDS_BUDGET": "3", "REBOUND_FEEDS_TTL": "0"}
    routes = {"/far": Route(fixture("event_dates_out_of_range.xml")), "/good": Route(fixture("rss20_basic.xml"))}
    with serve(routes) as server:
        sources.write_text(SOURCES.format(good=server.url("/good"), broken=server.url("/far")), encoding="utf-8")
        result = run_build(project, tmp_path / "site", **env)
    assert result.returncode == 0, result.stderr
    assert "Local Broken" not in result.stderr  # the source parsed: no problem logged for it
    html = page(tmp_path / "site", "niches/test-niche")
    assert "Webinar at the end of time" in html and "Webinar before the beginning of time" in html
    assert "Webinar on a normal day" in html

    # A cache written before dates were checked still holds year 9999: it is read as "date unknown".
    (cached,) = [p for p in (tmp_path / "cache").glob("test-niche--*.json") if "end-of-time" in p.read_text(encoding="utf-8")]
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["entries"][0]["starts"] = "9999-12-31T23:30:00+00:00"
    cached.write_text(json.dumps(data), encoding="utf-8")
    again = run_build(project, tmp_path / "site2", **{**env, "REBOUND_OFFLINE": "1"})
    assert again.returncode == 0, again.stderr
    assert "Webinar at the end of time" in page(tmp_path / "site2", "niches/test-niche")
