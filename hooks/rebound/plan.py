"""The feed feature's plan: everything it adds to a build, computed once, in one pure function.

`plan_site` takes the niches, their views (`rebound.views`) and the guides for the updates feed,
and returns a `SitePlan`: the Markdown pages to generate (a niche without a handwritten page,
the feed-health page), the nav entries under "Free training", the blocks to place into
handwritten pages at their markers, every subscription file, and each page's ``<head>``
autodiscovery links. The one hook module (``hooks/feeds.py``) applies it; `make check` and the
benchmarks ask the same functions which pages a build adds, instead of keeping copies.

Pure: no I/O, no clock, no MkDocs. URLs follow one rule (`rebound.urls`), the same MkDocs applies
to a page's source path.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from rebound.feed_files import (
    HubPage,
    all_stream,
    build_outputs,
    listed_events,
    niche_events,
    niche_stream,
    updates_stream,
)
from rebound.model import Entry, Niche
from rebound.outputs.ical import Event
from rebound.render import (
    EVENTS_PAGE_ASSETS,
    FEEDS_MARKER,
    NEXT_EVENTS_MARKER,
    NICHES_MARKER,
    feed_block_assets,
    next_events_assets,
    render_events_page,
    render_feed_block,
    render_health_page,
    render_next_events,
    render_niche_index,
    render_niche_page,
)
from rebound.subscribe import SUBSCRIBE_MARKER, alternate_links, event_links, niche_links, page_alternates, render_subscribe_block
from rebound.urls import (
    ALL,
    EVENTS_PAGE,
    HEALTH_PAGE,
    HOME_PAGE,
    NICHES_INDEX,
    SUBSCRIBE_PAGE,
    UPDATES,
    absolute,
    added_pages,
    link_to_source,
    niche_page,
    page_url,
)
from rebound.views import NicheView, all_upcoming, build_health, count_unlisted, group_by_week, list_upcoming, next_events

NAV_SECTION = "Free training"
# The events page's two views: "This week" (the next seven days) and "Next 30 days".
SEVEN_DAYS, THIRTY_DAYS = timedelta(days=7), timedelta(days=30)
HeadLinks = tuple[tuple[str, str, str], ...]   # (media type, title, site-relative path)


class PlanError(ValueError):
    """Something in the content or the sources that the plan cannot honour; the text says what."""


@dataclass(frozen=True)
class SitePlan:
    """What the feed feature adds to one build (see the module docstring)."""

    pages: Mapping[str, str]                     # generated Markdown, by source path under content/
    # (title, source path) for the NAV_SECTION: the niche pages. The feed-health page is for
    # curators: mkdocs.yml keeps it out of the readers' nav (not_in_nav); the Contribute page links it.
    nav: tuple[tuple[str, str], ...]
    blocks: Mapping[str, tuple[str, str]]        # source path → (marker, Markdown) for pages that exist
    outputs: Mapping[str, str | bytes]           # subscription files, by site-relative path
    head_links: Mapping[str, HeadLinks] = field(default_factory=dict)  # by source path; other pages: none
    # The stylesheets and scripts (site-relative) a generated page or block needs, by source path.
    assets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def plan_site(
    niches: Sequence[Niche],
    views: Mapping[str, NicheView],
    *,
    hub_pages: Sequence[HubPage],
    existing: Collection[str],
    site_url: str,
    site_name: str = "Rebound",
    directory_urls: bool = True,
) -> SitePlan:
    """Plan the feed feature's pages, nav, blocks, files and head links; `PlanError` if it cannot."""
    generated = set(added_pages((n.slug for n in niches), existing))
    pages: dict[str, str] = {}
    blocks: dict[str, tuple[str, str]] = {}
    events, streams = {}, {}
    head_links = page_alternates(site_name=site_name)
    assets: dict[str, tuple[str, ...]] = {}
    for niche in niches:
        src_uri, view = niche_page(niche.slug), views[niche.slug]
        url = page_url(src_uri, directory_urls=directory_urls)
        events[niche.slug] = niche_events(view)
        streams[niche.slug] = niche_stream(niche, site_name=site_name, page_url=absolute(site_url, url))
        links = niche_links(view, listed_events(events[niche.slug]), site_url=site_url, src_uri=src_uri, page_url=url)
        if src_uri in generated:
            pages[src_uri] = render_niche_page(view, links)
        else:
            blocks[src_uri] = (FEEDS_MARKER, render_feed_block(view, links))
        assets[src_uri] = feed_block_assets(view, links)
        head_links[src_uri] = alternate_links(niche, site_name=site_name)
    if HEALTH_PAGE in generated:
        pages[HEALTH_PAGE] = render_health_page(build_health([views[n.slug] for n in niches]))
    ordered = [views[n.slug] for n in niches]
    if EVENTS_PAGE in generated:
        pages[EVENTS_PAGE] = _events_page(niches, ordered, events, directory_urls=directory_urls)
        assets[EVENTS_PAGE] = EVENTS_PAGE_ASSETS
    coming = next_events(ordered)
    blocks[HOME_PAGE] = (NEXT_EVENTS_MARKER, render_next_events(
        coming, niches, events_source=link_to_source(EVENTS_PAGE, HOME_PAGE)))
    assets[HOME_PAGE] = next_events_assets(coming)
    blocks[NICHES_INDEX] = (NICHES_MARKER, render_niche_index(niches))
    blocks[SUBSCRIBE_PAGE] = (SUBSCRIBE_MARKER, render_subscribe_block(niches, site_url=site_url))
    streams[ALL] = all_stream(site_name=site_name,
                              page_url=absolute(site_url, page_url(NICHES_INDEX, directory_urls=directory_urls)))
    streams[UPDATES] = updates_stream(site_name=site_name, page_url=absolute(site_url, ""))
    try:
        outputs = build_outputs(niches, views, events, hub_pages, streams=streams, site_url=site_url, site_name=site_name)
    except ValueError as exc:
        raise PlanError(str(exc)) from exc
    for path in outputs:
        if path in existing:
            raise PlanError(f"{path} under the docs folder has the name of a generated feed; rename it")
    return SitePlan(
        pages=pages,
        nav=(("Free events this week", EVENTS_PAGE), *((n.title, niche_page(n.slug)) for n in niches)),
        blocks=blocks,
        outputs=outputs,
        head_links=head_links,
        assets={uri: found for uri, found in assets.items() if found},
    )


