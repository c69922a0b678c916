"""The package's dependency rule (pyproject's `[tool.importlinter]` contracts, ARCHITECTURE.md) holds.

`lint-imports` reads the real `import` statements of hooks/rebound; a module that imports from a
layer above its own, or make check code that imports the feed pipeline, fails here.
"""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from rebound.devtools.project import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONFIG['contracts'])} kept, 0 broken" in result.stdout


def test_every_module_of_the_package_is_on_the_map() -> None:
    """A new module has a place in a contract, so the rule covers it (devtools is for tests and scripts)."""
    placed: set[str] = set()
    for contract in CONFIG["contracts"]:
        for layer in contract.get("layers", []):
            placed |= {name.strip() for name in layer.split("|")}
        for key in ("source_modules", "forbidden_modules", "modules"):
            placed |= {name.removeprefix("rebound.") for name in contract.get(key, [])}
    package = ROOT / "hooks" / "rebound"
    modules = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    modules |= {path.parent.name for path in package.glob("*/__init__.py")}
    assert modules - placed - {"devtools"} == set()
