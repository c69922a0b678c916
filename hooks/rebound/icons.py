"""The icon set for `:material-...:` shortcodes in pages: Material's bundled SVG icons, nothing else.

Material's own index (``material.extensions.emoji.twemoji``) also holds every Twemoji emoji, which
pymdownx renders as an ``<img>`` from a CDN: one ``:smile:`` in a page would make every reader's
browser call a third party. This index is Material's with the emoji taken out, so icons are inlined
as SVG and an emoji shortcode stays plain text.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
from typing import Any

# The theme packages whose emoji extension indexes the same bundled icon folders, in order of
# preference: Material for MkDocs, then its successor Zensical (which builds the site without
# Material installed). Found by name, so neither is imported unless it is there.
THEME_EMOJI_MODULES = ("material.extensions.emoji", "zensical.extensions.emoji")


def _theme_twemoji() -> Any:
    """The ``twemoji`` index function of the first theme package installed."""
    for name in THEME_EMOJI_MODULES:
        if importlib.util.find_spec(name.partition(".")[0]) is not None:
            return importlib.import_module(name).twemoji
    raise ModuleNotFoundError(f"no icon set: none of {', '.join(THEME_EMOJI_MODULES)} is installed")


def material_icons_only(options: dict[str, Any], md: Any) -> dict[str, Any]:
    """pymdownx.emoji's index: the icons bundled with Material (and ``custom_icons``), no Twemoji emoji."""
    return _icons_only(tuple(options.get("custom_icons", [])))


@functools.cache   # pymdownx asks once per page; Material lists its ~14,000 files once per process
def _icons_only(custom_icons: tuple[str, ...]) -> dict[str, Any]:
    index = _theme_twemoji()({"custom_icons": list(custom_icons)}, None)
    # The name stays "twemoji": Material's to_svg uses it as the CSS class its styles expect.
    return {**index, "emoji": {name: icon for name, icon in index["emoji"].items() if "path" in icon}}
