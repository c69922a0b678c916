"""The audit's own parts (scripts/audit.py) and the markup repairs it led to (overrides/partials/)."""
from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_worksheets import WORKSHEETS

from rebound.devtools.browser import fill_every_field
from rebound.devtools.project import import_script

audit = import_script("audit")

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


def test_every_page_the_audit_runs_axe_on_is_built(built_site: Path) -> None:
    # A renamed page must not drop out of the accessibility check silently.
    assert [path for path in audit.AXE_ALSO if not (built_site / path / "index.html").is_file()] == []
    # Every worksheet is checked, found in the build rather than listed by hand.
    assert {p for p in audit.axe_also(built_site) if p.startswith("worksheets/")} == {
        f"worksheets/{slug}/" for slug in WORKSHEETS}


@pytest.mark.browser
def test_axe_sees_a_worksheet_filled_in(served_site: str, page) -> None:  # noqa: ANN001
    # The tracker's summary and weekly table appear only once rows are filled: axe must see them.
    page.goto(served_site + "worksheets/application-numbers-tracker/", wait_until="load")
    assert page.locator(".ws-weeks tbody tr").count() == 0
    fill_every_field(page)   # no waiting here: the rows must be there when it returns
    assert page.evaluate("document.querySelectorAll('.ws-weeks tbody tr').length") > 0
    assert page.evaluate("document.querySelector('.ws-tracker-summary').textContent") != ""
    # Only the week cell labels its row (axe's scope-attr-valid: no scope on a data cell).
    assert page.evaluate("document.querySelectorAll('.ws-weeks td[scope]').length") == 0
    assert page.evaluate("document.querySelectorAll('.ws-weeks tbody th[scope=row]').length") > 0


