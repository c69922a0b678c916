"""Rendering niche pages, the niches index and the feed-health page as Markdown with HTML blocks.

Pure: no I/O and no clock. The only times in the output come from the cache's own timestamps,
so the same cache gives byte-identical pages. Every string from a feed is escaped here (titles,
sources, reasons) or was cleaned by nh3 already (summaries); feed items go into raw HTML blocks,
which Markdown passes through untouched.
"""
from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from rebound.model import Entry, Niche
from rebound.text import format_age, format_date, format_duration, md_escape
from rebound.views import QUIET_AFTER, Health, Listed, NicheView, SourceStatus, SubscribeLinks, Week

FEEDS_MARKER = "<!-- rebound:feeds -->"
NICHES_MARKER = "<!-- rebound:niches -->"
NEXT_EVENTS_MARKER = "<!-- rebound:home-events -->"
# Only the pages that show event times load these (never site-wide): each page declares what it
# loads in its front matter (`rebound_stylesheets`, `rebound_scripts`, written by rebound.generate), and the template
# (overrides/main.html) links them.
LOCAL_TIME_SCRIPT = "assets/local-time.js"
EVENTS_FILTER_SCRIPT = "assets/events-filter.js"
EVENTS_STYLESHEET = "assets/events.css"
EVENTS_PAGE_ASSETS = (EVENTS_STYLESHEET, LOCAL_TIME_SCRIPT, EVENTS_FILTER_SCRIPT)
# The "Suggest a free event" issue form (.github/ISSUE_TEMPLATE/suggest-a-free-event.yml), as the
# Contribute page links the other forms.
SUGGEST_EVENT_URL = "https://github.com/rebound-hub/rebound/issues/new?template=suggest-a-free-event.yml"
_FORMAT_LABELS = {"feed": "RSS/Atom", "ics": "iCalendar", "jsonfeed": "JSON Feed", "bevy": "Bevy events API",
                  "sba": "SBA event finder"}
_REL = 'rel="nofollow noopener noreferrer"'


def _escape(value: object) -> object:
    # Every {{ value }} not marked Markup is escaped with html.escape, as the f-strings of this module
    # are (markupsafe writes ' and " as &#39; and &#34;; the same characters, other bytes).
    return value if hasattr(value, "__html__") else Markup(escape(str(value)))


# HTML with feed text in it comes from autoescaped templates: text is escaped unless we mark it
# Markup (HTML we made, or a summary nh3 has cleaned).
_TEMPLATES = Environment(autoescape=True, finalize=_escape)


def _time(moment: datetime, *, with_time: bool = True) -> str:
    return f'<time datetime="{moment.isoformat()}">{format_date(moment, with_time=with_time)}</time>'


def render_when(entry: Entry) -> str:
    """An event's time: ``<time datetime>`` in UTC that a small script re-renders in the reader's
    own zone (``data-local``); a whole-day event is a date, the same everywhere."""
    assert entry.starts is not None
    if entry.all_day:
        day = f'<time datetime="{entry.starts.date().isoformat()}">{format_date(entry.starts, with_time=False)}</time>'
        days = (entry.ends - entry.starts).days if entry.ends else 1
        return day + (" (all day)" if days <= 1 else f" ({days} days)")
    when = f'<time datetime="{entry.starts.isoformat()}" data-local>{format_date(entry.starts)}</time>'
    if entry.ends:
        when += f" ({format_duration(entry.ends - entry.starts)})"
    return when


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
    """The feed part of a niche page: what is on (events, then trainings), ways to follow, the sources.

    A niche never fetched gets one friendly sentence and its source list instead.
    """
    if view.checked_at is None:
        return "\n".join([
            '<p class="rebound-feed-empty">Nothing is listed here yet: we haven\'t fetched this niche\'s sources. '
            "Until we do, you can visit them directly.</p>",
            "",
            f'<p class="rebound-feed-empty">Know a free online event for this niche? <a href="{escape(SUGGEST_EVENT_URL)}">'
            "Suggest a free event</a>.</p>",
            "",
            *([_follow_actions(links), ""] if links else []),
            "## Sources",
            "",
            _source_list(view.statuses, with_status=False),
            "",
        ])
    parts = ["## Upcoming events", ""]
    if view.upcoming:
        parts += [render_upcoming(view.listed, events=links.events if links else {}), ""]
        if view.unlisted:
            parts += [f'<p class="rebound-feed-more">And {view.unlisted} more in the next few weeks: get every one with'
                      " “Get these in your calendar” below.</p>", ""]
    else:
        parts += [render_no_events(), ""]
    if links:
        parts += [_follow_actions(links), ""]
    trainings, reading = view.trainings, view.reading
    parts += ["## Latest trainings", ""]
    if trainings:
        parts += [_entry_list(trainings), ""]
    else:
        parts += ['<p class="rebound-feed-empty">No free courses or videos were listed at the last check;'
                  " the reading below may help in the meantime.</p>", ""]
    if reading:
        parts += ["## Reading", "", _entry_list(reading), ""]
    parts += ["## Sources", "", f'<p class="rebound-feed-checked">Last checked: {_time(view.checked_at)}.</p>', "",
              _source_list(view.statuses), ""]
    return "\n".join(parts)


