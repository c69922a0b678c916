"""The training feeds' public face, for other outputs (RSS, Atom, iCalendar, OPML) and scripts.

    from rebound.feeds import Entry, find_cache_dir, find_sources_path, load_cached_entries, load_sources

    niches = load_sources(find_sources_path(root))
    entries = load_cached_entries(niches, find_cache_dir(root))   # {niche slug: (Entry, ...)}, no network

Entries are cleaned (titles plain text, summaries safe HTML, links absolute http(s)), deduplicated
and sorted newest first as on the niche pages; datetimes are timezone-aware UTC; ``Entry.id`` and
``Entry.uid`` are stable across fetches.
"""
from __future__ import annotations

from rebound.cache import find_cache_dir
from rebound.collect import load_cached_entries
from rebound.parse import Entry
from rebound.sources import Niche, Source, SourcesError, find_sources_path, load_sources

__all__ = [
    "Entry",
    "Niche",
    "Source",
    "SourcesError",
    "find_cache_dir",
    "find_sources_path",
    "load_cached_entries",
    "load_sources",
]
