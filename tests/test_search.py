"""Search that reads questions: the separator (hooks/rebound/search.py), the reader's words per page,
and the question suite the audit types into the real search box (scripts/search_questions.yml)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rebound.devtools.project import import_script
from rebound.search import (
    KEYWORDS_FIELD,
    SEPARATOR,
    add_keywords_to_index,
    add_other_words,
    read_other_words,
    render_other_words,
    split_words,
)

audit = import_script("audit")

# What the worker keeps of a query or of page text, word by word.
SPLITS = {
    "I feel hopeless and can't cope": ["feel", "hopeless", "cope"],
    "I feel hopeless and can\u2019t cope": ["feel", "hopeless", "cope"],       # a curly apostrophe
    "Im feeling hopeless, dont know what to do": ["feeling", "hopeless", "know"],
    "I": [],
    "a": [],
    "client's invoice? (Upwork) won't pay!": ["client", "invoice", "upwork", "pay"],
    "self-care after rejection": ["self", "care", "rejection"],
    "Ryan's plan wasn't Fiverr's": ["ryan", "plan", "fiverr"],
    "Check in after \u2018not now\u2019": ["check", "now"],
    "into the island": ["island"],                          # "in", "is" only as whole words
    "an ant, a fake ad, ill and well": ["ant", "fake", "ad", "ill", "well"],
    "caf\u00e9 r\u00e9sum\u00e9 at \u00e0 la carte": ["caf\u00e9", "r\u00e9sum\u00e9", "\u00e0", "la", "carte"],
    "Q&amp;A &lt;tips&gt;": ["q", "tips"],
    "20% off \u2014 $50/hour": ["20", "50", "hour"],
}


@pytest.mark.parametrize(("text", "words"), SPLITS.items())
def test_separator_drops_stop_words_contractions_and_punctuation(text: str, words: list[str]) -> None:
    assert split_words(text) == words


@pytest.mark.browser
def test_the_separator_splits_the_same_in_the_browser(page) -> None:  # noqa: ANN001
    # Material compiles the separator with `new RegExp(separator)` (no flags) and splits with its
    # own loop (integrations/search/internal/_/index.ts); the same loop here, in Chromium.
    split = """([separator, texts]) => texts.map(input => {
      const re = new RegExp(new RegExp(separator), "g"), words = [];
      let match, index = 0;
      do {
        match = re.exec(input);
        const until = match ? match.index : input.length;
        if (index < until) words.push(input.slice(index, until).toLowerCase());
        if (match) { index = match.index + match[0].length; if (!match[0].length) re.lastIndex = match.index + 1; }
      } while (match);
      return words;
    })"""
    texts = list(SPLITS)
    assert page.evaluate(split, [SEPARATOR, texts]) == [split_words(t) for t in texts]


def test_the_reader_words_line_is_escaped_and_kept_out_of_the_index() -> None:
    line = render_other_words(["can't cope", "<b>ghosted</b>"])
    assert line == ('<p class="rebound-other-words" data-search-exclude>Other ways people say it: '
                    "can't cope, &lt;b&gt;ghosted&lt;/b&gt;.</p>")
    assert add_other_words("# Title\n\nText.\n\n", ["no reply"]).endswith("Text.\n\n" + render_other_words(["no reply"]) + "\n")


def test_reader_words_are_a_list_of_phrases() -> None:
    assert read_other_words(["ghosted", " ", "no reply"]) == ["ghosted", "no reply"]
    assert read_other_words("ghosted, no reply") == ["ghosted, no reply"]   # one phrase; search splits it
    assert read_other_words(None) == []
    with pytest.raises(ValueError, match="a list of phrases"):
        read_other_words({"ghosted": True})


def test_keywords_go_on_the_page_entry_not_its_sections() -> None:
    index = {"config": {"fields": {}}, "docs": [
        {"location": "a/", "title": "A", "text": ""},
        {"location": "a/#part", "title": "Part", "text": ""},
        {"location": "b/", "title": "B", "text": ""},
    ]}
    docs = json.loads(add_keywords_to_index(json.dumps(index), {"a/": ["ghosted", "no reply"]}))["docs"]
    assert [d.get(KEYWORDS_FIELD) for d in docs] == ["ghosted, no reply", None, None]


def test_the_built_index_carries_the_separator_the_field_and_the_words(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEPARATOR
    assert index["config"]["fields"][KEYWORDS_FIELD]["boost"] == index["config"]["fields"]["title"]["boost"]
    docs = {d["location"]: d for d in index["docs"]}
    assert "ghosted" in docs["what-to-say/follow-up-after-silence/"][KEYWORDS_FIELD]
    assert not any(loc.startswith("tags/") for loc in docs)                 # search: exclude: true
    assert not any("Other ways people say it" in d["text"] for d in index["docs"])
    html = (built_site / "what-to-say" / "follow-up-after-silence" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="rebound-other-words"[^>]*>Other ways people say it: ghosted, ', html)


@pytest.mark.browser
def test_the_real_search_box_reads_a_question(served_site: str, page) -> None:  # noqa: ANN001
    audit.open_search(page, served_site)
    assert "get-help/" in audit.search_top(page, "I feel hopeless and can't cope")
    assert audit.search_top(page, "client never replied to my proposal")[0] == "what-to-say/follow-up-after-silence/"
    # A lone "I" is a stop word now, not the start of every word beginning with i.
    box = page.locator("input.md-search__input")
    box.fill("I")
    box.press("End")
    page.locator(".md-search-result__meta", has_text="No matching documents").wait_for(timeout=15_000)
    assert page.locator("li.md-search-result__item").count() == 0


def test_the_question_suite_has_forty_questions_for_pages_that_exist(built_site: Path) -> None:
    questions = audit.load_search_questions()
    asked = [q for q in questions if not q.pending]
    assert len(asked) >= 40
    assert [q.query for q in asked if not q.is_built(built_site)] == []
    assert all(q.pending for q in questions if not q.is_built(built_site))


def test_a_pending_question_runs_once_its_page_is_built(tmp_path: Path) -> None:
    question = audit.SearchQuestion("is this job a scam", ("guides/scams-and-red-flags/",), 3, pending=True)
    assert not question.is_built(tmp_path)
    (tmp_path / "guides" / "scams-and-red-flags").mkdir(parents=True)
    (tmp_path / "guides" / "scams-and-red-flags" / "index.html").write_text("<h1>Scams</h1>", encoding="utf-8")
    assert question.is_built(tmp_path)
    section = audit.SearchQuestion("printable worksheet", ("worksheets/*",), 1)
    assert section.is_answered_by("worksheets/") and section.is_answered_by("worksheets/thought-record/")
    assert not section.is_answered_by("guides/")


def test_a_malformed_question_names_its_line(tmp_path: Path) -> None:
    suite = tmp_path / "questions.yml"
    suite.write_text("questions:\n  - q: motivation\n    page: strategies/\n  - q: no page here\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"questions\.yml:4: each question needs q:"):
        audit.load_search_questions(suite)
    suite.write_text("questions:\n  - {q: motivation, page: a/}\npending:\n  - {q: motivation, page: b/}\n",
                     encoding="utf-8")
    with pytest.raises(SystemExit, match=r"questions\.yml:4: the question 'motivation' is in the suite twice"):
        audit.load_search_questions(suite)


@pytest.mark.browser
def test_a_page_opened_from_a_result_marks_the_words_searched(served_site: str, page) -> None:  # noqa: ANN001
    # search.highlight adds ?h= to each result link; Material needs the index (its separator) to mark
    # the words, so the held-back index request goes out for ?h= as it does for ?q=.
    page.goto(served_site + "get-help/?h=hopeless+cope", wait_until="load")
    page.locator("mark[data-md-highlight]").first.wait_for(timeout=15_000)
    marked = {m.lower() for m in page.eval_on_selector_all("mark[data-md-highlight]", "ms => ms.map(m => m.innerText)")}
    assert marked == {"hopeless", "cope"}
