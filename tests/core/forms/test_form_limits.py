"""Hostile form definitions are refused quickly with a message, never a hang or a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from workbench.forms.conditions import ConditionError, parse
from workbench.forms.loader import FormError, load_form_text
from workbench.forms.xlsform import import_xlsform


def write_xlsform(path: Path, survey: list, choices: list, settings: list | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    sheets = [("survey", survey), ("choices", choices), ("settings", settings or [["x"]])]
    for index, (name, rows) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


HEAD = "id: f\ntitle: F\nversion: 1\nsections:\n- key: s\n  title: S\n  questions:\n"


def problems(text: str) -> str:
    start = time.perf_counter()
    with pytest.raises(FormError) as info:
        load_form_text(text, "f.yaml")
    assert time.perf_counter() - start < 5
    return str(info.value)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    text = HEAD + "  - key: q\n    type: text\n    label: Q\n    tags:\n      bomb: *a9\n"
    text = "\n".join(lines) + "\n" + text.replace("id: f", "id: f", 1)
    message = problems(text)
    assert "alias" in message and "f.yaml:" in message


def test_recursive_alias_is_a_message() -> None:
    message = problems("id: &x\n  - *x\n")
    assert "recursive alias" in message


def test_very_deep_list_is_a_message() -> None:
    message = problems("id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than" in message


def test_thousands_of_nested_nots_are_a_message() -> None:
    text = (
        HEAD
        + "  - key: a\n    type: text\n    label: A\n"
        + "  - key: b\n    type: text\n    label: B\n    relevant: "
        + "not " * 3000
        + "answered(a)\n"
    )
    message = problems(text)
    assert "relevant" in message and "condition" in message


@pytest.mark.parametrize(
    "text",
    ["not " * 200 + "a == 1", "(" * 200 + "a == 1" + ")" * 200, " or ".join(["a == 1"] * 500)],
)
def test_condition_parser_limits_nesting_and_length(text: str) -> None:
    with pytest.raises(ConditionError):
        parse(text)


def test_conditions_within_the_limits_still_parse() -> None:
    assert parse("not " * 10 + "a == 1").keys() == {"a"}
    assert parse(" or ".join(["a == 1"] * 100)).keys() == {"a"}


def test_huge_scale_is_refused() -> None:
    message = problems(HEAD + "  - key: q\n    type: scale\n    label: Q\n    max: 100000000\n")
    assert "100,000,000 points" in message and "101" in message
    ok = load_form_text(
        HEAD + "  - key: q\n    type: scale\n    label: Q\n    min: 0\n    max: 100\n"
    )
    assert ok.question("q").max == 100


def test_too_many_choices_are_refused() -> None:
    choices = "".join(f"    - {i}\n" for i in range(1001))
    message = problems(
        HEAD
        + "  - key: q\n    type: single\n    label: Q\n    choices:\n"
        + choices.replace("    - ", "    - value: ")
    )
    assert "1,001 choices" in message


def test_choice_value_of_400_digits_is_a_message() -> None:
    big = "9" * 400
    message = problems(
        HEAD + f"  - key: q\n    type: single\n    label: Q\n    choices:\n    - value: {big}\n"
    )
    assert "at most 200 characters, not 400" in message and "f.yaml:" in message
    assert len(message) < 300
    form = load_form_text(
        HEAD + "  - key: q\n    type: single\n    label: Q\n    choices:\n    - value: 12345\n"
    )
    assert form.question("q").choices[0].value == "12345"
    message = problems(
        HEAD + "  - key: q\n    type: single\n    label: Q\n    choices:\n"
        f"    - value: {'9' * 5000}\n"
    )
    assert "cannot be read" in message


def test_infinite_bounds_are_refused() -> None:
    message = problems(HEAD + "  - key: q\n    type: number\n    label: Q\n    maximum: .inf\n")
    assert "maximum" in message


def test_xlsform_range_limits_and_bad_parameters(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "parameters"],
        ["range", "score", "Score", "start=1 end=100000000"],
    ]
    path = write_xlsform(
        tmp_path / "big.xlsx", survey=survey, choices=[["list_name", "name", "label"]]
    )
    with pytest.raises(FormError) as info:
        import_xlsform(path)
    assert "points" in str(info.value)
    survey[1][3] = "start=1.2.3"
    path = write_xlsform(
        tmp_path / "bad.xlsx", survey=survey, choices=[["list_name", "name", "label"]]
    )
    with pytest.raises(FormError) as info:
        import_xlsform(path)
    assert "the parameter 'start' must be a number" in str(info.value)
    assert info.value.problems[0].line == 2


@pytest.mark.parametrize("version", ["²", "1" * 5000, "1.5", "0"])
def test_xlsform_version_texts_are_kept_as_labels(tmp_path: Path, version: str) -> None:
    survey = [["type", "name", "label"], ["text", "who", "Who"]]
    settings = [["form_title", "form_id", "version"], ["T", "t", version]]
    path = write_xlsform(
        tmp_path / "v.xlsx", survey=survey, choices=[["list_name"]], settings=settings
    )
    form, warnings = import_xlsform(path)
    assert form.version == 1 and form.version_label == version[:200]
    assert warnings == ([] if len(version) <= 200 else [
        "settings: version '1111111111…' is longer than 200 characters; the first 200 are kept"
    ])  # fmt: skip
