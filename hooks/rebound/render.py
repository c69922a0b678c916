"""Rendering niche pages, the niches index and the feed-health page as Markdown with HTML blocks.

Pure: no I/O and no clock. The only times in the output come from the cache's own timestamps,
so the same cache gives byte-identical pages. Every string from a feed is escaped here (titles,
sources, reasons) or was cleaned by nh3 already (summaries); feed items go into raw HTML blocks,
which Markdown passes through untouched.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from rebound.model import Entry, Niche
from rebound.views import NicheView, SourceStatus, SubscribeLinks

FEEDS_MARKER = "<!-- rebound:feeds -->"
NICHES_MARKER = "<!-- rebound:niches -->"
HEALTH_PAGE = "niches/health.md"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
_REL = 'rel="nofollow noopener noreferrer"'


def format_date(moment: datetime, *, with_time: bool = True) -> str:
    """``Tue 4 Mar 2025, 17:00 UTC`` — fixed English names, so the locale cannot change a page."""
    day = f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    return f"{day}, {moment:%H:%M} UTC" if with_time else day


def _time(moment: datetime, *, with_time: bool = True) -> str:
    return f'<time datetime="{moment.isoformat()}">{format_date(moment, with_time=with_time)}</time>'


def md_escape(text: str) -> str:
    """Curated text for Markdown: HTML escaped, Markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", escape(text, quote=False))


_md = md_escape


def render_niche_page(view: NicheView, links: SubscribeLinks | None = None) -> str:
    """The whole Markdown page of a niche that has no handwritten page."""
    niche = view.niche
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(niche.title, ensure_ascii=False)}",
            f"description: {json.dumps(niche.description, ensure_ascii=False)}",
            "---",
            "",
            f"# {_md(niche.title)}",
            "",
            _md(niche.description),
            "",
            "Growing your skill helps you bounce back (see "
            "[Practise and develop your skill](../strategies/practise-your-skill.md)). "
            "Below are current free webinars, courses and articles from public feeds in this niche.",
            "",
            render_feed_block(view, links),
        ]
    )


def render_feed_block(view: NicheView, links: SubscribeLinks | None = None) -> str:
    """The feed part of a niche page: upcoming events, latest trainings, and the sources' status.

    With ``links``: a "Follow this niche" line and an "add to calendar" line under each event.
    """
    parts: list[str] = []
    if view.checked_at is None:
        parts += [
            '!!! note "Not fetched yet"',
            "",
            "    The feeds for this niche have not been fetched yet, so there is nothing to list here."
            " Until they are, visit the sources below directly.",
            "",
        ]
    else:
        parts += [f'<p class="rebound-feed-checked">Last checked: {_time(view.checked_at)}.</p>', ""]
    if links:
        parts += [_follow_line(links), ""]
    parts += ["## Upcoming webinars & events", ""]
    if view.upcoming:
        parts += [_entry_list(view.upcoming, events=True, links=links), ""]
    else:
        parts += [_empty(view, "No upcoming webinars or events were listed at the last check."), ""]
    parts += ["## Latest trainings", ""]
    if view.latest:
        parts += [_entry_list(view.latest, events=False), ""]
    else:
        parts += [_empty(view, "The feeds had no trainings to show at the last check."), ""]
    parts += ["## Sources", "", _source_list(view.statuses), ""]
    return "\n".join(parts)


def _empty(view: NicheView, message: str) -> str:
    text = "Not fetched yet." if view.checked_at is None else message
    return f'<p class="rebound-feed-empty">{escape(text)}</p>'


def _follow_line(links: SubscribeLinks) -> str:
    # Markdown, not HTML: a strict build checks these links against the generated feed files.
    choices = " · ".join(f"[{md_escape(label)}](<{target}>)" for label, target in links.feeds)
    return f"**Follow this niche:** {choices} ([how to subscribe]({links.help_page}))"


def _entry_list(entries: Sequence[Entry], *, events: bool, links: SubscribeLinks | None = None) -> str:
    items = "\n".join(_entry_item(e, event=events, links=links) for e in entries)
    return f'<ul class="rebound-feed">\n{items}\n</ul>'


def _add_to_calendar(entry: Entry, links: SubscribeLinks | None) -> str:
    found = links.events.get(entry.id) if links else None
    if not found:
        return ""
    ics, service = found
    return (
        f'<span class="rebound-feed-add">Add to calendar: <a href="{escape(ics)}" download>.ics file</a>'
        f' · <a href="{escape(service)}" {_REL}>Google Calendar</a></span>'
    )


