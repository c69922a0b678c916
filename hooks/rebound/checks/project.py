"""Every content check over one `Project`: content/, mkdocs.yml's nav and the sources file.

`load_project` reads the project once and reports what cannot be read (a file name, an encoding,
front matter, the sources file). Each check in `CHECKS` is a function from the `Project` to its
problems. Adding a check is one function, one entry in `CHECKS`, and one golden folder under
``tests/fixtures/bad_contributions/`` (a small project and the ``expected.txt`` it must print).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pathspec.gitignore import GitIgnoreSpec

from ..page_types import load_page_types, page_type_of
from ..urls import added_pages
from ..problem import Problem
from ..yaml_marks import load_mkdocs_config
from .anchors import AnchorFinder, read_extensions
from .events import check_event_files
from .fields import check_worksheet_fields
from .messages import check_message_fences
from .front_matter import Page, read_page
from .links import LinkContext, check_links
from .markdown_scan import Scan, scan_markdown
from .safety import check_accessibility, check_safety
from .slugs import check_names
from .sources import Sources, check_sources
from .worksheet_ids import RECORD, check_ids

DEFAULT_SOURCES = "data/sources.yml"
# MkDocs publishes these as pages too (mkdocs.utils.markdown_extensions); we keep to one spelling.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
# Where a hook places a block (feeds, niche list, subscribe links) into a handwritten page.
BUILD_MARKER = "<!-- rebound:"


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


@dataclass
class Project:
    """A project as the checks see it, read once by `load_project`; the costly parts on first use."""

    root: Path
    config: dict[str, Any]                 # mkdocs.yml ({} when there is none)
    docs: str                              # docs_dir as written ("content")
    files: set[str]                        # every file under docs, relative
    generated: set[str]                    # pages the build adds (rebound.urls.added_pages, as the build)
    pages: dict[str, Page]                 # the readable Markdown pages, by path under docs
    scans: dict[str, Scan]                 # what each page's body holds (links, headings, HTML)
    curated: Sources = field(default_factory=Sources)   # what the sources file lists
    has_sources: bool = False

    @cached_property
    def field_problems(self) -> dict[str, list[Problem]]:
        """Answer-field mistakes by page: the syntax works on every page (the extension is global)."""
        return {uri: check_worksheet_fields(page, page.text) for uri, page in self.pages.items()}

    @cached_property
    def rendered(self) -> dict[str, set[str] | Exception]:
        """Each page's heading and anchor ids, or the error a Markdown extension raised on it."""
        finder = AnchorFinder(read_extensions(self.root / "mkdocs.yml" if self.config else None))
        found: dict[str, set[str] | Exception] = {}
        for uri, page in self.pages.items():
            try:
                found[uri] = finder.find_ids(page.body) | self.scans[uri].html_ids
            except Exception as exc:  # an extension rejected the page: check_rendering says so once
                found[uri] = exc
        return found

    def ids_of(self, uri: str) -> set[str] | None:
        """The anchors a link into ``uri`` may name; None when unknown (unrendered, or a hook adds headings)."""
        page, ids = self.pages.get(uri), self.rendered.get(uri)
        if page is None or ids is None or isinstance(ids, Exception):
            return None
        if (page.kind == "niche" and uri[len("niches/"):-3] in self.curated.niches) or BUILD_MARKER in page.body:
            return None
        return ids

    @cached_property
    def links(self) -> dict[str, tuple[list[Problem], set[str]]]:
        """Each page's link problems, and the content files its links reach."""
        context = LinkContext(files=self.files, generated=self.generated, ids_of=self.ids_of)
        return {uri: check_links(page.path, uri, self.scans[uri].links, context) for uri, page in self.pages.items()}


def load_project(root: Path, *, sources: Path | None = None) -> tuple[Project, list[Problem]]:
    """Read the project at ``root``, and the problems that stop a file from being read at all."""
    root = root.resolve()
    config = read_config(root)
    docs = str(config.get("docs_dir") or "content")
    problems: list[Problem] = []
    sources_path = sources if sources is not None else root / DEFAULT_SOURCES
    curated = Sources()
    if sources_path.is_file():
        curated, found = check_sources(sources_path, _shown(root, sources_path))
        problems += found
    elif sources is not None:
        problems.append(Problem(_shown(root, sources_path), 1, "sources file not found", "check the path after --sources"))
    uris = _list_files(root / docs)
    problems += check_names(docs, uris)
    pages: dict[str, Page] = {}
    for uri in uris:
        page, found = _read_page(root, docs, uri)
        problems += found
        if page is not None:
            pages[uri] = page
    project = Project(
        root=root, config=config, docs=docs, files=set(uris),
        generated=set(added_pages(curated.niches, set(uris))),   # by the build's own rule
        pages=pages, scans={uri: scan_markdown(page.body, first_line=page.body_line) for uri, page in pages.items()},
        curated=curated, has_sources=sources_path.is_file(),
    )
    return project, problems


