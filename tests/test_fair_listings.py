"""Fair listings: a flood from one publisher never hides the others; series listed briefly."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rebound.model import Entry, Niche, Record, Source
from rebound.views import LATEST_LIMIT, PER_SOURCE, build_niche_view, group_by_week, list_upcoming, next_events

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)


def src(name: str, **extra: object) -> Source:
    return Source("web", name, f"https://{name.lower()}.example/feed", f"https://{name.lower()}.example/", "course", **extra)  # type: ignore[arg-type]


def entry(source: Source, n: int, *, hours_ago: float | None = 1, title: str = "", **extra: object) -> Entry:
    published = NOW - timedelta(hours=hours_ago) if hours_ago is not None else None
    return Entry(id=f"{source.feed}#{n}", title=title or f"{source.name} {n}", link=f"{source.site}{n}", summary="",
                 source=source.name, niche="web", kind="course", published=published, **extra)  # type: ignore[arg-type]


def view_of(*pairs: tuple[Source, list[Entry]], fmt: str = "feed"):
    niche = Niche("web", "Web", "Web things.", tuple(s for s, _ in pairs))
    records = {s: Record(s.niche, s.feed, checked_at=NOW, last_success=NOW, entries=tuple(es), format=fmt) for s, es in pairs}
    return build_niche_view(niche, records)


def test_a_flood_of_fifty_cannot_push_out_the_small_sources() -> None:
    flood, small, quiet, undated = src("Flood"), src("Small"), src("Quiet"), src("Undated")
    view = view_of(
        (flood, [entry(flood, n, hours_ago=n * 0.1) for n in range(50)]),  # all newer than everyone else
        (small, [entry(small, n, hours_ago=10 + n) for n in range(2)]),
        (quiet, [entry(quiet, 0, hours_ago=24 * 200)]),
        (undated, [entry(undated, 0, hours_ago=None)]),
    )
    shown = [e.source for e in view.latest]
    assert {"Flood", "Small", "Quiet", "Undated"} <= set(shown)
    assert shown.count("Small") == 2 and shown.count("Quiet") == 1 and shown.count("Undated") == 1
    assert shown[-1] == "Undated"  # undated last, but there
    assert len(view.latest) == LATEST_LIMIT  # the flood fills only the room nobody else needs


def test_no_source_shows_more_than_three_while_others_wait() -> None:
    sources = [src(f"S{n}") for n in range(6)]
    pairs = [(s, [entry(s, k, hours_ago=k + n * 0.01) for k in range(10)]) for n, s in enumerate(sources)]
    shown = [e.source for e in view_of(*pairs).latest]
    assert len(shown) == LATEST_LIMIT
    assert max(shown.count(s.name) for s in sources) <= PER_SOURCE
    assert {s.name for s in sources} == set(shown)


def test_more_sources_than_slots_still_show_one_each() -> None:
    sources = [src(f"Many{n}") for n in range(LATEST_LIMIT + 5)]
    view = view_of(*[(s, [entry(s, 0), entry(s, 1)]) for s in sources])
    assert {e.source for e in view.latest} == {s.name for s in sources}


def weekly(source: Source, weeks: int, *, until: datetime | None = None) -> list[Entry]:
    first = NOW + timedelta(days=1)
    return [entry(source, k, hours_ago=None, starts=first + timedelta(weeks=k), series=f"{source.feed}#s",
                  repeats="every week", repeats_until=until) for k in range(weeks)]


def test_a_series_lists_its_next_three_then_says_how_it_goes_on() -> None:
    cal = src("Cal")
    one_off = entry(cal, 99, hours_ago=None, starts=NOW + timedelta(days=2, hours=3))
    view = view_of((cal, [*weekly(cal, 8), one_off]), fmt="ics")
    assert len(view.upcoming) == 9  # the calendar and feeds keep every occurrence
    listed = list_upcoming(view.upcoming)
    assert [item.entry.title for item in listed] == ["Cal 0", "Cal 99", "Cal 1", "Cal 2"]
    assert [item.later for item in listed] == [0, 0, 0, 5]
    assert view.latest == ()  # a calendar's events are not "trainings to read"


def test_next_events_take_one_occurrence_per_series() -> None:
    cal, other = src("Cal"), src("Other")
    views = [view_of((cal, weekly(cal, 4)), fmt="ics"),
             view_of((other, [entry(other, 1, hours_ago=None, starts=NOW + timedelta(days=3))]), fmt="ics")]
    assert [e.title for e in next_events(views, count=3)] == ["Cal 0", "Other 1"]


def test_events_are_grouped_by_their_utc_week() -> None:
    cal = src("Cal")
    monday = datetime(2027, 3, 1, 9, tzinfo=UTC)
    events = [entry(cal, n, hours_ago=None, starts=monday + timedelta(days=d)) for n, d in enumerate((0, 6, 7, 15))]
    weeks = group_by_week(events)
    assert [w.monday.isoformat() for w in weeks] == ["2027-03-01", "2027-03-08", "2027-03-15"]
    assert [len(w.events) for w in weeks] == [2, 1, 1]


def test_online_only_drops_events_held_in_a_room() -> None:
    cal = src("Cal", online_only=True)
    soon = NOW + timedelta(days=1)
    kept = entry(cal, 1, hours_ago=None, starts=soon, location="Online event", online=True)
    room = entry(cal, 2, hours_ago=None, starts=soon, location="The Docs Tavern, Portland")
    nowhere = entry(cal, 3, hours_ago=None, starts=soon)
    assert [e.title for e in view_of((cal, [kept, room, nowhere]), fmt="ics").upcoming] == ["Cal 1", "Cal 3"]


def test_keywords_filter_calendar_events_too() -> None:
    cal = src("Cal", keywords=("pricing",))
    soon = NOW + timedelta(days=1)
    events = [entry(cal, 1, hours_ago=None, starts=soon, title="Pricing clinic"),
              entry(cal, 2, hours_ago=None, starts=soon, title="Pub quiz")]
    assert [e.title for e in view_of((cal, events), fmt="ics").upcoming] == ["Pricing clinic"]


def test_only_listed_occurrences_get_a_one_event_file_but_the_calendar_keeps_all() -> None:
    from rebound.urls import event_path
    from rebound.plan import plan_site

    cal = src("Cal")
    view = view_of((cal, weekly(cal, 8)), fmt="ics")
    plan = plan_site([view.niche], {"web": view}, hub_pages=[], existing=set(), site_url="https://x.example/")
    one_event_files = sorted(p for p in plan.outputs if p.startswith(event_path("x").rsplit("/", 1)[0] + "/"))
    assert one_event_files == sorted(event_path(e.uid) for e in view.upcoming[:3])   # the three a page lists
    assert plan.outputs["web.ics"].count(b"BEGIN:VEVENT") == 8                       # the niche calendar: all


def test_event_page_links_are_to_sources_whatever_the_sites_url_style() -> None:
    # Links between pages are Markdown links to the .md sources in both URL styles: the generator
    # (MkDocs or Zensical) writes them as events/ or events.html, and a strict build checks them.
    from rebound.plan import plan_site

    cal = src("Cal")
    view = view_of((cal, weekly(cal, 2)), fmt="ics")
    for directory_urls in (True, False):
        plan = plan_site([view.niche], {"web": view}, hub_pages=[], existing=set(), site_url="https://x.example/",
                         directory_urls=directory_urls)
        assert "[See every upcoming free event](events.md)" in plan.blocks["index.md"][1]
        assert '](niches/web.md#upcoming-events){data-rebound-filter="web"}' in plan.pages["events.md"]
        assert 'href="events/"' not in plan.blocks["index.md"][1] and "../niches/" not in plan.pages["events.md"]