def _entry_item(entry: Entry, *, event: bool, links: SubscribeLinks | None = None) -> str:
    title = escape(entry.title)
    heading = f'<a href="{escape(entry.link)}" {_REL}>{title}</a>' if entry.link else title
    if event and entry.starts:
        when = _time(entry.starts)
        if entry.ends:
            when += f" to {_time(entry.ends)}"
    elif entry.date:
        when = _time(entry.date, with_time=False)
    else:
        when = "date unknown"
    meta = f'<span class="rebound-feed-meta">{escape(entry.source)} · {when}</span>'
    if event:
        add = _add_to_calendar(entry, links)
        meta += f"<br>{add}" if add else ""
    summary = f'<div class="rebound-feed-summary">{entry.summary}</div>' if entry.summary else ""
    return f"<li><strong>{heading}</strong><br>{meta}{summary}</li>"


def describe_status(status: SourceStatus) -> str:
    """Plain-text status: ``fresh``, ``stale since …: reason``, ``failing: reason``, ``not fetched yet``."""
    if status.state == "fresh":
        return "fresh"
    if status.state == "stale" and status.last_success:
        return f"stale since {format_date(status.last_success)}: {status.last_error}"
    if status.state in ("stale", "failing"):
        return f"failing: {status.last_error}"
    return "not fetched yet"


def _source_list(statuses: Sequence[SourceStatus]) -> str:
    rows = []
    for status in statuses:
        src = status.source
        rows.append(
            f'<li><a href="{escape(src.site)}" {_REL}>{escape(src.name)}</a> ({escape(src.kind)}, '
            f'<a href="{escape(src.feed)}" {_REL}>feed</a>): '
            f'<span class="rebound-feed-status rebound-feed-status--{status.state}">{escape(describe_status(status))}</span></li>'
        )
    return '<ul class="rebound-feed-sources">\n' + "\n".join(rows) + "\n</ul>"


def place_block(markdown: str, marker: str, block: str) -> str:
    """Put ``block`` where the page has ``marker``, or at its end: a page never lacks its block."""
    if marker in markdown:
        return markdown.replace(marker, block, 1)
    return f"{markdown.rstrip()}\n\n{block}"


def render_niche_index(niches: Sequence[Niche]) -> str:
    """The Markdown list of every niche, for the niches index page."""
    lines = [f"- [{_md(n.title)}]({n.slug}.md): {_md(n.description)}" for n in niches]
    # The feed-health link for maintainers is on the Contribute page, not in readers' way.
    return "\n".join(lines) + "\n"


def render_health_page(views: Sequence[NicheView]) -> str:
    """The maintainers' page: every source, its last success, last error, entry count and age."""
    checks = [v.checked_at for v in views if v.checked_at]
    reference = max(checks, default=None)
    lines = [
        "---",
        'title: "Feed health"',
        'description: "For maintainers: how every training feed did at its last check."',
        "---",
        "",
        "# Feed health",
        "",
        "Every training source, how its last check went, and how old its entries are. "
        "Ages are counted up to the newest check of any source"
        + (f" ({_time(reference)})." if reference else "; no source has been fetched yet."),
        "",
        "| Niche | Source | Status | Last success | Last error | Entries | Age |",
        "| --- | --- | --- | --- | --- | ---: | ---: |",
    ]
    for view in views:
        for status in view.statuses:
            lines.append(_health_row(view.niche, status, reference))
    lines.append("")
    return "\n".join(lines)


def _health_row(niche: Niche, status: SourceStatus, reference: datetime | None) -> str:
    success = _time(status.last_success) if status.last_success else "never"
    if status.last_error and status.last_error_at:
        error = f"{_time(status.last_error_at)}: {_md(status.last_error)}"
    else:
        error = "none"
    age = format_age(reference - status.last_success) if reference and status.last_success else "–"
    state = "not fetched yet" if status.state == "never" else status.state
    cells = [
        f"[{_md(niche.title)}]({niche.slug}.md)",
        f"[{_md(status.source.name)}](<{status.source.feed}>)",
        state,
        success,
        error,
        str(status.entry_count),
        age,
    ]
    return "| " + " | ".join(cells) + " |"


def format_age(delta: timedelta) -> str:
    """``45 min``, ``3 h``, ``2 d``."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"
