"""What a reader gets: Lighthouse, page weight, axe-core, HTML validity, links and search.

Run it with `make audit` (which builds the site first), or on any built site:

    python scripts/audit.py --site site [--json audit.json] [--skip lighthouse,vnu]

LIGHTHOUSE_RUNS (default 3) sets how many Lighthouse runs each page gets.

The site is served on 127.0.0.1 under the path of `site_url` (/rebound/), gzip-compressed as a
real host would send it, and every check runs against that server in Debian's Chromium. The
script prints one table per check, then every goal that was missed, and exits 1 if any was.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from rebound.devtools.browser import CHROMIUM_ARGS, fill_every_field  # one set of Chromium flags for the tests and the audit
from rebound.devtools.feeds_server import FeedServer, serve
from rebound.devtools.project import ROOT
from rebound.page_types import load_page_types
from rebound.yaml_marks import YamlError, load_mkdocs_config, load_yaml

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"
LIGHTHOUSE_RUNNER = ROOT / "scripts" / "lighthouse_runs.mjs"   # many runs, one Node process
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Lighthouse starts Chromium itself: the same flags (no sandbox as root, nothing that phones home
# while we measure), headless.
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]


def read_site_url() -> tuple[str, str]:
    """The host and path of site_url: the site is served under that path (404.html links to it)."""
    config = load_mkdocs_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    parts = urlsplit(config["site_url"])
    return parts.netloc, parts.path if parts.path.endswith("/") else parts.path + "/"


SITE_HOST, BASE_PATH = read_site_url()

# Gates: what decides whether a change lands. Each depends only on the commit, not on how busy the
# machine is (issue 10): bytes and requests a page loads, Lighthouse's accessibility, best-practices
# and SEO scores, axe, vnu, links and search. Lighthouse performance and its lab metrics (FCP, LCP,
# TBT) swing by 20+ points on identical files on a busy 2-core machine, so they are measured (median
# of several runs, with min and max), printed and written to the JSON report, and never fail a run.
LIGHTHOUSE_GATES = {"accessibility": 100, "best-practices": 95, "seo": 95}
PERFORMANCE_TARGET = 95   # reported beside the median; a target, not a gate
LAB_METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint", "tbt": "total-blocking-time"}
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# One Lighthouse run takes about 12 s here: it runs on the four main page types; every page type
# (subscribe, events too) gets the load budgets, axe, vnu and the link check.
LIGHTHOUSE_PAGES = {"home", "strategy", "worksheet", "niche"}
WEIGHT_GOAL_BYTES = 200 * 1024
# The whole site for offline reading, fetched once per reader and build by the service worker
# (issue 21); pages' own figures leave it out. About 20 of today's pages, gzip as sent.
OFFLINE_COPY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """What one page type may load: gzip bytes as sent, requests until the network is idle."""

    total: int = WEIGHT_GOAL_BYTES
    requests: int = 14
    script: int = 60 * 1024
    style: int = 35 * 1024


# Material's bundle (about 45 KB gzip) and stylesheets (about 20 KB) are on every page; a worksheet
# adds its own script and styles. The budgets leave room for small additions, not for a library.
BUDGETS = {
    "worksheet": Budget(script=80 * 1024, style=40 * 1024),
}
DEFAULT_BUDGET = Budget()
# The search suite: questions as a rejected freelancer would type them, each with the page that
# must come back in the top three results of the real search box (scripts/search_questions.yml).
SEARCH_QUESTIONS = ROOT / "scripts" / "search_questions.yml"
SEARCH_TOP = 3


@dataclass(frozen=True)
class SearchQuestion:
    """One question and the pages that answer it (``x/*``: ``x/`` or any page under it)."""

    query: str
    pages: tuple[str, ...]
    line: int
    pending: bool = False   # its page is being written on another branch: skipped until built

    def is_answered_by(self, path: str) -> bool:
        return any(path.startswith(page[:-1]) if page.endswith("*") else path == page for page in self.pages)

    def is_built(self, site: Path) -> bool:
        """Whether the site holds any page that answers it."""
        return any((site / page.rstrip("*") / "index.html").is_file() for page in self.pages)


def load_search_questions(path: Path = SEARCH_QUESTIONS) -> list[SearchQuestion]:
    """The suite, ``questions`` then ``pending``; a malformed entry is a clear error naming its line."""
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        raise SystemExit(f"{path}:{exc.line}: {exc.problem}") from None
    questions = []
    for group in ("questions", "pending"):
        for i, item in enumerate((doc.data or {}).get(group) or []):
            line = doc.line_of((group, i))
            pages = item.get("page") if isinstance(item, dict) else None
            pages = [pages] if isinstance(pages, str) else pages
            if not (isinstance(item.get("q") if isinstance(item, dict) else None, str) and pages
                    and all(isinstance(p, str) for p in pages)):
                raise SystemExit(f"{path}:{line}: each question needs q: (the text) and page: (a page or a list)")
            if any(q.query == item["q"] for q in questions):
                raise SystemExit(f"{path}:{line}: the question {item['q']!r} is in the suite twice")
            questions.append(SearchQuestion(item["q"], tuple(pages), line, pending=group == "pending"))
    return questions

# Nu HTML Checker errors that Material for MkDocs' own templates produce and that we cannot fix
# without changing its behaviour (overrides/partials/ repair the others). Each entry matches the
# message AND the offending markup, so the same mistake in our own content is still reported.
VNU_ALLOWLIST = [
    # base.html: the hidden drawer/search toggles are checkboxes with autocomplete="off" (to stop
    # Firefox restoring their state on back/forward); the attribute is only valid on text-like inputs.
    (r"^Attribute “autocomplete” is only allowed when the input type is",
     r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'),
]


# ----------------------------------------------------------------------------------------------
# Serving the built site the way a host would: under /rebound/, gzip, 404.html for misses.

@contextmanager
def serve_site(site: Path) -> Iterator[FeedServer]:
    """Serve ``site`` under BASE_PATH on a free 127.0.0.1 port (the tests' server, rebound.devtools)."""
    with serve(directory=site, base_path=BASE_PATH) as server:
        yield server


# ----------------------------------------------------------------------------------------------
# Which pages: home, a strategy, a worksheet, a niche page.

@dataclass
class AuditPage:
    role: str
    path: str       # site-relative, e.g. "strategies/dont-take-it-personally/"
    note: str = ""


# axe-core also runs on these (all of the site's accessibility checks live in this audit): the guidance
# pages carry copy buttons, tables and callouts that their type's example above does not.
AXE_ALSO = ("what-to-say/", "what-to-say/ask-for-feedback/", "guides/platform-realities/", "guides/money-runway/",
            "strategies/reflect-on-the-interview/",
            "guides/thinking-traps/", "get-help/", "stories/",
            # Issue 20: the money, client and safety pages.
            "guides/pricing/", "guides/getting-paid/", "guides/scams-and-red-flags/",
            "guides/finding-work-off-platforms/", "guides/changing-niche/",
            "what-to-say/chase-a-late-payment/", "what-to-say/client-went-silent-after-delivery/",
            "what-to-say/raise-your-rate/", "what-to-say/turn-down-unpaid-work/", "what-to-say/ask-for-a-referral/")


def axe_also(site: Path) -> list[str]:
    """The built pages axe checks besides the audited ones: `AXE_ALSO` and every worksheet."""
    worksheets = sorted(f"worksheets/{p.parent.name}/" for p in (site / "worksheets").glob("*/index.html"))
    return [path for path in (*AXE_ALSO, *worksheets) if (site / path / "index.html").is_file()]


def pick_pages(site: Path) -> list[AuditPage]:
    """One page of each type, discovered from the built site."""
    pages = [AuditPage("home", "")]
    # The page types of the page-type table the audit measures, each at its example page.
    audited = [(t.name, str(t.folder), t.audit_example) for t in load_page_types() if t.audit_example is not None]
    for role, section, preferred in audited:
        found = sorted(p.parent.name for p in (site / section).glob("*/index.html"))
        if preferred in found:
            pages.append(AuditPage(role, f"{section}/{preferred}/"))
        elif found:
            pages.append(AuditPage(role, f"{section}/{found[0]}/"))
        else:
            pages.append(AuditPage(role, f"{section}/", note=f"no {role} page built yet: audited the section index"))
    # Single pages with a type of their own, when the site has them.
    pages += [AuditPage(role, f"{role}/") for role in ("subscribe", "events") if (site / role / "index.html").is_file()]
    return pages


# ----------------------------------------------------------------------------------------------
# Lighthouse (mobile, simulated throttling: its defaults) and page weight.

@dataclass
class LighthouseRun:
    """One Lighthouse run of one page: category scores, lab metrics, and audits that could not run."""

    scores: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)   # milliseconds (fcp, lcp, tbt)
    lost: dict[str, list[str]] = field(default_factory=dict)  # weighted audits that cost points
    broken_audits: list[str] = field(default_factory=list)    # Lighthouse audits that errored
    error: str = ""


