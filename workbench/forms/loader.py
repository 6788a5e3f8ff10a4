"""Load form definitions from YAML with errors that name the file, the line and the field.

The YAML is composed into nodes (so every mapping, key and list item keeps its line),
built into plain Python data while recording ``path -> line``, validated with pydantic,
and every pydantic error's ``loc`` is translated back to a line.  All problems are
collected; nothing stops at the first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from workbench.forms.schema import (
    QUESTION_TYPES,
    AllocationOption,
    Choice,
    FormDefinition,
    Loc,
    MatrixRow,
    Section,
    cross_checks,
)
from workbench.limits import (
    InputLimitError,
    LimitedSafeLoader,
    YamlLimitError,
    check_input_file,
    check_yaml_text,
)

__all__ = ["FormError", "Problem", "load_form", "load_form_text", "validate_data"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class FormError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- YAML with lines -------------------------------------------------------------------


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        own: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in own:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate field {key!r} (first given on line {own[key]})",
                    problem_mark=key_node.start_mark,
                )
            if isinstance(key, Hashable):
                own[key] = line
        loader.flatten_mapping(node)  # resolves ``<<: *anchor``; explicit keys win
        winners: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) or key is None:
                key = str(key)
            winners[key] = (key_node, value_node)
        result: dict[Any, Any] = {}
        for key, (key_node, value_node) in winners.items():
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str) -> tuple[Any, dict[Loc, int]]:
    """YAML text -> (data, {path: 1-based line}); raises yaml.YAMLError.

    The loader limits nesting and alias expansion (see :mod:`workbench.limits`), so a
    hostile file is refused quickly instead of hanging or ending in a RecursionError.
    """
    loader = LimitedSafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        try:
            data = None if node is None else _build(loader, node, (), lines)
        except (ValueError, OverflowError) as exc:  # e.g. an int of 5,000 digits
            raise yaml.YAMLError(f"a value cannot be read: {exc}") from None
        return data, lines
    finally:
        loader.dispose()


# --- translating locations -------------------------------------------------------------


def _resolve(data: Any, loc: tuple[Any, ...]) -> tuple[Loc, Any]:
    """Walk ``loc`` through ``data``; skip the discriminator tags pydantic inserts."""
    path: list[Any] = []
    current = data
    for part in loc:
        if (
            isinstance(current, Mapping)
            and part in current
            or isinstance(current, list)
            and isinstance(part, int)
            and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif isinstance(current, Mapping) and current.get("type") == part:
            continue
        else:
            path.append(part)
            current = None
    return tuple(path), current


def _line(lines: dict[Loc, int], path: Loc) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _field_name(data: Any, path: Loc) -> str:
    """A readable field name: the question key where there is one."""
    if len(path) >= 4 and path[0] == "sections" and path[2] == "questions":
        question = _resolve(data, path[:4])[1]
        key = question.get("key") if isinstance(question, Mapping) else None
        head = key if isinstance(key, str) and key else f"sections[{path[1]}].questions[{path[3]}]"
        rest = path[4:]
    elif path and path[0] == "sections" and len(path) >= 2:
        head, rest = f"sections[{path[1]}]", path[2:]
    else:
        head, rest = "", path
    text = head
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(form)"


def _model_at(data: Any, path: Loc) -> type | None:
    """The model class that validates the mapping at ``path`` (for 'did you mean')."""
    if len(path) == 0:
        return FormDefinition
    if len(path) == 2 and path[0] == "sections":
        return Section
    if len(path) >= 4 and path[0] == "sections" and path[2] == "questions":
        question = _resolve(data, path[:4])[1]
        qtype = question.get("type") if isinstance(question, Mapping) else None
        if len(path) == 4:
            return QUESTION_TYPES.get(qtype) if isinstance(qtype, str) else None
        if len(path) == 6:
            return {"choices": Choice, "rows": MatrixRow, "options": AllocationOption}.get(
                str(path[4])
            )
    return None


MISSING = "required field is missing"
_TYPE_LIST = ", ".join(QUESTION_TYPES)


def _message(err: dict[str, Any], data: Any, path: Loc) -> tuple[Loc, str]:
    kind = err["type"]
    msg = str(err["msg"])
    value = err.get("input")
    if kind == "missing":
        return path, MISSING
    if kind == "extra_forbidden":
        model = _model_at(data, path[:-1])
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            hint = hint or f"; known fields: {', '.join(model.model_fields)}"
        return path, f"unknown field {path[-1]!r}{hint}"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", value)
        return path + ("type",), f"unknown question type {tag!r}; valid types: {_TYPE_LIST}"
    if kind == "union_tag_not_found":
        return path + ("type",), f"question has no type; valid types: {_TYPE_LIST}"
    if kind == "string_pattern_mismatch":
        if path == ("id",):
            return path, f"bad form id {value!r}: use lower-case words joined by '-', e.g. my-form"
        return path, (
            f"bad key {value!r}: a key starts with a lower-case letter and uses only a-z, 0-9 and _"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return path, _not_fields(path, value)
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
        return path, msg
    if value is not None and not isinstance(value, Mapping | list):
        msg = f"{msg} (got {value!r})"
    return path, msg


#: How an item of each list is written, for a message about an item that is not.
_WRITTEN_AS = {
    "choices": "a choice has a value and a label, e.g. '- {value: phone, label: Phone}'",
    "questions": "a question has fields, e.g. '- {key: channel, type: text, label: Channel}'",
    "sections": "a section has fields, e.g. '- {key: desk, title: Service desk, questions: [...]}'",
    "rows": "a row has a key and a label, e.g. '- {key: speed, label: Speed}'",
}


def _not_fields(path: Loc, value: Any) -> str:
    """An item given as a plain value where fields ('name: value') were expected."""
    got = f"got {value!r}" if value is not None else "got nothing"
    parent = next((p for p in reversed(path) if isinstance(p, str)), "")
    if parent == "choices" and isinstance(value, str | int | float) and str(value).strip():
        text = str(value).strip()
        return (
            f"a choice has a value and a label, e.g. '- {{value: {text}, label: "
            f"{text[:1].upper()}{text[1:]}}}'; got {value!r}"
        )
    if parent in _WRITTEN_AS and path and isinstance(path[-1], int):
        return f"{_WRITTEN_AS[parent]}; {got}"
    return f"expected fields written as 'name: value', one per line; {got}"


#: Plain words for what the YAML parser says it expected or found (its own words mean
#: little to someone writing a form by hand).
_YAML_PROBLEMS = (
    ("expected <block end>", "this line is not indented like the lines above it: the fields "
     "of one item (a question, a choice) start in the same column, and a new item starts "
     "with '- ' (check the spaces at the start of this line and of the line before)"),
    ("mapping values are not allowed", "a ':' that does not fit here: a text containing "
     "': ' needs quotes (label: \"Note: …\"), or the line is indented too far"),
    ("could not find expected ':'", "a line that is not 'name: value': a ':' is missing, "
     "or a quotation mark is left open above"),
    ("that cannot start any token", "a tab or a character a line cannot start with: "
     "indent with spaces only, and put a text starting with @, ` or % in quotes"),
    ("found unexpected end of stream", "a quotation mark is opened and never closed"),
    ("expected ',' or ']'", "a list in [ ] is not closed, or has a stray character: "
     "write it as [a, b, c] on one line"),
    ("expected ',' or '}'", "fields in { } are not closed, or have a stray character: "
     "write them as {name: value, name: value} on one line"),
)  # fmt: skip


def _yaml_words(detail: str) -> str:
    for said, plain in _YAML_PROBLEMS:
        if said in detail:
            return plain
    return f"YAML syntax error: {detail}"


def validate_data(data: Any, lines: dict[Loc, int], source: str) -> FormDefinition:
    """Validate parsed data into a FormDefinition or raise FormError with every problem."""
    if not isinstance(data, Mapping):
        got = "nothing" if data is None else type(data).__name__
        raise FormError(
            [
                Problem(
                    source,
                    1,
                    "(form)",
                    f"a form must be a mapping with id, title, version and sections; got {got}",
                )
            ]
        )
    found: dict[tuple[int, str, str], Problem] = {}

    def add(path: Loc, message: str) -> None:
        problem = Problem(source, _line(lines, path), _field_name(data, path), message)
        found.setdefault((problem.line, problem.field, problem.message), problem)

    form: FormDefinition | None = None
    try:
        form = FormDefinition.model_validate(data, context={"skip_cross_checks": True})
    except ValidationError as exc:
        translated = [
            _message(dict(err), data, _resolve(data, err["loc"])[0])
            for err in exc.errors(include_url=False)
        ]
        # a typo ('titel') also makes the intended field look missing: report it once
        meant = {
            path[:-1] + (m.group(1),)
            for path, msg in translated
            if (m := re.search(r"did you mean '(\w+)'", msg))
        }
        for path, msg in translated:
            if not (msg == MISSING and path in meant):
                add(path, msg)
    for loc, message in cross_checks(data):
        add(loc, message)
    if found:
        raise FormError(sorted(found.values(), key=lambda p: p.line))
    assert form is not None
    return form


def load_form_text(text: str, source: str = "<form>") -> FormDefinition:
    try:
        check_yaml_text(text, source)
    except InputLimitError as exc:
        raise FormError([Problem(source, 1, "(file)", str(exc).split(": ", 1)[-1])]) from None
    try:
        data, lines = parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or "invalid YAML"
        if exc.context:
            detail = f"{exc.context}, {detail}"
        if isinstance(exc, YamlLimitError):
            message = f"YAML refused: {detail}"
        else:
            message = _yaml_words(detail)
        raise FormError([Problem(source, line, "(yaml)", message)]) from None
    except yaml.YAMLError as exc:
        raise FormError([Problem(source, 1, "(yaml)", f"YAML syntax error: {exc}")]) from None
    return validate_data(data, lines, source)


def load_form(path: str | Path) -> FormDefinition:
    path = Path(path)
    try:
        check_input_file(path, "form file")
        text = path.read_text(encoding="utf-8")
    except InputLimitError as exc:
        raise FormError([Problem(str(path), 1, "(file)", str(exc).split(": ", 1)[-1])]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError([Problem(str(path), 1, "(file)", f"cannot read the file: {exc}")]) from None
    return load_form_text(text, str(path))
