"""`make zensical-check`: build the site with the newest Zensical the package index offers and say
what differs from the MkDocs build. Reported, never gated: it exits 0 whatever differs, and 1 only
when it could not run (Zensical would not install, a build crashed).

Zensical (the successor of Material for MkDocs, from the same team) reads `mkdocs.yml` but runs no
MkDocs hooks. So it builds the tree that `python -m rebound.generate` writes: the hand-written pages
with Rebound's blocks in place, the generated pages, the feed, calendar and OPML files, and the nav
those pages need (see ARCHITECTURE.md, "Generated files"). MkDocs builds the same site from
`content/` with the hooks, which hand over the same generated files.

Zensical goes into its own venv (`.venv-zensical/`), never the project's: it pins its own Markdown
stack, and production builds with MkDocs.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-zensical"
PROJECT_PYTHON = ROOT / ".venv" / "bin" / "python"
# Files each generator names its own way: their own bundles and search index, not the site's pages.
OWN_FILES = re.compile(r"^(assets/javascripts/|assets/stylesheets/|search/|search\.json$|sitemap\.xml(\.gz)?$|objects\.inv$)")


def run(command: Sequence[str | os.PathLike[str]], **kwargs) -> subprocess.CompletedProcess[str]:  # noqa: ANN003
    """Run ``command``, printing it; its output is captured and returned."""
    print("$", " ".join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], text=True, capture_output=True, **kwargs)


def install_zensical() -> str:
    """The newest Zensical that installs here, in its own venv, with Rebound's package beside it."""
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    # No version pin: pip takes the newest release whose dependencies the index has (newer ones may
    # need packages that are not there yet; pip then falls back by itself).
    for command in (
        [VENV / "bin" / "python", "-m", "pip", "install", "--quiet", "--upgrade", "zensical"],
        # Rebound's Markdown extensions and icon index, named in mkdocs.yml with !!python/name.
        [VENV / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", ROOT / "constraints.txt", "-e", ROOT],
    ):
        done = run(command)
        if done.returncode:
            raise SystemExit(f"zensical-check: could not install: {done.stderr.strip()[-2000:]}")
    version = run([VENV / "bin" / "zensical", "--version"])
    return version.stdout.strip() or version.stderr.strip()


def build_with_mkdocs(out: Path) -> None:
    """The production build (offline, strict) into ``out``."""
    env = {**os.environ, "REBOUND_OFFLINE": "1", "NO_MKDOCS_2_WARNING": "1"}
    done = run([PROJECT_PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", out], cwd=ROOT, env=env)
    if done.returncode:
        raise SystemExit(f"zensical-check: the MkDocs build failed:\n{done.stderr[-4000:]}")


def build_with_zensical(out: Path) -> str:
    """Zensical's build of the generated tree into ``out``; returns what it printed (warnings)."""
    generated = run([PROJECT_PYTHON, "-m", "rebound.generate", "--zensical"], cwd=ROOT,
                    env={**os.environ, "REBOUND_OFFLINE": "1"})
    if generated.returncode:
        raise SystemExit(f"zensical-check: python -m rebound.generate failed:\n{generated.stderr[-4000:]}")
    config = Path(generated.stdout.strip().splitlines()[-1])
    done = run([VENV / "bin" / "zensical", "build", "--strict", "-f", config], cwd=ROOT)
    built = Path(config.parent / "site")
    if not built.is_dir():
        raise SystemExit(f"zensical-check: Zensical built nothing:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    shutil.copytree(built, out)
    return strip_colours(done.stdout + done.stderr)


def strip_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class _Links(HTMLParser):
    """What a page links to, as written: links inside its article (``<article>``), and the feeds,
    scripts and stylesheets of its own that its ``<head>`` names (not the generator's bundles)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = found.get("href")
            if href and not href.startswith("#"):
                self.links.add(href)
        elif tag == "link" and found.get("rel") in ("alternate", "stylesheet"):
            self._add_own(f"<link rel={found.get('rel')}>", found.get("href"))
        elif tag == "script":
            self._add_own("<script>", found.get("src"))

    def _add_own(self, kind: str, target: str | None) -> None:
        if target and not OWN_FILES.match(target.lstrip("./").split("?")[0]) and "://" not in target:
            self.links.add(f"{kind} {target}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def article_links(path: Path) -> set[str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.links


def site_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
            and not OWN_FILES.match(p.relative_to(folder).as_posix())}


def compare(mkdocs: Path, zensical: Path) -> dict[str, list[str]]:
    """Missing (MkDocs has, Zensical not), extra, and pages whose article links differ."""
    ours, theirs = site_files(mkdocs), site_files(zensical)
    different = []
    for page in sorted(p for p in ours & theirs if p.endswith(".html")):
        a, b = article_links(mkdocs / page), article_links(zensical / page)
        if a != b:
            only_mkdocs = ", ".join(sorted(a - b)[:3])
            only_zensical = ", ".join(sorted(b - a)[:3])
            different.append(f"{page}: MkDocs only [{only_mkdocs}]; Zensical only [{only_zensical}]")
    return {"missing": sorted(ours - theirs), "extra": sorted(theirs - ours), "links": different}


def report(found: dict[str, list[str]], *, version: str, total: int, warnings: str) -> None:
    print(f"\nZensical {version}: {total - len(found['missing'])} of the {total} files MkDocs builds "
          f"(not counting each generator's own scripts, styles and search index).")
    for key, title in (("missing", "Missing from Zensical's build"), ("extra", "Only in Zensical's build"),
                       ("links", "Pages whose links differ")):
        rows = found[key]
        print(f"{title}: {len(rows)}")
        for row in rows[:40]:
            print(f"  {row}")
        if len(rows) > 40:
            print(f"  ... and {len(rows) - 40} more")
    lines = [line for line in warnings.splitlines() if line.startswith(("Warning", "Error"))]
    print(f"Zensical's warnings: {len(lines)}" + "".join(f"\n  {line}" for line in lines[:10]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    version = install_zensical()
    with tempfile.TemporaryDirectory(prefix="zensical-check-") as tmp:
        mkdocs, zensical = Path(tmp, "mkdocs"), Path(tmp, "zensical")
        build_with_mkdocs(mkdocs)
        warnings = build_with_zensical(zensical)
        found = compare(mkdocs, zensical)
        report(found, version=version, total=len(site_files(mkdocs)), warnings=warnings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
