"""A problem names the file the way a contributor sees it: `path:line: message`, then the hint."""
from __future__ import annotations

from pathlib import Path

from rebound.problem import Problem, display_path, format_source_problems


def test_a_problem_with_a_hint_puts_the_hint_on_its_own_indented_line() -> None:
    problem = Problem("data/events/x.yml", 4, "'free' must be true or false", "write free: true")
    assert problem.format() == "data/events/x.yml:4: 'free' must be true or false\n    hint: write free: true"


def test_a_problem_without_a_hint_is_one_line() -> None:
    assert Problem("content/a.md", 1, "missing title").format() == "content/a.md:1: missing title"


def test_problems_sort_by_file_then_line() -> None:
    found = sorted([Problem("b.md", 1, "x"), Problem("a.md", 9, "y"), Problem("a.md", 2, "z")])
    assert [(p.path, p.line) for p in found] == [("a.md", 2), ("a.md", 9), ("b.md", 1)]


def test_a_file_inside_the_project_is_shown_relative_to_it(tmp_path: Path) -> None:
    assert display_path(tmp_path / "content" / "guides" / "rest.md", tmp_path) == "content/guides/rest.md"


def test_a_file_outside_the_project_keeps_its_full_path(tmp_path: Path) -> None:
    outside = tmp_path.parent / "elsewhere" / "page.md"
    assert display_path(outside, tmp_path / "project") == outside.as_posix()


def test_every_problem_of_one_file_becomes_one_path_line_message_line(tmp_path: Path) -> None:
    text = format_source_problems([(3, "unclosed fence"), (12, "unknown message kind 'tweet'")],
                                  str(tmp_path / "content" / "scripts.md"), str(tmp_path))
    assert text.splitlines() == ["content/scripts.md:3: unclosed fence",
                                 "content/scripts.md:12: unknown message kind 'tweet'"]
