"""Cleaning untrusted feed text: every string from a feed passes through here before it is kept.

feedparser's own sanitizer is not enough (it keeps ``javascript:`` in links and enclosures, and
malformed-comment tricks survive it), so HTML is cleaned again with nh3 against a short
allowlist, text fields lose all markup and control characters, and links must be absolute
http(s) addresses.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import islice
from urllib.parse import urljoin, urlsplit

import nh3

from rebound.model import Entry

TITLE_MAX = 200
SUMMARY_MAX = 300
SUMMARY_HTML_MAX = 800
TAG_MAX = 60     # one category name
TAGS_MAX = 20    # categories kept per entry
ALLOWED_TAGS = {"a", "p", "br", "em", "strong", "b", "i", "code", "ul", "ol", "li", "blockquote"}
LINK_REL = "nofollow noopener noreferrer"

# C0/C1 controls (except tab and newline, which become spaces anyway) and the bidirectional
# overrides that can make a title read differently from what it says.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_SCRIPT_SCHEME = re.compile(r"(?i)(?:java|vb)script:|data:text/html")


def strip_controls(text: str) -> str:
    """Remove control and bidi-override characters."""
    return _CONTROL.sub("", text)


def clean_tags(values: Iterable[object]) -> tuple[str, ...]:
    """An entry's categories: the first `TAGS_MAX` that are non-empty text once cleaned, each capped."""
    cleaned = (clean_text(value, TAG_MAX) for value in values if isinstance(value, str))
    return tuple(islice((tag for tag in cleaned if tag), TAGS_MAX))


def clean_text(value: str | None, limit: int = TITLE_MAX) -> str:
    """Plain text from a feed field: markup removed, entities decoded, whitespace collapsed, capped.

    Titles are treated as text even when the feed calls them plain: feeds often double-escape
    markup, and a title that shows ``<b>`` to a reader helps nobody. The result is *unescaped*
    text; render escapes it.
    """
    if not value:
        return ""
    stripped = nh3.clean(strip_controls(value), tags=set(), attributes={}, strip_comments=True)
    text = _SPACE.sub(" ", strip_controls(html.unescape(stripped))).strip()
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def clean_url(value: str | None, base: str = "") -> str | None:
    """An absolute http(s) address, or None when ``value`` is anything else (``javascript:``, ``data:``…)."""
    if not value:
        return None
    candidate = _SPACE.sub("", strip_controls(value))
    try:
        absolute = urljoin(base, candidate) if base else candidate
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if len(absolute) > 2000 or _SCRIPT_SCHEME.search(absolute):
        # Also seen: feedparser resolving "javascript:…" as a relative path of the feed's address.
        return None
    return absolute


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3 hook: keep only absolute http(s) hrefs (relative ones were already resolved by feedparser)."""
    if element == "a" and attribute == "href":
        return clean_url(value)
    # Anything else reaching here passed the allowlist (or is the ``rel`` nh3 adds itself).
    return value


def clean_html(value: str | None, limit: int = SUMMARY_MAX) -> str:
    """Safe HTML for a summary: a few tags, ``href`` only, http(s) only, ``rel`` set; capped.

    When the cleaned HTML is long it is replaced by its text, shortened and escaped: cutting
    HTML part-way would leave broken markup.
    """
    if not value:
        return ""
    cleaned = nh3.clean(
        strip_controls(value),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )
    cleaned = _SPACE.sub(" ", cleaned).strip()
    text = clean_text(cleaned, limit=10 * limit)
    if not text:
        return ""
    if len(cleaned) <= SUMMARY_HTML_MAX and len(text) <= limit:
        return cleaned
    return html.escape(shorten(text, limit), quote=False)


def clean_stored_entry(entry: Entry) -> Entry:
    """``entry`` as read back from the cache, its summary and link cleaned again before a page shows it.

    The cache is a file on disk, not a trusted input; on an entry this module wrote, both are
    unchanged (cleaning is idempotent).
    """
    return replace(entry, summary=clean_html(entry.summary), link=clean_url(entry.link) if entry.link else None)
