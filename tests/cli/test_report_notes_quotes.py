"""A consultant's interview notes are their record, not the respondent's words: the report,
the anonymised report, the deck's notes and the workbook set a coded passage of a note
apart ("From the interview notes"), unquoted and not attributed to the person; answers,
the respondent's transcript turns and words a note puts in quotation marks are quoted."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from workbench.cli import main

FORM = """
id: desk-review
title: Service desk review
version: 1
sections:
  - key: main
    title: Main
    questions:
      - key: said
        type: longtext
        label: What works and what does not?
"""

ANSWER = "The depot printers are never fixed on the first visit."
NOTE = "Olga keeps a spreadsheet of open printer tickets because the desk closes them."
QUOTING = 'Olga said "we chase every ticket twice" and laughed.'
TURN = "I phone the desk every morning."


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    from sqlalchemy import select

    from workbench.forms import load_form_text
    from workbench.store.database import create_engagement
    from workbench.store.models import Answer, Note

    path = tmp_path / "notes.wbk"
    store = create_engagement(path, client="Acme", title="Desk")
    try:
        olga = store.add_respondent("Olga Brennan", segment="internal customer")
        iid = store.new_interview(
            olga.id, load_form_text(FORM), interviewer="Pat Quinn", date=dt.date(2026, 3, 2)
        ).id
        store.set_answers(iid, {"said": ANSWER})
        note = store.add_note(iid, NOTE)
        quoting = store.add_note(iid, QUOTING)
        turn = store.add_note(iid, TURN)
        with store.writing() as s:
            s.get(Note, turn.id).speaker = "respondent:Olga Brennan"
            answer_id = s.execute(select(Answer.id).where(Answer.interview_id == iid)).scalar()
        store.update_interview(iid, status="complete")
        code = store.ensure_code_path("Printing")
        store.code_segment(code, "answer", answer_id, 0, len(ANSWER))
        store.code_segment(code, "note", note.id, 0, len(NOTE))
        start = QUOTING.index("we chase")
        store.code_segment(
            code, "note", quoting.id, start, start + len("we chase every ticket twice")
        )
        store.code_segment(code, "note", turn.id, 0, len(TURN))
    finally:
        store.close()
    return path


def _appendix(path: Path) -> list[str]:
    import docx

    paras = docx.Document(path).paragraphs
    at = next(
        i for i, p in enumerate(paras)
        if p.style.name.startswith("Heading 1") and p.text.startswith("Appendix: Selected")
    )  # fmt: skip
    paras = [p.text for p in paras]
    return paras[at + 1 :]


def test_the_report_sets_the_notes_apart(engagement: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    argv = ["report", str(engagement), "-o", str(target), "--sections", "quotes"]
    assert main(argv, out=io.StringIO()) == 0
    lines = _appendix(target)
    assert lines[0].startswith("Extracts from the interviews")
    assert (
        "Passages from the consultants' interview notes are the consultant's record" in (lines[0])
    )
    body = lines[2:]  # after the theme's heading
    assert f"From the interview notes: {NOTE}" in body
    assert body[body.index(f"From the interview notes: {NOTE}") + 1] == (
        "\u2014 Notes of the interview with Olga Brennan, 2 March 2026"
    )
    assert f"\u201c{NOTE}\u201d" not in body
    for said in (ANSWER, "we chase every ticket twice", TURN):
        assert f"\u201c{said}\u201d" in body
        assert body[body.index(f"\u201c{said}\u201d") + 1] == "\u2014 Olga Brennan, 2 March 2026"


def test_the_anonymised_report_sets_the_notes_apart(engagement: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    argv = ["report", str(engagement), "-o", str(target), "--sections", "quotes", "--anonymise"]
    assert main(argv, out=io.StringIO()) == 0
    body = _appendix(target)
    scrubbed = NOTE.replace("Olga", "[name]")
    assert f"From the interview notes: {scrubbed}" in body
    assert body[body.index(f"From the interview notes: {scrubbed}") + 1] == (
        "\u2014 Notes of the interview with Respondent 1"
    )
    assert body[body.index(f"\u201c{ANSWER}\u201d") + 1] == "\u2014 Respondent 1"
    assert not any("Olga" in line for line in body)


def test_the_workbook_says_whose_words_each_segment_is(engagement: Path, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "t.xlsx"
    assert main(["export", str(engagement), "-o", str(target)], out=io.StringIO()) == 0
    ws = openpyxl.load_workbook(target)["Coded segments"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "whose_words" in r)
    cols = rows[head]
    got = {r[cols.index("text")]: r[cols.index("whose_words")] for r in rows[head + 1 :] if any(r)}
    assert got == {
        ANSWER: "respondent",
        NOTE: "interview notes",
        "we chase every ticket twice": "respondent",
        TURN: "respondent",
    }


def test_the_deck_notes_set_the_notes_apart() -> None:
    from workbench.deliver.context import Quote
    from workbench.deliver.deck_text import quote_lines

    quotes = [
        Quote("Printing", "Olga Brennan", "", NOTE, dt.date(2026, 3, 2), recorded="notes"),
        Quote("Printing", "Olga Brennan", "", ANSWER, dt.date(2026, 3, 2)),
    ]
    lines = quote_lines(quotes, None)
    assert lines[0] == (
        f"From the interview notes: {NOTE} \u2014 notes of the interview with Olga Brennan, "
        "2 March 2026 [Printing]"
    )
    assert lines[1] == f"\u201c{ANSWER}\u201d \u2014 Olga Brennan, 2 March 2026 [Printing]"
