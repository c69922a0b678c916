"""The writing itself: each strategy and guidance page has substance and stays easy to read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

CONTENT = Path(__file__).resolve().parent.parent / "content"
STRATEGY_PAGES = sorted((CONTENT / "strategies").glob("*.md"))
STRATEGY_PAGES = [p for p in STRATEGY_PAGES if p.name != "index.md"]


# The practical guidance (issue 13): message scripts, guides, the help and stories pages, with
# the fewest words each kind needs to do its job.
GUIDANCE_PAGES = {
    **{p: 350 for p in sorted((CONTENT / "what-to-say").glob("*.md")) if p.name != "index.md"},
    **{p: 700 for p in sorted((CONTENT / "guides").glob("*.md")) if p.name != "index.md"},
    CONTENT / "get-help.md": 600,
    CONTENT / "stories.md": 300,
}
PROSE_PAGES = sorted({*STRATEGY_PAGES, *GUIDANCE_PAGES, *CONTENT.glob("*.md"),
                      CONTENT / "what-to-say" / "index.md", CONTENT / "guides" / "index.md"} - {CONTENT / "tags.md"})
# Lines the voice pass cut as filler (issue 13); they should not creep back.
FILLER = [
    "Writing things down turns a bad day into a lesson.",
    "Each good application is a small bet.",
    "A year later, you may not remember it at all.",
]


def body_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def test_there_are_five_strategies() -> None:
    assert len(STRATEGY_PAGES) >= 5


@pytest.mark.parametrize("page", STRATEGY_PAGES, ids=lambda p: p.stem)
def test_strategy_has_substance(page: Path) -> None:
    assert len(body_text(page).split()) >= 700


def test_there_are_guidance_pages() -> None:
    assert len([p for p in GUIDANCE_PAGES if p.parent.name == "what-to-say"]) >= 6
    assert len([p for p in GUIDANCE_PAGES if p.parent.name == "guides"]) >= 4


@pytest.mark.parametrize("page", GUIDANCE_PAGES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_guidance_page_has_substance(page: Path) -> None:
    assert len(body_text(page).split()) >= GUIDANCE_PAGES[page]


@pytest.mark.parametrize("page", PROSE_PAGES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_page_is_plain_to_read(page: Path) -> None:
    assert textstat.flesch_reading_ease(body_text(page)) >= 60


@pytest.mark.parametrize("page", PROSE_PAGES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_page_has_no_cut_filler(page: Path) -> None:
    text = " ".join(body_text(page).split())
    assert [line for line in FILLER if line in text] == []
