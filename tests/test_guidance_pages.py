"""The guidance pages (issue 13): every platform fact links its source with a date. Their
accessibility is checked by the audit (scripts/audit.py, AXE_ALSO), with the rest of the site's."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from rebound.devtools.project import ROOT

CONTENT = ROOT / "content"


def test_every_source_on_the_platform_page_is_the_platforms_own_and_dated() -> None:
    text = (CONTENT / "guides" / "platform-realities.md").read_text(encoding="utf-8")
    sources = re.findall(r"Source: \[[^\]]+\]\((?P<url>[^)]+)\),?\s*\n?([^\n]*\n?[^\n]*?)Last checked: (\d{4}-\d{2}-\d{2})", text)
    assert len(sources) >= 10
    own = ("https://support.upwork.com/", "https://help.fiverr.com/", "https://help-pro.fiverr.com/",
           "https://www.linkedin.com/help/")
    assert [url for url, _, _ in sources if not url.startswith(own)] == []
    assert text.count("Source: [") == len(sources)


def test_crisis_lines_are_linked_to_their_own_pages() -> None:
    text = (CONTENT / "get-help.md").read_text(encoding="utf-8")
    assert "116 123" in text and "https://www.samaritans.org/" in text
    assert "https://findahelpline.com/" in text
    assert "Last checked: 2026-12-01" in text


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
