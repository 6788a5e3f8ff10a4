"""Answers: value <-> cells round trips, validation messages, text import."""

from __future__ import annotations

import pytest

from workbench.forms.answers import Cell, coerce_from_text, from_cells, to_cells, validate
from workbench.forms.loader import load_form_text

FORM = load_form_text(
    """\
id: all-types
title: All types
version: 1
sections:
  - key: s
    title: S
    questions:
      - {key: name, type: text, label: Name}
      - {key: story, type: longtext, label: Story}
      - key: size
        type: single
        label: Size
        choices: [{value: s, label: Small, score: 1}, {value: l, label: Large, score: 3}]
      - key: channels
        type: multi
        label: Channels
        choices: [{value: email, label: E-mail}, {value: phone, label: Phone}, {value: chat}]
      - {key: rating, type: scale, label: Rating, min: 1, max: 5, allow_na: true,
         labels: {1: Poor, 5: Great}}
      - {key: nps, type: nps, label: Recommend}
      - {key: hours, type: number, label: Hours, minimum: 0, maximum: 40, unit: h}
      - {key: staff, type: number, label: Staff, integer: true, minimum: 1}
      - {key: since, type: date, label: Since}
      - {key: speed, type: pair, label: Speed, min: 1, max: 7}
      - key: brush_off
        type: checklist
        label: Brush-off
        touchpoints: [phone, email]
      - key: grid
        type: matrix
        label: Grid
        min: 0
        max: 5
        allow_na: true
        rows: [{key: incident, label: Incident}, {key: problem, label: Problem}]
      - key: weights
        type: allocation
        label: Weights
        options: [{key: a, label: Alpha}, {key: b, label: Beta}]
""",
    "all-types.yaml",
)
Q = FORM.question

ROUND_TRIPS = [
    ("name", "Ann", [Cell("", "Ann", None, "Ann")]),
    ("story", "Long\ntext", [Cell("", "Long\ntext", None, "Long\ntext")]),
    ("size", "l", [Cell("", "l", 3.0)]),
    ("channels", ["email", "chat"], [Cell("email", True, 1.0), Cell("chat", True, 1.0)]),
    ("rating", 4, [Cell("", 4, 4.0)]),
    ("rating", "na", [Cell("", "na", None)]),
    ("nps", 9, [Cell("", 9, 9.0)]),
    ("hours", 12.5, [Cell("", 12.5, 12.5)]),
    ("staff", 7, [Cell("", 7, 7.0)]),
    ("since", "2024-03-01", [Cell("", "2024-03-01")]),
    ("speed", {"E": 6, "P": 4}, [Cell("E", 6, 6.0), Cell("P", 4, 4.0)]),
    (
        "brush_off",
        {"observed": True, "severity": 2, "touchpoint": "phone", "evidence": "Log a ticket"},
        [
            Cell("observed", True, 1.0),
            Cell("severity", 2, 2.0),
            Cell("touchpoint", "phone"),
            Cell("evidence", "Log a ticket", None, "Log a ticket"),
        ],
    ),
    ("brush_off", {"observed": False}, [Cell("observed", False, 0.0)]),
    ("grid", {"incident": 3, "problem": "na"}, [Cell("incident", 3, 3.0), Cell("problem", "na")]),
    ("weights", {"a": 70, "b": 30}, [Cell("a", 70, 70.0), Cell("b", 30, 30.0)]),
]


