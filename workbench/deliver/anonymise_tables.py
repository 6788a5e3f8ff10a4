"""Anonymised analysis tables: every row resting on fewer than k respondents suppressed
(its figures replaced by ``"n<k"``), with the charts and the findings that would show
those people left out, and the interview dates of a visit's table dropped."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.deliver.anonymise import Anonymiser


def suppress_small_cells(anonymiser: Anonymiser, result: Any) -> Any:
    """``result`` with the numbers of every table row that rests on fewer than k
    respondents replaced by a marker, and a note saying so (a copy; or ``result``)."""
    tables = []
    changed = small = False
    marker = f"n<{anonymiser.k}"
    hidden: set[str] = set()  # the labels of the rows suppressed
    for table in result.tables:
        if any(c.name == "interview_date" for c in table.columns):
            table = _without_dates(table)  # a visit's date can name who was observed
            anonymiser.record("column", "interview dates", "left out", where=table.title)
            changed = True
        col = _count_column(table)
        if col is None:
            tables.append(table)
            continue
        rows = []
        hit = False
        first_text = table.marker_column()
        for i, row in enumerate(table.rows):
            n = row[col]
            if isinstance(n, int | float) and n == n and 0 < n < anonymiser.k:
                label = " / ".join(
                    str(v) for c, v in zip(table.columns, row, strict=False) if c.kind == "text"
                )
                if table.columns[first_text].kind == "text":
                    hidden.add(str(row[first_text]))
                # A text cell beside the label that carries figures ("Feasibility
                # (2.33)") rests on the same people: it goes too.
                new = [
                    v
                    if c.kind == "text" and (j == first_text or not _DIGIT.search(str(v)))
                    else marker
                    for j, (c, v) in enumerate(zip(table.columns, row, strict=False))
                ]
                rows.append(new)
                hit = True
                anonymiser.record(
                    "cell",
                    f"row {i + 1} ({label or '—'}): {int(n)} respondent(s)",
                    marker,
                    where=f"{result.title}: {table.title}",
                )
            else:
                rows.append(row)
        if hit:
            note = f"Figures resting on fewer than {anonymiser.k} respondents are suppressed ({marker})."
            table = replace(table, rows=rows, note=f"{table.note} {note}".strip())
            changed = small = True
        tables.append(table)
    if not changed:
        return result
    if not small:
        return replace(result, tables=tables)
    # A chart would show the suppressed numbers: it is left out, and the method says so.
    for spec in result.figures:
        anonymiser.record(
            "chart", spec.title or spec.name, "left out", where=f"{result.title}: charts"
        )
    findings = _findings_kept(anonymiser, result, hidden)
    notes = list(result.method_notes)
    if len(findings) < len(result.findings):
        notes.append(
            f"Findings resting on fewer than {anonymiser.k} respondents are left out of this "
            "anonymised deliverable."
        )
    if result.figures:
        notes.append(
            f"Charts are left out of this anonymised deliverable because they would show "
            f"groups of fewer than {anonymiser.k} respondents."
        )
    return replace(result, tables=tables, figures=[], method_notes=notes, findings=findings)


def _findings_kept(anonymiser: Anonymiser, result: Any, hidden: set[str]) -> list[str]:
    """``result.findings`` without those that give a figure on fewer than k people:
    those naming a suppressed row ("6% are loyalists (1 apostle)") or a count below k
    ("-0.80 († 3 respondents)")."""
    stems = []
    for label in hidden:
        text = re.sub(r"^\s*(of which\s+)?", "", label.replace("\u2020", "")).strip()
        if text:
            stems.append(re.escape(text[:-1] if text.endswith("s") else text))
    named = re.compile(rf"\b(?:{'|'.join(stems)})", re.IGNORECASE) if stems else None
    kept = []
    for finding in result.findings:
        few = any(0 < int(n) < anonymiser.k for n in _FEW.findall(finding))
        if few or (named is not None and named.search(finding)):
            anonymiser.record("finding", finding, "left out", where=f"{result.title}: findings")
            continue
        kept.append(finding)
    return kept


_DIGIT = re.compile(r"\d")

#: A count of people in a finding: "3 respondents", "1 apostle", "2 managers".
_FEW = re.compile(
    r"\b(\d+)\s+(?:respondents?|people|persons?|managers?|apostles?|terrorists?|"
    r"loyalists?|mercenar(?:y|ies)|hostages?|defectors?|interviews?)\b",
    re.IGNORECASE,
)


def _without_dates(table: Any) -> Any:
    """``table`` without its interview-date column (anonymised deliverables give none)."""
    keep = [i for i, c in enumerate(table.columns) if c.name != "interview_date"]
    return replace(
        table,
        columns=[table.columns[i] for i in keep],
        rows=[[row[i] for i in keep] for row in table.rows],
        cell_formats={},
    )


def _count_column(table: Any) -> int | None:
    for i, col in enumerate(table.columns):
        label = col.label.casefold()
        if col.kind == "int" and (
            "respondent" in label or "cases" in label or label.strip() == "n"
        ):
            return i
    return None
