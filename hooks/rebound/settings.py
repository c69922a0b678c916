"""One settings object per build: where the sources and the feed cache live, and how long the
network may take.

Built once (by the MkDocs hook in `on_files`, by ``python -m rebound.generate``, by
``make feeds``) from ``mkdocs.yml``'s ``extra: rebound:`` keys and the ``REBOUND_*`` environment
variables, then passed explicitly: nothing else in the package reads the environment. The
environment wins over mkdocs.yml, so ``make site OFFLINE=1`` works whatever the file says.
README's "Settings" table lists them all.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from rebound.cache import find_cache_dir
from rebound.fetch import FetchSettings
from rebound.sources import find_sources_path

# Where generation writes the site's additions (rebound.generate): ignored by git, beside the project.
DEFAULT_GENERATED_DIR = Path(".rebound-generated")

# mkdocs.yml key under `extra: rebound:` -> environment variable. `allow_loopback` has no
# mkdocs.yml key on purpose: only the tests' and benchmarks' builds may fetch from 127.0.0.1.
KEYS = {
    "sources": "REBOUND_SOURCES",
    "cache_dir": "REBOUND_CACHE_DIR",
    "generated_dir": "REBOUND_GENERATED_DIR",
    "offline": "REBOUND_OFFLINE",
    "fetch_timeout": "REBOUND_FETCH_TIMEOUT",
    "feeds_ttl": "REBOUND_FEEDS_TTL",
    "feeds_budget": "REBOUND_FEEDS_BUDGET",
    "feeds_workers": "REBOUND_FEEDS_WORKERS",
}
ALLOW_LOOPBACK = "REBOUND_ALLOW_LOOPBACK"
_ONLINE = ("", "0", "false", "no")
_OFFLINE = ("1", "true", "yes")


class SettingsError(ValueError):
    """A setting with a value that means nothing, named as written (variable or mkdocs.yml key)."""


@dataclass(frozen=True)
class Settings:
    """Where the sources and cache live and how long the network may take."""

    sources_path: Path
    cache_dir: Path
    # Builds that run side by side on one checkout (the tests' workers) each need their own.
    generated_dir: Path = DEFAULT_GENERATED_DIR
    offline: bool = True
    # Refresh only when the network answers (`make site`): without it, build from the cache at once.
    probe: bool = False
    ttl: timedelta = timedelta(hours=6)
    budget: float = 6.0
    # Threads overlap the network wait; parsing holds the GIL, so more than this buys nothing.
    workers: int = 32
    fetch: FetchSettings = field(default_factory=FetchSettings)


def load_settings(root: Path | str = ".", *, extra: Mapping[str, Any] | None = None, site_url: str = "",
                  environ: Mapping[str, str] | None = None, budget: float = 6.0) -> Settings:
    """The settings for a build under ``root``: ``environ`` (default: the process's) over ``extra``
    (mkdocs.yml's ``extra: rebound:`` mapping) over the defaults; ``budget`` is the default budget.

    Raises `SettingsError` naming the variable or key whose value is unusable, or an unknown key.
    """
    environ = os.environ if environ is None else environ
    extra = dict(extra or {})
    unknown = sorted(set(extra) - set(KEYS))
    if unknown:
        raise SettingsError(f"mkdocs.yml: extra: rebound: has no setting {unknown[0]!r} "
                            f"(known: {', '.join(KEYS)})")
    values: dict[str, tuple[str, str]] = {}   # key -> (where it came from, the value as text)
    for key, variable in KEYS.items():
        if environ.get(variable, "").strip():
            values[key] = (variable, environ[variable].strip())
        elif extra.get(key) is not None:
            value = extra[key]
            values[key] = (f"mkdocs.yml extra.rebound.{key}",
                           ("1" if value else "0") if isinstance(value, bool) else str(value).strip())
    root = Path(root)
    timeout = _number(values.get("fetch_timeout"), 5.0)
    agent = f"Rebound/0.1 (+{site_url})" if site_url else "Rebound/0.1"
    offline, probe = _offline(values.get("offline"))
    return Settings(
        sources_path=find_sources_path(root, _path(root, values.get("sources"))),
        cache_dir=find_cache_dir(root, _path(root, values.get("cache_dir"))),
        generated_dir=_path(root, values.get("generated_dir")) or root / DEFAULT_GENERATED_DIR,
        offline=offline,
        probe=probe,
        ttl=timedelta(seconds=_number(values.get("feeds_ttl"), 6 * 3600)),
        budget=_number(values.get("feeds_budget"), budget),
        workers=max(1, int(_number(values.get("feeds_workers"), 32))),
        fetch=FetchSettings(
            user_agent=agent,
            connect_timeout=min(3.0, timeout),
            read_timeout=min(5.0, timeout),
            deadline=timeout,
            # Only the tests' and benchmarks' builds set it (rebound.devtools.project.build_env).
            allow_loopback=environ.get(ALLOW_LOOPBACK, "") == "1",
        ),
    )


def _path(root: Path, found: tuple[str, str] | None) -> Path | None:
    if found is None:
        return None
    where, text = found
    # An environment variable is relative to where the command runs; a mkdocs.yml key to the project.
    return Path(text) if where.startswith("REBOUND_") else root / text


def _number(found: tuple[str, str] | None, default: float) -> float:
    if found is None:
        return default
    where, text = found
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{where}: expected a number (seconds or a count), got {text!r}") from None
    if value < 0:
        raise SettingsError(f"{where}: expected a number of 0 or more, got {text!r}")
    return value


def _offline(found: tuple[str, str] | None) -> tuple[bool, bool]:
    """(offline, probe): "1" never fetches, "auto" fetches when the network answers, "0"/unset fetches."""
    if found is None:
        return False, False
    where, text = found
    if text.lower() == "auto":
        return False, True
    if text.lower() in _OFFLINE:
        return True, False
    if text.lower() in _ONLINE:
        return False, False
    raise SettingsError(f"{where}: expected 1, auto or 0, got {text!r}")
