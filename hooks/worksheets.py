"""Worksheet hooks: fail the build on a badly written answer field; give worksheet pages their assets.

Python-Markdown never learns which file it converts, so the extension alone cannot say where a
mistake is. This hook checks each page's own source file first and fails with ``path:line``.
Only pages with answer fields get the worksheet script and styles (not every page of the site).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from rebound.problem import format_source_problems
from rebound.render import render_assets
from rebound.worksheet_fields import FIELD_OPEN, find_field_problems, has_fields, render_print_footer_style

CSS = "assets/worksheets.css"
JS = "assets/worksheets.js"


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if FIELD_OPEN not in markdown:   # most pages: no fields, no need to read the file again
        return None
    problems = find_field_problems(page.file.content_string)
    if problems:
        raise PluginError(format_source_problems(
            problems, page.file.abs_src_path or page.file.src_path, Path(config.config_file_path).parent))
    return None


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if not has_fields(output):
        return None
    head = render_assets(page.url, CSS, JS) + render_print_footer_style(
        title=page.title or "", url=page.canonical_url or page.abs_url or "")
    return output.replace("</head>", head + "</head>", 1)
