"""Import a stakeholder register from a spreadsheet (.xlsx, .xls, .ods) or a .csv file.

Three steps, none of which needs a window:

1. :func:`read_table` reads the header row and the data rows as plain strings;
2. :func:`preview_import` maps columns to respondent fields (guessed from the headers,
   or given), validates every row and returns an :class:`ImportPreview` with the errors
   of each row (row number as the spreadsheet shows it, and the column's header);
3. :func:`apply_import` adds the rows in ONE transaction: all of them or none.  With
   ``skip_bad=True`` the rows with errors are left out and the good ones land.

Cell text is data: "=SUM(A1:A3)" is kept as those characters, nothing is evaluated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from workbench.store.models import SEGMENTS, Respondent, utcnow

# field → header spellings that map to it without asking (compared lower-case, trimmed)
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "respondent", "stakeholder", "interviewee", "person"),
    "role": ("role", "job title", "position", "function", "title"),
    "org_unit": (
        "org unit",
        "organisational unit",
        "organizational unit",
        "department",
        "unit",
        "business unit",
        "division",
    ),
    "segment": ("segment", "stakeholder group", "group", "respondent group"),
    "email": ("email", "e-mail", "mail", "email address"),
    "consent_given": ("consent", "consent given", "consented"),
    "consent_at": ("consent date", "consent at", "consent given on", "date of consent"),
}
FIELD_LABELS = {
    "name": "Name",
    "role": "Role",
    "org_unit": "Org unit",
    "segment": "Segment",
    "email": "Email",
    "consent_given": "Consent",
    "consent_at": "Consent date",
}
IGNORE = ""  # a column mapped to nothing
ATTR = "attr:"  # prefix of a column kept as a free attribute
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TRUE_WORDS = {"yes", "y", "true", "1", "x", "✓", "given", "ja", "oui"}
FALSE_WORDS = {"no", "n", "false", "0", "", "not given", "-"}
SEGMENT_ALIASES = {
    "customer": "external customer",
    "external": "external customer",
    "client": "external customer",
    "internal": "internal customer",
    "employee": "staff",
    "manager": "management",
    "vendor": "supplier",
}


class RespondentImportError(ValueError):
    """The file cannot be read, or the import was refused; nothing was changed."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it
    column: str  # the header of the column (or "" for the whole row)
    message: str
    letter: str = ""  # the column's letter as the spreadsheet shows it

    def __str__(self) -> str:
        where = f"row {self.row}"
        if self.column and self.letter:
            where += f", column {self.letter} ({self.column!r})"
        elif self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class Table(tuple):
    """(headers, rows) of a sheet, with where they sit in it: ``numbers`` (each row's
    number as the spreadsheet shows it) and ``first_column`` (0-based: 2 for a table that
    starts in column C)."""

    numbers: list[int]
    first_column: int


@dataclass
class ImportRow:
    row: int
    cells: list[str]  # the raw text of each column
    values: dict[str, Any] = field(default_factory=dict)  # respondent fields (+ attributes)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    source: str
    headers: list[str]
    mapping: list[str]  # per column: a field name, ATTR + name, or IGNORE
    rows: list[ImportRow]
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def good_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]

    def error_report(self) -> str:
        """Every error as CSV text (row, column, problem, the row's cells)."""
        from workbench.deliver.safety import csv_row

        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(csv_row(["row", "column", "problem", *self.headers]))
        for problem in self.problems:
            writer.writerow(csv_row(["", "", problem]))
        for row in self.bad_rows:
            for err in row.errors:
                writer.writerow(csv_row([err.row, err.column, err.message, *row.cells]))
        return out.getvalue()


