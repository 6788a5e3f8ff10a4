"""The deliverables name the material for what it is: survey responses imported from a
platform's export are counted as responses, not interviews, in the tables, the notes
under them, the method section and the workbook; a mix of both reads as both."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from workbench.analysis.labels import (
    completed_phrase,
    material_heading,
    material_noun,
    material_word,
)
from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import open_engagement

GOOGLE = """Timestamp,name,overall_satisfaction,recommend,intention_to_stay,switching_barrier,made_it_easy
2022/06/22 11:07:29 AM AST,Ann,5,9,5,2,6
2022/06/22 11:17:29 AM AST,Bob,3,6,3,4,4
2022/06/23 10:07:29 AM AST,Cy,4,8,4,3,5
2022/06/23 12:07:29 PM AST,Di,2,3,2,5,2
2022/06/24 09:07:29 AM AST,Ed,5,10,5,1,7
2022/06/24 09:37:29 AM AST,Ann,4,8,4,2,6
"""


def run(*args: str) -> int:
    return main(list(args), out=io.StringIO())


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _survey(tmp_path: Path) -> Path:
    wbk, sheet = tmp_path / "s.wbk", tmp_path / "google.csv"
    sheet.write_text(GOOGLE, encoding="utf-8")
    assert run("new", str(wbk), "--client", "Acme", "--title", "Survey",
               "--wave", "baseline") == 0  # fmt: skip
    assert run("import", str(wbk), str(sheet), "--form", "satisfaction-loyalty",
               "--wave", "baseline", "--add-again") == 0  # fmt: skip  (Ann answered twice)
    return wbk


def test_the_kinds_follow_the_references_imports_write():
    from workbench.analysis import labels
    from workbench.coding.qdpx import SOURCE_REF
    from workbench.coding.transcripts import TRANSCRIPT_REF

    assert (labels.QDA_REF, labels.TRANSCRIPT_REF) == (SOURCE_REF, TRANSCRIPT_REF)
    assert labels.material_kind(SOURCE_REF + "a.txt") == "source"
    assert labels.material_kind(TRANSCRIPT_REF + "x") == "interview"
    assert labels.material_kind("kobo:1234") == "response"
    assert labels.material_kind(None) == "interview"


def test_the_words_for_the_material():
    assert material_noun(1, ["response"]) == "1 response"
    assert material_noun(4, ["response"]) == "4 responses"
    assert material_noun(6, ["response", "interview"]) == "6 interviews and responses"
    assert material_noun(3, []) == "3 interviews"
    assert material_word(["source"]) == "sources"
    assert material_heading(["response"]) == "Responses"
    assert material_heading(["interview", "response"]) == "Interviews and responses"
    assert completed_phrase(1, ["response"]) == "1 completed response"


def test_a_survey_only_report_counts_responses(tmp_path):
    wbk = _survey(tmp_path)
    assert run("report", str(wbk), "-o", str(tmp_path / "s.docx")) == 0
    doc = Document(str(tmp_path / "s.docx"))
    text = _text(tmp_path / "s.docx")
    assert "Only completed responses are counted." in text
    assert "interviews are counted" not in text
    assert "(6 responses with 5 respondents)" in text
    # each person once: the one who answered twice is one of 5 respondents
    assert "Of 5 respondents, 20% are loyalists" in text
    assert "Source: 6 responses; questions recommend." in text
    assert "interview" not in text.replace("no interviewer took part", "")
    forms = next(t for t in doc.tables if t.rows[0].cells[0].text == "Form")
    assert [c.text for c in forms.rows[0].cells] == ["Form", "Responses"]
    nps = next(t for t in doc.tables if t.rows[0].cells[0].text == "Measure"
               and t.rows[1].cells[0].text == "Net Promoter Score")  # fmt: skip
    # n counts people: the one who answered twice is one respondent
    assert [c.text for c in nps.rows[0].cells][:2] == ["Measure", "Respondents"]

    assert run("export", str(wbk), "-o", str(tmp_path / "s.xlsx")) == 0
    book = load_workbook(tmp_path / "s.xlsx", read_only=True)
    sheet = book["Net Promoter Score"]
    header = list(next(sheet.iter_rows(min_row=3, max_row=3, values_only=True)))
    assert header[:2] == ["Measure", "Respondents"]  # people, as in the report
    assert "Evidence: responses" in header and "Evidence: interviews" not in header


def test_a_mix_of_interviews_and_responses_reads_as_both(tmp_path):
    wbk = _survey(tmp_path)
    with open_engagement(wbk, backup=False) as store:
        form = builtin_form("satisfaction-loyalty")
        iv = store.new_interview(store.add_respondent("Flo").id, form, interviewer="Jo Smith")
        store.set_answers(iv.id, {"overall_satisfaction": 4, "recommend": 9,
                                  "intention_to_stay": 4, "made_it_easy": 6})  # fmt: skip
        store.update_interview(iv.id, status="complete", date=date(2022, 6, 25))
    assert run("report", str(wbk), "-o", str(tmp_path / "m.docx")) == 0
    doc = Document(str(tmp_path / "m.docx"))
    text = _text(tmp_path / "m.docx")
    assert "Only completed interviews and responses are counted." in text
    assert "(7 interviews and responses with 6 respondents)" in text
    assert "Source: 7 interviews and responses; questions recommend." in text
    forms = next(t for t in doc.tables if t.rows[0].cells[0].text == "Form")
    assert [c.text for c in forms.rows[0].cells] == ["Form", "Interviews and responses"]


def test_interviews_keep_their_words(tmp_path):
    wbk = tmp_path / "i.wbk"
    assert run("new", str(wbk), "--client", "Acme", "--title", "T") == 0
    with open_engagement(wbk, backup=False) as store:
        form = builtin_form("satisfaction-loyalty")
        for name, sat in (("Ann", 5), ("Bob", 3), ("Ann", 4)):
            iv = store.new_interview(store.add_respondent(name).id, form, interviewer="Jo")
            store.set_answers(iv.id, {"overall_satisfaction": sat, "recommend": 8,
                                      "intention_to_stay": 4, "made_it_easy": 5})  # fmt: skip
            store.update_interview(iv.id, status="complete", date=date(2022, 6, 25))
    assert run("report", str(wbk), "-o", str(tmp_path / "i.docx")) == 0
    doc = Document(str(tmp_path / "i.docx"))
    text = _text(tmp_path / "i.docx")
    assert "Only completed interviews are counted." in text
    assert "response" not in text
    forms = next(t for t in doc.tables if t.rows[0].cells[0].text == "Form")
    assert [c.text for c in forms.rows[0].cells] == ["Form", "Interviews"]


PLAIN = """name,overall_satisfaction,recommend,intention_to_stay,switching_barrier,made_it_easy
Ann,5,9,5,2,6
Bob,3,6,3,4,4
Cy,4,8,4,3,5
"""


def test_a_plain_sheet_of_answers_is_responses_unless_an_interviewer_is_named(tmp_path):
    """A CSV no survey platform wrote, with no interviewer column: its rows are responses
    the respondents gave, not interviews the importing consultant held; the same file
    imported again adds nothing; with ``--interviewer`` they are interviews held."""
    wbk, sheet = tmp_path / "p.wbk", tmp_path / "answers.csv"
    sheet.write_text(PLAIN, encoding="utf-8")
    assert run("new", str(wbk), "--client", "Acme", "--title", "Survey",
               "--wave", "baseline") == 0  # fmt: skip
    for _ in range(2):
        assert run("import", str(wbk), str(sheet), "--form", "satisfaction-loyalty",
                   "--wave", "baseline") == 0  # fmt: skip
    with open_engagement(wbk, backup=False, read_only=True) as store:
        rows = store.interview_rows()
        assert len(rows) == 3 and {r.interviewer for r in rows} == {""}
    out = tmp_path / "r.docx"
    assert run("report", str(wbk), "-o", str(out)) == 0
    text = _text(out)
    assert "3 responses from 3 respondents were imported from a spreadsheet of answers" in text
    assert "no interviewer took part" in text
    assert "We conducted" not in text and "during the interviews" not in text
    assert "Only completed responses are counted" in text

    held, other = tmp_path / "h.wbk", tmp_path / "held.csv"
    other.write_text(PLAIN.replace("Ann", "Ann Lee"), encoding="utf-8")
    assert run("new", str(held), "--client", "Acme", "--title", "Visits",
               "--wave", "baseline") == 0  # fmt: skip
    assert run("import", str(held), str(other), "--form", "satisfaction-loyalty",
               "--wave", "baseline", "--interviewer", "Jo Smith") == 0  # fmt: skip
    assert run("report", str(held), "-o", str(out)) == 0
    text = _text(out)
    assert "Only completed interviews are counted" in text and "spreadsheet" not in text
