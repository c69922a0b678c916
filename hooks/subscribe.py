"""MkDocs hooks for subscriptions: feeds, calendars and OPML as generated files (see rebound.subscribe).

The entries come from hooks/feeds.py's own result for this build (`current_views`), never from a
second read of the cache, so the feeds list exactly what the niche pages show. The outputs are
generated `File`s (not written in `on_post_build`): a strict build then checks every Markdown link
to them, and `mkdocs serve` serves them like any other file.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from rebound.render import place_block
from rebound.model import Niche
from rebound.subscribe import (
    ALL,
    SUBSCRIBE_MARKER,
    SUBSCRIBE_PAGE,
    UPDATES,
    HubPage,
    absolute,
    alternate_links,
    build_outputs,
    render_head_links,
    render_subscribe_block,
)
from rebound.updates import find_git_dates

log = logging.getLogger("rebound.subscribe")  # outside mkdocs.*: an INFO note never fails --strict
HUB_SECTIONS = {"strategies": "strategy", "worksheets": "worksheet"}


@dataclass
class _State:
    feeds: ModuleType | None = None
    niches: tuple[Niche, ...] = ()
    by_page: dict[str, Niche] = field(default_factory=dict)


_state = _State()


def on_config(config: MkDocsConfig) -> None:
    global _state
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is required: feeds and calendars carry absolute addresses built from it")
    _state = _State(feeds=_find_feeds_hook(config))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _state.feeds is not None
    niches, views = _state.feeds.current_views()
    _state.niches = niches
    _state.by_page = {f"niches/{n.slug}.md": n for n in niches}
    site_url = config.site_url or ""
    page_urls = {n.slug: absolute(site_url, _url_of(files, config, f"niches/{n.slug}.md")) for n in niches}
    page_urls[ALL] = absolute(site_url, _url_of(files, config, "niches/index.md"))
    page_urls[UPDATES] = absolute(site_url, "")
    try:
        outputs = build_outputs(niches, views, _hub_pages(files, config), site_url=site_url, page_urls=page_urls,
                                site_name=config.site_name)
    except ValueError as exc:
        raise PluginError(f"subscribe: {exc}") from exc
    for path, content in outputs.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"subscribe: {config.docs_dir}/{path} has the name of a generated feed; rename it")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri != SUBSCRIBE_PAGE:
        return None
    return place_block(markdown, SUBSCRIBE_MARKER, render_subscribe_block(_state.niches, site_url=config.site_url or ""))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    links = alternate_links(_state.by_page.get(page.file.src_uri), page_url=page.file.url,
                            page_src=page.file.src_uri, site_name=config.site_name)
    return output.replace("</head>", render_head_links(links) + "</head>", 1) if links else output


def _find_feeds_hook(config: MkDocsConfig) -> ModuleType:
    for name, module in config.hooks.items():
        if Path(name).name == "feeds.py" and hasattr(module, "current_views"):
            return module
    raise PluginError("mkdocs.yml: hooks/subscribe.py needs hooks/feeds.py under hooks: (it reuses its entries)")


def _url_of(files: Files, config: MkDocsConfig, src_uri: str) -> str:
    found = files.get_file_from_path(src_uri)
    if found is not None:
        return found.url
    return src_uri.removesuffix(".md") + ("/" if config.use_directory_urls else ".html")


def _hub_pages(files: Files, config: MkDocsConfig) -> list[HubPage]:
    """Strategies and worksheets with their titles and commit dates; pages never committed are left out."""
    root = Path(config.config_file_path).parent
    candidates: dict[str, tuple[File, str]] = {}
    for file in files.documentation_pages():
        section, _, name = file.src_uri.partition("/")
        if section in HUB_SECTIONS and name != "index.md" and "/" not in name and file.abs_src_path:
            try:
                path = Path(file.abs_src_path).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue  # docs_dir outside the project: no history to ask
            candidates[path] = (file, HUB_SECTIONS[section])
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
        log.info("subscribe: %d of %d guides have no commit yet and are not in the updates feed",
                 len(candidates) - len(pages), len(candidates))
    return pages
