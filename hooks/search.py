"""Search: the words readers use for a page (front matter ``also_searched_as``) go into the index.

See rebound.search for why the separator in mkdocs.yml reads questions, and why these words get a
field of their own in Material's index instead of only a line of page text.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from rebound.search import add_keywords_to_index, add_other_words, read_other_words

# Page address -> its words, for the page's entry in the search index. Emptied at the start of every
# build (mkdocs serve keeps this module loaded between builds).
_words_by_location: dict[str, list[str]] = {}


def on_config(config: MkDocsConfig) -> None:
    _words_by_location.clear()


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    try:
        words = read_other_words(page.meta.get("also_searched_as"))
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None
    if not words:
        return None
    _words_by_location[page.url] = words
    return add_other_words(markdown, words)


def on_post_build(*, config: MkDocsConfig) -> None:
    # Hooks run after the plugins, so Material's search plugin has written the index by now.
    path = Path(config.site_dir) / "search" / "search_index.json"
    if _words_by_location and path.is_file():
        path.write_text(add_keywords_to_index(path.read_text(encoding="utf-8"), _words_by_location),
                        encoding="utf-8")
