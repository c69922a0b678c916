"""Answer fields for worksheets: a tiny block syntax, its checker and its HTML.

An author writes one field per block, starting at the beginning of a line::

    [[lines 4 #what-happened | What happened, in plain facts?]]
    [[checklist #this-week | This week I... | slept enough | moved my body | saw a friend]]
    [[scale #rested | How rested do I feel? | worn out | well rested]]
    [[table 3 #numbers | This week's numbers | Week | Sent | Replies]]
    [[number #strength | How strong is the feeling? | out of 100]]
    [[runway #runway | My runway | Savings I can use | Essential costs a month | Money still coming in a month]]
    [[tracker 20 #applications | My applications]]

A field may run over several lines until its closing ``]]``; ``|`` separates its parts. The
first part is the field kind (and, for kinds that count something, a number) and the field's id
after ``#``; the second is the label every field must have; the rest are checklist items, scale
end labels, table columns...

The id is what a reader's answers are stored under. It never comes from the label, so a label can
be reworded freely; an id that has shipped is recorded (data/shipped-worksheet-ids.json) and
``make check`` refuses to let it change unless the page lists the move under ``renamed_from``.

Every kind is one ``FieldKind`` entry in ``FIELD_KINDS``: its number rule, its parts rule and its
renderer. Adding a kind is adding one entry (and, if it needs behaviour on screen, a small part of
``worksheets.js``). ``find_field_problems`` checks a whole Markdown file and reports
``(line, message)`` pairs, so the MkDocs hook can fail the build with ``path:line``
(Python-Markdown never learns the file name). ``WorksheetFieldsExtension`` turns the fields into
labelled form controls.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .fences import mark_fenced_lines
from .yaml_marks import strip_front_matter

SCALE_POINTS = (1, 2, 3, 4, 5)
PRIVACY_SENTENCE = "Your answers stay in this browser on this device, and nothing you type is sent anywhere."
# Safari on iPhone and iPad may clear a site's stored data after weeks without a visit, unless the
# site was added to the Home Screen (see the note in ARCHITECTURE.md, "Worksheet answers").
HOME_SCREEN_SENTENCE = (
    "On an iPhone or iPad, add Rebound to your Home Screen so your answers are kept safe: "
    "tap the Share button, then \u201cAdd to Home Screen\u201d."
)
# The tracker's stages, in funnel order: (stored value, what the reader picks).
TRACKER_STAGES = (("sent", "Sent only"), ("reply", "Replied"), ("call", "Call"), ("offer", "Offer"))
RUNWAY_RESULT = "Months of runway:"
TRACKER_COLUMNS = ("Date sent", "Platform", "Job", "Rate quoted", "Furthest stage", "Outcome or note")

FIELD_OPEN = "[["   # every field starts a line with it
_HEAD = re.compile(r"^(?P<kind>[A-Za-z-]+)(?:\s+(?P<number>[^\s#]\S*))?(?:\s+#(?P<ident>\S*))?$")
# Lower-case words joined by single dashes: "--" joins a field's id to its parts (see IdMaker.part).
FIELD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELD_ID_MAX = 40


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
    ident: str = ""
    number: int = 0
    parts: list[str] = field(default_factory=list)


@dataclass
class FieldBlock:
    """Where a field sits in the source: lines ``start`` to ``end`` (0-based, inclusive)."""

    start: int
    end: int
    text: str


class IdMaker:
    """Hands out the HTML ids (which are also the storage names) of a page's controls."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, ident: str) -> str:
        """The id of a field, from the id its author gave it."""
        return self._unique("ws-" + ident)

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


@dataclass(frozen=True)
class Count:
    """The number after a kind's name: required, from 1 to ``maximum``, counting ``unit``."""

    maximum: int
    unit: str


@dataclass(frozen=True)
class FieldKind:
    """Everything the syntax knows about one kind of field.

    ``parts_ok`` says whether the number of parts after the label is allowed; ``parts_rule`` is
    the sentence a writer reads when it is not. ``count`` is ``None`` for kinds that take no number.
    ``words`` are what the kind itself prints besides the author's label and parts (fixed headings).
    """

    name: str
    render: Callable[[Field, IdMaker], str]
    parts_ok: Callable[[int], bool]
    parts_rule: str
    count: Count | None = None
    words: tuple[str, ...] = ()

    def example(self) -> str:
        """How the field starts, for error messages: ``lines 3`` or ``checklist``."""
        return f"{self.name} 3" if self.count else self.name


FIELD_KINDS: dict[str, FieldKind] = {}


def register_field_kind(kind: FieldKind) -> FieldKind:
    """Add a field kind to the syntax (one entry: its rules and its renderer)."""
    FIELD_KINDS[kind.name] = kind
    return kind


