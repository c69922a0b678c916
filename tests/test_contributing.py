"""The contributing guide and README name only make targets that exist, and document each page type."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from rebound.devtools.project import ROOT
from rebound.page_types import load_page_types
from rebound.schema import load_schema

DOCS = ["README.md", "CONTRIBUTING.md", ".github/pull_request_template.md"]


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", text, flags=re.M))


def named_targets(doc: str) -> set[str]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    # Commands, not prose: `make x` in backticks, or a code-block line starting with make.
    return set(re.findall(r"(?:^|`)make ([a-z][\w-]*)", text, flags=re.M))


@pytest.mark.parametrize("doc", DOCS)
def test_every_make_target_named_in_the_docs_exists(doc: str) -> None:
    named = named_targets(doc)
    assert named, f"{doc} names no make target"
    assert named <= makefile_targets(), f"{doc} names missing targets: {sorted(named - makefile_targets())}"


def test_the_target_finder_sees_a_missing_target() -> None:
    assert "check" in makefile_targets() and "publish" not in makefile_targets()


def test_contributing_documents_every_required_key_of_every_page_type() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for page_type in load_page_types():
        schema = load_schema(page_type.schema)
        for key in schema["required"]:
            assert f"`{key}`" in text, (page_type.name, key)
    source = load_schema("sources.json")["properties"]["niches"]["items"]["properties"]["sources"]["items"]
    for key in source["properties"]:
        assert f"`{key}`" in text, ("feed source", key)


def test_make_check_is_the_documented_command() -> None:
    # `make check` runs scripts/check_content.py; its usage line is what the guide promises.
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_content.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "path:line: message" in result.stdout


def test_every_make_target_the_workflows_run_exists() -> None:
    named = set()
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        named |= set(re.findall(r"run: make ([a-z][\w-]*)", workflow.read_text(encoding="utf-8")))
    assert {"check", "site", "test", "feeds"} <= named <= makefile_targets()
