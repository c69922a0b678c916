"""Which lines of Markdown are fenced code: one rule for the worksheet fields and the content checks."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# Any indent: pymdownx.superfences allows fences nested in lists and admonitions.
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def mark_fenced_lines(lines: Sequence[str]) -> Iterator[bool]:
    """For each line, whether it belongs to a fenced code block (its fence lines included)."""
    return (fenced for fenced, _ in _fence_states(lines))


def mark_fence_openers(lines: Sequence[str]) -> Iterator[bool]:
    """For each line, whether it opens a fenced code block (also right after another one closes)."""
    return (opens for _, opens in _fence_states(lines))


def _fence_states(lines: Sequence[str]) -> Iterator[tuple[bool, bool]]:
    """(fenced, opens) for each line.

    A fence closes on a line of the same character, at least as long as the opener, with
    nothing after it (CommonMark); an unclosed fence runs to the end.
    """
    fence: str | None = None
    for line in lines:
        match = FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
            yield fence is not None, fence is not None
            continue
        closes = (match is not None and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
                  and not line.strip()[len(match.group(1)):].strip())
        if closes:
            fence = None
        yield True, False
