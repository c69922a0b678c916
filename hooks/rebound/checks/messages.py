"""Message-script fences (```message title="..."), checked by the messages feature's own reader."""
from __future__ import annotations

from rebound.messages import find_message_problems

from .front_matter import Page
from ..problem import Problem

MESSAGES_HINT = "see 'Message scripts' in CONTRIBUTING.md: ```message title=\"Email\""


def check_message_fences(page: Page, text: str) -> list[Problem]:
    """Problems in the ``message`` fences of a page; ``text`` is the whole file."""
    return [Problem(page.path, line, message, MESSAGES_HINT) for line, message in find_message_problems(text)]
