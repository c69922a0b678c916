"""Answer fields for worksheets: a tiny block syntax, its checker and its HTML.

An author writes one field per block, starting at the beginning of a line::

    [[lines 4 | What happened, in plain facts?]]
    [[checklist | This week I... | slept enough | moved my body | saw a friend]]
    [[scale | How rested do I feel? | worn out | well rested]]
    [[table 3 | This week's numbers | Week | Sent | Replies]]

A field may run over several lines until its closing ``]]``; ``|`` separates its parts. The
first part is the field type (and, for ``lines`` and ``table``, a number); the second is the label
every field must have; the rest are checklist items, scale end labels or table columns.

``find_field_problems`` checks a whole Markdown file and reports ``(line, message)`` pairs, so
the MkDocs hook can fail the build with ``path:line`` (Python-Markdown never learns the file
name). ``WorksheetFieldsExtension`` turns the fields into labelled form controls.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .fences import mark_fenced_lines
from .yaml_marks import FRONT_MATTER_RE

FIELD_TYPES = ("lines", "checklist", "scale", "table")
MAX_LINES = 30
MAX_ROWS = 20
SCALE_POINTS = (1, 2, 3, 4, 5)
PRIVACY_SENTENCE = "Your answers stay in this browser on this device, and nothing you type is sent anywhere."

_HEAD = re.compile(r"^(?P<kind>[A-Za-z-]+)(?:\s+(?P<number>\S+))?$")


class FieldError(ValueError):
    """A field written wrongly; ``line`` counts from 1 in the text that was checked."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Field:
    """One parsed answer field."""

    kind: str
    label: str
    line: int
    number: int = 0
    parts: list[str] = field(default_factory=list)


@dataclass
class FieldBlock:
    """Where a field sits in the source: lines ``start`` to ``end`` (0-based, inclusive)."""

    start: int
    end: int
    text: str


def find_field_blocks(lines: list[str]) -> Iterator[FieldBlock | FieldError]:
    """Yield each ``[[ ... ]]`` block outside fenced code, or an error for one left open."""
    fenced = list(mark_fenced_lines(lines))
    index = 0
    while index < len(lines):
        line = lines[index]
        if not fenced[index] and line.startswith("[["):
            end = index
            while not lines[end].rstrip().endswith("]]"):
                end += 1
                if end == len(lines) or not lines[end].strip():
                    yield FieldError(index + 1, "field starts with '[[' but never ends with ']]'")
                    break
            else:
                text = " ".join(part.strip() for part in lines[index : end + 1])
                yield FieldBlock(index, end, text.strip()[2:-2])
                index = end
        index += 1


def parse_field(text: str, line: int) -> Field:
    """Parse the inside of one ``[[ ... ]]`` block, or raise ``FieldError``."""
    parts = [part.strip() for part in text.split("|")]
    head = _HEAD.match(parts[0])
    if not head:
        raise FieldError(line, f"field must start with its type ({', '.join(FIELD_TYPES)}), got {parts[0]!r}")
    kind, number_text = head.group("kind").lower(), head.group("number")
    if kind not in FIELD_TYPES:
        raise FieldError(line, f"unknown field type {kind!r}; use one of: {', '.join(FIELD_TYPES)}")
    if len(parts) < 2 or not parts[1]:
        example = f"{kind} 3" if kind in ("lines", "table") else kind
        raise FieldError(line, f"'{kind}' field needs a label after '|', e.g. [[{example} | What happened?]]")
    result = Field(kind=kind, label=parts[1], line=line, parts=parts[2:])
    result.number = _check_number(result, number_text)
    _check_parts(result)
    return result


def _check_number(item: Field, number_text: str | None) -> int:
    limits = {"lines": MAX_LINES, "table": MAX_ROWS}
    if item.kind not in limits:
        if number_text is not None:
            raise FieldError(item.line, f"'{item.kind}' field takes no number, got {number_text!r}")
        return 0
    what = "writing lines" if item.kind == "lines" else "rows"
    if number_text is None:
        raise FieldError(item.line, f"'{item.kind}' field needs a number of {what}, e.g. [[{item.kind} 3 | ...]]")
    if not number_text.isdigit() or not 1 <= int(number_text) <= limits[item.kind]:
        raise FieldError(
            item.line, f"'{item.kind}' needs a whole number of {what} from 1 to {limits[item.kind]}, got {number_text!r}"
        )
    return int(number_text)


