"""Figures resting on fewer than 5 respondents are flagged, alpha on fewer than 10 cases
carries a caveat, and every renderer marks a flagged row with "†" and a note."""

from __future__ import annotations

import datetime as dt

import pytest
from _analysis_builders import add_servqual

from workbench.analysis.registry import run_analysis
from workbench.analysis.result import AnalysisResult, Column, Table


def test_rows_on_few_respondents_are_flagged(sq_builder):
    from analyses.servqual import Servqual

    result = run_analysis(Servqual(), sq_builder.build(), {})
    dims = result.table("dimensions")
    assert set(dims.flags) == set(range(len(dims.rows)))  # 3 respondents each
    assert dims.flags[0] == "rests on fewer than 5 respondents"
    reliability = result.table("reliability")
    assert "Cronbach's alpha on fewer than 10 cases is unstable" in reliability.flags[0]
    assert result.findings[-1].startswith("† Every figure here rests on fewer than 5")
    assert "flags" in result.to_json_dict()["tables"][0]


def test_enough_respondents_are_not_flagged_but_alpha_below_ten_is(builder):
    from analyses.servqual import Servqual

    b = add_servqual(builder)
    for k in range(3, 9):  # six more people: 9 respondents
        b.respondent(f"x{k}", "staff")
        pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
        b.interview(
            f"x{k}-i",
            f"x{k}",
            "servqual",
            {
                "t1": pair(6, k % 5 + 2),
                "t2": pair(7, k % 4 + 3),
                "q1": pair(6, 4),
                "q2": pair(2, k % 3 + 2),
            },
        )
    result = run_analysis(Servqual(), b.build(), {"by_segment": False})
    dims = result.table("dimensions")
    assert not dims.flags
    reliability = result.table("reliability")
    assert set(reliability.flags.values()) == {
        "Cronbach's alpha on fewer than 10 cases is unstable"
    }
    assert any("with as few as 9 cases alpha is unstable" in f for f in result.findings)
    assert not any(f.startswith("†") for f in result.findings)


def _flagged_result() -> AnalysisResult:
    table = Table(
        "t",
        "Small table",
        [
            Column("what", "What"),
            Column("mean", "Mean", "float", "0.00"),
            Column("n", "Respondents", "int", "0"),
        ],
        [["Big", 1.5, 12], ["Small", 2.25, 3]],
        flags={1: "rests on fewer than 5 respondents"},
    )
    return AnalysisResult("x", "Flagged", ["A finding."], [table])


def test_word_and_excel_mark_flagged_rows(tmp_path):
    import docx
    from openpyxl import load_workbook

    from workbench.deliver.context import EngagementInfo, ReportContext, ReportOptions
    from workbench.deliver.excel import write_workbook
    from workbench.deliver.word import build_report

    result = _flagged_result()
    info = EngagementInfo(client="C", title="T", start_date=dt.date(2026, 1, 1))
    ctx = ReportContext(
        engagement=info, results=[result], options=ReportOptions(sections=["analyses"])
    )
    path = build_report(tmp_path / "r.docx", ctx)
    doc = docx.Document(path)
    # the dagger is held to its word by a no-break space in Word
    cells = [
        [c.text.replace("\u00a0", " ") for c in row.cells] for t in doc.tables for row in t.rows
    ]
    assert ["Small †", "2.25", "3"] in cells and ["Big", "1.50", "12"] in cells
    assert any(p.text == "† rests on fewer than 5 respondents." for p in doc.paragraphs)

    xlsx = write_workbook(tmp_path / "w.xlsx", engagement=info, results=[result])
    wb = load_workbook(xlsx)
    ws = wb.worksheets[1]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert ["Small †", 2.25, 3] in [v[:3] for v in values]
    assert any(v[0] == "† rests on fewer than 5 respondents." for v in values)


def test_headline_means_carry_their_confidence_interval(sq_builder):
    """The unweighted SERVQUAL score ± t(0.975, 2) · s / √3.

    With 2 degrees of freedom the t distribution has the closed form
    F(t) = 1/2 + t / (2√(2 + t²)), so F(t) = 0.975 gives t² = 2 · 0.95² / (1 − 0.95²)."""
    import math

    import numpy as np

    from analyses.servqual import Servqual

    result = run_analysis(Servqual(), sq_builder.build(), {"by_segment": False})
    per_person = np.array([-1.5, -2.0, 0.0])  # r1, r2, r3: mean of their dimension gaps
    t = math.sqrt(2 * 0.95**2 / (1 - 0.95**2))
    half = t * per_person.std(ddof=1) / math.sqrt(3)
    row = result.table("scores").records()[0]
    assert row["score"] == per_person.mean()
    assert row["ci_low"] == pytest.approx(row["score"] - half, abs=1e-12)
    assert row["ci_high"] == pytest.approx(row["score"] + half, abs=1e-12)
    low, high = f"{row['ci_low']:+.2f}", f"{row['ci_high']:+.2f}"
    assert f"(95% CI {low} to {high}) over 3 respondents" in result.findings[0]


def test_a_person_interviewed_twice_is_counted_once(sq_builder):
    """One person interviewed twice in the wave: 4 interviews with 3 respondents, and
    every count and sentence is of the 3 people."""
    from analyses.servqual import Servqual

    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    sq_builder.interview(
        "i1b",
        "r1",
        "servqual",
        {"t1": pair(6, 5), "t2": pair(6, 5), "q1": pair(6, 5), "q2": pair(2, 3)},
    )
    result = run_analysis(Servqual(), sq_builder.build(), {"by_segment": False})
    assert "over 3 respondents" in result.findings[0]
    dims = result.table("dimensions")
    assert {r["n"] for r in dims.records()} == {3}
    assert dims.columns[dims.column_index("n")].label == "Respondents"
    assert set(dims.evidence[0].interview_ids) == {"i1", "i1b", "i2", "i3"}
    # Cronbach's alpha sees each person once.
    assert {r["n"] for r in result.table("reliability").records()} == {3}
