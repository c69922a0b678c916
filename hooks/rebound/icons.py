"""The icon set for `:material-...:` shortcodes in pages: Material's bundled SVG icons, nothing else."""
from __future__ import annotations

from typing import Any

# Material's index, by identity → our filtered copy. pymdownx.emoji asks for the index once per
# page (MkDocs makes a Markdown instance per page); Material caches its own index, and filtering
# its ~10,000 entries again for every page cost about 4 ms a page (0.2 s of a 46-page build).
_filtered: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def material_icons_only(options: dict[str, Any], md: Any) -> dict[str, Any]:
    """pymdownx.emoji's index of the icons that ship with Material, without Twemoji's emoji.

    Material's own index (material.extensions.emoji.twemoji) also holds every Twemoji emoji, which
    pymdownx renders as an <img> from a CDN: one `:smile:` in a page would make every reader's
    browser call a third party. With this index the icons are inlined as SVG, as before, and an
    emoji shortcode stays plain text.
    """
    from material.extensions.emoji import twemoji  # the theme's loader finds its bundled icons

    full = twemoji(options, md)
    known = _filtered.get(id(full))
    if known is not None and known[0] is full:
        return known[1]
    # The name stays "twemoji": Material's to_svg uses it as the CSS class its styles expect.
    icons = {"name": full["name"], "aliases": {},
             "emoji": {name: icon for name, icon in full["emoji"].items() if "path" in icon}}
    _filtered[id(full)] = (full, icons)
    return icons