def _check_parts(item: Field) -> None:
    if any(not part for part in item.parts):
        raise FieldError(item.line, f"'{item.kind}' field has an empty part between two '|'")
    if item.kind == "lines" and item.parts:
        raise FieldError(item.line, "'lines' field takes only a label; put extra words in the label")
    if item.kind == "checklist" and not item.parts:
        raise FieldError(item.line, "'checklist' field needs at least one item after its label")
    if item.kind == "scale" and len(item.parts) not in (0, 2):
        raise FieldError(item.line, "'scale' field takes a label and then either no end labels or two (low | high)")
    if item.kind == "table" and not item.parts:
        raise FieldError(item.line, "'table' field needs at least one column heading after its caption")


def strip_front_matter(text: str) -> tuple[str, int]:
    """Return the Markdown body and how many lines of front matter came before it."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return text, 0
    return text[match.end() :], text[: match.end()].count("\n")


def find_field_problems(text: str) -> list[tuple[int, str]]:
    """Check every field in a Markdown file (front matter allowed); return ``(line, message)`` pairs."""
    body, offset = strip_front_matter(text)
    problems = []
    for block in find_field_blocks(body.splitlines()):
        try:
            if isinstance(block, FieldError):
                raise block
            parse_field(block.text, block.start + 1)
        except FieldError as error:
            problems.append((error.line + offset, error.message))
    return problems


# Rendering ------------------------------------------------------------------------------------

def slugify(text: str, limit: int = 40) -> str:
    """A short, stable, ASCII slug for ids and storage names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "field"