# -- reading -----------------------------------------------------------------------------------
def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_table(path: str | Path) -> Table:
    """(headers, rows) of the first sheet of a spreadsheet or of a CSV file, as text; the
    blank rows and the empty columns left of the table are left out, and the
    :class:`Table` says where the rest sit."""
    from workbench.limits import InputLimitError, check_input_file, check_zip

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in SPREADSHEET_SUFFIXES:
            from python_calamine import CalamineWorkbook

            check_zip(path, "workbook")
            workbook = CalamineWorkbook.from_path(str(path))
            if not workbook.sheet_names:
                raise RespondentImportError(f"{path.name}: the workbook has no sheets")
            raw = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
            table = [[_cell_text(v) for v in row] for row in raw]
        elif suffix in (".csv", ".txt", ".tsv"):
            from workbench.coding.transcripts_encoding import text_encoding

            check_input_file(path, "file")
            data = path.read_bytes()
            try:
                # UTF-16, UTF-8 or the 8-bit encoding charset-normalizer recognises
                encoding = text_encoding(data, path)
            except ValueError as exc:
                raise RespondentImportError(f"{path.name}: {exc}") from None
            text = data.decode(encoding)
            from workbench.deliver.sheet_files import ImportFailed, csv_rows, sniff_dialect

            dialect = sniff_dialect(text[:4096])

            try:
                rows = csv_rows(io.StringIO(text, newline=""), dialect, path.name)
                table = [[c.strip() for c in row] for row in rows]
            except ImportFailed as exc:
                raise RespondentImportError(str(exc)) from None
        else:
            raise RespondentImportError(
                f"{path.name}: not a spreadsheet or CSV file (use .xlsx, .ods or .csv)"
            )
    except RespondentImportError:
        raise
    except InputLimitError as exc:
        raise RespondentImportError(str(exc)) from None
    except FileNotFoundError:
        raise RespondentImportError(f"{path}: no such file") from None
    except Exception as exc:  # a damaged or foreign file: say so, change nothing
        raise RespondentImportError(f"{path.name}: cannot be read ({exc})") from None
    numbers = [n for n, row in enumerate(table, start=1) if any(cell for cell in row)]
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise RespondentImportError(f"{path.name}: the file is empty")
    left = min(next(i for i, cell in enumerate(row) if cell) for row in table)
    table = [row[left:] for row in table]
    headers = table[0]
    width = max(len(row) for row in table)
    while width and not any(len(r) >= width and r[width - 1] for r in table):
        width -= 1
    headers = [*headers, *[""] * (width - len(headers))][:width]
    rows = [[*r, *[""] * (width - len(r))][:width] for r in table[1:]]
    found = Table((headers, rows))
    found.numbers, found.first_column = numbers[1:], left
    return found


# -- mapping and validating -----------------------------------------------------------------
def guess_mapping(headers: list[str]) -> list[str]:
    """A field for each header it names; other named columns become free attributes."""
    mapping: list[str] = []
    taken: set[str] = set()
    for header in headers:
        key = " ".join(header.lower().replace("_", " ").split())
        target = next((f for f, names in FIELDS.items() if key in names and f not in taken), None)
        if target is None:
            target = f"{ATTR}{header.strip()}" if header.strip() else IGNORE
        else:
            taken.add(target)
        mapping.append(target)
    return mapping


def _parse_bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _parse_date(text: str) -> datetime | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _segment(text: str) -> str | None:
    word = " ".join(text.lower().split())
    if word in SEGMENTS:
        return word
    return SEGMENT_ALIASES.get(word)


def preview_import(
    path: str | Path,
    mapping: list[str] | None = None,
    *,
    existing_names: set[str] | None = None,
    default_segment: str = "external customer",
) -> ImportPreview:
    """Read and validate a file; nothing is written.  See the module docstring."""
    found = read_table(path)
    headers, table = found
    return validate_rows(
        Path(path).name,
        headers,
        table,
        mapping,
        existing_names=existing_names,
        default_segment=default_segment,
        numbers=found.numbers,
        first_column=found.first_column,
    )


