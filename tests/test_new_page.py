"""`make new`: every page type is scaffolded into a project that still passes `make check` and builds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rebound.devtools.project import ROOT, copy_project, run_build

SCRIPT = ROOT / "scripts" / "new_page.py"


def new_page(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--root", str(project)], capture_output=True, text=True, timeout=60
    )


def nav_of(project: Path) -> str:
    return (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_every_page_type_scaffolds_checks_and_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = nav_of(project)

    made = new_page(project, "strategy", 'Ask for "feedback": kindly')
    assert made.returncode == 0, made.stderr
    assert "content/strategies/ask-for-feedback-kindly.md" in made.stdout
    made = new_page(project, "worksheet", "Feedback log", "--strategy", "ask-for-feedback-kindly")
    assert made.returncode == 0, made.stderr
    made = new_page(project, "niche", 'Voice "over" work')
    assert made.returncode == 0, made.stderr
    assert "Next:" in made.stdout
    made = new_page(project, "script", "Decline a project politely")
    assert made.returncode == 0, made.stderr
    made = new_page(project, "guide", "Pricing your first project")
    assert made.returncode == 0, made.stderr
    made = new_page(project, "event", "Subtitling basics, live")
    assert made.returncode == 0, made.stderr
    assert "data/events/subtitling-basics-live.yml" in made.stdout

    strategy = project / "content" / "strategies" / "ask-for-feedback-kindly.md"
    meta = yaml.safe_load(strategy.read_text(encoding="utf-8").split("---")[1])
    # Straight quotes become curly ones (make check refuses straight ones in a title); no YAML escapes.
    assert meta["title"] == "Ask for “feedback”: kindly" and meta["strategy"] == 6
    assert "\n# Ask for “feedback”: kindly\n" in strategy.read_text(encoding="utf-8")
    assert "](../worksheets/feedback-log.md)" in strategy.read_text(encoding="utf-8")
    assert "\n# Voice “over” work\n" in (project / "content" / "niches" / "voice-over-work.md").read_text(encoding="utf-8")
    assert "slug: voice-over-work" in (project / "data" / "sources.yml").read_text(encoding="utf-8")

    # The nav edit is two added lines and nothing else: comments and layout stay.
    added = [line for line in nav_of(project).splitlines() if line not in before.splitlines()]
    assert sorted(added) == ["      - guides/pricing-your-first-project.md", "      - strategies/ask-for-feedback-kindly.md",
                             "      - what-to-say/decline-a-project-politely.md", "      - worksheets/feedback-log.md"]

    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_content.py"), "--root", str(project)],
                           capture_output=True, text=True, timeout=120)
    assert (check.returncode, check.stdout) == (0, "All content checks passed.\n")
    result = run_build(project, tmp_path / "site", REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    for url in ("strategies/ask-for-feedback-kindly", "worksheets/feedback-log", "niches/voice-over-work",
                "what-to-say/decline-a-project-politely", "guides/pricing-your-first-project"):
        assert (tmp_path / "site" / url / "index.html").is_file()
    script = (tmp_path / "site" / "what-to-say" / "decline-a-project-politely" / "index.html").read_text(encoding="utf-8")
    assert script.count("data-rebound-message") == 2 and "assets/messages.js" in script
    worksheet = (tmp_path / "site" / "worksheets" / "feedback-log" / "index.html").read_text(encoding="utf-8")
    assert "<textarea" in worksheet  # the template's fields went through the worksheets extension
    # The scaffolded event (a week from today) is listed on the events page.
    assert "Subtitling basics, live" in (tmp_path / "site" / "events" / "index.html").read_text(encoding="utf-8")


def test_worksheet_needs_an_existing_strategy(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    made = new_page(project, "worksheet", "Feedback log")
    assert made.returncode == 2
    assert "STRATEGY=<slug>" in made.stderr and "reflect-on-the-interview" in made.stderr
    assert not (project / "content" / "worksheets" / "feedback-log.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("recipe", "Pancakes"), "TYPE must be one of: strategy, worksheet, script, guide, niche"),
        (("strategy", "!!!"), "give the page a title"),
        (("strategy", "Practise your skill"), "content/strategies/practise-your-skill.md already exists"),
        (("niche", "Graphic design"), "niche 'graphic-design' is already in data/sources.yml"),
        (("guide", "Rates <under> pressure"), "a title can't hold < or >"),
    ],
)
def test_mistakes_are_refused_without_writing(tmp_path: Path, args: tuple[str, str], message: str) -> None:
    project = copy_project(tmp_path / "project")
    before = nav_of(project)
    made = new_page(project, *args)
    assert made.returncode == 2
    assert message in made.stderr
    assert nav_of(project) == before


def test_nav_without_a_section_prints_the_line_to_add(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if "- strategies/" not in line]
    config.write_text("".join(lines).replace("  - Strategies:\n", ""), encoding="utf-8")
    made = new_page(project, "strategy", "Ask for feedback")
    assert made.returncode == 0
    assert "Add this line to nav in mkdocs.yml, in the section for strategies/:  - strategies/ask-for-feedback.md" in made.stdout


def test_a_new_worksheet_gets_its_ids_once_and_never_one_already_taken(tmp_path: Path) -> None:
    from rebound.worksheet.check import find_field_ids

    project = copy_project(tmp_path / "project")
    made = new_page(project, "worksheet", "Feedback log", "--strategy", "dont-take-it-personally")
    assert made.returncode == 0, made.stderr
    text = (project / "content" / "worksheets" / "feedback-log.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---")[1])["id"] == "feedback-log"
    ids = [ident for ident, _ in find_field_ids(text)]
    assert len(ids) == len(set(ids)) == 4
    # A shipped id is never handed out again, even when a file with that name is gone.
    (project / "content" / "worksheets" / "rejection-debrief.md").rename(project / "content" / "worksheets" / "old.md")
    made = new_page(project, "worksheet", "Rejection debrief", "--strategy", "dont-take-it-personally")
    assert made.returncode == 0, made.stderr
    again = (project / "content" / "worksheets" / "rejection-debrief.md").read_text(encoding="utf-8")
    new_id = yaml.safe_load(again.split("---")[1])["id"]
    assert new_id.startswith("rejection-debrief-") and new_id != "rejection-debrief"
