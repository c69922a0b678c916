"""Where everything lives on the site, and how one thing links to another: the one URL rule.

Every address the package writes comes from here: where MkDocs serves a page (`page_url`, the
rule MkDocs applies to a page's source path), a site-relative path as a link from a page
(`from_page`), a Markdown link between two pages' sources (`link_to_source`), absolute addresses inside subscription files (`absolute`), the
path of each subscription file (`output_path`, `event_path`), and the pages the feed feature
writes or fills (`added_pages`). `make check`'s link checker and the feed plan both use it, so
a link `make check` accepts is one the build writes.

Pure: no I/O, string work only.
"""
from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
from typing import Protocol
from urllib.parse import quote, urlsplit, urlunsplit

# Outputs sit at the site's root, not in a feeds/ folder: Material's JavaScript fetches
# ``sitemap.xml`` next to every ``<link rel="alternate">`` target on every page load (it takes
# them for language versions; the same code is reported as zensical/zensical#908). Next to a
# root-level feed that is the site's own sitemap, which Material fetches anyway; inside feeds/ it
# would be a 404 per link per page view.
FEEDS_DIR = ""
ALL = "all"                          # the files of every niche together: all.rss.xml, all.ics…
UPDATES = "updates"                  # new and updated strategies and worksheets: updates.rss.xml…
OPML_PATH = "sources.opml"
STYLESHEET = "assets/feed.xsl"       # content/assets/feed.xsl, a static file of the site

# Pages the feed feature writes (when no handwritten one exists) or fills at a marker, by source
# path under content/.
HOME_PAGE = "index.md"
SUBSCRIBE_PAGE = "subscribe.md"
NICHES_INDEX = "niches/index.md"
HEALTH_PAGE = "niches/health.md"
EVENTS_PAGE = "events.md"


class _Format(Protocol):
    suffix: str


# --- Pages ----------------------------------------------------------------------------------------


def niche_page(slug: str) -> str:
    """The source path of a niche's page under content/."""
    return f"niches/{slug}.md"


def added_pages(slugs: Iterable[str], existing: Collection[str]) -> list[str]:
    """The pages a build generates: each niche's without a handwritten page, the feed-health page
    and the events page."""
    wanted = [niche_page(slug) for slug in slugs] + [HEALTH_PAGE, EVENTS_PAGE]
    return [uri for uri in wanted if uri not in existing]


def page_url(src_uri: str, *, directory_urls: bool = True) -> str:
    """Where MkDocs serves the page ``src_uri`` (its ``File.url``): ``a/b.md`` is ``a/b/`` or ``a/b.html``."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


# --- Subscription files ---------------------------------------------------------------------------


def output_path(name: str, fmt: _Format) -> str:
    """Site-relative path of ``name``'s file (a niche slug, all, updates) in format ``fmt`` (an `OutputFormat`)."""
    return posixpath.join(FEEDS_DIR, f"{name}{fmt.suffix}")


def event_path(uid: str) -> str:
    """Site-relative path of the one-event calendar of the entry whose ``uid`` this is."""
    return posixpath.join(FEEDS_DIR, "events", f"{uid}.ics")


# --- Links ----------------------------------------------------------------------------------------


def from_page(path: str, page_url: str) -> str:
    """Site-relative ``path`` as a link from the page at ``page_url`` (a MkDocs ``File.url``: ``./``, ``a/b/``, ``a/b.html``)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(path, posixpath.normpath(folder) if folder else ".")


def link_to_source(target: str, source: str) -> str:
    """A Markdown link from the page whose source is ``source`` to the page whose source is ``target``
    (both paths under the docs folder, ``a/b.md``): every generator checks and rewrites these."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def absolute(site_url: str, path: str) -> str:
    """``path`` (site-relative) as an absolute address under ``site_url``."""
    return site_url.rstrip("/") + "/" + path


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) address: calendar apps subscribe instead of downloading."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def google_subscribe(url: str) -> str:
    """Google Calendar's "add calendar by URL" link for the calendar at ``url``."""
    return "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe=":/")
