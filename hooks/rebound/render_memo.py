"""Remembered renders: a warm build reuses the bytes a renderer made for the same input last time.

Writing calendars needs the ``icalendar`` library, whose import alone costs about a tenth of a warm
build, and the feeds (RSS, Atom, JSON Feed: thirty documents built element by element) cost about
as much again, although the entries rarely change between builds. `memoized` wraps a pure
renderer: the key is a digest of the renderer's name, its version string and the ``repr`` of its
arguments (frozen dataclasses, strings, datetimes: the same input always has the same ``repr``),
and the result lives in one file per key under the feed cache. A miss renders and stores; a hit
reads the file and imports nothing. Unreadable or unwritable memo files are ignored: the render
happens as before.

The version must change whenever the output could: `source_version` digests the renderer's own
module source, so editing a renderer never serves last build's bytes.

Nothing is remembered until the feeds hook calls `use_memo_dir`; tests and scripts that call the
renderers directly stay pure.
"""
from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TypeVar

from rebound.atomic import write_bytes_atomically

R = TypeVar("R", bound=Callable[..., bytes | str])
_memo_dir: Path | None = None
KEEP = 20000  # at most this many remembered renders (one-event calendars included); older ones go first


def use_memo_dir(path: Path | None) -> None:
    """Remember renders under ``path`` (None: remember nothing); forget the least recently used beyond KEEP."""
    global _memo_dir
    _memo_dir = path
    prune_memo()


def source_version(*files: str) -> Callable[[], str]:
    """A ``version`` for `memoized`: a digest of these source files (a renderer's ``__file__``), read once."""
    @functools.cache
    def version() -> str:
        digest = hashlib.sha256()
        for file in files:
            digest.update(Path(file).read_bytes())
        return digest.hexdigest()
    return version


def memoized(name: str, version: Callable[[], str], *, text: bool = False) -> Callable[[R], R]:
    """Decorator: remember ``render(*args)``'s result under a digest of ``name``, ``version()`` and the args.

    The renderer returns bytes, or ``str`` when ``text`` (kept as UTF-8).
    """
    def wrap(render: R) -> R:
        @wraps(render)
        def remembered(*args: object) -> bytes | str:
            if _memo_dir is None:
                return render(*args)
            key = hashlib.sha256(repr((name, version(), args)).encode("utf-8")).hexdigest()
            path = _memo_dir / f"{key}.bin"
            try:
                stored = path.read_bytes()
                os.utime(path)   # recently used: kept by prune_memo
                return stored.decode("utf-8") if text else stored
            except (OSError, UnicodeDecodeError):
                pass
            result = render(*args)
            try:
                write_bytes_atomically(path, result.encode("utf-8") if text else result)
            except OSError:
                pass
            return result
        return remembered  # type: ignore[return-value]
    return wrap


def prune_memo(keep: int = KEEP) -> None:
    """Remove the oldest remembered renders beyond ``keep`` (by modification time)."""
    if _memo_dir is None or not _memo_dir.is_dir():
        return
    files = sorted(_memo_dir.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        try:
            os.unlink(old)
        except OSError:
            pass
