"""The field syntax's types, its ``[[ ... ]]`` blocks and the HTML ids answers are stored under.

No I/O. The rules of each kind are `rebound.worksheet.kinds`'; parsing against them is
`rebound.worksheet.check`'s.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rebound.fences import mark_fenced_lines


FIELD_OPEN = "[["   # every field starts a line with it


FIELD_HEAD = re.compile(r"^(?P<kind>[A-Za-z-]+)(?:\s+(?P<number>[^\s#]\S*))?(?:\s+#(?P<ident>\S*))?$")


# Lower-case words joined by single dashes: "--" joins a field's id to its parts (see IdMaker.part).
FIELD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


FIELD_ID_MAX = 40


class FieldError(ValueError):
    """A field written wrongly; ``line`` counts from 1 in the text that was checked."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Field:
    """One parsed answer field."""

    kind: str
    label: str
    line: int
    ident: str = ""
    number: int = 0
    parts: list[str] = field(default_factory=list)


@dataclass
class FieldBlock:
    """Where a field sits in the source: lines ``start`` to ``end`` (0-based, inclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Count:
    """The number after a kind's name: required, from 1 to ``maximum``, counting ``unit``."""

    maximum: int
    unit: str


@dataclass(frozen=True)
class FieldKind:
    """Everything the syntax knows about one kind of field.

    ``parts_ok`` says whether the number of parts after the label is allowed; ``parts_rule`` is
    the sentence a writer reads when it is not. ``count`` is ``None`` for kinds that take no number.
    ``words`` are what the kind itself prints besides the author's label and parts (fixed headings).
    """

    name: str
    render: Callable[[Field, IdMaker], str]
    parts_ok: Callable[[int], bool]
    parts_rule: str
    count: Count | None = None
    words: tuple[str, ...] = ()

    def example(self) -> str:
        """How the field starts, for error messages: ``lines 3`` or ``checklist``."""
        return f"{self.name} 3" if self.count else self.name


def find_field_blocks(lines: list[str]) -> Iterator[FieldBlock | FieldError]:
    """Yield each ``[[ ... ]]`` block outside fenced code, or an error for one left open."""
    fenced = list(mark_fenced_lines(lines))
    index = 0
    while index < len(lines):
        line = lines[index]
        if not fenced[index] and line.startswith(FIELD_OPEN):
            end = index
            while not lines[end].rstrip().endswith("]]"):
                end += 1
                if end == len(lines) or not lines[end].strip():
                    yield FieldError(index + 1, "field starts with '[[' but never ends with ']]'")
                    break
            else:
                text = " ".join(part.strip() for part in lines[index : end + 1])
                yield FieldBlock(index, end, text.strip()[2:-2])
                index = end
        index += 1


class IdMaker:
    """Hands out the HTML ids (which are also the storage names) of a page's controls."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, ident: str) -> str:
        """The id of a field, from the id its author gave it."""
        return self._unique("ws-" + ident)

    def part(self, base: str, *parts: str) -> str:
        """An id for a control inside the field ``base`` (a radio, a cell, a checklist item).

        Joined with "--", which no slug contains, so a part can never take another field's id
        (a scale "Mood" and a field "Mood 1" once both made ``ws-mood-1``).
        """
        return self._unique(f"{base}--" + "-".join(slugify(p, 32) for p in parts))

    def _unique(self, candidate: str) -> str:
        unique, count = candidate, 1
        while unique in self.used:
            count += 1
            unique = f"{candidate}-{count}"
        self.used.add(unique)
        return unique


def slugify(text: str, limit: int = 40) -> str:
    """A short, stable, ASCII slug for ids and storage names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "field"