@pytest.mark.parametrize(("key", "value", "cells"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_round_trip(key: str, value: object, cells: list[Cell]) -> None:
    question = Q(key)
    assert validate(question, value) is None
    assert to_cells(question, value) == cells
    assert from_cells(question, cells) == value
    assert from_cells(question, reversed(cells)) == value


def test_every_type_is_covered_by_a_round_trip() -> None:
    covered = {Q(key).type for key, _, _ in ROUND_TRIPS}
    assert covered == {q.type for q in FORM.iter_questions()}
    assert len(covered) == 12


def test_unanswered_has_no_cells() -> None:
    assert to_cells(Q("name"), None) == []
    assert to_cells(Q("channels"), []) == []
    assert from_cells(Q("speed"), []) is None


def test_from_cells_tolerates_floats_from_storage() -> None:
    assert from_cells(Q("rating"), [Cell("", 4.0, 4.0)]) == 4
    assert from_cells(Q("weights"), [Cell("a", 60.0), Cell("b", 40.0)]) == {"a": 60, "b": 40}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("weights", {"a": 60, "b": 30}, "allocation must total 100 points; these total 90"),
        ("weights", {"a": 100, "c": 0}, "'c' is not an option"),
        ("weights", {"a": 110, "b": -10}, "0 or more"),
        ("rating", 6, "outside the scale 1–5"),
        ("rating", "lots", "whole number from 1 to 5 or n/a"),
        ("nps", 11, "outside the scale 0–10"),
        ("size", "xl", "'xl' is not one of the choices for 'Size' (s, l)"),
        ("channels", ["email", "fax"], "'fax' not among the choices"),
        ("hours", 41, "41 h is above the maximum of 40 h"),
        ("hours", -1, "below the minimum of 0 h"),
        ("staff", 2.5, "whole number"),
        ("since", "01/03/2024", "not a date"),
        ("speed", {"E": 8, "P": 4}, "the expectation E (8) is outside the scale 1–7"),
        ("speed", {"E": 4, "P": 0}, "the perception P (0) is outside the scale 1–7"),
        ("speed", {"X": 1}, "expectation E and a perception P"),
        ("brush_off", {"severity": 4}, "the severity (4) is outside the scale 0–3"),
        ("brush_off", {"touchpoint": "fax"}, "not a touchpoint"),
        ("grid", {"incident": 6}, "the rating of 'Incident' (6) is outside the scale 0–5"),
        ("grid", {"change": 1}, "'change' is not a row"),
        ("name", 5, "takes text"),
    ],
)
def test_validation_messages(key: str, value: object, message: str) -> None:
    problem = validate(Q(key), value)
    assert problem is not None and message in problem, problem


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("name", "  Ann ", "Ann"),
        ("size", "LARGE", "l"),
        ("size", "s", "s"),
        ("channels", "email; Phone", ["email", "phone"]),
        ("channels", "e-mail;chat;e-mail", ["email", "chat"]),
        ("rating", "5", 5),
        ("rating", "4.0", 4),
        ("rating", "great", 5),
        ("rating", "N/A", "na"),
        ("nps", "10", 10),
        ("hours", "12.5 h", 12.5),
        ("staff", "12", 12),
        ("since", "2024-03-01 00:00:00", "2024-03-01"),
        ("speed", "E=6;P=4", {"E": 6, "P": 4}),
        ("speed", "p=3, e=5", {"P": 3, "E": 5}),
        ("speed", "6/4", {"E": 6, "P": 4}),
        ("brush_off", "yes", {"observed": True}),
        (
            "brush_off",
            "observed=yes;severity=severe;touchpoint=Phone;evidence=said; not my job",
            {
                "observed": True,
                "severity": 3,
                "touchpoint": "phone",
                "evidence": "said; not my job",
            },
        ),
        ("grid", "incident=3;Problem=n/a", {"incident": 3, "problem": "na"}),
        ("weights", "alpha=40;b=60", {"a": 40, "b": 60}),
        ("name", "   ", None),
    ],
)
def test_coerce_from_text(key: str, raw: str, value: object) -> None:
    assert coerce_from_text(Q(key), raw) == value


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("size", "medium", "'medium' is not a known choice (expected one of: s, l)"),
        ("rating", "7", "outside the scale"),
        ("nps", "nine", "whole number"),
        ("hours", "lots", "'lots' is not a number"),
        ("since", "next week", "use YYYY-MM-DD"),
        ("speed", "Q=3", "E=6;P=4 or 6/4"),
        ("brush_off", "maybe", "expected yes or no"),
        ("weights", "a=50;b=40", "must total 100 points; these total 90"),
        ("grid", "incident", "expected name=value"),
    ],
)
def test_coerce_errors(key: str, raw: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        coerce_from_text(Q(key), raw)
    assert message in str(info.value)
