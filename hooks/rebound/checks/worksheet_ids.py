"""Worksheet ids: unique across pages, and never dropped once shipped (rebound.worksheet_ids holds the rule)."""
from __future__ import annotations

from typing import Any

from rebound.worksheet.check import find_field_ids
from rebound.worksheet_ids import RECORD, SheetIds, check_shipped_ids, read_renamed_from

from ..problem import Problem
from .front_matter import Page


def sheet_ids(page: Page) -> SheetIds | None:
    """What a worksheet page says about its ids, or None when it has no readable id."""
    ident = page.meta.get("id")
    if page.kind != "worksheet" or not isinstance(ident, str):
        return None
    line = page.doc.line_of(("id",)) if page.doc else 1
    old_sheets, renamed = read_renamed_from(page.meta)
    return SheetIds(page.path, ident, dict(find_field_ids(page.text)), line, old_sheets, renamed)


def check_ids(pages: list[Page], record: dict[str, Any] | None, record_text: str) -> list[Problem]:
    """Two worksheets with one id; with a record of shipped ids, every rule of check_shipped_ids."""
    sheets = [s for s in (sheet_ids(p) for p in pages) if s is not None]
    problems: list[Problem] = []
    first: dict[str, SheetIds] = {}
    for sheet in sheets:
        if sheet.ident in first:
            problems.append(Problem(sheet.path, sheet.line, f"worksheet id '{sheet.ident}' is already used by {first[sheet.ident].path}",
                                    "every worksheet needs its own id: pick a new one (never reuse an old one)"))
        first.setdefault(sheet.ident, sheet)
    if record is not None:
        problems += [Problem(*found) for found in check_shipped_ids(sheets, record, record_text)]
    return problems


__all__ = ["RECORD", "check_ids", "sheet_ids"]
