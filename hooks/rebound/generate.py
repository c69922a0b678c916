"""Generation as its own step: everything Rebound adds to the site, written out as ordinary files.

``python -m rebound.generate`` (run by ``make site`` before the build) reads ``mkdocs.yml``, the
sources, the feed cache and git, and writes into one ignored folder, ``.rebound-generated/``:

- ``pages/<src_uri>``: the generated pages (niche pages, ``/events/``, the feed-health page),
  Markdown with front matter;
- ``blocks/<src_uri>``: each hand-written page that carries a Rebound block (the home page's next
  events, the niche list, the Subscribe links), whole, with the block in place;
- ``files/<path>``: the RSS, Atom, JSON Feed, iCalendar and OPML files;
- ``nav.yml``: the nav entries the generated pages need, under their section;
- with ``--zensical``, also ``zensical/``: a docs folder (``content/`` overlaid with all of the
  above) and a config for a generator that runs no MkDocs hooks (Zensical); the last line printed
  is that config's path.

The MkDocs hook (``hooks/feeds.py``) calls the same `generate_site` and hands the result to MkDocs
in memory, so ``mkdocs build`` alone still builds everything and ``mkdocs serve`` regenerates on
each rebuild. Nothing here fetches: ``make feeds`` (or ``make site`` when online) refreshes the
cache first.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from datetime import UTC, datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rebound.atomic import write_bytes_atomically, write_text_atomically
from rebound.collect import Collected, collect
from rebound.contributed import add_contributed_events
from rebound.feed_files import HubPage
from rebound.model import Niche
from rebound.problem import Problem
from rebound.page_types import load_page_types
from rebound.plan import NAV_SECTION, SitePlan, extend_nav, plan_site
from rebound.render import place_block
from rebound.settings import Settings, load_settings
from rebound.sources import load_sources
from rebound.updates import find_git_dates
from rebound.urls import absolute, page_url
from rebound.views import build_niche_view
from rebound.yaml_marks import FRONT_MATTER_RE, read_meta

log = logging.getLogger("rebound.feeds")


# --- mkdocs.yml, read without MkDocs ---------------------------------------------------------------


class PythonName(str):
    """A ``!!python/name:`` value of mkdocs.yml, kept as written (nothing is imported here)."""


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PythonName(suffix))
_ConfigDumper.add_representer(
    PythonName, lambda dumper, name: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", ""))


def load_mkdocs_yml(path: Path) -> dict[str, Any]:
    """A mkdocs.yml as data, its ``!!python/name:`` values kept as :class:`PythonName`."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def dump_mkdocs_yml(config: dict[str, Any]) -> str:
    """The text of a mkdocs.yml read by :func:`load_mkdocs_yml` and maybe altered, its Python names as written."""
    return yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class SiteConfig:
    """What generation needs from mkdocs.yml (``raw``: the whole file, python names kept as text)."""

    root: Path
    docs_dir: Path
    site_url: str
    site_name: str
    directory_urls: bool
    raw: dict[str, Any]


def read_site_config(root: Path | str = ".", config_file: str = "mkdocs.yml") -> SiteConfig:
    """mkdocs.yml under ``root``; ValueError when ``site_url`` is missing (feeds need absolute links)."""
    root = Path(root).resolve()
    raw = load_mkdocs_yml(root / config_file)
    if not raw.get("site_url"):
        raise ValueError(f"{config_file}: site_url is required: feeds and calendars carry absolute addresses built from it")
    return SiteConfig(
        root=root,
        docs_dir=root / str(raw.get("docs_dir", "docs")),
        site_url=str(raw["site_url"]),
        site_name=str(raw.get("site_name", "")),
        directory_urls=bool(raw.get("use_directory_urls", True)),
        raw=raw,
    )


