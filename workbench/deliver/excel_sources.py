"""Which table sheets a finding's numbers come from, for the workbook's Summary sheet.

An analysis's findings are sentences ("NPS +25 (50% promoters, 25% detractors, 4
respondents).") and its tables are sheets of their own; nothing records which table a
sentence was read from.  :func:`finding_tables` finds it from what both show:

- a table the finding names: its title's leading words ("Customer effort" of "Customer
  effort (CES 2.0: …)") or their initials ("NPS" of "Net Promoter Score");
- the finding's numbers, as written, among the table's cells as shown (each rounded as
  the finding writes it, as :mod:`workbench.deliver.finding_checks` compares them), and
  the rows it names by their label ("Concentrate here: Reliability, Responsiveness").

The tables holding most of the finding's numbers and rows are its sources, those it names
first among them; a finding none of whose numbers or rows a table shows, or a note on the
figures ("† Every figure here rests on …"), names no sheet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

#: Rows of a table read for its numbers (a finding quotes a summary table's figures; a
#: long table's later rows add time, not sources).
ROWS_READ = 400

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_MINOR = {"and", "of", "the", "a", "an", "by", "in", "on", "for", "to", "per", "vs"}


def finding_tables(finding: str, tables: Sequence[Any]) -> list[int]:
    """The indexes (in ``tables``) of the tables ``finding``'s numbers come from, in
    ``tables``' order; empty when no table shows any of its numbers or rows."""
    return findings_tables([finding], tables)[0]


def findings_tables(findings: Sequence[str], tables: Sequence[Any]) -> list[list[int]]:
    """:func:`finding_tables` of each of ``findings`` (the tables read once for all)."""
    shown = [(_shown_figures(t), _labels(t)) for t in tables]
    return [_sources(finding, tables, shown) for finding in findings]


def _sources(finding: str, tables: Sequence[Any], shown: Sequence[Any]) -> list[int]:
    from workbench.deliver.finding_checks import _names, figures
    from workbench.deliver.headlines import FOOTNOTE_MARKS

    if finding.lstrip().startswith(FOOTNOTE_MARKS):
        return []  # a note on the figures ("† Every figure here rests on …"): no source
    quoted = [f for _at, f in figures(finding, all_numbers=True)]
    text = finding.casefold()
    scored: list[tuple[int, bool]] = []
    for table, (numbers_shown, labels) in zip(tables, shown, strict=True):
        numbers = sum(1 for q in quoted if any(q.same_as(f) for f in numbers_shown))
        # the rows it names by their label, as whole words ("Concentrate here:
        # Reliability, Responsiveness" names two rows of the grid)
        hits = numbers + sum(1 for label in labels if _names(text, label))
        # named, and showing a number the finding quotes ("Reliability (Cronbach's
        # alpha)" is not the source of "reliability … 35%" that another table shows)
        at = _named(text, finding, table) if numbers > 0 else None
        scored.append((hits, at))
    # Of the tables it names, those it names first ("Cronbach's alpha … for 5 of 5
    # dimensions" is of the reliability table, not of Dimensions).
    named_at = [at for _hits, at in scored if at is not None]
    if named_at:
        return [i for i, (_hits, at) in enumerate(scored) if at == min(named_at)]
    best = max(hits for hits, _named_ in scored) if scored else 0
    if best == 0:
        return []
    return [i for i, (hits, _named_) in enumerate(scored) if hits == best]


def _shown_figures(table: Any) -> list[Any]:
    from workbench.deliver.finding_checks import figures

    out = []
    for r in range(min(len(table.rows), ROWS_READ)):
        for c in range(len(table.columns)):
            out += [f for _at, f in figures(table.format_cell(r, c), all_numbers=True)]
    return out


def _labels(table: Any) -> set[str]:
    """The table's row labels as shown, casefolded, without their footnote marks."""
    col = table.marker_column()
    return {
        str(table.format_cell(r, col)).strip().rstrip(" \u2020\u2021").casefold()
        for r in range(min(len(table.rows), ROWS_READ))
    }


def _named(folded: str, finding: str, table: Any) -> int | None:
    """Where the finding first names the table (None when it does not): the leading
    words of its title (before any bracket or colon), the name in its brackets
    ("Cronbach's alpha" of "Reliability (Cronbach's alpha)"), or the leading words'
    initials written in capitals ("NPS")."""
    full = str(table.title or "")
    title = re.split(r"[(:\u2013\u2014]", full, maxsplit=1)[0].strip()
    inner = re.search(r"\(([^():]+)", full)
    text = folded.replace("\u2019", "'")
    found = []
    for name in (title, inner.group(1).strip() if inner else ""):
        said = name.casefold().replace("\u2019", "'")
        hit = re.search(rf"(?<!\w){re.escape(said)}(?!\w)", text) if len(said) >= 4 else None
        if hit is not None:
            found.append(hit.start())
    initials = "".join(w[0] for w in _WORD.findall(title) if w.casefold() not in _MINOR)
    if len(initials) >= 2:
        hit = re.search(rf"(?<!\w){re.escape(initials.upper())}(?!\w)", finding)
        if hit is not None:
            found.append(hit.start())
    return min(found) if found else None
