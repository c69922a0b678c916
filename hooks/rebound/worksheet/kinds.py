"""The field kinds: one ``FieldKind`` entry each in ``FIELD_KINDS`` (rules and renderer)."""
from __future__ import annotations

from rebound.worksheet.html import (
    RUNWAY_RESULT,
    TRACKER_COLUMNS,
    render_checklist,
    render_lines,
    render_number,
    render_runway,
    render_scale,
    render_table,
    render_tracker,
)
from rebound.worksheet.syntax import Count, Field, FieldKind, IdMaker


# Filled once here and only read after: adding a kind is adding one entry.
FIELD_KINDS: dict[str, FieldKind] = {kind.name: kind for kind in (
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
)}


def printed_words(item: Field) -> list[str]:
    """Every label, item, column and fixed heading a field shows the reader (on screen and paper)."""
    return [item.label, *item.parts, *FIELD_KINDS[item.kind].words]


def render_field(item: Field, ids: IdMaker) -> str:
    """HTML for one field: real, labelled form controls."""
    return FIELD_KINDS[item.kind].render(item, ids)
