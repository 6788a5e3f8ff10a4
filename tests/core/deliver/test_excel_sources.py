"""Which tables a finding's numbers come from (the workbook Summary's "Sheets" column)."""

from __future__ import annotations

from workbench.analysis.result import Column, Table
from workbench.deliver.excel_sources import finding_tables


def _dimensions() -> Table:
    return Table(
        "dimensions",
        "Dimensions",
        [Column("dimension", "Dimension", "text"), Column("weight", "Weight", "percent")],
        [["Reliability", 0.35], ["Responsiveness", 0.22], ["Tangibles", 0.10]],
    )


def _alpha() -> Table:
    return Table(
        "alpha",
        "Reliability (Cronbach's alpha)",
        [Column("dimension", "Dimension", "text"), Column("alpha", "Alpha", "float", fmt="0.000")],
        [["Reliability", 0.812], ["Responsiveness", 0.788]],
    )


def _nps() -> Table:
    return Table(
        "nps",
        "Net Promoter Score",
        [Column("measure", "Measure", "text"), Column("nps", "NPS", "int")],
        [["Net Promoter Score", -25]],
    )


def _segments() -> Table:
    return Table(
        "segments",
        "By segment",
        [Column("segment", "Segment", "text"), Column("nps", "NPS", "int")],
        [["external customer", -25]],
    )


def test_the_table_showing_the_numbers_is_the_source():
    tables = [_dimensions(), _alpha()]
    assert finding_tables("Respondents weight reliability most (35% of the points).", tables) == [0]
    assert finding_tables("Lowest alpha: responsiveness (α = 0.788).", tables) == [1]


def test_the_alpha_finding_points_to_the_sheet_that_holds_alpha():
    """SERVQUAL's reliability finding names "Cronbach's alpha", the bracketed name of the
    reliability table, and quotes its lowest alpha; the Dimensions table names the same
    dimension and shows a 5 (it pointed there)."""
    dims = Table(
        "dimensions",
        "Dimensions",
        [Column("dimension", "Dimension", "text"), Column("n", "Respondents", "int")],
        [["Assurance", 5], ["Empathy", 5]],  # named too: "5 of 5 dimensions"
    )
    alpha = Table(
        "reliability",
        "Reliability (Cronbach's alpha)",
        [Column("dimension", "Dimension", "text"), Column("alpha", "Alpha", "float", fmt="0.000")],
        [["Assurance", 0.788], ["Empathy", 0.912]],
    )
    finding = (
        "Cronbach's alpha on the gaps is acceptable (≥ 0.70) for 5 of 5 dimensions; lowest: "
        "assurance (α = 0.788)."
    )
    assert finding_tables(finding, [dims, alpha]) == [1]
    assert finding_tables(finding.replace("'", "\u2019"), [dims, alpha]) == [1]


def test_a_table_the_finding_names_comes_before_one_with_the_same_number():
    tables = [_segments(), _nps()]
    # "NPS" is the initials of "Net Promoter Score"; By segment shows -25 too
    assert finding_tables("NPS -25 (25% promoters, 50% detractors).", tables) == [1]


def test_rows_named_without_numbers_point_to_their_table():
    tables = [_nps(), _dimensions()]
    assert finding_tables("Concentrate here: Reliability, Responsiveness.", tables) == [1]


def test_a_note_and_a_sentence_of_no_shown_number_name_no_table():
    tables = [_dimensions(), _nps()]
    note = "\u2020 Every figure here rests on fewer than 5 respondents."
    assert finding_tables(note, tables) == []
    assert finding_tables("Nothing here is shown (99.99).", tables) == []
