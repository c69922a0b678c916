"""The curated sources file: niches and their feeds, loaded and checked with line numbers."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DEFAULT_SOURCES = Path("data") / "sources.yml"
KINDS = ("webinar", "course", "article", "podcast", "video")

# The schema is the contract a contributor's pull request has to meet; every message it produces
# is turned into `path:line: message` by `load_sources`.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["niches"],
    "additionalProperties": False,
    "properties": {
        "niches": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["slug", "title", "description", "sources"],
                "additionalProperties": False,
                "properties": {
                    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 60},
                    "title": {"type": "string", "minLength": 1, "maxLength": 80},
                    "description": {"type": "string", "minLength": 1, "maxLength": 400},
                    "sources": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "feed", "site", "kind"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string", "minLength": 1, "maxLength": 80},
                                "feed": {"type": "string", "pattern": "^https?://[^\\s/]+"},
                                "site": {"type": "string", "pattern": "^https?://[^\\s/]+"},
                                "kind": {"enum": list(KINDS)},
                                "keywords": {
                                    "type": "array",
                                    "items": {"type": "string", "minLength": 1},
                                },
                            },
                        },
                    },
                },
            },
        }
    },
}


class SourcesError(ValueError):
    """A problem in the sources file, printed as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass(frozen=True)
class Source:
    """One curated feed of one niche."""

    niche: str
    name: str
    feed: str
    site: str
    kind: str
    keywords: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """True when the source keeps every entry, or ``text`` holds one of its keywords."""
        folded = text.casefold()
        return not self.keywords or any(k.casefold() in folded for k in self.keywords)


@dataclass(frozen=True)
class Niche:
    """A freelance niche: its page at ``/niches/<slug>/`` and the feeds behind it."""

    slug: str
    title: str
    description: str
    sources: tuple[Source, ...]


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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourcesError(path, line, f"not valid YAML: {exc.problem or exc}") from exc
    if node is None:
        raise SourcesError(path, 1, "the sources file is empty")
    lines: dict[tuple[Any, ...], int] = {}
    data = _to_python(node, (), lines, path)
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data),
        key=lambda e: (_line_of(tuple(e.absolute_path), lines), list(map(str, e.absolute_path))),
    )
    if errors:
        error = errors[0]
        where = tuple(error.absolute_path)
        raise SourcesError(path, _line_of(where, lines), _describe(where, error))
    return _build_niches(data, lines, path)


def _to_python(node: yaml.Node, where: tuple[Any, ...], lines: dict, path: Path) -> Any:
    """Turn a composed YAML node into plain data, remembering the line of every value."""
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                raise SourcesError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            result[key] = _to_python(value_node, (*where, key), lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*where, i), lines, path) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(" ").construct_object(node, deep=True)


def _line_of(where: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    while where not in lines:
        where = where[:-1]
    return lines[where]


def _describe(where: tuple[Any, ...], error: jsonschema.ValidationError) -> str:
    field = ".".join(str(part) for part in where) or "top level"
    message = error.message
    # jsonschema's own words for these are regular expressions; a contributor needs plain ones.
    if error.validator == "pattern" and where[-1] in ("feed", "site"):
        message = f"{error.instance!r} must be an http:// or https:// address"
    elif error.validator == "pattern" and where[-1] == "slug":
        message = f"{error.instance!r} must be lower-case words joined by hyphens"
    return f"{field}: {message}"


def _build_niches(data: dict[str, Any], lines: dict, path: Path) -> tuple[Niche, ...]:
    niches: list[Niche] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["niches"]):
        slug = raw["slug"]
        if slug in seen:
            raise SourcesError(path, lines[("niches", i, "slug")], f"duplicate niche slug {slug!r}")
        seen.add(slug)
        feeds: set[str] = set()
        sources = []
        for j, src in enumerate(raw["sources"]):
            if src["feed"] in feeds:
                line = lines[("niches", i, "sources", j, "feed")]
                raise SourcesError(path, line, f"feed listed twice in niche {slug!r}: {src['feed']}")
            feeds.add(src["feed"])
            sources.append(
                Source(
                    niche=slug,
                    name=src["name"].strip(),
                    feed=src["feed"].strip(),
                    site=src["site"].strip(),
                    kind=src["kind"],
                    keywords=tuple(src.get("keywords", ())),
                )
            )
        niches.append(Niche(slug, raw["title"].strip(), raw["description"].strip(), tuple(sources)))
    return tuple(niches)
