"""Packaging: the venv can import the `rebound` package and nothing else from hooks/."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rebound.devtools.project import ROOT


HOOK_FILES = sorted(path.stem for path in (ROOT / "hooks").glob("*.py"))


def test_there_are_hook_files_to_check() -> None:
    assert "feeds" in HOOK_FILES


@pytest.mark.parametrize("hook", HOOK_FILES)
def test_a_hook_file_is_not_an_importable_module(hook: str, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", f"import {hook}"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and f"No module named '{hook}'" in result.stderr


def test_the_rebound_package_and_its_helpers_import_from_anywhere(tmp_path: Path) -> None:
    code = "import rebound, rebound.plan, rebound.devtools.project as p; print(p.ROOT)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT


def test_no_script_or_test_edits_sys_path() -> None:
    edit = "sys.path." + "insert"   # spelled in two parts so this file does not match itself
    for path in [*(ROOT / "scripts").glob("*.py"), *(ROOT / "tests").glob("*.py")]:
        assert edit not in path.read_text(encoding="utf-8"), path
