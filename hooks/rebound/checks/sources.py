"""The curated feed-sources file: the shared rules of `rebound.sources`, plus public addresses only.

The build fetches whatever the file names, so the curated file itself must only name public web
addresses: no ``file:`` URLs, no loopback or private networks (a pull request must not be able to
make the build machine probe its own network), no duplicate feeds. A confs.tech list names its
year in the address (one file per year): a year that has ended is flagged, so the address moves on.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..problem import Problem
from ..sources import read_sources

PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")
# tech-conferences/conference-data keeps one file per year and topic: conferences/<year>/<topic>.json.
CONFS_TECH_YEAR = re.compile(r"^https://raw\.githubusercontent\.com/tech-conferences/conference-data/[^/]+/conferences/(\d{4})/")


@dataclass
class Sources:
    """What the rest of the checks need from the sources file."""

    niches: dict[str, int] = field(default_factory=dict)  # slug -> line


def check_sources(path: Path, shown: str, today: date | None = None) -> tuple[Sources, list[Problem]]:
    """Validate the sources file at ``path``; ``shown`` is how problems name it; ``today`` dates the
    yearly confs.tech lists (default: today in UTC)."""
    year = (today or datetime.now(UTC).date()).year
    sources = Sources()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return sources, [Problem(shown, line, "the file is not UTF-8 text",
                                 "open it in your editor and save it again with the UTF-8 encoding")]
    doc, problems = read_sources(text, shown=shown)
    niches = doc.data.get("niches") if isinstance(doc.data, dict) else None
    for n, niche in enumerate(niches if isinstance(niches, list) else []):
        if not isinstance(niche, dict):
            continue
        if isinstance(niche.get("slug"), str):
            sources.niches.setdefault(niche["slug"], doc.line_of(("niches", n, "slug")))
        for s, source in enumerate(niche.get("sources") or []):
            if not isinstance(source, dict):
                continue
            for key in ("feed", "site"):
                url = source.get(key)
                if isinstance(url, str):
                    line = doc.line_of(("niches", n, "sources", s, key))
                    problems.extend(_check_public_url(shown, line, key, url))
            feed = source.get("feed")
            listed = CONFS_TECH_YEAR.match(feed) if isinstance(feed, str) else None
            if listed and int(listed.group(1)) < year:
                problems.append(Problem(shown, doc.line_of(("niches", n, "sources", s, "feed")),
                                        f"this confs.tech list is for {listed.group(1)}, which has ended",
                                        f"change the year in the address to {year} (each year has its own file)"))
    return sources, sorted(problems)


def _check_public_url(shown: str, line: int, key: str, url: str) -> list[Problem]:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return [Problem(shown, line, f"'{key}' is not a valid web address: {url}", "copy the address from your browser")]
    if parts.scheme.lower() not in ("http", "https") or not host:
        return []  # the schema already explained it
    if parts.username or parts.password:
        return [Problem(shown, line, f"'{key}' must not contain a user name or password", "remove the name and password: use the address anyone can open")]
    if _is_private_host(host):
        return [Problem(shown, line, f"'{key}' points to a private or local address: {host}",
                        "curated feeds must be public web addresses; test local feeds with REBOUND_SOURCES instead")]
    return []


def _is_private_host(host: str) -> bool:
    if host == "localhost" or host.endswith(PRIVATE_NAMES):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        try:  # 127.1, 0x7f.0.0.1 and 2130706433 are loopback to most resolvers
            address = ipaddress.ip_address(_expand_shorthand(host))
        except ValueError:
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global


def _expand_shorthand(host: str) -> int:
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        raise ValueError(host)
    numbers = [int(p, 0) if not (p.startswith("0") and len(p) > 1 and p[1] not in "xX") else int(p, 8) for p in parts]
    value = 0
    for n in numbers[:-1]:
        if not 0 <= n <= 255:
            raise ValueError(host)
        value = value * 256 + n
    last_bits = 8 * (5 - len(parts))
    if not 0 <= numbers[-1] < 2**last_bits:
        raise ValueError(host)
    return (value << last_bits) | numbers[-1]
