"""Worksheet ids that have shipped stay: the record, its check and the moves (rebound.worksheet_ids)."""
from __future__ import annotations

import json

from rebound.checks.project import load_project
from rebound.checks.worksheet_ids import check_ids, sheet_ids
from rebound.devtools.project import ROOT
from rebound.worksheet_ids import SheetIds, build_moves, check_shipped_ids, find_unrecorded, load_record, record_ids


def content_sheets() -> list[SheetIds]:
    project, _ = load_project(ROOT)
    return [s for s in (sheet_ids(p) for p in project.pages.values()) if s is not None]


def test_every_id_on_the_pages_is_recorded_as_shipped() -> None:
    missing = find_unrecorded(content_sheets(), load_record(ROOT) or {})
    assert missing == [], f"run python scripts/record_worksheet_ids.py and commit it: {missing}"


def test_every_worksheet_has_an_id_and_every_format_2_name_has_a_new_home() -> None:
    sheets = content_sheets()
    assert len(sheets) == 9
    record = load_record(ROOT)
    moves = build_moves(sheets, record)
    for sheet in sheets:
        v2 = record["worksheets"][sheet.ident]["v2"]
        assert moves[sheet.ident]["keys"] == [f"v2:{v2['key']}"]
        assert sorted(v2["fields"].values()) == sorted(sheet.fields)   # each old name goes to a field on the page


def sheet(fields: list[str], *, ident: str = "feedback-log", **kwargs: object) -> SheetIds:
    return SheetIds("content/worksheets/x.md", ident, {name: n for n, name in enumerate(fields, start=3)}, 2, **kwargs)


RECORD = {"worksheets": {"feedback-log": {"fields": ["said", "tried"], "v2": {"key": "feedback", "fields": {"ws-what-did-they": "said"}}}}}


def test_a_dropped_field_is_refused_unless_the_page_says_what_it_became() -> None:
    problems = check_shipped_ids([sheet(["said"])], RECORD, "")
    assert [p[2] for p in problems] == [
        "field id #tried has shipped (readers' answers are stored under it) but this page no longer has it"]
    assert check_shipped_ids([sheet(["said", "next"], renamed={"tried": "next"})], RECORD, "") == []
    assert check_shipped_ids([sheet(["said"], renamed={"tried": None})], RECORD, "") == []   # retired on purpose


def test_a_renamed_worksheet_keeps_its_answers_through_renamed_from() -> None:
    problems = check_shipped_ids([sheet(["said", "tried"], ident="client-feedback")], RECORD, '{\n  "feedback-log": {}')
    assert problems[0][:3] == ("data/shipped-worksheet-ids.json", 2, "worksheet id 'feedback-log' has shipped but no page has it")
    renamed = sheet(["what-they-said", "tried"], ident="client-feedback", old_sheets=["feedback-log"], renamed={"said": "what-they-said"})
    assert check_shipped_ids([renamed], RECORD, "") == []
    moves = build_moves([renamed], RECORD)["client-feedback"]
    assert moves["keys"] == ["v3:feedback-log", "v2:feedback"]
    # A format 2 name and the old id both lead to the new field.
    assert moves["names"] == {"ws-what-did-they": "ws-what-they-said", "ws-said": "ws-what-they-said"}


def test_two_worksheets_with_one_id_are_refused() -> None:
    project, _ = load_project(ROOT)
    pages = [p for p in project.pages.values() if p.kind == "worksheet"][:2]
    pages[1].meta = {**pages[1].meta, "id": pages[0].meta["id"]}
    problems = check_ids(pages, None, "")
    assert [p.message for p in problems] == [f"worksheet id '{pages[0].meta['id']}' is already used by {pages[0].path}"]


def test_recording_only_ever_adds() -> None:
    updated = record_ids([sheet(["said", "new-one"])], json.loads(json.dumps(RECORD)))
    assert updated["worksheets"]["feedback-log"]["fields"] == ["said", "tried", "new-one"]
    assert updated["worksheets"]["feedback-log"]["v2"] == RECORD["worksheets"]["feedback-log"]["v2"]

