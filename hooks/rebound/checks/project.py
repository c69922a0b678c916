"""Run every content check over a project: content/, mkdocs.yml's nav and the sources file."""
from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rebound.plan import added_pages

from .anchors import AnchorFinder, read_extensions
from .front_matter import Page, read_page
from .links import LinkContext, check_links
from .markdown_scan import Scan, scan_markdown
from ..problem import Problem
from .safety import check_accessibility, check_safety
from ..schema import SCHEMA_DIR
from ..yaml_marks import load_mkdocs_config
from .slugs import check_names
from .sources import Sources, check_sources
from .fields import check_worksheet_fields
from .messages import check_message_fences

DEFAULT_SOURCES = "data/sources.yml"


@dataclass(frozen=True)
class PageType:
    name: str
    glob: str
    excluded: tuple[str, ...]
    schema: str
    nav: bool


def load_page_types() -> list[PageType]:
    """The routing table in ``schemas/page-types.json``: which schema each content file follows."""
    data = json.loads((SCHEMA_DIR / "page-types.json").read_text(encoding="utf-8"))
    return [PageType(t["name"], t["glob"], tuple(t["except"]), t["schema"], t["nav"]) for t in data["types"]]


def page_type_of(uri: str, types: list[PageType]) -> PageType:
    """The first page type whose glob matches ``uri`` (relative to content/)."""
    for page_type in types:
        if fnmatch.fnmatchcase(uri, page_type.glob) and uri not in page_type.excluded:
            return page_type
    raise LookupError(uri)  # page-types.json ends with a catch-all


def read_config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as data (empty when the project has none, as in small test fixtures)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    return load_mkdocs_config(path.read_text(encoding="utf-8")) or {}


def nav_pages(nav: Any) -> set[str]:
    """Every page path named anywhere in a nav structure."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= nav_pages(value)
    return found


# MkDocs publishes these as pages too (mkdocs.utils.markdown_extensions); we keep to one spelling.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
# Where a hook places a block (feeds, niche list, subscribe links) into a handwritten page.
BUILD_MARKER = "<!-- rebound:"


def check_project(root: Path, *, sources: Path | None = None) -> list[Problem]:
    """Every problem in the project at ``root``, sorted by file and line."""
    root = root.resolve()
    config = read_config(root)
    docs = str(config.get("docs_dir") or "content")
    problems: list[Problem] = []

    sources_path = sources if sources is not None else root / DEFAULT_SOURCES
    curated = Sources()
    has_sources = sources_path.is_file()
    if has_sources:
        curated, found = check_sources(sources_path, _shown(root, sources_path))
        problems += found
    elif sources is not None:
        problems.append(Problem(_shown(root, sources_path), 1, "sources file not found", "check the path after --sources"))

    uris = _list_files(root / docs)
    problems += check_names(docs, uris)
    files = set(uris)
    # Pages the feed hook adds at build time, by the build's own rule (rebound.plan).
    generated = set(added_pages(curated.niches, files))

    types = load_page_types()
    pages: dict[str, Page] = {}
    scans: dict[str, Scan] = {}
    for uri in uris:
        if uri.endswith(OTHER_MARKDOWN):
            problems.append(Problem(f"{docs}/{uri}", 1, "Markdown pages must end in .md",
                                    f"rename it to {uri.rsplit('.', 1)[0]}.md (MkDocs would publish it unchecked)"))
            continue
        if not uri.endswith(".md"):
            continue
        page_type = page_type_of(uri, types)
        try:
            text = (root / docs / uri).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            line = (root / docs / uri).read_bytes()[: exc.start].count(b"\n") + 1
            problems.append(Problem(f"{docs}/{uri}", line, "the file is not UTF-8 text",
                                    "open it in your editor and save it again with the UTF-8 encoding"))
            continue
        page, found = read_page(f"{docs}/{uri}", uri, text, kind=page_type.name, schema=page_type.schema, nav=page_type.nav)
        problems += found
        pages[uri] = page
        scans[uri] = scan_markdown(page.body, first_line=page.body_line)

    finder = AnchorFinder(read_extensions(root / "mkdocs.yml" if config else None))
    ids: dict[str, set[str] | None] = {}
    for uri, page in pages.items():
        # The field syntax works on every page (the extension is global), so every page is checked.
        field_problems = check_worksheet_fields(page, page.text) + check_message_fences(page, page.text)
        problems += field_problems
        try:
            ids[uri] = finder.find_ids(page.body) | scans[uri].html_ids
        except Exception as exc:  # an extension rejected the page: say so once, keep checking
            ids[uri] = None
            if not field_problems:
                problems.append(Problem(page.path, page.body_line, f"the page cannot be rendered: {exc}",
                                        "fix the Markdown near this line, then run make check again"))

    for uri, page in pages.items():
        if (page.kind == "niche" and uri[len("niches/"):-3] in curated.niches) or BUILD_MARKER in page.body:
            ids[uri] = None  # a hook adds headings to it at build time: anchors unknown here
    context = LinkContext(files=files, generated=generated, ids_of=lambda u: ids.get(u))
    reached: dict[str, set[str]] = {}
    for uri, page in pages.items():
        scan = scans[uri]
        problems += check_safety(page.path, scan)
        problems += check_accessibility(page.path, scan)
        found, reached[uri] = check_links(page.path, uri, scan.links, context)
        problems += found

    problems += _check_strategy_numbers(pages)
    problems += _check_cross_links(pages, reached, scans)
    if has_sources:
        problems += _check_niche_pages(pages, curated)
    if "nav" in config:
        problems += _check_nav(pages, nav_pages(config["nav"]))
    return sorted(set(problems))


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _list_files(docs: Path) -> list[str]:
    """Every published file under content/, relative, skipping dot-files as MkDocs does."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append((Path(dirpath) / name).relative_to(docs).as_posix())
    return sorted(found)


