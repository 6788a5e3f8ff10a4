"""Every message of the response import names a cell by the column letter and the row
number a spreadsheet shows: a workbook whose table starts at C3, and a CSV file."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.deliver.importer import plan_import
from workbench.store import create_engagement

FORM = "satisfaction-loyalty"


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


ROWS = [
    ["Name", "overall_satisfaction", "recommend", "Consent"],
    ["Ann Lee", 9, 8, "yes"],  # 9 is off the 1–5 scale
    ["Bob Ray", 4, 11, "yes"],  # 11 is off the 0–10 scale
    ["Cy Dee", 3, 7, "no"],
    ["Cy Dee", 2, 6, "no"],  # named twice
]


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Responses"
    sheet["A1"] = None
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.cell(row=3 + r, column=3 + c, value=value)  # the table starts at C3
    book.save(path)
    return path


def _csv(path: Path) -> Path:
    text = "\n".join(",".join(str(v) for v in row) for row in ROWS)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_a_table_that_starts_at_c3_is_named_by_the_sheets_letters(store, tmp_path) -> None:
    path = _workbook(tmp_path / "offset.xlsx")
    plan = plan_import(store, path, FORM, {"Consent": "consent_given"})
    assert [str(p) for p in plan.all_problems] == [
        "Responses, row 1, column F (Consent): the form satisfaction-loyalty has no question "
        "'consent_given'",
        "Responses, row 4, column D (overall_satisfaction): the answer (9) is outside the "
        "scale 1–5",
        "Responses, row 5, column E (recommend): the answer (11) is outside the scale 0–10",
    ]
    assert plan.duplicates.message() == (
        "1 person is named in more than one row of the file: Cy Dee (rows 6 and 7)"
    )
    assert plan.first_column == 2 and plan.letter(0) == "C"


def test_the_notes_name_the_sheets_letters_too(store, tmp_path) -> None:
    path = _workbook(tmp_path / "offset.xlsx")
    plan = plan_import(store, path, FORM, {"Name": "overall_satisfaction",
                                           "overall_satisfaction": ""})  # fmt: skip
    (note,) = plan.date_notes
    assert "column C (Name) is read as the form's question 'overall_satisfaction'" in note
    from workbench.deliver.import_people import new_people_note

    assert "Column F (Consent)" in new_people_note(plan, 3)


def test_a_csv_file_is_named_from_column_a(store, tmp_path) -> None:
    path = _csv(tmp_path / "plain.csv")
    plan = plan_import(store, path, FORM)
    assert [str(p) for p in plan.all_problems] == [
        "plain.csv, row 2, column B (overall_satisfaction): the answer (9) is outside the "
        "scale 1–5",
        "plain.csv, row 3, column C (recommend): the answer (11) is outside the scale 0–10",
    ]
    assert plan.duplicates.message() == (
        "1 person is named in more than one row of the file: Cy Dee (rows 4 and 5)"
    )


def test_a_servqual_pair_names_the_rating_and_the_cell_that_is_wrong(store, tmp_path) -> None:
    path = tmp_path / "servqual.csv"
    path.write_text(
        "Name,tan_1 E,tan_1 P,tan_2\n"
        "Ann Lee,4,9,5/4\n"  # the perception in column C is off the 1–7 scale
        "Bob Ray,3,4,9/2\n"  # the expectation in the one cell of column D
        "Cy Dee,x,8,5/4\n",  # both of column B's and column C's ratings are wrong
        encoding="utf-8",
    )
    plan = plan_import(store, path, "servqual")
    assert [str(p) for p in plan.all_problems] == [
        "servqual.csv, row 2, column C (tan_1 P): the perception P (9) is outside the scale 1–7",
        "servqual.csv, row 3, column D (tan_2): the expectation E (9) is outside the scale 1–7",
        "servqual.csv, row 4, column B (tan_1 E): the expectation E must be a whole number "
        "from 1 to 7, not 'x'",
        "servqual.csv, row 4, column C (tan_1 P): the perception P (8) is outside the scale 1–7",
    ]
