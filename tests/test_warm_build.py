"""An offline build pays only for what it uses: no fetching or parsing machinery is imported."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rebound.devtools.project import ROOT, build_env

HEAVY = ("feedparser", "httpcore", "h11", "requests", "urllib3", "rebound.formats")
BUILD_AND_LIST = f"""
import sys
from mkdocs.__main__ import cli
try:
    cli(["build", "--quiet", "--strict", "--site-dir", sys.argv[1]])
except SystemExit as exc:
    if exc.code:
        raise
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_an_offline_build_imports_no_fetch_or_parse_library(tmp_path: Path) -> None:
    env = build_env(REBOUND_CACHE_DIR=str(tmp_path / "cache"), REBOUND_GENERATED_DIR=str(tmp_path / "generated"))
    run = subprocess.run([sys.executable, "-c", BUILD_AND_LIST, str(tmp_path / "site")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == []
