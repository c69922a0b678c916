"""Worksheet answer-field syntax, checked by the worksheets feature's own parser (never re-implemented)."""
from __future__ import annotations

from rebound.worksheet.check import find_field_problems

from .front_matter import Page
from ..problem import Problem

FIELDS_HINT = "see 'Worksheet fields' in CONTRIBUTING.md for the syntax"


def check_worksheet_fields(page: Page, text: str) -> list[Problem]:
    """Problems in the ``[[ ... ]]`` answer fields of a worksheet; ``text`` is the whole file."""
    return [Problem(page.path, line, message, FIELDS_HINT) for line, message in find_field_problems(text)]
