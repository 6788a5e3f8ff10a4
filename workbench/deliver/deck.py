"""The steering-committee slide deck (PowerPoint), built with python-pptx.

``export_deck(store, path, options, choices=..., template=...)`` takes the same path as
the Word report (:func:`workbench.deliver.build.report_context`: the report selection,
the wave and segment, the anonymiser) and writes: a title slide and an agenda; an
executive summary with the headline scores and their change since the baseline; one
slide per key finding, its action title stating the "so what", with its chart; the
recommendations and the action plan; and an appendix on method and sample.  Charts are
native PowerPoint charts (:mod:`workbench.deliver.deck_charts`); speaker notes carry the
evidence (:mod:`workbench.deliver.deck_text`).  With a template, the firm's slide master
and layouts are used, each chosen by the placeholders it has
(:mod:`workbench.deliver.deck_layout`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.deliver.context import (
    ReportContext,
    ReportOptions,
    format_date,
    format_period,
    join_names,
    segment_counts,
)
from workbench.deliver.deck_layout import Deck, DeckError, open_template
from workbench.deliver.deck_text import (
    KeyFinding,
    chunk,
    finding_notes,
    key_findings,
    scrubber,
    source_line,
    summary_notes,
)
from workbench.deliver.safety import ExportCancelled, report_progress, save_deliverable
from workbench.deliver.word_text import _PDCA, _method_sentences, _ref, _severity_label

__all__ = ["DeckError", "build_deck", "deck_anonymisation_preview", "export_deck"]

Progress = Any
#: Action-plan rows on one slide.
PLAN_ROWS = 5


def export_deck(
    store: Any,
    path: str | Path,
    options: ReportOptions | None = None,
    *,
    choices: Sequence[Any] | None = None,
    template: str | Path | None = None,
    progress: Progress = None,
    warnings: list[str] | None = None,
    log: list[Any] | None = None,
) -> Path:
    """Write the deck of an open engagement: the report's selection, scope and
    anonymisation (:func:`~workbench.deliver.build.report_context`).  When ``warnings``
    is given, a line is appended to it for each finding that quotes a figure its cited
    analysis no longer gives (the deck's titles give the findings as written); when
    ``log`` is, the anonymisation's log (its changes and the words kept) is added to it."""
    out, anonymiser = _write_deck(store, path, options, choices, template, progress, warnings)
    if log is not None and anonymiser is not None:
        log.extend(anonymiser.log)
    return out


def deck_anonymisation_preview(
    store: Any,
    options: ReportOptions,
    *,
    choices: Sequence[Any] | None = None,
    template: str | Path | None = None,
    progress: Progress = None,
) -> list[Any]:
    """Every replacement and suppression an anonymised deck would make (it is built in a
    temporary folder and thrown away)."""
    import tempfile
    from dataclasses import replace

    options = replace(options, anonymise=True)
    with tempfile.TemporaryDirectory(prefix="workbench-preview-") as tmp:
        _path, anonymiser = _write_deck(
            store, Path(tmp) / "preview.pptx", options, choices, template, progress
        )
    return list(anonymiser.log)


def _write_deck(
    store: Any,
    path: str | Path,
    options: ReportOptions | None,
    choices: Sequence[Any] | None,
    template: str | Path | None,
    progress: Progress,
    warnings: list[str] | None = None,
) -> tuple[Path, Any]:
    from workbench.deliver.build import _part, report_context

    options = options or ReportOptions()
    if template is not None:
        open_template(template)  # refuse a bad template before any analysis runs
    context = report_context(store, options, choices, _part(progress, 0.0, 0.5))
    if warnings is not None:
        warnings.extend(context.finding_warnings)
    links = {
        i: [str(e.get("id")) for e in (f.evidence or []) if e.get("kind") == "analysis"]
        for i, f in enumerate(store.findings(), start=1)
    }
    out = build_deck(
        path, context, template=template, links=links, progress=_part(progress, 0.5, 1.0)
    )
    return out, context.anonymiser


def build_deck(
    path: str | Path,
    context: ReportContext,
    template: str | Path | None = None,
    *,
    links: dict[Any, list[str]] | None = None,
    progress: Progress = None,
) -> Path:
    """Write the deck for ``context`` to ``path``; nothing is left there on a failure
    or a cancel (:class:`DeckError`, :class:`ExportCancelled`)."""
    path = Path(path)
    report_progress(progress, 0.0, "Reading the slide template")
    deck = Deck(open_template(template) if template is not None else None)
    if context.options.anonymise:
        from workbench.deliver.anonymise import Anonymiser, anonymise_context

        o = context.options
        anonymiser = context.anonymiser or Anonymiser(
            context.respondents, terms=o.anonymise_terms, k=o.k
        )
        with anonymiser.at("deck"):
            context = anonymise_context(anonymiser, context)
    _Writer(deck, context, links or {}, progress).write()
    report_progress(progress, 0.97, "Saving the deck")
    save_deliverable(path, deck.prs.save, DeckError, "deck", "PowerPoint")
    report_progress(progress, 1.0, "Deck written")
    return path


class _Writer:
    def __init__(
        self, deck: Deck, ctx: ReportContext, links: dict[Any, list[str]], progress: Progress
    ) -> None:
        self.deck = deck
        self.ctx = ctx
        self.t = scrubber(ctx)
        self.anon = ctx.anonymiser if ctx.options.anonymise else None
        self.progress = progress
        self.keys = key_findings(ctx, links)

    def write(self) -> None:
        ctx = self.ctx
        self.title_slide()
        self.agenda()
        report_progress(self.progress, 0.1, "Writing the executive summary")
        self.summary()
        for i, item in enumerate(self.keys):
            report_progress(
                self.progress,
                0.15 + 0.7 * i / max(1, len(self.keys)),
                f"Writing the slide: {self.t(item.result.title if item.result else item.title)}",
            )
            self.key_finding(item)
        report_progress(self.progress, 0.86, "Writing the recommendations")
        if ctx.recommendations:
            self.recommendations()
            self.action_plan()
        self.method()
        self.sample()
        self.deck.set_properties(ctx, self.t)

    # -- slides ---------------------------------------------------------------------------
    def title_slide(self) -> None:
        e, m = self.ctx.engagement, self.ctx.method
        date = format_date(self.ctx.options.report_date or _dt.date.today())
        period = format_period(m.date_from or e.start_date, m.date_to or e.end_date)
        lines = [e.client, "Steering committee", date]
        if period:
            lines.append(f"Fieldwork {period}")
        slide = self.deck.title_slide(
            self.t(e.title or "Service review"), self.t(" · ".join(lines))
        )
        notes = [f"{e.client}: {e.title}."]
        if e.consultants:
            notes.append("Consultants: " + ", ".join(e.consultants) + ".")
        if self.anon is not None:
            notes.append(
                "Anonymised: respondents are identified by number and, where at least "
                f"{self.ctx.options.k} share it, by segment; figures resting on fewer than "
                f"{self.ctx.options.k} respondents are suppressed, with the next smallest "
                "group of a breakdown where one group alone would be."
            )
        self.deck.notes(slide, [self.t(n) for n in notes])

    def agenda(self) -> None:
        items = [_summary_item(self.ctx)]
        found = sum(1 for k in self.keys if k.finding is not None)
        if found:
            items.append(f"Key findings ({found})")
        if len(self.keys) > found:
            items.append(f"Further analyses ({len(self.keys) - found})")
        if self.ctx.recommendations:
            items.append("Recommendations and action plan")
        items.append("Appendix: method and sample")
        slide = self.deck.bullet_slide("Agenda", [(0, i) for i in items])
        self.deck.notes(slide, ["The deck follows the report: " + "; ".join(items) + "."])

    def summary(self) -> None:
        from workbench.deliver.deck_summary import headline_rows

        header, rows, lines, footnotes = headline_rows(self.ctx)
        points = [
            (0, f"{_ref('F', f.number)}\u2002{f.statement}") for f in self._findings_by_severity()
        ]
        if not points:
            points = [(0, k.title) for k in self.keys[:3]]
        slide = self.deck.summary_slide(
            "Executive summary",
            [self.t(h) for h in header],
            [[self.t(c) for c in row] for row in rows],
            [(level, self.t(text)) for level, text in points],
            [self.t(line) for line in footnotes],
        )
        self.deck.notes(slide, [self.t(x) for x in summary_notes(self.ctx, lines)])

    def key_finding(self, item: KeyFinding) -> None:
        from workbench.deliver.deck_charts import (
            ChartSuppressed,
            add_figure_picture,
            add_native_chart,
            chart_plan,
            figure_png,
        )

        slide, chart_box, text_box, foot_box = self.deck.chart_slide(self.t(item.title))
        result = item.result
        table, chart_note, drawn = None, "", False
        if result is not None:
            try:
                if self.anon is not None and _suppressed(result, f"n<{self.anon.k}"):
                    # As in the report: a result with figures suppressed shows no chart.
                    raise ChartSuppressed(result.title)
                plan = chart_plan(result, self.t, title=item.title)
            except ChartSuppressed as exc:
                plan = None
                chart_note = (
                    f"The chart of \u201c{exc}\u201d is left out: it would show groups of "
                    f"fewer than {self.ctx.options.k} respondents."
                )
            if plan is not None:
                add_native_chart(slide, plan, chart_box, themed=self.deck.themed)
                table, drawn = plan.table, True
                if plan.rows_left_out:
                    chart_note = (
                        f"The chart shows the {len(plan.categories)} largest of "
                        f"{len(plan.categories) + plan.rows_left_out} rows; the report and "
                        "the workbook hold them all."
                    )
            elif result.figures and not chart_note:
                spec = result.figures[0]
                try:
                    png = figure_png(spec, self.anon.scrub_label if self.anon else None)
                except ExportCancelled:
                    raise
                except Exception as exc:
                    raise DeckError(
                        f"the figure '{spec.title}' of '{result.title}' could not be drawn: {exc}"
                    ) from exc
                alt = f"{spec.title}. {spec.caption}".strip(". ") + ". " + item.title
                add_figure_picture(slide, png, chart_box, self.t(alt))
                drawn = True
                chart_note = "The chart is a picture of the analysis's figure (no native chart type fits it)."
        points: list[tuple[int, str]] = []
        if item.finding is not None and _severity_label(item.finding.severity):
            points.append((0, f"Severity: {_severity_label(item.finding.severity)}"))
        points += [(0, p) for p in item.points]
        if chart_note and not drawn:
            points.append((0, chart_note))
        self.deck.text_box(
            slide,
            text_box if drawn else _merge(chart_box, text_box),
            [(lv, self.t(p)) for lv, p in points],
        )
        if result is not None:
            self.deck.footnote(slide, foot_box, self.t(source_line(result, table)))
        notes = finding_notes(item, self.ctx, table, chart_note)
        self.deck.notes(slide, [self.t(n) for n in notes])

    def recommendations(self) -> None:
        recs = self.ctx.recommendations
        pages = chunk(recs, 4)
        for page_no, page in enumerate(pages, start=1):
            items: list[tuple[int, str]] = []
            for rec in page:
                items.append((0, f"{_ref('R', rec.number)}\u2002{rec.text}"))
                if rec.finding_numbers:
                    refs = ", ".join(_ref("F", n) for n in rec.finding_numbers)
                    items.append(
                        (1, f"Addresses {refs}" + (f"; owner {rec.owner}" if rec.owner else ""))
                    )
            title = "Recommendations" + (f" ({page_no} of {len(pages)})" if len(pages) > 1 else "")
            slide = self.deck.bullet_slide(title, [(lv, self.t(x)) for lv, x in items])
            notes = []
            by_number = {f.number: f for f in self.ctx.findings}
            for rec in page:
                notes.append(f"{_ref('R', rec.number)}: {rec.text}")
                for n in rec.finding_numbers:
                    if n in by_number:
                        notes.append(f"  {_ref('F', n)}: {by_number[n].statement}")
            self.deck.notes(slide, [self.t(n) for n in notes])

    def action_plan(self) -> None:
        recs = self.ctx.recommendations
        header = ["#", "Action", "Owner", "Effort", "Impact", "Timing", "PDCA"]
        pages = chunk(recs, PLAN_ROWS)
        for page_no, page in enumerate(pages, start=1):
            rows = [
                [
                    _ref("R", r.number),
                    r.text,
                    r.owner,
                    str(r.effort).capitalize(),
                    str(r.impact).capitalize(),
                    r.timing,
                    _PDCA.get(str(r.pdca_stage).lower(), r.pdca_stage or ""),
                ]
                for r in page
            ]
            title = "Action plan" + (f" ({page_no} of {len(pages)})" if len(pages) > 1 else "")
            slide = self.deck.table_slide(
                title,
                header,
                [[self.t(c) for c in row] for row in rows],
                widths=[0.5, 5.2, 1.7, 0.9, 0.9, 1.3, 0.8],
            )
            self.deck.notes(
                slide,
                [
                    self.t(
                        "Who owns each action, the effort and impact expected, when it should "
                        "happen and its place in the Plan–Do–Check–Act cycle."
                    )
                ],
            )

    def method(self) -> None:
        sentences = [self.t(s) for s in _method_sentences(self.ctx)]
        pages = _pages_by_length(sentences, 700)
        for i, page in enumerate(pages, start=1):
            title = "Appendix: method" + (f" ({i} of {len(pages)})" if len(pages) > 1 else "")
            slide = self.deck.bullet_slide(title, [(0, s) for s in page])
            notes = []
            for result in self.ctx.results:
                for note in result.method_notes[:3]:
                    notes.append(f"{result.title}: {note}")
            self.deck.notes(slide, [self.t(n) for n in notes] or [title])

    def sample(self) -> None:
        from workbench.analysis.labels import material_heading

        m = self.ctx.method
        rows = [[seg, str(n)] for seg, n in segment_counts(m.respondent_count_by_segment)]
        rows.append(["Total", str(sum(m.respondent_count_by_segment.values()))])
        forms = [
            [title, str(n), str(m.form_respondents.get(title, ""))] for title, n in m.forms_used
        ]
        slide = self.deck.two_tables_slide(
            "Appendix: sample",
            (["Segment", "Respondents"], [[self.t(c) for c in r] for r in rows]),
            (
                ["Form", material_heading(m.kinds()), "Respondents"],
                [[self.t(c) for c in r] for r in forms[:10]],
            ),
        )
        period = format_period(m.date_from, m.date_to)
        from workbench.analysis.labels import material_word
        from workbench.deliver.word_text import _gathered_parts

        gathered = _gathered_parts(m)  # (survey responses and QDA sources told apart)
        notes = [
            (
                f"Material: {join_names(gathered)}"
                if gathered
                else f"{m.interview_count} completed {material_word(m.kinds())}"
                + (f", fieldwork {period}" if period else "")
            )
            + (f"; waves with data: {', '.join(m.waves_with_data)}" if m.waves_with_data else "")
            + "."
        ]
        if m.interviewers:
            notes.append("Interviewers: " + ", ".join(m.interviewers) + ".")
        self.deck.notes(slide, [self.t(n) for n in notes])

    def _findings_by_severity(self) -> list[Any]:
        from workbench.deliver.word_text import _severity_sort_key

        return sorted(self.ctx.findings, key=_severity_sort_key)


def _summary_item(ctx: Any) -> str:
    """The agenda's line for the executive summary, saying only what its slide holds: the
    headline scores when there are any, and what changed when they compare two waves."""
    summary = ctx.headlines
    if summary is None:
        from workbench.deliver.headlines import headline_summary

        summary = headline_summary(ctx.results, ctx.changes)
    if not summary:
        return "Executive summary"
    if summary.baseline_wave is not None and any(h.compared for h in summary.headlines):
        return "Executive summary: the headline scores and what changed"
    return "Executive summary: the headline scores"


def _suppressed(result: Any, marker: str) -> bool:
    return any(marker in row for table in result.tables for row in table.rows)


def _merge(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    left, top = min(a[0], b[0]), min(a[1], b[1])
    right = max(a[0] + a[2], b[0] + b[2])
    bottom = max(a[1] + a[3], b[1] + b[3])
    return left, top, right - left, bottom - top


def _pages_by_length(texts: Sequence[str], budget: int) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    used = 0
    for text in texts:
        if pages[-1] and used + len(text) > budget:
            pages.append([])
            used = 0
        pages[-1].append(text)
        used += len(text)
    return pages
