"""MkDocs hooks for the training feeds: thin calls into `rebound` (collect for I/O, views, render).

`mkdocs serve` keeps this module loaded between rebuilds, so all state is rebuilt in `on_config`;
the cache's freshness (not this module) is what stops a rebuild after a content edit from
refetching.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from rebound.collect import collect, settings_from_env
from rebound.render import (
    FEEDS_MARKER,
    HEALTH_PAGE,
    NICHES_MARKER,
    SubscribeLinks,
    place_block,
    render_feed_block,
    render_health_page,
    render_niche_index,
    render_niche_page,
)
from rebound.model import Niche
from rebound.sources import SourcesError, load_sources
from rebound.subscribe import niche_links
from rebound.views import NicheView, build_niche_view

# A failing feed is the feed's problem, not the site's: it must not abort `mkdocs build --strict`,
# which counts WARNING records on `mkdocs.*` loggers. So source problems go to a logger outside
# that namespace, still at WARNING so maintainers see them, each naming the source and reason.
log = logging.getLogger("rebound.feeds")
NAV_SECTION = "Training by niche"


@dataclass
class _State:
    niches: tuple[Niche, ...] = ()
    views: dict[str, NicheView] = field(default_factory=dict)
    handwritten: set[str] = field(default_factory=set)


_state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _ensure_log_output()
    root = Path(config.config_file_path).parent
    settings = settings_from_env(root, site_url=config.site_url or "")
    try:
        niches = load_sources(settings.sources_path, passed_marker=settings.cache_dir / "sources-passed.sha256")
    except SourcesError as exc:
        raise PluginError(str(exc)) from exc
    collected = collect(niches, settings)
    for source, message in collected.problems:
        log.warning("feeds: %s: %s", source, message)
    views = {n.slug: build_niche_view(n, collected.records) for n in niches}
    _state = _State(niches=niches, views=views)
    _add_to_nav(config, niches)
    return config


def current_views() -> tuple[tuple[Niche, ...], dict[str, NicheView]]:
    """This build's niches and their views, computed once in `on_config` (read by hooks/subscribe.py)."""
    return _state.niches, _state.views


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for niche in _state.niches:
        src_uri = f"niches/{niche.slug}.md"
        if files.get_file_from_path(src_uri) is None:
            page_url = f"niches/{niche.slug}/" if config.use_directory_urls else f"niches/{niche.slug}.html"
            links = _links(niche.slug, config, src_uri, page_url)
            files.append(File.generated(config, src_uri, content=render_niche_page(_state.views[niche.slug], links)))
        else:
            _state.handwritten.add(src_uri)
    if files.get_file_from_path(HEALTH_PAGE) is None:
        files.append(File.generated(config, HEALTH_PAGE, content=render_health_page(list(_state.views.values()))))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src_uri = page.file.src_uri
    if src_uri == "niches/index.md":
        return place_block(markdown, NICHES_MARKER, render_niche_index(_state.niches))
    if src_uri in _state.handwritten:
        slug = src_uri.removeprefix("niches/").removesuffix(".md")
        links = _links(slug, config, src_uri, page.file.url)
        return place_block(markdown, FEEDS_MARKER, render_feed_block(_state.views[slug], links))
    return None


def _links(slug: str, config: MkDocsConfig, src_uri: str, page_url: str) -> SubscribeLinks:
    # The subscribe line and "add to calendar" links point at files hooks/subscribe.py generates.
    return niche_links(_state.views[slug], site_url=config.site_url or "", src_uri=src_uri, page_url=page_url)


def _add_to_nav(config: MkDocsConfig, niches: tuple[Niche, ...]) -> None:
    """List every niche page and the health page under "Training by niche".

    This has to happen before MkDocs builds the navigation: by `on_nav` it has already reported
    the pages missing from `nav`, which fails a strict build.
    """
    if not config.nav:
        return  # without an explicit nav MkDocs lists every page itself
    for item in config.nav:
        if isinstance(item, dict) and isinstance(item.get(NAV_SECTION), list):
            section = item[NAV_SECTION]
            listed = {_target(entry) for entry in section}
            for niche in niches:
                if f"niches/{niche.slug}.md" not in listed:
                    section.append({niche.title: f"niches/{niche.slug}.md"})
            if HEALTH_PAGE not in listed:
                section.append({"Feed health": HEALTH_PAGE})
            return
    raise PluginError(f"mkdocs.yml: nav has no {NAV_SECTION!r} section for the niche pages")


def _target(entry: object) -> object:
    if isinstance(entry, dict) and len(entry) == 1:
        return next(iter(entry.values()))
    return entry


def _ensure_log_output() -> None:
    # Outside `mkdocs.*`, records reach no handler of MkDocs'; give them one with the same layout.
    root = logging.getLogger("rebound")
    if not root.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
