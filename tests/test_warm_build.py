"""A warm build pays only for what it uses: no fetching, parsing or schema machinery is imported."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rebound.devtools.project import ROOT, build_env

HEAVY = ("feedparser", "httpcore", "h11", "requests", "urllib3", "jsonschema", "rebound.formats")
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


def test_an_offline_build_with_a_checked_sources_file_imports_no_fetch_parse_or_schema_library(tmp_path: Path) -> None:
    env = build_env(REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", BUILD_AND_LIST, str(tmp_path / "site")], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    first, second = (run.stdout.split() for run in runs)
    assert "jsonschema" in first          # the first build checks the sources file against its schema
    assert second == []                   # the next one trusts the marker: nothing heavy at all