def rebound_extra(raw: dict[str, Any]) -> dict[str, Any]:
    """mkdocs.yml's ``extra: rebound:`` mapping ({} without one); ValueError when it is not a mapping."""
    value = (raw.get("extra") or {}).get("rebound") or {}
    if not isinstance(value, dict):
        raise ValueError("mkdocs.yml: extra: rebound: must be a mapping of settings (see README, Settings)")
    return value


# --- What the docs folder holds ---------------------------------------------------------------------


def list_documentation_pages(docs_dir: Path) -> list[str]:
    """The Markdown pages under ``docs_dir`` as MkDocs names them (``a/b.md``), dot-files left out as MkDocs does."""
    return sorted(
        path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")
        if not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def list_docs_files(docs_dir: Path) -> set[str]:
    """Every file under ``docs_dir`` (site-relative paths), for the plan's name clash check."""
    return {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file()}


def find_hub_pages(site: SiteConfig, src_uris: Sequence[str]) -> list[HubPage]:
    """Strategies and worksheets with their titles and commit dates; pages never committed are left out."""
    listed = {t.folder: t.name for t in load_page_types() if t.in_updates}   # strategies, worksheets
    candidates: dict[str, str] = {}   # project-relative path -> src_uri
    for src_uri in src_uris:
        section, _, name = src_uri.partition("/")
        if section in listed and name != "index.md" and "/" not in name:
            try:
                path = (site.docs_dir / src_uri).resolve().relative_to(site.root).as_posix()
            except ValueError:
                continue  # docs_dir outside the project: no history to ask
            candidates[path] = src_uri
    dates = find_git_dates(site.root, candidates)
    pages = []
    for path, src_uri in sorted(candidates.items()):
        if path not in dates:
            continue
        meta = read_meta((site.docs_dir / src_uri).read_text(encoding="utf-8"))
        pages.append(HubPage(
            src_uri=src_uri,
            url=absolute(site.site_url, page_url(src_uri, directory_urls=site.directory_urls)),
            title=str(meta.get("title") or Path(src_uri).stem),
            description=str(meta.get("description") or ""),
            kind=listed[src_uri.partition("/")[0]],
            dates=dates[path],
        ))
    if len(pages) < len(candidates):
        log.info("feeds: %d of %d guides have no commit yet and are not in the updates feed",
                 len(candidates) - len(pages), len(candidates))
    return pages


# --- Generation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """One generation: the niches it read, what collecting the cache reported, the contributed
    event files it had to leave out, and the plan."""

    niches: tuple[Niche, ...]
    collected: Collected
    event_problems: tuple[Problem, ...]
    plan: SitePlan


def generate_site(site: SiteConfig, settings: Settings, *, src_uris: Sequence[str], existing: set[str],
                  now: datetime | None = None) -> Generated:
    """Collect the sources (cache; the network only as ``settings`` allow), add the contributed
    events, and plan the site's additions.

    Raises `rebound.sources.SourcesError` and `rebound.plan.PlanError` with a message that names the
    file and line or the page.
    """
    niches = load_sources(settings.sources_path)
    collected = collect(niches, settings)
    # Events added by pull request: a broken file is named and left out, never a crash.
    now = now or datetime.now(UTC).replace(second=0, microsecond=0)
    niches, contributed, problems = add_contributed_events(site.root, niches, now=now, cache_dir=settings.cache_dir)
    records = {**collected.records, **contributed}
    views = {n.slug: build_niche_view(n, records) for n in niches}
    plan = plan_site(
        niches, views, hub_pages=find_hub_pages(site, src_uris), existing=existing,
        site_url=site.site_url, site_name=site.site_name, directory_urls=site.directory_urls,
    )
    return Generated(niches=niches, collected=collected, event_problems=tuple(problems), plan=plan)


def report(generated: Generated) -> None:
    """Log what collecting and the contributed events reported (outside ``mkdocs.*``: a failing
    feed must not fail a strict build)."""
    if generated.collected.notice:
        log.info("feeds: %s", generated.collected.notice)
    for source, message in generated.collected.problems:
        log.warning("feeds: %s: %s", source, message)
    for problem in generated.event_problems:
        log.warning("events: %s:%d: %s (left out)", problem.path, problem.line, problem.message)


def with_front_matter(markdown: str, added: dict[str, Any]) -> str:
    """``markdown`` with the keys of ``added`` appended to its front matter (front matter added if it has none)."""
    if not added:
        return markdown
    lines = yaml.safe_dump(added, allow_unicode=True, sort_keys=False, width=1_000)
    match = FRONT_MATTER_RE.match(markdown)
    if not match:
        return f"---\n{lines}---\n\n{markdown}"
    return f"---\n{match.group(1)}{lines}---\n{markdown[match.end():]}"


def page_front_matter(plan: SitePlan, src_uri: str, *, generated: bool) -> dict[str, Any]:
    """What Rebound declares in a page's front matter for the template (overrides/main.html).

    ``rebound_generated``: no file under content/ to edit, so no "Suggest a change" link;
    ``rebound_alternates``: the page's ``<link rel="alternate">`` feeds (type, title, site-relative path);
    ``rebound_stylesheets``, ``rebound_scripts``: what the page loads (site-relative), in its ``<head>``.
    """
    added: dict[str, Any] = {}
    if generated:
        added["rebound_generated"] = True
    links = plan.head_links.get(src_uri)
    if links:
        added["rebound_alternates"] = [{"type": kind, "title": title, "path": path} for kind, title, path in links]
    assets = plan.assets.get(src_uri, ())
    if any(path.endswith(".css") for path in assets):
        added["rebound_stylesheets"] = [path for path in assets if path.endswith(".css")]
    if any(not path.endswith(".css") for path in assets):
        added["rebound_scripts"] = [path for path in assets if not path.endswith(".css")]
    return added


def write_generated(plan: SitePlan, site: SiteConfig, folder: Path) -> Path:
    """Write ``plan`` under ``folder`` (see the module docstring), replacing what an earlier run left; returns ``folder``."""
    for part in ("pages", "blocks", "files"):
        shutil.rmtree(folder / part, ignore_errors=True)
    for src_uri, markdown in plan.pages.items():
        added = page_front_matter(plan, src_uri, generated=True)
        write_text_atomically(folder / "pages" / src_uri, with_front_matter(markdown, added))
    for src_uri, (marker, block) in plan.blocks.items():
        source = site.docs_dir / src_uri
        if source.is_file():
            text = place_block(source.read_text(encoding="utf-8"), marker, block)
            added = page_front_matter(plan, src_uri, generated=False)
            write_text_atomically(folder / "blocks" / src_uri, with_front_matter(text, added))
    for path, content in plan.outputs.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        write_bytes_atomically(folder / "files" / path, data)
    nav = {NAV_SECTION: [{title: uri} for title, uri in plan.nav]}
    write_text_atomically(folder / "nav.yml", yaml.safe_dump([nav], allow_unicode=True, sort_keys=False))
    return folder


def write_zensical_tree(site: SiteConfig, folder: Path) -> Path:
    """``folder/zensical``: content/ overlaid with the generated files, and its config; returns the config path.

    For a generator that runs no MkDocs hooks: the pages, blocks and files are ordinary files there,
    and the nav already lists the generated pages.
    """
    tree = folder / "zensical"
    shutil.rmtree(tree, ignore_errors=True)
    docs = tree / "docs"
    shutil.copytree(site.docs_dir, docs)
    for part in ("pages", "blocks", "files"):
        if (folder / part).is_dir():
            shutil.copytree(folder / part, docs, dirs_exist_ok=True)
    declare_page_assets(site, docs)
    config = dict(site.raw)
    nav = [dict(item) if isinstance(item, dict) else item for item in config.get("nav", [])]
    nav = [{k: list(v) if isinstance(v, list) else v for k, v in item.items()} if isinstance(item, dict) else item
           for item in nav]
    navigation = yaml.safe_load((folder / "nav.yml").read_text(encoding="utf-8"))[0][NAV_SECTION]
    extend_nav(nav, [(title, uri) for entry in navigation for title, uri in entry.items()])
    config.update(docs_dir="docs", site_dir="site", nav=nav)
    config.pop("hooks", None)
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(site.root / theme["custom_dir"], tree)   # relative to this config
    config["theme"] = theme
    path = tree / "mkdocs.yml"
    write_text_atomically(path, dump_mkdocs_yml(config))
    return path


def declare_page_assets(site: SiteConfig, docs: Path) -> None:
    """Write into the copies under ``docs`` what hooks/pages.py puts into ``page.meta`` under MkDocs:
    the stylesheets and scripts of pages with message fences or answer fields, and a worksheet's
    ids script and print footer (the template reads the same keys either way)."""
    from rebound import messages
    from rebound.worksheet.check import find_field_ids
    from rebound.worksheet.html import WORKSHEET_MODULE, WORKSHEET_STYLESHEET, render_print_footer_style
    from rebound.worksheet_ids import SheetIds, WorksheetIds, read_renamed_from

    ids = WorksheetIds.from_root(site.root)
    sheets: dict[str, tuple[Path, dict[str, Any]]] = {}
    declared: dict[Path, dict[str, Any]] = {}
    for src_uri in list_documentation_pages(docs):
        path = docs / src_uri
        text = path.read_text(encoding="utf-8")
        added: dict[str, Any] = {}
        if messages.has_message_fences(text):
            added.update(rebound_stylesheets=[messages.STYLESHEET], rebound_scripts=[messages.SCRIPT])
        fields = find_field_ids(text)
        meta = read_meta(text)
        if fields and isinstance(meta.get("id"), str):
            added["rebound_stylesheets"] = [*added.get("rebound_stylesheets", []), WORKSHEET_STYLESHEET]
            added["rebound_modules"] = [WORKSHEET_MODULE]
            old_sheets, renamed = read_renamed_from(meta)
            ids.add(SheetIds(src_uri, meta["id"], dict(fields), 1, old_sheets, renamed))
            sheets[src_uri] = (path, meta)
        if added:
            declared[path] = added
    for src_uri, (path, meta) in sheets.items():
        declared[path]["rebound_worksheet_ids"] = ids.render_script(meta["id"])
        declared[path]["rebound_print_style"] = render_print_footer_style(
            title=str(meta.get("title") or ""),
            url=absolute(site.site_url, page_url(src_uri, directory_urls=site.directory_urls)))
    for path, added in declared.items():
        write_text_atomically(path, with_front_matter(path.read_text(encoding="utf-8"), added))


def main(argv: Sequence[str] | None = None) -> int:
    """Generate into ``.rebound-generated/`` (``--zensical``: and the tree a hook-less generator builds)."""
    parser = argparse.ArgumentParser(prog="python -m rebound.generate", description=main.__doc__)
    parser.add_argument("--root", default=".", help="the project folder (where mkdocs.yml is)")
    parser.add_argument("--zensical", action="store_true", help="also write the tree Zensical builds")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    try:
        site = read_site_config(args.root)
        settings = load_settings(site.root, extra=rebound_extra(site.raw), site_url=site.site_url)
        generated = generate_site(site, settings, src_uris=list_documentation_pages(site.docs_dir),
                                  existing=list_docs_files(site.docs_dir))
    except (OSError, ValueError) as exc:   # SourcesError and PlanError are ValueErrors, named path:line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    report(generated)
    folder = settings.generated_dir
    write_generated(generated.plan, site, folder)
    print(f"Generated {len(generated.plan.pages)} pages, {len(generated.plan.blocks)} blocks and "
          f"{len(generated.plan.outputs)} files into {folder}")
    if args.zensical:
        print(write_zensical_tree(site, folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
