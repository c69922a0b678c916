"""Keep a viewed page from talking to third parties.

Material's "source" component (the repository link in the header) fetches star and fork counts
from the GitHub API in every visitor's browser. That sends the reader's address to a third party
on every first visit, and this site promises to load nothing from elsewhere. Without the
``data-md-component="source"`` marker, Material's script leaves the link alone: it stays a plain
link to the repository, only without the counts.
"""
from __future__ import annotations

SOURCE_MARKER = ' data-md-component="source"'


def drop_repository_facts(page_html: str) -> str:
    """Remove the marker that makes Material fetch repository facts from the GitHub API."""
    return page_html.replace(SOURCE_MARKER, "")
