"""The guidance pages (issue 13): every platform fact links its source with a date. Their
accessibility is checked by the audit (scripts/audit.py, AXE_ALSO), with the rest of the site's."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from rebound.devtools.project import ROOT

CONTENT = ROOT / "content"
# The money and safety guides (issue 20) cite platform rules and government advice; each source is
# the rule-maker's own page: its help centre, terms or official blog, or the government's own site.
MONEY_AND_SAFETY_GUIDES = ["pricing", "getting-paid", "scams-and-red-flags", "finding-work-off-platforms"]
OWN_SOURCES = ("https://support.upwork.com/", "https://www.upwork.com/info/terms/", "https://help.fiverr.com/",
               "https://community.fiverr.com/public/blogs/", "https://consumer.ftc.gov/", "https://consumer.gov/",
               "https://www.gov.uk/", "http://www.usa.gov/")




def test_every_source_on_the_platform_page_is_the_platforms_own_and_dated() -> None:
    text = (CONTENT / "guides" / "platform-realities.md").read_text(encoding="utf-8")
    sources = re.findall(r"Source: \[[^\]]+\]\((?P<url>[^)]+)\),?\s*\n?([^\n]*\n?[^\n]*?)Last checked: (\d{4}-\d{2}-\d{2})", text)
    assert len(sources) >= 10
    own = ("https://support.upwork.com/", "https://help.fiverr.com/", "https://help-pro.fiverr.com/",
           "https://www.linkedin.com/help/")
    assert [url for url, _, _ in sources if not url.startswith(own)] == []
    assert text.count("Source: [") == len(sources)


@pytest.mark.parametrize("slug", MONEY_AND_SAFETY_GUIDES)
def test_every_source_on_the_money_and_safety_guides_is_its_own_and_dated(slug: str) -> None:
    text = (CONTENT / "guides" / f"{slug}.md").read_text(encoding="utf-8")
    sources = re.findall(r"Source:\s*\[[^\]]+\]\((?P<url>[^)]+)\),?\s*([^\n]*\n?[^\n]*?)Last checked: (\d{4}-\d{2}-\d{2})", text)
    assert len(sources) >= 1
    assert text.count("Source:") == len(sources)
    assert [url for url, _, _ in sources if not url.startswith(OWN_SOURCES)] == []


def test_the_pricing_guide_gives_the_sites_one_answer_on_lowering_a_rate() -> None:
    # The same position as the What-to-say pages (issue 20): scope first, never below the floor.
    text = " ".join((CONTENT / "guides" / "pricing.md").read_text(encoding="utf-8").split())
    assert "Change the scope before you change your rate." in text
    assert "Lowering makes sense only above your floor, and for a reason you choose." in text


# Each crisis line on the help page, with the site of the service that runs it (issue 20). A number
# goes on the page only when it was found on that service's own pages.
CRISIS_LINES = {"116 123": "https://www.samaritans.org/", "0917 899 8727": "https://doh.gov.ph/"}


def crisis_list(text: str) -> list[str]:
    """The bullets of the "get help now" list on the help page, one string per bullet."""
    section = text[text.index("## If you might harm yourself"):text.index("## Signs of burnout")]
    return [" ".join(item.split()) for item in re.split(r"\n- ", section)[1:]]


def test_emergency_number_comes_first_on_the_help_page() -> None:
    items = crisis_list((CONTENT / "get-help.md").read_text(encoding="utf-8"))
    assert items[0].startswith("**Call your local emergency number**")


@pytest.mark.parametrize("number", CRISIS_LINES)
def test_each_crisis_line_links_its_own_service_with_a_date(number: str) -> None:
    items = [i for i in crisis_list((CONTENT / "get-help.md").read_text(encoding="utf-8")) if number in i]
    assert len(items) == 1
    assert f"]({CRISIS_LINES[number]}" in items[0]
    assert re.search(r"Last checked: \d{4}-\d{2}-\d{2}", items[0])


def test_the_help_page_sends_everyone_else_to_findahelpline_and_no_branch_news() -> None:
    text = (CONTENT / "get-help.md").read_text(encoding="utf-8")
    everyone_else = [i for i in crisis_list(text) if i.startswith("**Anywhere else")]
    assert len(everyone_else) == 1 and "](https://findahelpline.com/)" in everyone_else[0]
    assert "Last checked:" in everyone_else[0]
    # A local branch's seasonal news item isn't the service's own statement of its hours.
    assert "/branches/" not in text


def test_every_page_footer_links_get_help(built_site: Path) -> None:
    # The safety page is one click away from every page a reader can land on, 404 included.
    target = "https://example.org/rebound/get-help/"
    missing = []
    pages = sorted(p for p in built_site.rglob("*.html") if "<footer" in p.read_text(encoding="utf-8"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = html[html.index("<footer"): html.index("</footer>")]
        rel = path.relative_to(built_site).as_posix()
        page_url = "https://example.org/rebound/" + ("" if rel == "index.html" else rel.removesuffix("index.html"))
        hrefs = re.findall(r'<a [^>]*href="([^"]+)"', footer)
        absolute = {urljoin(page_url, h.replace("/rebound/", "https://example.org/rebound/", 1) if h.startswith("/rebound/") else h)
                    for h in hrefs}
        if target not in absolute:
            missing.append(rel)
    assert missing == []
