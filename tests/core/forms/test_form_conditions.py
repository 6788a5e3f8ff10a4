"""The relevance condition language: parsing, errors with columns, evaluation."""

from __future__ import annotations

import pytest

from workbench.forms.conditions import (
    And,
    Answered,
    Compare,
    ConditionError,
    Contains,
    Not,
    Or,
    parse,
)


def test_parse_builds_an_ast_with_precedence() -> None:
    cond = parse('a == "x" or b > 3 and not answered(c)')
    assert cond == Or(Compare("a", "==", "x"), And(Compare("b", ">", 3.0), Not(Answered("c"))))
    assert cond.keys() == {"a", "b", "c"}


def test_parentheses_and_in() -> None:
    cond = parse("('email' in channels or \"phone\" in channels) and score >= 7")
    assert cond.keys() == {"channels", "score"}
    assert isinstance(cond, And) and isinstance(cond.left, Or)
    assert isinstance(cond.left.left, Contains)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ('role == "user"', {"role": "user"}, True),
        ('role == "USER"', {"role": "user"}, True),
        ('role != "user"', {"role": "customer"}, True),
        ('role != "user"', {}, False),  # unanswered: every comparison is false
        ('role == "user"', {"role": None}, False),
        ("score > 6", {"score": 7}, True),
        ("score > 6", {"score": 6}, False),
        ("score <= 4", {"score": "na"}, False),
        ("score < 4.5", {"score": 4}, True),
        ("count >= -1", {"count": -1.0}, True),
        ('"b" in picks', {"picks": ["a", "b"]}, True),
        ('"c" in picks', {"picks": ["a", "b"]}, False),
        ('"c" in picks', {}, False),
        ('"x" in one', {"one": "x"}, True),
        ("answered(note)", {"note": "hello"}, True),
        ("answered(note)", {"note": ""}, False),
        ("answered(picks)", {"picks": []}, False),
        ("not answered(note)", {}, True),
        ('a == "1" and b == 2', {"a": "1", "b": 2}, True),
        ('a == "1" and b == 2', {"a": "1", "b": 3}, False),
        ("x == 1 or y == 1", {"y": 1}, True),
        ("level == 3", {"level": "3"}, True),
    ],
)
def test_evaluate(text: str, values: dict, expected: bool) -> None:
    assert parse(text).evaluate(values) is expected


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("", 1, "empty"),
        ('role = "x"', 6, "use '=='"),
        ('role == "x', 9, "unterminated string"),
        ("role ==", 8, "expected a string or number"),
        ('role "x"', 6, "comparison operator"),
        ('(role == "x"', 13, "expected ')'"),
        ('role == "x" and', 16, "expected a comparison"),
        ('role == "x" extra', 13, "expected 'and', 'or'"),
        ("answered role", 10, "'(' after answered"),
        ("3 in 4", 6, "question key"),
        ("role == x", 9, "a string or number"),
        ("a == 1 $", 8, "unexpected character"),
    ],
)
def test_errors_carry_a_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert info.value.column == column
    assert fragment in info.value.message


def test_never_evaluates_python() -> None:
    with pytest.raises(ConditionError):
        parse("__import__('os').system('true')")


def test_str_round_trips() -> None:
    for text in ['a == "x" or (b > 3 and not answered(c))', '"o p" in m and n != -2.5']:
        cond = parse(text)
        assert parse(str(cond)) == cond
