"""YAML that remembers where each key came from, so every problem can name its line.

PyYAML's ``safe_load`` throws the positions away. Here the document is composed into nodes first
(each node keeps its ``start_mark``), then constructed, and the two are walked side by side to map
every key path (``("niches", 0, "feed")``) to its line and to the text the author typed. The typed
text matters for YAML 1.1's coercion traps: ``no`` becomes ``False`` and ``10:30`` becomes ``630``,
and a message is only helpful if it can quote what was written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Any, ...]

# The same pattern MkDocs 1.6 uses (mkdocs/utils/meta.py): anything else is not front matter to it.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def strip_front_matter(text: str) -> tuple[str, int]:
    """The Markdown body of a page and how many lines of front matter came before it."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return text, 0
    return text[match.end() :], text[: match.end()].count("\n")


class YamlError(Exception):
    """The text is not YAML; ``line`` is 1-based in the file."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


@dataclass
class Scalar:
    """What the author typed for one scalar value, and whether it was in quotes."""

    text: str
    quoted: bool


@dataclass
class YamlDoc:
    """Constructed data plus the line of every key and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    scalars: dict[Path_, Scalar] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int, int]] = field(default_factory=list)  # path, line, first line

    def line_of(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


# libyaml's parser, where PyYAML was built with it: the same documents and line numbers, several
# times faster (every build reads data/sources.yml). Its error wording differs, so a text it refuses
# is read again by the pure-Python parser, whose messages `make check` prints.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_meta(text: str) -> dict[str, Any]:
    """A page's YAML front matter ({} without any, when it is not valid YAML or not a mapping).

    For code that only reads a page's settings; ``make check`` explains bad front matter itself.
    """
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}
    try:
        meta = yaml.load(match.group(1), Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def load_yaml(text: str, *, first_line: int = 1) -> YamlDoc:
    """Parse ``text`` (which starts on ``first_line`` of its file) into a :class:`YamlDoc`."""
    try:
        return _load_yaml(text, first_line, _FAST_LOADER)
    except YamlError:
        if _FAST_LOADER is yaml.SafeLoader:
            raise
        return _load_yaml(text, first_line, yaml.SafeLoader)


def _load_yaml(text: str, first_line: int, loader_class: type) -> YamlDoc:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(data=None, lines={(): first_line})
        doc = YamlDoc(data=None, lines={(): first_line + node.start_mark.line})
        _walk(loader, node, (), doc, first_line)
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket is found only at the end of the text; the author
            # needs the line where it was opened.
            mark = exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlError(line, _describe_yaml_error(exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML parse error is marked
        raise YamlError(first_line, str(exc)) from None
    finally:
        loader.dispose()
    return doc


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or "not valid YAML"


def _walk(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, doc: YamlDoc, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = first_line + key_node.start_mark.line
            if not _is_hashable(key):
                continue
            if key in seen:
                doc.duplicates.append(((*path, key), line, seen[key]))
                continue
            seen[key] = line
            doc.lines[(*path, key)] = line
            _walk(loader, value_node, (*path, key), doc, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            doc.lines[(*path, index)] = first_line + item.start_mark.line
            _walk(loader, item, (*path, index), doc, first_line)
    elif isinstance(node, yaml.ScalarNode):
        doc.scalars[path] = Scalar(text=node.value, quoted=node.style in ("'", '"', "|", ">"))


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (``!!python/name:``, ``!ENV``)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_mkdocs_config(text: str) -> Any:
    """``mkdocs.yml`` text as data; Python tags become None (nothing is imported or run)."""
    return yaml.load(text, Loader=_ConfigLoader)
