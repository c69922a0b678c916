"""The curated feed-sources file: its schema, plus the rules a schema cannot express.

The build fetches whatever the file names, so the curated file itself must only name public web
addresses: no ``file:`` URLs, no loopback or private networks (a pull request must not be able to
make the build machine probe its own network), no duplicate feeds.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .problem import Problem
from .schema import load_schema, validate
from .yaml_marks import YamlError, load_yaml

PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")
YAML_HINT = (
    "the lines of one entry must start at the same column (spaces, not tabs); "
    'put text that contains a colon or # inside double quotes, e.g. name: "Design: the podcast"'
)


@dataclass
class Sources:
    """What the rest of the checks need from the sources file."""

    niches: dict[str, int] = field(default_factory=dict)  # slug -> line


def check_sources(path: Path, shown: str) -> tuple[Sources, list[Problem]]:
    """Validate the sources file at ``path``; ``shown`` is how problems name it."""
    sources = Sources()
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        return sources, [Problem(shown, exc.line, f"not valid YAML: {exc.problem}", YAML_HINT)]
    problems = [
        Problem(shown, line, f"key '{key[-1]}' appears twice in this entry (first on line {first})", "keep one of the two lines")
        for key, line, first in doc.duplicates
    ]
    problems += validate(doc, load_schema("sources.json"), path=shown, where="this entry")
    niches = doc.data.get("niches") if isinstance(doc.data, dict) else None
    if not isinstance(niches, list):
        return sources, problems
    seen_feeds: dict[str, tuple[int, str]] = {}
    for n, niche in enumerate(niches):
        if not isinstance(niche, dict):
            continue
        slug = niche.get("slug")
        if isinstance(slug, str):
            line = doc.line_of(("niches", n, "slug"))
            if slug in sources.niches:
                problems.append(Problem(shown, line, f"niche slug '{slug}' is already used on line {sources.niches[slug]}",
                                        "each niche needs its own slug; merge the two entries or rename one"))
            else:
                sources.niches[slug] = line
        for s, source in enumerate(niche.get("sources") or []):
            if not isinstance(source, dict):
                continue
            for key in ("feed", "site"):
                url = source.get(key)
                if isinstance(url, str):
                    line = doc.line_of(("niches", n, "sources", s, key))
                    problems.extend(_check_public_url(shown, line, key, url))
            feed = source.get("feed")
            if isinstance(feed, str):
                line = doc.line_of(("niches", n, "sources", s, "feed"))
                key = normalize_url(feed)
                if key in seen_feeds:
                    first_line, first_niche = seen_feeds[key]
                    problems.append(Problem(shown, line, f"feed {feed} is already listed on line {first_line} (niche '{first_niche}')",
                                            "list each feed once; a feed that suits two niches belongs to the closer one"))
                else:
                    seen_feeds[key] = (line, str(slug))
    return sources, problems


def normalize_url(url: str) -> str:
    """A comparison key: scheme and host in lower case, no default port, no fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{netloc}{path}{query}"


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
