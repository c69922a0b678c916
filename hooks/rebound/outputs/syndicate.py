"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from a `Channel` of `Item`s.

Pure: no I/O and no clock. Every date comes from the items themselves (or the caller's documented
fallback), so the same input gives byte-identical output.

Written with the standard library's ElementTree rather than a generator such as feedgen: feedgen
stamps ``lastBuildDate``/``updated`` with the wall clock unless told otherwise, adds a generator
line, reorders entries by default and pulls in lxml, while these three formats are a few dozen
elements each. ElementTree escapes every text node and attribute value; characters XML 1.0 cannot
carry at all (most C0 controls) are dropped first, so a hostile feed cannot make ours unreadable.
"""
from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any


ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
RSS_DOCS = "https://www.rssboard.org/rss-specification"
# Characters XML 1.0 forbids even as character references, plus the bidi overrides the clean
# step also drops.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_ID_SCHEMES = re.compile(r"^(?:https?://[^\s]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s]+|tag:[^\s]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """One feed entry, already clean: ``title`` plain text, ``summary_html`` safe HTML."""

    id: str
    title: str
    link: str | None
    summary_html: str
    updated: datetime                 # always set: Atom requires it (see `feed_files.entry_item`)
    published: datetime | None = None
    author: str = ""                  # the source's name: per-entry attribution
    author_url: str | None = None     # the source's home page
    source_feed: str | None = None    # the source's own feed address (RSS <source url>)
    categories: tuple[str, ...] = ()
    extension: dict[str, Any] = field(default_factory=dict)  # JSON Feed "_rebound" object


@dataclass(frozen=True)
class Channel:
    """A whole feed: what it is, where it lives (absolute URLs) and its items, newest first."""

    title: str
    description: str
    page_url: str        # the human page the feed follows
    self_url: str        # this document's own address (each format's file has its own)
    updated: datetime    # the newest item's date, or the caller's documented fallback
    items: tuple[Item, ...]
    author: str = "Rebound"
    stylesheet: str | None = None  # XSL, relative to the feed's own address


def feed_id(raw: str) -> str:
    """A stable, absolute id for ``raw``: itself when it is a URL, URN or tag URI, else a ``urn:sha256:``."""
    raw = raw.strip()
    if _ID_SCHEMES.match(raw) and len(raw) <= 500:
        return raw
    return "urn:sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def xml_text(value: str) -> str:
    """``value`` without the characters an XML 1.0 document cannot contain."""
    return _NOT_XML.sub("", value)


def rfc822(moment: datetime) -> str:
    """``Tue, 04 Mar 2025 12:00:00 GMT`` (RSS 2.0), independent of the locale."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def rfc3339(moment: datetime) -> str:
    """``2025-03-04T12:00:00Z`` (Atom, JSON Feed)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.replace("__", ":"): xml_text(v) for k, v in attrib.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _document(root: ET.Element, stylesheet: str | None) -> str:
    # Namespaced names are written literally ("atom:link", xmlns attributes) instead of through
    # ET.register_namespace, which changes a process-wide table.
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/xsl" href="{xml_text(stylesheet)}"?>\n'
    ET.indent(root, space=" ")
    return head + ET.tostring(root, encoding="unicode") + "\n"


def render_rss(channel: Channel) -> str:
    """An RSS 2.0 document with an ``atom:link rel="self"`` (as the RSS Advisory Board recommends)."""
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    head = _sub(rss, "channel")
    _sub(head, "title", channel.title)
    _sub(head, "link", channel.page_url)
    _sub(head, "description", channel.description)
    _sub(head, "language", "en")
    _sub(head, "lastBuildDate", rfc822(channel.updated))
    _sub(head, "docs", RSS_DOCS)
    _sub(head, "atom:link", href=channel.self_url, rel="self", type="application/rss+xml")
    for item in channel.items:
        node = _sub(head, "item")
        _sub(node, "title", item.title)
        if item.link:
            _sub(node, "link", item.link)
        _sub(node, "description", item.summary_html or item.title)
        ident = feed_id(item.id)
        _sub(node, "guid", ident, isPermaLink="true" if ident == item.link else "false")
        if item.published:
            _sub(node, "pubDate", rfc822(item.published))
        for category in item.categories:
            _sub(node, "category", category)
        if item.author and item.source_feed:
            _sub(node, "source", item.author, url=item.source_feed)
    return _document(rss, channel.stylesheet)


def render_atom(channel: Channel) -> str:
    """An Atom 1.0 document; every entry names its source as its author."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "en"})
    _sub(feed, "id", channel.self_url)
    _sub(feed, "title", channel.title, type="text")
    _sub(feed, "subtitle", channel.description, type="text")
    _sub(feed, "updated", rfc3339(channel.updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=channel.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=channel.page_url)
    author = _sub(feed, "author")
    _sub(author, "name", channel.author)
    for item in channel.items:
        entry = _sub(feed, "entry")
        _sub(entry, "id", feed_id(item.id))
        _sub(entry, "title", item.title, type="text")
        # RFC 4287 4.1.1: an entry without atom:content must have an alternate link. An entry
        # whose own link was dropped (javascript:, data:) points at the page that lists it.
        _sub(entry, "link", rel="alternate", type="text/html", href=item.link or channel.page_url)
        _sub(entry, "updated", rfc3339(item.updated))
        if item.published:
            _sub(entry, "published", rfc3339(item.published))
        if item.author:
            who = _sub(entry, "author")
            _sub(who, "name", item.author)
            if item.author_url:
                _sub(who, "uri", item.author_url)
        for category in item.categories:
            _sub(entry, "category", term=category)
        if item.summary_html:
            _sub(entry, "summary", item.summary_html, type="html")
    return _document(feed, channel.stylesheet)


def render_json_feed(channel: Channel) -> str:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."""
    items = []
    for item in channel.items:
        data: dict[str, Any] = {"id": feed_id(item.id)}
        if item.link:
            data["url"] = item.link
        data["title"] = xml_text(item.title)
        if item.summary_html:
            data["content_html"] = xml_text(item.summary_html)
        else:
            data["content_text"] = xml_text(item.title)
        if item.published:
            data["date_published"] = rfc3339(item.published)
        data["date_modified"] = rfc3339(item.updated)
        if item.author:
            who = {"name": xml_text(item.author)}
            if item.author_url:
                who["url"] = item.author_url
            data["authors"] = [who]
        if item.categories:
            data["tags"] = [xml_text(c) for c in item.categories]
        if item.extension:
            data["_rebound"] = item.extension
        items.append(data)
    document = {
        "version": JSON_FEED_VERSION,
        "title": xml_text(channel.title),
        "home_page_url": channel.page_url,
        "feed_url": channel.self_url,
        "description": xml_text(channel.description),
        "language": "en",
        "authors": [{"name": channel.author}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def newest(items: Sequence[Item], fallback: datetime) -> datetime:
    """The date a feed carries as its own: its newest item's, else ``fallback``."""
    return max((max(i.updated, i.published or i.updated) for i in items), default=fallback)
