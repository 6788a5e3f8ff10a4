"""One number, one string: the rounding rule, shares that sum to 100, ties."""

from __future__ import annotations

import math

import pytest

from workbench.analysis.numbers import (
    all_equal,
    display,
    fmt_number,
    fmt_percent,
    largest_remainder,
    round_half_away,
    rounded,
    ties,
)
from workbench.analysis.result import AnalysisResult, Column, Table, format_value

GAP = "+0.00;-0.00;0.00"


def test_empathy_gap_rounds_half_away_from_zero_everywhere():
    # The mean of gaps that is exactly −1.015 arrives from floating point a hair above.
    # The float −1.015 is −1.01499999999999990…; a mean of the same gaps may arrive as
    # −1.0150000000000001 or −1.0149999999999997: all are −1.015, and all show −1.02.
    for v in (-1.015, sum([-1.0, -1.03]) / 2, -1.0149999999999997):
        assert display(v, "float", GAP) == "-1.02"
        assert rounded(v, "float", GAP) == -1.02
        assert fmt_number(v, 2, signed=True) == "-1.02"
        assert format_value(v, Column("gap", "Gap", "float", GAP)) == "-1.02"
    assert f"{-1.015:+.2f}" == "-1.01"  # what Python's formatting would have said


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.125, 2, "0.13"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (0.005, 2, "0.01"),
        (1.0049999, 2, "1.00"),
    ],
)
def test_half_away_from_zero(value, decimals, expected):
    assert f"{round_half_away(value, decimals):.{decimals}f}" == expected


def test_zero_shows_without_a_sign_and_missing_as_a_dash():
    assert display(-0.001, "float", GAP) == "0.00"
    assert display(0.004, "float", GAP) == "0.00"
    assert display(0.3, "float", GAP) == "+0.30"
    assert display(math.nan, "float", GAP) == "–"
    assert display(None, "int", "0") == "–"
    assert fmt_number(math.nan) == "n/a"


def test_percent_and_int():
    assert display(0.265, "percent", "0%") == "27%"
    assert rounded(0.265, "percent", "0%") == 0.27
    assert fmt_percent(0.125) == "13%"
    assert display(3, "int", "0") == "3"
    assert rounded(2.5, "int", "0") == 3


def test_largest_remainder_sums_to_100():
    thirds = largest_remainder([1 / 3, 1 / 3, 1 / 3])
    assert thirds == [0.34, 0.33, 0.33]
    assert sum(round(v * 100) for v in thirds) == 100
    # Rounded alone these would show 27 + 27 + 27 + 21 = 102%.
    shares = {"a": 0.265, "b": 0.265, "c": 0.265, "d": 0.205}
    assert sum(round_half_away(v * 100, 0) for v in shares.values()) == 102
    out = largest_remainder(shares)
    assert sum(round(v * 100) for v in out.values()) == 100
    with_gap = largest_remainder([0.5, math.nan, 0.5])
    assert with_gap[0] == with_gap[2] == 0.5 and math.isnan(with_gap[1])


def test_ties_are_what_a_reader_cannot_tell_apart():
    values = {"reliability": 0.27, "responsiveness": 0.2700000001, "empathy": 0.1}
    assert ties(values, 0, scale=100) == ["reliability", "responsiveness"]
    assert ties({"a": 1.0, "b": 2.0}, 2, highest=False) == ["a"]
    assert all_equal([-0.5, -0.5, -0.5])
    assert not all_equal([-0.5, -0.51])


def test_json_and_display_carry_the_displayed_value():
    col = Column("gap", "Gap", "float", GAP)
    result = AnalysisResult("x", "X", tables=[Table("t", "T", [col], [[-1.015]])])
    table = result.to_json_dict()["tables"][0]
    assert table["display"] == [["-1.02"]]  # as every renderer shows it
    assert display(table["rows"][0][0], "float", table["formats"][0]) == "-1.02"
    assert table["formats"] == [GAP]
