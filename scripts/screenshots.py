"""Screenshots of the pages a reader meets first, at a phone's and a laptop's size.

    python scripts/screenshots.py [--site site] [--out screenshots] [--scheme light|dark] [--full-page]

`make screenshots` builds the site and runs this. It serves the built site on 127.0.0.1 (a free
port) and writes one PNG per page and size to the output folder, named `<page>-<width>x<height>.png`
(with `-dark` for the dark scheme). Open them before you call a change to a page done.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rebound.devtools.browser import launch_chromium, serve_directory  # the tests' server and Chromium
from rebound.devtools.project import ROOT

SIZES = ((390, 844), (1280, 900))
# (name, candidates): the first page that exists in the built site is shot.
PAGES = (
    ("home", ("",)),
    ("strategy", ("strategies/dont-take-it-personally/", "strategies/")),
    ("worksheet", ("worksheets/rejection-debrief/", "worksheets/")),
    ("niche", ("niches/social-media-marketing/", "niches/")),
    ("subscribe", ("subscribe/",)),
)


def pick_pages(site: Path) -> list[tuple[str, str]]:
    """Each page's name and its path in the built site (the first candidate that was built)."""
    picked = []
    for name, candidates in PAGES:
        path = next((c for c in candidates if (site / c / "index.html").is_file()), None)
        if path is None:
            raise SystemExit(f"screenshots: no {name} page in {site} (looked for {', '.join(candidates)})")
        picked.append((name, path))
    return picked


def take_screenshots(site: Path, out: Path, *, scheme: str = "light", full_page: bool = False) -> list[Path]:
    """Shoot every page at every size; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if scheme == "light" else f"-{scheme}"
    written = []
    pages = pick_pages(site)   # a missing page fails before Chromium starts
    with serve_directory(site) as base, launch_chromium() as browser:
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            for name, path in pages:
                page.goto(base + path, wait_until="load")
                target = out / f"{name}-{width}x{height}{suffix}.png"
                page.screenshot(path=str(target), full_page=full_page)
                written.append(target)
            context.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNGs")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} holds no built site: run `make site` first")
    for path in take_screenshots(args.site, args.out, scheme=args.scheme, full_page=args.full_page):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
