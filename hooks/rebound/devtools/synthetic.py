"""Made-up feeds and sources files for the benchmarks (the tests use the real fixtures instead)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
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


def make_event_file(n: int, niches: Sequence[str], start: datetime) -> str:
    """A contributed event file (data/events/*.yml); every fifth one repeats weekly, eight times."""
    starts = (start + timedelta(days=n % 50, hours=n % 9)).replace(minute=0, second=0, microsecond=0)
    lines = [f'title: "Bench session {n}: rates, pitches and portfolios"',
             f"url: https://bench.example/events/{n}",
             f"niches: [{niches[n % len(niches)]}]",
             f"starts: {starts.isoformat()}",
             "time_zone: UTC",
             "duration: 60"]
    if n % 5 == 0:
        lines.append("repeat: FREQ=WEEKLY;COUNT=8")
    lines += ["online: true", "free: true", f"organizer: Bench organizer {n % 40}",
              f"evidence: https://bench.example/events/{n}", f"checked: {start.date().isoformat()}",
              f'summary: "A free session on topic {n}."']
    return "\n".join(lines) + "\n"


def make_calendar(events: int, tag: str, start: datetime) -> bytes:
    """An iCalendar file: ``events`` one-off online events over the next 60 days and one weekly series."""
    stamp = f"{start:%Y%m%dT%H%M%SZ}"
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//bench//{tag}//EN"]
    for i in range(events):
        day = start + timedelta(days=1 + i * 59 // max(events, 1), hours=i % 8)
        parts += ["BEGIN:VEVENT", f"UID:{tag}-{i}@bench.example", f"DTSTAMP:{stamp}",
                  f"DTSTART:{day:%Y%m%dT%H0000Z}", f"DTEND:{day + timedelta(hours=1):%Y%m%dT%H0000Z}",
                  f"SUMMARY:{tag} workshop {i}: finding clients", "LOCATION:Online (Zoom)",
                  f"URL:https://bench.example/{tag}/{i}", "END:VEVENT"]
    parts += ["BEGIN:VEVENT", f"UID:{tag}-weekly@bench.example", f"DTSTAMP:{stamp}",
              f"DTSTART:{start + timedelta(days=2):%Y%m%dT170000Z}", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=20",
              f"SUMMARY:{tag} weekly office hours", "LOCATION:Online", "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(parts) + "\r\n").encode()
