"""Offline hook: every built page links the web app manifest and registers the service worker;
after the build, ``sw.js`` is written with this build's file list and hash (rebound.offline).

`mkdocs serve` gets neither: a worker caching a live preview would hide each rebuild.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from rebound.offline import load_register_script, render_head_tags, write_service_worker


class _State:
    serving = False
    register = ""


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _State.serving = command == "serve"


def on_config(config: MkDocsConfig) -> None:
    _State.register = load_register_script()


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if _State.serving:
        return None
    return output.replace("</head>", render_head_tags(page.url, _State.register) + "</head>", 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    if not _State.serving:
        write_service_worker(Path(config.site_dir))