def test_server_gzips_under_the_base_path_and_answers_404(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with audit.serve_site(site) as server:
        base = server.url(audit.BASE_PATH)
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


def test_material_partials_are_repaired_on_every_built_page(built_site: Path) -> None:
    # overrides/partials/: each section nav is labelled by its title, the search dialog and the tag
    # list are named, and a toc title points at a __toc control only where the page has one.
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for nav, path in re.findall(r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby="(__nav[\w]*)_\w+")', html):
            assert nav.endswith(f'{path}_title"') and f'id="{path}_title"' in html, page
        if 'role="dialog"' in html:
            assert 'role="dialog" aria-label="Search"' in html, page
        if 'for="__toc"' in html:
            assert 'id="__toc"' in html, page
    strategies = (built_site / "strategies" / "index.html").read_text(encoding="utf-8")
    assert 'aria-labelledby="__nav_2_title"' in strategies and 'for="__toc"' not in strategies


@pytest.mark.browser
def test_search_driver_reads_the_real_search_box(served_site: str, page) -> None:
    audit.open_search(page, served_site)
    top = audit.search_top(page, "motivation")
    assert top and top[0] == "strategies/keep-trying-keep-hope/"
    # The next query in the same box gives its own results, not the last query's.
    assert audit.search_top(page, "ask client for feedback")[0] == "what-to-say/ask-for-feedback/"
    assert audit.search_top(page, "motivation") == top


def lighthouse_report(scores: dict[str, float], tbt: float = 50.0, broken: bool = False) -> dict:
    audits = {"total-blocking-time": {"id": "total-blocking-time", "score": 1, "numericValue": tbt},
              "color-contrast": {"id": "color-contrast", "score": scores["accessibility"] / 100}}
    if broken:
        audits["render-blocking-resources"] = {"id": "render-blocking-resources", "score": None,
                                               "scoreDisplayMode": "error", "errorMessage": "gatherer failed"}
    refs = {"accessibility": [{"id": "color-contrast", "weight": 1}]}
    return {"audits": audits, "categories": {
        k: {"score": v / 100, "auditRefs": refs.get(k, [])} for k, v in scores.items()}}


def test_lighthouse_gates_use_the_median_and_never_the_performance_score() -> None:
    good = {"performance": 60, "accessibility": 100, "best-practices": 100, "seo": 100}
    runs = [audit.read_lighthouse_report(lighthouse_report({**good, "performance": p}, tbt=t, broken=True))
            for p, t in ((60, 2800), (99, 40), (97, 120))]
    summary = audit.LighthouseSummary("", runs)
    assert audit.lighthouse_misses(summary) == []          # a slow, busy run fails nothing
    assert summary.score("performance") == audit.Spread(97, 60, 99)
    assert summary.metric("tbt") == audit.Spread(120, 40, 2800)
    assert summary.broken_audits == ["render-blocking-resources: gatherer failed"]
    worse = [audit.read_lighthouse_report(lighthouse_report({**good, "accessibility": 90})) for _ in range(2)]
    misses = audit.lighthouse_misses(audit.LighthouseSummary("x/", [*worse, runs[0]]))
    assert misses == ["lighthouse accessibility on /rebound/x/: median 90 < 100 (color-contrast (0.9))"]


def test_a_lighthouse_that_cannot_run_is_a_miss_not_a_silent_skip(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(audit, "LIGHTHOUSE", tmp_path / "no-such-lighthouse")
    run, = audit.run_lighthouse_batch(["http://127.0.0.1:9/"], tmp_path)
    assert "did not run" in run.error
    misses = audit.lighthouse_misses(audit.LighthouseSummary("", [run]))
    assert misses[0].startswith("lighthouse on /rebound/: Lighthouse did not run")
    assert any("accessibility" in m and "no score" in m for m in misses)


def test_one_failed_lighthouse_run_is_named_and_the_others_are_read(tmp_path: Path, monkeypatch) -> None:
    # The runner's contract (scripts/lighthouse_runs.mjs): one file per run, a report or {"error"}.
    good = lighthouse_report({"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100})
    runner = tmp_path / "runner.mjs"
    runner.write_text(
        'import { readFileSync, writeFileSync } from "node:fs";\n'
        'const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));\n'
        'writeFileSync(plan.runs[0].out, JSON.stringify({error: "Chromium crashed on " + plan.runs[0].url}));\n'
        f'writeFileSync(plan.runs[1].out, JSON.stringify({json.dumps(good)}));\n', encoding="utf-8")
    monkeypatch.setattr(audit, "LIGHTHOUSE_RUNNER", runner)
    monkeypatch.setattr(audit, "LIGHTHOUSE", tmp_path)   # "installed"
    first, second = audit.run_lighthouse_batch(["http://127.0.0.1:9/a/", "http://127.0.0.1:9/b/"], tmp_path)
    assert first.error == "Lighthouse failed: Chromium crashed on http://127.0.0.1:9/a/"
    assert second.error == "" and second.scores["performance"] == 98


def test_load_budgets_name_the_page_the_budget_and_failed_requests() -> None:
    load = audit.PageLoad("home", "", [
        {"path": "", "bytes": 150_000, "status": 200},
        {"path": "assets/big.js", "bytes": 70_000, "status": 200},
        {"path": "assets/gone.css", "bytes": 100, "status": 404},
    ])
    assert audit.load_misses(load) == [
        "transferred of /rebound/: 214.9 KB (budget 200.0 KB)",
        "script of /rebound/: 68.4 KB (budget 60.0 KB)",
        "request from /rebound/ failed: assets/gone.css (404)",
    ]


@pytest.mark.browser
def test_pages_load_the_search_index_only_once_search_is_used(built_site: Path, chromium) -> None:  # noqa: ANN001
    with audit.serve_site(built_site) as server:
        base = server.url(audit.BASE_PATH)
        load = audit.measure_load(chromium, server, audit.AuditPage("strategy", "strategies/dont-take-it-personally/"))
        paths = [r["path"] for r in load.requests]
        assert any("javascripts/bundle." in p for p in paths)   # Material's script did load
        assert "search/search_index.json" not in paths
        # The real search box still finds pages: the index loads on first use. (The service worker's
        # offline copy fetches it once more, after load; test_offline_browser.py covers that.)
        context = chromium.new_context(service_workers="block")
        try:
            page = context.new_page()
            server.served.clear()
            audit.open_search(page, base)
            assert audit.search_top(page, "motivation")[0] == "strategies/keep-trying-keep-hope/"
            assert audit.search_top(page, "lowball offer")[0] == "what-to-say/answer-a-lowball-offer/"
            # Fetched once, on first use, for both searches.
            assert [p for p, _, _ in server.served].count(audit.BASE_PATH + "search/search_index.json") == 1
        finally:
            context.close()
