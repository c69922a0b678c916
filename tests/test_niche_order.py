"""Niche pages ordered by use: upcoming events, then trainings (courses, videos), then a capped reading list."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rebound.model import Entry, Niche, Record, Source
from rebound.render import SUGGEST_EVENT_URL, render_feed_block
from rebound.views import READING_LIMIT, build_niche_view

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
BLOG = Source("design", "Busy blog", "https://blog.example/feed", "https://blog.example/", "article")
COURSES = Source("design", "Course site", "https://courses.example/feed", "https://courses.example/", "course")
VIDEOS = Source("design", "Video channel", "https://videos.example/feed", "https://videos.example/", "video")


def entry(source: Source, n: int, hours_ago: int) -> Entry:
    return Entry(id=f"{source.feed}#{n}", title=f"{source.name} {n}", link=f"{source.site}{n}", summary="",
                 source=source.name, niche=source.niche, kind=source.kind, published=NOW - timedelta(hours=hours_ago))


def records(blog_posts: int) -> dict[Source, Record]:
    return {
        # The blog published more, and more recently, than anyone else.
        BLOG: Record(BLOG.niche, BLOG.feed).with_success(NOW, tuple(entry(BLOG, n, n) for n in range(blog_posts)), None, None),
        COURSES: Record(COURSES.niche, COURSES.feed).with_success(NOW, (entry(COURSES, 1, 200),), None, None),
        VIDEOS: Record(VIDEOS.niche, VIDEOS.feed).with_success(NOW, (entry(VIDEOS, 1, 300),), None, None),
    }


def test_trainings_come_before_a_capped_reading_list() -> None:
    niche = Niche("design", "Design", "D.", (BLOG, COURSES, VIDEOS))
    block = render_feed_block(build_niche_view(niche, records(blog_posts=40)))
    events, rest = block.split("## Latest trainings")
    trainings, reading = rest.split("## Reading")
    reading = reading.split("## Sources")[0]
    assert "Course site 1" in trainings and "Video channel 1" in trainings and "Busy blog" not in trainings
    assert reading.count("<li>") == READING_LIMIT
    assert reading.index("Busy blog 0") < reading.index("Busy blog 1")  # newest first


def test_a_niche_without_events_says_so_and_links_the_suggestion_form() -> None:
    niche = Niche("design", "Design", "D.", (BLOG,))
    block = render_feed_block(build_niche_view(niche, records(blog_posts=2)))
    upcoming = block.split("## Latest trainings")[0]
    assert "No free online events are listed for this niche right now." in upcoming
    assert f'<a href="{SUGGEST_EVENT_URL.replace("&", "&amp;")}">Suggest a free event</a>' in upcoming
    assert "No free courses or videos were listed" in block


def test_a_page_lists_at_most_page_events_and_counts_the_rest() -> None:
    from rebound.views import PAGE_EVENTS, count_unlisted, list_upcoming

    one_offs = [Entry(id=f"e{n}", title=f"E{n}", link=None, summary="", source="Calendar", niche="design", kind="webinar",
                      starts=NOW + timedelta(hours=n)) for n in range(PAGE_EVENTS + 7)]
    weekly = [Entry(id=f"w{n}", title="Weekly", link=None, summary="", source="Calendar", niche="design", kind="webinar",
                    starts=NOW + timedelta(minutes=30, days=7 * n), series="s") for n in range(9)]
    events = sorted(one_offs + weekly, key=lambda e: e.starts)
    listed = list_upcoming(events)
    assert len(listed) == PAGE_EVENTS
    # Every one-off after the last listed one counts; the weekly series' later dates are its own line.
    last = listed[-1].entry.starts
    assert count_unlisted(events, listed) == sum(1 for e in one_offs if e.starts > last) > 0
