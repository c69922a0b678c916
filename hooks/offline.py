"""Offline hook: every built page links the web app manifest and registers the service worker;
after the build, ``sw.js`` is written with this build's file list and hash (rebound.offline).

`mkdocs serve` gets neither: a worker caching a live preview would hide each rebuild.

The one module-level value is which command this process runs: MkDocs says it only once, in
`on_startup`, and it never changes for the process (no build's data is kept here).
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from rebound.offline import load_register_script, render_head_tags, write_service_worker


_command: list[str] = []   # ["serve"] under `mkdocs serve`; set once per process


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _command[:] = [command]


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if _command == ["serve"]:
        return None
    # load_register_script is cached (it reads one file of the package, which never changes).
    return output.replace("</head>", render_head_tags(page.url, load_register_script()) + "</head>", 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    if _command != ["serve"]:
        write_service_worker(Path(config.site_dir))
