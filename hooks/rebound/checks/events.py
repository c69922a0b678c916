"""Events added by pull request (data/events/*.yml): the rules of `rebound.contributed`, dated today."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from ..contributed import read_events
from ..problem import Problem


def check_event_files(root: Path, niches: dict[str, int] | None, today: date | None = None) -> list[Problem]:
    """Every problem in ``root``'s event files; ``niches``: the sources file's slugs (None: no sources file)."""
    _, problems = read_events(root, niches=niches.keys() if niches is not None else None,
                              today=today or datetime.now(UTC).date())
    return problems
