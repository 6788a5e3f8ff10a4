"""Importing survey responses: automatic mapping, every bad cell reported, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbench.deliver.importer import ImportFailed, apply_import, plan_import, save_mapping
from workbench.store import create_engagement


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="Acme", title="Survey")
    s.add_respondent("Ana Lopez", segment="staff")
    yield s
    s.close()


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Responses"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HEADER = [
    "Name",
    "Segment",
    "overall_satisfaction",
    "How likely are you to recommend this service to a colleague?",
    "made_it_easy",
    "Comment",
]


def test_a_clean_sheet_lands_whole(store, tmp_path: Path) -> None:
    data = _xlsx(
        tmp_path / "answers.xlsx",
        [
            HEADER,
            ["Ana Lopez", "staff", 4, 9, 6, '=HYPERLINK("x")'],
            ["Ben Ode", "internal customer", 2, 3, 2, "+slow"],
        ],
    )
    plan = plan_import(store, data, "satisfaction-loyalty")
    assert plan.mapping["Name"] == "respondent.name"
    assert (
        plan.mapping["How likely are you to recommend this service to a colleague?"] == "recommend"
    )  # matched by label
    assert plan.unmapped() == ["Comment"]
    assert plan.all_problems == []
    summary = apply_import(store, plan, wave="baseline")
    assert (summary.interviews, summary.respondents_created, summary.respondents_matched) == (
        2,
        1,
        1,
    )
    rows = {r.respondent: r for r in store.interview_rows()}
    assert set(rows) == {"Ana Lopez", "Ben Ode"}
    assert store.answers(rows["Ben Ode"].id) == {
        "overall_satisfaction": 2,
        "recommend": 3,
        "made_it_easy": 2,
    }
    assert rows["Ana Lopez"].status == "complete" and rows["Ana Lopez"].wave == "baseline"


def test_a_person_named_in_two_rows_is_counted_once(store, tmp_path: Path) -> None:
    """Ben is new and named twice, Ana known and named twice: 4 responses of 1 new and 1
    known respondent (a new person's second row is not someone the engagement knew)."""
    data = _xlsx(
        tmp_path / "answers.xlsx",
        [
            HEADER,
            ["Ben Ode", "internal customer", 2, 3, 2, ""],
            ["Ana Lopez", "staff", 4, 9, 6, ""],
            ["Ben Ode", "internal customer", 3, 4, 3, ""],
            ["Ana Lopez", "staff", 5, 10, 7, ""],
        ],
    )
    plan = plan_import(store, data, "satisfaction-loyalty")
    summary = apply_import(store, plan, wave="baseline")
    assert (summary.interviews, summary.respondents_created, summary.respondents_matched) == (
        4,
        1,
        1,
    )
    assert len(store.respondents()) == 2


def test_every_bad_cell_is_reported_and_nothing_is_imported(store, tmp_path: Path) -> None:
    data = _xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            ["Ana Lopez", "staff", 9, 9, 6, ""],
            ["", "alien", 3, "ten", 2, ""],
            ["Cy", "staff", 3, 5, 5, ""],
        ],
    )
    before = (len(store.respondents()), len(store.interview_rows()))
    plan = plan_import(store, data, "satisfaction-loyalty")
    messages = [str(p) for p in plan.all_problems]
    assert any(m.startswith("Responses, row 2, column C (overall_satisfaction)") for m in messages)
    assert any("row 3, column B (Segment)" in m and "alien" in m for m in messages)
    assert any("row 3, column D" in m for m in messages)
    assert any("row 3" in m and "name is empty" in m for m in messages)
    with pytest.raises(ImportFailed, match="2 row"):
        apply_import(store, plan)
    assert (len(store.respondents()), len(store.interview_rows())) == before
    summary = apply_import(store, plan, skip_bad_rows=True)
    assert summary.interviews == 1 and summary.skipped_rows == [2, 3]
    assert [r.respondent for r in store.interview_rows()] == ["Cy"]


def test_composite_columns_and_csv_with_a_saved_mapping(store, tmp_path: Path) -> None:
    path = tmp_path / "tcs.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Respondent", "Speed E", "Speed P", "friendliness.E", "friendliness.P"])
        writer.writerow(["Ana Lopez", "7", "4", "5", "6"])
    plan = plan_import(
        store, path, "total-customer-service", {"Speed E": "speed.E", "Speed P": "speed.P"}
    )
    assert plan.all_problems == []
    apply_import(store, plan)
    (row,) = store.interview_rows()
    assert store.answers(row.id) == {"speed": {"E": 7, "P": 4}, "friendliness": {"E": 5, "P": 6}}
    saved = tmp_path / "mapping.yaml"
    save_mapping(plan, saved)
    from workbench.deliver.importer import load_mapping

    assert load_mapping(saved)["Speed E"] == "speed.E"


