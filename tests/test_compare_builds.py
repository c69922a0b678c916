"""scripts/compare_builds.py's parts: the tree comparison and the feeds it serves (the builds are the bench's)."""
from __future__ import annotations

from pathlib import Path

from rebound.devtools.project import import_script

compare = import_script("compare_builds")


def test_a_changed_missing_or_extra_file_is_reported_by_path(tmp_path: Path) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    for root in (left, right):
        (root / "a" / "b").mkdir(parents=True)
        (root / "same.txt").write_bytes(b"x")
        (root / "a" / "b" / "page.html").write_bytes(b"<p>one</p>")
    assert compare.differing_files(left, right) == []
    (right / "a" / "b" / "page.html").write_bytes(b"<p>One</p>")
    (left / "a" / "only-left.xml").write_bytes(b"")
    (right / "extra").mkdir()
    assert compare.differing_files(left, right) == ["a/b/page.html", "a/only-left.xml", "extra"]


def test_every_source_gets_a_feed_and_the_last_two_fail() -> None:
    routes = compare.fixture_routes(23)
    assert len(routes) == 23
    assert [r.status for r in routes[-2:]] == [200, 500] and routes[-2].content_type == "text/html"
    assert all(r.body.lstrip().startswith(b"<") and r.status == 200 for r in routes[:-2])
