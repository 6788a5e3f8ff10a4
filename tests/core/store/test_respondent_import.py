"""Importing a stakeholder register: preview with per-row errors, all or nothing."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from workbench.store.respondent_import import (
    RespondentImportError,
    apply_import,
    guess_mapping,
    preview_import,
    read_table,
    remove_imported,
)

HEADERS = ["Name", "Job title", "Department", "Segment", "Consent", "Consent date", "Site"]
GOOD = [
    ["Ana Lima", "Service owner", "Operations", "staff", "yes", "2026-03-01", "Leeds"],
    ["Ben Cole", "Buyer", "Procurement", "External customer", "no", "", "York"],
    ["Cleo Park", "CIO", "Board", "management", "y", "02/03/2026", ""],
]


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, as typed with '
    wb.save(path)
    return path


def test_mapping_is_guessed_from_headers():
    assert guess_mapping(HEADERS) == [
        "name",
        "role",
        "org_unit",
        "segment",
        "consent_given",
        "consent_at",
        "attr:Site",
    ]


def test_good_csv_imports_every_row(tmp_path, store):
    preview = preview_import(write_csv(tmp_path / "people.csv", GOOD))
    assert not preview.errors and not preview.problems
    ids = apply_import(store, preview)
    assert len(ids) == 3
    by_name = {r.name: r for r in store.respondents()}
    ana = by_name["Ana Lima"]
    assert (ana.role, ana.org_unit, ana.segment) == ("Service owner", "Operations", "staff")
    assert ana.consent_given and ana.consent_at == datetime(2026, 3, 1)
    assert ana.attributes == {"Site": "Leeds"}
    assert by_name["Ben Cole"].segment == "external customer"
    assert not by_name["Ben Cole"].consent_given
    assert by_name["Cleo Park"].consent_at == datetime(2026, 3, 2)
    assert by_name["Cleo Park"].attributes == {}


def test_good_xlsx_imports_with_real_dates(tmp_path, store):
    rows = [[*GOOD[0][:5], datetime(2026, 3, 1), "Leeds"], GOOD[1]]
    preview = preview_import(write_xlsx(tmp_path / "people.xlsx", rows))
    assert not preview.errors
    apply_import(store, preview)
    ana = next(r for r in store.respondents() if r.name == "Ana Lima")
    assert ana.consent_at == datetime(2026, 3, 1)


def test_bad_rows_are_reported_with_row_and_column(tmp_path, store):
    rows = [
        GOOD[0],
        ["", "Buyer", "Procurement", "staff", "yes", "", ""],
        ["Dan Moss", "Buyer", "Procurement", "partners", "maybe", "31/31/2026", ""],
        ["Ana Lima", "Other", "", "staff", "no", "", ""],
    ]
    preview = preview_import(write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {
        (3, "Name"),
        (4, "Segment"),
        (4, "Consent"),
        (4, "Consent date"),
        (5, "Name"),
    }
    assert "partners" in next(e.message for e in preview.errors if e.column == "Segment")
    assert "row 2" in next(e.message for e in preview.errors if e.row == 5)
    report = preview.error_report()
    assert "Consent date" in report and "31/31/2026" in report


def test_all_or_nothing(tmp_path, store):
    rows = [GOOD[0], ["", "", "", "staff", "", "", ""], GOOD[1]]
    preview = preview_import(write_csv(tmp_path / "mixed.csv", rows))
    with pytest.raises(RespondentImportError, match="nothing was imported"):
        apply_import(store, preview)
    assert store.respondents() == []
    ids = apply_import(store, preview, skip_bad=True)
    assert sorted(r.name for r in store.respondents()) == ["Ana Lima", "Ben Cole"]
    remove_imported(store, ids)
    assert store.respondents() == []


def test_names_already_in_the_register_are_errors(tmp_path, store):
    store.add_respondent("Ana Lima")
    names = {r.name for r in store.respondents()}
    preview = preview_import(write_csv(tmp_path / "p.csv", GOOD), existing_names=names)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Name")]


def test_formula_looking_text_is_kept_as_text(tmp_path, store):
    rows = [['=HYPERLINK("http://x","y")', "+1-555", "@SUM(A1)", "staff", "", "", "=1+1"]]
    for path in (write_csv(tmp_path / "f.csv", rows), write_xlsx(tmp_path / "f.xlsx", rows)):
        preview = preview_import(path)
        assert not preview.errors, preview.errors
        (row,) = preview.rows
        assert row.values["name"] == '=HYPERLINK("http://x","y")'
        assert row.values["role"] == "+1-555"
        assert row.values["attributes"] == {"Site": "=1+1"}
    apply_import(store, preview)
    (person,) = store.respondents()
    assert person.org_unit == "@SUM(A1)"


def test_file_without_name_column_is_refused(tmp_path, store):
    path = write_csv(tmp_path / "n.csv", [["x", "y"]], headers=["Role", "Segment"])
    preview = preview_import(path)
    assert preview.problems
    with pytest.raises(RespondentImportError):
        apply_import(store, preview, skip_bad=True)
    assert store.respondents() == []


def test_unreadable_files_are_refused(tmp_path):
    bogus = tmp_path / "x.xlsx"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(RespondentImportError, match="cannot be read"):
        read_table(bogus)
    with pytest.raises(RespondentImportError, match="not a spreadsheet"):
        read_table(tmp_path / "x.pdf")
    empty = tmp_path / "e.csv"
    empty.write_text("")
    with pytest.raises(RespondentImportError, match="empty"):
        read_table(empty)


def test_semicolon_csv_and_latin1(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes("Name;Role\nJosé Núñez;Gérant\n".encode("cp1252"))
    headers, rows = read_table(path)
    assert headers == ["Name", "Role"]
    assert rows == [["José Núñez", "Gérant"]]


@pytest.mark.parametrize(
    "encoding, bom, sep",
    [("cp1251", b"", ";"), ("utf-16-le", b"\xff\xfe", "\t"), ("utf-16-le", b"", "\t")],
)
def test_cyrillic_and_utf16_files_are_read_as_written(tmp_path, encoding, bom, sep):
    # Windows-1251 recognised by charset-normalizer (as the survey importer does), never
    # read as Windows-1252; Excel's "Unicode text" (UTF-16, tab-separated)
    rows = [
        ["Name", "Role", "Organisational unit"],
        ["Иван Петров", "Руководитель службы поддержки", "Отдел информационных технологий"],
        ["Ольга Смирнова", "Инженер второй линии", "Отдел информационных технологий"],
    ]
    path = tmp_path / "people.csv"
    path.write_bytes(bom + "\r\n".join(sep.join(r) for r in rows).encode(encoding))
    headers, table = read_table(path)
    assert headers == rows[0]
    assert table == rows[1:]


def test_a_stray_quote_never_closed_is_refused_and_a_quoted_line_break_is_kept(tmp_path):
    broken = tmp_path / "people.csv"
    broken.write_text('Name,Role\nAna Lima,"Service owner\nBen Cole,Buyer\n', encoding="utf-8")
    with pytest.raises(RespondentImportError) as err:
        read_table(broken)
    assert str(err.value).startswith(
        "people.csv: row 2, column B opens a quote that is never closed; the file ends inside it"
    )
    fine = tmp_path / "fine.csv"
    fine.write_text('Name,Role\nAna Lima,"Service owner,\nLeeds"\nBen Cole,Buyer\n', encoding="utf-8")
    assert read_table(fine) == (["Name", "Role"], [["Ana Lima", "Service owner,\nLeeds"],
                                                   ["Ben Cole", "Buyer"]])  # fmt: skip


def test_rows_and_columns_are_named_as_the_spreadsheet_shows_them(tmp_path):
    from openpyxl import Workbook

    rows = [
        ["Name", "Segment", "Email"],
        ["Ann Lee", "staff", "ann@example.com"],
        [None, None, None],  # a blank row inside the table
        ["Bob Ray", "martian", "bob"],
        ["Ann Lee", "staff", ""],
    ]
    wb = Workbook()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            wb.active.cell(row=3 + r, column=3 + c, value=value)  # the table starts at C3
    wb.save(tmp_path / "offset.xlsx")
    preview = preview_import(tmp_path / "offset.xlsx")
    assert preview.headers == ["Name", "Segment", "Email"]  # no empty columns A and B
    assert [str(e) for e in preview.errors] == [
        "row 6, column D ('Segment'): 'martian' is not a segment (use one of: external "
        "customer, internal customer, staff, management, supplier)",
        "row 6, column E ('Email'): 'bob' is not an email address",
        "row 7, column C ('Name'): 'Ann Lee' is also on row 4",
    ]
    # a CSV file: from column A, the blank line counted as the spreadsheet counts it
    text = "Name,Segment,Email\nAnn Lee,staff,\n,,\nBob Ray,martian,\n"
    (tmp_path / "plain.csv").write_text(text, encoding="utf-8")
    preview = preview_import(tmp_path / "plain.csv")
    assert [str(e) for e in preview.errors] == [
        "row 4, column B ('Segment'): 'martian' is not a segment (use one of: external "
        "customer, internal customer, staff, management, supplier)",
    ]
