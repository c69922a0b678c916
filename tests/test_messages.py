"""Message scripts: the fence renders the text verbatim, mistakes fail loudly, and each copy
button puts exactly the message on the clipboard in a real browser."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rebound.devtools.project import ROOT, copy_project, run_build
from rebound.messages import (
    find_message_problems,
    format_message,
    validate_message,
)

CONTENT = ROOT / "content"
# An independent reading of the sources (not rebound's own): each ```message block, in order.
MESSAGE_BLOCK = re.compile(r'^```message title="(?P<title>[^"]+)"\n(?P<text>.*?)\n```$', re.M | re.S)


def messages_in(path: Path) -> list[tuple[str, str]]:
    return [(m["title"], m["text"]) for m in MESSAGE_BLOCK.finditer(path.read_text(encoding="utf-8"))]


PAGES_WITH_MESSAGES = sorted(
    p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.md") if messages_in(p)
)


def url_of(source: str) -> str:
    return "" if source == "index.md" else source.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def test_the_what_to_say_pages_hold_messages() -> None:
    scripts = sorted(p.name for p in (CONTENT / "what-to-say").glob("*.md") if p.name != "index.md")
    assert len(scripts) >= 6
    for name in scripts:
        assert len(messages_in(CONTENT / "what-to-say" / name)) >= 2, name


def test_format_keeps_the_text_verbatim_and_escaped() -> None:
    options: dict[str, Any] = {}
    assert validate_message("message", {"title": 'Email <b>"x"</b>'}, options, {}, None)
    html = format_message('Hi [Name] & <team>,\n\n  indented line\n', "message", "rebound-message", options, None)
    assert '<div class="rebound-message__text">Hi [Name] &amp; &lt;team&gt;,\n\n  indented line</div>' in html
    assert "Email &lt;b&gt;&quot;x&quot;&lt;/b&gt;" in html
    assert '<button type="button"' in html and " hidden>" in html
    assert 'role="status" aria-live="polite"' in html


@pytest.mark.parametrize("inputs", [{}, {"title": "  "}, {"title": "Email", "lang": "en"}])
def test_validator_refuses_a_message_without_exactly_a_title(inputs: dict[str, str]) -> None:
    assert not validate_message("message", inputs, {}, {}, None)


def test_problems_name_the_line_of_a_fence_written_wrongly() -> None:
    text = (
        "---\ntitle: x\n---\n\n"
        '```message title="Fine"\nHello\n```\n\n'
        "```message\nNo title\n```\n\n"
        '```message title="A" tone="warm"\nToo many options\n```\n\n'
        "```text\n```message\n```\n"
    )
    problems = find_message_problems(text)
    assert [line for line, _ in problems] == [9, 13]
    assert "needs a title" in problems[0][1]
    assert "one option" in problems[1][1]


def test_a_fence_right_after_another_is_checked_too() -> None:
    # A fence that opens on the line after one closes is still an opening (superfences agrees).
    text = '```message title="Fine"\nHello\n```\n```message\nNo title\n```\n'
    assert find_message_problems(text) == [(4, 'a message needs a title, e.g. ```message title="Email"')]


def test_only_pages_with_messages_load_the_copy_script(built_site: Path) -> None:
    with_script = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
        if "assets/messages.js" in p.read_text(encoding="utf-8")
    )
    assert with_script == sorted(f"{url_of(source)}index.html" for source in PAGES_WITH_MESSAGES)
    # Linked relative to the page, in its <head>, once.
    page = (built_site / "what-to-say" / "reply-to-a-rejection" / "index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    assert head.count('<link rel="stylesheet" href="../../assets/messages.css">') == 1
    assert head.count('<script src="../../assets/messages.js" defer></script>') == 1
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "messages.js" not in config  # never site-wide extra_javascript


def test_a_message_without_a_title_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content" / "what-to-say" / "reply-to-a-rejection.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('```message title="Reply to a rejection, short"', "```message", 1), encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("```message") + 1
    result = run_build(project, tmp_path / "out", REBOUND_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode != 0
    assert f"content/what-to-say/reply-to-a-rejection.md:{line}: a message needs a title" in result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("source", PAGES_WITH_MESSAGES)
def test_each_copy_button_copies_exactly_its_message(chromium: Any, served_site: str, source: str) -> None:
    expected = messages_in(CONTENT / source)
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served_site + url_of(source))
        boxes = page.locator("[data-rebound-message]")
        assert boxes.count() == len(expected)
        for index, (title, text) in enumerate(expected):
            box = boxes.nth(index)
            assert box.locator("figcaption").inner_text() == title
            button = box.get_by_role("button", name=f"Copy message: {title}")
            page.evaluate("navigator.clipboard.writeText('')")
            button.click()
            status = box.get_by_role("status")
            status.get_by_text("Copied").wait_for()
            assert page.evaluate("navigator.clipboard.readText()") == text
    finally:
        context.close()


@pytest.mark.browser
def test_copy_works_from_the_keyboard(chromium: Any, served_site: str) -> None:
    source = "what-to-say/ask-for-feedback.md"
    title, text = messages_in(CONTENT / source)[0]
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served_site + url_of(source))
        button = page.get_by_role("button", name=f"Copy message: {title}")
        button.focus()
        page.keyboard.press("Enter")
        page.get_by_role("status").filter(has_text="Copied").first.wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == text
        page.keyboard.press("Space")  # a second press works too, and the status is read out again
        page.get_by_role("status").filter(has_text="Copied").first.wait_for()
    finally:
        context.close()


@pytest.mark.browser
def test_without_script_the_text_is_there_and_no_dead_button(chromium: Any, served_site: str) -> None:
    source = "what-to-say/reply-to-a-rejection.md"
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + url_of(source))
        first = page.locator("[data-rebound-message]").first
        assert first.locator(".rebound-message__text").inner_text() == messages_in(CONTENT / source)[0][1]
        assert not first.get_by_role("button").is_visible()
    finally:
        context.close()
