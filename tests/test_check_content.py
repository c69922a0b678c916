"""`make check`: every bad contribution gets its exact `path:line: message`; the real content passes."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from rebound.checks import Problem, check_project
from rebound.devtools.project import ROOT, copy_project, import_script, run_build
from rebound.page_types import load_page_types, page_type_of
from rebound.schema import SCHEMA_DIR, load_schema

SCRIPT = ROOT / "scripts" / "check_content.py"
CASES = sorted(p for p in (ROOT / "tests" / "fixtures" / "bad_contributions").iterdir() if p.is_dir())

check_content = import_script("check_content")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_contribution_is_explained(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = check_content.main(["--root", str(case)])
    out = capsys.readouterr().out
    assert out.splitlines() == (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert status == 1


def test_every_case_expects_at_least_one_problem() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines[-1].endswith("Fix them, then run make check again."), case.name
        assert any(line.startswith(("content/", "data/")) for line in lines), case.name


def test_real_content_and_sources_pass() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout == "All content checks passed.\n", result.stdout
    assert result.returncode == 0


def test_real_sources_file_is_checked(tmp_path: Path) -> None:
    # The real sources file plus one loopback feed: the checker must read the real format.
    text = (ROOT / "data" / "sources.yml").read_text(encoding="utf-8")
    first_feed = next(line for line in text.splitlines() if line.strip().startswith("feed:"))
    bad = tmp_path / "sources.yml"
    bad.write_text(text.replace(first_feed, first_feed.split("feed:")[0] + "feed: http://127.0.0.1/feed", 1))
    line = text.splitlines().index(first_feed) + 1
    problems = check_project(ROOT, sources=bad)
    assert [(p.path, p.line, p.message) for p in problems] == [
        (str(bad), line, "'feed' points to a private or local address: 127.0.0.1")
    ]


def test_generated_niche_pages_count_as_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    slug = yaml.safe_load((project / "data" / "sources.yml").read_text(encoding="utf-8"))["niches"][0]["slug"]
    assert not (project / "content" / "niches" / f"{slug}.md").exists()
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\nSee [a niche](niches/{slug}.md).\n", encoding="utf-8")
    assert check_project(project) == []
    (project / "data" / "sources.yml").unlink()
    assert [p.message for p in check_project(project)] == [f"link target 'niches/{slug}.md' does not exist"]


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMA_DIR.glob("*.json") if p.name != "page-types.json"))
def test_schemas_are_valid_json_schemas(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema(name))


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("strategies/dont-take-it-personally.md", "strategy"),
        ("strategies/index.md", "page"),
        ("worksheets/rejection-debrief.md", "worksheet"),
        ("worksheets/index.md", "page"),
        ("niches/graphic-design.md", "niche"),
        ("niches/index.md", "page"),
        ("about.md", "page"),
    ],
)
def test_page_types_route_each_file(uri: str, kind: str) -> None:
    assert page_type_of(uri, load_page_types()).name == kind


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True), ("127.1", True), ("0x7f.0.0.1", True), ("2130706433", True), ("[::1]", True),
        ("[::ffff:10.0.0.1]", True), ("192.168.1.20", True), ("169.254.169.254", True), ("0.0.0.0", True),
        ("localhost", True), ("feeds.localhost", True), ("printer.local", True),
        ("93.184.215.14", False), ("www.smashingmagazine.com", False), ("[2606:4700::1111]", False),
    ],
)
def test_private_and_loopback_hosts_are_refused(host: str, private: bool) -> None:
    from rebound.checks.sources import _check_public_url

    assert bool(_check_public_url("data/sources.yml", 3, "feed", f"https://{host}/feed/")) is private


def test_what_the_strict_build_lets_through_make_check_catches(tmp_path: Path) -> None:
    # Broken front matter and a dead link in raw HTML both pass `mkdocs build --strict`.
    project = copy_project(tmp_path / "project")
    about = project / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    text = text.replace('title: "About Rebound"', "title: About Rebound: who we are", 1)
    text += '\n<p>See <a href="strategies/no-such-page.md">this</a>.</p>\n'
    about.write_text(text, encoding="utf-8")
    build = run_build(project, tmp_path / "site", REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert build.returncode == 0, build.stderr
    assert "title: About Rebound: who we are" in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [(p.line, p.message) for p in check_project(project)] == [
        (2, "front matter is not valid YAML: mapping values are not allowed here"),
        (len(lines), "link target 'strategies/no-such-page.md' does not exist on the built site"),
    ]


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    from rebound.yaml_marks import YamlError, load_yaml

    with pytest.raises(YamlError) as caught:
        load_yaml('title: "Ask for feedback\ndescription: One line.\ntags: [mindset]\n', first_line=2)
    assert caught.value.line == 2


def test_anchors_into_a_page_a_hook_fills_are_not_refused(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text(
        "---\ntitle: Home\ndescription: A home page that links into a block a hook fills in.\n---\n\n"
        "# Home\n\n[Design feeds](subscribe.md#graphic-design)\n", encoding="utf-8")
    (tmp_path / "content" / "subscribe.md").write_text(
        "---\ntitle: Subscribe\ndescription: Feeds and calendars, filled in by the subscribe hook.\n---\n\n"
        "# Subscribe\n\n<!-- rebound:subscribe -->\n", encoding="utf-8")
    assert check_project(tmp_path) == []


def test_a_new_check_is_one_function_and_one_list_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rebound.checks import project as checks

    def check_titles_shout(project: checks.Project) -> list[Problem]:
        return [Problem(page.path, 1, "title is in capitals") for page in project.pages.values()
                if str(page.meta.get("title", "")).isupper()]

    root = copy_project(tmp_path / "project")
    about = root / "content" / "about.md"
    about.write_text(re.sub(r"^title: .*$", 'title: "ABOUT REBOUND"', about.read_text(encoding="utf-8"), count=1,
                            flags=re.MULTILINE), encoding="utf-8")
    assert check_project(root) == []
    monkeypatch.setattr(checks, "CHECKS", (*checks.CHECKS, check_titles_shout))
    assert [(p.path, p.message) for p in check_project(root)] == [("content/about.md", "title is in capitals")]
