"""Heading ids exactly as the site will have them: render with the site's own Markdown extensions.

MkDocs checks anchors against the ids in the rendered page, so guessing them from the heading text
would drift (duplicates become ``_1``, ``{#custom}`` ids, headings inside admonitions). The body is
rendered once with Python-Markdown and the extensions listed in ``mkdocs.yml`` (``toc`` included,
which names headings with ``markdown.extensions.toc.slugify``), and every ``id`` in the tree is
collected, plus ``<a name>``, the way MkDocs 1.6 does in ``_ExtractAnchorsTreeprocessor``.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as etree

import markdown
from ..yaml_marks import load_mkdocs_config

# MkDocs always loads these before the user's list (mkdocs/config/defaults.py).
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class _IdCollector(markdown.treeprocessors.Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if anchor := element.get("id"):
                self.ids.add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                self.ids.add(anchor)


def read_extensions(config: Path | None) -> list[tuple[str, dict[str, Any]]]:
    """The ``markdown_extensions`` of ``mkdocs.yml`` as (name, config) pairs, builtins first."""
    entries: list[Any] = []
    if config is not None and config.is_file():
        data = load_mkdocs_config(config.read_text(encoding="utf-8")) or {}
        entries = data.get("markdown_extensions") or []
    result: dict[str, dict[str, Any]] = {name: {} for name in BUILTIN_EXTENSIONS}
    for entry in entries:
        if isinstance(entry, str):
            result[entry] = {}
        elif isinstance(entry, dict):
            for name, options in entry.items():
                result[name] = options if isinstance(options, dict) else {}
    # Permalinks only add an <a> inside each heading; they change no id.
    result["toc"] = {}
    return list(result.items())


class AnchorFinder:
    """Renders Markdown bodies with one reusable ``Markdown`` instance."""

    def __init__(self, extensions: Iterable[tuple[str, dict[str, Any]]]) -> None:
        names, configs = [], {}
        for name, options in extensions:
            try:  # an extension configured with Python objects is loaded with its defaults
                markdown.Markdown(extensions=[name], extension_configs={name: options})
                names.append(name)
                configs[name] = options
            except Exception:
                try:
                    markdown.Markdown(extensions=[name])
                    names.append(name)
                except Exception:
                    continue  # not importable here: it cannot change heading ids we know of
        self.md = markdown.Markdown(extensions=names, extension_configs=configs)
        self.collector = _IdCollector(self.md)
        self.md.treeprocessors.register(self.collector, "rebound_ids", 4)  # after toc (5)

    def find_ids(self, body: str) -> set[str]:
        """Every id the rendered ``body`` will have."""
        self.md.reset()
        self.collector.ids = set()
        self.md.convert(body)
        return set(self.collector.ids)
