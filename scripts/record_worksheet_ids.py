"""Add every worksheet and field id the pages have now to data/shipped-worksheet-ids.json.

Run it when a new worksheet or field is ready to ship (the test suite says when one is missing).
It only ever adds: an id in the record is one readers may have answers under, and `make check`
keeps it from being dropped (see rebound.worksheet_ids).

    python scripts/record_worksheet_ids.py
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from rebound.checks.project import load_project
from rebound.checks.worksheet_ids import sheet_ids
from rebound.worksheet_ids import RECORD, find_unrecorded, load_record, record_ids

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record the worksheet ids that ship.")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    args = parser.parse_args(argv)
    project, _ = load_project(args.root)
    sheets = [s for s in (sheet_ids(p) for p in project.pages.values()) if s is not None]
    record = load_record(args.root) or {}
    added = find_unrecorded(sheets, record)
    (args.root / RECORD).write_text(json.dumps(record_ids(sheets, record), indent=2) + "\n", encoding="utf-8")
    print(f"Recorded {len(added)} new id(s) in {RECORD}: {', '.join(added) or 'none'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
