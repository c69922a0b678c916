"""Offline hook: every built page links the web app manifest and registers the service worker;
after the build, ``sw.js`` is written with this build's file list and hash (rebound.offline).

`mkdocs serve` gets neither: a worker caching a live preview would hide each rebuild. No state is
kept here: `mkdocs serve` (with or without `--clean`, which tells `on_startup` "build") points
`site_url` at its own address, `http://<dev_addr><path>` (mkdocs/commands/serve.py), and the hook
asks the config each time.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from rebound.offline import load_register_script, render_head_tags, write_service_worker


def _is_live_preview(config: MkDocsConfig) -> bool:
    host, port = config.dev_addr
    return (config.site_url or "").startswith(f"http://{host}:{port}/")


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if _is_live_preview(config):
        return None
    # load_register_script is cached (it reads one file of the package, which never changes).
    return output.replace("</head>", render_head_tags(page.url, load_register_script()) + "</head>", 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    if not _is_live_preview(config):
        write_service_worker(Path(config.site_dir))
