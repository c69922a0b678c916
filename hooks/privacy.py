"""Stops Material's in-browser call to the GitHub API (see rebound.privacy)."""
from __future__ import annotations

from rebound.privacy import drop_repository_facts


def on_post_page(output: str, **_: object) -> str:
    return drop_repository_facts(output)


def on_post_template(output_content: str, *, template_name: str, **_: object) -> str:
    # 404.html is a static template, rendered without on_post_page.
    return drop_repository_facts(output_content) if template_name.endswith(".html") else output_content
