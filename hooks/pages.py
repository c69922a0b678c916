"""Page checks: message fences and worksheet answer fields, and what a page that has them loads.

Python-Markdown never learns which file it converts, so the extensions alone cannot say where a
mistake is: this hook checks each page's own source first and fails the build with ``path:line``.

What a page with messages or answer fields must load goes into its ``page.meta`` under the keys
generated pages carry in their front matter (``rebound_stylesheets``, ``rebound_scripts``,
``rebound_modules``), and the template (overrides/main.html) links them: one mechanism for every
page's assets, and nothing a contributor has to declare (the page's own content decides).
A worksheet page also gets its ids script (where each worksheet's earlier answers were kept,
rebound.worksheet_ids) and its print footer; the ids list every worksheet's moves, so they are
worked out in `on_env`, once every page has been read. Nothing is kept in this module.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from rebound import messages
from rebound.problem import format_source_problems
from rebound.worksheet.check import find_field_ids, find_field_problems
from rebound.worksheet.html import WORKSHEET_MODULE, WORKSHEET_STYLESHEET, has_fields, render_print_footer_style
from rebound.worksheet.syntax import FIELD_OPEN
from rebound.worksheet_ids import SheetIds, WorksheetIds, read_renamed_from


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    # Most pages have neither: nothing to check, no need to read the file again.
    if messages.FENCE_NAME in markdown:
        _fail_on(messages.find_message_problems(page.file.content_string), page, config)
    if FIELD_OPEN in markdown:
        _fail_on(find_field_problems(page.file.content_string), page, config)
    return None


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if messages.has_messages(html):
        _declare(page, "rebound_stylesheets", messages.STYLESHEET)
        _declare(page, "rebound_scripts", messages.SCRIPT)
    if has_fields(html):
        if not isinstance(page.meta.get("id"), str):
            raise PluginError(f"{page.file.src_uri}: a page with answer fields needs an `id` in its front matter "
                              "(readers' answers are stored under it); see 'Worksheet fields' in CONTRIBUTING.md")
        _declare(page, "rebound_stylesheets", WORKSHEET_STYLESHEET)
        _declare(page, "rebound_modules", WORKSHEET_MODULE)
    return None


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    sheets = [file.page for file in files.documentation_pages()
              if file.page is not None and "rebound_modules" in file.page.meta]
    ids = WorksheetIds.from_root(Path(config.config_file_path).parent)
    for page in sheets:
        old_sheets, renamed = read_renamed_from(page.meta)
        ids.add(SheetIds(page.file.src_uri, page.meta["id"], dict(find_field_ids(page.file.content_string)), 1,
                         old_sheets, renamed))
    for page in sheets:
        page.meta["rebound_worksheet_ids"] = ids.render_script(page.meta["id"])
        page.meta["rebound_print_style"] = render_print_footer_style(
            title=page.title or "", url=page.canonical_url or page.abs_url or "")
    return env


def _declare(page: Page, key: str, path: str) -> None:
    listed = page.meta.setdefault(key, [])
    if path not in listed:
        listed.append(path)


def _fail_on(problems: list, page: Page, config: MkDocsConfig) -> None:
    if problems:
        raise PluginError(format_source_problems(
            problems, page.file.abs_src_path or page.file.src_path, Path(config.config_file_path).parent))
