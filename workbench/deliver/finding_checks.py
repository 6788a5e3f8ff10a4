"""Findings whose text quotes a number the analysis they cite no longer gives.

A finding of the register cites analyses as evidence (``{"kind": "analysis", "id": ...}``).
Its text is the consultant's and is never changed; but when the data change (a respondent
erased, a wave added), a figure quoted in it ("the widest SERVQUAL gap (-1.30)") may no
longer be what the cited analysis shows in the report.  :func:`stale_numbers` names each
such figure, with what the analysis gives now where the finding says which row it means,
so that the report's preparation can warn before the report goes out.

Only figures with decimals or a percent sign are compared: a whole number in a sentence is
as often a count ("2 of 2 checklists") as a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# A figure as written in a finding: "-1.30", "−0.4", "2.88", "63%", "12.5 %".
_FIGURE = re.compile(r"(?<![\w.])([-+\u2212\u2013]?)(\d+(?:\.\d+)?)(\s?%)?(?![\w.]*\d)")
_CLAUSE_END = re.compile(r"[;:.!?](?:\s|$)")


@dataclass(frozen=True)
class Figure:
    """A number as shown: its value, its decimals and whether it is a percentage."""

    text: str
    value: float
    decimals: int
    percent: bool

    def same_as(self, other: Figure) -> bool:
        """Whether ``other``, rounded as this figure is written, is this figure."""
        if self.percent != other.percent:
            return False
        return abs(round(other.value, self.decimals) - self.value) <= 0.5 * 10**-self.decimals


def figures(text: str, *, all_numbers: bool = False) -> list[tuple[int, Figure]]:
    """(position, figure) of each number of ``text`` with decimals or a percent sign (every
    number when ``all_numbers``)."""
    out = []
    for m in _FIGURE.finditer(text):
        sign, digits, percent = m.group(1), m.group(2), m.group(3)
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        if not (all_numbers or decimals or percent):
            continue
        value = float(digits) * (-1 if sign in ("-", "\u2212", "\u2013") else 1)
        out.append((m.start(), Figure(m.group(0).strip(), value, decimals, bool(percent))))
    return out


def _shown(texts: Iterable[str]) -> list[Figure]:
    return [f for t in texts for _pos, f in figures(t, all_numbers=True)]


@dataclass(frozen=True)
class _Shown:
    """One table of the analysis as shown: its row labels, column headers and cells."""

    labels: list[str]
    headers: list[str]
    cells: list[list[str]]
    label_col: int


def _tables(results: Sequence[Any]) -> list[_Shown]:
    out = []
    for result in results:
        for table in result.tables:
            col = table.marker_column()
            cells = [
                [table.format_cell(r, c) for c in range(len(table.columns))]
                for r in range(len(table.rows))
            ]
            labels = [row[col].strip() if col < len(row) else "" for row in cells]
            out.append(_Shown(labels, [c.label for c in table.columns], cells, col))
    return out


def _names(text: str, label: str) -> list[int]:
    """Where ``text`` (casefolded) names ``label`` as whole words, in the singular or the
    plural ("external customers" names the row "external customer")."""
    words = label.strip().casefold()
    if len(words) < 3:
        return []
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?:e?s)?(?!\w)", text)]


def _clause(statement: str, at: int) -> tuple[int, int]:
    """The clause around position ``at``: from the last ";", ":" or full stop before it to
    the next one after it."""
    start = max((m.end() for m in _CLAUSE_END.finditer(statement, 0, at)), default=0)
    after = _CLAUSE_END.search(statement, at)
    return start, after.start() if after else len(statement)


def _check(
    quoted: Figure, at: int, statement: str, tables: list[_Shown], everything: list[Figure]
) -> tuple[bool, str | None, Figure | None]:
    """(whether the analysis gives ``quoted``, the row named last before it in its clause,
    that row's figure closest to it); the row and figure are None unless the clause names
    that one row and no other column, so that the cell the figure stood for is known."""
    start, end = _clause(statement, at)
    clause = statement[start:end].casefold()
    before = at - start
    pool: list[str] = []
    named_row, where = None, -1
    row_cells: list[str] = []
    rows_named: set[str] = set()
    columns_named: set[str] = set()
    for t in tables:
        for r, label in enumerate(t.labels):
            places = _names(clause, label)
            if not places:
                continue
            pool += t.cells[r]
            rows_named.add(label.casefold())
            first = max((p for p in places if p < before), default=-1)
            if first >= 0 and first > where:
                named_row, where, row_cells = label, first, []
            if first >= 0 and label == named_row:
                row_cells += [c for i, c in enumerate(t.cells[r]) if i != t.label_col]
        for c, header in enumerate(t.headers):
            if c != t.label_col and _names(clause, header):
                pool += [row[c] for row in t.cells if c < len(row)]
                columns_named.add(header.strip().casefold())
    if named_row is None:  # no row named before it: any figure the analysis shows
        return any(quoted.same_as(f) for f in everything + _shown(pool)), None, None
    if any(quoted.same_as(f) for f in _shown(pool)):
        return True, None, None
    if len(rows_named) > 1 or columns_named - {named_row.casefold()}:
        # The clause names more than one row ("hostages … of external customers": a row of
        # the groups' table and one of the segments'), or a column besides the row: which
        # cell the figure stood for is not known, so no figure is proposed in its place.
        return False, None, None
    alike = [f for f in _shown(row_cells) if f.percent == quoted.percent]
    now = min(alike, key=lambda f: abs(f.value - quoted.value)) if alike else None
    return False, named_row, now


def stale_numbers(findings: Sequence[Any], results: Sequence[Any]) -> list[str]:
    """One warning per figure a finding quotes that the analysis it cites does not give in
    ``results`` (the report's results, wave comparisons included).

    Where the figure's clause names a row of the analysis's tables before it
    ("responsiveness … (-1.30)"), the figure is looked for in the rows and columns the
    clause names; otherwise among every figure the analysis shows.  When the clause names
    one row only, before the figure, and no other column, the warning says what that row gives now
    (its figure closest to the one quoted); otherwise it proposes no figure and asks for the
    figure to be checked against the analysis.  A finding citing no analysis of the
    report is not checked (there is nothing to compare with)."""
    by_id: dict[str, list[Any]] = {}
    for result in results:
        by_id.setdefault(result.analysis_id, []).append(result)
    warnings = []
    for finding in findings:
        cited = [a for a in getattr(finding, "analyses", []) if a in by_id]
        if not cited:
            continue
        mine = [r for a in cited for r in by_id[a]]
        tables = _tables(mine)
        everything = _shown(c for t in tables for row in t.cells for c in row)
        everything += _shown(f for r in mine for f in r.findings)
        titles = ", ".join(dict.fromkeys(_short(r.title) for r in mine))
        number = _finding_ref(finding.number)
        for at, quoted in figures(finding.statement):
            given, row, now = _check(quoted, at, finding.statement, tables, everything)
            if given:
                continue
            if now is not None:
                warnings.append(
                    f"Finding {number} quotes {quoted.text}; the analysis now gives "
                    f"{now.text} ({titles}, {row})."
                )
            else:
                warnings.append(
                    f"Finding {number} quotes {quoted.text}; check it against {titles} "
                    "(the figure was not found where the finding points)."
                )
    return warnings


def _short(title: str) -> str:
    return title.split(":", 1)[0].strip() or title


def _finding_ref(number: Any) -> str:
    text = str(number).strip()
    return text if text[:1].isalpha() else f"F{text}"
