"""MkDocs hooks for the feed feature: a thin caller of `rebound.generate`, the same code
``python -m rebound.generate`` runs without MkDocs.

`on_files` is the one place with both the page list and the config: it generates the site's
additions (sources, cache, contributed events, git dates), writes them into
``.rebound-generated/`` and hands MkDocs those files: generated pages and feed files as generated
`File`s (a strict build checks every Markdown link to them, `mkdocs serve` serves them), and each
hand-written page that carries a block from its copy with the block in place. Nothing is kept
between events: what a page's ``<head>`` needs (feed links, stylesheets, scripts) is in its front
matter and the template (overrides/main.html) reads it, so `mkdocs serve`, which keeps this module
loaded, starts each rebuild clean.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from rebound.generate import SiteConfig, generate_site, rebound_extra, report, write_generated
from rebound.plan import extend_nav
from rebound.settings import load_settings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _ensure_log_output()
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is required: feeds and calendars carry absolute addresses built from it")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = SiteConfig(
        root=Path(config.config_file_path).parent.resolve(), docs_dir=Path(config.docs_dir),
        site_url=config.site_url or "", site_name=config.site_name,
        directory_urls=config.use_directory_urls, raw={},
    )
    try:
        # The build's one settings object (README, "Settings"), passed on explicitly.
        settings = load_settings(site.root, extra=rebound_extra(dict(config.extra)), site_url=site.site_url)
        generated = generate_site(site, settings, src_uris=[f.src_uri for f in files.documentation_pages()],
                                  existing=set(files.src_uris))
        # Still in time: MkDocs builds the navigation after on_files (by on_nav it would already
        # have reported the generated pages as missing from nav, which fails a strict build).
        if config.nav:  # without an explicit nav MkDocs lists every page itself
            extend_nav(config.nav, generated.plan.nav)
    except ValueError as exc:   # SourcesError, PlanError, SettingsError: each names the file or setting
        raise PluginError(f"feeds: {exc}") from exc
    report(generated)
    folder = write_generated(generated.plan, site, settings.generated_dir.resolve())
    for src_uri in generated.plan.blocks:
        if src_uri in files.src_uris:
            # The hand-written page, read from its copy: still the same file in the same place among
            # the others (its edit link, and the sitemap's order, stay).
            files.src_uris[src_uri].abs_src_path = str(folder / "blocks" / src_uri)
    # In the plan's order (the sitemap's and the search index's order).
    for part, names in (("pages", generated.plan.pages), ("files", generated.plan.outputs)):
        for src_uri in names:
            files.append(File.generated(config, src_uri, abs_src_path=str(folder / part / src_uri)))
    return files


def _ensure_log_output() -> None:
    # Outside `mkdocs.*`, records reach no handler of MkDocs'; give them one with the same layout.
    root = logging.getLogger("rebound")
    if not root.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
