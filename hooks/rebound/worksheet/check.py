"""Reading fields against the kinds: ``parse_field`` for one block, ``find_field_problems`` and
``find_field_ids`` for a whole Markdown file (front matter allowed). No I/O."""
from __future__ import annotations

from rebound.worksheet.kinds import FIELD_KINDS, FieldKind
from rebound.worksheet.syntax import FIELD_HEAD, FIELD_ID, FIELD_ID_MAX, Field, FieldBlock, FieldError, find_field_blocks
from rebound.yaml_marks import strip_front_matter


def parse_field(text: str, line: int) -> Field:
    """Parse the inside of one ``[[ ... ]]`` block, or raise ``FieldError``."""
    parts = [part.strip() for part in text.split("|")]
    names = ", ".join(FIELD_KINDS)
    head = FIELD_HEAD.match(parts[0])
    if not head:
        raise FieldError(line, f"field must start with its type ({names}), got {parts[0]!r}")
    name, number_text = head.group("kind").lower(), head.group("number")
    kind = FIELD_KINDS.get(name)
    if kind is None:
        raise FieldError(line, f"unknown field type {name!r}; use one of: {names}")
    if len(parts) < 2 or not parts[1]:
        raise FieldError(line, f"'{name}' field needs a label after '|', e.g. [[{kind.example()} | What happened?]]")
    result = Field(kind=name, label=parts[1], line=line, parts=parts[2:])
    result.number = _check_number(kind, number_text, line)
    if any(not part for part in result.parts):
        raise FieldError(line, f"'{name}' field has an empty part between two '|'")
    if not kind.parts_ok(len(result.parts)):
        raise FieldError(line, kind.parts_rule)
    result.ident = _check_ident(kind, head.group("ident"), line)
    return result


def _check_ident(kind: FieldKind, ident: str | None, line: int) -> str:
    example = f"[[{kind.example()} #what-happened | ...]]"
    if not ident:
        raise FieldError(line, f"'{kind.name}' field needs an id after its type, e.g. {example}")
    if len(ident) > FIELD_ID_MAX or not FIELD_ID.match(ident):
        raise FieldError(line, f"field id {ident!r} must be lower-case words joined by single dashes, "
                               f"at most {FIELD_ID_MAX} characters, e.g. {example}")
    return ident


def _check_number(kind: FieldKind, number_text: str | None, line: int) -> int:
    if kind.count is None:
        if number_text is not None:
            raise FieldError(line, f"'{kind.name}' field takes no number, got {number_text!r}")
        return 0
    unit, maximum = kind.count.unit, kind.count.maximum
    if number_text is None:
        raise FieldError(line, f"'{kind.name}' field needs a number of {unit}, e.g. [[{kind.name} 3 | ...]]")
    if not number_text.isdigit() or not 1 <= int(number_text) <= maximum:
        raise FieldError(line, f"'{kind.name}' needs a whole number of {unit} from 1 to {maximum}, got {number_text!r}")
    return int(number_text)


def find_field_problems(text: str) -> list[tuple[int, str]]:
    """Check every field in a Markdown file (front matter allowed); return ``(line, message)`` pairs."""
    body, offset = strip_front_matter(text)
    problems = []
    seen: dict[str, int] = {}
    for block in find_field_blocks(body.splitlines()):
        try:
            if isinstance(block, FieldError):
                raise block
            item = parse_field(block.text, block.start + 1)
            check_unique(item, seen)
        except FieldError as error:
            problems.append((error.line + offset, error.message))
    return problems


def check_unique(item: Field, seen: dict[str, int]) -> None:
    if item.ident in seen:
        raise FieldError(item.line, f"field id #{item.ident} is already used on line {seen[item.ident]} of this page")
    seen[item.ident] = item.line


def find_field_ids(text: str) -> list[tuple[str, int]]:
    """The ``(id, line)`` of every well-written field in a Markdown file (front matter allowed)."""
    body, offset = strip_front_matter(text)
    found = []
    for block in find_field_blocks(body.splitlines()):
        if isinstance(block, FieldBlock):
            try:
                found.append((parse_field(block.text, block.start + 1).ident, block.start + 1 + offset))
            except FieldError:
                continue
    return found
