"""Find links, images, raw HTML tags and headings in a Markdown body, each with its line number.

Python-Markdown's output has no line numbers, so the body is scanned as text: code (fenced blocks
and inline spans) and HTML comments are first blanked out, keeping every newline, so that offsets
still map to lines and nothing inside code is mistaken for a link or a tag. Heading *ids* are not
guessed here: :mod:`.anchors` gets them from a real render with the toc extension.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..fences import mark_fenced_lines

INLINE_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
LINK_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>" + _TEXT + r")\]"
    r"\(\s*(?P<dest><[^>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)",
    re.DOTALL,
)
REF_USE_RE = re.compile(r"(?P<bang>!?)\[(?P<text>" + _TEXT + r")\]\[(?P<ref>[^\]]*)\]")
REF_DEF_RE = re.compile(r"^ {0,3}\[(?P<ref>[^\]]+)\]:[ \t]*(?P<dest><[^>\n]*>|\S+)", re.MULTILINE)
ATX_RE = re.compile(r"^ {0,3}(#{1,6})(.*?)$")
SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
EVENT_ATTR_RE = re.compile(r"(?:^|\s)(on[a-z]+)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link or image target as written, and where."""

    line: int
    target: str
    is_image: bool = False
    alt: str | None = None  # images only
    source: str = "markdown"  # "markdown", "reference" or "html"


@dataclass(frozen=True)
class Tag:
    """A raw HTML start tag in the Markdown."""

    line: int
    name: str
    attrs: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass
class Scan:
    """Everything found in one body."""

    links: list[Link] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    event_attrs: list[tuple[int, str]] = field(default_factory=list)  # from attr_list {: onclick=...}
    html_ids: set[str] = field(default_factory=set)


def blank_out_code(body: str) -> str:
    """Replace code and comments with spaces, keeping newlines so offsets keep their lines."""
    lines = body.split("\n")
    text = "\n".join("" if fenced else line for line, fenced in zip(lines, mark_fenced_lines(lines)))
    text = COMMENT_RE.sub(_blank, text)
    return INLINE_CODE_RE.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def scan_markdown(body: str, *, first_line: int) -> Scan:
    """Scan ``body`` (which starts on line ``first_line`` of its file)."""
    text = blank_out_code(body)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return first_line + lo

    scan = Scan()
    _find_links(text, 0, scan, line_at)
    for match in REF_USE_RE.finditer(text):
        if match.group("bang") and not match.group("text").strip():
            scan.links.append(Link(line_at(match.start()), "", True, "", "reference"))
    for match in REF_DEF_RE.finditer(text):
        scan.links.append(Link(line_at(match.start("dest")), match.group("dest").strip("<>"), source="reference"))
    for match in ATTR_LIST_RE.finditer(text):
        for attr in EVENT_ATTR_RE.finditer(match.group(1)):
            scan.event_attrs.append((line_at(match.start()), attr.group(1).lower()))
    _find_html(text, scan, first_line)
    scan.headings = _find_headings(text, first_line)
    return scan


def _find_links(text: str, base: int, scan: Scan, line_at) -> None:  # noqa: ANN001
    for match in LINK_RE.finditer(text):
        dest = match.group("dest")
        if dest.startswith("<") and dest.endswith(">"):
            dest = dest[1:-1]
        is_image = bool(match.group("bang"))
        line = line_at(base + match.start())
        scan.links.append(Link(line, dest, is_image, match.group("text") if is_image else None))
        inner = match.group("text")
        if "[" in inner:  # an image inside a link: [![alt](img.png)](page.md)
            _find_links(inner, base + match.start("text"), scan, line_at)


class _TagCollector(HTMLParser):
    def __init__(self, scan: Scan, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.first_line = first_line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.first_line + self.getpos()[0] - 1
        self.scan.tags.append(Tag(line, tag, tuple(attrs)))
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.scan.html_ids.add(value)
            if value is not None and key in ("href", "src"):
                alt = dict(attrs).get("alt") if tag == "img" else None
                self.scan.links.append(Link(line, value, tag == "img", alt, "html"))


def _find_html(text: str, scan: Scan, first_line: int) -> None:
    collector = _TagCollector(scan, first_line)
    collector.feed(text)
    collector.close()


def _find_headings(text: str, first_line: int) -> list[Heading]:
    headings: list[Heading] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if match := ATX_RE.match(line):
            title = re.sub(r"[ \t]+#+[ \t]*$", "", match.group(2)).strip()
            headings.append(Heading(first_line + i, len(match.group(1)), title))
            continue
        if i and SETEXT_RE.match(line) and _starts_paragraph(lines, i - 1):
            level = 1 if line.strip().startswith("=") else 2
            headings.append(Heading(first_line + i - 1, level, lines[i - 1].strip()))
    return headings


def _starts_paragraph(lines: list[str], i: int) -> bool:
    """True when line ``i`` is a one-line paragraph of plain text (what a setext underline needs)."""
    line = lines[i]
    if not line.strip() or ATX_RE.match(line) or re.match(r"^\s*([-*+>|]|\d+\.)\s", line):
        return False
    return i == 0 or not lines[i - 1].strip()
