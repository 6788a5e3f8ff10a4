"""The YAML loader: every broken fixture names the right line, field and message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.forms.loader import FormError, Problem, load_form, load_form_text

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(r"^# expect: (\d+): (\S+): (.+)$")


def _expectations(path: Path) -> list[tuple[int, str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = EXPECT.match(line)
        if m:
            found.append((int(m.group(1)), m.group(2), m.group(3)))
    return found


FIXTURES = sorted(BROKEN.glob("*.yaml"))


def test_there_are_enough_broken_fixtures() -> None:
    assert len(FIXTURES) >= 12


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_broken_fixture_reports_line_field_and_message(path: Path) -> None:
    expected = _expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    with pytest.raises(FormError) as info:
        load_form(path)
    problems = info.value.problems
    for line, field, message in expected:
        matches = [
            p for p in problems if p.line == line and p.field == field and message in p.message
        ]
        assert matches, f"expected {line}: {field}: {message}\n got:\n{info.value}"
        assert str(matches[0]).startswith(f"{path}:{line}: {field}: ")


def test_problem_str_format() -> None:
    problem = Problem("f.yaml", 3, "q.label", "required field is missing")
    assert str(problem) == "f.yaml:3: q.label: required field is missing"


def test_all_problems_are_collected() -> None:
    with pytest.raises(FormError) as info:
        load_form(BROKEN / "several_problems.yaml")
    assert len(info.value.problems) >= 3
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)


def test_unknown_type_lists_valid_types() -> None:
    with pytest.raises(FormError) as info:
        load_form(BROKEN / "unknown_type.yaml")
    message = info.value.problems[0].message
    for name in ("text", "pair", "checklist", "matrix", "allocation"):
        assert name in message


def test_minimal_form_loads_with_defaults() -> None:
    form = load_form_text(
        "id: tiny\ntitle: Tiny\nversion: 2\nsections:\n"
        "  - key: s\n    title: S\n    questions:\n"
        "      - {key: note, type: text, label: Note}\n",
        "tiny.yaml",
    )
    assert form.version == 2
    assert form.keys() == ["note"]


def test_merge_keys_share_settings_and_explicit_keys_win() -> None:
    text = """\
id: merged
title: Merged
version: 1
sections:
  - key: s
    title: S
    questions:
      - &base
        key: a
        type: scale
        label: A
        min: 1
        max: 7
      - <<: *base
        key: b
        label: B
        typo_field: 1
"""
    with pytest.raises(FormError) as info:
        load_form_text(text, "m.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (17, "b.typo_field")
    fixed = load_form_text(text.replace("        typo_field: 1\n", ""), "m.yaml")
    assert fixed.question("b").max == 7
    assert fixed.question("b").label == "B"


def test_unreadable_file_is_a_form_error(tmp_path: Path) -> None:
    with pytest.raises(FormError) as info:
        load_form(tmp_path / "missing.yaml")
    assert "cannot read" in str(info.value)
