"""Scaffold a new strategy, worksheet, message script, guide or niche from a template that already passes `make check`.

    make new TYPE=strategy TITLE="Ask for feedback"
    make new TYPE=worksheet TITLE="Feedback log" STRATEGY=reflect-on-the-interview
    make new TYPE=script TITLE="Decline a project politely"
    make new TYPE=guide TITLE="Pricing your first project"
    make new TYPE=niche TITLE="Translation"
    make new TYPE=event TITLE="Subtitling basics, live"

Besides the page itself, it makes the small edits a new page needs so that the strict build
passes: strategies, worksheets, scripts and guides get a line in `nav` in mkdocs.yml (a text edit of that one
list, so comments and layout stay as they are), a worksheet gets a link from its strategy's
"Related" section, and a niche gets an entry in data/sources.yml. An event is not a page: it is one file under data/events/
(see `rebound.contributed`). Then it prints what to fill in.
"""
from __future__ import annotations

import argparse
import re
import secrets
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from string import Template

import yaml

from rebound.checks.project import nav_pages, read_config
from rebound.checks.slugs import make_slug
from rebound.contributed import EVENTS_DIR
from rebound.page_types import PageType, folder_types
from rebound.render import FEEDS_MARKER
from rebound.worksheet_ids import load_record
from rebound.yaml_marks import load_mkdocs_config, read_meta

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
SOURCES = Path("data") / "sources.yml"