def run_lighthouse_batch(urls: Sequence[str], workdir: Path) -> list[LighthouseRun]:
    """One Lighthouse run per URL, in order, from one Node process (scripts/lighthouse_runs.mjs).

    Every run gets a fresh Chromium; a run that fails says why in its ``error`` and the others go on.
    """
    if not LIGHTHOUSE.is_dir():
        return [LighthouseRun(error=f"Lighthouse did not run: not installed at {LIGHTHOUSE} (npm ci)") for _ in urls]
    outs = [workdir / f"lighthouse-run-{i}.json" for i in range(len(urls))]
    for out in outs:
        out.unlink(missing_ok=True)
    plan = workdir / "lighthouse-plan.json"
    plan.write_text(json.dumps({
        "chromePath": CHROMIUM, "chromeFlags": CHROME_FLAGS, "categories": ["performance", *LIGHTHOUSE_GATES],
        "runs": [{"url": url, "out": str(out)} for url, out in zip(urls, outs)],
    }), encoding="utf-8")
    try:
        proc = subprocess.run(["node", str(LIGHTHOUSE_RUNNER), str(plan)], capture_output=True, text=True,
                              timeout=240 * max(1, len(urls)))
        failure = "" if proc.returncode == 0 else "Lighthouse failed: " + (proc.stderr or proc.stdout).strip()[-800:]
    except (OSError, subprocess.TimeoutExpired) as exc:
        failure = f"Lighthouse did not run: {exc}"
    runs = []
    for out in outs:
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            runs.append(LighthouseRun(error=failure or "Lighthouse wrote no report"))
            continue
        if "error" in report:
            runs.append(LighthouseRun(error="Lighthouse failed: " + report["error"][-800:]))
        else:
            runs.append(read_lighthouse_report(report))
    return runs


