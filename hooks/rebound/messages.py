"""Ready-to-send messages ("What to say" pages): a fenced block, its checker and its HTML.

An author writes a message as a fenced block with a title::

    ```message title="Email"
    Hi [Name],

    Thanks for letting me know.
    ```

``pymdownx.superfences`` hands the block to ``format_message`` (see ``custom_fences`` in
mkdocs.yml), which renders the text exactly as written, inside a box with a copy button. The
button starts ``hidden``: ``assets/messages.js`` shows it, so a reader without script gets plain
text that is easy to select, never a button that does nothing. The messages hook links that
script and its stylesheet into the pages that hold a message, and only those.

Superfences passes over a fence whose options its validator refuses and renders it as ordinary
code, so a missing title would go unnoticed; ``find_message_problems`` reads the source and
reports it with its line, for the hook to fail the build. No I/O here.
"""
from __future__ import annotations

import html
import re
from typing import Any

from .fences import mark_fence_openers
from .yaml_marks import strip_front_matter

FENCE_NAME = "message"
BOX_CLASS = "rebound-message"
SCRIPT = "assets/messages.js"
STYLESHEET = "assets/messages.css"

# The opening line of a message fence: ```message, then its options.
_OPENER = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*" + FENCE_NAME + r"\b(?P<options>.*)$")
_OPTION = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')


def validate_message(language: str, inputs: dict[str, str], options: dict[str, Any],
                     attrs: dict[str, str], md: Any) -> bool:
    """Superfences validator: a message takes exactly one option, a non-empty title."""
    title = str(inputs.get("title", "")).strip()
    if set(inputs) != {"title"} or not title:
        return False
    options["title"] = title
    return True


def format_message(source: str, language: str, class_name: str, options: dict[str, Any],
                   md: Any, **_: Any) -> str:
    """Superfences formatter: the message text, verbatim, in a labelled box with a copy button."""
    title = html.escape(options["title"])
    text = html.escape(source.strip("\n"), quote=False)
    return (
        f'<figure class="{BOX_CLASS}" data-rebound-message>'
        f'<figcaption class="{BOX_CLASS}__title">{title}</figcaption>'
        f'<div class="{BOX_CLASS}__text">{text}</div>'
        f'<div class="{BOX_CLASS}__actions">'
        f'<button type="button" class="md-button {BOX_CLASS}__copy" aria-label="Copy message: {title}" hidden>'
        "Copy message</button>"
        f'<span class="{BOX_CLASS}__status" role="status" aria-live="polite"></span>'
        "</div></figure>"
    )


def find_message_problems(text: str) -> list[tuple[int, str]]:
    """Each message fence in a Markdown file whose options are wrong, as (line, message)."""
    body, offset = strip_front_matter(text)
    lines = body.splitlines()
    problems = []
    for number, (line, opens) in enumerate(zip(lines, mark_fence_openers(lines)), start=offset + 1):
        found = _OPENER.match(line) if opens else None
        if found and (problem := _check_options(found.group("options"))):
            problems.append((number, problem))
    return problems


def _check_options(options: str) -> str:
    pairs = {m.group("key"): m.group("value") for m in _OPTION.finditer(options)}
    rest = _OPTION.sub("", options).strip()
    if rest or set(pairs) - {"title"}:
        return f'a message takes one option, title="..."; found: {options.strip()}'
    if not pairs.get("title", "").strip():
        return 'a message needs a title, e.g. ```message title="Email"'
    return ""


def has_message_fences(text: str) -> bool:
    """Whether a Markdown source opens a message fence (for a generator that runs no hooks)."""
    return any(_OPENER.match(line) for line in text.splitlines())


def has_messages(page_html: str) -> bool:
    """Whether a rendered page holds at least one message box."""
    return f'class="{BOX_CLASS}"' in page_html
