"""Names Material's unnamed landmarks and drops its invalid attributes (see rebound.markup)."""
from __future__ import annotations

from rebound.markup import fix_material_markup


def on_post_page(output: str, **_: object) -> str:
    return fix_material_markup(output)


def on_post_template(output_content: str, *, template_name: str, **_: object) -> str:
    # 404.html is a static template, rendered without on_post_page.
    return fix_material_markup(output_content) if template_name.endswith(".html") else output_content
