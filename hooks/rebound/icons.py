"""The icon set for `:material-...:` shortcodes in pages: Material's bundled SVG icons, nothing else."""
from __future__ import annotations

from typing import Any


def material_icons_only(options: dict[str, Any], md: Any) -> dict[str, Any]:
    """pymdownx.emoji's index of the icons that ship with Material, without Twemoji's emoji.

    Material's own index (material.extensions.emoji.twemoji) also holds every Twemoji emoji, which
    pymdownx renders as an <img> from a CDN: one `:smile:` in a page would make every reader's
    browser call a third party. With this index the icons are inlined as SVG, as before, and an
    emoji shortcode stays plain text.
    """
    from material.extensions.emoji import twemoji  # the theme's loader finds its bundled icons

    full = twemoji(options, md)
    # The name stays "twemoji": Material's to_svg uses it as the CSS class its styles expect.
    return {"name": full["name"], "aliases": {},
            "emoji": {name: icon for name, icon in full["emoji"].items() if "path" in icon}}
