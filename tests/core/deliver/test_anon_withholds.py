"""An anonymised deliverable never gives away what it withholds.

Ten customers rated the service (k = 5): 6 external and 4 internal.  By hand (high
satisfaction from 5, high loyalty from 4): one loyalist (an apostle, 5/5), no mercenary,
five hostages (satisfaction 3, loyalty 4) and four defectors (one a terrorist, 1/1).  The
4 internal customers are too few for their segment: it becomes "Other", and "Other" then
takes the external customers to reach 5, so that every segment reads "Other".  A table by
segment is then one group, the whole sample: it is left out, and no sheet, table or slide
names either segment.  The loyalists (1) and the defectors (4) are suppressed in the
matrix; with the hostages (5) and the mercenaries (0) shown and the total of 10, only
their sum (5) follows, never either one.

With 6 internal customers in the register but only 4 of them interviewed, both segments
are shown; the internal row (n = 4) is suppressed, and the external row is withheld with
it, since the whole sample's figures less the external customers' would give it back.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from workbench.deliver.build import AnalysisChoice, export_report, export_workbook
from workbench.deliver.context import ReportOptions
from workbench.deliver.deck import export_deck
from workbench.forms.library import builtin_form
from workbench.store.database import create_engagement

SEGMENTS = ("external customer", "internal customer")
CHOICE = [AnalysisChoice("satisfaction-loyalty")]
SUFFIXES = ("customer", "customer \u2020")

# (segment, satisfaction, loyalty, recommend, switching barrier, made it easy)
PEOPLE = [
    ("external customer", 5, 5, 10, 2, 7),  # loyalist, apostle
    ("external customer", 3, 4, 8, 2, 5),  # hostage
    ("external customer", 3, 4, 7, 3, 5),  # hostage
    ("external customer", 2, 2, 4, 3, 3),  # defector
    ("external customer", 2, 2, 5, 2, 4),  # defector
    ("external customer", 3, 4, 9, 2, 6),  # hostage
    ("internal customer", 3, 4, 9, 3, 5),  # hostage
    ("internal customer", 3, 4, 6, 2, 5),  # hostage
    ("internal customer", 2, 2, 3, 3, 2),  # defector
    ("internal customer", 1, 1, 0, 1, 1),  # defector, terrorist
]
INTERVIEWERS = ("Tess Tester", "Ben Brown")


def _engagement(path: Path, not_interviewed: int = 0):
    store = create_engagement(path, client="Acme", title="Service review")
    form = builtin_form("satisfaction-loyalty")
    for i, (segment, sat, loy, rec, barrier, easy) in enumerate(PEOPLE):
        person = store.add_respondent(f"Person {chr(65 + i)}mber", segment=segment)
        iv = store.new_interview(
            person.id,
            form,
            interviewer=INTERVIEWERS[i % 2],
            date=dt.date(2026, 11, 10 + i),
        )
        store.set_answers(
            iv.id,
            {
                "overall_satisfaction": sat,
                "intention_to_stay": loy,
                "recommend": rec,
                "switching_barrier": barrier,
                "made_it_easy": easy,
            },
        )
        store.update_interview(iv.id, status="complete")
    for i in range(not_interviewed):  # in the register, never interviewed
        store.add_respondent(f"Planned {chr(65 + i)}mber", segment="internal customer")
    return store


def _report_tables(path: Path) -> list[list[list[str]]]:
    plain = str.maketrans({"\u2060": None, "\xa0": " "})
    return [
        [[c.text.translate(plain) for c in row.cells] for row in table.rows]
        for table in Document(str(path)).tables
    ]


def _xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = " ".join(
            z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
        )
    return " ".join(re.findall(r">([^<]+)<", xml))


@pytest.fixture(scope="module")
def everyone_other(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("anon-other")
    store = _engagement(folder / "e.wbk")
    options = ReportOptions(anonymise=True)
    try:
        paths = {
            "report": export_report(store, folder / "r.docx", options, choices=CHOICE),
            "plain": export_report(store, folder / "p.docx", ReportOptions(), choices=CHOICE),
            "workbook": export_workbook(store, folder / "w.xlsx", options=options, choices=CHOICE),
            "plain workbook": export_workbook(store, folder / "pw.xlsx", choices=CHOICE),
            "deck": export_deck(store, folder / "d.pptx", options, choices=CHOICE),
        }
    finally:
        store.close()
    return paths


def test_the_plain_deliverables_break_the_customers_down_by_segment(everyone_other):
    """The engagement is what the docstring says (so the checks below can fail)."""
    tables = _report_tables(everyone_other["plain"])
    by_segment = next(t for t in tables if t[0][:2] == ["Segment", "Respondents"] and len(t[0]) > 2)
    assert [row[:2] for row in by_segment[1:]] == [
        ["external customer", "6"],
        ["internal customer †", "4"],
    ]
    matrix = next(t for t in tables if t[0][0] == "Group")
    assert [row[1] for row in matrix[1:]] == ["1", "1", "0", "5", "4", "1"]
    assert "By segment" in load_workbook(everyone_other["plain workbook"]).sheetnames


def test_no_anonymised_deliverable_names_a_segment_it_generalised(everyone_other):
    for kind in ("report", "workbook", "deck"):
        text = _xml_text(everyone_other[kind]).casefold()
        for segment in SEGMENTS:
            assert segment not in text, (kind, segment)
    tables = _report_tables(everyone_other["report"])
    assert ["Other", "10"] in next(t for t in tables if t[0] == ["Segment", "Respondents"])
    # The breakdown by segment is one group, the whole sample: left out, and said so.
    assert not [t for t in tables if t[0][:2] == ["Segment", "Respondents"] and len(t[0]) > 2]
    said = "\n".join(p.text for p in Document(str(everyone_other["report"])).paragraphs)
    assert "\u201cBy segment\u201d is left out" in said
    assert "By segment" not in load_workbook(everyone_other["workbook"]).sheetnames


def test_the_matrix_suppresses_no_group_that_the_totals_give_back(everyone_other):
    tables = _report_tables(everyone_other["report"])
    matrix = next(t for t in tables if t[0][0] == "Group")
    counts = {row[0].strip(): row[1] for row in matrix[1:]}
    assert counts == {
        "Loyalists": "n<5",
        "of which apostles": "n<5",
        "Mercenaries": "0",
        "Hostages": "5",
        "Defectors": "n<5",
        "of which terrorists": "n<5",
    }
    # Two groups suppressed: 10 − 0 − 5 gives their sum (5), not either one.
    top = [row for row in matrix[1:] if not row[0].startswith(" ")]
    assert sum(1 for row in top if row[1] == "n<5") == 2


def test_no_suppressed_row_of_the_workbook_names_who_is_in_it(tmp_path):
    """Both segments shown (6 internal customers in the register, 4 interviewed): the
    internal row is suppressed and the external row withheld with it, and neither lists
    the pseudonyms of the people in it."""
    store = _engagement(tmp_path / "e.wbk", not_interviewed=2)
    options = ReportOptions(anonymise=True)
    try:
        book = export_workbook(store, tmp_path / "w.xlsx", options=options, choices=CHOICE)
        report = export_report(store, tmp_path / "r.docx", options, choices=CHOICE)
    finally:
        store.close()
    ws = load_workbook(book)["By segment"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Segment")
    header, body = rows[at], [r for r in rows[at + 1 :] if r and str(r[0]).endswith(SUFFIXES)]
    assert [r[0] for r in body] == ["external customer", "internal customer \u2020"]
    n = header.index("Respondents")
    assert [r[n] for r in body] == ["[withheld]", "n<5"]
    evidence = [i for i, h in enumerate(header) if h and str(h).startswith("Evidence")]
    assert evidence, header
    for row in body:
        assert all(row[i] in (None, "") for i in evidence), row
        assert not any("Respondent" in str(v) for v in row), row
    by_segment = next(
        t
        for t in _report_tables(report)
        if t[0][:2] == ["Segment", "Respondents"] and len(t[0]) > 2
    )
    external = by_segment[1]
    assert external[0] == "external customer"
    # NPS of all 10 is shown: the external row's NPS and size would give the internal's.
    assert set(external[1:]) == {"[withheld]"}
    assert set(by_segment[2][1:]) == {"n<5"}


def test_the_anonymised_method_names_no_interviewer_and_gives_the_month(everyone_other):
    def method(path):
        return "\n".join(p.text for p in Document(str(path)).paragraphs)

    anon, plain = method(everyone_other["report"]), method(everyone_other["plain"])
    assert "The interviews were conducted by" not in plain  # "Interviews were …"
    assert "were conducted by Ben Brown and Tess Tester." in plain
    assert "were conducted by Consultant 1 and Consultant 2." in anon
    # (the cover's "Prepared by" names who prepared the report, as it always does)
    named = [line for line in anon.splitlines() if "Brown" in line or "Tester" in line]
    assert all(line.startswith("Prepared by") for line in named), named
    # Ben Brown is Consultant 1 on the workbook's sheets too.
    ws = load_workbook(everyone_other["workbook"])["Interviews"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r and "interviewer" in r)
    col = rows[at].index("interviewer")
    assert {r[col] for r in rows[at + 1 :] if r[col]} == {"Consultant 1", "Consultant 2"}
    plain_book = load_workbook(everyone_other["plain workbook"])["Interviews"]
    named = [list(r) for r in plain_book.iter_rows(values_only=True)]
    first = named[at + 1][col]
    assert rows[at + 1][col] == {"Ben Brown": "Consultant 1", "Tess Tester": "Consultant 2"}[first]
    # Interviews on 10–19 November 2026: the month alone reads "in", a span "between".
    assert "10 interviews with 10 respondents in November 2026" in anon
    assert "on November" not in anon
    assert "between 10 and 19 November 2026" in plain


def test_a_period_is_told_by_what_it_is():
    from workbench.deliver.word_text import _during

    assert _during("November 2026") == "in November 2026"
    assert _during("7 March 2025") == "on 7 March 2025"
    assert _during("3–21 March 2025") == "between 3 and 21 March 2025"
    assert _during("March \u2013 May 2026") == "between March and May 2026"


@pytest.fixture(scope="module")
def internal_only(tmp_path_factory: pytest.TempPathFactory):
    """The report scoped to the 4 internal customers: by hand, made it easy 5, 5, 2 and 1,
    a mean of 13/4 = 3.25, and 2 of 4 (50%) agree it was easy (5–7)."""
    folder = tmp_path_factory.mktemp("anon-internal")
    store = _engagement(folder / "e.wbk")
    options = ReportOptions(anonymise=True, segment="internal customer")
    try:
        paths = {
            "plain": export_report(
                store, folder / "p.docx", ReportOptions(segment="internal customer"), choices=CHOICE
            ),
            "report": export_report(store, folder / "r.docx", options, choices=CHOICE),
            "workbook": export_workbook(store, folder / "w.xlsx", options=options, choices=CHOICE),
            "deck": export_deck(store, folder / "d.pptx", options, choices=CHOICE),
        }
    finally:
        store.close()
    return paths


def test_a_deliverable_on_fewer_than_k_respondents_gives_no_finding_and_names_no_segment(
    internal_only,
):
    plain = _xml_text(internal_only["plain"])
    effort = "Customer effort: mean 3.25 on 1\u20137; 50% agree it was easy (5\u20137)."
    assert effort in plain  # the plain report's finding, as worked out by hand
    assert "cover segment \u2018internal customer\u2019 only" in plain
    for kind in ("report", "workbook", "deck"):
        text = _xml_text(internal_only[kind])
        # No finding of the 4 (the tables suppress them): not in the summary, the
        # section, a slide title or bullet, or the workbook's Summary sheet.
        assert "3.25" not in text and "50% agree" not in text, kind
        assert "Customer effort:" not in text, kind
        assert "internal customer" not in text.casefold(), kind
    said = "\n".join(p.text for p in Document(str(internal_only["report"])).paragraphs)
    assert "The analyses in this report cover one segment only." in said
    assert "Scope: segment: [withheld]" in said
    assert "Findings resting on fewer than 5 respondents are left out" in said
    summary = load_workbook(internal_only["workbook"])["Summary"]
    cells = [str(c) for row in summary.iter_rows(values_only=True) for c in row if c]
    assert "(no findings)" in cells