def read_lighthouse_report(report: dict) -> LighthouseRun:
    """The figures of one Lighthouse JSON report."""
    run = LighthouseRun()
    if report.get("runtimeError"):
        run.error = f"Lighthouse runtime error: {report['runtimeError'].get('message', '')}"
    audits = report["audits"]
    for key, category in report["categories"].items():
        if category["score"] is not None:
            run.scores[key] = round(category["score"] * 100)
        run.lost[key] = [
            f"{a['id']} ({a['score']})" for ref in category["auditRefs"]
            if ref.get("weight") and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1
        ]
    for name, audit_id in LAB_METRICS.items():
        value = audits.get(audit_id, {}).get("numericValue")
        if value is not None:
            run.metrics[name] = float(value)
    run.broken_audits = sorted(
        f"{a['id']}: {(a.get('errorMessage') or 'no reason given').strip()[:160]}"
        for a in audits.values() if a.get("scoreDisplayMode") == "error")
    return run


@dataclass
class Spread:
    median: float
    low: float
    high: float

    def show(self, unit: str = "") -> str:
        return f"{self.median:.0f}{unit} ({self.low:.0f}-{self.high:.0f})"


def spread(values: Sequence[float]) -> Spread | None:
    return Spread(statistics.median(values), min(values), max(values)) if values else None


