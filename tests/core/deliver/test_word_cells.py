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
    assert keep_together("3.31 of 5") == "3.31\u00a0of\u00a05"  # a score on its scale
    assert keep_together("one of 2 forms") == "one of 2 forms"
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


def test_a_short_formula_in_a_header_stays_on_one_line():
    assert keep_together("Gap (P − E)") == "Gap (P\u00a0−\u00a0E)"
    assert unbreakable(keep_together("Gap (P − E)")) == ["Gap", "(P\u00a0−\u00a0E)"]
    # Words in brackets are not a formula: they may wrap.
    assert keep_together("Checklist items (of which observed)") == (
        "Checklist items (of which observed)"
    )


def test_the_items_table_header_wraps_at_most_once():
    """The items table of SERVQUAL (a long wording column beside six short ones): the
    gap column is at least as wide as "(P − E)" in bold, so its header takes two lines,
    "Gap" and "(P − E)", never three."""
    from workbench.deliver.word_fonts import TextMeasure
    from workbench.deliver.word_layout import measured_widths

    headers = [
        "Question", "Item", "Dimension", "Respondents", "Expectation (E)", "Perception (P)",
        "Gap (P − E)",
    ]  # fmt: skip
    wording = "When the provider promises to do something by a certain time, it does so."
    rows = [["rel_1", wording, "Reliability", "12", "6.17", "5.17", "-1.00"]] * 5
    body, head = TextMeasure("Carlito", 9), TextMeasure("Carlito", 9, bold=True)
    widths, fits = measured_widths(
        [keep_together(h) for h in headers],
        [[keep_together(c) for c in r] for r in rows],
        body=body,
        head=head,
        margin_pt=10.8,
        available_pt=453.0,
        full_width=True,
    )
    assert fits
    assert widths[-1] >= head.width("(P\u00a0−\u00a0E)") + 10.8


def test_distinct_footnotes_of_the_headline_table_get_distinct_marks():
    from workbench.deliver.headlines import Headline, HeadlineSummary
    from workbench.deliver.word_summary import footnote_mark, headline_table

    few = "rests on fewer than 5 respondents"
    untested = few + ": too few for an interval or a test, so none is shown"
    headlines = [
        Headline("a", "A", "Agreement", 3.2, "3.20", "baseline", caution=few),
        Headline("a", "A", "Trust", 3.4, "3.40", "baseline", caution=few),
        Headline("b", "B", "Sins observed (%)", 43, "43%", "re-audit", caution=untested),
        Headline("b", "B", "Overall", 4.1, "4.10", "re-audit"),
    ]
    summary = HeadlineSummary(headlines, baseline_wave="baseline", latest_wave="re-audit")
    _headers, rows, _numeric, _colours, notes, _groups = headline_table(summary)
    measures = [r[0] for r in rows if r[0] not in ("A", "B")]
    assert measures == ["Agreement †", "Trust †", "Sins observed (%) ‡", "Overall"]
    assert notes == [
        "† Rests on fewer than 5 respondents.",
        "‡ Rests on fewer than 5 respondents: too few for an interval or a test, so none is "
        "shown.",
    ]
    assert [footnote_mark(i) for i in (0, 1, 2, 4, 5, 6)] == ["†", "‡", "§", "‖", "††", "‡‡"]
    assert keep_together("Sins observed (%) ‡") == "Sins observed (%)\u00a0‡"
