"""What a reader sees first: the home page's action cards, a header without contributor controls,
the footer's links, the navigation each page carries, and the tags a shared link shows."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
import pytest
import yaml

from rebound.devtools.project import ROOT

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_URL = CONFIG["site_url"]
ACTION_CARDS = {
    "I just got a no": "strategies/dont-take-it-personally/",
    "I keep getting silence": "what-to-say/follow-up-after-silence/",
    "I'm struggling": "get-help/",
    "Find free training this week": "events/",
}
FOOTER_LINKS = {"Need help now?": "get-help/", "About": "about/", "Contribute": "contribute/"}
SHARE_TAGS = ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def pages(site: Path) -> list[str]:
    """Every page's address relative to the site root ('' for home), 404.html aside."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if f == "." else f + "/" for f in found)


class MetaCollector(HTMLParser):
    """The page's <meta property|name=... content=...> tags."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta[key] = a.get("content", "")


def meta_of(site: Path, page: str) -> dict[str, str]:
    collector = MetaCollector()
    collector.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return collector.meta


def site_file(site: Path, url: str) -> Path:
    """The built file an absolute address under site_url points at."""
    assert url.startswith(SITE_URL), f"{url} is not under {SITE_URL}"
    path = site / urlsplit(url).path[len(urlsplit(SITE_URL).path):]
    return path / "index.html" if url.endswith("/") else path


# ----------------------------------------------------------------------------------------------
# Built HTML, read back.

def test_every_page_has_share_tags_that_resolve(built_site: Path) -> None:
    for page in pages(built_site):
        meta = meta_of(built_site, page)
        assert [t for t in SHARE_TAGS if not meta.get(t)] == [], page
        assert meta["og:description"] == meta["description"], page
        assert site_file(built_site, meta["og:image"]).is_file(), page
        assert meta["og:image"].endswith(".png") and meta["twitter:image"] == meta["og:image"]
        assert site_file(built_site, meta["og:url"]) == built_site / page / "index.html"


def test_share_title_is_the_page_title(built_site: Path) -> None:
    assert meta_of(built_site, "strategies/dont-take-it-personally/")["og:title"] == "Don't take rejection personally"
    assert meta_of(built_site, "")["og:title"] == "Rebound"


def test_the_share_image_is_a_1200_by_630_png(built_site: Path) -> None:
    data = (built_site / "assets" / "og-image.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)


def test_logo_and_favicon_are_our_own_svgs(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="assets/favicon.svg">' in html
    assert 'src="assets/logo.svg"' in html
    for name in ("logo.svg", "favicon.svg"):
        assert (built_site / "assets" / name).read_text(encoding="utf-8").startswith("<svg")


def test_each_page_suggests_a_change_at_its_end_not_with_a_pencil(built_site: Path) -> None:
    html = (built_site / "strategies" / "practise-your-skill" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    edit = 'href="https://github.com/rebound-hub/rebound/edit/main/content/strategies/practise-your-skill.md"'
    assert article.index(edit) > article.index("Related")  # at the end, after the page's own text
    assert "Suggest a change to this page" in article
    assert "md-content__button" not in html  # Material's edit pencil
    # A generated page has no file to edit, so no link to one.
    niche = (built_site / "niches" / "web-development" / "index.html").read_text(encoding="utf-8")
    assert "Suggest a change" not in niche


def test_pages_carry_only_their_own_section_of_the_nav(built_site: Path) -> None:
    html = (built_site / "strategies" / "practise-your-skill" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("<article")]
    for section in ("Start here", "Strategies", "Worksheets", "Free training", "Subscribe"):
        assert section in nav
    assert 'href="../keep-trying-keep-hope/"' in nav           # its own section, expanded
    assert "worksheets/rejection-debrief/" not in nav          # other sections pruned
    for contributor_page in ("Feed health", "Tags", "Contribute"):
        assert contributor_page not in nav


def test_contributor_pages_are_linked_from_the_contribute_page(built_site: Path) -> None:
    html = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    for target in ('href="../niches/health/"', 'href="../tags/"', 'href="https://github.com/rebound-hub/rebound"'):
        assert target in html
    assert (built_site / "niches" / "health" / "index.html").is_file()


def test_emoji_shortcodes_stay_text_and_icons_are_inlined() -> None:
    # Material's index would turn :smile: into an <img> from a CDN; ours keeps only bundled icons.
    assert "emoji_index: !!python/name:rebound.icons.material_icons_only" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    from material.extensions.emoji import to_svg

    from rebound.icons import material_icons_only

    html = markdown.markdown(":smile: :material-heart:", extensions=["pymdownx.emoji"], extension_configs={
        "pymdownx.emoji": {"emoji_index": material_icons_only, "emoji_generator": to_svg}})
    assert ":smile:" in html and "<img" not in html
    assert '<span class="twemoji"><svg' in html


# ----------------------------------------------------------------------------------------------
# In Chromium.

def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return [el.bounding_box() for el in page.query_selector_all(selector)]


@pytest.mark.browser
def test_action_cards_fit_in_the_first_screen_of_a_phone(chromium: Any, served_site: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site, wait_until="load")
    cards = page.query_selector_all(".rebound-actions li")
    assert len(cards) == len(ACTION_CARDS)
    for card, (label, target) in zip(cards, ACTION_CARDS.items()):
        box = card.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (label, box)
        assert box["width"] >= 0.8 * PHONE["width"]  # a big target, the width of the screen
        link = card.query_selector("a")
        assert link.inner_text().strip() == label
        assert urljoin(page.url, link.get_attribute("href")) == served_site + target
    # The whole card is the link: a tap near its bottom edge follows it.
    box = cards[0].bounding_box()
    page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 6)
    page.wait_for_url(served_site + ACTION_CARDS["I just got a no"])
    context.close()


# What the test below reads off each page. "Shown" is Playwright's is_visible: a box with a size and
# no visibility:hidden.
PAGE_LOOK = """() => {
    const shown = el => { const r = el.getBoundingClientRect();
                          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
    const header = document.querySelector('header.md-header');
    return {
        header: header.innerText.trim(),
        header_html: header.innerHTML.toLowerCase(),
        visible: ['.md-source', 'a[rel=edit] svg', '.md-content__button', '[data-md-component=source]']
            .filter(sel => [...document.querySelectorAll(sel)].some(shown)),
        footer: [...document.querySelectorAll('footer .rebound-footer a')].map(a => [a.innerText.trim(), a.href]),
    };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_no_page_shows_contributor_controls_and_every_footer_has_the_reader_links(
        chromium: Any, served_site: str, built_site: Path, viewport: dict[str, int]) -> None:
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    for path in pages(built_site):
        page.goto(served_site + path, wait_until="domcontentloaded")
        seen = page.evaluate(PAGE_LOOK)   # one round trip a page: about 70 pages, twice
        assert seen["header"], path
        assert seen["visible"] == [], (path, seen["visible"])
        assert "github" not in seen["header_html"], path
        footer = dict(seen["footer"])
        for label, target in FOOTER_LINKS.items():
            assert footer.get(label) == served_site + target, (path, label, footer)
        assert "CC BY 4.0" in footer
    context.close()
