"""The page script's id data: what a worksheet page carries so stored answers follow renamed ids."""
from __future__ import annotations

import json
from pathlib import Path

from rebound.worksheet_ids import RECORD, SheetIds, WorksheetIds, find_unrecorded, load_record, read_renamed_from


def _sheet(ident: str, fields: list[str], **kwargs: object) -> SheetIds:
    return SheetIds(path=f"content/worksheets/{ident}.md", ident=ident, fields={f: n for n, f in enumerate(fields, 3)},
                    **kwargs)  # type: ignore[arg-type]


def test_renamed_from_accepts_one_earlier_id_as_text_or_several_as_a_list() -> None:
    assert read_renamed_from({"renamed_from": {"worksheet": "old-log"}}) == (["old-log"], {})
    assert read_renamed_from({"renamed_from": {"worksheet": ["a", "b"], "fields": {"why": "reason"}}}) == (
        ["a", "b"], {"why": "reason"})
    assert read_renamed_from({"title": "no renames"}) == ([], {})


def test_a_project_without_a_record_has_none_and_one_with_a_record_reads_it(tmp_path: Path) -> None:
    assert load_record(tmp_path) is None
    assert WorksheetIds.from_root(tmp_path).record == {}
    (tmp_path / RECORD).parent.mkdir(parents=True)
    (tmp_path / RECORD).write_text(json.dumps({"worksheets": {"log": {"fields": ["why"]}}}), encoding="utf-8")
    assert WorksheetIds.from_root(tmp_path).record == {"worksheets": {"log": {"fields": ["why"]}}}


def test_a_worksheet_missing_from_the_record_is_listed_whole_and_new_fields_one_by_one() -> None:
    record = {"worksheets": {"log": {"fields": ["why"]}}}
    assert find_unrecorded([_sheet("log", ["why", "next"]), _sheet("plan", ["goal"])], record) == ["log#next", "plan"]


def test_the_page_script_carries_every_worksheets_moves_as_safe_json() -> None:
    record = {"worksheets": {"old-log": {"fields": ["why"]}}}
    ids = WorksheetIds(record=record)
    ids.add(_sheet("log", ["why"], old_sheets=["old-log"], renamed={"how": "why"}))
    ids.add(_sheet("plan</script><b>", ["goal"]))
    script = ids.render_script("log")
    prefix, suffix = '<script type="application/json" id="ws-ids">', "</script>"
    assert script.startswith(prefix) and script.endswith(suffix)
    body = script[len(prefix):-len(suffix)]
    assert "<" not in body  # an id can never close the script element early
    data = json.loads(body)
    assert data["sheet"] == "log"
    assert data["moves"]["log"] == {"keys": ["v3:old-log"], "names": {"ws-how": "ws-why"}}
    assert data["moves"]["plan</script><b>"] == {"keys": [], "names": {}}


def test_a_page_read_again_replaces_what_it_said_before() -> None:
    ids = WorksheetIds()
    ids.add(_sheet("log", ["why"], renamed={"how": "why"}))
    first = json.loads(ids.render_script("log").split(">", 1)[1].rsplit("<", 1)[0])
    ids.add(_sheet("log", ["why"]))  # `mkdocs serve` rebuilt the page without its rename
    again = json.loads(ids.render_script("log").split(">", 1)[1].rsplit("<", 1)[0])
    assert first["moves"]["log"]["names"] == {"ws-how": "ws-why"}
    assert again["moves"] == {"log": {"keys": [], "names": {}}}
