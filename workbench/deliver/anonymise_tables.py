"""Anonymised analysis tables: every row resting on fewer than k respondents suppressed
(its figures replaced by ``"n<k"``), with the charts and the findings that would show
those people left out, and the interview dates of a visit's table dropped.

A suppressed row must not be recoverable from what stays: where one group alone of a
breakdown (a segment, a satisfaction-loyalty group) would be suppressed, the next
smallest group's figures are withheld too (complementary suppression, ``"[withheld]"``),
so that subtracting the shown groups from the totals gives two groups together, never
one; a column named after a suppressed group (the loyalists' share by segment) is
withheld in the result's other tables; and a breakdown by segment left with a single
group (every segment generalised into "Other") is left out, since it repeats the whole
sample's figures, suppressed ones among them.  A suppressed row keeps no evidence of its
own: the workbook names nobody in it (:func:`suppressed_row`)."""

from __future__ import annotations

import re
from dataclasses import replace
from numbers import Real
from typing import TYPE_CHECKING, Any

from workbench.deliver.context import join_names

if TYPE_CHECKING:
    from workbench.deliver.anonymise import Anonymiser

#: What a cell withheld so that a suppressed one cannot be worked out shows.
COMPLEMENT = "[withheld]"

#: The text columns whose rows split the respondents into groups (a breakdown).
_BREAKDOWNS = frozenset({"segment", "group"})


def is_suppressed(value: Any) -> bool:
    """Whether a table cell is a suppression marker (``"n<5"`` or ``"[withheld]"``)."""
    return isinstance(value, str) and (value.startswith("n<") or value == COMPLEMENT)


def suppressed_row(row: Any) -> bool:
    """Whether a table row's figures are suppressed (its evidence is then not shown)."""
    return any(is_suppressed(v) for v in row)


def suppress_small_cells(anonymiser: Anonymiser, result: Any) -> Any:
    """``result`` with the numbers of every table row that rests on fewer than k
    respondents replaced by a marker, and a note saying so (a copy; or ``result``)."""
    tables = []
    changed = small = complemented = False
    marker = f"n<{anonymiser.k}"
    hidden: set[str] = set()  # the labels of the rows suppressed
    notes = list(result.method_notes)
    for table in result.tables:
        if any(c.name == "interview_date" for c in table.columns):
            table = _without_dates(table)  # a visit's date can name who was observed
            anonymiser.record("column", "interview dates", "left out", where=table.title)
            changed = True
        if _one_segment(table):
            # Every respondent in one group: the table repeats the whole sample's figures,
            # the suppressed ones among them, under a segment label the deliverable withheld.
            group = str(table.rows[0][0]) if table.rows else ""
            anonymiser.record(
                "table",
                f"{table.title or table.name} (every respondent in one segment: {group})",
                "left out",
                where=result.title,
            )
            notes.append(
                f"The table \u201c{table.title}\u201d is left out of this anonymised "
                f"deliverable: as anonymised, every respondent is in one segment ({group}), "
                "so it would repeat the figures for all respondents."
            )
            changed = True
            continue
        col = _count_column(table)
        if col is None:
            tables.append(table)
            continue
        primary = {i for i, row in enumerate(table.rows) if 0 < _n(row[col]) < anonymiser.k}
        secondary = _complements(table, col, primary)
        rows = []
        first_text = table.marker_column()
        for i, row in enumerate(table.rows):
            if i not in primary and i not in secondary:
                rows.append(row)
                continue
            label = " / ".join(
                str(v) for c, v in zip(table.columns, row, strict=False) if c.kind == "text"
            )
            if table.columns[first_text].kind == "text":
                hidden.add(str(row[first_text]))
            mark = marker if i in primary else COMPLEMENT
            # A text cell beside the label that carries figures ("Feasibility
            # (2.33)") rests on the same people: it goes too.
            rows.append(
                [
                    v
                    if c.kind == "text" and (j == first_text or not _DIGIT.search(str(v)))
                    else mark
                    for j, (c, v) in enumerate(zip(table.columns, row, strict=False))
                ]
            )
            why = (
                f"{int(_n(row[col]))} respondent(s)"
                if i in primary
                else "the next smallest group: the suppressed one would follow from the totals"
            )
            anonymiser.record(
                "cell",
                f"row {i + 1} ({label or '—'}): {why}",
                mark,
                where=f"{result.title}: {table.title}",
            )
        if primary:
            note = f"Figures resting on fewer than {anonymiser.k} respondents are suppressed ({marker})."
            if secondary:
                note += (
                    " So that they cannot be worked out by subtraction from the totals, the "
                    f"next smallest group\u2019s figures are withheld too ({COMPLEMENT})."
                )
                complemented = True
            table = replace(table, rows=rows, note=f"{table.note} {note}".strip())
            changed = small = True
        tables.append(table)
    if small:
        tables = _linked_columns(anonymiser, result, tables, hidden)
    findings = _findings_kept(anonymiser, result, hidden)
    if len(findings) < len(result.findings):
        notes.append(
            f"Findings resting on fewer than {anonymiser.k} respondents are left out of this "
            "anonymised deliverable."
        )
        changed = True
    if not changed:
        return result
    if not small:
        return replace(result, tables=tables, method_notes=notes, findings=findings)
    # A chart would show the suppressed numbers: it is left out, and the method says so.
    for spec in result.figures:
        anonymiser.record(
            "chart", spec.title or spec.name, "left out", where=f"{result.title}: charts"
        )
    if complemented:
        notes.append(
            f"Where a single group of a breakdown rests on fewer than {anonymiser.k} "
            "respondents, the next smallest group is withheld with it (complementary "
            "suppression), so that no suppressed figure can be worked out by subtracting the "
            "shown groups from the totals."
        )
    if result.figures:
        notes.append(
            f"Charts are left out of this anonymised deliverable because they would show "
            f"groups of fewer than {anonymiser.k} respondents."
        )
    return replace(result, tables=tables, figures=[], method_notes=notes, findings=findings)