def feed_block_assets(view: NicheView, links: SubscribeLinks | None) -> tuple[str, ...]:
    """What `render_feed_block` needs loaded: the events styles with subscribe links, and the
    local-time script when it lists upcoming events."""
    if not links:
        return ()
    if view.checked_at is not None and view.upcoming:
        return (EVENTS_STYLESHEET, LOCAL_TIME_SCRIPT)
    return (EVENTS_STYLESHEET,)


def render_no_events() -> str:
    """A niche with nothing coming up says so plainly, and how to add an event."""
    return ('<p class="rebound-feed-empty">No free online events are listed for this niche right now. '
            f'Know one that\'s coming up? <a href="{escape(SUGGEST_EVENT_URL)}">Suggest a free event</a>.</p>')


def _follow_actions(links: SubscribeLinks) -> str:
    # Markdown, not HTML: a strict build checks the relative links against the generated files.
    more = " · ".join(f"[{md_escape(label)}](<{target}>)" for label, target in links.feeds)
    return "\n".join([
        '<div class="rebound-follow" markdown>',
        "",
        f"[Get these in your calendar](<{links.calendar}>){{ .md-button .md-button--primary }}"
        f" [Follow in a feed reader](<{links.reader}>){{ .md-button }}",
        "",
        '<details class="rebound-more-ways" markdown>',
        "<summary>More ways to follow</summary>",
        "",
        f"{more}. New to this? See [how to subscribe]({links.help_page}).",
        "",
        "</details>",
        "",
        "</div>",
    ])


def _entry_list(entries: Sequence[Entry]) -> str:
    items = "\n".join(_entry_item(e) for e in entries)
    return f'<ul class="rebound-feed">\n{items}\n</ul>'


# One training or article. Autoescaped like the event card below.
_ENTRY_ITEM = _TEMPLATES.from_string(
    '<li><strong>{% if entry.link %}<a href="{{ entry.link }}" {{ rel }}>{{ entry.title }}</a>{% else %}{{ entry.title }}{% endif %}'
    '</strong><br><span class="rebound-feed-meta">{{ entry.source }} · {{ when }}</span>'
    '{% if entry.summary %}<div class="rebound-feed-summary">{{ summary }}</div>{% endif %}</li>'
)


def _entry_item(entry: Entry) -> str:
    when = _time(entry.date, with_time=False) if entry.date else "date unknown"
    return _ENTRY_ITEM.render(entry=entry, when=Markup(when), summary=Markup(entry.summary), rel=Markup(_REL))  # summary: nh3-cleaned


def render_upcoming(listed: Sequence[Listed], *, events: Mapping[str, tuple[str, str]],
                    niche_titles: Mapping[str, str] | None = None) -> str:
    """A list of upcoming events (series already cut by `list_upcoming`); ``events``: their
    add-to-calendar links; ``niche_titles``: name each event's niche (pages that mix niches)."""
    items = "\n".join(render_event_item(item, events=events, niche_titles=niche_titles) for item in listed)
    return f'<ul class="rebound-feed rebound-events">\n{items}\n</ul>'


