"""The hub's own updates: when each strategy and worksheet was first published and last changed.

The dates come from git history: a page's first commit is when it was published, its latest
commit when it was last updated (committer dates, so a rebase that rewrites history moves them).
That is deterministic for a given commit and means something to a reader, unlike file times,
which every checkout resets. A page with no commit yet (a draft in a working tree) or a build
outside a git checkout has no dates, and is left out of the updates feed rather than given a
made-up one. A shallow clone sees only its last commit: the deploy workflows fetch full history.
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_RECORD = "\x1e"


@dataclass(frozen=True)
class PageDates:
    """A file's first and latest commit dates, UTC."""

    published: datetime
    updated: datetime


def find_git_dates(root: Path | str, paths: Iterable[str]) -> dict[str, PageDates]:
    """Commit dates of ``paths`` (relative to ``root``) from one ``git log``; {} without git history."""
    wanted = sorted(set(paths))
    if not wanted:
        return {}
    command = [
        "git", "-c", "core.quotepath=off", "log", "--no-renames", "--no-merges", "--relative",
        f"--format=format:{_RECORD}%cI", "--name-only", "--", *wanted,
    ]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}  # not a git checkout (a copied project, a tarball): no dates
    return parse_git_log(done.stdout, set(wanted))


def parse_git_log(output: str, wanted: set[str]) -> dict[str, PageDates]:
    """Dates per path from ``git log --format=<RS>%cI --name-only`` output."""
    newest: dict[str, datetime] = {}
    oldest: dict[str, datetime] = {}
    for block in output.split(_RECORD):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        try:
            when = datetime.fromisoformat(lines[0]).astimezone(UTC)
        except ValueError:
            continue
        for path in lines[1:]:
            if path in wanted:
                newest[path] = max(when, newest.get(path, when))
                oldest[path] = min(when, oldest.get(path, when))
    return {path: PageDates(oldest[path], newest[path]) for path in newest}
