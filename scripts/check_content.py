"""Check every content file and the feed sources; print each problem as `path:line: message`.

Run by `make check`, by the tests and by CI. Exit status 1 when anything is wrong, 0 when clean.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rebound.checks import check_project

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding mkdocs.yml and content/")
    parser.add_argument("--sources", type=Path, default=None, help="sources file (default: data/sources.yml)")
    args = parser.parse_args(argv)
    problems = check_project(args.root, sources=args.sources)
    for problem in problems:
        print(problem.format())
    if problems:
        files = len({p.path for p in problems})
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}. Fix them, then run make check again.")
        return 1
    print("All content checks passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
