"""HTML for worksheet fields: each kind's form controls, the toolbar and the print footer.

Every author's word is escaped here (`_inline`); no I/O.
"""
from __future__ import annotations

import html
import re

from rebound.worksheet.syntax import Field, IdMaker


# What a page with answer fields loads; both generators declare them (hooks/pages.py in page.meta,
# rebound.generate in front matter) and overrides/main.html links them.
WORKSHEET_STYLESHEET = "assets/worksheets.css"
WORKSHEET_MODULE = "assets/worksheets/main.js"

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
