"""The curated sources file: niches and their feeds, loaded and checked with line numbers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .model import Niche, Source
from .problem import Problem
from .schema import load_schema, validate
from .yaml_marks import YamlDoc, YamlError, load_yaml

DEFAULT_SOURCES = Path("data") / "sources.yml"
YAML_HINT = (
    "the lines of one entry must start at the same column (spaces, not tabs); "
    'put text that contains a colon or # inside double quotes, e.g. name: "Design: the podcast"'
)


class SourcesError(ValueError):
    """A problem in the sources file, printed as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


def find_sources_path(root: Path | str = ".") -> Path:
    """The sources file to use: ``REBOUND_SOURCES`` if set, else ``data/sources.yml`` under ``root``."""
    override = os.environ.get("REBOUND_SOURCES")
    return Path(override) if override else Path(root) / DEFAULT_SOURCES


def load_sources(path: Path | str) -> tuple[Niche, ...]:
    """Read and check a sources file; raise `SourcesError` naming the first problem's line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(path, 1, f"cannot read the sources file: {exc}") from exc
    doc, problems = read_sources(text, shown=str(path))
    if problems:
        first = min(problems, key=lambda p: p.line)
        raise SourcesError(path, first.line, first.message)
    return _build_niches(doc.data)


def read_sources(text: str, *, shown: str) -> tuple[YamlDoc, list[Problem]]:
    """Parse a sources file and list every problem the build and `make check` both refuse.

    One set of rules for both readers: the schema in ``schemas/sources.json`` plus what a schema
    cannot say (a key given twice, a slug or feed used twice). `make check` adds the curated
    file's own rules on top (public addresses only).
    """
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        return YamlDoc(data=None), [Problem(shown, exc.line, f"not valid YAML: {exc.problem}", YAML_HINT)]
    if doc.data is None:
        return doc, [Problem(shown, 1, "the sources file is empty", "start it with a line `niches:`")]
    problems = [
        Problem(shown, line, f"key '{key[-1]}' appears twice in this entry (first on line {first})", "keep one of the two lines")
        for key, line, first in doc.duplicates
    ]
    problems += validate(doc, load_schema("sources.json"), path=shown, where="this entry")
    problems += _find_reused_names(doc, shown)
    return doc, problems


def _find_reused_names(doc: YamlDoc, shown: str) -> list[Problem]:
    """Slugs and feeds used twice, among the entries well-formed enough to compare.

    Runs beside the schema, not after it: a contributor sees every problem in one pass.
    """
    problems: list[Problem] = []
    slugs: dict[str, int] = {}
    feeds: dict[str, tuple[int, str]] = {}
    niches = doc.data.get("niches") if isinstance(doc.data, dict) else None
    for n, niche in enumerate(niches if isinstance(niches, list) else []):
        if not isinstance(niche, dict):
            continue
        slug, line = niche.get("slug"), doc.line_of(("niches", n, "slug"))
        if isinstance(slug, str) and slug in slugs:
            problems.append(Problem(shown, line, f"niche slug '{slug}' is already used on line {slugs[slug]}",
                                    "each niche needs its own slug; merge the two entries or rename one"))
        elif isinstance(slug, str):
            slugs[slug] = line
        sources = niche.get("sources")
        for s, source in enumerate(sources if isinstance(sources, list) else []):
            feed = source.get("feed") if isinstance(source, dict) else None
            if not isinstance(feed, str):
                continue
            line = doc.line_of(("niches", n, "sources", s, "feed"))
            try:
                key = normalize_url(feed)
            except ValueError:
                continue  # not an address at all: the schema says so
            if key in feeds:
                first_line, first_niche = feeds[key]
                problems.append(Problem(shown, line, f"feed {feed} is already listed on line {first_line} (niche '{first_niche}')",
                                        "list each feed once; a feed that suits two niches belongs to the closer one"))
            else:
                feeds[key] = (line, str(slug))
    return problems


def normalize_url(url: str) -> str:
    """A comparison key: scheme and host in lower case, no default port, no fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{netloc}{path}{query}"


def _build_niches(data: dict[str, Any]) -> tuple[Niche, ...]:
    return tuple(
        Niche(
            slug=raw["slug"],
            title=raw["title"].strip(),
            description=raw["description"].strip(),
            sources=tuple(
                Source(
                    niche=raw["slug"],
                    name=src["name"].strip(),
                    feed=src["feed"].strip(),
                    site=src["site"].strip(),
                    kind=src["kind"],
                    keywords=tuple(src.get("keywords", ())),
                    format=src.get("format", ""),
                    online_only=src.get("online_only", False),
                    free=src.get("free", True),
                )
                for src in raw["sources"]
            ),
        )
        for raw in data["niches"]
    )
