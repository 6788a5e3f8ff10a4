"""Word table cells break only where a reader expects: not inside "(0–10)", not before a
lone "†", not around the "to" of an interval."""

from __future__ import annotations

from workbench.deliver.word_builder import keep_together
from workbench.deliver.word_fonts import unbreakable


def test_ranges_daggers_and_intervals_are_kept_together():
    assert keep_together("Likelihood to recommend (0–10)") == (
        "Likelihood to recommend (0–\u206010)"
    )
    assert keep_together("Gap 1 †") == "Gap 1\u00a0†"
    assert keep_together("-0.09 to +0.56") == "-0.09\u00a0to\u00a0+0.56"
    assert keep_together("+9 pts to +10 pts") == "+9 pts\u00a0to\u00a0+10 pts"
    # Words that are not an interval keep their ordinary spaces.
    assert keep_together("Likelihood to recommend") == "Likelihood to recommend"
    assert keep_together("Tangibles–Reliability") == "Tangibles–Reliability"


def test_column_widths_measure_a_kept_together_interval_as_one_piece():
    assert unbreakable(keep_together("-0.09 to +0.56")) == ["-0.09\u00a0to\u00a0+0.56"]
    assert unbreakable(keep_together("Gap 1 †")) == ["Gap", "1\u00a0†"]


def test_references_to_tables_read_as_english():
    from workbench.deliver.word_summary import _the

    assert _the("By segment") == "the breakdown by segment"  # it read "the by segment"
    assert _the("Net Promoter Score") == "Net Promoter Score"  # it read "the net Promoter Score"
    assert _the("Items") == "the items"
