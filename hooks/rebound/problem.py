"""One problem found in a contribution: where it is, what is wrong, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake at ``path:line``, with a hint written for someone who is not a programmer."""

    path: str
    line: int
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as ``path:line: message`` followed by an indented hint line."""
        text = f"{self.path}:{self.line}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def display_path(source: str | Path, project_root: str | Path) -> str:
    """``source`` as a contributor sees it: relative to the project folder when it is inside it."""
    path = Path(source)
    try:
        return path.relative_to(Path(project_root)).as_posix()
    except ValueError:
        return path.as_posix()


def format_source_problems(problems: list[tuple[int, str]], source: str | Path, project_root: str | Path) -> str:
    """``(line, message)`` pairs found in one source file, as ``path:line: message`` lines."""
    where = display_path(source, project_root)
    return "\n".join(f"{where}:{line}: {message}" for line, message in problems)
