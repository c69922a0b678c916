"""Render content/assets/og-image.svg to og-image.png (1200x630) with Debian's Chromium.

Chat apps and social sites show a page's og:image when someone shares a link, and most of them
do not read SVG, so the site ships a PNG. Run this by hand after editing the SVG and commit both:

    .venv/bin/python scripts/render_og_image.py
"""
from __future__ import annotations

from collections.abc import Sequence

from rebound.devtools.browser import launch_chromium  # the tests' Chromium and flags
from rebound.devtools.project import ROOT

SOURCE = ROOT / "content" / "assets" / "og-image.svg"
WIDTH, HEIGHT = 1200, 630


def main(argv: Sequence[str] | None = None) -> int:
    target = SOURCE.with_suffix(".png")
    with launch_chromium() as browser:
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(f'<body style="margin:0">{SOURCE.read_text(encoding="utf-8")}</body>')
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
