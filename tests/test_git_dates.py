"""Page dates come from a real git history; no history means no dates, never made-up ones."""
from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rebound.updates import PageDates, find_git_dates, parse_git_log


def _git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _commit(root: Path, name: str, text: str, when: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _git(root, "add", name)
    _git(root, "commit", "-q", "-m", f"edit {name}", when=when)


def test_a_page_is_published_at_its_first_commit_and_updated_at_its_latest(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _commit(tmp_path, "content/strategies/rest.md", "one", "2026-01-05T10:00:00+02:00")
    _commit(tmp_path, "content/worksheets/plan.md", "one", "2026-02-01T09:00:00Z")
    _commit(tmp_path, "content/strategies/rest.md", "two", "2026-03-10T18:30:00-05:00")
    (tmp_path / "content" / "strategies" / "draft.md").write_text("not committed", encoding="utf-8")

    dates = find_git_dates(tmp_path, ["content/strategies/rest.md", "content/worksheets/plan.md",
                                      "content/strategies/draft.md", "content/strategies/rest.md"])

    assert dates == {
        "content/strategies/rest.md": PageDates(datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
                                                datetime(2026, 3, 10, 23, 30, tzinfo=UTC)),
        "content/worksheets/plan.md": PageDates(datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
                                                datetime(2026, 2, 1, 9, 0, tzinfo=UTC)),
    }


def test_a_folder_that_is_not_a_git_checkout_gives_no_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.md").write_text("copied out of a tarball", encoding="utf-8")
    # Keeps the real git from finding a repository above the temporary folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert find_git_dates(tmp_path, ["page.md"]) == {}


def test_a_repository_without_commits_gives_no_dates(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "page.md").write_text("a draft", encoding="utf-8")
    assert find_git_dates(tmp_path, ["page.md"]) == {}


def test_a_folder_that_does_not_exist_gives_no_dates(tmp_path: Path) -> None:
    assert find_git_dates(tmp_path / "gone", ["page.md"]) == {}


def test_no_pages_asked_for_runs_nothing_and_gives_no_dates() -> None:
    assert find_git_dates("/nonexistent-folder", []) == {}


def test_a_log_block_without_a_date_is_skipped_and_unwanted_paths_are_ignored() -> None:
    output = ("\x1enot-a-date\na.md\n"
              "\x1e2026-04-01T12:00:00+00:00\na.md\nb.md\n"
              "\x1e\n"
              "\x1e2026-03-01T12:00:00+00:00\na.md\n")
    dates = parse_git_log(output, {"a.md"})
    assert dates == {"a.md": PageDates(datetime(2026, 3, 1, 12, tzinfo=UTC), datetime(2026, 4, 1, 12, tzinfo=UTC))}
