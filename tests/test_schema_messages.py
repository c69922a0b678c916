"""Schema errors read as plain sentences naming `path:line`, quoting what the author typed.

The curated sources file goes through the real schema (`rebound.sources.read_sources`); the rules
that file's schema does not use (minimum, minItems, uniqueItems, a bare pattern, a keyword with no
plain message of its own) go through `rebound.schema.validate` with a small schema of their own,
on YAML parsed by the same line-keeping loader.
"""
from __future__ import annotations

from typing import Any

import pytest

from rebound.schema import validate
from rebound.sources import read_sources
from rebound.yaml_marks import load_yaml

SHOWN = "data/sources.yml"


def _sources(niche_lines: str) -> list[str]:
    """The formatted problems of a sources file with one niche made of ``niche_lines``."""
    text = "niches:\n  - slug: design\n" + niche_lines
    _, problems = read_sources(text, shown=SHOWN)
    return [p.format() for p in problems]


GOOD_SOURCE = """\
    sources:
      - name: Example Academy
        feed: https://example.org/feed/
        site: https://example.org/
        kind: webinar
"""


def test_an_empty_title_names_its_line_and_shows_an_example() -> None:
    found = _sources('    title: ""\n    description: Talks.\n' + GOOD_SOURCE)
    assert found == [f"{SHOWN}:3: 'title' must not be empty\n    hint: for example: title: Social media marketing"]


def test_a_too_long_description_says_how_long_it_is_and_the_limit() -> None:
    found = _sources(f"    title: Design\n    description: {'x' * 401}\n" + GOOD_SOURCE)
    assert len(found) == 1
    assert found[0].startswith(f"{SHOWN}:4: 'description' is too long (401 characters; at most 400)")


def test_an_unknown_kind_lists_the_choices_and_quotes_what_was_typed() -> None:
    found = _sources("    title: Design\n    description: Talks.\n" + GOOD_SOURCE.replace("kind: webinar", "kind: seminar"))
    assert found == [f"{SHOWN}:9: 'kind' must be one of: webinar, course, article, podcast, video, conference (found 'seminar')"
                     "\n    hint: pick the word that fits most entries in the feed"]


def test_a_feed_that_is_not_an_address_uses_the_schemas_own_message() -> None:
    found = _sources("    title: Design\n    description: Talks.\n" + GOOD_SOURCE.replace("https://example.org/feed/", "example.org/feed"))
    assert len(found) == 1
    assert found[0].startswith(f"{SHOWN}:7: 'feed' must be a full web address starting with https:// (or http://) "
                               "(found 'example.org/feed')")


def test_keywords_written_as_text_ask_for_a_list() -> None:
    found = _sources("    title: Design\n    description: Talks.\n" + GOOD_SOURCE + "        keywords: 12\n")
    assert found == [f"{SHOWN}:10: 'keywords' must be a list, not the number 12"
                     "\n    hint: write keywords as a list: keywords: [webinar, workshop]"]


def test_a_list_where_text_belongs_and_a_group_where_text_belongs_are_named() -> None:
    found = _sources("    title: [Design]\n    description:\n      short: Talks.\n" + GOOD_SOURCE)
    assert sorted(message.split("\n")[0] for message in found) == [
        f"{SHOWN}:3: 'title' must be text, not a list",
        f"{SHOWN}:4: 'description' must be text, not a group of `key: value` lines",
    ]


def test_an_empty_value_where_text_belongs_is_called_empty() -> None:
    found = _sources("    title:\n    description: Talks.\n" + GOOD_SOURCE)
    assert found[0].startswith(f"{SHOWN}:3: 'title' must be text, not empty")


def test_a_date_and_time_where_text_belongs_is_a_yaml_trap_with_quotes_as_the_fix() -> None:
    found = _sources("    title: 2026-12-06 10:30:00\n    description: Talks.\n" + GOOD_SOURCE)
    assert found == [f"{SHOWN}:3: 'title' must be text, but YAML reads `2026-12-06 10:30:00` as a date and time"
                     '\n    hint: put it in quotes: "2026-12-06 10:30:00"']