# Parsing and checking -------------------------------------------------------------------------

def find_field_blocks(lines: list[str]) -> Iterator[FieldBlock | FieldError]:
    """Yield each ``[[ ... ]]`` block outside fenced code, or an error for one left open."""
    fenced = list(mark_fenced_lines(lines))
    index = 0
    while index < len(lines):
        line = lines[index]
        if not fenced[index] and line.startswith(FIELD_OPEN):
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
    names = ", ".join(FIELD_KINDS)
    head = _HEAD.match(parts[0])
    if not head:
        raise FieldError(line, f"field must start with its type ({names}), got {parts[0]!r}")
    name, number_text = head.group("kind").lower(), head.group("number")
    kind = FIELD_KINDS.get(name)
    if kind is None:
        raise FieldError(line, f"unknown field type {name!r}; use one of: {names}")
    if len(parts) < 2 or not parts[1]:
        raise FieldError(line, f"'{name}' field needs a label after '|', e.g. [[{kind.example()} | What happened?]]")
    result = Field(kind=name, label=parts[1], line=line, parts=parts[2:])
    result.number = _check_number(kind, number_text, line)
    if any(not part for part in result.parts):
        raise FieldError(line, f"'{name}' field has an empty part between two '|'")
    if not kind.parts_ok(len(result.parts)):
        raise FieldError(line, kind.parts_rule)
    result.ident = _check_ident(kind, head.group("ident"), line)
    return result


def _check_ident(kind: FieldKind, ident: str | None, line: int) -> str:
    example = f"[[{kind.example()} #what-happened | ...]]"
    if not ident:
        raise FieldError(line, f"'{kind.name}' field needs an id after its type, e.g. {example}")
    if len(ident) > FIELD_ID_MAX or not FIELD_ID.match(ident):
        raise FieldError(line, f"field id {ident!r} must be lower-case words joined by single dashes, "
                               f"at most {FIELD_ID_MAX} characters, e.g. {example}")
    return ident


def _check_number(kind: FieldKind, number_text: str | None, line: int) -> int:
    if kind.count is None:
        if number_text is not None:
            raise FieldError(line, f"'{kind.name}' field takes no number, got {number_text!r}")
        return 0
    unit, maximum = kind.count.unit, kind.count.maximum
    if number_text is None:
        raise FieldError(line, f"'{kind.name}' field needs a number of {unit}, e.g. [[{kind.name} 3 | ...]]")
    if not number_text.isdigit() or not 1 <= int(number_text) <= maximum:
        raise FieldError(line, f"'{kind.name}' needs a whole number of {unit} from 1 to {maximum}, got {number_text!r}")
    return int(number_text)


def find_field_problems(text: str) -> list[tuple[int, str]]:
    """Check every field in a Markdown file (front matter allowed); return ``(line, message)`` pairs."""
    body, offset = strip_front_matter(text)
    problems = []
    seen: dict[str, int] = {}
    for block in find_field_blocks(body.splitlines()):
        try:
            if isinstance(block, FieldError):
                raise block
            item = parse_field(block.text, block.start + 1)
            _check_unique(item, seen)
        except FieldError as error:
            problems.append((error.line + offset, error.message))
    return problems


def _check_unique(item: Field, seen: dict[str, int]) -> None:
    if item.ident in seen:
        raise FieldError(item.line, f"field id #{item.ident} is already used on line {seen[item.ident]} of this page")
    seen[item.ident] = item.line


def find_field_ids(text: str) -> list[tuple[str, int]]:
    """The ``(id, line)`` of every well-written field in a Markdown file (front matter allowed)."""
    body, offset = strip_front_matter(text)
    found = []
    for block in find_field_blocks(body.splitlines()):
        if isinstance(block, FieldBlock):
            try:
                found.append((parse_field(block.text, block.start + 1).ident, block.start + 1 + offset))
            except FieldError:
                continue
    return found


# Rendering ------------------------------------------------------------------------------------

