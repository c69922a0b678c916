"""The feed feature's plan: pages, nav, blocks, files and head links from one pure function."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rebound import outputs
from rebound.model import Entry, Niche, Source
from rebound.outputs import READER, OutputFormat
from rebound.plan import NAV_SECTION, PlanError, extend_nav, plan_site
from rebound.render import FEEDS_MARKER, NEXT_EVENTS_MARKER
from rebound.urls import EVENTS_PAGE, HEALTH_PAGE, SUBSCRIBE_PAGE, added_pages
from rebound.views import NicheView

WHEN = datetime(2031, 1, 15, 17, 0, tzinfo=UTC)
SOURCE = Source("web", "S", "https://s.example/feed", "https://s.example/", "webinar")
WEB = Niche("web", "Web", "Web work.", (SOURCE,))
DESIGN = Niche("design", "Design", "Design work.", ())


def views() -> dict[str, NicheView]:
    event = Entry(id="https://s.example/1", title="Talk", link="https://s.example/1", summary="", source="S",
                  niche="web", kind="webinar", published=WHEN, starts=WHEN)
    return {"web": NicheView(WEB, (event,), (), (), WHEN), "design": NicheView(DESIGN, (), (), (), None)}


def plan(**overrides: object):  # noqa: ANN201
    args: dict = dict(hub_pages=[], existing={"niches/index.md", "niches/design.md", SUBSCRIBE_PAGE},
                      site_url="https://site.example/r/")
    return plan_site([WEB, DESIGN], views(), **{**args, **overrides})


def test_a_niche_without_a_page_gets_one_and_a_handwritten_one_gets_its_block() -> None:
    result = plan()
    assert set(result.pages) == {"niches/web.md", HEALTH_PAGE, EVENTS_PAGE}
    assert "[Follow in a feed reader](<../web.rss.xml>)" in result.pages["niches/web.md"]
    marker, block = result.blocks["niches/design.md"]
    assert marker == FEEDS_MARKER and "[Follow in a feed reader](<../design.rss.xml>)" in block
    # feed health: not_in_nav (the Contribute page links it)
    assert result.nav == (("Free events this week", EVENTS_PAGE), ("Web", "niches/web.md"), ("Design", "niches/design.md"))
    assert added_pages(["web", "design"], {"niches/design.md"}) == ["niches/web.md", HEALTH_PAGE, EVENTS_PAGE]


def test_every_file_is_planned_once_with_the_event_links_the_page_shows() -> None:
    result = plan()
    (event_file,) = [p for p in result.outputs if p.startswith("events/")]
    assert f'href="../../{event_file}" download' in result.pages["niches/web.md"]
    assert f'href="{event_file.removeprefix("events/")}" download' in result.pages[EVENTS_PAGE]  # from /events/
    marker, home = result.blocks["index.md"]
    assert marker == NEXT_EVENTS_MARKER and "Talk" in home and '[See every upcoming free event](events.md)' in home
    for name in ("web", "design", "all"):
        assert {f"{name}.rss.xml", f"{name}.atom.xml", f"{name}.json", f"{name}.ics"} <= set(result.outputs)
    assert "updates.ics" not in result.outputs and "sources.opml" in result.outputs


def test_head_links_only_on_the_pages_that_offer_those_files() -> None:
    links = plan().head_links
    assert [path for _, _, path in links["niches/web.md"]] == ["web.rss.xml", "web.atom.xml", "web.json", "web.ics"]
    assert [path for _, _, path in links[SUBSCRIBE_PAGE]] == ["all.rss.xml", "all.atom.xml", "all.ics"]
    assert [path for _, _, path in links["index.md"]] == ["updates.rss.xml"]
    assert "about.md" not in links and "niches/index.md" not in links


def test_a_content_file_with_the_name_of_a_generated_file_or_a_reserved_slug_is_refused() -> None:
    with pytest.raises(PlanError, match="all.json under the docs folder has the name of a generated feed"):
        plan(existing={"all.json"})
    with pytest.raises(PlanError, match="niche slug 'updates' is taken"):
        plan_site([Niche("updates", "U", "u", ())], {"updates": NicheView(Niche("updates", "U", "u", ()), (), (), (), None)},
                  hub_pages=[], existing=set(), site_url="https://site.example/")


def test_nav_gets_the_pages_it_lacks_in_its_section() -> None:
    nav: list = [{"Home": "index.md"}, {NAV_SECTION: ["niches/index.md", {"Web": "niches/web.md"}]}]
    extend_nav(nav, plan().nav)
    assert nav[1][NAV_SECTION] == ["niches/index.md", {"Web": "niches/web.md"}, {"Free events this week": EVENTS_PAGE},
                                   {"Design": "niches/design.md"}]
    with pytest.raises(PlanError, match="nav has no 'Free training' section"):
        extend_nav([{"Home": "index.md"}], plan().nav)


def test_a_new_output_format_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    text = OutputFormat("txt", ".txt", "text/plain", "Plain text", "plain text", READER,
                        lambda channel: "\n".join(item.title for item in channel.items) + "\n")
    monkeypatch.setattr(outputs, "OUTPUT_FORMATS", (*outputs.OUTPUT_FORMATS, text))
    result = plan()
    assert result.outputs["web.txt"] == "Talk\n" and "all.txt" in result.outputs and "updates.txt" in result.outputs
    assert "[Plain text](<../web.txt>)" in result.pages["niches/web.md"]
    subscribe = result.blocks[SUBSCRIBE_PAGE][1]
    reader_line = next(line for line in subscribe.splitlines() if line.startswith("- In a feed reader:") and "web." in line)
    calendar_line = next(line for line in subscribe.splitlines() if line.startswith("- In your calendar:") and "web." in line)
    assert "[Plain text](<web.txt>)" in reader_line and "txt" not in calendar_line   # listed by kind, not position
    assert ("text/plain", "Rebound: Web training (plain text)", "web.txt") in result.head_links["niches/web.md"]
