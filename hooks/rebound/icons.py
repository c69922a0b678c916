"""The icon set for `:material-...:` shortcodes in pages: Material's bundled SVG icons, nothing else.

Material's own index (``material.extensions.emoji.twemoji``) also holds every Twemoji emoji, which
pymdownx renders as an ``<img>`` from a CDN: one ``:smile:`` in a page would make every reader's
browser call a third party. With this index the icons are inlined as SVG and an emoji shortcode
stays plain text.

It looks each shortcode up when a page uses it, instead of listing all ~14,000 bundled SVG files
first as Material's index does (about 40 ms of every build, for the four icons our pages use). The
names are Material's: a file's path under an icon folder with ``/`` read as ``-``, so
``:fontawesome-brands-github:`` is ``fontawesome/brands/github.svg``.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class BundledIcons:
    """Shortcode → ``{"name", "path"}`` for the SVG files under ``roots`` (earlier roots win), found on demand.

    pymdownx.emoji and Material's ``to_svg`` only ever ask for one name (``get``, ``[]``, ``in``).
    """

    def __init__(self, roots: Sequence[str]) -> None:
        self.roots = tuple(roots)

    def get(self, shortname: str, default: Any = None) -> dict[str, str] | Any:
        found = _find_icon(self.roots, shortname)
        return default if found is None else {"name": shortname, "path": found}

    def __getitem__(self, shortname: str) -> dict[str, str]:
        icon = self.get(shortname)
        if icon is None:
            raise KeyError(shortname)
        return icon

    def __contains__(self, shortname: object) -> bool:
        return isinstance(shortname, str) and self.get(shortname) is not None


@functools.cache
def _find_icon(roots: tuple[str, ...], shortname: str) -> str | None:
    """The SVG file for ``:a-b-c:`` under one of ``roots``: ``a-b-c.svg``, else ``a/b-c.svg``, else ``a/b/c.svg``."""
    if len(shortname) < 3 or not (shortname.startswith(":") and shortname.endswith(":")):
        return None
    parts = shortname[1:-1].split("-")
    if any(not part or part in (".", "..") or os.sep in part for part in parts):
        return None
    for root in roots:
        folder = Path(root)
        for i, part in enumerate(parts):
            file = folder / ("-".join(parts[i:]) + ".svg")   # the rest of the name as one file name
            if file.is_file():
                return os.path.normpath(file)
            if not (folder / part).is_dir():
                break
            folder = folder / part
    return None


def _theme_icons() -> str:
    import material   # the theme's package: its bundled icons live beside its templates

    return os.path.join(os.path.dirname(material.__file__), "templates", ".icons")


def material_icons_only(options: dict[str, Any], md: Any) -> dict[str, Any]:
    """pymdownx.emoji's index: the icons bundled with Material (and ``custom_icons``), no Twemoji emoji."""
    roots = [*options.get("custom_icons", []), _theme_icons()]
    # The name stays "twemoji": Material's to_svg uses it as the CSS class its styles expect.
    return {"name": "twemoji", "aliases": {}, "emoji": BundledIcons(roots)}
