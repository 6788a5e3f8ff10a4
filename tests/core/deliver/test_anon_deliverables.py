"""Anonymised deliverables of the demo engagement, read back whole: every word that is not
a name survives, no respondent's name is left, no quasi-identifier group is under k.

The demo's register has Catherine Price (the total-customer-service measure "Price"),
Oliver Grant and Grace O'Neill.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from workbench.deliver.build import (
    AnalysisChoice,
    anonymisation_preview,
    export_report,
    export_workbook,
)
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo

K = 5
WITH_TCS = [
    AnalysisChoice("total-customer-service"),
    AnalysisChoice("seven-sins"),
    AnalysisChoice("servqual"),
    AnalysisChoice("code-frequency", {"group": "role"}),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("anon")
    store = build_demo(folder / "demo.wbk")
    # A consultant's finding that names people, and a note that does.
    store.add_finding("Catherine Price and Grant agree that Price is the weakest measure.")
    yield store, folder
    store.close()


@pytest.fixture(scope="module")
def names(demo) -> list[str]:
    store, _ = demo
    return [p.name for p in store.respondents()]


@pytest.fixture(scope="module")
def report(demo) -> Path:
    store, folder = demo
    return export_report(
        store, folder / "anon.docx", ReportOptions(anonymise=True), choices=WITH_TCS
    )


@pytest.fixture(scope="module")
def workbook(demo) -> Path:
    store, folder = demo
    return export_workbook(
        store, folder / "anon.xlsx", choices=WITH_TCS, options=ReportOptions(anonymise=True)
    )


def _docx_texts(path: Path) -> str:
    """Every text a reader can meet: body, tables, headers, footers, footnotes, chart
    alt text and captions, document properties."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8")
            out += re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)
            out += re.findall(r'descr="([^"]*)"', xml)
            out += re.findall(r'title="([^"]*)"', xml)
            out += re.findall(r"<dc:[a-z]+>([^<]*)</dc:", xml)
            out += re.findall(r"<cp:[a-zA-Z]+>([^<]*)</cp:", xml)
    import html

    return html.unescape("\n".join(out))