@dataclass
class LighthouseSummary:
    """Several runs of one page: the median of each score and metric, with min and max."""

    page: str
    runs: list[LighthouseRun]

    def score(self, key: str) -> Spread | None:
        return spread([r.scores[key] for r in self.runs if key in r.scores])

    def metric(self, name: str) -> Spread | None:
        return spread([r.metrics[name] for r in self.runs if name in r.metrics])

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.runs if r.error]

    @property
    def broken_audits(self) -> list[str]:
        return sorted({b for r in self.runs for b in r.broken_audits})

    def as_json(self) -> dict:
        return {
            "page": self.page,
            "runs": [asdict(r) for r in self.runs],
            "scores": {k: asdict(v) for k in ("performance", *LIGHTHOUSE_GATES) if (v := self.score(k))},
            "metrics_ms": {k: asdict(v) for k in LAB_METRICS if (v := self.metric(k))},
            "broken_audits": self.broken_audits,
        }


def lighthouse_misses(summary: LighthouseSummary) -> list[str]:
    """The gates a page missed: the median of each gated category, and Lighthouse failing to run."""
    misses = [f"lighthouse on /rebound/{summary.page}: {e}" for e in summary.errors]
    for key, goal in LIGHTHOUSE_GATES.items():
        score = summary.score(key)
        if score is None:
            misses.append(f"lighthouse {key} on /rebound/{summary.page}: no score in {len(summary.runs)} run(s)")
        elif score.median < goal:
            lost = sorted({x for r in summary.runs for x in r.lost.get(key, [])})
            misses.append(f"lighthouse {key} on /rebound/{summary.page}: median {score.median:.0f} < {goal}"
                          f" ({', '.join(lost)})")
    return misses


# ----------------------------------------------------------------------------------------------
# What each page loads, measured in Chromium: bytes as sent (gzip), requests, script and style.

@dataclass
class PageLoad:
    role: str
    page: str
    requests: list[dict] = field(default_factory=list)   # {"path", "bytes", "status"}, as the server saw them

    def total(self, suffix: str | None = None) -> int:
        return sum(r["bytes"] for r in self.requests if suffix is None or r["path"].endswith(suffix))


def measure_load(browser, server: FeedServer, audited: AuditPage) -> PageLoad:
    """Open a page with an empty cache; record what reached the server until the network is idle.

    Counted at the server (``server.served``), not from the browser's timing data: the same files give
    the same figures, whatever the machine's load, and a cache hit is not counted as a request.
    """
    load = PageLoad(audited.role, audited.path)
    # The service worker's one-time offline copy of the site is not this page's weight: it is
    # measured once, on its own (offline_copy_bytes), and left out of every page's figures.
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        server.served.clear()
        context.new_page().goto(server.url(BASE_PATH) + audited.path, wait_until="networkidle")
        load.requests = [{"path": path.removeprefix(BASE_PATH), "bytes": size, "status": status}
                         for path, size, status in list(server.served)]
    finally:
        context.close()
    return load


def measure_offline_copy(browser, server: FeedServer) -> PageLoad:
    """What the first visit downloads in all, the service worker's offline copy of the site included."""
    load = PageLoad("offline", "")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        server.served.clear()
        page = context.new_page()
        page.goto(server.url(BASE_PATH), wait_until="networkidle")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60000)
        page.wait_for_load_state("networkidle")
        load.requests = [{"path": path.removeprefix(BASE_PATH), "bytes": size, "status": status}
                         for path, size, status in list(server.served)]
    finally:
        context.close()
    return load


def load_misses(load: PageLoad) -> list[str]:
    """The budgets a page's load missed, and any request that failed."""
    budget = BUDGETS.get(load.role, DEFAULT_BUDGET)
    where = f"/rebound/{load.page}"
    checks = [
        ("transferred", load.total(), budget.total),
        ("script", load.total(".js"), budget.script),
        ("style", load.total(".css"), budget.style),
    ]
    misses = [f"{what} of {where}: {fmt_kb(got)} (budget {fmt_kb(limit)})" for what, got, limit in checks if got > limit]
    if len(load.requests) > budget.requests:
        misses.append(f"requests of {where}: {len(load.requests)} (budget {budget.requests})")
    misses += [f"request from {where} failed: {r['path']} ({r['status'] or 'no response'})"
               for r in load.requests if not 200 <= r["status"] < 400]
    return misses


# ----------------------------------------------------------------------------------------------
# Browser checks: axe-core on each page, the real Material search box.

