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


@pytest.fixture
def with_planned(tmp_path: Path) -> Path:
    """Three people interviewed (one interview each, complete) and Wendy, in the register
    but not yet interviewed."""
    from workbench.forms import load_form_text
    from workbench.store.database import create_engagement

    path = tmp_path / "planned.wbk"
    store = create_engagement(path, client="Acme", title="Desk")
    try:
        form = load_form_text(FORM)
        for name, segment in (
            ("Colin Fairweather", "internal customer"),
            ("Olga Brennan", "external customer"),
            ("Tariq Hussain", "internal customer"),
        ):
            person = store.add_respondent(name, segment=segment, role="Analyst")
            iid = store.new_interview(person.id, form, date=dt.date(2026, 3, 2)).id
            store.set_answers(iid, {"said": ANSWER})
            store.update_interview(iid, status="complete")
        wendy = store.add_respondent("Wendy Marsh", segment="external customer")
        draft = store.new_interview(wendy.id, form, date=dt.date(2026, 3, 9))
        store.set_answers(draft.id, {"said": "Not finished"})  # a draft: not in the numbers
    finally:
        store.close()
    return path


def _table(path: Path, title: str) -> list[list[str]]:
    """The rows of the report's table whose caption starts with ``title``."""
    import re

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(path)
    blocks = list(document.element.body.iterchildren())
    found = None  # the caption above the table (the list of tables names it first)
    for i, block in enumerate(blocks):
        if block.tag.endswith("}p"):
            text = Paragraph(block, document).text
            if re.fullmatch(rf"Table \d+: {re.escape(title)}", text.strip()):
                found = i
    if found is not None:
        table = next(b for b in blocks[found + 1 :] if b.tag.endswith("}tbl"))
        return [[c.text for c in row.cells] for row in Table(table, document).rows]
    raise AssertionError(f"no table {title!r}")


@pytest.mark.parametrize("anonymise", [False, True])
def test_the_respondents_table_lists_the_people_the_numbers_are_about(
    with_planned: Path, tmp_path: Path, anonymise: bool
) -> None:
    import docx

    target = tmp_path / "r.docx"
    argv = ["report", str(with_planned), "-o", str(target), "--sections", "method"]
    assert main([*argv, *(["--anonymise"] if anonymise else [])], out=io.StringIO()) == 0
    text = [p.text for p in docx.Document(target).paragraphs]
    assert any("3 interviews with 3 respondents" in t or "3 respondents" in t for t in text)
    rows = _table(target, "Respondents (anonymised)" if anonymise else "Respondents")
    assert len(rows) == 1 + 3, rows  # the header and the three interviewed
    listed = " ".join(" ".join(r) for r in rows)
    assert "Wendy" not in listed
    note = next(t for t in text if t.startswith("The table lists the 3 people"))
    if anonymise:
        assert (
            "; 1 more in the register is not yet interviewed (no completed interview in it)"
            " and is not listed." in note
        )
    else:
        assert "; 1 more in the register, Wendy Marsh, is not yet interviewed (no " in note
    if not anonymise:
        assert [r[0] for r in rows[1:]] == ["Olga Brennan", "Colin Fairweather", "Tariq Hussain"]
    segments = _table(target, "Respondents by segment")
    assert segments[-1][-1] == "3"  # the total: the people interviewed


@pytest.mark.parametrize(
    ("body", "passage", "recorded"),
    [
        ("\u201cNobody called until Wednesday, so I gave up.\u201d", "Nobody called", ""),
        ("She said \u201cnobody called\u201d; the desk disagrees.", "the desk disagrees", "notes"),
        ("She said \u201cnobody called\u201d; the desk disagrees.", "nobody called", ""),
        ('Asked twice. "We gave up" she said, "and now we wait."', "she said", "notes"),
        ('Asked twice. "We gave up" she said, "and now we wait."', "now we wait", ""),
        ("Olga keeps a spreadsheet of tickets.", "keeps a spreadsheet", "notes"),
        ("\u201cOpen quote never closed", "quote never", "notes"),
    ],
)
def test_words_a_note_puts_in_quotation_marks_are_the_persons(
    body: str, passage: str, recorded: str
) -> None:
    from types import SimpleNamespace

    from workbench.deliver.build import whose_words

    start = body.index(passage)
    seg = SimpleNamespace(
        text=passage, source_kind="note", source_id="n1", start=start,
        end=start + len(passage), speaker="",
    )  # fmt: skip
    assert whose_words(seg, {"n1": body}) == (recorded, passage)
    # A transcript turn says whose words it is, whatever its marks.
    for speaker, whose in (("respondent:Olga", ""), ("interviewer:Pat", "interviewer")):
        assert whose_words(SimpleNamespace(**{**vars(seg), "speaker": speaker}), {})[0] == whose