def test_broken_and_foreign_files_are_refused(store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(ImportFailed, match="the file is damaged or is not a complete spreadsheet"):
        plan_import(store, broken, "satisfaction-loyalty")
    with pytest.raises(ImportFailed, match="no form"):
        plan_import(store, broken, "no-such-form")
    empty = _xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(ImportFailed, match="empty"):
        plan_import(store, empty, "satisfaction-loyalty")


def test_a_file_without_a_name_column_numbers_its_respondents(store, tmp_path: Path) -> None:
    # as the README says: no name column, no e-mail address: "Respondent 1", "Respondent 2"…
    nameless = _xlsx(tmp_path / "nameless.xlsx", [["overall_satisfaction"], [3], [4]])
    plan = plan_import(store, nameless, "satisfaction-loyalty")
    assert plan.all_problems == []
    assert plan.date_notes == [
        'no column holds the respondent\'s name: the respondents are numbered "Respondent 1", '
        "\"Respondent 2\"… (call a column 'name' or 'respondent', or map one to "
        "respondent.name, to name them)"
    ]
    assert apply_import(store, plan).interviews == 2
    # the same file again: its rows are known, nothing is added twice
    twice = apply_import(store, plan_import(store, nameless, "satisfaction-loyalty"))
    assert (twice.interviews, twice.already_imported) == (0, 2)
    later = _xlsx(tmp_path / "later.xlsx", [["overall_satisfaction"], [5], [2]])
    again = plan_import(store, later, "satisfaction-loyalty")
    # numbering goes on after the respondents already there, and the note says so
    assert again.date_notes[0].startswith(
        'no column holds the respondent\'s name: the respondents are numbered "Respondent 3", '
        '"Respondent 4"… (call a column'
    )
    apply_import(store, again)
    names = sorted(r.name for r in store.respondents() if r.name.startswith("Respondent"))
    assert names == [f"Respondent {n}" for n in (1, 2, 3, 4)]


def _name_form():
    from workbench.forms.schema import FormDefinition

    questions = [
        {"key": "name", "type": "text", "label": "Name on the ticket", "required": True},
        {"key": "tickets", "type": "number", "label": "Tickets"},
    ]
    return FormDefinition.model_validate(
        {
            "id": "callback",
            "title": "Call-back",
            "version": 1,
            "sections": [{"key": "call", "title": "Call", "questions": questions}],
        }
    )


def test_a_question_keyed_name_leaves_the_name_column_to_the_respondent(
    store, tmp_path: Path
) -> None:
    store.ensure_form_version(_name_form())
    sheet = tmp_path / "calls.csv"
    sheet.write_text("name,tickets\nAnna Berg,3\nBen Cole,2\n", encoding="utf-8")
    plan = plan_import(store, sheet, "callback")
    assert plan.mapping == {"name": "respondent.name", "tickets": "tickets"}
    assert plan.all_problems == [] and plan.warnings == []
    assert plan.date_notes == [
        "column A (name) is read as the respondent's name and as the answer to the form's "
        "question 'name' (to import it as that answer only, map it to name: a --mapping file "
        'with columns: {name: name}, or "Goes to" in the import window)'
    ]
    before = {r.name for r in store.respondents()}
    apply_import(store, plan)
    assert {r.name for r in store.respondents()} - before == {"Anna Berg", "Ben Cole"}
    # the one cell is the name and the answer: the list counts every question answered
    rows = {r.respondent: r for r in store.interview_rows() if r.form_id == "callback"}
    assert {n: (r.answered, r.total) for n, r in rows.items()} == {
        "Anna Berg": (2, 2), "Ben Cole": (2, 2)
    }  # fmt: skip
    assert store.answers(rows["Anna Berg"].id) == {"name": "Anna Berg", "tickets": 3}

    # another column holds the respondent's name: the question is the only reading left
    both = tmp_path / "both.csv"
    both.write_text("respondent,name,tickets\nCleo Park,ticket 7,3\n", encoding="utf-8")
    plan = plan_import(store, both, "callback")
    assert plan.mapping == {"respondent": "respondent.name", "name": "name", "tickets": "tickets"}
    assert plan.date_notes == []

    # mapped to the question on purpose: the note says which column went where, and how
    taken = plan_import(store, sheet, "callback", {"name": "name"})
    assert taken.all_problems == []
    assert taken.date_notes == [
        'no column holds the respondent\'s name: the respondents are numbered "Respondent 1", '
        "\"Respondent 2\"…; column A (name) is read as the form's question 'name': to read it "
        "as the respondent's name, map it to respondent.name (a --mapping file with columns: "
        '{name: respondent.name}, or "Goes to" in the import window)'
    ]


def test_required_questions_no_column_answers_are_named(store, tmp_path: Path) -> None:
    sheet = tmp_path / "short.csv"
    sheet.write_text("Name,overall_satisfaction\nAnn Lee,4\n", encoding="utf-8")
    plan = plan_import(store, sheet, "satisfaction-loyalty")
    assert [str(w) for w in plan.warnings] == [
        "short.csv, no column answers the form's required questions 'recommend', "
        "'intention_to_stay', 'made_it_easy': every response is imported without these "
        'answers (map a column to each with "Goes to" in the import window, or a --mapping file)'
    ]
    apply_import(store, plan)
    (row,) = [r for r in store.interview_rows() if r.respondent == "Ann Lee"]
    assert (row.status, row.answered, row.total) == ("complete", 1, 6)


def test_allocation_given_as_one_column_per_option(store, tmp_path: Path) -> None:
    """Each cell is one option's points; the row's total is checked against 100, not each
    cell, and the columns become one allocation answer."""
    from workbench.analysis.loader import load_engagement_data

    dims = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    header = ["Name", *[f"importance {d}" for d in dims]]
    data = _xlsx(
        tmp_path / "alloc.xlsx",
        [
            header,
            ["Ana Lopez", 10, 30, 25, 20, 15],
            ["Ben Ode", 20, 20, 20, 20, 10],  # totals 90: refused, naming the row
        ],
    )
    plan = plan_import(store, data, "servqual")
    assert all(plan.mapping[f"importance {d}"] == f"importance.{d}" for d in dims)
    problems = [str(p) for p in plan.all_problems]
    assert len(problems) == 1, problems
    assert "row 3" in problems[0] and "total 100 points; these total 90" in problems[0]
    summary = apply_import(store, plan, wave="baseline", skip_bad_rows=True)
    assert summary.interviews == 1 and summary.skipped_rows == [3]
    answers = load_engagement_data(store).answers
    cells = answers[answers["question_key"] == "importance"]
    assert dict(zip(cells["item"], cells["num"], strict=True)) == {
        "tangibles": 10,
        "reliability": 30,
        "responsiveness": 25,
        "assurance": 20,
        "empathy": 15,
    }


def test_allocation_column_with_a_negative_or_fractional_cell(store, tmp_path: Path) -> None:
    header = ["Name", "importance tangibles", "importance reliability"]
    data = _xlsx(tmp_path / "bad.xlsx", [header, ["Ana Lopez", -5, 2.5]])
    problems = [str(p) for p in plan_import(store, data, "servqual").all_problems]
    assert any("importance tangibles" in p and "0 or more" in p for p in problems)
    assert any("importance reliability" in p and "'2.5'" in p for p in problems)


def test_imported_rows_are_stored_as_the_store_writes_them(store, tmp_path: Path) -> None:
    """Timestamps, dates, JSON values and flags of imported rows have the stored form of
    rows the Store writes itself (each distinct value is converted once per batch)."""
    import sqlite3

    data = _xlsx(
        tmp_path / "answers.xlsx",
        [
            HEADER[:5] + ["Date"],
            ["Ben Ode", "staff", 4, 9, 6, "2026-03-04"],
            ["Cy Ode", "staff", 4, 1, 6, "2026-03-04"],
        ],
    )
    plan = plan_import(store, data, "satisfaction-loyalty", {"Date": "respondent.date"})
    apply_import(store, plan, wave="baseline")
    store.set_answer(store.interview_rows()[0].id, "overall_satisfaction", 5)
    conn = sqlite3.connect(store.path)
    try:
        typed = conn.execute(
            "SELECT typeof(created_at), length(created_at) || substr(created_at, 11, 1),"
            " typeof(value), value, typeof(num)"
            " FROM answer WHERE question_key = 'overall_satisfaction' ORDER BY modified_at"
        ).fetchall()
        people = conn.execute(
            "SELECT name, typeof(created_at), length(created_at) || substr(created_at, 11, 1),"
            " attributes, consent_given"
            " FROM respondent ORDER BY name"
        ).fetchall()
        dates = conn.execute("SELECT DISTINCT date FROM interview").fetchall()
    finally:
        conn.close()
    assert typed[0] == ("text", "26 ", "integer", 4, "real")  # imported (JSON "4", numeric)
    assert typed[1][:3] == typed[0][:3] and typed[1][3] == 5  # written by the Store
    assert people[0][1:] == people[1][1:] == people[2][1:]  # Ana added by the Store
    assert people[1][3:] == ("{}", 0)
    assert dates == [("2026-03-04",)]
