"""The writing itself: each strategy page has substance and stays easy to read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

CONTENT = Path(__file__).resolve().parent.parent / "content"
STRATEGY_PAGES = sorted((CONTENT / "strategies").glob("*.md"))
STRATEGY_PAGES = [p for p in STRATEGY_PAGES if p.name != "index.md"]


def body_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def test_there_are_five_strategies() -> None:
    assert len(STRATEGY_PAGES) >= 5


@pytest.mark.parametrize("page", STRATEGY_PAGES, ids=lambda p: p.stem)
def test_strategy_has_substance(page: Path) -> None:
    assert len(body_text(page).split()) >= 700


@pytest.mark.parametrize("page", STRATEGY_PAGES, ids=lambda p: p.stem)
def test_strategy_is_plain_to_read(page: Path) -> None:
    assert textstat.flesch_reading_ease(body_text(page)) >= 60
