"""``workbench check --answers``: the answers kept as given but flagged (they break their
question's rule, or their choice filter does not offer them), per interview and question;
and the response import's report counting those it kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_driver import run

from workbench.forms.xlsform import import_xlsform
from workbench.store import open_engagement

DATA = Path(__file__).parents[1] / "data" / "xlsform"


@pytest.fixture
def engagement(engagement: Path) -> Path:
    """The new engagement with the choice-filter and widgets forms imported."""
    for name in ("choice_filter_test.xlsx", "widgets.xls"):
        assert run("form", "import", str(engagement), str(DATA / name))[0] == 0
    return engagement


def test_the_import_counts_and_check_lists_the_flagged_answers(
    engagement: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "r.csv"
    csv.write_text("name,state,county,city\nAna,texas,pierce,seattle\n"
                   "Bob,texas,cameron,harlingen\n")  # fmt: skip
    code, out = run("import", str(engagement), str(csv), "--form", "cascading-selects1")
    assert code == 0
    assert out.splitlines()[0] == (
        "Imported 2 responses: 2 new and 0 known respondents; 2 answers kept as given but "
        f"flagged (not offered by their choice filter; `workbench check {engagement} "
        "--answers` lists them)."
    )
    widgets, _ = import_xlsform(DATA / "widgets.xls")
    with open_engagement(engagement) as store:  # a number breaking its rule, from the window
        cy = store.add_respondent("Cy")
        iid = store.new_interview(cy.id, widgets, date=dt.date(2024, 3, 1)).id
        store.set_answers(iid, {"my_int": 12, "my_string": "fine"})
        ana = next(r for r in store.interview_rows() if r.respondent == "Ana").id

    capsys.readouterr()
    code, out = run("check", str(engagement), "--answers")
    assert code == 0  # kept as given: no problem of the file
    assert out.splitlines() == [
        f"{engagement}: OK",
        f"Ana (no date, cascading-selects1 v1, interview {ana}):",
        "  county: 'pierce': 'Pierce' is not offered for Texas",
        "  city: 'seattle': 'Seattle' is not offered for Pierce",
        f"Cy (2024-03-01, widgets v1, interview {iid}):",
        "  my_int (integer widget): '12': number must be less than 10",
        "3 answers kept as given but flagged, in 2 interviews.",
    ]

    code, out = run("check", str(engagement), "--answers", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True and report["problems"] == []
    assert [(f["respondent"], f["question"], f["answer"], f["reason"])
            for f in report["flagged_answers"]] == [  # fmt: skip
        ("Ana", "county", "pierce", "'Pierce' is not offered for Texas"),
        ("Ana", "city", "seattle", "'Seattle' is not offered for Pierce"),
        ("Cy", "my_int", "12", "number must be less than 10"),
    ]
    assert report["flagged_answers"][2] == {
        "interview_id": iid, "respondent": "Cy", "date": "2024-03-01", "form_id": "widgets",
        "form_version": 1, "question": "my_int", "label": "integer widget", "answer": "12",
        "reason": "number must be less than 10",
    }  # fmt: skip


def test_no_flagged_answer_says_so(engagement: Path) -> None:
    code, out = run("check", str(engagement), "--answers")
    assert code == 0
    assert out.splitlines()[-1] == (
        "No answer breaks its question's rule or is outside its choice filter."
    )
    code, out = run("check", str(engagement), "--json")
    assert code == 0 and json.loads(out) == {
        "file": str(engagement), "ok": True, "problems": [], "search_queue": 0
    }


def test_answers_the_filter_offers_are_not_flagged(engagement: Path) -> None:
    form, _ = import_xlsform(DATA / "choice_filter_test.xlsx")
    with open_engagement(engagement) as store:
        dee = store.add_respondent("Dee")
        iid = store.new_interview(dee.id, form).id
        store.set_answers(iid, {"state": "texas", "county": "cameron", "city": "harlingen"})
    code, out = run("check", str(engagement), "--answers", "--json")
    assert json.loads(out)["flagged_answers"] == []
