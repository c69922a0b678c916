"""A viewed page loads nothing from a third party: no fonts, CDNs, trackers or embeds."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
# These <link> relations name a resource; browsers do not fetch them when showing the page.
NOT_FETCHED_RELS = {"canonical", "alternate", "license", "author", "me"}


def site_host() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return urlsplit(config["site_url"]).netloc


class ResourceCollector(HTMLParser):
    """Collects every address a browser would fetch while showing a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and not set(a.get("rel", "").split()) & NOT_FETCHED_RELS:
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
            self.urls.append(a.get("src", ""))
            self.urls.extend(part.split()[0] for part in a.get("srcset", "").split(",") if part.strip())
        elif tag == "object":
            self.urls.append(a.get("data", ""))
        self.urls.extend(CSS_URL.findall(a.get("style", "")))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(CSS_URL.findall(data))


def is_third_party(url: str, own_host: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in {"", "data", "blob"} and not url.strip().startswith("//"):
        return False
    return parts.netloc != own_host


def test_no_page_loads_third_party_resources(built_site: Path) -> None:
    own = site_host()
    offenders = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(built_site)}: {u}" for u in collector.urls if u and is_third_party(u, own)]
    for sheet in built_site.rglob("*.css"):
        urls = CSS_URL.findall(sheet.read_text(encoding="utf-8"))
        offenders += [f"{sheet.relative_to(built_site)}: {u}" for u in urls if is_third_party(u, own)]
    assert offenders == []


def test_collector_catches_the_usual_suspects() -> None:
    collector = ResourceCollector()
    collector.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script><img src="https://t.example/p.gif">'
        '<iframe src="https://www.youtube.com/embed/x"></iframe>'
        "<style>@font-face{src:url(https://fonts.gstatic.com/a.woff2)}</style>"
        '<link rel="canonical" href="https://elsewhere.example/">'
    )
    third = [u for u in collector.urls if is_third_party(u, "rebound-hub.github.io")]
    assert len(third) == 5