def test_a_misspelt_key_suggests_the_right_one_and_lists_the_allowed_keys() -> None:
    found = _sources("    title: Design\n    description: Talks.\n" + GOOD_SOURCE.replace("feed:", "feeds:"))
    assert f"{SHOWN}:6: missing required key 'feed'" in found[0]
    assert found[1] == (f"{SHOWN}:7: unknown key 'feeds'\n    hint: did you mean 'feed'? allowed keys: "
                        "feed, format, free, keywords, kind, name, online_only, site")


def test_an_unknown_key_unlike_any_allowed_one_only_lists_them() -> None:
    found = _sources("    title: Design\n    description: Talks.\n    colour: blue\n" + GOOD_SOURCE)
    assert found == [f"{SHOWN}:5: unknown key 'colour'\n    hint: allowed keys: description, slug, sources, title"]


def _validate(yaml_text: str, schema: dict[str, Any]) -> list[str]:
    return [p.format() for p in validate(load_yaml(yaml_text), schema, path="page.md", where="the front matter")]


def test_a_number_below_the_minimum_states_the_minimum() -> None:
    schema = {"type": "object", "properties": {"minutes": {"type": "integer", "minimum": 5}}}
    assert _validate("title: x\nminutes: 2\n", schema) == ["page.md:2: 'minutes' must be 5 or more (found 2)"]


def test_a_number_in_quotes_is_asked_for_without_quotes() -> None:
    schema = {"type": "object", "properties": {"minutes": {"type": "integer"}}}
    assert _validate('minutes: "15"\n', schema) == [
        "page.md:1: 'minutes' must be a whole number, not text ('15')\n    hint: write the number without quotes: 15"]


def test_a_short_list_and_a_repeated_item_name_the_list() -> None:
    schema = {"type": "object", "properties": {"tags": {"type": "array", "minItems": 2, "uniqueItems": True}}}
    assert _validate("tags:\n  - rest\n", schema) == ["page.md:1: 'tags' must list at least 2"]
    assert _validate("tags: [rest, rest]\n", schema) == ["page.md:1: 'tags' lists the same value twice"]


def test_a_list_item_of_the_wrong_type_is_named_by_its_place_in_the_list() -> None:
    schema = {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}
    assert _validate("tags:\n  - rest\n  - yes\n", schema) == [
        "page.md:3: item 2 of 'tags' must be text, but YAML reads `yes` as true (a yes/no value)"
        '\n    hint: put it in quotes: "yes"']


def test_a_pattern_without_its_own_message_says_the_form_is_wrong() -> None:
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
    assert _validate("code: abc\n", schema) == ["page.md:1: 'code' has the wrong form (found 'abc')"]


def test_a_long_value_is_shortened_in_the_message() -> None:
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"}}}
    [message] = _validate(f"code: {'a' * 80}\n", schema)
    assert message == f"page.md:1: 'code' has the wrong form (found '{'a' * 57}...')"


def test_a_rule_with_no_plain_words_keeps_jsonschemas_message_and_the_example() -> None:
    schema = {"type": "object", "properties": {"level": {"const": 3, "examples": [3]}}}
    assert _validate("level: 4\n", schema) == ["page.md:1: 'level': 3 was expected\n    hint: for example: level: 3"]


def test_a_wrong_type_for_the_whole_block_is_named_as_such() -> None:
    schema = {"type": "object"}
    assert _validate("- one\n- two\n", schema) == [
        "page.md:1: the whole block must be a group of `key: value` lines, not a list"]


def test_a_missing_key_without_a_description_gets_a_plain_hint() -> None:
    schema = {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}
    assert _validate("draft: true\n", schema) == [
        'page.md:1: missing required key \'title\'\n    hint: add a line `title: "..."` to the front matter']


@pytest.mark.parametrize(("typed", "described"), [
    ("1.5", "the number 1.5"),
    ("2026-12-06", "a date"),
    ("no", "false (a yes/no value)"),
    ("!!binary aGVsbG8=", "bytes"),
])
def test_values_yaml_turns_into_something_else_are_described_in_plain_words(typed: str, described: str) -> None:
    schema = {"type": "object", "properties": {"level": {"type": "array"}}}
    [message] = _validate(f"level: {typed}\n", schema)
    assert message.startswith(f"page.md:1: 'level' must be a list, not {described}\n    hint: write a list")
