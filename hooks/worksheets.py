"""Worksheet hooks: fail the build on a badly written answer field; give worksheet pages their assets.

Python-Markdown never learns which file it converts, so the extension alone cannot say where a
mistake is. This hook checks each page's own source file first and fails with ``path:line``.
Only pages with answer fields get the worksheet script and styles (not every page of the site),
and the ids that say where each worksheet's earlier answers were kept (rebound.worksheet_ids).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from rebound.problem import format_source_problems
from rebound.page_assets import render_assets, render_module
from rebound.worksheet.check import find_field_ids, find_field_problems
from rebound.worksheet.html import has_fields, render_print_footer_style
from rebound.worksheet.syntax import FIELD_OPEN
from rebound.worksheet_ids import SheetIds, WorksheetIds, read_renamed_from

CSS = "assets/worksheets.css"
JS = "assets/worksheets/main.js"


class _State:
    """What this build has learned about worksheet ids (rebuilt in on_config: `mkdocs serve` keeps hooks loaded)."""

    ids = WorksheetIds()


def on_config(config: MkDocsConfig) -> None:
    _State.ids = WorksheetIds.from_root(Path(config.config_file_path).parent)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if FIELD_OPEN not in markdown:   # most pages: no fields, no need to read the file again
        return None
    text = page.file.content_string
    problems = find_field_problems(text)
    if problems:
        raise PluginError(format_source_problems(
            problems, page.file.abs_src_path or page.file.src_path, Path(config.config_file_path).parent))
    if isinstance(page.meta.get("id"), str):
        old_sheets, renamed = read_renamed_from(page.meta)
        _State.ids.add(SheetIds(page.file.src_uri, page.meta["id"], dict(find_field_ids(text)), 1, old_sheets, renamed))
    return None


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if not has_fields(output):
        return None
    sheet = page.meta.get("id")
    if not isinstance(sheet, str):
        raise PluginError(f"{page.file.src_uri}: a page with answer fields needs an `id` in its front matter "
                          "(readers' answers are stored under it); see 'Worksheet fields' in CONTRIBUTING.md")
    head = (render_assets(page.url, CSS) + render_module(page.url, JS) + _State.ids.render_script(sheet)
            + render_print_footer_style(title=page.title or "", url=page.canonical_url or page.abs_url or ""))
    return output.replace("</head>", head + "</head>", 1)
