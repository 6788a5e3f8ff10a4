"""The deck's source line gives the respondents the chart rests on."""

from __future__ import annotations

from workbench.analysis.result import AnalysisResult, Column, Table
from workbench.deliver.deck_text import source_line, table_n


def _matrix() -> Table:
    # The loyalty matrix of 12 respondents: 5 hostages, 7 defectors, none elsewhere.
    return Table(
        "matrix",
        "Satisfaction–loyalty matrix",
        [
            Column("group", "Group", "text"),
            Column("count", "Respondents", "int"),
            Column("share", "Share", "percent"),
        ],
        [
            ["Loyalists", 0, 0.0],
            ["  of which apostles", 0, 0.0],
            ["Mercenaries", 0, 0.0],
            ["Hostages", 5, 0.42],
            ["Defectors", 7, 0.58],
            ["  of which terrorists", 3, 0.25],
        ],
    )


def test_a_table_of_groups_gives_its_respondents_total_not_the_range_of_its_groups():
    assert table_n(_matrix()) == "n = 12"
    result = AnalysisResult(
        "satisfaction-loyalty", "Satisfaction and loyalty", scope="wave: re-audit"
    )
    assert source_line(result, _matrix()) == (
        "Source: Satisfaction and loyalty, table \u201cSatisfaction–loyalty matrix\u201d; "
        "n = 12; wave: re-audit."
    )


def test_a_table_of_respondents_per_row_gives_their_range():
    table = Table(
        "dimensions",
        "Dimensions",
        [Column("dimension", "Dimension", "text"), Column("n", "Respondents", "int")],
        [["Reliability", 12], ["Responsiveness", 11]],
    )
    assert table_n(table) == "n = 11–12"


def test_a_note_on_every_figure_stands_in_the_source_line():
    """The slide's points may have no room for it: a chart resting on 4 people says so."""
    note = (
        "\u2020 Every figure here rests on fewer than 5 respondents: read it as an "
        "indication, not as a finding."
    )
    result = AnalysisResult(
        "satisfaction-loyalty",
        "Satisfaction and loyalty",
        findings=["Of 4 respondents, 25% are loyalists.", note],
        scope="wave: baseline",
    )
    assert source_line(result, None) == (
        f"Source: Satisfaction and loyalty; wave: baseline. {note}"
    )