def validate_rows(
    source: str,
    headers: list[str],
    table: list[list[str]],
    mapping: list[str] | None = None,
    *,
    existing_names: set[str] | None = None,
    default_segment: str = "external customer",
    numbers: list[int] | None = None,
    first_column: int = 0,
) -> ImportPreview:
    """``numbers``: each row's number as the spreadsheet shows it (by default the header
    is row 1 and the rows follow it); ``first_column``: the sheet's column the table
    starts in (0-based), for the letters errors are named by."""
    from workbench.deliver.sheet_files import column_letter

    mapping = list(mapping) if mapping is not None else guess_mapping(headers)
    if len(mapping) != len(headers):
        raise ValueError("the mapping needs one entry per column")
    preview = ImportPreview(source, headers, mapping, [])
    targets = [m for m in mapping if m]
    doubled = sorted({m for m in targets if targets.count(m) > 1})
    for m in doubled:
        preview.problems.append(f"more than one column is mapped to {_label(m)}")
    if "name" not in mapping:
        preview.problems.append("no column is mapped to Name; every respondent needs a name")
    existing = {n.strip().lower() for n in (existing_names or set())}
    seen: dict[str, int] = {}
    letters = [column_letter(first_column + j) for j in range(len(headers))]
    letter_of = {h: letters[j] for j, h in reversed(list(enumerate(headers))) if h}
    for offset, cells in enumerate(table):
        row = ImportRow(row=numbers[offset] if numbers else offset + 2, cells=cells)
        attributes: dict[str, str] = {}
        for j, (header, target, text) in enumerate(zip(headers, mapping, cells, strict=True)):
            if not target:
                continue
            column = header or f"column {letters[j]}"
            if target.startswith(ATTR):
                if text:
                    attributes[target[len(ATTR) :]] = text
            elif target == "name":
                if not text:
                    row.errors.append(RowError(row.row, column, "the name is empty"))
                elif len(text) > 200:
                    row.errors.append(RowError(row.row, column, "the name is longer than 200"))
                else:
                    key = text.lower()
                    if key in seen:
                        row.errors.append(
                            RowError(row.row, column, f"{text!r} is also on row {seen[key]}")
                        )
                    elif key in existing:
                        row.errors.append(
                            RowError(row.row, column, f"{text!r} is already in the register")
                        )
                    seen.setdefault(key, row.row)
                    row.values["name"] = text
            elif target == "segment":
                segment = _segment(text) if text else default_segment
                if segment is None:
                    row.errors.append(
                        RowError(
                            row.row,
                            column,
                            f"{text!r} is not a segment (use one of: {', '.join(SEGMENTS)})",
                        )
                    )
                else:
                    row.values["segment"] = segment
            elif target == "consent_given":
                flag = _parse_bool(text)
                if flag is None:
                    row.errors.append(RowError(row.row, column, f"{text!r} is not yes or no"))
                else:
                    row.values["consent_given"] = flag
            elif target == "consent_at":
                if text:
                    when = _parse_date(text)
                    if when is None:
                        row.errors.append(
                            RowError(row.row, column, f"{text!r} is not a date (use YYYY-MM-DD)")
                        )
                    else:
                        row.values["consent_at"] = when
            elif target == "email":
                if text and ("@" not in text or " " in text):
                    row.errors.append(
                        RowError(row.row, column, f"{text!r} is not an email address")
                    )
                else:
                    row.values["email"] = text
            else:  # role, org_unit: free text, kept verbatim
                if len(text) > 200:
                    row.errors.append(RowError(row.row, column, "longer than 200 characters"))
                row.values[target] = text
        row.values.setdefault("segment", default_segment)
        if row.values.get("consent_at") and "consent_given" not in row.values:
            row.values["consent_given"] = True
        if row.values.get("consent_given") and not row.values.get("consent_at"):
            row.values["consent_at"] = utcnow()
        row.values["attributes"] = attributes
        row.errors = [replace(e, letter=letter_of.get(e.column, "")) for e in row.errors]
        preview.rows.append(row)
    return preview


def _label(target: str) -> str:
    if target.startswith(ATTR):
        return f"the attribute {target[len(ATTR) :]!r}"
    return FIELD_LABELS.get(target, target)


# -- applying -------------------------------------------------------------------------------------
def apply_import(store: Any, preview: ImportPreview, *, skip_bad: bool = False) -> list[str]:
    """Add the previewed respondents in one transaction; returns their ids.

    Refused (nothing written) when the file has problems, or when any row has errors
    and ``skip_bad`` is false.
    """
    if preview.problems:
        raise RespondentImportError("; ".join(preview.problems))
    if preview.bad_rows and not skip_bad:
        count = len(preview.bad_rows)
        raise RespondentImportError(
            f"{count} row{'s' if count != 1 else ''} ha{'ve' if count != 1 else 's'} errors; "
            "nothing was imported"
        )
    rows = preview.good_rows
    ids: list[str] = []
    with store.writing() as s:
        for row in rows:
            respondent = Respondent(**row.values)
            s.add(respondent)
            s.flush()
            ids.append(respondent.id)
    return ids


def remove_imported(store: Any, ids: list[str]) -> None:
    """Take back an import (its undo): the respondents go, in one transaction.

    Only respondents without interviews are removed; one that has gained an interview
    since the import moves to the trash instead.
    """
    from workbench.store.models import Interview

    with store.writing() as s:
        for respondent_id in ids:
            row = s.get(Respondent, respondent_id)
            if row is None:
                continue
            used = s.query(Interview.id).filter(Interview.respondent_id == respondent_id).first()
            if used:
                row.deleted_at = utcnow()
            else:
                s.delete(row)
