"""Findings quoting a figure their cited analysis no longer gives: found, with what the
analysis gives now, on hand-built results; figures that still match pass."""

from __future__ import annotations

from workbench.analysis.result import AnalysisResult, Column, Table
from workbench.deliver.context import FindingItem
from workbench.deliver.finding_checks import figures, stale_numbers


def _servqual(responsiveness_gap: float) -> AnalysisResult:
    table = Table(
        "dimensions",
        "Dimensions",
        [
            Column("dimension", "Dimension", "text"),
            Column("E", "Expectation (E)", "float"),
            Column("P", "Perception (P)", "float"),
            Column("gap", "Gap (P − E)", "float"),
        ],
        [
            ["Reliability", 6.05, 4.97, -1.08],
            ["Responsiveness", 6.19, 6.19 + responsiveness_gap, responsiveness_gap],
        ],
    )
    return AnalysisResult("servqual", "SERVQUAL: service quality gaps", tables=[table])


F1 = FindingItem(
    1,
    "Customers wait too long once a ticket leaves the desk; responsiveness shows the "
    "widest SERVQUAL gap (-1.30).",
    "high",
    analyses=["servqual"],
)


def test_a_figure_the_analysis_no_longer_gives_is_named_with_the_new_one():
    assert stale_numbers([F1], [_servqual(-1.06)]) == [
        "Finding F1 quotes -1.30; the analysis now gives -1.06 (SERVQUAL, Responsiveness)."
    ]


def test_a_figure_that_still_matches_passes():
    assert stale_numbers([F1], [_servqual(-1.30)]) == []
    assert stale_numbers([F1], [_servqual(-1.304)]) == []  # shown as -1.30


def test_a_figure_of_another_row_does_not_count_for_the_row_named():
    # -1.08 is reliability's gap; the finding speaks of responsiveness.
    f = FindingItem(2, "Responsiveness has a gap of -1.08.", analyses=["servqual"])
    assert stale_numbers([f], [_servqual(-1.06)]) == [
        "Finding F2 quotes -1.08; the analysis now gives -1.06 (SERVQUAL, Responsiveness)."
    ]


def test_without_a_row_named_any_figure_of_the_analysis_counts():
    f = FindingItem(3, "The widest gap is -1.08.", analyses=["servqual"])
    assert stale_numbers([f], [_servqual(-1.06)]) == []
    g = FindingItem(4, "The widest gap is -1.50.", analyses=["servqual"])
    assert stale_numbers([g], [_servqual(-1.06)]) == [
        "Finding F4 quotes -1.50; check it against SERVQUAL "
        "(the figure was not found where the finding points)."
    ]


def test_findings_citing_no_analysis_of_the_report_are_not_checked():
    loose = FindingItem(5, "Responsiveness shows a gap of -9.99.")
    elsewhere = FindingItem(6, "Responsiveness shows a gap of -9.99.", analyses=["gaps-model"])
    assert stale_numbers([loose, elsewhere], [_servqual(-1.06)]) == []


def test_counts_are_not_figures_but_decimals_and_percentages_are():
    found = [f.text for _at, f in figures("observed in 2 of 2 checklists (100%); -1.30, −0.4")]
    assert found == ["100%", "-1.30", "−0.4"]


def _loyalty(internal: float, external: float, overall: float) -> AnalysisResult:
    pct = "percent"
    groups = Table(
        "groups",
        "Groups",
        [Column("group", "Group", "text"), Column("share", "Share", pct)],
        [["Hostages", overall], ["Defectors", 0.58]],
    )
    segments = Table(
        "segments",
        "Segments",
        [Column("segment", "Segment", "text"), Column("hostages", "Hostages", pct)],
        [["external customer", external], ["internal customer", internal]],
    )
    return AnalysisResult("loyalty", "Satisfaction and loyalty", tables=[groups, segments])


def test_no_figure_is_proposed_when_the_clause_names_more_than_one_row():
    f = FindingItem(
        4,
        "Internal customers stay: 63% of them are hostages, against 13% of external customers.",
        analyses=["loyalty"],
    )
    check = (
        "check it against Satisfaction and loyalty "
        "(the figure was not found where the finding points)."
    )
    # Now 80% of internal and 14% of external customers are hostages, 42% overall: the
    # overall share must not be offered for the external customers' one.
    assert stale_numbers([f], [_loyalty(0.8, 0.14, 0.42)]) == [
        f"Finding F4 quotes 63%; {check}",
        f"Finding F4 quotes 13%; {check}",
    ]
    assert stale_numbers([f], [_loyalty(0.63, 0.13, 0.45)]) == []
