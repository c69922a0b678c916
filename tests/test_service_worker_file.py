"""The service worker written into a finished build: this build's files and id, valid JavaScript."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rebound.offline import WORKER, build_hash, write_service_worker

SITE = {
    "index.html": "<h1>Home</h1>",
    "worksheets/plan/index.html": "<h1>Plan</h1>",
    "assets/stylesheets/site.css": "body{}",
    "search/search_index.json": "{}",
    "all.rss.xml": "<rss/>",
    "events/all.ics": "BEGIN:VCALENDAR",
    "feeds.opml": "<opml/>",
    "sitemap.xml": "<urlset/>",
    "assets/javascripts/lunr/min/lunr.de.min.js": "//",
    ".hidden/notes.txt": "x",
}


def _site(root: Path) -> Path:
    for name, text in SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _constants(worker: str) -> tuple[str, list[str]]:
    build = re.search(r'^const BUILD = ("[^"\n]*");$', worker, re.M)
    files = re.search(r"^const FILES = (\[.*\]);$", worker, re.M)
    assert build and files, "the template's placeholders were not filled in"
    return json.loads(build.group(1)), json.loads(files.group(1))


def test_the_worker_lists_only_what_a_reader_keeps_and_names_the_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build = write_service_worker(site)
    worker = (site / WORKER).read_text(encoding="utf-8")
    assert "__BUILD__" not in worker and "__FILES__" not in worker
    named, files = _constants(worker)
    assert files == ["assets/stylesheets/site.css", "index.html", "search/search_index.json", "worksheets/plan/index.html"]
    assert named == build == build_hash(site, files)


def test_a_second_build_with_one_changed_page_is_a_new_worker(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first = write_service_worker(site)
    assert write_service_worker(site) == first  # the worker itself is never listed, so writing it changes nothing
    (site / "worksheets/plan/index.html").write_text("<h1>Plan, reworded</h1>", encoding="utf-8")
    assert write_service_worker(site) != first


def test_a_change_to_a_feed_alone_keeps_the_worker(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first = write_service_worker(site)
    (site / "all.rss.xml").write_text("<rss><channel/></rss>", encoding="utf-8")
    assert write_service_worker(site) == first


def test_the_written_worker_is_valid_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to parse the service worker (.ci/run installs it)")
    site = _site(tmp_path)
    write_service_worker(site)
    done = subprocess.run([node, "--check", str(site / WORKER)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
