"""The satisfaction and loyalty analysis shows only the parts whose questions the form read
asks: a form with a satisfaction rating and the recommend question gets its Net Promoter
Score, no empty satisfaction × loyalty matrix (which reads as "no loyalists"), no effort
table of 0 respondents, and one method note saying what was left out and why."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from _analysis_builders import Builder, add_satisfaction

from analyses.satisfaction_loyalty import SatisfactionLoyalty
from workbench.analysis.registry import run_analysis

FORM = "acme-desk"
#: (segment, satisfaction 1–5, recommend 0–10)
PEOPLE = {
    "r1": ("A", 5, 10),
    "r2": ("A", 4, 9),
    "r3": ("B", 3, 9),
    "r4": ("B", 4, 7),
    "r5": ("B", 1, 2),
}
LEFT_OUT = (
    "Left out, because the form read does not ask for them: no question tagged construct: "
    "loyalty, so the satisfaction × loyalty matrix is not drawn; no question tagged "
    "construct: effort, so the customer effort score is not computed (an empty table would "
    "read as a result)."
)


def _satisfaction_and_recommend() -> Builder:
    b = Builder()
    b.question(FORM, "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question(FORM, "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    for rid, (seg, sat, rec) in PEOPLE.items():
        b.respondent(rid, seg)
        b.interview(f"i-{rid}", rid, FORM, {"sat": sat, "rec": rec})
    return b


def test_a_form_without_loyalty_or_effort_shows_its_nps_and_nothing_empty() -> None:
    result = run_analysis(SatisfactionLoyalty(), _satisfaction_and_recommend().build())
    assert [t.name for t in result.tables] == ["nps", "segments"]
    assert result.figures == []
    # By hand: recommend 10, 9, 9, 7, 2 → promoters 3 of 5 (60%), passives 1 (20%),
    # detractors 1 (20%); NPS = 60 − 20 = +40.
    (nps,) = result.table("nps").records()
    assert nps["n"] == 5
    assert (nps["promoters"], nps["passives"], nps["detractors"]) == pytest.approx((0.6, 0.2, 0.2))
    assert nps["nps"] == pytest.approx(40.0)
    assert result.findings == ["NPS +40 (60% promoters, 20% detractors, 5 respondents)."]
    # By segment, NPS only: A (10, 9) both promoters → +100; B (9, 7, 2) one promoter,
    # one detractor of three → 0.
    seg = result.table("segments")
    assert [c.name for c in seg.columns] == ["segment", "n", "nps"]
    assert [r[:2] for r in seg.rows] == [["A", 2], ["B", 3]]
    assert [r[2] for r in seg.rows] == pytest.approx([100.0, 0.0])
    notes = result.method_notes
    assert notes.count(LEFT_OUT) == 1
    text = " ".join(notes)
    assert "CES 2.0" not in text and "Apostles" not in text
    assert "Shares shown together (the NPS categories)" in text


def test_the_thresholds_of_a_matrix_not_drawn_are_not_listed_as_its_parameters() -> None:
    """No loyalty question, no matrix: "High satisfaction from" and "High loyalty from"
    set nothing, so the parameters the window shows and the method note lists (the
    report's and the workbook's) are the by-segment choice alone."""
    analysis = SatisfactionLoyalty()
    result = run_analysis(analysis, _satisfaction_and_recommend().build())
    # (and the form option: one form fits, none is chosen)
    assert set(result.unused_params) == {"satisfaction_cutoff", "loyalty_cutoff", "form"}
    shown = analysis.describe_params(result.params, result.unused_params)
    assert shown == "By segment: Yes"
    assert "Parameters: By segment: Yes." in result.method_notes
    assert not any("High satisfaction" in n or "High loyalty" in n for n in result.method_notes)
    # the parameters given are still the run's (a rerun or a comparison reads them)
    assert result.params["satisfaction_cutoff"] == 5


def test_a_matrix_drawn_lists_its_thresholds() -> None:
    b = Builder()
    b.question(FORM, "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question(FORM, "loy", "scale", {"construct": "loyalty"}, scale=(1, 5))
    b.respondent("r1")
    b.interview("i-r1", "r1", FORM, {"sat": 5, "loy": 4})
    result = run_analysis(SatisfactionLoyalty(), b.build())
    assert result.unused_params == ("form",)  # the one form that fits is read
    assert (
        "Parameters: High satisfaction from: 5; High loyalty from: 4; By segment: Yes."
        in result.method_notes
    )


def test_without_the_recommend_question_the_nps_is_left_out_too() -> None:
    b = Builder()
    b.question(FORM, "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question(FORM, "loy", "scale", {"construct": "loyalty"}, scale=(1, 5))
    for rid, (sat, loy) in {"r1": (5, 5), "r2": (2, 4), "r3": (4, 2)}.items():
        b.respondent(rid)
        b.interview(f"i-{rid}", rid, FORM, {"sat": sat, "loy": loy})
    result = run_analysis(SatisfactionLoyalty(), b.build(), {"by_segment": False})
    assert [t.name for t in result.tables] == ["matrix"]
    assert [f.name for f in result.figures] == ["matrix"]
    matrix = result.table("matrix")
    # No switching-barrier question: no column of blanks for it.
    assert [c.name for c in matrix.columns][-1] == "loyalty"
    counts = {r["group"].strip(): r["count"] for r in matrix.records()}
    # By hand against the cut-offs 5 and 4: (5, 5) loyalist and apostle, (2, 4) hostage,
    # (4, 2) defector.
    assert counts == {
        "Loyalists": 1,
        "of which apostles": 1,
        "Mercenaries": 0,
        "Hostages": 1,
        "Defectors": 1,
        "of which terrorists": 0,
    }
    assert not any(f.startswith("NPS") for f in result.findings)
    (note,) = [n for n in result.method_notes if n.startswith("Left out")]
    assert "construct: recommend, so the Net Promoter Score is not computed" in note
    assert "construct: effort, so the customer effort score is not computed" in note
    assert "construct: switching-barrier, so the matrix has no switching-barrier column" in note
    assert "loyalty, so" not in note


def test_a_form_with_every_question_shows_every_part_and_leaves_nothing_out() -> None:
    result = run_analysis(SatisfactionLoyalty(), add_satisfaction(Builder()).build())
    assert [t.name for t in result.tables] == ["matrix", "nps", "effort", "segments"]
    assert [f.name for f in result.figures] == ["matrix"]
    assert [c.name for c in result.table("matrix").columns][-1] == "switching_barrier"
    assert [c.name for c in result.table("segments").columns] == [
        "segment",
        "n",
        "loyalists",
        "mercenaries",
        "hostages",
        "defectors",
        "nps",
        "effort",
    ]
    assert not any(n.startswith("Left out") for n in result.method_notes)
    # By hand: recommend 10, 8, 7, 2, 9 → 2 promoters, 1 detractor of 5: NPS +20;
    # effort 6, 5, 3, 2, 7 → mean 4.6, 3 of 5 agree (5–7).
    assert result.table("nps").records()[0]["nps"] == pytest.approx(20.0)
    effort = result.table("effort").records()[0]
    assert effort["mean"] == pytest.approx(4.6) and effort["easy_share"] == pytest.approx(0.6)
    assert result.findings[0].startswith("Of 5 respondents, ")


FORM_YAML = """\
id: acme-desk
title: Acme desk check
version: 1
sections:
  - key: s
    title: Service
    questions:
      - key: overall_satisfaction
        type: scale
        label: Overall, how satisfied are you?
        min: 1
        max: 5
        tags: {construct: satisfaction}
      - key: recommend
        type: nps
        label: How likely are you to recommend us?
        tags: {construct: recommend}
