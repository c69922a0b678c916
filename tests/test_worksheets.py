"""The worksheets as pages: complete, linked both ways, listed, and plainly written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
import yaml

from rebound.worksheet.check import parse_field
from rebound.worksheet.html import PRIVACY_SENTENCE
from rebound.worksheet.kinds import printed_words
from rebound.worksheet.syntax import find_field_blocks

CONTENT = Path(__file__).resolve().parent.parent / "content"
WORKSHEETS = {
    "rejection-debrief": "dont-take-it-personally",
    "interview-reflection": "reflect-on-the-interview",
    "skill-growth-plan": "practise-your-skill",
    "application-numbers-tracker": "dont-take-it-personally",
    "heal-and-reset-check-in": "smile-heal-keep-perspective",
    "hope-and-persistence-plan": "keep-trying-keep-hope",
    "thought-record": "dont-take-it-personally",
    "money-runway-calculator": "keep-trying-keep-hope",
    "proposal-self-review": "keep-trying-keep-hope",
}
FRONT_MATTER_KEYS = {"title", "description", "tags", "strategy", "time"}


def source(slug: str) -> str:
    return (CONTENT / "worksheets" / f"{slug}.md").read_text(encoding="utf-8")


def front_matter(slug: str) -> dict:
    match = re.match(r"\A---\n(.*?)\n---\n", source(slug), re.S)
    assert match, f"{slug} has no front matter"
    return yaml.safe_load(match.group(1))


def prompts(slug: str) -> list[str]:
    """Every label, checklist item and column a worksheet asks the reader to answer."""
    found = []
    for block in find_field_blocks(source(slug).splitlines()):
        found += printed_words(parse_field(block.text, block.start + 1))
    return found


def prose(slug: str) -> str:
    """The words a reader reads: the body, with each field written out as its prompt."""
    body = re.sub(r"\A---\n.*?\n---\n", "", source(slug), flags=re.S)
    body = re.sub(r"\[\[[^|\]]*\|\s*([^|\]]+)[^\]]*\]\]", r"\1", body)
    body = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", body)
    return re.sub(r"<br>|[*#|]", " ", body)


def test_every_worksheet_file_is_known_here() -> None:
    files = {p.stem for p in (CONTENT / "worksheets").glob("*.md")} - {"index"}
    assert files == set(WORKSHEETS)


@pytest.mark.parametrize("slug", WORKSHEETS)
def test_front_matter_is_complete_and_names_a_real_strategy(slug: str) -> None:
    meta = front_matter(slug)
    assert set(meta) >= FRONT_MATTER_KEYS
    assert meta["strategy"] == WORKSHEETS[slug]
    assert (CONTENT / "strategies" / f"{meta['strategy']}.md").exists()
    assert re.fullmatch(r"\d+ minutes", meta["time"])
    assert "worksheets" in meta["tags"]
    assert len(meta["description"]) >= 40


@pytest.mark.parametrize("slug", WORKSHEETS)
def test_worksheet_states_purpose_time_instructions_and_prompts(slug: str) -> None:
    text = source(slug)
    assert "**What it is for:**" in text
    assert f"about {front_matter(slug)['time']}" in text
    assert "## How to use it" in text
    assert len(prompts(slug)) >= 6


@pytest.mark.parametrize("slug", WORKSHEETS)
def test_worksheet_and_strategy_link_to_each_other(built_site: Path, slug: str) -> None:
    strategy = WORKSHEETS[slug]
    sheet = (built_site / "worksheets" / slug / "index.html").read_text(encoding="utf-8")
    page = (built_site / "strategies" / strategy / "index.html").read_text(encoding="utf-8")
    assert f'href="../../strategies/{strategy}/"' in sheet
    assert f'href="../../worksheets/{slug}/"' in page
    related = page[page.index('id="related"') :]
    assert f'href="../../worksheets/{slug}/"' in related


@pytest.mark.parametrize("slug", WORKSHEETS)
def test_built_worksheet_has_its_fields_and_privacy_sentence(built_site: Path, slug: str) -> None:
    html = (built_site / "worksheets" / slug / "index.html").read_text(encoding="utf-8")
    assert html.count(PRIVACY_SENTENCE) == 1
    assert html.count('<script type="module" src="../../assets/worksheets/main.js"></script>') == 1
    assert html.count('id="ws-ids"') == 1
    assert html.count('href="../../assets/worksheets.css"') == 1
    assert "@bottom-left" in html and f"rebound-hub.github.io/rebound/worksheets/{slug}/" in html
    assert "[[" not in html


def test_only_pages_with_fields_load_the_worksheet_script_and_styles(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    with_assets = {
        p.parent.relative_to(built_site).as_posix()
        for p in pages
        if "assets/worksheets/" in (text := p.read_text(encoding="utf-8")) or "assets/worksheets.css" in text
    }
    assert with_assets == {f"worksheets/{slug}" for slug in WORKSHEETS}
    assert (built_site / "assets" / "worksheets" / "main.js").exists() and (built_site / "assets" / "worksheets.css").exists()


def test_interview_reflection_follows_its_strategy_without_repeated_labels() -> None:
    text = source("interview-reflection")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[1:] == ["Before the call", "During the call", "Pricing and budget", "After the call",
                            "Facts and story", "Looking ahead"]
    labels = [p.lower() for p in prompts("interview-reflection")]
    assert len(labels) == len(set(labels))
    assert not any(label.startswith(h.lower()) for label in labels for h in headings)
    assert "follow-up" in text and "budget" in text


def test_tracker_advice_exists_for_each_step_where_applications_stop(built_site: Path) -> None:
    html = (built_site / "worksheets" / "application-numbers-tracker" / "index.html").read_text(encoding="utf-8")
    for step in ("reply", "call", "offer"):
        advice = re.search(rf'<p id="advice-{step}">(.*?)</p>', html, re.S)
        assert advice, step
        assert re.search(r'<a href="\.\./(\.\./strategies/[a-z-]+|[a-z-]+)/"', advice.group(1)), step


def test_skill_growth_plan_points_to_training_by_niche(built_site: Path) -> None:
    html = (built_site / "worksheets" / "skill-growth-plan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../niches/"' in html


def test_index_lists_every_worksheet_with_purpose_and_time(built_site: Path) -> None:
    html = (built_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    for slug in WORKSHEETS:
        row = re.search(rf'<tr>\s*<td><a href="{slug}/">.*?</tr>', html, re.S)
        assert row, slug
        assert front_matter(slug)["time"] in row.group(0)


def test_hope_plan_welcomes_faith_without_assuming_it() -> None:
    text = source("hope-and-persistence-plan")
    assert "faith" in text and "For others" in text and "Write what is true for you" in text


@pytest.mark.parametrize("slug", WORKSHEETS)
def test_worksheet_is_plain_to_read(slug: str) -> None:
    assert textstat.flesch_reading_ease(prose(slug)) >= 60


MODULES = Path(__file__).resolve().parent.parent / "content" / "assets" / "worksheets"


def function_lengths(text: str) -> dict[str, int]:
    """Lines per named function (`function name(` up to the `}` at its own indent)."""
    lines, found = text.splitlines(), {}
    for start, line in enumerate(lines):
        match = re.match(r"^(\s*)(?:export\s+)?(?:async\s+)?function\s+(\w+)", line)
        if match:
            end = next(i for i in range(start + 1, len(lines)) if lines[i] == match.group(1) + "}")
            found[match.group(2)] = end - start + 1
    return found


def test_worksheet_modules_are_split_by_job_with_no_function_over_60_lines() -> None:
    names = sorted(p.name for p in MODULES.glob("*.js"))
    assert names == ["backup.js", "entries.js", "main.js", "print.js", "runway.js", "storage.js", "tracker.js"]
    for path in MODULES.glob("*.js"):
        lengths = function_lengths(path.read_text(encoding="utf-8"))
        assert lengths, path.name
        assert max(lengths.values()) <= 60, (path.name, max(lengths, key=lengths.get))
    assert function_lengths("function a() {\n  x;\n}\n") == {"a": 3}
