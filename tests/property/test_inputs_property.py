"""Property tests: every input from outside either loads or gets the project's message.

Generated form definitions (YAML text and dicts), condition texts, import sheets (rows of
strings and numbers) and answer values are fed to the readers.  The only exceptions
allowed out are the validation errors the window and the command line turn into
messages (FormError, ConditionError, ImportFailed, ValueError from answer parsing);
anything else (OverflowError, RecursionError, TypeError, KeyError ...) is a bug.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.deliver.importer import ImportFailed, apply_import, plan_import
from workbench.forms.answers import coerce_from_text, from_cells, to_cells, validate
from workbench.forms.conditions import ConditionError, parse
from workbench.forms.library import builtin_forms
from workbench.forms.loader import FormError, load_form_text, validate_data
from workbench.forms.schema import QUESTION_TYPES

pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- values of every awkward kind ----------------------------------------------------------
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=10**300, max_value=10**420),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 5, 7, 10, 100, 101, 100_000_000, -1]),
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "=1+1", "yes", "n/a", "E=6;P=4", "6/4", "inf", "nan", "1e400", "²", "1.2.3", "-"]
    ),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)

KEYS = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), TEXT)
FIELDS = [
    "key", "label", "type", "min", "max", "choices", "rows", "options", "relevant",
    "required", "tags", "allow_na", "minimum", "maximum", "integer", "total", "labels",
    "touchpoints", "severity_labels", "unit", "help", "reverse",
]  # fmt: skip


@st.composite
def questions(draw: Any) -> dict[str, Any]:
    q: dict[str, Any] = {
        "key": draw(KEYS),
        "type": draw(st.one_of(st.sampled_from(list(QUESTION_TYPES)), TEXT)),
        "label": draw(TEXT),
    }
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=5, unique=True)):
        if name in ("choices", "rows", "options"):
            q[name] = draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"value": SCALARS, "key": KEYS, "label": TEXT},
                        optional={"score": NUMBERS},
                    ),
                    max_size=4,
                )
            )
        elif name == "relevant":
            q[name] = draw(conditions())
        else:
            q[name] = draw(VALUES)
    return q


@st.composite
def forms(draw: Any) -> dict[str, Any]:
    sections = draw(
        st.lists(
            st.fixed_dictionaries(
                {"key": KEYS, "title": TEXT, "questions": st.lists(questions(), max_size=4)}
            ),
            max_size=3,
        )
    )
    form: dict[str, Any] = {
        "id": draw(st.one_of(st.just("prop-form"), TEXT)),
        "title": draw(TEXT),
        "version": draw(NUMBERS),
        "sections": sections,
    }
    if draw(st.booleans()):
        form[draw(TEXT)] = draw(VALUES)
    return form


@st.composite
def conditions(draw: Any) -> str:
    atoms = st.one_of(
        st.sampled_from(["a == 1", "answered(a)", '"x" in a', "b != 'y'", "a >= 1e400"]),
        st.text(max_size=12),
    )
    parts = draw(st.lists(atoms, min_size=1, max_size=5))
    joiners = draw(st.lists(st.sampled_from([" and ", " or ", " and not "]), min_size=4))
    text = parts[0]
    for part, joiner in zip(parts[1:], joiners, strict=False):
        text += joiner + part
    nots = draw(st.integers(min_value=0, max_value=60))
    return "not " * nots + text if draw(st.booleans()) else "(" * nots + text + ")" * nots


# -- forms --------------------------------------------------------------------------------
@SETTINGS
@given(forms())
def test_a_form_dict_loads_or_gets_messages(data: dict[str, Any]) -> None:
    try:
        form = validate_data(data, {(): 1}, "prop.yaml")
    except FormError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    form.canonical_json()
    form.relevant_keys({})


@SETTINGS
@given(forms())
def test_form_yaml_text_loads_or_gets_messages(data: dict[str, Any]) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return  # not every generated value can be written as YAML
    try:
        load_form_text(text, "prop.yaml")
    except FormError as exc:
        assert all(str(p).startswith("prop.yaml:") for p in exc.problems)


@SETTINGS
@given(st.one_of(conditions(), st.text(max_size=200)))
def test_a_condition_parses_or_gets_a_column(text: str) -> None:
    try:
        condition = parse(text)
    except ConditionError as exc:
        assert exc.column >= 1
        return
    condition.evaluate({"a": 1, "b": "y"})
    str(condition)


# -- answers ------------------------------------------------------------------------------
EXTRA_FORM = load_form_text(
    """
id: property-extras
title: Property extras
version: 1
sections:
- key: s
  title: S
  questions:
  - {key: amount, type: number, label: Amount, unit: h}
  - {key: whole, type: number, label: Whole, integer: true, minimum: 0, maximum: 1000}
  - {key: wide, type: scale, label: Wide, min: 0, max: 100, allow_na: true}
  - key: coded
    type: single
    label: Coded
    choices: [{value: 1, score: 1}, {value: 22, score: 2}, {value: "x"}]
  - {key: note, type: text, label: Note, tags: {sin: apathy}}
""",
    "extras.yaml",
)
ALL_QUESTIONS = [
    q for form in [*builtin_forms().values(), EXTRA_FORM] for q in form.iter_questions()
]
# one question of each type, and each of the extras: every kind gets its own examples
SAMPLE = list({q.type: q for q in ALL_QUESTIONS}.values()) + list(EXTRA_FORM.iter_questions())
PER_QUESTION = settings(SETTINGS, max_examples=40)


@pytest.mark.parametrize("question", SAMPLE, ids=lambda q: q.key)
@PER_QUESTION
@given(value=st.one_of(VALUES, NUMBERS))
def test_an_answer_value_validates_or_gets_a_message(question: Any, value: Any) -> None:
    problem = validate(question, value)
    if problem is not None:
        assert isinstance(problem, str) and problem
        return
    cells = to_cells(question, value)
    for cell in cells:
        assert cell.num is None or math.isfinite(cell.num)
    from_cells(question, cells)


@pytest.mark.parametrize("question", SAMPLE, ids=lambda q: q.key)
@PER_QUESTION
@given(raw=st.one_of(TEXT, st.text(max_size=80), NUMBERS.map(str)))
def test_typed_text_parses_or_gets_a_message(question: Any, raw: str) -> None:
    try:
        value = coerce_from_text(question, raw)
    except ValueError as exc:
        assert str(exc)
        return
    assert validate(question, value) is None


# -- import sheets ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store():
    from workbench.store import create_engagement

    with tempfile.TemporaryDirectory() as folder:
        s = create_engagement(Path(folder) / "p.wbk", client="P", title="Property")
        s.ensure_form_version(EXTRA_FORM)
        yield s
        s.close()


SHEET_FORM = EXTRA_FORM.id
HEADERS = ["name", "segment", "date", *EXTRA_FORM.keys(), "junk"]
CELLS = st.one_of(SCALARS.filter(lambda v: not isinstance(v, bool)), st.dates())


@SETTINGS
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    st.lists(st.lists(CELLS, max_size=9), max_size=6),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_an_import_sheet_plans_or_gets_messages(
    store: Any, headers: list[str], rows: list[list[Any]], encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        try:
            path.write_bytes(buffer.getvalue().encode(encoding))
        except UnicodeEncodeError:
            path.write_bytes(buffer.getvalue().encode("utf-8"))
        try:
            plan = plan_import(store, path, SHEET_FORM)
        except ImportFailed as exc:
            assert str(exc)
            return
        for problem in plan.all_problems:
            assert problem.message
        try:
            apply_import(store, plan, skip_bad_rows=True)
        except ImportFailed as exc:
            assert str(exc)
