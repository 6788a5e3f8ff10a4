"""Merge reports: the lines a merge leaves, in words, and their export to CSV or Excel."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select

COLUMNS = ("what", "record", "field", "kept", "other", "detail")
KIND_WORDS = {
    "conflict": "conflict",
    "deleted and edited": "deleted on one side, edited on the other",
    "same-name codes": "codes with the same name",
    "codes merged": "codes merged by name",
    "form versions differ": "form versions differ",
    "removed with its parent": "removed with what it belonged to",
}


def label_items(items: list[dict[str, Any]], rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Give each line the record in words (a respondent's name, a form and question)."""
    respondents = rows["respondent"]
    interviews = rows["interview"]
    forms = rows["form_version"]

    def interview_words(iid: str) -> str:
        iv = interviews.get(iid)
        if iv is None:
            return "an interview since deleted"
        who = respondents.get(iv["respondent_id"], {}).get("name", "?")
        form = forms.get(iv["form_version_id"], {}).get("title", "?")
        return f"{who}: {form}" + (f", {iv['date']}" if iv.get("date") else "")

    for item in items:
        table, record = item["table"], item["record"]
        if table == "answer":
            row = rows["answer"].get(record)
            words = interview_words(record if row is None else row["interview_id"])
        elif table == "interview":
            words = interview_words(record)
        elif table == "respondent":
            words = respondents.get(record, {}).get("name", "a respondent since deleted")
        elif table in ("code", "form_version"):
            words = record
        else:
            row = rows.get(table, {}).get(record)
            name = table.replace("_", " ")
            words = f"{name} {_first_words(row)}" if row else f"a {name} since deleted"
        item["label"] = words


def _first_words(row: dict[str, Any]) -> str:
    for column in ("name", "title", "statement", "text", "body"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return f"“{text[:60]}{'…' if len(text) > 60 else ''}”"
    return row.get("id", "")


def report_rows(items: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per line of a report, in :data:`COLUMNS` order, values as text."""
    out = []
    for item in items:
        out.append(
            [
                KIND_WORDS.get(item["kind"], item["kind"]),
                item.get("label") or item["record"],
                item.get("field", ""),
                _text(item.get("kept")),
                _text(item.get("other")),
                item.get("detail", ""),
            ]
        )
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def merge_reports(store: Any) -> list[Any]:
    """The merges made in this copy, newest first."""
    from workbench.store.models import MergeReport

    with store.session() as s:
        return list(
            s.execute(select(MergeReport).order_by(MergeReport.created_at.desc())).scalars()
        )


def export_report(report: Any, dest: str | Path) -> Path:
    """Write a merge report as ``.csv`` or ``.xlsx`` (text stays text, never a formula)."""
    from workbench.deliver.safety import atomic_path, csv_row, set_cell

    dest = Path(dest)
    rows = report_rows(report.items)
    header = [c.capitalize() for c in COLUMNS]
    suffix = dest.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{dest}: a merge report is written as .csv or .xlsx")
    with atomic_path(dest) as tmp:
        if suffix == ".csv":
            with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(csv_row(r) for r in rows)
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.title = "Merge report"
            set_cell(sheet.cell(row=1, column=1), f"Merged {report.source}")
            set_cell(
                sheet.cell(row=2, column=1),
                f"{report.created_at:%Y-%m-%d %H:%M} UTC by {report.actor or 'the consultant'}",
            )
            for c, name in enumerate(header, start=1):
                set_cell(sheet.cell(row=4, column=c), name)
            for r, values in enumerate(rows, start=5):
                for c, value in enumerate(values, start=1):
                    set_cell(sheet.cell(row=r, column=c), value)
            book.save(tmp)
    return dest
