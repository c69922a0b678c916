"""File naming: lower-case slugs, and no two files that differ only in case."""
from __future__ import annotations

import re
from collections import defaultdict

from markdown.extensions.toc import slugify

from ..problem import Problem

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*$")


def make_slug(title: str) -> str:
    """The slug for a title, the way MkDocs' toc names headings: 'Ask, don't guess' -> 'ask-dont-guess'."""
    return re.sub(r"-{2,}", "-", slugify(title, "-")).strip("-")


def check_names(docs: str, uris: list[str]) -> list[Problem]:
    """Every folder and file name under content/ is a slug; report names that clash by case."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for uri in uris:
        parts = uri.split("/")
        for depth, name in enumerate(parts):
            prefix = "/".join(parts[: depth + 1])
            if prefix in reported or NAME_RE.match(name):
                continue
            reported.add(prefix)
            stem, dot, ext = name.partition(".")
            better = make_slug(stem.replace("_", "-")) + (dot + ext.lower() if dot else "")
            what = "file" if depth == len(parts) - 1 else "folder"
            problems.append(Problem(f"{docs}/{uri}", 1, f"{what} name '{name}' is not a slug",
                                    f"use lower-case letters, digits and single dashes: {better}"))
    by_case: dict[str, list[str]] = defaultdict(list)
    for uri in sorted(uris):
        by_case[uri.lower()].append(uri)
    for same in by_case.values():
        for other in same[1:]:
            problems.append(Problem(f"{docs}/{other}", 1, f"file name differs only in case from {docs}/{same[0]}",
                                    "Windows and macOS treat these as one file; rename or merge them"))
    return problems