def slugify(text: str, limit: int = 40) -> str:
    """A short, stable, ASCII slug for ids and storage names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "field"


def printed_words(item: Field) -> list[str]:
    """Every label, item, column and fixed heading a field shows the reader (on screen and paper)."""
    return [item.label, *item.parts, *FIELD_KINDS[item.kind].words]


def render_field(item: Field, ids: IdMaker) -> str:
    """HTML for one field: real, labelled form controls."""
    return FIELD_KINDS[item.kind].render(item, ids)


def render_lines(item: Field, ids: IdMaker) -> str:
    """A prompt and a text box ``number`` lines high (ruled lines on paper)."""
    ident = ids.make(item.ident)
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


def render_checklist(item: Field, ids: IdMaker) -> str:
    """A heading and a checkbox per item."""
    base = ids.make(item.ident)
    rows = []
    for entry in item.parts:
        ident = ids.part(base, entry)
        rows.append(f'<li><input type="checkbox" id="{ident}" name="{ident}"> <label for="{ident}">{_inline(entry)}</label></li>')
    return (
        f'<fieldset class="ws-field ws-checklist" id="{base}">'
        f'<legend class="ws-prompt">{_inline(item.label)}</legend>'
        f'<ul>{"".join(rows)}</ul></fieldset>'
    )


def render_scale(item: Field, ids: IdMaker) -> str:
    """Five radio buttons, with the meaning of 1 and 5 when given."""
    base = ids.make(item.ident)
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


def _cell(ident: str, column: str, row: int) -> str:
    """A table cell: a text box that wraps and grows (a one-line input clipped long answers)."""
    label = html.escape(column)
    return (
        f'<td data-label="{label}"><textarea class="ws-cell" id="{ident}" name="{ident}" rows="1" '
        f'aria-label="{label}, row {row}"></textarea></td>'
    )


def render_table(item: Field, ids: IdMaker) -> str:
    """A captioned table with a growing text box in every cell (stacked cards on a phone)."""
    base = ids.make(item.ident)
    head = "".join(f'<th scope="col">{_inline(column)}</th>' for column in item.parts)
    body = []
    for row in range(1, item.number + 1):
        cells = "".join(
            _cell(ids.part(base, f"r{row}", f"c{col}"), column, row) for col, column in enumerate(item.parts, start=1)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="ws-field ws-table-field" id="{base}"><table class="ws-table">'
        f'<caption class="ws-prompt">{_inline(item.label)}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def _number_input(ident: str, *, unit: str = "") -> str:
    # Text, not type=number: people type "1,200" or "€900", which a number input throws away.
    unit_html = f' <span class="ws-unit">{_inline(unit)}</span>' if unit else ""
    return (
        f'<span class="ws-number-box"><input type="text" inputmode="decimal" autocomplete="off" '
        f'class="ws-number" id="{ident}" name="{ident}">{unit_html}</span>'
    )


def render_number(item: Field, ids: IdMaker) -> str:
    """A prompt and a short box for a number, with an optional unit after it."""
    ident = ids.make(item.ident)
    unit = item.parts[0] if item.parts else ""
    return (
        f'<div class="ws-field ws-number-field"><label class="ws-prompt" for="{ident}">{_inline(item.label)}</label>'
        f"{_number_input(ident, unit=unit)}</div>"
    )


def render_runway(item: Field, ids: IdMaker) -> str:
    """Savings, monthly costs and monthly income in, months of runway out (worked out on screen)."""
    base = ids.make(item.ident)
    rows, inputs = [], []
    for role, text in zip(("savings", "costs", "income"), item.parts):
        ident = ids.part(base, role)
        inputs.append(ident)
        rows.append(
            f'<div class="ws-runway-row" data-ws-role="{role}"><label for="{ident}">{_inline(text)}</label>'
            f"{_number_input(ident)}</div>"
        )
    result_id = ids.part(base, "result")
    return (
        f'<fieldset class="ws-field ws-runway" id="{base}" data-ws-calc="runway">'
        f'<legend class="ws-prompt">{_inline(item.label)}</legend>{"".join(rows)}'
        f'<p class="ws-runway-result">{RUNWAY_RESULT} <output id="{result_id}" for="{" ".join(inputs)}" '
        'data-ws-result></output></p></fieldset>'
    )


def render_tracker(item: Field, ids: IdMaker) -> str:
    """The per-application log, and the place where the page script shows totals, rates and a chart."""
    base = ids.make(item.ident)
    head = "".join(f'<th scope="col">{column}</th>' for column in TRACKER_COLUMNS)
    body = []
    for row in range(1, item.number + 1):
        date, platform, job, rate, stage, outcome = (
            ids.part(base, f"r{row}", f"c{col}") for col in range(1, len(TRACKER_COLUMNS) + 1)
        )
        options = '<option value="">Not set</option>' + "".join(f'<option value="{v}">{t}</option>' for v, t in TRACKER_STAGES)
        body.append(
            "<tr>"
            f'<td data-label="{TRACKER_COLUMNS[0]}"><input type="date" class="ws-date" id="{date}" name="{date}" '
            f'aria-label="{TRACKER_COLUMNS[0]}, row {row}"></td>'
            + _cell(platform, TRACKER_COLUMNS[1], row)
            + _cell(job, TRACKER_COLUMNS[2], row)
            + _cell(rate, TRACKER_COLUMNS[3], row)
            + f'<td data-label="{TRACKER_COLUMNS[4]}"><select class="ws-stage" id="{stage}" name="{stage}" '
            f'aria-label="{TRACKER_COLUMNS[4]}, row {row}">{options}</select></td>'
            + _cell(outcome, TRACKER_COLUMNS[5], row)
            + "</tr>"
        )
    return (
        f'<div class="ws-field ws-table-field ws-tracker" id="{base}" data-ws-calc="tracker">'
        f'<table class="ws-table"><caption class="ws-prompt">{_inline(item.label)}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f'<p class="ws-hint">Furthest stage: {", ".join(t for _, t in TRACKER_STAGES)}.</p></div>'
        f'<div class="ws-tracker-summary" data-ws-summary="{base}" aria-live="polite"></div>'
    )


for _kind in (
    FieldKind("lines", render_lines, lambda n: n == 0,
              "'lines' field takes only a label; put extra words in the label", Count(30, "writing lines")),
    FieldKind("checklist", render_checklist, lambda n: n >= 1, "'checklist' field needs at least one item after its label"),
    FieldKind("scale", render_scale, lambda n: n in (0, 2),
              "'scale' field takes a label and then either no end labels or two (low | high)"),
    FieldKind("table", render_table, lambda n: n >= 1,
              "'table' field needs at least one column heading after its caption", Count(20, "rows")),
    FieldKind("number", render_number, lambda n: n <= 1,
              "'number' field takes a label and at most one unit, e.g. [[number | Savings | euros]]"),
    FieldKind("runway", render_runway, lambda n: n == 3,
              "'runway' field takes a label and three parts: savings | monthly costs | monthly income",
              words=(RUNWAY_RESULT,)),
    FieldKind("tracker", render_tracker, lambda n: n == 0,
              "'tracker' field takes only a caption; its columns are fixed: " + ", ".join(TRACKER_COLUMNS),
              Count(60, "rows"), words=TRACKER_COLUMNS),
):
    register_field_kind(_kind)


def render_toolbar() -> str:
    """The privacy sentence, and the entry, print and export controls the page script reveals."""
    return (
        '<div class="ws-toolbar" data-ws-toolbar>'
        f'<p class="ws-privacy">{PRIVACY_SENTENCE}</p>'
        '<div class="ws-controls" hidden>'
        '<div class="ws-safety"><p class="ws-keep" data-ws-keep></p>'
        f'<p class="ws-ios" data-ws-ios hidden>{HOME_SCREEN_SENTENCE}</p>'
        '<p class="ws-last-backup" data-ws-last-backup></p>'
        '<p class="ws-nudge" data-ws-nudge hidden>A week of new answers and no backup yet. '
        '<button type="button" class="md-button" data-ws-action="export-all-json">Download a backup</button></p></div>'
        '<div class="ws-entries"><p class="ws-entries-head"><strong>Your entries</strong> '
        '<span class="ws-entry-now" data-ws-current></span></p>'
        '<ul class="ws-entry-list" data-ws-list aria-label="Your entries"></ul>'
        '<p class="ws-buttons">'
        '<button type="button" class="md-button" data-ws-action="new">New entry</button> '
        '<button type="button" class="md-button" data-ws-action="rename">Rename</button> '
        '<button type="button" class="md-button" data-ws-action="delete">Delete this entry</button> '
        '<button type="button" class="md-button" data-ws-action="clear">Clear my answers</button></p></div>'
        '<p class="ws-buttons">'
        '<button type="button" class="md-button" data-ws-action="print">Print with my answers</button> '
        '<button type="button" class="md-button" data-ws-action="print-blank">Print blank</button></p>'
        '<details class="ws-transfer"><summary>Back up, move or import your answers</summary>'
        "<p>Files stay on your device: they are made in this browser and never sent anywhere.</p>"
        '<p class="ws-buttons"><span>This worksheet:</span> '
        '<button type="button" class="md-button" data-ws-action="export-json">Export JSON</button> '
        '<button type="button" class="md-button" data-ws-action="export-md">Export Markdown</button></p>'
        '<p class="ws-buttons"><span>Every worksheet:</span> '
        '<button type="button" class="md-button" data-ws-action="export-all-json">Export all as JSON</button> '
        '<button type="button" class="md-button" data-ws-action="export-all-md">Export all as Markdown</button></p>'
        '<p><label for="rebound-import-file">Import a JSON file exported from Rebound:</label> '
        '<input type="file" id="rebound-import-file" accept=".json,application/json" data-ws-import></p>'
        "</details>"
        '<p class="ws-status" role="status" data-ws-status></p>'
        "</div></div>"
    )


def _inline(text: str) -> str:
    """Escape a label; `*emphasis*` is the only markup a label keeps."""
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(text, quote=False))


# Python-Markdown glue -------------------------------------------------------------------------

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
            _check_unique(item, seen)
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


