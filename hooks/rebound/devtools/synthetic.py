"""Made-up feeds and sources files for the benchmarks (the tests use the real fixtures instead)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def make_feed(entries: int, tag: str) -> bytes:
    """An RSS 2.0 feed of ``entries`` items, each with a title, link, guid, date and summary."""
    items = "".join(
        f"<item><title>{tag} lesson {i}: pricing, pitching and portfolios</title>"
        f"<link>https://bench.example/{tag}/{i}</link><guid>https://bench.example/{tag}/{i}</guid>"
        f"<pubDate>Mon, {1 + i % 28:02d} Sep 2025 10:{i % 60:02d}:00 GMT</pubDate>"
        f"<description>&lt;p&gt;A free session on {tag} topic {i}. "
        + "Bring questions about rates, clients and rejection. " * 4
        + "&lt;/p&gt;</description></item>"
        for i in range(entries)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{tag}</title>'
            f"<link>https://bench.example/</link><description>bench</description>{items}</channel></rss>").encode()


def write_sources(path: Path, urls: Sequence[str], per_niche: int = 10) -> None:
    """A sources file listing ``urls``, ``per_niche`` to a niche (bench-0, bench-1…)."""
    lines = ["niches:"]
    for n in range(0, len(urls), per_niche):
        lines += [f"  - slug: bench-{n // per_niche}", f"    title: Bench niche {n // per_niche}",
                  "    description: Benchmark niche.", "    sources:"]
        for i, url in enumerate(urls[n : n + per_niche], start=n):
            lines += [f"      - name: Source {i}", f"        feed: {url}", "        site: https://bench.example/",
                      "        kind: webinar"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
