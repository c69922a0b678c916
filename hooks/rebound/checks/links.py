"""Internal links and anchors, resolved the way the built site resolves them.

Markdown links name source files (``../about.md``) and MkDocs rewrites them. MkDocs never touches
links inside raw HTML (``<a href>``, ``<img src>``): the browser resolves them against the page's
published address (``about.md`` is served at ``about/``), so they must name addresses
(``../strategies/reflect-on-the-interview/``), and these checks resolve them that way. Pages the
build generates (a niche page per slug in the sources file) count as existing files.
"""
from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..urls import page_url
from .markdown_scan import Link
from ..problem import Problem

SCRIPT_SCHEMES = ("javascript:", "vbscript:")


@dataclass(frozen=True)
class Target:
    """Where a relative link leads: a file under content/ and an optional anchor."""

    uri: str
    anchor: str


@dataclass
class LinkContext:
    files: set[str]  # every file under content/, relative, forward slashes
    generated: set[str]  # .md pages the build adds (no file, anchors unknown)
    ids_of: Callable[[str], set[str] | None]  # heading ids of a page, None when unknown


def is_script_url(url: str) -> bool:
    """True for ``javascript:`` links, however they are disguised (entities, tabs, case)."""
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    return plain.startswith(SCRIPT_SCHEMES)


def resolve(page_uri: str, url: str) -> Target | None:
    """The content file ``url`` points to from ``page_uri``; None for external links."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc:
        return None
    if not path:
        return Target(page_uri, unquote(anchor))
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), unquote(path)))
    return Target(joined, unquote(anchor))


def check_links(path: str, page_uri: str, links: list[Link], ctx: LinkContext) -> tuple[list[Problem], set[str]]:
    """Problems with ``links``, plus the set of content files they reach (for cross-link checks)."""
    problems: list[Problem] = []
    reached: set[str] = set()
    for link in links:
        url = link.target.strip()
        if is_script_url(url):
            continue  # reported by the safety checks
        if not url:
            if link.source != "reference":
                problems.append(Problem(path, link.line, "link has no target", "put the page or address in the ( ) brackets"))
            continue
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            problems.append(Problem(path, link.line, f"link points to a file on your own computer: {url}",
                                    "link to a page under content/ with a relative path, or to an https:// address"))
            continue
        if url.startswith(("/", "\\")):
            problems.append(Problem(path, link.line, f"absolute link '{url}' will break when the site moves",
                                    "use a relative link to the .md file, e.g. ../about.md"))
            continue
        if link.source == "html":
            target, problem = resolve_address(page_uri, url, ctx)
            if problem:
                problems.append(Problem(path, link.line, *problem))
                continue
        else:
            target = resolve(page_uri, url)
        if target is None:
            continue
        problems.extend(_check_target(path, page_uri, link, url, target, ctx))
        reached.add(target.uri)
    return problems, reached


def published_address(uri: str) -> str:
    """Where a content file is served, relative to the site root (directory URLs, as configured)."""
    if not uri.endswith(".md"):
        return uri
    url = page_url(uri)  # the build's own rule
    return "" if url == "./" else url


def resolve_address(page_uri: str, url: str, ctx: LinkContext) -> tuple[Target | None, tuple[str, str] | None]:
    """A raw-HTML link as the browser resolves it: (the content file it reaches, or a problem)."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc:
        return None, None
    if not path:
        return Target(page_uri, unquote(anchor)), None
    here = published_address(page_uri)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    joined = posixpath.normpath(posixpath.join(base, unquote(path)))
    if joined == "." or path.endswith("/"):
        joined = "" if joined == "." else f"{joined}/"
    if joined.startswith(".."):
        return None, (f"link '{url}' leads outside the site", "link to a page of this site, relative to this page's address")
    by_address = {published_address(u): u for u in ctx.files | ctx.generated}
    source = by_address.get(joined) or by_address.get(f"{joined}/")
    if source is not None:
        return Target(source, unquote(anchor)), None
    if joined.endswith(".md"):
        written_as = resolve(page_uri, url)
        if written_as and (written_as.uri in ctx.files or written_as.uri in ctx.generated):
            right = posixpath.relpath(published_address(written_as.uri) or ".", here.rstrip("/") or ".")
            return None, (f"link '{url}' in HTML is not rewritten by MkDocs, so it would break",
                          f"use the page's address, {right.rstrip('/') + '/' if right != '.' else './'}, or a Markdown link [text]({url})")
    what = "image" if joined.rsplit("/", 1)[-1].count(".") and not joined.endswith(".md") else "link"
    return None, (f"{what} target '{url}' does not exist on the built site",
                  "in HTML, links are relative to this page's address (about.md is served at about/), not to its file")


def _check_target(path: str, page_uri: str, link: Link, url: str, target: Target, ctx: LinkContext) -> list[Problem]:
    what = "image" if link.is_image else "link"
    if target.uri.startswith("../") or target.uri == "..":
        return [Problem(path, link.line, f"{what} '{url}' leads outside content/",
                        "only files under content/ are published; link to one of them")]
    if target.uri not in ctx.files and target.uri not in ctx.generated:
        base = posixpath.basename(target.uri)
        if "." not in base:
            hint = _folder_hint(page_uri, target.uri, ctx)
            return [Problem(path, link.line, f"{what} '{url}' points to a folder, not a file", hint)]
        return [Problem(path, link.line, f"{what} target '{url}' does not exist", _missing_hint(page_uri, target.uri, ctx))]
    if not target.anchor or not target.uri.endswith(".md"):
        return []
    ids = ctx.ids_of(target.uri)
    if ids is None or target.anchor in ids:
        return []
    close = difflib.get_close_matches(target.anchor, sorted(ids), n=1)
    hint = f"did you mean #{close[0]}? " if close else ""
    hint += "an anchor is a heading's text in lower case with dashes, e.g. ## Why it helps is #why-it-helps"
    where = "this page" if target.uri == page_uri else f"'{target.uri}'"
    return [Problem(path, link.line, f"{where} has no heading or anchor '#{target.anchor}'", hint)]


def _relative(page_uri: str, uri: str) -> str:
    return posixpath.relpath(uri, posixpath.dirname(page_uri) or ".")


def _folder_hint(page_uri: str, uri: str, ctx: LinkContext) -> str:
    for guess in (f"{uri}/index.md", f"{uri}.md"):
        if guess in ctx.files or guess in ctx.generated:
            return f"link to the page's .md file: {_relative(page_uri, guess)}"
    return "link to the .md file of the page, e.g. ../strategies/index.md"


def _missing_hint(page_uri: str, uri: str, ctx: LinkContext) -> str:
    candidates = sorted(ctx.files | ctx.generated)
    close = difflib.get_close_matches(uri, candidates, n=1, cutoff=0.8)
    if close:
        return f"did you mean {_relative(page_uri, close[0])}?"
    return "links are relative to this page's folder; check the folder and the file name"