"""


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    from workbench.forms import load_form_text
    from workbench.store.database import create_engagement

    form = load_form_text(FORM_YAML)
    path = tmp_path / "desk.wbk"
    store = create_engagement(path, client="Acme", title="Desk")
    try:
        for name, (seg, sat, rec) in PEOPLE.items():
            segment = {"A": "external customer", "B": "internal customer"}[seg]
            person = store.add_respondent(name, segment=segment)
            iid = store.new_interview(person.id, form, date=dt.date(2026, 3, 2)).id
            store.set_answers(iid, {"overall_satisfaction": sat, "recommend": rec})
            store.update_interview(iid, status="complete")
    finally:
        store.close()
    return path


def test_the_report_workbook_and_deck_leave_the_missing_parts_out(
    desk_file: Path, tmp_path: Path
) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from pptx import Presentation

    from workbench.cli import main

    argv = ["--analysis", "satisfaction-loyalty"]
    docx, xlsx, pptx = tmp_path / "r.docx", tmp_path / "w.xlsx", tmp_path / "d.pptx"
    assert main(["report", str(desk_file), "-o", str(docx), *argv], out=io.StringIO()) == 0
    assert main(["export", str(desk_file), "-o", str(xlsx)], out=io.StringIO()) == 0
    assert main(["deck", str(desk_file), "-o", str(pptx), *argv], out=io.StringIO()) == 0

    doc = Document(str(docx))
    word = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    wb = load_workbook(xlsx, read_only=True)
    cells = "\n".join(
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    deck = "\n".join(
        sh.text_frame.text
        for slide in Presentation(str(pptx)).slides
        for sh in slide.shapes
        if sh.has_text_frame
    )
    for where, text in (("report", word), ("workbook", cells)):
        assert "Net Promoter Score" in text, where
        assert "Loyalists" not in text and "Customer effort" not in text, where
        assert "no question tagged construct: loyalty" in text, where
        assert "Parameters: By segment: Yes." in text, where  # no matrix, no thresholds
        assert "High satisfaction from" not in text, where
    assert "Loyalists" not in deck and "Customer effort" not in deck
    assert "NPS +40" in deck


def test_the_command_line_reads_the_form_chosen(desk_file: Path, capsys) -> None:
    """`workbench analyze … --param form=ID` reads that form (and says so); a form the
    engagement does not have is refused with the reason."""
    import json

    from workbench.cli import main

    out = io.StringIO()
    argv = ["analyze", str(desk_file), "satisfaction-loyalty", "--json"]
    assert main([*argv, "--param", "form=acme-desk"], out=out) == 0
    result = json.loads(out.getvalue())
    assert result["params"]["form"] == "acme-desk"
    assert (
        "Data: the form Acme desk check (acme-desk), as chosen (the Form option)."
        in result["method_notes"]
    )
    # By hand as above: recommend 10, 9, 9, 7, 2 → NPS +40 over 5 people
    (nps,) = next(t for t in result["tables"] if t["name"] == "nps")["rows"]
    assert nps[1] == 5 and nps[-1] == pytest.approx(40.0)
    refused = io.StringIO()
    assert main([*argv, "--param", "form=nowhere"], out=refused) != 0
    assert "no form 'nowhere'" in refused.getvalue() + capsys.readouterr().err
