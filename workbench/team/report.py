"""Merge reports: the lines a merge leaves, in words, and their export to CSV or Excel."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

COLUMNS = ("what", "record", "field", "kept", "other", "detail")
KIND_WORDS = {
    "conflict": "conflict",
    "deleted and edited": "deleted on one side, edited on the other",
    "same-name codes": "codes with the same name",
    "same-name respondents": "respondents with the same name",
    "codes merged": "codes merged by name",
    "form versions differ": "form versions differ",
    "removed with its parent": "removed with what it belonged to",
    "merged": "merged",
    "segment lost": "coded segment lost",
}


def label_items(items: list[dict[str, Any]], rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Give each line the record in words (a respondent's name, a form and question)."""
    respondents = rows["respondent"]
    interviews = rows["interview"]
    forms = rows["form_version"]

    def interview_words(iid: str, where: str = "") -> str:
        iv = interviews.get(iid)
        if iv is None:
            return f"{where}, an interview since deleted" if where else "an interview since deleted"
        who = respondents.get(iv["respondent_id"], {}).get("name", "?")
        form = forms.get(iv["form_version_id"], {}).get("title", "?")
        return f"{who}: {form}" + (f", {iv['date']}" if iv.get("date") else "")

    for item in items:
        table, record = item["table"], item["record"]
        if table == "answer":
            row = rows["answer"].get(record)
            iid = record if row is None else row["interview_id"]
            words = interview_words(item.get("interview") or iid, item.get("where", ""))
            if row is not None and item.get("field"):
                iv = interviews.get(row["interview_id"], {})
                form = forms.get(iv.get("form_version_id"), {})
                asked = _question_labels(form)
                label = asked.get(row["question_key"])
                if label:
                    item["field"] = label + (f" [{row['item']}]" if row.get("item") else "")
                choices = _choice_labels(form).get(row["question_key"])
                if choices:  # the answer's choices as the form words them, not their keys
                    for side in ("kept", "other"):
                        if side in item:
                            item[side] = _in_words(item[side], choices)
        elif table == "interview":
            words = interview_words(record)
        elif table == "respondent":
            words = respondents.get(record, {}).get("name", "a respondent since deleted")
        elif table in ("note", "coded_segment"):
            # whose interview, and the start of the words (kept on the line when the row
            # itself is gone)
            row = rows[table].get(record) or {}
            iid = row.get("interview_id") or item.get("interview")
            excerpt = item.get("words") or _first_words(row).strip("“”")
            name = "note" if table == "note" else "coded segment"
            words = f"{interview_words(iid, item.get('where', ''))} — {name}" if iid else f"a {name}"
            words += f" “{excerpt}”" if excerpt else ""
        elif table in ("code", "form_version"):
            words = record
        else:
            row = rows.get(table, {}).get(record)
            name = table.replace("_", " ")
            words = f"{name} {_first_words(row)}" if row else f"a {name} since deleted"
        item["label"] = words


def _question_labels(form: dict[str, Any]) -> dict[str, str]:
    """A form version's question keys and their wording, from its stored definition."""
    definition = form.get("definition") or {}
    return {
        q["key"]: " ".join(str(q.get("label") or q["key"]).split())
        for section in definition.get("sections", [])
        for q in section.get("questions", [])
        if isinstance(q, dict) and "key" in q
    }


def _choice_labels(form: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A form version's question keys and, for a question of choices, each choice's
    value and its wording."""
    definition = form.get("definition") or {}
    return {
        q["key"]: {
            str(c["value"]): " ".join(str(c.get("label") or c["value"]).split())
            for c in q.get("choices") or []
            if isinstance(c, dict) and "value" in c
        }
        for section in definition.get("sections", [])
        for q in section.get("questions", [])
        if isinstance(q, dict) and "key" in q and q.get("choices")
    }


def _in_words(value: Any, choices: dict[str, str]) -> Any:
    """An answer's value with its choices as the form words them."""
    if isinstance(value, list) and value and all(str(v) in choices for v in value):
        return "; ".join(choices[str(v)] for v in value)
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value) in choices:
        return choices[str(value)]
    return value


def _first_words(row: dict[str, Any]) -> str:
    for column in ("name", "title", "statement", "text", "body"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return f"“{text[:60]}{'…' if len(text) > 60 else ''}”"
    return row.get("id", "")


def kept_apart_words(items: list[dict[str, Any]]) -> str:
    """The records deleted on one side and changed on the other, each named with what
    became of it, or "" when there are none."""
    from workbench.plural import plural

    lines = [i for i in items if i["kind"] == "deleted and edited"]
    if not lines:
        return ""
    named = "; ".join(
        f"{i.get('label') or i['record']} ({i['brief']})" if i.get("brief") else
        f"{i.get('label') or i['record']}"
        for i in lines
    )  # fmt: skip
    return f"{plural(len(lines), 'record')} deleted on one side and changed on the other: {named}"


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


@dataclass
class RunReport:
    """The last merge run: every copy merged in one go, each one's part in turn."""

    sources: list[str]
    created_at: datetime
    actor: str
    items: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return ", ".join(self.sources)

    @property
    def changed(self) -> bool:
        return bool(self.ids)

    def heading(self) -> str:
        return (
            f"Merged {self.source} on {self.created_at:%Y-%m-%d %H:%M} UTC by "
            f"{self.actor or 'the consultant'}"
        )


def change_words(counts: dict[str, Any]) -> str:
    """``{"added": {"interview": 2}, …}`` in words: "added 2 interviews; removed 1 note"."""
    from workbench.plural import plural
    from workbench.team.merge import LABELS

    parts = []
    for key, words in (("added", "added"), ("changed", "changed"), ("removed", "removed")):
        shown = ", ".join(
            plural(n, LABELS.get(t, t.replace("_", " "))) for t, n in counts.get(key, {}).items() if n
        )
        if shown:
            parts.append(f"{words} {shown}")
    return "; ".join(parts) or "history brought in"


def _part(source: str, counts: dict[str, Any] | None) -> list[dict[str, Any]]:
    detail = change_words(counts) if counts is not None else "nothing new; nothing changed"
    return [{"kind": "merged", "table": "", "record": source, "label": source, "detail": detail}]


def last_run(store: Any) -> RunReport | None:
    """The last merge run kept in this copy (all the copies merged in one go), or None."""
    reports = merge_reports(store)
    if not reports:
        return None
    run = (reports[0].summary or {}).get("run")
    parts = [r for r in reports if run and (r.summary or {}).get("run") == run] or reports[:1]
    parts.reverse()
    out = RunReport([], parts[-1].created_at, parts[-1].actor)
    for r in parts:
        out.sources.append(r.source)
        out.ids.append(r.id)
        out.items += _part(r.source, r.summary or {}) + list(r.items)
    return out


def run_report(results: list[Any], actor: str = "") -> RunReport:
    """A run's report from its merge results, the copies that changed nothing included."""
    from workbench.store.models import utcnow

    out = RunReport([], utcnow(), actor)
    for result in results:
        out.sources.append(result.source)
        if result.changed:
            out.ids.append(result.report_id)
            counts = {"added": result.added, "changed": result.updated, "removed": result.removed}
            out.items += _part(result.source, counts) + list(result.items)
        else:
            out.items += _part(result.source, None)
    return out


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
            heading = f"Merged {report.source}"
            if not getattr(report, "changed", True):
                heading += ": nothing new; the engagement is unchanged"
            set_cell(sheet.cell(row=1, column=1), heading)
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