# One event card. Autoescaped: feed text (titles, sources, places, addresses) is escaped by the
# template itself; only HTML we made or cleaned (the time, the nh3-cleaned summary) is passed as Markup.
_EVENT_ITEM = _TEMPLATES.from_string(
    '<li{% if entry.link %} class="rebound-card"{% endif %}{% if niche_titles %} data-niche="{{ entry.niche }}"{% endif %}>'
    # The title's link covers the whole card (events.css stretches it), so a thumb can tap anywhere.
    '<strong>{% if entry.link %}<a class="rebound-card-link" href="{{ entry.link }}" {{ rel }}>{{ entry.title }}</a>'
    '{% else %}{{ entry.title }}{% endif %}</strong>'
    '<br><span class="rebound-feed-meta">{{ when }}</span>'
    '<br><span class="rebound-event-facts">'
    '{% if niche %}<span class="rebound-event-niche">{{ niche }}</span> · {% endif %}'
    # Free unless the source says otherwise (`Source.free`: conference lists that don't give a price).
    '<span class="rebound-event-organizer">{{ entry.source }}</span> · '
    '<span class="rebound-badge">{{ "Online · " if entry.online }}{{ "Free" if entry.free else "Check the price" }}</span></span>'
    '{% if entry.location and not entry.online %}<br><span class="rebound-event-place">Where: {{ entry.location }}</span>{% endif %}'
    '{% if add %}<br><span class="rebound-feed-add">Add to calendar: <a href="{{ add[0] }}" download>.ics file</a>'
    ' · <a href="{{ add[1] }}" {{ rel }}>Google Calendar</a></span>{% endif %}'
    '{% if repeats %}<br><span class="rebound-event-repeats">{{ repeats }}</span>{% endif %}'
    '{% if summary %}<div class="rebound-feed-summary">{{ summary }}</div>{% endif %}</li>'
)


def render_event_item(item: Listed, *, events: Mapping[str, tuple[str, str]],
                      niche_titles: Mapping[str, str] | None = None, brief: bool = False) -> str:
    """One event: title, online badge, niche (when given), source, time, place, add-to-calendar
    (its one-event file and Google Calendar link from ``events``, by entry id), repeats."""
    entry = item.entry
    return _EVENT_ITEM.render(
        entry=entry,
        niche_titles=niche_titles,
        niche=niche_titles.get(entry.niche) if niche_titles else None,
        when=Markup(render_when(entry)),
        add=events.get(entry.id),
        repeats=describe_repeats(entry, item.later) if item.later else "",
        summary=Markup(entry.summary) if entry.summary and not brief else "",   # cleaned by nh3 already
        rel=Markup(_REL),
    )


def describe_repeats(entry: Entry, later: int) -> str:
    """What follows the last listed occurrence: ``And every week until Tue 30 Mar 2027.``"""
    if entry.repeats and entry.repeats_until:
        return f"And {entry.repeats} until {format_date(entry.repeats_until, with_time=False)}."
    if entry.repeats:
        return f"And {entry.repeats} after that."
    return f"And {later} more date{'s' if later != 1 else ''} in the next few weeks."


def describe_status(status: SourceStatus) -> str:
    """Plain-text status: ``fresh``, ``stale since …: reason``, ``failing: reason``, ``not fetched yet``."""
    if status.state == "fresh":
        return "fresh"
    if status.state == "stale" and status.last_success:
        return f"stale since {format_date(status.last_success)}: {status.last_error}"
    if status.state in ("stale", "failing"):
        return f"failing: {status.last_error}"
    return "not fetched yet"


