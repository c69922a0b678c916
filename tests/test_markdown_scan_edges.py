"""What the content checks read from a page's Markdown, on the less common ways of writing it."""
from __future__ import annotations

import pytest

from rebound.checks.markdown_scan import Heading, Link, scan_markdown
from rebound.yaml_marks import YamlError, load_yaml


def test_underlined_headings_count_when_they_underline_a_paragraph_of_their_own() -> None:
    body = "Intro\n=====\n\nText before\nMore text\n---\n\n- a list item\n---\n\n## Plain heading ##\n\nSection\n-------\n"
    assert scan_markdown(body, first_line=5).headings == [
        Heading(5, 1, "Intro"), Heading(15, 2, "Plain heading"), Heading(17, 2, "Section")]


def test_a_rule_after_a_blank_line_is_not_a_heading() -> None:
    assert scan_markdown("Text\n\n---\n\nMore\n", first_line=1).headings == []


def test_a_link_in_angle_brackets_and_an_image_inside_a_link_are_both_read() -> None:
    body = "See [the plan](<plan one.md>).\n\n[![Plan preview](img/plan.png)](worksheets/plan.md)\n"
    links = scan_markdown(body, first_line=10).links
    assert Link(10, "plan one.md") in links
    assert Link(12, "worksheets/plan.md") in links
    assert Link(12, "img/plan.png", True, "Plan preview") in links


def test_a_reference_image_without_alt_text_and_reference_targets_are_found() -> None:
    body = "Intro.\n\n![][chart]\n\n[chart]: <img/chart one.png>\n[guide]: guides/rest.md\n"
    links = scan_markdown(body, first_line=1).links
    assert Link(3, "", True, "", "reference") in links
    assert Link(5, "img/chart one.png", source="reference") in links
    assert Link(6, "guides/rest.md", source="reference") in links


def test_html_ids_and_anchor_names_are_collected_for_anchor_checks() -> None:
    body = '<div id="steps"></div>\n<a name="top"></a>\n<span name="not-an-anchor"></span>\n<p id="">x</p>\n'
    assert scan_markdown(body, first_line=1).html_ids == {"steps", "top"}


def test_event_handlers_in_attribute_lists_are_found_with_their_line() -> None:
    body = "Text\n\n[Go](page.md){: .button onclick=\"steal()\" }\n"
    assert scan_markdown(body, first_line=3).event_attrs == [(5, "onclick")]


def test_a_yaml_key_that_is_a_list_is_a_clear_error_naming_its_line() -> None:
    with pytest.raises(YamlError) as raised:
        load_yaml("title: Plan\n? [a, b]\n: odd\nid: plan\n")
    assert raised.value.line == 2 and "unhashable key" in raised.value.problem


def test_a_path_with_no_line_falls_back_to_its_nearest_ancestor_or_the_top() -> None:
    doc = load_yaml("title: Plan\nfields:\n  - id: why\n")
    assert doc.line_of(("fields", 0, "label")) == 3
    assert doc.line_of(("missing", 3)) == 1
