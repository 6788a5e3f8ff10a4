"""The demo's anonymised workbook read back: no interview is given its day (interview dates
and the answers to date questions, the seven sins' "observed_on", are the month on every
sheet, by one rule); the segment is kept where the analyses show it, and every value a
raw sheet shows is held by k."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from workbench.deliver.anonymise import month_only
from workbench.deliver.build import AnalysisChoice, anonymisation_preview, export_workbook
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo

CHOICES = [AnalysisChoice("seven-sins"), AnalysisChoice("servqual")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("anon-dates")
    store = build_demo(folder / "demo.wbk")
    yield store, folder
    store.close()


@pytest.fixture(scope="module")
def workbook(demo) -> Path:
    store, folder = demo
    return export_workbook(
        store, folder / "anon.xlsx", choices=CHOICES, options=ReportOptions(anonymise=True)
    )


def _days(store) -> set[dt.date]:
    """Every day on which an interview of the demo was held or a date answer names."""
    from workbench.analysis.loader import load_engagement_data

    data = load_engagement_data(store)
    days = {d.date() if isinstance(d, dt.datetime) else d for d in data.interviews["date"]}
    dated = {
        (f, q.key)
        for f, form in data.forms.items()
        for q in form.iter_questions()
        if q.type == "date"
    }
    a = data.answers
    for f, k, v, t in zip(a["form_id"], a["question_key"], a["value"], a["text"], strict=True):
        if (f, k) in dated:
            for x in (v, t):
                if isinstance(x, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
                    days.add(dt.date.fromisoformat(x))
    return {d for d in days if isinstance(d, dt.date)}


def test_no_cell_of_any_sheet_gives_an_interview_day(demo, workbook):
    from openpyxl import load_workbook

    store, _ = demo
    days = _days(store)
    assert len(days) > 20  # the demo's interviews fall on many days
    spelled = {d.isoformat() for d in days} | {f"{d.day} {d:%B %Y}" for d in days}
    spelled |= {f"{d.day} {d:%b %Y}" for d in days}
    found = []
    sheets_with_dates = set()
    for ws in load_workbook(workbook):
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, dt.datetime | dt.date):
                    day = v.date() if isinstance(v, dt.datetime) else v
                    if day in days:
                        found.append((ws.title, v))
                elif isinstance(v, str):
                    if re.fullmatch(r"\d{4}-\d{2}", v):
                        sheets_with_dates.add(ws.title)
                    if any(s in v for s in spelled):
                        found.append((ws.title, v))
    assert not found, found[:5]
    # The sheets that dated every row by its day now give the month.
    for sheet in ("Interviews", "Answers (long)", "Coded segments"):
        assert sheet in sheets_with_dates
    assert any(s.startswith("Answers \u2013 Seven sins") for s in sheets_with_dates)


def test_date_answers_are_the_month_in_the_wide_and_long_sheets(workbook):
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    sheet = next(ws for ws in wb if ws.title.startswith("Answers \u2013 Seven sins"))
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "observed_on" in r)
    col = rows[at].index("observed_on")
    observed = [r[col] for r in rows[at + 1 :] if r[col]]
    assert observed and all(re.fullmatch(r"\d{4}-\d{2}", str(v)) for v in observed), observed
    long = list(wb["Answers (long)"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(long) if "question_key" in r)
    key, value = long[at].index("question_key"), long[at].index("value")
    answers = [r[value] for r in long[at + 1 :] if r[key] == "observed_on"]
    assert answers and all(re.fullmatch(r"\d{4}-\d{2}", str(v)) for v in answers), answers


def test_the_preview_promises_the_month_for_dates_and_date_answers(demo):
    store, _ = demo
    log = anonymisation_preview(store, "workbook", ReportOptions(), choices=CHOICES)
    months = {(r.what, r.where) for r in log if r.replaced_by == "the month only"}
    for sheet in ("interviews", "answers", "segments", "answers_wide_seven-sins"):
        assert ("interview dates", f"workbook: {sheet}") in months, sorted(months)
    assert ("date answers", "workbook: answers") in months
    assert ("date answers", "workbook: answers_wide_seven-sins") in months


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.datetime(2026, 3, 13, 9, 30), "2026-03"),
        (dt.date(2026, 9, 7), "2026-09"),
        ("2026-03-06", "2026-03"),
        ("2026-03", "2026-03"),
        (None, None),
        ("", ""),
        ("the Tuesday after Easter", "[withheld]"),
    ],
)
def test_month_only(value, shown):
    assert month_only(value) == shown


def test_the_anonymised_report_gives_the_fieldwork_by_month(demo):
    """The report's title page, summary and method gave the first and last day of
    fieldwork ("2 March – 25 September 2026"): both are days of an interview."""
    import docx

    from workbench.deliver.build import export_report

    store, folder = demo
    days = _days(store)
    path = export_report(
        store, folder / "anon.docx", ReportOptions(anonymise=True), choices=CHOICES
    )
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join(texts)
    spelled = {d.isoformat() for d in days} | {f"{d.day} {d:%B}" for d in days}
    assert not [s for s in spelled if re.search(rf"(?<!\d){re.escape(s)}\b", text)]
    assert re.search(r"Fieldwork\s+March \u2013 September 2026", text)
    assert "between March and September 2026" in text


def test_a_months_period_reads_as_months():
    from workbench.deliver.context import format_date, format_period

    assert format_date("2026-03") == "March 2026"
    assert format_period("2026-03", "2026-09") == "March \u2013 September 2026"
    assert format_period("2025-11", "2026-02") == "November 2025 \u2013 February 2026"
    assert format_period("2026-03", "2026-03") == "March 2026"
    assert format_period("2026-03-02", "2026-03-21") == "2\u201321 March 2026"


def _sheet(workbook, title):
    from openpyxl import load_workbook

    rows = list(load_workbook(workbook)[title].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "respondent" in r)
    return rows[at], rows[at + 1 :]


def test_the_raw_sheets_keep_the_segment_the_analyses_show(demo, workbook):
    """The segment was withheld for all 37 respondents (the register's site and contract
    attributes made small groups with it) while the by-segment sheets showed it: the
    attributes are withheld first, the segment only when nothing else would do."""
    from collections import Counter

    header, body = _sheet(workbook, "Respondents")
    segments = Counter(r[header.index("segment")] for r in body)
    assert segments["external customer"] >= 5, segments
    assert "[withheld]" not in segments
    # Every value and every combination a raw sheet shows is held by at least k.
    shown = [c for c in header if c not in ("respondent", "consent_recorded")]
    for column in shown:
        counts = Counter(r[header.index(column)] for r in body)
        assert all(n >= 5 for v, n in counts.items() if v is not None), (column, counts)
    combos = Counter(tuple(r[header.index(c)] for c in shown) for r in body)
    assert min(combos.values()) >= 5, combos
    header, body = _sheet(workbook, "Answers (long)")
    assert "external customer" in {r[header.index("segment")] for r in body}


def test_the_preview_says_why_a_column_is_withheld_for_all(demo):
    store, _ = demo
    log = anonymisation_preview(store, "workbook", ReportOptions(), choices=CHOICES)
    whole = [r for r in log if r.where == "every respondent"]
    assert whole, "no column withheld for all"
    assert all(r.what.endswith("withheld for all") for r in whole)
    assert all(re.search(r"it would single out \d+ (person|people)", r.replaced_by) for r in whole)
    assert not any(r.what.startswith("segment") for r in whole)


def test_the_evidence_names_and_links_the_interviews_by_pseudonym_and_month(demo, workbook):
    """An analysis sheet's evidence names each interview as the Interviews sheet shows it
    ("Respondent 9, 2026-03") and links its row; no interview id is written anywhere (it
    read "an interview not in this workbook" for every interview)."""
    from openpyxl import load_workbook

    store, _folder = demo
    ids = {iv.id for iv in store.interview_rows()}
    book = load_workbook(workbook)
    named = linked = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                assert "not in this workbook" not in text, (ws.title, cell.coordinate)
                assert not any(i in text for i in ids), (ws.title, cell.coordinate)
                named += bool(re.search(r"Respondent \d+, 20\d\d-\d\d\b", text))
                link = cell.hyperlink
                linked += bool(link is not None and link.location and "!" in link.location)
    assert named > 10 and linked > 10  # named, and their rows linked