def _cells(path: Path) -> list[tuple[str, str, str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    cells = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    cells.append((ws.title, c.coordinate, c.value))
    return cells


def _name_parts(names: list[str]) -> set[str]:
    parts = set()
    for name in names:
        for part in re.split(r"[\s\-']+", name):
            if len(part) >= 2:
                parts.add(part)
    return parts


def _found(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def test_the_report_keeps_the_measure_price_and_names_nobody(report, names):
    text = _docx_texts(report)
    # The measure survives in the table (its row), the method text and the findings.
    assert re.search(r"(?m)^Price$", text), "the TCS table lost its Price row"
    for name in names:
        assert name not in text, name
    for part in _name_parts(names) - {"Price"}:
        assert not _found(text, part), part
    # "Price" appears only as the measure: never beside a first name, never as someone.
    assert not re.search(r"Catherine|Price (said|agreed|and Grant)", text)
    assert "[Respondent" in text and "agree that Price is the weakest measure" in text


def test_the_report_chart_axis_keeps_price(demo):
    from workbench.analysis.registry import discover, run_analysis
    from workbench.deliver.build import make_anonymiser, scoped_data
    from workbench.deliver.word import scrub_figure

    store, _ = demo
    options = ReportOptions(anonymise=True)
    data = scoped_data(store, options)
    result = run_analysis(discover().get("total-customer-service"), data, {})
    anonymiser = make_anonymiser(store, data, options)
    ticks = []
    for spec in result.figures:
        figure = spec.render()
        scrub_figure(figure, anonymiser.scrub_label)
        for ax in figure.get_axes():
            ticks += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert any(t == "Price" or t.startswith("Price") for t in ticks), ticks
    assert not any("[name]" in t for t in ticks)


def test_quotes_carry_pseudonym_and_segment_only_and_observations_no_one(report, names):
    from docx import Document

    doc = Document(str(report))
    paragraphs = [p.text for p in doc.paragraphs]
    start = next(
        i
        for i, p in enumerate(doc.paragraphs)
        if p.style.name == "Heading 1" and "Selected quotes" in p.text
    )
    attributions = [p for p in paragraphs[start:] if p.startswith("\u2014 ")]
    assert attributions
    allowed = re.compile(
        r"^\u2014 (Respondent \d+( \((external customer|internal customer|staff)\))?"
        r"|Consultant's observation( \([a-z ]+\))?)$"
    )
    for line in attributions:
        assert allowed.match(line), line  # no unit, no date, no name
    observations = [p for p in paragraphs[start:] if p.startswith("Observation:")]
    assert observations, "the seven-sins evidence is shown as observations"
    assert not any(p.startswith("\u201cObserv") for p in paragraphs)
    intro = paragraphs[start + 1]
    assert "no unit, role or interview date" in intro and "identified by number only" not in intro


def test_observations_are_not_attributed_by_name_in_a_named_report(demo):
    from docx import Document

    store, folder = demo
    path = export_report(
        store, folder / "named.docx", ReportOptions(), choices=[AnalysisChoice("seven-sins")]
    )
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    observed = [
        paragraphs[i + 1] for i, p in enumerate(paragraphs[:-1]) if p.startswith("Observation:")
    ]
    assert observed
    staff = [p.name for p in store.respondents() if p.segment == "staff"]
    for line in observed:
        assert line.startswith("\u2014 Consultant's observation"), line
        assert not any(name in line for name in staff), line


def test_the_workbook_keeps_keys_and_names_nobody(demo, workbook, names):
    store, folder = demo
    plain = export_workbook(store, folder / "plain.xlsx", choices=WITH_TCS)
    keys = lambda cells: sum(1 for _, _, v in cells if v == "price")  # noqa: E731
    anon_cells, plain_cells = _cells(workbook), _cells(plain)
    # The question key `price` survives in every raw-data cell that holds it.
    assert keys(anon_cells) == keys(plain_cells) > 0
    assert any(v == "Price" for _, _, v in anon_cells)
    parts = _name_parts(names) - {"Price"}
    for sheet, ref, value in anon_cells:
        for name in names:
            assert name not in value, (sheet, ref, value)
        for part in parts:
            assert not _found(value, part), (sheet, ref, value, part)


def test_no_job_title_beside_a_pseudonym_and_no_group_under_k(demo, workbook, report):
    from docx import Document
    from openpyxl import load_workbook

    store, _ = demo
    roles = {p.role for p in store.respondents()}
    wb = load_workbook(workbook)
    ws = wb["Respondents"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))  # title, note, then the header
    header, body = rows[0], rows[1:]
    assert header[0] == "respondent" and "name" not in header
    assert all(re.fullmatch(r"Respondent \d+", r[0]) for r in body)
    shown = [
        i
        for i, h in enumerate(header)
        if h in ("role", "org_unit", "segment") or str(h).startswith("attr:")
    ]
    for r in body:
        assert r[header.index("role")] not in roles - {"Other"}, r  # no job title kept
    combos = Counter(tuple(r[i] for i in shown) for r in body)
    assert min(combos.values()) >= K, combos
    # Every cell anywhere that names a respondent's pseudonym carries no role.
    for _, _, value in _cells(workbook):
        if "[Respondent" in value or value.startswith("Respondent "):
            assert not any(role and role in value for role in roles), value
    # The report's table of respondents: every (unit, segment) pair is held by k or more.
    doc = Document(str(report))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Respondent")
    pairs = Counter((r.cells[1].text, r.cells[2].text) for r in table.rows[1:])
    assert len(table.rows) - 1 == len(store.respondents())
    assert min(pairs.values()) >= K, pairs


def test_a_table_cell_on_fewer_than_k_is_suppressed(demo):
    from workbench.deliver.build import report_context

    store, _ = demo
    ctx = report_context(
        store,
        ReportOptions(anonymise=True, k=8),
        [AnalysisChoice("code-frequency", {"group": "segment"})],
    )
    from workbench.deliver.anonymise import anonymise_context

    safe = anonymise_context(ctx.anonymiser, ctx)
    hit = False
    for result in safe.results:
        for table in result.tables:
            for row in table.rows:
                if "n<8" in row:
                    hit = True
                    assert "fewer than 8 respondents" in table.note
    assert hit


def test_preview_lists_every_change_and_writes_nothing(demo, tmp_path):
    store, _ = demo
    log = anonymisation_preview(
        store, "report", ReportOptions(anonymise_terms=["Harbour Group"]), choices=WITH_TCS
    )
    kinds = Counter(r.kind for r in log)
    assert kinds["name"] > 0 and kinds["quasi-identifier"] > 0 and kinds["term"] > 0
    assert any(r.what == "Catherine Price" and r.replaced_by.startswith("[Respondent") for r in log)
    assert not any(
        r.what == "Price"
        and r.where.startswith("report")
        and r.kind == "name"
        and "findings" in r.where
        for r in log
    )
    assert any(r.where.startswith("report: quotes") or r.where == "report" for r in log)
    assert list(tmp_path.iterdir()) == []


def test_cli_preview_prints_and_writes_nothing(demo, tmp_path):
    import io

    from workbench.cli import main

    store, folder = demo
    path = folder / "demo.wbk"
    target = tmp_path / "never.xlsx"
    terms = tmp_path / "terms.txt"
    terms.write_text("Harbour Group\n\nBristol\n", encoding="utf-8")
    out = io.StringIO()
    code = main(
        [
            "export",
            str(path),
            "-o",
            str(target),
            "--anonymise",
            "--preview",
            "--anonymise-terms",
            str(terms),
            "--anonymise-term",
            "Calder Valley",
            "--k",
            "6",
            "--analysis",
            "servqual",
        ],
        out=out,
    )
    text = out.getvalue()
    assert code == 0, text
    assert not target.exists()
    assert "nothing written" in text
    assert "workbook: summary\tterm\t'Harbour Group' -> '[withheld]'" in text
    assert "workbook: respondents" in text and "quasi-identifier" in text
    err = io.StringIO()
    assert main(["report", str(path), "--preview"], out=err) != 0


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def named_report(demo) -> Path:
    store, folder = demo
    return export_report(store, folder / "named-all.docx", ReportOptions(), choices=WITH_TCS)


def test_evidence_is_referred_to_by_checklist_not_by_internal_id(report, named_report):
    """The seven-sins evidence table named each audit by its store id (a UUID): the report
    names the respondent's role and the date, and the anonymised report their pseudonym
    and no date (as it does for quotes)."""
    assert not UUID.search(_docx_texts(report))
    named = _docx_texts(named_report)
    assert not UUID.search(named)
    assert re.search(r"Service desk analyst\n\d{1,2} [A-Z][a-z]+ 20\d\d", named)
    assert re.search(r"Runaround\n[^\n]+\n\d\n[^\n]+\nRespondent \d+\n", _docx_texts(report))
    assert not re.search(r"Respondent \d+\n\d{1,2} [A-Z][a-z]+ 20\d\d", _docx_texts(report))


def test_findings_on_an_earlier_wave_say_so(demo, named_report, workbook):
    """Total customer service rests on the baseline (its form was not asked again), SERVQUAL
    on the re-audit: the report's and the workbook's findings sentences of the first say
    "In the baseline", those of the latest wave stand as they are."""
    from openpyxl import load_workbook

    text = _docx_texts(named_report)
    assert re.search(r"(?m)^In the baseline: \d+ of \d+ measures meet expectations", text)
    assert re.search(r"(?m)^Unweighted SERVQUAL score -?\d", text)
    assert "In the re-audit" not in text
    summary = load_workbook(workbook)["Summary"]
    cells = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.startswith("• In the baseline: ") for c in cells)


def _role_answers(store) -> Counter:
    """The stakeholder form's `role` answers (one person per job title in the demo)."""
    from sqlalchemy import text

    with store.session() as s:
        rows = s.execute(
            text(
                "SELECT i.respondent_id, a.text FROM answer a JOIN interview i "
                "ON i.id = a.interview_id WHERE a.question_key = 'role' AND a.text != ''"
            )
        ).all()
    return Counter(t for _, t in {(r, t) for r, t in rows})


def test_identifying_answers_are_generalised_under_k_and_previewed(demo, workbook):
    store, _ = demo
    roles = _role_answers(store)
    rare = {t for t, n in roles.items() if n < K}
    assert "Chief information officer" in rare
    cells = [c for c in _cells(workbook) if c[0].startswith(("Answers", "Respondents"))]
    assert not [c for c in cells if c[2] in rare], "a job title held by fewer than k is shown"
    sheets = {sheet for sheet, _, _ in cells}
    assert any(s.startswith(("Answers wide", "Answers \u2013")) for s in sheets)
    assert any(c[2] in ("Other", "[withheld]") for c in cells if c[0].startswith("Answers"))
    log = anonymisation_preview(store, "workbook", ReportOptions(), choices=WITH_TCS)
    listed = [r for r in log if r.kind == "quasi-identifier" and "answer to 'role'" in r.where]
    assert any(r.what == "Chief information officer" for r in listed), listed[:3]
    assert all(r.replaced_by in ("Other", "[withheld]") for r in listed)


def test_the_interviews_sheet_shows_months_consultant_numbers_and_no_ids(demo, workbook):
    from openpyxl import load_workbook

    store, _ = demo
    consultants = set(store.engagement().consultants)
    rows = list(load_workbook(workbook)["Interviews"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "date" in r)  # below the sheet's title lines
    header, body = rows[at], rows[at + 1 :]
    assert "interview_id" not in header and body
    dates = [r[header.index("date")] for r in body if r[header.index("date")]]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}", str(d)) for d in dates), dates[:3]
    interviewers = {r[header.index("interviewer")] for r in body} - {None, ""}
    assert interviewers and all(re.fullmatch(r"Consultant \d+", i) for i in interviewers)
    # The summary names the authors; no sheet ties a consultant to an interview.
    cells = " ".join(v for sheet, _, v in _cells(workbook) if sheet != "Summary")
    assert not [c for c in consultants if c in cells]
    assert not any(v == "interview_id" for _, _, v in _cells(workbook))
    log = anonymisation_preview(store, "workbook", ReportOptions(), choices=WITH_TCS)
    assert any(r.what == "interview dates" and r.replaced_by == "the month only" for r in log)


def test_no_table_of_the_anonymised_report_counts_fewer_than_k(demo):
    """The demo has 3 managers (k = 5): the sample table counts no segment of fewer than
    5 (it read "management 4"), and the gap-1 table's management prediction, resting on
    those 3, is suppressed (it was shown in full)."""
    import docx

    store, folder = demo
    path = export_report(
        store,
        folder / "anon-gaps.docx",
        ReportOptions(anonymise=True),
        choices=[AnalysisChoice("gaps-model")],
    )
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(path).tables]
    by_segment = next(t for t in tables if t[0] == ["Segment", "Respondents"])
    counts = [int(n) for _seg, n in by_segment[1:-1]]
    assert counts and min(counts) >= 5, by_segment
    gap1 = next(t for t in tables if "Management's prediction" in t[0])
    col = gap1[0].index("Management's prediction")
    assert {row[col] for row in gap1[1:]} == {"n<5"}, gap1
