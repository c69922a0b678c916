"""The foundation: the real site builds strictly, has every strategy, and is searchable."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


STRATEGIES = {
    "dont-take-it-personally": "Don't take rejection personally",
    "reflect-on-the-interview": "Reflect on the interview",
    "practise-your-skill": "Practise and develop your skill",
    "smile-heal-keep-perspective": "Smile through it",
    "keep-trying-keep-hope": "Keep trying and keep hope",
}
# Each strategy's sections fit its topic (issue 13); what they share is an ending of related links.
LAST_SECTION = "Related"


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def h2_headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"[^\"]+\">(.*?)<a", html)


@pytest.mark.parametrize("slug", STRATEGIES)
def test_strategy_page_has_its_sections(built_site: Path, slug: str) -> None:
    html = read(built_site, f"strategies/{slug}")
    headings = h2_headings(html)
    assert len(headings) >= 5 and headings[-1] == LAST_SECTION
    assert "<strong>Time: about" in html  # something to do today, with a time
    assert STRATEGIES[slug] in html
    assert re.search(r'<meta name="description" content="[^"]{40,}"', html)
    # The practical pages are linked where a reader needs them.
    assert re.search(r'href="\.\./\.\./(what-to-say|guides|get-help)/', html)


def test_strategies_are_not_one_template(built_site: Path) -> None:
    outlines = [tuple(h2_headings(read(built_site, f"strategies/{slug}"))[:-1]) for slug in STRATEGIES]
    assert len(set(outlines)) == len(outlines)
    middle = [set(outline) for outline in outlines]
    shared = set.intersection(*middle)
    assert len(shared) <= 1, shared


@pytest.mark.parametrize("slug", STRATEGIES)
def test_strategy_is_in_search_index(built_site: Path, slug: str) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith(f"strategies/{slug}/")]
    assert any(STRATEGIES[slug].replace("'", "&#39;") in d["title"] or STRATEGIES[slug] in d["title"] for d in docs)
    text = " ".join(d["text"] for d in docs)
    assert len(text.split()) > 500


def test_home_page_starts_a_rejected_reader_somewhere(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    start = html.index('class="grid cards rebound-actions"')
    cards = html[start:html.index("<h2", start)]
    assert '<a href="strategies/dont-take-it-personally/"><strong>I just got a no</strong></a>' in cards
    assert '<a href="get-help/"><strong>I\'m struggling</strong></a>' in cards
    # Silence: the follow-up words first (issue 20), and from there the diagnosis guide.
    assert '<a href="what-to-say/follow-up-after-silence/"><strong>I keep getting silence</strong></a>' in cards
    follow_up = (built_site / "what-to-say" / "follow-up-after-silence" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../guides/why-it-isnt-working/"' in follow_up
    for slug in STRATEGIES:
        assert f'href="strategies/{slug}/"' in html
    assert 'href="what-to-say/"' in html and 'href="guides/"' in html


def test_404_page_exists(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "404" in html


def test_sitemap_lists_every_strategy(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for slug in STRATEGIES:
        assert f"/strategies/{slug}/</loc>" in sitemap


def test_footer_states_both_licences(built_site: Path) -> None:
    html = read(built_site, "about")
    footer = html[html.index("<footer"):html.index("</footer>")]
    assert "MIT" in footer and "CC BY 4.0" in footer
    assert 'href="https://github.com/rebound-hub/rebound/edit/main/content/about.md"' in html


def test_tags_index_lists_strategies(built_site: Path) -> None:
    html = read(built_site, "tags")
    assert "strategies/dont-take-it-personally/" in html


def test_no_page_asks_github_for_repository_facts(built_site: Path) -> None:
    # Material's "source" component fetches star and fork counts from api.github.com in the
    # reader's browser; overrides/partials/source.html renders no repository badge at all.
    pages = list(built_site.rglob("*.html"))
    assert pages
    assert [p for p in pages if 'data-md-component="source"' in p.read_text(encoding="utf-8")] == []
    # The repository is one click away for contributors, on the Contribute page, not in the header.
    assert 'href="https://github.com/rebound-hub/rebound"' in read(built_site, "contribute")