def _read_page(root: Path, docs: str, uri: str) -> tuple[Page | None, list[Problem]]:
    if uri.endswith(OTHER_MARKDOWN):
        return None, [Problem(f"{docs}/{uri}", 1, "Markdown pages must end in .md",
                              f"rename it to {uri.rsplit('.', 1)[0]}.md (MkDocs would publish it unchecked)")]
    if not uri.endswith(".md"):
        return None, []
    page_type = page_type_of(uri, load_page_types())
    try:
        text = (root / docs / uri).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = (root / docs / uri).read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Problem(f"{docs}/{uri}", line, "the file is not UTF-8 text",
                              "open it in your editor and save it again with the UTF-8 encoding")]
    return read_page(f"{docs}/{uri}", uri, text, kind=page_type.name, schema=page_type.schema, nav=page_type.nav)


# --- The checks: one function each, over the whole project ---------------------------------------


def check_fields(project: Project) -> list[Problem]:
    """Worksheet answer fields written wrongly."""
    return [problem for found in project.field_problems.values() for problem in found]


def check_messages(project: Project) -> list[Problem]:
    """Message-script fences (```message title="...") written wrongly."""
    return [problem for uri, page in project.pages.items() for problem in check_message_fences(page, page.text)]


def check_rendering(project: Project) -> list[Problem]:
    """Pages a Markdown extension cannot render (unless a field mistake on the page already says why)."""
    return [Problem(page.path, page.body_line, f"the page cannot be rendered: {project.rendered[uri]}",
                    "fix the Markdown near this line, then run make check again")
            for uri, page in project.pages.items()
            if isinstance(project.rendered[uri], Exception) and not project.field_problems[uri]]


def check_page_safety(project: Project) -> list[Problem]:
    """Unsafe HTML and scripts; images without alt text and skipped heading levels."""
    problems: list[Problem] = []
    for uri, page in project.pages.items():
        problems += check_safety(page.path, project.scans[uri])
        problems += check_accessibility(page.path, project.scans[uri])
    return problems


def check_page_links(project: Project) -> list[Problem]:
    """Links and images whose target or anchor does not exist."""
    return [problem for found, _ in project.links.values() for problem in found]


def _meta_line(page: Page, key: str) -> int:
    return page.doc.line_of((key,)) if page.doc else 1


def check_strategy_numbers(project: Project) -> list[Problem]:
    """Two strategies with the same number."""
    problems: list[Problem] = []
    used: dict[int, str] = {}
    strategies = [p for p in project.pages.values() if p.kind == "strategy"]
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


def check_cross_links(project: Project) -> list[Problem]:
    """A worksheet links to its strategy, and the strategy links back."""
    pages, scans = project.pages, project.scans
    reached = {uri: found for uri, (_, found) in project.links.items()}
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


def check_niche_pages(project: Project) -> list[Problem]:
    """A handwritten niche page whose niche the sources file does not list."""
    if not project.has_sources:
        return []
    problems: list[Problem] = []
    for page in project.pages.values():
        slug = page.uri[len("niches/"):-3]
        if page.kind == "niche" and slug not in project.curated.niches:
            problems.append(Problem(page.path, 1, f"niche '{slug}' is not in the sources file",
                                    "add the niche (slug, title, description, sources) to data/sources.yml"))
    return problems


def _not_in_nav(pages: dict[str, Page], patterns: str | None) -> set[str]:
    """The pages mkdocs.yml's `not_in_nav` leaves out of nav on purpose (gitignore patterns, as MkDocs reads them)."""
    if not patterns:
        return set()
    spec = GitIgnoreSpec.from_lines(patterns.splitlines())
    return {uri for uri in pages if spec.match_file(uri)}


def check_worksheet_ids(project: Project) -> list[Problem]:
    """Worksheet ids used twice, and shipped ids dropped without a renamed_from (see rebound.worksheet_ids)."""
    path = project.root / RECORD
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        record = json.loads(text) if text else None
    except json.JSONDecodeError as exc:
        return [Problem(RECORD, exc.lineno, f"not valid JSON: {exc.msg}", "fix the file, or restore it with git checkout")]
    return check_ids(list(project.pages.values()), record, text)


def check_nav(project: Project) -> list[Problem]:
    """A page of a type that must be in nav, missing from mkdocs.yml's nav."""
    if "nav" not in project.config:
        return []
    listed = nav_pages(project.config["nav"]) | _not_in_nav(project.pages, project.config.get("not_in_nav"))
    problems: list[Problem] = []
    for uri, page in project.pages.items():
        if page.nav and uri not in listed:
            section = uri.split("/")[0] if "/" in uri else ""
            indent = "      " if section else "  "
            problems.append(Problem(page.path, 1, "page is not listed in nav in mkdocs.yml",
                                    f"add the line `{indent}- {uri}` to nav in mkdocs.yml (make new does this for you)"))
    return problems


def check_events(project: Project) -> list[Problem]:
    """Event files under data/events/ that break a rule (see `rebound.contributed`)."""
    return check_event_files(project.root, project.curated.niches if project.has_sources else None)


# The checks `make check` runs, each over the whole project (their order does not matter: the
# problems are sorted by file and line).
CHECKS: tuple[Callable[[Project], list[Problem]], ...] = (
    check_fields,
    check_messages,
    check_rendering,
    check_page_safety,
    check_page_links,
    check_strategy_numbers,
    check_cross_links,
    check_niche_pages,
    check_nav,
    check_worksheet_ids,
    check_events,
)


def check_project(root: Path, *, sources: Path | None = None) -> list[Problem]:
    """Every problem in the project at ``root``, sorted by file and line."""
    project, problems = load_project(root, sources=sources)
    for check in CHECKS:
        problems += check(project)
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
