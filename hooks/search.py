"""Search: the words readers use for a page (front matter ``also_searched_as``) go into the index.

See rebound.search for why the separator in mkdocs.yml reads questions, and why these words get a
field of their own in Material's index instead of only a line of page text.

Nothing is kept between events: `on_post_build` reads the words again from the pages' front
matter (MkDocs' own file list), so `mkdocs serve`, which keeps this module loaded, starts clean.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from rebound.search import add_keywords_to_index, add_other_words, read_other_words


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    try:
        words = read_other_words(page.meta.get("also_searched_as"))
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None
    if not words:
        return None
    return add_other_words(markdown, words)


def on_post_build(*, config: MkDocsConfig) -> None:
    # Hooks run after the plugins, so Material's search plugin has written the index by now.
    path = Path(config.site_dir) / "search" / "search_index.json"
    words_by_location = {}
    for file in get_files(config).documentation_pages():
        _, meta = get_data(file.content_string)
        try:
            words = read_other_words(meta.get("also_searched_as"))
        except ValueError:
            continue   # on_page_markdown has already failed the build on it
        if words:
            words_by_location[file.url] = words
    if words_by_location and path.is_file():
        path.write_text(add_keywords_to_index(path.read_text(encoding="utf-8"), words_by_location),
                        encoding="utf-8")