def launch_browser(playwright):
    """Debian's Chromium, headless; raise a clear error when it is missing."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"audit: Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# Each page once in each colour scheme, the light one on a phone and the dark one on a laptop, so
# both widths and both schemes are covered without checking every page four times.
AXE_PASSES = (("light", {"width": 390, "height": 844}), ("dark", {"width": 1280, "height": 900}))


def run_axe(browser, base: str, pages: list[AuditPage]) -> dict[str, list[str]]:
    """axe-core's violations (rule id, impact, count of nodes) per page, in each of `AXE_PASSES`.

    Worksheets are checked filled in, so the tracker's table, chart and advice are checked too.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: dict[str, list[str]] = {}
    for scheme, viewport in AXE_PASSES:
        context = browser.new_context(color_scheme=scheme, viewport=viewport)
        page = context.new_page()
        for audited in pages:
            page.goto(base + audited.path, wait_until="load")
            fill_every_field(page)   # a page without a worksheet is left as it is
            results = axe.run(page)
            for v in results.response["violations"]:
                found.setdefault(audited.path or "(home)", []).append(
                    f"{v['id']} [{v['impact']}, {scheme}, {viewport['width']} px] x{len(v['nodes'])}: "
                    + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                                for n in v["nodes"][:3]))
        context.close()
    return found


def open_search(page, base: str) -> None:
    """Open ``base`` and focus Material's search box (its index loads on first use)."""
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    if not box.is_visible():   # narrow screens hide the box behind the magnifier icon
        page.click("label.md-search__icon")
    box.click()


def search_top(page, query: str) -> list[str]:
    """Put ``query`` in the open search box (see `open_search`); return the site paths of the first results."""
    box = page.locator("input.md-search__input")
    items = page.locator("ol.md-search-result__list > li.md-search-result__item")
    # Material reads the box on keyup. Empty it first and wait for the last query's results to
    # go, so the results read below can only be this query's.
    box.fill("")
    box.press("End")
    items.first.wait_for(state="detached", timeout=15_000)
    box.fill(query)
    box.press("End")
    try:
        items.first.wait_for(state="attached", timeout=15_000)
    except Exception:  # noqa: BLE001 - no result at all is an answer, not a crash
        return []
    # Material empties the list and appends the first ten results in one task (its search result
    # component, 9.x), so once one is attached the top ten are there: no settling wait is needed.
    # One <li> per page; its first link is the page (or its best-matching section).
    hrefs = page.eval_on_selector_all(
        "ol.md-search-result__list > li.md-search-result__item",
        "items => items.map(li => li.querySelector('a.md-search-result__link').href)")
    prefix = urlsplit(page.url).path
    paths = []
    for href in hrefs[:SEARCH_TOP]:
        path = urlsplit(href).path
        paths.append(path[len(prefix):] if path.startswith(prefix) else path)
    return paths


