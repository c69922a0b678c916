"""The worksheet field syntax: what it renders, and how a mistake is reported."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from rebound.devtools.project import copy_project, run_build
from rebound.worksheet.check import find_field_problems, parse_field
from rebound.worksheet.kinds import FIELD_KINDS
from rebound.worksheet.syntax import Count, Field, FieldError, FieldKind, IdMaker

EXTENSIONS = ["rebound.worksheet_fields", "pymdownx.superfences", "md_in_html", "toc"]

EXAMPLE = """\
# A sheet

Some words first.

## Part one

[[lines 4 #what-happened | What *happened*?]]

[[checklist #this-week | This week I
  | slept enough
  | saw a friend]]

[[scale #mood-today | Mood today | very low | good]]

[[table 2 #my-numbers | My numbers | Week | Sent]]

[[number #before | Feeling before | out of 100]]

[[runway #runway | My runway | Savings | Costs a month | Income a month]]

[[tracker 2 #my-applications | My applications]]

```text
[[not a field | inside code]]
```
"""


class Controls(HTMLParser):
    """Collects form controls, their labels and ids from rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.ids: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        if tag in {"textarea", "input", "select"} and a.get("type") != "file":  # not the import box
            self.controls.append({"tag": tag, **a})


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def parse(html: str) -> Controls:
    collector = Controls()
    collector.feed(html)
    return collector


def test_every_field_type_renders_labelled_controls() -> None:
    html = render(EXAMPLE)
    found = parse(html)
    kinds = [(c["tag"], c.get("type", "")) for c in found.controls]
    assert kinds.count(("textarea", "")) == 1 + 4 + 2 * 4  # lines, table cells, tracker text cells
    assert kinds.count(("input", "checkbox")) == 2
    assert kinds.count(("input", "radio")) == 5
    assert kinds.count(("input", "text")) == 1 + 3  # number, runway
    assert kinds.count(("input", "date")) == 2 and kinds.count(("select", "")) == 2
    for control in found.controls:
        assert control["id"] in found.label_for or control.get("aria-label"), control
        assert control["name"]
    assert len(found.ids) == len(set(found.ids))
    assert "fieldset" in found.tags and "legend" in found.tags and "caption" in found.tags
    assert 'rows="4"' in html and 'data-ws-lines="4"' in html
    assert '<span class="ws-rules" aria-hidden="true">' + "<span></span>" * 4 + "</span>" in html  # lines for paper
    assert "What <em>happened</em>?" in html
    assert 'class="ws-cell"' in html and 'data-label="Week"' in html  # cells wrap; cards on a phone
    assert '<span class="ws-unit">out of 100</span>' in html
    assert 'data-ws-calc="runway"' in html and "<output" in html
    assert 'data-ws-calc="tracker"' in html and 'data-ws-summary="ws-my-applications"' in html
    assert '<option value="offer">Offer</option>' in html


def test_ids_come_from_the_author_and_never_from_the_label() -> None:
    html = render(EXAMPLE)
    assert 'id="ws-what-happened"' in html
    assert 'id="ws-this-week--slept-enough"' in html
    assert 'name="ws-mood-today"' in html and 'id="ws-mood-today--5"' in html
    assert 'id="ws-my-numbers--r2-c2"' in html
    # Adding a field before another leaves the other's id alone; rewording a label changes no id.
    assert 'id="ws-what-happened"' in render("[[lines 1 #first | New first]]\n\n" + EXAMPLE)
    reworded = render(EXAMPLE.replace("What *happened*?", "What went on, in plain words?"))
    assert 'id="ws-what-happened"' in reworded and "What went on" in reworded


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("[[lines 3 | Label]]", "needs an id after its type, e.g. [[lines 3 #what-happened"),
        ("[[lines 3 # | Label]]", "needs an id"),
        ("[[lines 3 #Not_OK | Label]]", "lower-case words joined by single dashes"),
        ("[[lines 3 #a--b | Label]]", "single dashes"),
        ("[[checklist #" + "x" * 41 + " | Label | a]]", "at most 40 characters"),
    ],
)
def test_a_missing_or_badly_written_id_is_explained(source: str, message: str) -> None:
    with pytest.raises(FieldError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_field(source[2:-2], 1)


def test_an_id_used_twice_on_a_page_is_explained() -> None:
    text = "[[lines 1 #notes | Notes]]\n\n[[lines 1 #notes | More notes]]\n"
    assert find_field_problems(text) == [(3, "field id #notes is already used on line 1 of this page")]
    with pytest.raises(FieldError, match="already used"):
        render(text)


def test_a_control_inside_one_field_never_takes_another_fields_id() -> None:
    # A scale's radios and hint, and a table's cells, once shared ids (and so saved answers)
    # with fields whose labels happened to read "Mood 1", "Mood hint" or "Week r1 c1".
    text = ("[[scale #mood | Mood | low | high]]\n\n[[lines 1 #mood-1 | Mood 1]]\n\n[[lines 1 #mood-hint | Mood hint]]\n\n"
            "[[table 1 #week | Week | Day]]\n\n[[lines 1 #week-r1-c1 | Week r1 c1]]\n")
    found = parse(render(text))
    assert len(found.ids) == len(set(found.ids))
    names = [c["name"] for c in found.controls if c.get("type") != "radio"]
    assert len(names) == len(set(names))
    assert {"ws-mood-1", "ws-mood-hint", "ws-week-r1-c1"} <= set(found.ids)


def test_repeated_labels_are_fine_with_their_own_ids() -> None:
    found = parse(render("[[lines 1 #notes | Notes]]\n\n[[lines 1 #notes-later | Notes]]\n"))
    assert [c["id"] for c in found.controls] == ["ws-notes", "ws-notes-later"]


def test_toolbar_comes_once_before_the_heading_of_the_first_field() -> None:
    html = render(EXAMPLE)
    assert html.count('class="ws-toolbar"') == 1
    assert html.index('class="ws-toolbar"') < html.index("Part one") < html.index("ws-field")
    assert "Your answers stay in this browser" in html
    assert "<button" in html and " hidden" in html  # buttons need the script to show


def test_fields_inside_code_stay_code_and_plain_pages_are_untouched() -> None:
    html = render(EXAMPLE)
    assert "[[not a field | inside code]]" in html
    assert "ws-toolbar" not in render("# Plain\n\nNo fields [[here]].\n")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("[[box 3 | Label]]", "unknown field type 'box'"),
        ("[[lines 3]]", "needs a label"),
        ("[[lines 3 | ]]", "needs a label"),
        ("[[lines | Label]]", "needs a number of writing lines"),
        ("[[lines 0 | Label]]", "from 1 to 30, got '0'"),
        ("[[lines three | Label]]", "got 'three'"),
        ("[[table 99 | Label | A]]", "from 1 to 20"),
        ("[[table 2 | Label]]", "column heading"),
        ("[[checklist | Label]]", "at least one item"),
        ("[[checklist 3 | Label | a]]", "takes no number"),
        ("[[scale | Label | only low]]", "either no end labels or two"),
        ("[[checklist | Label | a | | b]]", "empty part"),
        ("[[number | Label | a | b]]", "at most one unit"),
        ("[[number 2 | Label]]", "takes no number"),
        ("[[runway | Label | a | b]]", "three parts"),
        ("[[tracker | Label]]", "needs a number of rows"),
        ("[[tracker 61 | Label]]", "from 1 to 60"),
        ("[[tracker 5 | Label | Extra]]", "columns are fixed"),
    ],
)
def test_mistakes_are_explained(source: str, message: str) -> None:
    with pytest.raises(FieldError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_field(source[2:-2], 1)


def test_problems_carry_the_file_line_counting_front_matter() -> None:
    text = "---\ntitle: x\n---\n\n# T\n\n[[lines 2 #fine | Fine]]\n\n[[box 1 | Bad]]\n\n[[lines 2 | Never closed\n\nMore text.\n"
    assert find_field_problems(text) == [
        (9, "unknown field type 'box'; use one of: lines, checklist, scale, table, number, runway, tracker"),
        (11, "field starts with '[[' but never ends with ']]'"),
    ]


def test_the_extension_alone_refuses_a_bad_field() -> None:
    with pytest.raises(FieldError, match="line 3: unknown field type"):
        render("# T\n\n[[box 1 | Bad]]\n")


@pytest.mark.parametrize(
    ("field", "message"),
    [("[[box 3 | What happened?]]", "unknown field type 'box'"), ("[[lines 3]]", "'lines' field needs a label after '|'"),
     ("[[lines 3 | What happened?]]", "'lines' field needs an id after its type")],
)
def test_a_bad_field_fails_the_strict_build_with_path_and_line(tmp_path: Path, field: str, message: str) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content" / "worksheets" / "rejection-debrief.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[14:14] = ["", field, ""]  # after the front matter and the intro
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project, tmp_path / "out", REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode != 0
    assert f"content/worksheets/rejection-debrief.md:16: {message}" in result.stderr


def test_fences_are_read_the_same_way_by_the_fields_and_the_content_checks() -> None:
    # One rule (rebound.fences): an indented fence in a list item, closed only by a bare fence.
    from rebound.checks.markdown_scan import blank_out_code
    from rebound.worksheet.syntax import find_field_blocks

    text = "- Example:\n\n    ```text\n    [[lines 2 | shown as code]]\n    ``` not a closer\n    [[box | still code]]\n    ```\n\n[[lines 1 #real | A real field]]\n"
    lines = text.split("\n")
    blocks = [b for b in find_field_blocks(lines) if hasattr(b, "text")]
    assert [b.text.strip() for b in blocks] == ["lines 1 #real | A real field"]
    assert "[[box" not in blank_out_code(text) and "A real field" in blank_out_code(text)


def test_a_new_field_kind_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    def render_stars(item: Field, ids: IdMaker) -> str:
        ident = ids.make(item.ident)
        return f'<div class="ws-field"><label for="{ident}">{item.label}</label><input id="{ident}" name="{ident}"></div>'

    stars = FieldKind("stars", render_stars, lambda n: n == 1, "'stars' field takes one part", Count(10, "stars"))
    monkeypatch.setitem(FIELD_KINDS, "stars", stars)

    found = parse(render("# T\n\n[[stars 5 #how-bright | How bright? | sky]]\n"))
    assert [c["id"] for c in found.controls] == ["ws-how-bright"]
    assert find_field_problems("[[stars 11 | Too many | sky]]\n") == [(1, "'stars' needs a whole number of stars from 1 to 10, got '11'")]
    assert find_field_problems("[[stars 2 | No parts]]\n") == [(1, "'stars' field takes one part")]
    assert "stars" in find_field_problems("[[box | x]]\n")[0][1]  # listed among the known kinds


def test_every_field_kind_is_documented_in_contributing() -> None:
    text = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Worksheet fields") :]
    table = section[section.index("| Field | Writes |") :]
    for name, kind in FIELD_KINDS.items():
        written = f"`{name} N`" if kind.count else f"`{name}`"
        assert f"| {written} |" in table, f"{name} is not in the field table of CONTRIBUTING.md"
        assert f"[[{name}" in section, f"{name} has no example in CONTRIBUTING.md"
