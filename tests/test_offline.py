"""What the offline site keeps, and the service worker each build writes (rebound.offline)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rebound.offline import build_hash, is_offline_file, list_offline_files, load_register_script, render_head_tags


@pytest.mark.parametrize(
    "path",
    ["index.html", "worksheets/thought-record/index.html", "assets/worksheets/main.js", "assets/worksheets/tracker.js",
     "assets/rebound.css", "assets/icons/icon-192.png", "search/search_index.json", "manifest.webmanifest", "404.html"],
)
def test_pages_scripts_styles_and_search_are_kept_offline(path: str) -> None:
    assert is_offline_file(path)


@pytest.mark.parametrize(
    "path",
    ["all.rss.xml", "updates.atom.xml", "web-development.json", "translation.ics", "events/abc123.ics", "sources.opml",
     "sw.js", "sitemap.xml", "sitemap.xml.gz", "assets/javascripts/bundle.js.map"],
)
def test_feeds_calendars_and_the_worker_itself_never_are(path: str) -> None:
    assert not is_offline_file(path)


def test_the_built_worker_lists_this_builds_files_and_its_hash(built_site: Path) -> None:
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", worker).group(1))
    assert files == list_offline_files(built_site)
    assert f'const BUILD = "{build_hash(built_site, files)}";' in worker
    assert "worksheets/thought-record/index.html" in files and "all.rss.xml" not in files


def test_the_hash_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("one")
    first = build_hash(tmp_path, ["a.html"])
    (tmp_path / "a.html").write_text("two")
    assert build_hash(tmp_path, ["a.html"]) != first


def test_every_page_links_the_manifest_and_the_worker_relative_to_itself(built_site: Path) -> None:
    tags = render_head_tags("worksheets/thought-record/", load_register_script())
    assert tags.count('href="../../manifest.webmanifest"') == 1 and '<script data-sw="../../sw.js">' in tags
    assert "serviceWorker" in tags and "/*" not in tags   # inlined, without the source's comments
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]   # 404: a theme template, not a page
    assert len(pages) > 30
    for page in pages:
        assert page.read_text(encoding="utf-8").count('rel="manifest"') == 1, page


def test_the_live_preview_registers_no_worker(tmp_path: Path) -> None:
    """`mkdocs serve` (even with --clean, when MkDocs tells hooks the command is "build") writes no
    sw.js and links no manifest: a worker caching a live preview would hide each rebuild."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from rebound.devtools.project import build_env, copy_project

    project = copy_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--clean", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(600):   # a bound far above a build (about 2 s), not a timing claim
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/rebound/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read() if server.stderr else "mkdocs serve stopped"
                time.sleep(0.2)
        assert page is not None and "Rebound" in page
        assert "manifest.webmanifest" not in page and "serviceWorker" not in page
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/rebound/sw.js", timeout=5)
        assert missing.value.code == 404
        missing.value.close()
    finally:
        server.terminate()
        server.communicate(timeout=30)
