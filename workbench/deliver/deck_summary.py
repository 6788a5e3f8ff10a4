"""The executive summary's table: the headline scores of the report's analyses and their
change since the baseline, read from :mod:`workbench.deliver.headlines` (the summary the
Word report shows too), with the respondents each rests on.

The slide shows every headline of the report's table, marked as the report marks them
("Satisfaction (1–5) †", with "† Rests on fewer than 5 respondents." under the table);
only when there are more than :data:`MAX_ROWS` does it keep the clear changes and the
first :data:`PER_ANALYSIS` of each analysis, and say under the table where the rest are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Headline rows on the summary slide; beyond it, at most PER_ANALYSIS rows an analysis
#: besides its clear changes (the notes and the report list them all).
MAX_ROWS = 14
PER_ANALYSIS = 2


def headline_rows(ctx: Any) -> tuple[list[str], list[list[str]], list[str], list[str]]:
    """(header, rows, note lines, footnotes) of the summary slide; the footnotes go under
    its table: what its marks mean and, when it shows only some headlines, where the rest
    are.

    Anonymised, a headline resting on fewer than k respondents shows ``n<k`` (and the
    anonymiser's log says so), as in the report.
    """
    summary = ctx.headlines
    if summary is None:
        from workbench.deliver.headlines import headline_summary

        summary = headline_summary(ctx.results, ctx.changes)
    if ctx.options.anonymise and summary:
        summary = summary.suppressed(ctx.options.k, ctx.anonymiser)
    compared = summary.baseline_wave is not None
    header = ["Headline score"]
    if compared:
        header += [
            _cap(summary.baseline_wave or "Baseline"),
            _cap(summary.latest_wave or "Now"),
            "Change",
        ]
    else:
        header += ["Score", "Wave"]
    header.append("n")
    rows, notes = [], []
    marks, footnotes = summary.marks()
    chosen = _on_slide(summary.headlines)
    for i, h in enumerate(summary.headlines):
        name = _measure_name(h) + (f" {marks[h.caution]}" if h.caution else "")
        on_slide = i in chosen
        if compared and not h.compared:
            # Measured in one wave only: the score stands in its own wave's column and the
            # change column says so, as in the report ("Baseline only").
            first, last = ("", h.score_text)
            if h.wave == summary.baseline_wave:
                first, last = h.score_text, ""
            only = f"{_cap(h.wave)} only" if h.wave else "Not compared"
            row = [name, first or "–", last or "–", only]
        elif compared:
            change = h.change_text
            if h.clear:
                change += f" ({h.verdict})"
            row = [name, h.baseline_text or "–", h.score_text, change or "–"]
        else:
            row = [name, h.score_text, h.wave or ""]
        row.append(str(h.respondents) if h.respondents else "")
        if on_slide:
            rows.append(row)
        note = f"{h.analysis}: {h.measure} {h.score_text}" + (f" ({h.wave})" if h.wave else "")
        if h.compared:
            note += (
                f"; {h.baseline_wave or 'baseline'} {h.baseline_text}; change {h.change_phrase()}"
            )
            if h.ci_text:
                note += f", 95% CI {h.ci_text}"
            if h.p is not None:
                note += f", p = {h.p:.3f}"
        note += f"; n = {h.respondents}" if h.respondents else ""
        if h.caution:
            note += f" ({h.caution})"
        notes.append(note + ".")
    if len(rows) < len(summary.headlines):
        where = (
            f"The slide shows {len(rows)} of the {len(summary.headlines)} headline scores "
            f"(the clear changes and at most {PER_ANALYSIS} more for each analysis); the "
            "report's table of headline scores and this slide's notes give them all."
        )
        notes.append(where)
        footnotes.append(where)
    return header, rows, notes, footnotes


def _on_slide(headlines: Sequence[Any]) -> set[int]:
    """The indexes of the headlines the slide shows: all of them when they fit
    (:data:`MAX_ROWS`); otherwise every clear change (better or worse, which the report's
    summary counts) and, of the rest, the first :data:`PER_ANALYSIS` of each analysis; at
    most :data:`MAX_ROWS`, clear changes first."""
    if len(headlines) <= MAX_ROWS:
        return set(range(len(headlines)))
    clear = [i for i, h in enumerate(headlines) if h.clear]
    per: dict[str, int] = {}
    for i in clear:
        per[headlines[i].analysis] = per.get(headlines[i].analysis, 0) + 1
    rest = []
    for i, h in enumerate(headlines):
        if h.clear:
            continue
        per[h.analysis] = per.get(h.analysis, 0) + 1
        if per[h.analysis] <= PER_ANALYSIS:
            rest.append(i)
    return set(clear[:MAX_ROWS]) | set(rest[: max(0, MAX_ROWS - len(clear))])


def _measure_name(h: Any) -> str:
    """The measure with its analysis's short name unless it already says it."""
    short = h.analysis.split(":", 1)[0].strip()
    if short.casefold() in h.measure.casefold():
        return h.measure
    return f"{short}: {h.measure}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
