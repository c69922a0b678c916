"""Validate YAML data against a JSON schema and explain each error in plain words.

The schemas in ``rebound/schemas/`` are the rules; this module only translates ``jsonschema``'s
errors into messages that quote what the author typed. A schema property may carry two extra
keywords that ``jsonschema`` ignores: ``x-message`` (replaces the generic message when a rule on
that property fails) and ``x-hint`` (how to fix it). ``examples[0]`` gives a sample value for the
"missing key" hint.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problem import Problem
from .yaml_marks import YamlDoc

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of `key: value` lines",
    "null": "empty",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Read ``rebound/schemas/<name>`` and check that it is itself a valid schema."""
    import jsonschema  # imported on first use, as the other heavy libraries are

    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate(doc: YamlDoc, schema: dict[str, Any], *, path: str, where: str) -> list[Problem]:
    """Check ``doc.data`` against ``schema``; ``where`` names the container ("the front matter")."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    problems: list[Problem] = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path]):
        problems.extend(_explain(error, doc, path=path, where=where))
    return problems


def _explain(error: jsonschema.ValidationError, doc: YamlDoc, *, path: str, where: str) -> list[Problem]:
    at = tuple(error.absolute_path)
    line = doc.line_of(at)
    name = _name(at)
    custom_hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    kind = error.validator

    if kind == "required":
        missing = error.message.split("'")[1]
        prop = error.schema.get("properties", {}).get(missing, {})
        return [Problem(path, line, f"missing required key '{missing}'", _missing_hint(missing, prop, where))]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        return [_unknown_key(path, doc, at, key, allowed) for key in extras]
    if kind == "type" and isinstance(error.validator_value, str):
        if not custom_hint and error.schema.get("examples") and at and isinstance(at[-1], str):
            custom_hint = f"for example: {at[-1]}: {_plain(error.schema['examples'][0])}"
        return [_wrong_type(path, line, name, error, doc.scalars.get(at), custom_hint)]

    if not custom_hint and isinstance(error.schema, dict) and error.schema.get("examples") and isinstance(at[-1:][0] if at else None, str):
        custom_hint = f"for example: {at[-1]}: {_plain(error.schema['examples'][0])}"
    message = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    value = _show(error.instance)
    if message:
        return [Problem(path, line, f"{name} {message} (found {value})", custom_hint)]
    if kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return [Problem(path, line, f"{name} must be one of: {choices} (found {value})", custom_hint)]
    if kind == "minimum":
        return [Problem(path, line, f"{name} must be {error.validator_value} or more (found {value})", custom_hint)]
    if kind == "minLength":
        return [Problem(path, line, f"{name} must not be empty", custom_hint)]
    if kind == "maxLength":
        limit = error.validator_value
        return [Problem(path, line, f"{name} is too long ({len(error.instance)} characters; at most {limit})", custom_hint)]
    if kind == "minItems":
        return [Problem(path, line, f"{name} must list at least {error.validator_value}", custom_hint)]
    if kind == "uniqueItems":
        return [Problem(path, line, f"{name} lists the same value twice", custom_hint)]
    if kind == "pattern":
        return [Problem(path, line, f"{name} has the wrong form (found {value})", custom_hint)]
    return [Problem(path, line, f"{name}: {error.message}", custom_hint)]


def _name(at: tuple[Any, ...]) -> str:
    """A readable name for a key path: ``'feed'`` or ``item 2 of 'tags'``."""
    if not at:
        return "the whole block"
    last = at[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(at[:-1]) if isinstance(p, str)), "list")
        return f"item {last + 1} of '{parent}'"
    return f"'{last}'"


def _missing_hint(key: str, prop: dict[str, Any], where: str) -> str:
    example = prop.get("examples", ["..."])[0]
    sample = json.dumps(example) if isinstance(example, (str, list)) else str(example)
    about = prop.get("description", "")
    hint = f"add a line `{key}: {sample}` to {where}"
    return f"{hint} ({about})" if about else hint


def _unknown_key(path: str, doc: YamlDoc, at: tuple[Any, ...], key: Any, allowed: list[str]) -> Problem:
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    hint += "allowed keys: " + ", ".join(allowed)
    return Problem(path, doc.line_of((*at, key)), f"unknown key '{key}'", hint)


def _wrong_type(path: str, line: int, name: str, error: jsonschema.ValidationError, typed: Any, hint: str) -> Problem:
    expected = error.validator_value
    value = error.instance
    if expected == "string" and typed is not None and not typed.quoted and value is not None:
        # A YAML 1.1 coercion trap: the author wrote text, YAML made it something else.
        message = f"{name} must be text, but YAML reads `{typed.text}` as {_describe(value)}"
        return Problem(path, line, message, f'put it in quotes: "{typed.text}"')
    message = f"{name} must be {TYPE_WORDS.get(expected, expected)}, not {_describe(value)}"
    if expected == "integer" and isinstance(value, str) and value.strip().isdigit():
        hint = f"write the number without quotes: {value.strip()}"
    if expected == "array" and not hint:
        hint = f"write a list, one item per line starting with '- ', or in brackets: [{_plain(value)}]"
    return Problem(path, line, message, hint)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return f"text ({_show(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of `key: value` lines"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
