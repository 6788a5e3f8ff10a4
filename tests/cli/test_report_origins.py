"""The report tells survey responses, another tool's sources and interviews held apart:
no "we conducted interviews" for answers given online, and no interviewer named for them
(the consultant who imported the file held none)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document

from workbench import settings
from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import open_engagement

DATA = Path(__file__).resolve().parents[1] / "data"


def run(*args: str) -> int:
    return main(list(args), out=io.StringIO())


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _kobo(tmp_path: Path) -> Path:
    wbk = tmp_path / "k.wbk"
    assert run("new", str(wbk), "--client", "Acme", "--title", "Transport",
               "--wave", "baseline") == 0  # fmt: skip
    assert run("form", "import", str(wbk), str(DATA / "xlsform" / "transportation.xls")) == 0
    assert run("import", str(wbk), str(DATA / "survey_exports" / "kobo_transportation.csv"),
               "--form", "transportation-2011-07-25", "--wave", "baseline") == 0  # fmt: skip
    return wbk


def test_survey_responses_are_not_interviews_and_have_no_interviewer(tmp_path):
    settings.set_consultant_name("Tess DPO")
    wbk = _kobo(tmp_path)
    with open_engagement(wbk, backup=False) as store:
        assert {r.interviewer for r in store.interview_rows(progress=False)} == {""}
    assert run("report", str(wbk), "-o", str(tmp_path / "k.docx")) == 0
    text = _text(tmp_path / "k.docx")
    # named once: who prepared the report (she created the engagement), no interviewer
    assert text.count("Tess DPO") == 1 and "Prepared by  Tess DPO" in text
    assert "We conducted" not in text and "4 interviews" not in text
    assert "It draws on 4 responses collected online (KoboToolbox) on 14 February 2013." in text
    assert (
        "4 responses from 4 respondents were collected online (KoboToolbox) on "
        "14 February 2013; no interviewer took part." in text
    )
    assert "Responses followed a structured form" in text


def test_a_mix_tells_each_part_and_names_only_the_interviews_interviewers(tmp_path):
    wbk = _kobo(tmp_path)
    with open_engagement(wbk, backup=False) as store:
        # an older import recorded the importing consultant for the survey responses
        for row in store.interview_rows(progress=False):
            store.update_interview(row.id, interviewer="Tess DPO")
        form = builtin_form("stakeholder-interview")
        iv = store.new_interview(store.add_respondent("Ben Ode").id, form,
                                 interviewer="Jo Smith")  # fmt: skip
        store.update_interview(iv.id, status="complete", date=date(2013, 3, 1))
    assert run("report", str(wbk), "-o", str(tmp_path / "m.docx")) == 0
    text = _text(tmp_path / "m.docx")
    assert "Tess DPO" not in text
    assert (
        "It draws on 1 interview with 1 respondent held on 1 March 2013 and 4 responses "
        "collected online (KoboToolbox) on 14 February 2013." in text
    )
    assert "We conducted 1 interview with 1 respondent on 1 March 2013." in text
    assert "The interviews were conducted by Jo Smith." in text


def test_drafts_left_out_are_said_once_and_are_no_key_finding(tmp_path):
    wbk, out = tmp_path / "q.wbk", tmp_path / "q.docx"
    project = DATA / "qdpx" / "qualcoder-4.0-course-feedback.qdpx"
    assert run("qdpx", "import", str(project), "-o", str(wbk)) == 0
    assert run("report", str(wbk), "--analysis", "code-frequency", "-o", str(out)) == 0
    paragraphs = Document(str(out)).paragraphs
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert not any("not yet marked complete" in b for b in bullets), bullets
    text = "\n".join(p.text for p in paragraphs)
    said = (
        "The 2 imported interviews still in draft are left out of every analysis here; to "
        "include them, open each in Workbench, answer its form where needed and mark it "
        "complete, then write the report again."
    )
    assert text.count(said) == 1
    summary = text.index("Executive summary", text.index("List of figures"))
    assert summary < text.index(said) < text.index("Scope and method", summary)
    # the project memo's Markdown is not printed in the Scope
    assert "Research topic, questions, and objectives: The project focuses" in text
    assert "**" not in text
    # the codes left out are a caveat of the analysis's method
    notes = [p.text for p in paragraphs if p.style.name == "Method Note"]
    assert any("were applied only in interviews not yet marked complete" in n for n in notes)


def test_consent_is_headed_as_recorded_not_read_as_refused(tmp_path):
    from openpyxl import load_workbook

    wbk = _kobo(tmp_path)
    assert run("export", str(wbk), "-o", str(tmp_path / "k.xlsx")) == 0
    wb = load_workbook(tmp_path / "k.xlsx", read_only=True)
    rows = list(wb["Respondents"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "name" in r)
    assert "consent" not in header and "consent_recorded" in header
    # nobody's consent was recorded by the survey import: FALSE means not recorded
    at = header.index("consent_recorded")
    assert [r[at] for r in rows[rows.index(header) + 1 :]] == [False] * 4
    said = {r[1]: r[5] for r in wb["Data dictionary"].iter_rows(values_only=True) if len(r) > 5}
    assert said["consent_recorded"].startswith(
        "TRUE when the respondent's consent to take part is recorded; FALSE when none is "
        "recorded"
    )


def test_the_decks_sample_notes_tell_responses_from_interviews(tmp_path):
    from pptx import Presentation

    wbk = _kobo(tmp_path)
    assert run("deck", str(wbk), "-o", str(tmp_path / "k.pptx")) == 0
    notes = [
        s.notes_slide.notes_text_frame.text
        for s in Presentation(str(tmp_path / "k.pptx")).slides
        if s.has_notes_slide
    ]
    assert not any("completed interviews" in n for n in notes)
    assert any(
        n.startswith("Material: 4 responses collected online (KoboToolbox) on 14 February 2013")
        for n in notes
    )
