"""The project as builds see it: what to copy for a throwaway build, and how to run one.

Shared by the test fixtures (tests/conftest.py), the benchmarks (scripts/bench*.py) and the audit.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]   # hooks/rebound/devtools/project.py
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Everything `mkdocs build` reads: the config, the Markdown, the hooks, the theme overrides, the sources.
PROJECT_PARTS = ("mkdocs.yml", "content", "hooks", "overrides", "data")


def build_env(**overrides: str) -> dict[str, str]:
    """Environment for a build that never touches the network unless the caller says so.

    When it does, its feeds come from our loopback server, which real builds refuse to fetch from.
    """
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "REBOUND_OFFLINE": "1", "REBOUND_ALLOW_LOOPBACK": "1"})
    env.update(overrides)
    return env


def run_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on ``project`` into ``site_dir`` and return the finished process.

    Its generated folder is ``<site_dir>.generated`` unless ``env`` names one: builds of one
    checkout that run side by side (the tests' workers) must not share it.
    """
    env.setdefault("REBOUND_GENERATED_DIR", f"{site_dir}.generated")
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=project,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_project(dest: Path) -> Path:
    """Copy what a build needs into ``dest``, for a test or a benchmark to alter."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def import_script(name: str) -> ModuleType:
    """The script ``scripts/<name>.py`` as a module (tests call its functions), without touching ``sys.path``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module
