"""The REFI-QDA import's and export's reports: one kind of report, each its own words."""

from __future__ import annotations

from workbench.coding.qdpx_export import ExportReport
from workbench.coding.qdpx_import import ImportReport
from workbench.coding.qdpx_report import TransferReport


def test_the_import_report_counts_then_says_what_it_left_behind() -> None:
    report = ImportReport(
        respondents=1,
        interviews=2,
        notes=3,
        codes=4,
        codes_reused=2,
        segments=1,
        sets=1,
        without_case=1,
        unassigned="Unassigned (from Study)",
        not_carried=["Sources/a.pdf: not text", "Graphs: 2 graphs"],
    )
    assert isinstance(report, TransferReport)
    assert report.lines() == [
        "1 respondent, 2 interviews with 3 notes, 4 codes (2 already in the engagement), "
        "1 coded segment, 0 memos, 1 code set",
        "1 source belonged to no case; their interviews are with the respondent "
        "'Unassigned (from Study)'",
        "Not carried (2):",
        "  - Sources/a.pdf: not text",
        "  - Graphs: 2 graphs",
    ]
    assert ImportReport().lines() == [
        "0 respondents, 0 interviews with 0 notes, 0 codes, 0 coded segments, 0 memos, 0 code sets"
    ]


def test_the_export_report_counts_then_says_what_it_did_not_export() -> None:
    report = ExportReport(cases=1, sources=2, codes=3, selections=1, notes=0)
    report.not_exported.append("answers to forms: 12")
    assert isinstance(report, TransferReport)
    assert report.lines() == [
        "3 codes, 1 case, 2 text sources, 1 coded selection, 0 notes",
        "  - not exported: answers to forms: 12",
    ]