class IdMaker:
    """Hands out ids that stay the same while a label stays the same, unique within a page."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, label: str) -> str:
        """The id of a field, from its label."""
        return self._unique("ws-" + slugify(label, 32))

    def part(self, base: str, *parts: str) -> str:
        """An id for a control inside the field ``base`` (a radio, a cell, a checklist item).

        Joined with "--", which no slug contains, so a part can never take another field's id
        (a scale "Mood" and a field "Mood 1" once both made ``ws-mood-1``).
        """
        return self._unique(f"{base}--" + "-".join(slugify(p, 32) for p in parts))

    def _unique(self, candidate: str) -> str:
        unique, count = candidate, 1
        while unique in self.used:
            count += 1
            unique = f"{candidate}-{count}"
        self.used.add(unique)
        return unique


def render_field(item: Field, ids: IdMaker) -> str:
    """HTML for one field: real, labelled form controls."""
    renderers = {"lines": _render_lines, "checklist": _render_checklist, "scale": _render_scale, "table": _render_table}
    return renderers[item.kind](item, ids)


def _render_lines(item: Field, ids: IdMaker) -> str:
    ident = ids.make(item.label)
    return (
        f'<div class="ws-field ws-lines" style="--ws-lines: {item.number}">'
        f'<label class="ws-prompt" for="{ident}">{_inline(item.label)}</label>'
        f'<div class="ws-write"><textarea id="{ident}" name="{ident}" rows="{item.number}" '
        f'data-ws-lines="{item.number}"></textarea>{render_rules(item.number)}</div>'
        "</div>"
    )


def render_rules(count: int) -> str:
    """Ruled lines for paper, drawn as borders (browsers skip backgrounds when printing)."""
    return f'<span class="ws-rules" aria-hidden="true">{"<span></span>" * count}</span>'


def _render_checklist(item: Field, ids: IdMaker) -> str:
    base = ids.make(item.label)
    rows = []
    for entry in item.parts:
        ident = ids.part(base, entry)
        rows.append(f'<li><input type="checkbox" id="{ident}" name="{ident}"> <label for="{ident}">{_inline(entry)}</label></li>')
    return (
        f'<fieldset class="ws-field ws-checklist" id="{base}">'
        f'<legend class="ws-prompt">{_inline(item.label)}</legend>'
        f'<ul>{"".join(rows)}</ul></fieldset>'
    )


def _render_scale(item: Field, ids: IdMaker) -> str:
    base = ids.make(item.label)
    hint = ""
    described = ""
    if item.parts:
        low, high = (_inline(part) for part in item.parts)
        hint_id = ids.part(base, "hint")
        hint = f'<p class="ws-hint" id="{hint_id}">1 = {low}, 5 = {high}</p>'
        described = f' aria-describedby="{hint_id}"'
    points = "".join(
        f'<span class="ws-point"><input type="radio" id="{point}" name="{base}" value="{n}">'
        f'<label for="{point}">{n}</label></span>'
        for n in SCALE_POINTS
        for point in [ids.part(base, str(n))]
    )
    return (
        f'<fieldset class="ws-field ws-scale"{described}>'
        f'<legend class="ws-prompt">{_inline(item.label)}</legend>{hint}'
        f'<div class="ws-points">{points}</div></fieldset>'
    )


def _render_table(item: Field, ids: IdMaker) -> str:
    base = ids.make(item.label)
    head = "".join(f'<th scope="col">{_inline(column)}</th>' for column in item.parts)
    body = []
    for row in range(1, item.number + 1):
        cells = "".join(
            f'<td><input type="text" id="{cell}" name="{cell}" '
            f'aria-label="{html.escape(column)}, row {row}"></td>'
            for col, column in enumerate(item.parts, start=1)
            for cell in [ids.part(base, f"r{row}", f"c{col}")]
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="ws-field ws-table-field" id="{base}"><table class="ws-table">'
        f'<caption class="ws-prompt">{_inline(item.label)}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def render_toolbar() -> str:
    """The privacy sentence, and the buttons the page script reveals (they need JavaScript)."""
    return (
        '<div class="ws-toolbar" data-ws-toolbar>'
        f'<p class="ws-privacy">{PRIVACY_SENTENCE}</p>'
        '<p class="ws-buttons" hidden>'
        '<button type="button" class="md-button" data-ws-action="print">Print</button> '
        '<button type="button" class="md-button" data-ws-action="clear">Clear my answers</button> '
        '<span class="ws-status" role="status"></span></p></div>'
    )


def _inline(text: str) -> str:
    """Escape a label; `*emphasis*` is the only markup a label keeps."""
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(text, quote=False))


# Python-Markdown glue -------------------------------------------------------------------------

class WorksheetFieldsPreprocessor(Preprocessor):
    """Swap each field block for stashed HTML before the block parser sees it."""

    def run(self, lines: list[str]) -> list[str]:
        ids = IdMaker()
        out: list[str] = []
        done = 0
        for block in find_field_blocks(lines):
            if isinstance(block, FieldError):
                raise block
            item = parse_field(block.text, block.start + 1)
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


# Page-level helpers the MkDocs hook calls ------------------------------------------------------

def has_fields(page_html: str) -> bool:
    """Whether a rendered page holds worksheet fields."""
    return 'class="ws-toolbar"' in page_html


def render_print_footer_style(*, title: str, url: str) -> str:
    """A ``<style>`` for the page head: the worksheet's title and address at the foot of each sheet.

    A page margin box repeats on every printed page and never covers the content; a fixed-position
    element did neither reliably (Chromium prints it at the scrolled offset, or not at all).
    """
    text = f"{title} · Rebound · {url}"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return (
        '<style media="print">@page { @bottom-left { content: "'
        + escaped
        + '"; font-family: sans-serif; font-size: 8pt; color: #000; } }</style>'
    )


def add_print_footer(page_html: str, *, title: str, url: str) -> str:
    """Put the print footer style at the end of the page's ``<head>``."""
    head_end = page_html.find("</head>")
    if head_end == -1:
        return page_html
    return page_html[:head_end] + render_print_footer_style(title=title, url=url) + page_html[head_end:]
