"""The headline scores of a report's analyses, with their change since the baseline wave.

One place decides what a deliverable's executive summary shows — the Word report's
summary page and the deck's summary slide both read :class:`HeadlineSummary` — so the
two never disagree.

For each analysis of the report (wave comparisons the consultant chose are left out),
its *headline measures* are taken from its per-respondent scores
(:meth:`~workbench.analysis.api.Analysis.respondent_scores`): the overall ones (a label
naming an overall score, a total or a share "(%)"), otherwise its first
:data:`MAX_MEASURES` measures; an analysis may name its own
(:attr:`~workbench.analysis.api.Analysis.headline_measures`: satisfaction and loyalty
shows its Net Promoter Score beside its means).

- Where the report compares the first and latest waves (``wave_changes`` of
  :mod:`workbench.deliver.build`, statistics by :mod:`workbench.analysis.compare`), each
  headline is that table's row: the two waves' means, the change, its 95% interval, and a
  verdict — better or worse when the change is clear (p < 0.05 on enough respondents),
  "not tested" when too few respondents carry a test (no p, no interval), otherwise "no
  clear change".
- Otherwise (one wave of data for the analysis) the headline is the mean score of the
  wave the analysis rests on, with no change.

Every number is rounded once, by :mod:`workbench.analysis.numbers`, under the number
format the comparison table uses; each headline carries both the rounded number (for a
native chart) and its text.  Plain dataclasses: no docx, no pptx, no pandas in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from workbench.analysis.numbers import display, rounded
from workbench.analysis.result import AnalysisResult, Table

#: At most this many headline measures per analysis when none of them is an overall one.
MAX_MEASURES = 4
#: p below this, on enough respondents, is a clear change (as in the comparison's findings).
CLEAR_P = 0.05

BETTER = "better"
WORSE = "worse"
NO_CLEAR_CHANGE = "no clear change"
NOT_TESTED = "not tested"  # a change shown on too few respondents to test it
NOT_COMPARED = "not compared"
# a change withheld with its scores (an anonymised deliverable, fewer than k respondents):
# saying "no clear change" of it would state what the figures may contradict
WITHHELD = "withheld"

_OVERALL = re.compile(r"\b(overall|score|total)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Headline:
    """One headline measure of one analysis, as the summary shows it."""

    analysis_id: str
    #: The analysis's title as its section shows it (e.g. "SERVQUAL: service quality gaps").
    analysis: str
    measure: str
    #: The latest score, rounded as shown, and its text ("-0.91", "43%", "3.31 of 5": a
    #: mean on a scale its measure names says which, so that a 1–5 and a 0–10 score
    #: side by side are not read as one).
    score: float | None
    score_text: str
    #: The wave the score rests on (None when the engagement has no waves).
    wave: str | None
    #: The baseline (first wave's) score and its wave; None when not compared.
    baseline: float | None = None
    baseline_text: str = ""
    baseline_wave: str | None = None
    #: The change since the baseline, rounded as shown ("+0.24", "+7 pts").
    change: float | None = None
    change_text: str = ""
    #: The 95% interval of the change ("-0.09 to +0.56"); empty when none is shown.
    ci_text: str = ""
    p: float | None = None
    #: :data:`BETTER`, :data:`WORSE`, :data:`NO_CLEAR_CHANGE`, :data:`NOT_TESTED`,
    #: :data:`WITHHELD` or :data:`NOT_COMPARED`.
    verdict: str = NOT_COMPARED
    higher_is_better: bool = True
    #: The respondents the change (or, when not compared, the score) rests on.
    respondents: int = 0
    #: Why the figure needs care ("rests on fewer than 5 respondents ..."), or "".
    caution: str = ""

    @property
    def compared(self) -> bool:
        return self.verdict != NOT_COMPARED

    @property
    def clear(self) -> bool:
        return self.verdict in (BETTER, WORSE)

    def change_phrase(self) -> str:
        """The change in words: "+0.24 (better)", "+7 pts (no clear change)", "not compared"."""
        if not self.compared:
            return "not compared"
        if self.change is None:
            return self.change_text if self.change_text not in ("", "–") else NO_CLEAR_CHANGE
        return f"{self.change_text} ({self.verdict})"


@dataclass(frozen=True)
class HeadlineSummary:
    """The headlines of a report, in the order of its analyses."""

    headlines: list[Headline] = field(default_factory=list)
    #: The waves compared (first and latest with data); None when there is one wave.
    baseline_wave: str | None = None
    latest_wave: str | None = None

    def __bool__(self) -> bool:
        return bool(self.headlines)

    def by_analysis(self) -> list[tuple[str, list[Headline]]]:
        """(analysis title, its headlines) in report order."""
        groups: dict[str, list[Headline]] = {}
        for h in self.headlines:
            groups.setdefault(h.analysis, []).append(h)
        return list(groups.items())

    def suppressed(self, k: int, anonymiser: Any = None) -> HeadlineSummary:
        """A copy in which every headline resting on fewer than ``k`` respondents shows
        ``n<k`` instead of its numbers (an anonymised deliverable); each suppression is
        recorded in ``anonymiser``'s log when given."""
        marker = f"n<{k}"
        out = []
        for h in self.headlines:
            if 0 < h.respondents < k:
                h = replace(
                    h,
                    score=None,
                    score_text=marker,
                    baseline=None,
                    baseline_text=marker if h.compared else "",
                    change=None,
                    change_text=marker if h.compared else "",
                    ci_text="",
                    p=None,
                    verdict=WITHHELD if h.compared else NOT_COMPARED,
                    caution=f"rests on fewer than {k} respondents: suppressed",
                )
                if anonymiser is not None:
                    anonymiser.record(
                        "cell",
                        f"{h.measure}: {h.respondents} respondent(s)",
                        marker,
                        where=f"report: executive summary: {h.analysis}",
                    )
            out.append(h)
        return replace(self, headlines=out)

    def marks(self) -> tuple[dict[str, str], list[str]]:
        """The footnote mark of each distinct caution, in the headlines' order ("†" for
        the first, "‡" for the second …), and the notes that explain them ("† Rests on
        fewer than 5 respondents."): the report's table and the deck's slide mark and
        explain the same headlines the same way."""
        marks: dict[str, str] = {}
        notes: list[str] = []
        for h in self.headlines:
            if h.caution and h.caution not in marks:
                marks[h.caution] = footnote_mark(len(marks))
                notes.append(f"{marks[h.caution]} {h.caution[:1].upper()}{h.caution[1:]}.")
        return marks, notes

    def counts(self) -> dict[str, int]:
        """How many headlines are better, worse, unchanged and not compared."""
        verdicts = (BETTER, WORSE, NO_CLEAR_CHANGE, NOT_TESTED, WITHHELD, NOT_COMPARED)
        out = dict.fromkeys(verdicts, 0)
        for h in self.headlines:
            out[h.verdict] += 1
        return out


