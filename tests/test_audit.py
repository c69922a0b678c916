"""The audit's own parts (scripts/audit.py) and the markup repairs it led to (rebound.markup)."""
from __future__ import annotations

import gzip
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import audit  # noqa: E402

from rebound.markup import fix_material_markup  # noqa: E402

PAGE = """<!doctype html><html><body><h2 id="steps">Steps</h2>
<a href="../other/">ok</a> <a href="../other/#why">anchor ok</a> <a href="#steps">self anchor</a>
<a href="../other/#nowhere">bad anchor</a> <a href="../gone/">gone</a>
<a href="https://example.org/x">external</a> <a href="javascript:void(0)">share</a>
<img src="../assets/logo.svg"></body></html>"""


def make_site(root: Path) -> Path:
    (root / "page").mkdir(parents=True)
    (root / "other").mkdir()
    (root / "assets").mkdir()
    (root / "index.html").write_text('<a href="page/">page</a>', encoding="utf-8")
    (root / "page" / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "other" / "index.html").write_text('<h2 id="why">Why</h2>', encoding="utf-8")
    (root / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (root / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    return root


def test_link_check_finds_missing_pages_and_anchors_and_lists_externals(tmp_path: Path) -> None:
    report = audit.check_links(make_site(tmp_path))
    assert report.pages == 4
    assert sorted(b.split(": ", 1)[1] for b in report.broken) == [
        "../gone/ -> no such file",
        "../other/#nowhere -> no id 'nowhere' on that page",
    ]
    assert list(report.external) == ["https://example.org/x"]


def test_link_check_passes_the_real_site(built_site: Path) -> None:
    report = audit.check_links(built_site)
    assert report.broken == []
    assert report.internal > 100


def test_server_gzips_under_the_base_path_and_answers_404(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with audit.serve_site(site) as base:
        assert base.endswith("/rebound/")
        request = urllib.request.Request(base + "page/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == PAGE
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "nothing/")
        assert missing.value.code == 404 and b"404" in missing.value.read()


def test_pick_pages_names_a_fallback_when_a_section_has_no_pages(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    pages = {p.role: p for p in audit.pick_pages(site)}
    assert pages["home"].path == ""
    assert pages["worksheet"].path == "worksheets/" and "no worksheet page" in pages["worksheet"].note


def test_vnu_allowlist_matches_only_materials_markup() -> None:
    message = "Attribute “autocomplete” is only allowed when the input type is “color”, …"
    material = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ours = '<input type="checkbox" id="agree" autocomplete="off">'
    assert audit.is_allowlisted({"message": message, "extract": material})
    assert not audit.is_allowlisted({"message": message, "extract": ours})


def test_every_landmark_on_the_real_site_has_a_name(built_site: Path) -> None:
    unnamed = []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for tag in re.findall(r"<nav\b[^>]*>|<[^>]+role=\"dialog\"[^>]*>", html):
            label = re.search(r'aria-labelledby="([^"]+)"', tag)
            if "aria-label=" not in tag and not (label and label[1] in ids):
                unnamed.append(f"{page.relative_to(built_site)}: {tag}")
        assert 'tabindex=""' not in html, page
    assert unnamed == []


def test_markup_repair_labels_a_section_nav_by_its_title() -> None:
    material = ('<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" aria-expanded="true">\n'
                '  <label class="md-nav__title" for="__nav_2">Strategies</label>')
    fixed = fix_material_markup(material)
    assert 'aria-labelledby="__nav_2_title"' in fixed
    assert '<label class="md-nav__title" id="__nav_2_title" for="__nav_2">' in fixed


@pytest.mark.browser
def test_search_driver_reads_the_real_search_box(served_site: str, page) -> None:
    top = audit.search_top(page, served_site, "motivation")
    assert top and top[0] == "strategies/keep-trying-keep-hope/"
