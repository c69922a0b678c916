"""MkDocs hooks for the feed feature: training feeds in, niche pages and subscriptions out.

Thin: `on_config` loads the sources and collects the cache (I/O, `rebound.collect`); `on_files`
gathers what only MkDocs and git know (which pages exist, the guides' titles and commit dates)
and asks `rebound.plan.plan_site` for the whole plan; the other handlers apply it.

`mkdocs serve` keeps this module loaded between rebuilds, so all state is rebuilt in `on_config`;
the cache's freshness (not this module) is what stops a rebuild after a content edit from
refetching. The outputs are generated `File`s (not written in `on_post_build`): a strict build
then checks every Markdown link to them, and `mkdocs serve` serves them like any other file.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from rebound.collect import collect, settings_from_env
from rebound.contributed import add_contributed_events
from rebound.model import Niche
from rebound.urls import absolute
from rebound.page_types import load_page_types
from rebound.plan import PlanError, SitePlan, extend_nav, plan_site
from rebound.render import place_block
from rebound.sources import SourcesError, load_sources
from rebound.feed_files import HubPage
from rebound.subscribe import render_head_links
from rebound.updates import find_git_dates
from rebound.views import NicheView, build_niche_view

# A failing feed is the feed's problem, not the site's: it must not abort `mkdocs build --strict`,
# which counts WARNING records on `mkdocs.*` loggers. So source problems go to a logger outside
# that namespace, still at WARNING so maintainers see them, each naming the source and reason.
log = logging.getLogger("rebound.feeds")


@dataclass
class _State:
    niches: tuple[Niche, ...] = ()
    views: dict[str, NicheView] = field(default_factory=dict)
    plan: SitePlan = field(default_factory=lambda: SitePlan(pages={}, nav=(), blocks={}, outputs={}))


_state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _ensure_log_output()
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is required: feeds and calendars carry absolute addresses built from it")
    root = Path(config.config_file_path).parent
    settings = settings_from_env(root, site_url=config.site_url)
    try:
        niches = load_sources(settings.sources_path)
    except SourcesError as exc:
        raise PluginError(str(exc)) from exc
    collected = collect(niches, settings)
    if collected.notice:
        log.info("feeds: %s", collected.notice)
    for source, message in collected.problems:
        log.warning("feeds: %s: %s", source, message)
    # Events added by pull request: a broken file is named and left out, never a crash.
    niches, contributed, problems = add_contributed_events(
        root, niches, now=datetime.now(UTC).replace(second=0, microsecond=0), cache_dir=settings.cache_dir)
    for problem in problems:
        log.warning("events: %s:%d: %s (left out)", problem.path, problem.line, problem.message)
    records = {**collected.records, **contributed}
    _state = _State(niches=niches, views={n.slug: build_niche_view(n, records) for n in niches})
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        _state.plan = plan_site(
            _state.niches, _state.views, hub_pages=_hub_pages(files, config), existing=set(files.src_uris),
            site_url=config.site_url or "", site_name=config.site_name, directory_urls=config.use_directory_urls,
        )
        # Still in time: MkDocs builds the navigation after on_files (by on_nav it would already
        # have reported the generated pages as missing from nav, which fails a strict build).
        if config.nav:  # without an explicit nav MkDocs lists every page itself
            extend_nav(config.nav, _state.plan.nav)
    except PlanError as exc:
        raise PluginError(f"feeds: {exc}") from exc
    for src_uri, markdown in _state.plan.pages.items():
        files.append(File.generated(config, src_uri, content=markdown))
    for path, content in _state.plan.outputs.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    found = _state.plan.blocks.get(page.file.src_uri)
    if found is None:
        return None
    marker, block = found
    return place_block(markdown, marker, block)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    links = _state.plan.head_links.get(page.file.src_uri)
    if not links:
        return output
    return output.replace("</head>", render_head_links(links, page_url=page.file.url) + "</head>", 1)


def _hub_pages(files: Files, config: MkDocsConfig) -> list[HubPage]:
    """Strategies and worksheets with their titles and commit dates; pages never committed are left out."""
    root = Path(config.config_file_path).parent
    listed = {t.folder: t.name for t in load_page_types() if t.in_updates}   # strategies, worksheets
    candidates: dict[str, tuple[File, str]] = {}
    for file in files.documentation_pages():
        section, _, name = file.src_uri.partition("/")
        if section in listed and name != "index.md" and "/" not in name and file.abs_src_path:
            try:
                path = Path(file.abs_src_path).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue  # docs_dir outside the project: no history to ask
            candidates[path] = (file, listed[section])
    dates = find_git_dates(root, candidates)
    pages = []
    for path, (file, kind) in sorted(candidates.items()):
        if path not in dates:
            continue
        _, meta = get_data(file.content_string)
        pages.append(HubPage(
            src_uri=file.src_uri,
            url=absolute(config.site_url or "", file.url),
            title=str(meta.get("title") or Path(file.src_uri).stem),
            description=str(meta.get("description") or ""),
            kind=kind,
            dates=dates[path],
        ))
    if len(pages) < len(candidates):
        log.info("feeds: %d of %d guides have no commit yet and are not in the updates feed",
                 len(candidates) - len(pages), len(candidates))
    return pages


def _ensure_log_output() -> None:
    # Outside `mkdocs.*`, records reach no handler of MkDocs'; give them one with the same layout.
    root = logging.getLogger("rebound")
    if not root.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
