"""Worksheet and field ids that have shipped: the committed record, its check, and the moves it implies.

A reader's answers are stored under the worksheet's ``id`` (front matter) and each field's id
(``[[lines 3 #reason | ...]]``). Once an id has shipped, changing it would hide those answers, so
``data/shipped-worksheet-ids.json`` records every id that has shipped and ``check_shipped_ids``
refuses a page that drops one, unless the page's front matter says what it became::

    renamed_from:
      worksheet: old-sheet-id          # the worksheet's own earlier id(s)
      fields:
        old-field-id: new-field-id     # or null: retired (answers stay in storage and in backups)

``build_moves`` turns the record and the pages into the map the page script uses to move stored
and imported answers from old names to new ones (including format 2's names, which came from the
URL and the first words of each prompt). Only ``load_record`` reads a file; the rest does no I/O.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECORD = "data/shipped-worksheet-ids.json"


@dataclass
class SheetIds:
    """What one worksheet page says about its ids."""

    path: str                     # as printed, e.g. content/worksheets/thought-record.md
    ident: str                    # front matter id
    fields: dict[str, int]        # field id -> line
    line: int = 1                 # line of the front matter's id
    old_sheets: list[str] = field(default_factory=list)
    renamed: dict[str, str | None] = field(default_factory=dict)   # old field id -> new (None: retired)


def read_renamed_from(meta: dict[str, Any]) -> tuple[list[str], dict[str, str | None]]:
    """The ``renamed_from`` front matter as (earlier worksheet ids, field moves)."""
    value = meta.get("renamed_from") or {}
    sheets = value.get("worksheet") or []
    if isinstance(sheets, str):
        sheets = [sheets]
    return list(sheets), dict(value.get("fields") or {})


def load_record(root: Path) -> dict[str, Any] | None:
    """The committed record of shipped ids, or None when the project has none."""
    path = root / RECORD
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _record_line(record_text: str, needle: str) -> int:
    at = record_text.find(f'"{needle}"')
    return record_text.count("\n", 0, at) + 1 if at >= 0 else 1


def check_shipped_ids(sheets: list[SheetIds], record: dict[str, Any], record_text: str) -> list[tuple[str, int, str, str]]:
    """Problems as ``(path, line, message, hint)``: a shipped id dropped or moved to an id the page lacks."""
    problems: list[tuple[str, int, str, str]] = []
    shipped: dict[str, Any] = record.get("worksheets", {})
    owner = {s.ident: s for s in sheets}
    for sheet in sheets:
        for old in sheet.old_sheets:
            owner.setdefault(old, sheet)
    for ident, entry in shipped.items():
        sheet = owner.get(ident)
        if sheet is None:
            problems.append((RECORD, _record_line(record_text, ident), f"worksheet id '{ident}' has shipped but no page has it",
                             f"give its page `id: {ident}` again, or list it in the new page's front matter: "
                             f"renamed_from: {{worksheet: {ident}}}"))
            continue
        for name in entry.get("fields", []):
            problems += _check_field_kept(sheet, ident, name)
    for sheet in sheets:
        problems += _check_moves(sheet)
    return problems


def find_unrecorded(sheets: list[SheetIds], record: dict[str, Any]) -> list[str]:
    """Ids on the pages that the record does not hold yet, as ``sheet`` or ``sheet#field``.

    Not a ``make check`` problem: a new worksheet's ids may still change while it is written.
    The test suite asks for them before a merge (the record is how they count as shipped).
    """
    shipped: dict[str, Any] = record.get("worksheets", {})
    missing = []
    for sheet in sheets:
        recorded = shipped.get(sheet.ident, {}).get("fields")
        if recorded is None:
            missing.append(sheet.ident)
            continue
        missing += [f"{sheet.ident}#{name}" for name in sheet.fields if name not in recorded]
    return missing


def _check_field_kept(sheet: SheetIds, sheet_ident: str, name: str) -> list[tuple[str, int, str, str]]:
    if name in sheet.renamed or (sheet_ident == sheet.ident and name in sheet.fields):
        return []
    if sheet_ident != sheet.ident and name in sheet.fields:
        return []   # a whole worksheet renamed: its fields kept their ids
    return [(sheet.path, sheet.line, f"field id #{name} has shipped (readers' answers are stored under it) but this page no longer has it",
             f"give the field its id back, or say what it became: renamed_from: {{fields: {{{name}: new-id}}}} "
             "(or null to retire it; its answers stay in readers' browsers and backups)")]


def _check_moves(sheet: SheetIds) -> list[tuple[str, int, str, str]]:
    return [(sheet.path, sheet.line, f"renamed_from moves #{old} to #{new}, which this page does not have",
             "use the id of a field on this page (the part after # in [[lines 3 #id | ...]])")
            for old, new in sheet.renamed.items() if new is not None and new not in sheet.fields]


def record_ids(sheets: list[SheetIds], record: dict[str, Any] | None) -> dict[str, Any]:
    """The record with every id the pages have now added (nothing is ever removed from it)."""
    result = dict(record or {})
    shipped = result.setdefault("worksheets", {})
    for sheet in sheets:
        entry = shipped.setdefault(sheet.ident, {"fields": []})
        entry["fields"] += [name for name in sheet.fields if name not in entry["fields"]]
    return result


def build_moves(sheets: list[SheetIds], record: dict[str, Any]) -> dict[str, Any]:
    """For each worksheet id: the storage keys that held its answers before, and old -> new answer names.

    ``keys`` are ``"v2:<url slug>"`` (format 2, keyed by the page's URL) and ``"v3:<earlier id>"``;
    ``names`` map a whole field's storage name (``ws-<id>``); the page script moves its parts
    (``ws-<id>--r1-c2``) along with it.
    """
    shipped: dict[str, Any] = record.get("worksheets", {})
    moves: dict[str, Any] = {}
    for sheet in sheets:
        keys: list[str] = []
        names: dict[str, str | None] = {}
        for ident in [sheet.ident, *sheet.old_sheets]:
            if ident != sheet.ident:
                keys.append(f"v3:{ident}")
            v2 = shipped.get(ident, {}).get("v2")
            if v2:
                keys.append(f"v2:{v2['key']}")
                for old_name, old_id in v2["fields"].items():
                    names[old_name] = _storage_name(sheet.renamed.get(old_id, old_id))
        for old_id, new_id in sheet.renamed.items():
            names[_storage_name(old_id)] = _storage_name(new_id)
        # A retired field (None) keeps its old name: its answers stay in storage and backups.
        moves[sheet.ident] = {"keys": keys, "names": {k: v for k, v in names.items() if v is not None and k != v}}
    return moves


def _storage_name(ident: str | None) -> str | None:
    return None if ident is None else "ws-" + ident


@dataclass
class WorksheetIds:
    """The worksheets a build has seen and the record of shipped ids: what each worksheet page carries."""

    record: dict[str, Any] = field(default_factory=dict)
    sheets: list[SheetIds] = field(default_factory=list)
    _moves: dict[str, Any] | None = None

    @classmethod
    def from_root(cls, root: Path) -> WorksheetIds:
        return cls(record=load_record(root) or {})

    def add(self, sheet: SheetIds) -> None:
        """Note one worksheet page (every page is read before the first is written out)."""
        self.sheets = [s for s in self.sheets if s.path != sheet.path] + [sheet]
        self._moves = None

    def render_script(self, sheet: str) -> str:
        """A JSON ``<script>`` for the page: its worksheet id and every worksheet's moves (imports need them all)."""
        if self._moves is None:
            self._moves = build_moves(self.sheets, self.record)
        text = json.dumps({"sheet": sheet, "moves": self._moves}, separators=(",", ":"), sort_keys=True)
        return '<script type="application/json" id="ws-ids">' + text.replace("<", "\\u003c") + "</script>"