def _events_page(niches: Sequence[Niche], views: Sequence[NicheView],
                 events: Mapping[str, Sequence[tuple[Entry, Event]]], *, directory_urls: bool) -> str:
    """The /events/ page: every niche's upcoming events by week, with their add-to-calendar links."""
    url = page_url(EVENTS_PAGE, directory_urls=directory_urls)
    checked = max((v.checked_at for v in views if v.checked_at), default=None)
    upcoming = all_upcoming(views)
    event_of = {entry.id: event for pairs in events.values() for entry, event in pairs}
    links = event_links(listed_events([(e, event_of[e.id]) for e in upcoming]), page_url=url)
    fetched = {view.niche.slug for view in views if view.checked_at}
    niche_sources = {n.slug: link_to_source(niche_page(n.slug), EVENTS_PAGE) for n in niches}
    soon = [e for e in upcoming if checked is None or e.starts < checked + THIRTY_DAYS]
    week = [e for e in upcoming if checked is None or e.starts < checked + SEVEN_DAYS]
    return render_events_page(group_by_week(soon), niches, events=links, checked_at=checked, page_url=url,
                              niche_sources=niche_sources, fetched=fetched, this_week=list_upcoming(week),
                              unlisted=count_unlisted(soon, list_upcoming(soon)))


def extend_nav(nav: list, entries: Iterable[tuple[str, str]], *, section: str = NAV_SECTION) -> None:
    """Add ``entries`` not yet listed to ``section`` of a MkDocs ``nav`` list (changed in place).

    `PlanError` when the nav has no such section: the pages would be missing from the navigation.
    """
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get(section), list):
            listed = {_target(entry) for entry in item[section]}
            item[section].extend({title: uri} for title, uri in entries if uri not in listed)
            return
    raise PlanError(f"mkdocs.yml: nav has no {section!r} section for the niche pages")


def _target(entry: object) -> object:
    if isinstance(entry, dict) and len(entry) == 1:
        return next(iter(entry.values()))
    return entry
