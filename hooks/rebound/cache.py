"""The on-disk feed cache: one JSON file per source holding its last good, already cleaned entries.

This module alone knows the file layout (`Record` and `Entry` are plain types in `rebound.model`).
Caching cleaned entries (not only the raw XML) means a warm build never parses a feed. The cache
is a file on disk, not a trusted input: every field is type-checked here, and the entries a page
shows are cleaned again before they are rendered (`rebound.views`; only those, not every cached
entry on every build). A 304 Not Modified reuses these entries, which is what reusing the cached
body would produce. Writes go to
a temporary file first and are moved into place with `os.replace`, so a build that is killed
half-way never leaves a torn file; a file that is unreadable anyway is reported and ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from rebound.atomic import write_text_atomically
from rebound.model import Entry, Record, Source, as_utc, in_window

CACHE_VERSION = 1
DEFAULT_CACHE_DIR = Path(".cache") / "feeds"


def find_cache_dir(root: Path | str = ".") -> Path:
    """``REBOUND_CACHE_DIR`` if set, else ``.cache/feeds`` under ``root``."""
    override = os.environ.get("REBOUND_CACHE_DIR")
    return Path(override) if override else Path(root) / DEFAULT_CACHE_DIR


def record_path(cache_dir: Path, source: Source) -> Path:
    """The cache file of ``source``: one per (niche, feed address)."""
    key = hashlib.sha256(f"{source.niche}\n{source.feed}".encode()).hexdigest()[:24]
    return cache_dir / f"{source.niche}--{key}.json"


def read_record(cache_dir: Path, source: Source) -> tuple[Record, str | None]:
    """The cached record of ``source`` (empty if none) and a problem message if the file was unusable."""
    path = record_path(cache_dir, source)
    empty = Record(niche=source.niche, feed=source.feed)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty, None
    except (OSError, UnicodeDecodeError) as exc:
        return empty, f"cache file {path} unreadable ({exc}); ignored"
    try:
        data = json.loads(text)
        if data.get("version") != CACHE_VERSION:
            # An older layout: start again rather than guess; not worth a warning.
            return empty, None
        return _record_from_json(data, source), None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        return empty, f"cache file {path} is corrupt ({type(exc).__name__}: {exc}); ignored"


def write_record(cache_dir: Path, source: Source, record: Record) -> None:
    """Write ``record`` atomically (see `write_text_atomically`)."""
    payload = json.dumps(_record_to_json(record), ensure_ascii=False, indent=1, sort_keys=True)
    write_text_atomically(record_path(cache_dir, source), payload)


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _moment(text: Any) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(_checked(text, str, "a timestamp"))
    if moment.tzinfo is None:
        raise ValueError(f"naive timestamp {text!r}")
    return moment


def _record_to_json(record: Record) -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "niche": record.niche,
        "feed": record.feed,
        "checked_at": _stamp(record.checked_at),
        "last_success": _stamp(record.last_success),
        "last_error": record.last_error,
        "last_error_at": _stamp(record.last_error_at),
        "etag": record.etag,
        "last_modified": record.last_modified,
        "failing": record.is_failing,
        "format": record.format,
        "next_fetch_at": _stamp(record.next_fetch_at),
        "entries": [_entry_to_json(entry) for entry in record.entries],
    }


def _record_from_json(data: dict[str, Any], source: Source) -> Record:
    # Every field is type-checked: a hand-edited or damaged file raises ValueError here and is
    # ignored as a whole (read_record), instead of crashing the render with a number for a reason.
    if data["feed"] != source.feed or data["niche"] != source.niche:
        raise ValueError("belongs to another source")
    return Record(
        niche=source.niche,
        feed=source.feed,
        checked_at=_moment(data.get("checked_at")),
        last_success=_moment(data.get("last_success")),
        last_error=_optional_text(data, "last_error"),
        last_error_at=_moment(data.get("last_error_at")),
        etag=_optional_text(data, "etag"),
        last_modified=_optional_text(data, "last_modified"),
        is_failing=_checked(data.get("failing", False), bool, "'failing' (true or false)"),
        format=_optional_text(data, "format") or "",
        next_fetch_at=_moment(data.get("next_fetch_at")),
        entries=tuple(_entry_from_json(item, source=source) for item in _checked(data.get("entries", []), list, "'entries' (a list)")),
    )


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else _checked(value, str, f"{key!r} (text or null)")


def _checked(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"expected {what}, found {type(value).__name__} {value!r:.40}")
    return value


_DATES = ("published", "updated", "starts", "ends", "repeats_until")


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    del data["free"]   # the source's flag, applied again on reading
    for key in _DATES:
        data[key] = data[key].isoformat() if data[key] else None
    data["tags"] = list(entry.tags)
    return data


def _entry_from_json(data: Any, *, source: Source) -> Entry:
    """An entry read back from the cache, with ``source`` and ``niche`` from ``source``.

    Raises ValueError for a field of the wrong type, so a corrupt file is ignored as a whole.
    """
    if not isinstance(data, dict):
        raise ValueError(f"an entry must be an object, found {type(data).__name__}")
    dates = {k: in_window(as_utc(datetime.fromisoformat(_entry_text(data, k)))) if data.get(k) else None for k in _DATES}
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError("entry field 'tags' must be a list of text")
    return Entry(
        id=_entry_text(data, "id"),
        title=_entry_text(data, "title"),
        link=_entry_text(data, "link", optional=True) or None,
        summary=_entry_text(data, "summary", optional=True) or "",
        source=source.name,
        niche=source.niche,
        kind=source.kind,
        free=source.free,
        tags=tuple(tags),
        all_day=_entry_flag(data, "all_day"),
        location=_entry_text(data, "location", optional=True) or "",
        online=_entry_flag(data, "online"),
        series=_entry_text(data, "series", optional=True) or "",
        repeats=_entry_text(data, "repeats", optional=True) or "",
        **dates,
    )


def _entry_flag(data: dict[str, Any], key: str) -> bool:
    """``data[key]`` when it is true or false (missing: false); else ValueError."""
    return _checked(data.get(key, False), bool, f"entry field {key!r} (true or false)")


def _entry_text(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    """``data[key]`` when it is a string (or, if ``optional``, missing or null); else ValueError."""
    value = data.get(key) if optional else data[key]
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"entry field {key!r} must be text, found {type(value).__name__}")
    return value


# --- Contributed events (rebound.contributed): their expansion, remembered for a day ------------

CONTRIBUTED_MEMO = "contributed-events.json"


def write_expansion(cache_dir: Path, key: str, expanded: dict[str, tuple[Entry, ...]]) -> None:
    """Remember the occurrences of each contributed event (by its uid) under ``key``."""
    data = {"version": CACHE_VERSION, "key": key,
            "events": {uid: [_entry_to_json(e) for e in entries] for uid, entries in expanded.items()}}
    write_text_atomically(cache_dir / CONTRIBUTED_MEMO, json.dumps(data, ensure_ascii=False))


def read_expansion(cache_dir: Path, key: str, sources: dict[str, Source]) -> dict[str, tuple[Entry, ...]] | None:
    """The occurrences written under ``key``, each entry of its uid's ``sources`` one; None when
    there are none for this key (or the file is unreadable: the caller expands again)."""
    try:
        data = json.loads((cache_dir / CONTRIBUTED_MEMO).read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("key") != key:
            return None
        return {uid: tuple(_entry_from_json(e, source=sources[uid]) for e in entries)
                for uid, entries in data["events"].items() if uid in sources}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
