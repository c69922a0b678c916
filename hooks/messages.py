"""Message scripts: fail the build on a message fence written wrongly; load the copy script where it is used.

Python-Markdown never learns which file it converts, so this hook checks each page's source
first and fails with ``path:line``. The copy script and its stylesheet go only into pages that
hold a message (no site-wide ``extra_javascript``).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from rebound.messages import FENCE_NAME, SCRIPT, STYLESHEET, find_message_problems, has_messages
from rebound.problem import format_source_problems
from rebound.page_assets import render_assets


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if FENCE_NAME not in markdown:   # most pages: nothing to check, no need to read the file again
        return None
    problems = find_message_problems(page.file.content_string)
    if problems:
        raise PluginError(format_source_problems(
            problems, page.file.abs_src_path or page.file.src_path, Path(config.config_file_path).parent))
    return None


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if not has_messages(output):
        return None
    return output.replace("</head>", render_assets(page.url, STYLESHEET, SCRIPT) + "</head>", 1)
