"""Split a page into front matter and body, and check the front matter against its schema."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..problem import Problem
from ..schema import load_schema, validate
from ..yaml_marks import FRONT_MATTER_RE, YamlDoc, YamlError, load_yaml

FRONT_MATTER_HINT = (
    "MkDocs ignores front matter it cannot read and shows it as text on the page; "
    'put text that contains a colon, # or quotes inside double quotes, e.g. title: "Rejected: now what?"'
)


@dataclass
class Page:
    """One Markdown file under content/, read once."""

    path: str  # as printed: relative to the project root
    uri: str  # relative to content/, with forward slashes
    kind: str  # the page type's name
    schema: str
    nav: bool
    meta: dict[str, Any]
    doc: YamlDoc | None
    body: str
    body_line: int  # file line where the body starts
    text: str = ""  # the whole file


def read_page(path: str, uri: str, text: str, *, kind: str, schema: str, nav: bool) -> tuple[Page, list[Problem]]:
    """Parse ``text``; problems cover front matter that MkDocs would silently drop."""
    page = Page(path, uri, kind, schema, nav, {}, None, text, 1, text)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        if text.startswith("---"):
            hint = "end the front matter with a line holding only ---"
            return page, [Problem(path, 1, "front matter starts with --- but is never closed", hint)]
        hint = "start the file with a line ---, then title: and description: lines, then another ---"
        return page, [Problem(path, 1, "missing front matter", hint)]
    page.body = text[match.end():]
    page.body_line = text[: match.end()].count("\n") + 1
    try:
        doc = load_yaml(match.group(1), first_line=2)
    except YamlError as exc:
        return page, [Problem(path, exc.line, f"front matter is not valid YAML: {exc.problem}", FRONT_MATTER_HINT)]
    doc.lines[()] = 1  # "missing key" points at the opening ---
    page.doc = doc
    problems = [
        Problem(path, line, f"key '{key[-1]}' appears twice (first on line {first})", "keep one of the two lines")
        for key, line, first in doc.duplicates
    ]
    if not isinstance(doc.data, dict):
        hint = "write one `key: value` per line, e.g. title: My page"
        return page, [*problems, Problem(path, 2, "front matter must be `key: value` lines", hint)]
    page.meta = doc.data
    problems += validate(doc, load_schema(schema), path=path, where="the front matter")
    return page, problems