def run_searches(browser, base: str, questions: Sequence[SearchQuestion]) -> dict[str, tuple[bool, list[str]]]:
    """Each question's top results and whether a page that answers it is among them (one page, one query after another)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_search(page, base)
    results = {}
    for question in questions:
        top = search_top(page, question.query)
        results[question.query] = (any(question.is_answered_by(p) for p in top), top)
    context.close()
    return results


def report_searches(browser, base: str, site: Path, figures: dict) -> list[str]:
    """Run the search suite; print one row per question (pending ones whose page isn't built are skipped)."""
    questions = load_search_questions()
    asked = [q for q in questions if not q.pending or q.is_built(site)]
    skipped = [q for q in questions if q not in asked]
    results = run_searches(browser, base, asked)
    figures["search"] = {q: {"ok": ok, "top": top} for q, (ok, top) in results.items()}
    figures["search_skipped"] = [q.query for q in skipped]
    print(f"Search (the real Material search box; an expected page in the top {SEARCH_TOP}; "
          f"{len(asked)} questions, {len(skipped)} pending ones skipped):")
    rows = [[f'"{q.query}"', "ok" if results[q.query][0] else "MISSED", ", ".join(q.pages),
             ", ".join(results[q.query][1]) or "(no results)"] for q in asked]
    rows += [[f'"{q.query}"', "skipped", ", ".join(q.pages), "(page not built yet)"] for q in skipped]
    print_table(rows, ["question", "result", "expected", "top results"])
    print()
    by_query = {q.query: q for q in asked}
    return [f'search "{query}" ({SEARCH_QUESTIONS.name}:{by_query[query].line}): expected '
            f'{" or ".join(by_query[query].pages)} in the top {SEARCH_TOP}, got {top}'
            for query, (ok, top) in results.items() if not ok]


# ----------------------------------------------------------------------------------------------
# HTML validity with the Nu HTML Checker.

def is_allowlisted(message: dict) -> bool:
    """Whether a vnu message is one of Material's own, documented in VNU_ALLOWLIST."""
    return any(re.search(msg, message.get("message", "")) and re.search(markup, message.get("extract", ""))
               for msg, markup in VNU_ALLOWLIST)


def run_vnu(site: Path) -> tuple[list[str], int]:
    """Errors the Nu HTML Checker reports on every built page, minus the allowlist (and its count)."""
    if shutil.which("java") is None:
        return ["java not found: the Nu HTML Checker needs a Java runtime (apt-get install default-jre-headless)"], 0
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(proc.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [f"vnu did not run: {proc.stderr.strip()[-500:]}"], 0
    errors, allowed = [], 0
    for m in messages:
        if m.get("type") not in {"error", "non-document-error"}:
            continue
        if is_allowlisted(m):
            allowed += 1
            continue
        where = m.get("url", "").removeprefix("file:").removeprefix(str(site.resolve()) + "/")
        errors.append(f"{where}:{m.get('lastLine', '?')}: {m['message']}")
    return errors, allowed


# ----------------------------------------------------------------------------------------------
# Link check over the whole site: every internal link and anchor resolves; externals are listed.

class LinkCollector(HTMLParser):
    """Collects link targets and element ids from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a and tag in {"a", "link", "script", "img", "iframe", "source", "area"}:
                self.links.append((self.getpos()[0], a[attr]))


@dataclass
class LinkReport:
    pages: int = 0
    internal: int = 0
    broken: list[str] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)   # url -> pages that link to it


def parse_page(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def resolve_target(site: Path, target_path: str) -> Path | None:
    """The file a site path serves (directories serve index.html), or None."""
    local = site / unquote(target_path)
    if target_path == "" or target_path.endswith("/") or local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def check_links(site: Path) -> LinkReport:
    """Check every internal link and #anchor in every built HTML page; list external links."""
    site = site.resolve()
    report = LinkReport()
    parsed: dict[Path, LinkCollector] = {}

    def page(path: Path) -> LinkCollector:
        if path not in parsed:
            parsed[path] = parse_page(path)
        return parsed[path]

    base_url = "http://site.invalid" + BASE_PATH
    for html in sorted(site.rglob("*.html")):
        report.pages += 1
        rel = html.relative_to(site).as_posix()
        page_url = urljoin(base_url, rel)
        for line, raw in page(html).links:
            link = raw.strip()
            # Material's search "share" button is <a href="javascript:void(0)">: a no-op, not a link.
            if not link or link.startswith(("mailto:", "tel:", "data:")) or link == "javascript:void(0)":
                continue
            if link.startswith("javascript:"):
                report.broken.append(f"{rel}:{line}: javascript: link {link!r}")
                continue
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            # Absolute links to the published site (canonical, feeds, webcal: calendars) point at
            # files of this build: check them as internal ones.
            if parts.netloc == SITE_HOST and parts.path.startswith(BASE_PATH):
                parts = parts._replace(netloc="site.invalid")
            if parts.netloc != "site.invalid":
                report.external.setdefault(absolute, []).append(rel)
                continue
            report.internal += 1
            if not parts.path.startswith(BASE_PATH):
                report.broken.append(f"{rel}:{line}: {link} leaves the site's base path {BASE_PATH}")
                continue
            target = resolve_target(site, parts.path[len(BASE_PATH):])
            if target is None:
                report.broken.append(f"{rel}:{line}: {link} -> no such file")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in page(target).ids:
                    report.broken.append(f"{rel}:{line}: {link} -> no id {parts.fragment!r} on that page")
    return report


# ----------------------------------------------------------------------------------------------
# Report.

def fmt_kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def print_table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())


def report_lighthouse(base: str, pages: list[AuditPage], workdir: Path, figures: dict) -> list[str]:
    """Run Lighthouse LIGHTHOUSE_RUNS times per page (interleaved), print medians, return missed gates."""
    t0 = time.monotonic()
    runs: dict[str, list[LighthouseRun]] = {p.path: [] for p in pages}
    pages = [p for p in pages if p.role in LIGHTHOUSE_PAGES]
    order = [p for _ in range(LIGHTHOUSE_RUNS) for p in pages]   # interleaved: a busy spell lands on every page alike
    for p, run in zip(order, run_lighthouse_batch([base + p.path for p in order], workdir)):
        runs[p.path].append(run)
    summaries = [LighthouseSummary(p.path, runs[p.path]) for p in pages]
    figures["lighthouse"] = [s.as_json() for s in summaries]
    figures["lighthouse_seconds"] = round(time.monotonic() - t0, 1)

    def cell(value: Spread | None, unit: str = "") -> str:
        return value.show(unit) if value else "-"

    print(f"Lighthouse 12 (mobile, simulated throttling), median (min-max) of {LIGHTHOUSE_RUNS} runs per page:")
    print_table([[p.role, cell(s.score("performance")), *(cell(s.score(k)) for k in LIGHTHOUSE_GATES),
                  *(cell(s.metric(m), " ms") for m in LAB_METRICS)] for p, s in zip(pages, summaries)],
                ["page", "performance", *LIGHTHOUSE_GATES, *LAB_METRICS])
    print(f"  gates: {', '.join(f'{k} >= {v}' for k, v in LIGHTHOUSE_GATES.items())} (median)."
          f" Performance and the lab metrics are reported, never gated: they depend on machine load"
          f" (target: performance >= {PERFORMANCE_TARGET} on a quiet machine); {figures['lighthouse_seconds']} s")
    everywhere = set.intersection(*(set(s.broken_audits) for s in summaries)) if summaries else set()
    for broken in sorted(everywhere):
        print(f"  Lighthouse could not run this audit on any page: {broken}")
    for s in summaries:
        for broken in sorted(set(s.broken_audits) - everywhere):
            print(f"  Lighthouse could not run this audit on /rebound/{s.page}: {broken}")
    print()
    return [m for s in summaries for m in lighthouse_misses(s)]


def report_loads(browser, server: FeedServer, pages: list[AuditPage], figures: dict) -> list[str]:
    """Measure what each page type loads; print it against the budgets; return missed budgets."""
    loads = [measure_load(browser, server, p) for p in pages]
    figures["loads"] = [asdict(load) for load in loads]
    rows = []
    for load in loads:
        budget = BUDGETS.get(load.role, DEFAULT_BUDGET)
        rows.append([load.role, f"{fmt_kb(load.total())} / {fmt_kb(budget.total)}",
                     f"{len(load.requests)} / {budget.requests}",
                     f"{fmt_kb(load.total('.js'))} / {fmt_kb(budget.script)}",
                     f"{fmt_kb(load.total('.css'))} / {fmt_kb(budget.style)}"])
    print("What each page type loads (empty cache, until the network is idle; gzip bytes as sent / budget):")
    print_table(rows, ["page", "transferred", "requests", "script", "style"])
    for load in loads:
        print(f"  {load.role:<10} " + ", ".join(sorted(r["path"].rsplit("/", 1)[-1] or "(page)" for r in load.requests)))
    offline = measure_offline_copy(browser, server)
    figures["offline_copy"] = asdict(offline)
    print(f"The first visit with the offline copy (service worker): {fmt_kb(offline.total())} in "
          f"{len(offline.requests)} requests, once per reader and build / budget {fmt_kb(OFFLINE_COPY_BYTES)}")
    print()
    misses = [m for load in loads for m in load_misses(load)]
    if offline.total() > OFFLINE_COPY_BYTES:
        misses.append(f"offline copy: {fmt_kb(offline.total())} (budget {fmt_kb(OFFLINE_COPY_BYTES)})")
    misses += [f"offline copy: /rebound/{r['path']} answered {r['status']}" for r in offline.requests if not 200 <= r["status"] < 400]
    return misses


@contextmanager
def timed(figures: dict, check: str) -> Iterator[None]:
    """Record how long ``check`` took in ``figures["check_seconds"]`` (printed at the end)."""
    t0 = time.monotonic()
    yield
    figures.setdefault("check_seconds", {})[check] = round(time.monotonic() - t0, 1)


def audit(site: Path, skip: set[str], workdir: Path) -> tuple[dict, list[str]]:
    """Run every check; return the figures and the list of missed goals."""
    misses: list[str] = []
    figures: dict = {"site": str(site), "pages": [], "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    pages = pick_pages(site)
    figures["pages"] = [asdict(p) for p in pages]
    print("Audited pages:")
    for p in pages:
        print(f"  {p.role:<10} /rebound/{p.path}" + (f"   ({p.note})" if p.note else ""))
    print()

    with serve_site(site) as server:
        base = server.url(BASE_PATH)
        if "lighthouse" not in skip:
            with timed(figures, "lighthouse"):
                misses += report_lighthouse(base, pages, workdir, figures)

        if not {"loads", "axe", "search"} <= skip:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = launch_browser(pw)
                if "loads" not in skip:
                    with timed(figures, "loads"):
                        misses += report_loads(browser, server, pages, figures)
                if "axe" not in skip:
                    axe_pages = pages + [AuditPage("worksheet" if path.startswith("worksheets/") else "guidance", path)
                                         for path in axe_also(site)
                                         if path not in {p.path for p in pages}]
                    with timed(figures, "axe"):
                        violations = run_axe(browser, base, axe_pages)
                    figures["axe"] = violations
                    print("axe-core (all default rules; light at 390 px, dark at 1280 px; worksheets filled in):")
                    for p in axe_pages:
                        found = violations.get(p.path or "(home)", [])
                        print(f"  {p.role:<10} {len(found)} violations  /rebound/{p.path}")
                        misses.extend(f"axe on /rebound/{p.path}: {v}" for v in found)
                    print()
                if "search" not in skip:
                    with timed(figures, "search"):
                        misses += report_searches(browser, base, site, figures)
                browser.close()

    if "vnu" not in skip:
        with timed(figures, "vnu"):
            errors, allowed = run_vnu(site)
        figures["vnu"] = {"errors": errors, "allowlisted": allowed}
        print(f"Nu HTML Checker: {len(errors)} errors on our templates and content "
              f"({allowed} of Material's own markup allowlisted, see VNU_ALLOWLIST)\n")
        misses.extend(f"html: {e}" for e in errors)

    if "links" not in skip:
        with timed(figures, "links"):
            links = check_links(site)
        figures["links"] = {"pages": links.pages, "internal": links.internal, "broken": links.broken,
                            "external": sorted(links.external)}
        print(f"Links: {links.pages} pages, {links.internal} internal links and anchors checked, "
              f"{len(links.broken)} broken; {len(links.external)} external links listed, not fetched:")
        for url in sorted(links.external):
            print(f"  {url}  ({len(links.external[url])} pages)")
        print()
        misses.extend(f"link: {b}" for b in links.broken)
    return figures, misses


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=None,
                        help="a built site to audit (default: build one, strict and offline, into a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures and misses to this file")
    parser.add_argument("--skip", default="", help="comma-separated checks to skip: lighthouse,loads,axe,search,vnu,links")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    with tempfile.TemporaryDirectory(prefix="rebound-audit-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REBOUND_OFFLINE": "1"}
            build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                                   cwd=ROOT, env=env, capture_output=True, text=True)
            if build.returncode != 0:
                print(build.stderr, file=sys.stderr)
                return 2
        if not (site / "index.html").is_file():
            print(f"audit: {site} holds no built site (run `make site` first)", file=sys.stderr)
            return 2
        t0 = time.monotonic()
        figures, misses = audit(site, skip, Path(tmp))
        figures["seconds"] = round(time.monotonic() - t0, 1)
        figures["misses"] = misses
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if misses:
        print(f"MISSED {len(misses)} goal(s):")
        for m in misses:
            print(f"  - {m}")
        return 1
    took = ", ".join(f"{check} {seconds} s" for check, seconds in figures.get("check_seconds", {}).items())
    print(f"All goals met ({figures['seconds']} s: {took}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