#: The marks of a table's footnotes, in order (then doubled: "††", "‡‡" …).
FOOTNOTE_MARKS = ("\u2020", "\u2021", "\u00a7", "\u00b6", "\u2016")


def footnote_mark(i: int) -> str:
    """The ``i``-th (from 0) footnote mark of a table: †, ‡, §, ¶, ‖, ††, ‡‡ …"""
    return FOOTNOTE_MARKS[i % len(FOOTNOTE_MARKS)] * (i // len(FOOTNOTE_MARKS) + 1)


def headline_measures(measures: Sequence[str], chosen: Sequence[str] = ()) -> list[str]:
    """The measures an analysis's headline shows: those it names (``chosen``, its
    ``headline_measures``) in its order, else its overall ones, else its first few."""
    if chosen:
        return [m for m in chosen if m in measures]
    overall = [m for m in measures if _OVERALL.search(m) or m.rstrip().endswith("(%)")]
    return overall or list(measures[:MAX_MEASURES])


def headline_summary(
    results: Sequence[AnalysisResult],
    changes: Sequence[AnalysisResult],
    data: Any = None,
) -> HeadlineSummary:
    """The headlines of ``results`` (a report's analyses), with their change from
    ``changes`` (``wave_changes`` of the same results).

    ``data`` (the report's EngagementData) gives the one-wave score of an analysis that
    is not compared; without it such an analysis has no headline.
    """
    by_id = {c.analysis_id: c for c in changes if c.tables and c.tables[0].name == "changes"}
    baseline = latest = None
    if by_id:
        first = next(iter(by_id.values()))
        baseline, _sep, latest = first.title.rsplit(": ", 1)[-1].partition(" → ")
    out: list[Headline] = []
    seen: set[str] = set()
    for result in results:
        if result.analysis_id in seen or "→" in result.title:
            continue
        seen.add(result.analysis_id)
        compared = by_id.get(result.analysis_id)
        if compared is not None:
            out += _compared(result, compared.tables[0], baseline, latest)
        elif data is not None:
            out += _single_wave(result, data)
    return HeadlineSummary(out, baseline or None, latest or None)


def _compared(
    result: AnalysisResult, table: Table, baseline: str | None, latest: str | None
) -> list[Headline]:
    col = {c.name: i for i, c in enumerate(table.columns)}
    measures = [str(row[col["measure"]]) for row in table.rows]
    wanted = headline_measures(measures, _chosen(result.analysis_id))
    out = []
    for measure in wanted:
        r = measures.index(measure)
        row = table.rows[r]
        higher = str(row[col["better"]]) != "lower"
        change = table.cell_value(r, col["change"])
        p = row[col["p"]]
        has_ci = row[col["ci_low"]] is not None and row[col["ci_high"]] is not None
        if r not in table.flags and p is not None and p < CLEAR_P and has_ci:
            verdict = BETTER if (change > 0) == higher else WORSE
        elif p is None or not has_ci:  # too few respondents to test the change
            verdict = NOT_TESTED
        else:
            verdict = NO_CLEAR_CHANGE
        n = int(row[col["n_paired"]]) or min(int(row[col["n_a"]]), int(row[col["n_b"]]))
        out.append(
            Headline(
                analysis_id=result.analysis_id,
                analysis=result.title,
                measure=measure,
                score=_number(table.cell_value(r, col["b"])),
                score_text=table.format_cell(r, col["b"]),
                wave=latest,
                baseline=_number(table.cell_value(r, col["a"])),
                baseline_text=table.format_cell(r, col["a"]),
                baseline_wave=baseline,
                change=_number(change),
                change_text=table.format_cell(r, col["change"]),
                ci_text=_interval(
                    table.format_cell(r, col["ci_low"]), table.format_cell(r, col["ci_high"])
                )
                if has_ci
                else "",
                p=p,
                verdict=verdict,
                higher_is_better=higher,
                respondents=n,
                caution=table.flags.get(r, ""),
            )
        )
    return out


def _single_wave(result: AnalysisResult, data: Any) -> list[Headline]:
    """The mean score of each headline measure on the data the result rests on."""
    from workbench.analysis.compare import SMALL_SAMPLE, _direction, level_format, per_respondent
    from workbench.analysis.registry import discover

    try:
        analysis = discover().get(result.analysis_id)
    except KeyError:
        return []
    scoped = data.in_scope(analysis.check)
    if scoped.scope != result.scope:
        return []  # a subset the report chose (a segment, an attribute): not this data
    try:
        scores = analysis.respondent_scores(scoped, result.params)
    except Exception:  # noqa: BLE001 - a plugin's scores failing leaves no headline
        return []
    if scores is None or len(scores) == 0:
        return []
    per = per_respondent(scores)
    better = _direction(scores)
    out = []
    for measure in headline_measures(list(per), analysis.headline_measures):
        values = per[measure]
        if not len(values):
            continue
        level = level_format(measure)  # as the comparison shows it: "3.31 of 5", "43%"
        n = int(values.size)
        out.append(
            Headline(
                analysis_id=result.analysis_id,
                analysis=result.title,
                measure=measure,
                score=_number(rounded(float(values.mean()), "float", level)),
                score_text=display(float(values.mean()), "float", level),
                wave=result.wave,
                higher_is_better=better.get(measure, True),
                respondents=n,
                caution=(
                    f"rests on fewer than {SMALL_SAMPLE} respondents" if n < SMALL_SAMPLE else ""
                ),
            )
        )
    return out


def _chosen(analysis_id: str) -> tuple[str, ...]:
    """The headline measures the analysis names (none when it is not installed)."""
    from workbench.analysis.registry import discover

    try:
        return tuple(discover().get(analysis_id).headline_measures)
    except KeyError:
        return ()


def _interval(low: str, high: str) -> str:
    """ "low to high"; a suppressed interval ("n<5" at both ends) shows its marker once."""
    if low == high and low.startswith("n<"):
        return low
    return f"{low} to {high}"


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out
