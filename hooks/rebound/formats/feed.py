"""RSS 0.9x/1.0/2.0 and Atom, read by feedparser (see `rebound.parse`)."""
from __future__ import annotations

from rebound.parse import parse_feed as parse

NAME = "feed"
LABEL = "RSS/Atom"
MEDIA_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def sniff(body: bytes, content_type: str) -> bool:
    """feedparser is the fallback for anything the other readers do not recognise."""
    return True


__all__ = ["LABEL", "MEDIA_TYPES", "NAME", "parse", "sniff"]
