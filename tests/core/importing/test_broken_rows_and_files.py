"""A damaged file says so: a CSV line with a cell too few or too many is named by its
count before any cell it shifted; a CSV file ending inside a stray quote is refused with
the row and column where the quote opens; a .qdpx cut short is called truncated, not
"not a zip"."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbench.coding.qdpx import ProjectError, read_project
from workbench.deliver.importer import ImportFailed, plan_import
from workbench.deliver.sheet_files import read_table
from workbench.store import create_engagement

DATA = Path(__file__).resolve().parents[2] / "data"
HEADER = "name,segment,overall_satisfaction,recommend,intention_to_stay,made_it_easy,effort_detail"


@pytest.fixture
def store(tmp_path):
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review")
    yield store
    store.close()


def _problems(store, tmp_path, text: str) -> list[str]:
    sheet = tmp_path / "answers.csv"
    sheet.write_text(text, encoding="utf-8")
    plan = plan_import(store, sheet, "satisfaction-loyalty")
    return [str(p) for row in plan.bad_rows for p in row.problems]


def test_a_row_with_a_cell_too_few_is_named_by_its_count(store, tmp_path):
    text = (f"{HEADER}\n"
            "Eve Park,external customer,4,9,5,2,Forms asked twice\n"
            "Finn Roe,external customer,9,5,5,\n"  # one cell lost: 9 lands under satisfaction
            "Gus Ode,staff,5,10,5,5,\n")  # fmt: skip
    assert _problems(store, tmp_path, text) == [
        "answers.csv, row 3 has 6 cells; the header has 7: a cell missing or one too many "
        "puts the cells after it under the wrong columns"
    ]


def test_a_row_with_a_cell_too_many_and_an_export_ending_lines_with_a_separator(
    store, tmp_path
):
    too_many = f"{HEADER}\nEve Park,external customer,4,9,5,2,fine,extra\n"
    assert _problems(store, tmp_path, too_many) == [
        "answers.csv, row 2 has 8 cells; the header has 7: a cell missing or one too many "
        "puts the cells after it under the wrong columns"
    ]
    # every line ends with a separator (an empty cell beyond the header): that is the file's
    # width; a line one short of it is the broken one
    trailing = (f"{HEADER}\n"
                "Eve Park,external customer,4,9,5,2,fine,\n"
                "Finn Roe,external customer,4,9,5,2,fine\n"
                "Gus Ode,staff,5,10,5,5,,\n")  # fmt: skip
    assert _problems(store, tmp_path, trailing) == [
        "answers.csv, row 3 has 7 cells; the rows before it have 8 (the header names 7): a "
        "cell missing or one too many puts the cells after it under the wrong columns"
    ]
    fine = f"{HEADER}\nEve Park,external customer,4,9,5,2,fine,\nGus Ode,staff,5,10,5,5,,\n"
    assert _problems(store, tmp_path, fine) == []


def test_a_truncated_qdpx_says_so(tmp_path):
    whole = (DATA / "qdpx" / "qc-1.3.2-demo.qdpx").read_bytes()
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(whole[: len(whole) // 2])  # a download cut short: the index is lost
    assert not zipfile.is_zipfile(cut)
    with pytest.raises(ProjectError) as err:
        read_project(cut)
    assert str(err.value) == (
        f"{cut}: truncated or damaged: it starts as a zip archive (as a .qdpx project is) "
        "but cannot be read"
    )
    text = tmp_path / "notes.qdpx"
    text.write_text("plain words", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a zip archive; a .qdpx project is a zip file"):
        read_project(text)


def test_a_stray_quote_that_is_never_closed_is_refused_with_its_row_and_column(
    store, tmp_path
):
    # the reader would take Finn's row into Eve's comment and import one interview
    sheet = tmp_path / "answers.csv"
    sheet.write_text(f'{HEADER}\nEve Park,external customer,4,9,5,2,"ok\n'
                     "Finn Roe,external customer,9,5,5,5,fine\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(ImportFailed) as err:
        plan_import(store, sheet, "satisfaction-loyalty")
    assert str(err.value) == (
        f"{sheet}: row 2, column G opens a quote that is never closed; the file ends inside "
        "it (the rows after it would be read as part of that cell). Close or remove the "
        "stray quote and import the file again"
    )


def test_a_quoted_cell_over_several_lines_is_one_cell(store, tmp_path):
    sheet = tmp_path / "answers.csv"
    sheet.write_text(f'{HEADER}\nEve Park,external customer,4,9,5,2,"Forms asked twice,\n'
                     'then a ""third"" time"\n'
                     'Finn Roe,external customer,4,5,5,2,"fine"\n', encoding="utf-8")  # fmt: skip
    plan = plan_import(store, sheet, "satisfaction-loyalty")
    assert plan.bad_rows == []
    assert [row[-1] for row in read_table(sheet)[1][1:]] == [
        'Forms asked twice,\nthen a "third" time',
        "fine",
    ]


def test_the_row_and_column_of_an_unclosed_quote_count_rows_not_lines(tmp_path):
    sheet = tmp_path / "answers.csv"
    sheet.write_text('a;b;c\n1;"two\nlines";3\n4;"five;6\n7;8;9\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"row 3, column B opens a quote"):
        read_table(sheet)


def test_a_semicolon_file_the_sniffer_cannot_read_is_read_by_its_header(store, tmp_path):
    """Python's sniffer gives up on a ``;`` file where a cell holds quotes and semicolons
    unquoted (a formula typed into a survey); read as ``,``, every row was one cell and
    the import made empty responses.  The header line decides the separator, and the
    broken row is named by its count."""
    sheet = tmp_path / "kobo.csv"
    sheet.write_text(
        HEADER.replace(",", ";") + "\n"
        "Eve Park;external customer;4;9;5;2;Forms asked twice\n"
        'Finn Roe;staff;5;10;5;3;=HYPERLINK("http://x.example";"x")\n'
        "Gus Ode;staff;3;7;4;1;slow\n",
        encoding="utf-8",
    )
    plan = plan_import(store, sheet, "satisfaction-loyalty")
    assert plan.headers == HEADER.split(",")
    assert [str(p) for row in plan.bad_rows for p in row.problems] == [
        "kobo.csv, row 3 has 8 cells; the header has 7: a cell missing or one too many "
        "puts the cells after it under the wrong columns"
    ]
    kept = [answers for _row, _person, answers, _ref in plan._kept]
    assert [(a["recommend"], a["effort_detail"]) for a in kept] == [
        (9, "Forms asked twice"),
        (7, "slow"),
    ]


def test_a_file_whose_columns_match_no_question_is_refused_before_anything_is_written(
    store, tmp_path
):
    sheet = tmp_path / "other.csv"
    sheet.write_text("colour,size\nred,large\nblue,small\n", encoding="utf-8")
    plan = plan_import(store, sheet, "satisfaction-loyalty")
    assert [str(p) for p in plan.problems] == [
        "other.csv, no column matches a question of the form 'Satisfaction, loyalty and "
        "effort', so the import would bring only empty responses; the file was read as 2 "
        "columns ('colour', 'size'). Map a column to a question, or check the file's "
        "separator and header row"
    ]


def test_a_cell_refused_by_the_forms_own_rule_message_names_what_it_holds(tmp_path):
    """XLSForm's constraint message says what is wanted ("Between 1 and 10"), not what
    the cell holds: the refusal adds the cell."""
    from workbench.forms.schema import FormDefinition

    form = FormDefinition.model_validate(
        {"id": "pulse", "title": "Pulse", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": [
             {"key": "score", "type": "number", "label": "Score",
              "constraint": "score >= 1 and score <= 10",
              "constraint_message": "Between 1 and 10"}]}]}
    )  # fmt: skip
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review")
    try:
        store.ensure_form_version(form, source="imported")
        sheet = tmp_path / "pulse.csv"
        sheet.write_text("name,score\nEve Park,12\nFinn Roe,7\n", encoding="utf-8")
        plan = plan_import(store, sheet, "pulse")
        assert [str(p) for row in plan.bad_rows for p in row.problems] == [
            "pulse.csv, row 2, column B (score): Between 1 and 10 (the cell holds '12')"
        ]
    finally:
        store.close()
