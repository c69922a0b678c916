"""The Python-Markdown extension for worksheet fields (mkdocs.yml: ``rebound.worksheet_fields``).

It swaps each ``[[ ... ]]`` block for its form controls, and puts the privacy sentence and the
toolbar before the first one. The syntax, its checker and its HTML are `rebound.worksheet`.
"""
from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from rebound.worksheet.check import check_unique, parse_field
from rebound.worksheet.html import render_toolbar
from rebound.worksheet.kinds import render_field
from rebound.worksheet.syntax import FieldError, IdMaker, find_field_blocks


class WorksheetFieldsPreprocessor(Preprocessor):
    """Swap each field block for stashed HTML before the block parser sees it."""

    def run(self, lines: list[str]) -> list[str]:
        ids = IdMaker()
        seen: dict[str, int] = {}
        out: list[str] = []
        done = 0
        for block in find_field_blocks(lines):
            if isinstance(block, FieldError):
                raise block
            item = parse_field(block.text, block.start + 1)
            check_unique(item, seen)
            before = lines[done : block.start]
            if done == 0:
                # The privacy sentence and buttons go just before the first field, or before the
                # heading that introduces it.
                at = _heading_before(before)
                before[at:at] = ["", self.md.htmlStash.store(render_toolbar()), ""]
            out += before + ["", self.md.htmlStash.store(render_field(item, ids)), ""]
            done = block.end + 1
        return out + lines[done:]


def _heading_before(lines: list[str]) -> int:
    """Index of an ATX heading that ends ``lines`` (blank lines aside), else ``len(lines)``."""
    index = len(lines)
    while index and not lines[index - 1].strip():
        index -= 1
    if index and lines[index - 1].startswith("#"):
        return index - 1
    return len(lines)


class WorksheetFieldsExtension(Extension):
    """Registers the worksheet field syntax (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        # After whitespace normalising (30), before fenced code (25) and raw HTML (20): fields
        # inside fenced code stay code because find_field_blocks skips fences itself.
        md.preprocessors.register(WorksheetFieldsPreprocessor(md), "worksheet_fields", 27)


def makeExtension(**kwargs: object) -> WorksheetFieldsExtension:  # noqa: N802 - Python-Markdown's API name
    """Entry point Python-Markdown calls for ``rebound.worksheet_fields``."""
    return WorksheetFieldsExtension(**kwargs)
