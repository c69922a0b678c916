"""The installable, offline site: which built files a reader keeps, the build's hash, the service worker.

After a build, ``write_service_worker`` lists every file a reader may need offline (pages,
scripts, styles, images, the search index), hashes their contents into a build id, and writes
``sw.js`` from ``offline_files/sw.js`` with both filled in. A new build with any changed file is a
new worker with a new cache, so a page and its scripts always come from one build.

Feed and calendar files (every registered output format: RSS, Atom, JSON Feed, .ics), the OPML
list, the sitemap and source maps are never listed: a feed reader must always get them fresh,
and the service worker leaves unlisted files to the network, uncached.
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

from .outputs import OUTPUT_FORMATS
from .urls import FEEDS_DIR, from_page

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
FILES = Path(__file__).with_name("offline_files")
TEMPLATE = FILES / "sw.js"
# Inlined in every page: a file of its own was one more request on every page view.
REGISTER = FILES / "register.js"
NEVER_OFFLINE_SUFFIXES = (".opml", ".ics", ".map", ".gz")
NEVER_OFFLINE = {WORKER, "sitemap.xml"}
# Search's stemmers for languages other than English (about 1 MB): the site is in English, so
# search never asks for them.
NEVER_OFFLINE_FOLDERS = ("assets/javascripts/lunr/",)


def is_offline_file(path: str) -> bool:
    """Whether a built file (site-relative, forward slashes) is kept for reading offline."""
    if path in NEVER_OFFLINE or path.endswith(NEVER_OFFLINE_SUFFIXES) or path.startswith((".", *NEVER_OFFLINE_FOLDERS)):
        return False
    folder = posixpath.dirname(path)
    feeds = {FEEDS_DIR, posixpath.join(FEEDS_DIR, "events")}
    return not any(path.endswith(fmt.suffix) and folder in feeds for fmt in OUTPUT_FORMATS)


def list_offline_files(site_dir: Path) -> list[str]:
    """Every built file kept offline, site-relative, sorted."""
    found = (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    return sorted(path for path in found if is_offline_file(path))


def build_hash(site_dir: Path, files: Iterable[str]) -> str:
    """A short id of this build: changes whenever any listed file's name or content does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.encode() + b"\0" + (site_dir / path).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def render_service_worker(build: str, files: list[str]) -> str:
    """``sw.js`` for one build. Listed "a/index.html" pages are also reached as "a/"."""
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace('"__BUILD__"', json.dumps(build)).replace("__FILES__", json.dumps(files, separators=(",", ":")))


def write_service_worker(site_dir: Path) -> str:
    """Write ``sw.js`` into a finished build; return the build id."""
    files = list_offline_files(site_dir)
    build = build_hash(site_dir, files)
    (site_dir / WORKER).write_text(render_service_worker(build, files), encoding="utf-8")
    return build


def render_head_tags(page_url: str, register: str) -> str:
    """The manifest link and the inline script that registers the worker, relative to the page at ``page_url``.

    ``register`` is the script's text (``load_register_script``), read once per build.
    """
    manifest = escape(from_page(MANIFEST, page_url))
    worker = escape(from_page(WORKER, page_url))
    icon = escape(from_page("assets/icons/icon-180.png", page_url))
    return (f'<link rel="manifest" href="{manifest}"><link rel="apple-touch-icon" href="{icon}">'
            f'<script data-sw="{worker}">{register}</script>')


@functools.cache   # a file of the package, read once per process
def load_register_script() -> str:
    """The registration script, without its comments (they're for readers of the source)."""
    text = REGISTER.read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S).strip()