def _meta_line(page: Page, key: str) -> int:
    return page.doc.line_of((key,)) if page.doc else 1


def _check_strategy_numbers(pages: dict[str, Page]) -> list[Problem]:
    problems: list[Problem] = []
    used: dict[int, str] = {}
    strategies = [p for p in pages.values() if p.kind == "strategy"]
    numbers = [p.meta.get("strategy") for p in strategies]
    next_free = max([n for n in numbers if isinstance(n, int) and not isinstance(n, bool)] or [0]) + 1
    for page in strategies:
        number = page.meta.get("strategy")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in used:
            problems.append(Problem(page.path, _meta_line(page, "strategy"), f"strategy number {number} is already used by {used[number]}",
                                    f"the next free number is {next_free}"))
        else:
            used[number] = page.path
    return problems


def _check_cross_links(pages: dict[str, Page], reached: dict[str, set[str]], scans: dict[str, Scan]) -> list[Problem]:
    """A worksheet links to its strategy, and the strategy links back."""
    problems: list[Problem] = []
    for uri, page in pages.items():
        slug = page.meta.get("strategy")
        if page.kind != "worksheet" or not isinstance(slug, str):
            continue
        strategy_uri = f"strategies/{slug}.md"
        strategy = pages.get(strategy_uri)
        line = _meta_line(page, "strategy")
        if strategy is None or strategy.kind != "strategy":
            known = ", ".join(sorted(p.uri[len("strategies/"):-3] for p in pages.values() if p.kind == "strategy"))
            problems.append(Problem(page.path, line, f"strategy '{slug}' does not exist", f"use one of: {known}"))
            continue
        if strategy_uri not in reached.get(uri, set()):
            title = strategy.meta.get("title", slug)
            problems.append(Problem(page.path, line, f"worksheet does not link to its strategy page {strategy.path}",
                                    f"add a link such as [{title}](../{strategy_uri})"))
        if uri not in reached.get(strategy_uri, set()):
            related = [h.line for h in scans[strategy_uri].headings if h.text.lower() == "related"]
            title = page.meta.get("title", uri)
            problems.append(Problem(strategy.path, related[0] if related else strategy.body_line,
                                    f"strategy page does not link to its worksheet {page.path}",
                                    f"add a line such as - [{title}](../{uri}) under ## Related"))
    return problems


def _check_niche_pages(pages: dict[str, Page], curated: Sources) -> list[Problem]:
    problems: list[Problem] = []
    for page in pages.values():
        slug = page.uri[len("niches/"):-3]
        if page.kind == "niche" and slug not in curated.niches:
            problems.append(Problem(page.path, 1, f"niche '{slug}' is not in the sources file",
                                    "add the niche (slug, title, description, sources) to data/sources.yml"))
    return problems


def _check_nav(pages: dict[str, Page], listed: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for uri, page in pages.items():
        if page.nav and uri not in listed:
            section = uri.split("/")[0] if "/" in uri else ""
            indent = "      " if section else "  "
            problems.append(Problem(page.path, 1, "page is not listed in nav in mkdocs.yml",
                                    f"add the line `{indent}- {uri}` to nav in mkdocs.yml (make new does this for you)"))
    return problems
