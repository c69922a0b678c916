"""Page types: strategy, worksheet, niche and plain page, from one table (``schemas/page-types.json``).

Everything that treats pages by type reads this table: `make check` (which schema a content file
follows, whether it must be in nav), `make new` (the folder and the template of a new page), the
feed hook (which types the updates feed lists) and the audit (which page it measures per type).
Adding a page type is one entry there, plus its schema and, for `make new`, its template.
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from functools import cache

from rebound.schema import SCHEMA_DIR


@dataclass(frozen=True)
class PageType:
    """One row of the table. A type with a ``folder`` is one contributors add pages of."""

    name: str
    glob: str                      # which content files it covers (relative to content/)
    excluded: tuple[str, ...]      # files the glob matches that are not of this type
    schema: str                    # its front matter's JSON schema, in schemas/
    nav: bool                      # must be listed in nav in mkdocs.yml
    folder: str | None = None      # where its pages live, under content/
    template: str | None = None    # scripts/templates/<template>, for `make new`
    in_updates: bool = False       # listed in the updates feed (new and updated guides)
    audit_example: str | None = None  # the page (slug) the audit measures; "" for the first one built


@cache
def load_page_types() -> tuple[PageType, ...]:
    """The table, in its order (the first matching glob wins)."""
    data = json.loads((SCHEMA_DIR / "page-types.json").read_text(encoding="utf-8"))
    return tuple(
        PageType(t["name"], t["glob"], tuple(t["except"]), t["schema"], t["nav"], t.get("folder"), t.get("template"),
                 t.get("updates", False), t.get("audit"))
        for t in data["types"]
    )


def page_type_of(uri: str, types: tuple[PageType, ...] | None = None) -> PageType:
    """The first page type whose glob matches ``uri`` (relative to content/)."""
    for page_type in types or load_page_types():
        if fnmatch.fnmatchcase(uri, page_type.glob) and uri not in page_type.excluded:
            return page_type
    raise LookupError(uri)  # page-types.json ends with a catch-all


def folder_types() -> dict[str, PageType]:
    """The types contributors add pages of (those with a folder), by name: strategy, worksheet, niche."""
    return {t.name: t for t in load_page_types() if t.folder}
