"""Safety and accessibility rules for Markdown: no scripts, no script links, alt text, heading order."""
from __future__ import annotations

from .links import is_script_url
from .markdown_scan import Scan
from ..problem import Problem

FORBIDDEN_TAGS = {
    "script": "pages cannot run scripts; describe the idea in words, or ask a maintainer to add it to the theme",
    "iframe": "embedded pages load third parties; link to the page instead, e.g. [Watch the talk](https://...)",
    "style": "styles belong in the theme, not in a page; ask a maintainer if something looks wrong",
}


def check_safety(path: str, scan: Scan) -> list[Problem]:
    """Raw tags and attributes that could run code, and script links."""
    problems: list[Problem] = []
    for tag in scan.tags:
        if tag.name in FORBIDDEN_TAGS:
            problems.append(Problem(path, tag.line, f"raw <{tag.name}> is not allowed in a page", FORBIDDEN_TAGS[tag.name]))
        for key, _value in tag.attrs:
            if key.startswith("on"):
                problems.append(Problem(path, tag.line, f"event attribute {key}= on <{tag.name}> is not allowed",
                                        "remove it: pages cannot run scripts"))
    for line, attr in scan.event_attrs:
        problems.append(Problem(path, line, f"event attribute {attr}= in an attribute list is not allowed",
                                "remove it: pages cannot run scripts"))
    for link in scan.links:
        if is_script_url(link.target):
            problems.append(Problem(path, link.line, "javascript: links are not allowed",
                                    "link to a page under content/ or to an https:// address"))
    return problems


def check_accessibility(path: str, scan: Scan) -> list[Problem]:
    """Every image has alt text; heading levels go down one step at a time."""
    problems: list[Problem] = []
    for link in scan.links:
        if link.is_image and not (link.alt or "").strip():
            if link.source == "html":
                hint = 'add alt="what the image shows" to the <img> tag'
            else:
                hint = "describe the image inside the brackets: ![A notebook with a weekly plan](plan.png)"
            problems.append(Problem(path, link.line, "image has no alt text", hint))
    previous = 1  # the page title is the h1, even when the body has none
    for heading in scan.headings:
        if heading.level > previous + 1:
            wanted = "#" * (previous + 1)
            problems.append(Problem(path, heading.line, f"heading level jumps from h{previous} to h{heading.level}",
                                    f"use {wanted} for this heading, or add the missing level above it"))
        previous = heading.level
    return problems