def _source_list(statuses: Sequence[SourceStatus], *, with_status: bool = True) -> str:
    rows = []
    for status in statuses:
        src = status.source
        if src.origin:
            checked = _time(status.last_success, with_time=False) if status.last_success else "–"
            rows.append(f'<li><a href="{escape(src.feed)}" {_REL}>{escape(src.name)}</a> (event added by pull request,'
                        f' <a href="{escape(src.site)}" {_REL}>announcement</a> checked {checked})</li>')
            continue
        state = (f': <span class="rebound-feed-status rebound-feed-status--{status.state}">'
                 f"{escape(describe_status(status))}</span>") if with_status else ""
        rows.append(
            f'<li><a href="{escape(src.site)}" {_REL}>{escape(src.name)}</a> ({escape(src.kind)}, '
            f'<a href="{escape(src.feed)}" {_REL}>feed</a>){state}</li>'
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


def render_health_page(health: Health) -> str:
    """The maintainers' page: every source's format, last success and error, entries, newest item,
    upcoming events, and whether it has gone quiet (`rebound.views.build_health`)."""
    reference = health.reference
    lines = [
        "---",
        'title: "Feed health"',
        'description: "For maintainers: how every training feed and calendar did at its last check."',
        "---",
        "",
        "# Feed health",
        "",
        "Every training source, how its last check went, and how fresh its entries are. "
        "Ages are counted up to the newest check of any source"
        + (f" ({_time(reference)})." if reference else "; no source has been fetched yet."),
        f"A source is **quiet** when it has had nothing new for {QUIET_AFTER.days} days"
        " (a calendar: nothing coming up): check its address, or look for a livelier one.",
        "",
    ]
    for view in health.views:
        fetched = [s for s in view.statuses if not s.source.origin]
        contributed = [s for s in view.statuses if s.source.origin]
        lines += [
            f"## [{_md(view.niche.title)}]({view.niche.slug}.md)",
            "",
            "| Source | Format | Status | Last success | Last error | Entries | Newest item | Upcoming | Age |",
            "| --- | --- | --- | --- | --- | ---: | --- | ---: | ---: |",
            *(_health_row(status, reference, status.source in health.quiet) for status in fetched),
            "",
        ]
        if contributed:
            lines += [
                "Events added by pull request (files under `data/events/`; a file whose last date is over"
                " 30 days past fails `make check`):",
                "",
                "| Event file | Organizer | Announcement checked | Dates in the next 60 days |",
                "| --- | --- | --- | ---: |",
                *(_contributed_row(status) for status in contributed),
                "",
            ]
    return "\n".join(lines)


def _contributed_row(status: SourceStatus) -> str:
    source = status.source
    checked = _time(status.last_success, with_time=False) if status.last_success else "–"
    return (f"| `{escape(source.origin)}` | [{_md(source.name)}](<{source.feed}>) | [{checked}](<{source.site}>) |"
            f" {status.entry_count} |")


def _health_row(status: SourceStatus, reference: datetime | None, quiet: bool) -> str:
    success = _time(status.last_success, with_time=False) if status.last_success else "never"
    if status.last_error and status.last_error_at:
        error = f"{_time(status.last_error_at)}: {_md(status.last_error)}"
    else:
        error = "none"
    age = format_age(reference - status.last_success) if reference and status.last_success else "–"
    state = "not fetched yet" if status.state == "never" else status.state
    if quiet:
        state += ", quiet"
    cells = [
        f"[{_md(status.source.name)}](<{status.source.feed}>)",
        _FORMAT_LABELS.get(status.format, status.format or status.source.format or "–"),
        state,
        success,
        error,
        str(status.entry_count),
        _time(status.newest, with_time=False) if status.newest else "–",
        str(status.upcoming) if status.state != "never" else "–",
        age,
    ]
    return "| " + " | ".join(cells) + " |"


# --- The events page and the home page's next events ---------------------------------------------


def render_events_page(weeks: Sequence[Week], niches: Sequence[Niche], *, events: Mapping[str, tuple[str, str]],
                       checked_at: datetime | None, page_url: str, niche_sources: Mapping[str, str],
                       fetched: Collection[str] = (), this_week: Sequence[Listed] = (), unlisted: int = 0) -> str:
    """/events/: the next 30 days' events across niches by week (``weeks``) and the next seven days'
    (``this_week``), with a niche filter that needs no server.

    ``niche_sources``: a Markdown link from this page's source to each niche page's (`rebound.urls.link_to_source`), by slug.

    Without script, each filter link opens that niche's own page (its upcoming events first);
    with it (`EVENTS_FILTER_SCRIPT`), the same links filter this list in place.
    """
    titles = {n.slug: n.title for n in niches}
    lines = [
        "---",
        'title: "Free events this week and next"',
        'description: "Every upcoming free webinar, workshop and meetup from the curated sources, by week, for every niche."',
        # Dates change daily and the niche pages are in the index already: searching this page
        # would find last week's events.
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Free events, week by week",
        "",
        "Free webinars, workshops and online meetups from the sources we follow, for every niche."
        " Conferences that may charge say \"Check the price\". Pick one that fits your week: showing up to learn is a good way to get moving again.",
        "",
    ]
    if checked_at is not None:
        lines += [f'<p class="rebound-feed-checked">Last checked: {_time(checked_at)}. Times are shown in UTC'
                  " until your browser shows them in your own time zone.</p>", ""]
    filters = ['<a href="#" data-rebound-filter="" aria-current="true">All niches</a>']
    # Markdown links to the niche pages' sources (md_in_html, attr_list): both generators check and rewrite them.
    filters += [f'[{_md(n.title)}]({_niche_link(niche_sources[n.slug], n.slug in fetched)}){{data-rebound-filter="{escape(n.slug)}"}}'
                for n in niches]
    lines += ['<nav class="rebound-filter" aria-label="Show the events of one niche" markdown="span">'
              + " ".join(filters) + "</nav>", ""]
    if not weeks and not this_week:
        lines += ['<p class="rebound-feed-empty">No upcoming events were listed at the last check.'
                  f' The niche pages still list the latest free trainings. Know one? <a href="{escape(SUGGEST_EVENT_URL)}">'
                  "Suggest a free event</a>.</p>", ""]
    else:
        # Two views that need no script: "Next 30 days" by default, "This week" when the address
        # ends in #this-week (events.css shows the :target one).
        lines += ['<nav class="rebound-views" aria-label="Time span">'
                  '<a href="#this-week">This week</a> <a href="#next-30-days">Next 30 days</a></nav>', ""]
        lines.append('<div class="rebound-spans" data-rebound-events>')
        lines += ['<section id="this-week" class="rebound-span" aria-labelledby="this-week-heading">',
                  '<h2 id="this-week-heading">This week</h2>',
                  '<div data-week="this-week">',
                  render_upcoming(this_week, events=events, niche_titles=titles) if this_week else
                  '<p class="rebound-feed-empty">Nothing in the next seven days. See the next 30 days.</p>',
                  "</div>", "</section>",
                  '<section id="next-30-days" class="rebound-span rebound-weeks" aria-labelledby="next-30-days-heading">',
                  '<h2 id="next-30-days-heading">Next 30 days</h2>']
        for week in weeks:
            heading = f"Week of {format_date(datetime(week.monday.year, week.monday.month, week.monday.day), with_time=False)}"
            lines += [f'<section data-week="{week.monday.isoformat()}" aria-label="{escape(heading)}">',
                      f"<h3>{escape(heading)}</h3>",
                      render_upcoming(week.events, events=events, niche_titles=titles),
                      "</section>"]
        if unlisted:
            lines.append(f'<p class="rebound-feed-more">And {unlisted} more in the next 30 days: each niche page'
                         " and calendar has its own.</p>")
        lines += ["</section>", "</div>", ""]
    return "\n".join(lines)


def _niche_link(niche_source: str, has_events_section: bool) -> str:
    # A niche never fetched has no "Upcoming events" section to jump to (see `render_feed_block`).
    return niche_source + ("#upcoming-events" if has_events_section else "")


def render_next_events(entries: Sequence[Entry], niches: Sequence[Niche], *, events_source: str) -> str:
    """The home page's short list of the next few events, and a link to all of them.

    ``events_source``: a Markdown link from the home page's source to the events page's
    (`rebound.urls.link_to_source`).
    """
    titles = {n.slug: n.title for n in niches}
    if not entries:
        return ('<p class="rebound-next-events" markdown="span">Free webinars and meetups for every niche are'
                f' listed on the [events page]({events_source}).</p>')
    items = "\n".join(render_event_item(Listed(e), events={}, niche_titles=titles, brief=True) for e in entries)
    return "\n".join([
        f'<ul class="rebound-feed rebound-events rebound-next-events">\n{items}\n</ul>',
        f'<p markdown="span">[See every upcoming free event]({events_source})</p>',
    ])


def next_events_assets(entries: Sequence[Entry]) -> tuple[str, ...]:
    """What `render_next_events` needs loaded: the events styles and local times, when it lists any."""
    return (EVENTS_STYLESHEET, LOCAL_TIME_SCRIPT) if entries else ()