class ScaffoldError(Exception):
    """Something the contributor has to change before a page can be made."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create a new strategy, worksheet, script, guide or niche page.")
    parser.add_argument("type", help="strategy, worksheet, script, guide, niche or event")
    parser.add_argument("title", help='the page title, e.g. "Ask for feedback"')
    parser.add_argument("--strategy", default="", help="worksheets only: the slug of the strategy it goes with")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    args = parser.parse_args(argv)
    try:
        lines = create_page(args.root, args.type.strip().lower(), args.title.strip(), strategy=args.strategy.strip())
    except ScaffoldError as exc:
        print(f"make new: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def create_page(root: Path, kind: str, title: str, *, strategy: str = "") -> list[str]:
    """Write the page (and its nav, link or sources entry); return the messages to print."""
    if kind == "event":
        return create_event(root, title)
    types = folder_types()   # the page-type table: each type's folder and template
    if kind not in types or kind not in SCAFFOLDS:
        raise ScaffoldError(f"TYPE must be one of: {', '.join([*(t for t in types if t in SCAFFOLDS), 'event'])} (got {kind!r})")
    slug = make_slug(title)
    if not title or not slug:
        raise ScaffoldError('give the page a title with letters or digits, e.g. TITLE="Ask for feedback"')
    if "<" in title or ">" in title:
        raise ScaffoldError("a title can't hold < or >: the theme writes it into HTML attributes as it is")
    title = curly_quotes(title)   # `make check` refuses straight double quotes in a title, for the same reason
    docs = root / str(read_config(root).get("docs_dir") or "content")
    uri = f"{types[kind].folder}/{slug}.md"
    page = docs / uri
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} already exists; pick another title")
    return SCAFFOLDS[kind](root, docs, uri, title, slug, strategy, types[kind])


def create_event(root: Path, title: str, *, today: date | None = None) -> list[str]:
    """Write data/events/<slug>.yml for a free online event a week from ``today``; return the messages."""
    slug = make_slug(title)
    if not title or not slug:
        raise ScaffoldError('give the event a title with letters or digits, e.g. TITLE="Subtitling basics, live"')
    sources = root / SOURCES
    data = yaml.safe_load(sources.read_text(encoding="utf-8")) if sources.is_file() else None
    niches = [n.get("slug") for n in (data or {}).get("niches") or [] if isinstance(n, dict)]
    if not niches:
        raise ScaffoldError(f"{SOURCES} is missing or has no niches: list")
    path = root / EVENTS_DIR / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists; pick another title")
    today = today or datetime.now(UTC).date()
    starts = datetime.combine(today + timedelta(days=7), time(17, 0), tzinfo=UTC)
    text = _fill("event.yml", title_yaml=_quoted(curly_quotes(title)), niche=niches[0],
                 starts=starts.isoformat().replace("+00:00", "Z"), today=today.isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [
        f"Created {path.relative_to(root)}.",
        "Next: replace every example value with the real event's (see 'Adding a free event' in CONTRIBUTING.md):",
        "its page, niches, start with the UTC offset, time zone, organizer and the page that announces it.",
        "Then run make check. Rebound lists free online events only.",
    ]


def curly_quotes(text: str) -> str:
    """Straight double quotes as typographic ones: "no" → “no” (an opening one after a space or at the start)."""
    out = []
    for i, char in enumerate(text):
        if char == '"':
            char = "“" if i == 0 or text[i - 1].isspace() or text[i - 1] in "([{" else "”"
        out.append(char)
    return "".join(out)


def _render(kind: PageType, **values: object) -> str:
    """A new page of type ``kind`` from its template (named in the page-type table)."""
    return _fill(str(kind.template), **values)


def _fill(name: str, **values: object) -> str:
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)


def _quoted(title: str) -> str:
    """The title as a double-quoted YAML string (templates put it inside quotes)."""
    return title.replace("\\", "\\\\").replace('"', '\\"')


def _new_strategy(root: Path, docs: Path, uri: str, title: str, slug: str, _strategy: str, kind: PageType) -> list[str]:
    numbers = [_front_matter(p).get("strategy") for p in (docs / str(kind.folder)).glob("*.md")]
    number = max([n for n in numbers if isinstance(n, int)] or [0]) + 1
    (docs / uri).write_text(_render(kind, title=title, title_yaml=_quoted(title), number=number), encoding="utf-8")
    return [
        f"Created {(docs / uri).relative_to(root)} (strategy number {number}).",
        _add_to_nav(root, uri),
        "Next: write the description, each section (aim for 700+ plain words), pick tags,",
        "and link the new page from content/strategies/index.md. Preview with make serve; check with make check.",
    ]


def _new_worksheet(root: Path, docs: Path, uri: str, title: str, slug: str, strategy: str, kind: PageType) -> list[str]:
    known = sorted(p.stem for p in (docs / "strategies").glob("*.md") if p.name != "index.md")
    if strategy not in known:
        raise ScaffoldError(
            "a worksheet goes with one strategy: add STRATEGY=<slug>, one of: " + ", ".join(known)
        )
    strategy_page = docs / "strategies" / f"{strategy}.md"
    strategy_title = str(_front_matter(strategy_page).get("title") or strategy)
    text = _render(kind, title=title, title_yaml=_quoted(title), strategy=strategy, strategy_title=strategy_title.replace("]", "\\]"),
                   sheet_id=_new_sheet_id(root, docs, slug), **{f"field{n}": secrets.token_hex(3) for n in range(1, 5)})
    (docs / uri).write_text(text, encoding="utf-8")
    _link_from_strategy(strategy_page, f"- [{title}](../{uri}) — a worksheet to fill in or print.")
    return [
        f"Created {(docs / uri).relative_to(root)}.",
        _add_to_nav(root, uri),
        f"Linked it from the Related section of {strategy_page.relative_to(root)}.",
        "Next: write the description and the prompts (see 'Worksheet fields' in CONTRIBUTING.md),",
        "and add a row for it to content/worksheets/index.md. Preview with make serve; check with make check.",
    ]


def _new_sheet_id(root: Path, docs: Path, slug: str) -> str:
    """The new worksheet's id, made once: its slug, unless a page or a shipped worksheet has that id already.

    Readers' answers are stored under it, so it never changes after this, even if the file is renamed;
    its fields get random ids for the same reason (see rebound.worksheet_ids).
    """
    taken = set((load_record(root) or {}).get("worksheets", {}))
    taken |= {str(_front_matter(p).get("id")) for p in (docs / "worksheets").glob("*.md")}
    return slug if slug not in taken else f"{slug}-{secrets.token_hex(2)}"


# What to do after scaffolding a page that needs nothing but its file and a nav line.
NEXT_STEPS = {
    "script": ("Next: write the description and the messages (see 'Message scripts' in CONTRIBUTING.md),",
               "and add a row for it to content/what-to-say/index.md. Preview with make serve; check with make check."),
    "guide": ("Next: write the description and the sections the topic needs, link every fact to its source,",
              "and add it to content/guides/index.md. Preview with make serve; check with make check."),
}


def _new_listed(root: Path, docs: Path, uri: str, title: str, slug: str, _strategy: str, kind: PageType) -> list[str]:
    """A page from its template, listed in nav (scripts and guides)."""
    (docs / uri).write_text(_render(kind, title=title, title_yaml=_quoted(title)), encoding="utf-8")
    return [f"Created {(docs / uri).relative_to(root)}.", _add_to_nav(root, uri), *NEXT_STEPS[kind.name]]


def _new_niche(root: Path, docs: Path, uri: str, title: str, slug: str, _strategy: str, kind: PageType) -> list[str]:
    sources = root / SOURCES
    data = yaml.safe_load(sources.read_text(encoding="utf-8")) if sources.is_file() else None
    if not isinstance(data, dict) or not isinstance(data.get("niches"), list):
        raise ScaffoldError(f"{SOURCES} is missing or has no niches: list")
    if any(isinstance(n, dict) and n.get("slug") == slug for n in data["niches"]):
        raise ScaffoldError(f"niche '{slug}' is already in {SOURCES}")
    text = _render(kind, title=title, title_yaml=_quoted(title),
                   lower_title_yaml=_quoted(title[:1].lower() + title[1:]), feeds_marker=FEEDS_MARKER)
    (docs / uri).write_text(text, encoding="utf-8")
    _append_niche(sources, slug, title)
    return [
        f"Created {(docs / uri).relative_to(root)} and added niche '{slug}' to {SOURCES}.",
        f"Next: in {SOURCES}, write the description and replace the example source with at least three",
        "real, public feeds (see 'Adding a feed source' in CONTRIBUTING.md); then run make feeds, make serve",
        "and make check. The page is listed under 'Free training' automatically.",
    ]


def _front_matter(path: Path) -> dict:
    return read_meta(path.read_text(encoding="utf-8"))


def _add_to_nav(root: Path, uri: str) -> str:
    """Insert ``uri`` after the last nav entry of its folder; say what was done or what to do."""
    config = root / "mkdocs.yml"
    folder = uri.split("/")[0]
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    entry = re.compile(rf"^(\s+- )(?:[^\n]*:\s+)?{re.escape(folder)}/[^\s/]+\.md\s*$")
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav:\s*$", line)), None)
    last = None
    if start is not None:
        for i in range(start + 1, len(lines)):
            if lines[i].strip() and not lines[i][0].isspace() and not lines[i].startswith("#"):
                break  # the next top-level key: the nav is over
            if entry.match(lines[i]):
                last = i
    if last is None:
        return f"Add this line to nav in mkdocs.yml, in the section for {folder}/:  - {uri}"
    indent = entry.match(lines[last]).group(1)
    new_lines = [*lines[: last + 1], f"{indent}{uri}\n", *lines[last + 1 :]]
    if not lines[last].endswith("\n"):
        new_lines[last] = lines[last] + "\n"
    new_text = "".join(new_lines)
    candidate = load_mkdocs_config(new_text) or {}
    if uri not in nav_pages(candidate.get("nav")):
        return f"Add this line to nav in mkdocs.yml, in the section for {folder}/:  - {uri}"
    config.write_text(new_text, encoding="utf-8")
    return f"Added it to nav in mkdocs.yml (line {last + 2}: {indent.strip()} {uri})."


def _link_from_strategy(strategy_page: Path, bullet: str) -> None:
    """Add ``bullet`` at the end of the strategy's ``## Related`` section (made if missing)."""
    lines = strategy_page.read_text(encoding="utf-8").rstrip("\n").split("\n")
    related = next((i for i, line in enumerate(lines) if re.match(r"^##\s+Related\s*$", line)), None)
    if related is None:
        lines += ["", "## Related", "", bullet]
    else:
        end = next((i for i in range(related + 1, len(lines)) if re.match(r"^#{1,2}\s", lines[i])), len(lines))
        last = max(i for i in range(related, end) if lines[i].strip())
        if last == related:
            lines[last + 1 : last + 1] = ["", bullet]
        else:
            lines.insert(last + 1, bullet)
    strategy_page.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _append_niche(sources: Path, slug: str, title: str) -> None:
    """Append a niche block at the end of the niches list, then confirm the file still parses."""
    before = sources.read_text(encoding="utf-8")
    yaml_title = '"' + _quoted(title) + '"'
    after = before.rstrip("\n") + "\n" + _fill("niche-sources.yml", slug=slug, yaml_title=yaml_title)
    data = yaml.safe_load(after)
    if not (isinstance(data, dict) and data.get("niches") and data["niches"][-1].get("slug") == slug):
        raise ScaffoldError(f"could not add the niche at the end of {SOURCES}; add it by hand")
    sources.write_text(after, encoding="utf-8")


# What `make new` does besides writing the page, per page type (the table gives folder and template).
SCAFFOLDS = {"strategy": _new_strategy, "worksheet": _new_worksheet, "script": _new_listed, "guide": _new_listed,
             "niche": _new_niche}


if __name__ == "__main__":
    raise SystemExit(main())
