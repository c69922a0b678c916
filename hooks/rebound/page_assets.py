"""The tags that load a page's own stylesheets and scripts (events, worksheets, messages).

They sit in the page's content or ``<head>`` with addresses relative to the page, so only the
pages that need them load them and a copy of the site served elsewhere points at itself. Pure.
"""
from __future__ import annotations

from html import escape

from rebound.urls import from_page


def render_assets(page_url: str, *paths: str) -> str:
    """``<link>``/``<script>`` tags for page-specific assets, relative to the page at ``page_url``.

    They sit in the page's content (raw HTML), so only the pages that need them load them.
    """
    tags = []
    for path in paths:
        href = escape(from_page(path, page_url))
        tags.append(f'<link rel="stylesheet" href="{href}">' if path.endswith(".css") else f'<script src="{href}" defer></script>')
    return "".join(tags)

def render_module(page_url: str, path: str) -> str:
    """A ``<script type="module">`` for an ES module's entry point (deferred by nature; it imports its parts)."""
    return f'<script type="module" src="{escape(from_page(path, page_url))}"></script>'
