"""The icon set for `:material-...:` shortcodes in pages: Material's bundled SVG icons, nothing else.

Material's own index (``material.extensions.emoji.twemoji``) also holds every Twemoji emoji, which
pymdownx renders as an ``<img>`` from a CDN: one ``:smile:`` in a page would make every reader's
browser call a third party. This index is Material's with the emoji taken out, so icons are inlined
as SVG and an emoji shortcode stays plain text.
"""
from __future__ import annotations

import functools
from typing import Any


def material_icons_only(options: dict[str, Any], md: Any) -> dict[str, Any]:
    """pymdownx.emoji's index: the icons bundled with Material (and ``custom_icons``), no Twemoji emoji."""
    return _icons_only(tuple(options.get("custom_icons", [])))


@functools.cache   # pymdownx asks once per page; Material lists its ~14,000 files once per process
def _icons_only(custom_icons: tuple[str, ...]) -> dict[str, Any]:
    from material.extensions.emoji import twemoji

    index = twemoji({"custom_icons": list(custom_icons)}, None)
    # The name stays "twemoji": Material's to_svg uses it as the CSS class its styles expect.
    return {**index, "emoji": {name: icon for name, icon in index["emoji"].items() if "path" in icon}}