def _one_segment(table: Any) -> bool:
    """A breakdown by segment with one group at most (as anonymised: everybody "Other")."""
    return (
        bool(table.columns)
        and table.columns[0].name == "segment"
        and table.columns[0].kind == "text"
        and len(table.rows) <= 1
    )


def _n(value: Any) -> float:
    """A count cell as a number (0 when it holds none)."""
    if isinstance(value, bool) or not isinstance(value, Real) or value != value:
        return 0.0
    return float(value)


def _complements(table: Any, col: int, primary: set[int]) -> set[int]:
    """The rows withheld so that no suppressed row of a breakdown can be worked out from
    the totals: in each set of groups that adds up to a whole (the rows of a breakdown
    column, within each value of the text columns before it: a code's segments), where one
    group alone is suppressed, the smallest shown group with anyone in it.  Sub-rows
    ("  of which apostles") are parts of their group, not groups of their own."""
    if not primary:
        return set()
    at = next(
        (j for j, c in enumerate(table.columns) if c.kind == "text" and c.name in _BREAKDOWNS),
        None,
    )
    if at is None:
        return set()
    keys = [j for j in range(at) if table.columns[j].kind == "text"]
    wholes: dict[tuple[str, ...], list[int]] = {}
    for i, row in enumerate(table.rows):
        if str(row[at])[:1].isspace():
            continue
        wholes.setdefault(tuple(str(row[j]) for j in keys), []).append(i)
    out = set()
    for rows in wholes.values():
        if sum(1 for i in rows if i in primary) != 1:
            continue
        # A group of nobody shown as withheld would give the suppressed one exactly.
        shown = [i for i in rows if i not in primary and _n(table.rows[i][col]) > 0]
        if shown:
            out.add(min(shown, key=lambda i: (_n(table.rows[i][col]), i)))
    return out


def _linked_columns(
    anonymiser: Anonymiser, result: Any, tables: list[Any], hidden: set[str]
) -> list[Any]:
    """``tables`` with each figure column named after a suppressed row ("Loyalists" by
    segment, beside the matrix's suppressed loyalists) withheld: added up over its rows
    it gives that row back."""
    names = {_plain_label(h) for h in hidden} - {""}
    out = []
    for table in tables:
        first = table.marker_column()
        cols = [
            j
            for j, c in enumerate(table.columns)
            if j != first
            and c.kind != "text"
            and _plain_label(c.label) in names
            and not all(is_suppressed(row[j]) for row in table.rows)
        ]
        if not cols or not table.rows:
            out.append(table)
            continue
        rows = [
            [v if j not in cols or is_suppressed(v) else COMPLEMENT for j, v in enumerate(row)]
            for row in table.rows
        ]
        for j in cols:
            anonymiser.record(
                "column",
                table.columns[j].label,
                COMPLEMENT,
                where=f"{result.title}: {table.title}: its total is a suppressed row",
            )
        labels = join_names([table.columns[j].label for j in cols])
        note = (
            f"The {labels} column{'s are' if len(cols) > 1 else ' is'} withheld "
            f"({COMPLEMENT}): added up, {'they' if len(cols) > 1 else 'it'} would give the "
            "suppressed figures of the same name."
        )
        out.append(replace(table, rows=rows, note=f"{table.note} {note}".strip()))
    return out


def _plain_label(text: str) -> str:
    """A row or column label as compared: no "of which", no mark, any case."""
    text = re.sub(r"^\s*(of which\s+)?", "", str(text).replace("\u2020", ""))
    return " ".join(text.split()).casefold()


def _findings_kept(anonymiser: Anonymiser, result: Any, hidden: set[str]) -> list[str]:
    """``result.findings`` without those that give a figure on fewer than k people:
    every finding of a result resting as a whole on fewer than k respondents, and
    otherwise those naming a suppressed row ("6% are loyalists (1 apostle)"; "Customer
    effort: mean 4.75" beside a suppressed "Customer effort score") or a count below k
    ("-0.80 († 3 respondents)").  The report, the deck (its summary and slide titles)
    and the workbook's Summary all take their findings from here."""
    people = getattr(result, "respondents", None)
    if people is not None and 0 < people < anonymiser.k:
        for finding in result.findings:
            anonymiser.record("finding", finding, "left out", where=f"{result.title}: findings")
        return []
    subjects = {_plain_label(h) for h in hidden} - {""}
    stems = []
    for label in hidden:
        text = re.sub(r"^\s*(of which\s+)?", "", label.replace("\u2020", "")).strip()
        if text:
            stems.append(re.escape(text[:-1] if text.endswith("s") else text))
    named = re.compile(rf"\b(?:{'|'.join(stems)})", re.IGNORECASE) if stems else None
    kept = []
    for finding in result.findings:
        few = any(0 < int(n) < anonymiser.k for n in _FEW.findall(finding))
        if few or _about(finding, subjects) or (named is not None and named.search(finding)):
            anonymiser.record("finding", finding, "left out", where=f"{result.title}: findings")
            continue
        kept.append(finding)
    return kept


def _about(finding: str, subjects: set[str]) -> bool:
    """Whether a finding of the form "Subject: figures" is about a suppressed row: its
    subject opens the row's label ("Customer effort" and "Customer effort score")."""
    head, colon, _ = finding.partition(":")
    subject = _plain_label(head)
    return bool(colon and subject) and any(
        s == subject or s.startswith(subject + " ") for s in subjects
    )


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
