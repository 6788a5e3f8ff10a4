"""The body of the Word report: ``_ReportBuilder`` writes the sections, tables, figures
and captions with python-docx, in the template's styles, and :func:`scrub_figure` takes
respondent names off a chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from workbench.analysis.result import AnalysisResult, FigureSpec, Table, findings_naming_wave
from workbench.deliver.anonymise import OTHER, WITHHELD, Anonymiser
from workbench.deliver.context import FindingItem, RecommendationItem, ReportContext, format_date
from workbench.deliver.safety import ExportCancelled, docx_literal, report_progress
from workbench.deliver.word_layout import (
    _add_field,
    _apply_header_look,
    _cant_split,
    _colour_run,
    _column_weights,
    _fit_widths,
    _longest_words,
    _natural_width_emu,
    _pt,
    _repeat_header,
    _set_table_width,
    _text_weights,
)
from workbench.deliver.word_text import (
    _PDCA,
    _change_table_rows,
    _changes_heading,
    _changes_intro,
    _evidence_line,
    _method_sentences,
    _ref,
    _severity_colour,
    _severity_label,
    _severity_sort_key,
    _sign_colour,
    _summary_intro,
)

FIGURE_DPI = 200
FIGURE_WIDTH_IN = 6.0

SECTION_TITLES = {
    "summary": "Executive summary",
    "method": "Scope and method",
    "findings": "Findings and recommendations",
    "actions": "Action plan",
    "quotes": "Appendix: Selected quotes",
}


class ReportError(Exception):
    """The report cannot be built; the message says which file and what is wrong."""


Progress = Callable[[float, str], Any] | None


class _ReportBuilder:
    def __init__(
        self,
        doc: Any,
        context: ReportContext,
        anonymiser: Anonymiser | None,
        progress: Progress,
    ) -> None:
        self.doc = doc
        self.ctx = context
        self.anon = anonymiser
        self.progress = progress
        self.section_no = 0
        self.figure_no = 0
        self.table_no = 0
        self._styles = {s.name for s in doc.styles}
        section = doc.sections[-1]
        self.text_width = section.page_width - section.left_margin - section.right_margin

    # text helpers

    def t(self, text: Any) -> str:
        """Every piece of report text goes through here: scrubbed, made literal."""
        text = docx_literal(text)
        return self.anon.scrub_label(text) if self.anon else text

    def style(self, *names: str) -> str | None:
        for name in names:
            if name in self._styles:
                return name
        return None

    def para(self, text: str = "", style: str | None = None, *fallbacks: str) -> Any:
        p = self.doc.add_paragraph(style=self.style(style, *fallbacks) if style else None)
        if text:
            p.add_run(self.t(text))
        return p

    def note(self, text: str) -> Any:
        p = self.para(text, "Method Note", "Caption")
        if "Method Note" not in self._styles:
            from docx.shared import Pt

            for run in p.runs:
                run.font.size = Pt(8.5)
        return p

    def heading(self, text: str, level: int) -> Any:
        p = self.doc.add_paragraph(style=self.style(f"Heading {level}"))
        if level == 1:
            self.section_no += 1
            p.add_run(f"{self.section_no}\u2002{self.t(text)}")
            p.paragraph_format.page_break_before = True
        else:
            p.add_run(self.t(text))
        return p

    def appendix_heading(self, text: str) -> Any:
        p = self.doc.add_paragraph(style=self.style("Heading 1"))
        p.add_run(self.t(text))
        p.paragraph_format.page_break_before = True
        return p

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self.para(item, "List Bullet", "List Paragraph")

    def caption(self, kind: str, number: int, text: str) -> Any:
        p = self.doc.add_paragraph(style=self.style("Caption"))
        p.add_run(f"{kind} ")
        _add_field(p, f"SEQ {kind} \\* ARABIC", str(number))
        if text:
            p.add_run(f": {self.t(text)}")
        return p

    # building

    def build_into(self, anchor: Any) -> None:
        body = self.doc.element.body
        sect = body.sectPr
        n_before = len(body) - (1 if sect is not None else 0)
        sections = self.ctx.options.sections
        steps = max(1, len(sections))
        for i, name in enumerate(sections):
            start = 0.05 + 0.9 * i / steps
            report_progress(self.progress, start, f"Writing {SECTION_TITLES.get(name, name)}")
            getattr(self, f"_section_{name}")(start, 0.9 / steps)
        children = list(body)
        end = len(children) - (1 if body.sectPr is not None else 0)
        for element in children[n_before:end]:
            anchor._p.addprevious(element)
        anchor._p.getparent().remove(anchor._p)

    def _section_summary(self, start: float, span: float) -> None:
        ctx = self.ctx
        self.heading(SECTION_TITLES["summary"], 1)
        intro = _summary_intro(ctx)
        if intro:
            self.para(intro)
        if ctx.changes:
            self._what_changed()
        findings = sorted(ctx.findings, key=_severity_sort_key)
        if findings:
            self.heading("Key findings", 2)
            for f in findings:
                p = self.para("", "List Bullet", "List Paragraph")
                sev = _severity_label(f.severity)
                if sev:
                    r = p.add_run(f"{sev}\u2002")
                    r.bold = True
                    _colour_run(r, _severity_colour(f.severity))
                p.add_run(self.t(f.statement))
        else:
            analysed = [r for r in ctx.results if r.findings]
            if analysed:
                self.heading("Key findings", 2)
                for result in analysed:
                    for finding in findings_naming_wave(result, ctx.results)[:2]:
                        p = self.para("", "List Bullet", "List Paragraph")
                        r = p.add_run(f"{self.t(result.title)}: ")
                        r.bold = True
                        p.add_run(self.t(finding))
        if ctx.recommendations:
            self.heading("Priority recommendations", 2)
            for rec in ctx.recommendations[:5]:
                p = self.para("", "List Bullet", "List Paragraph")
                r = p.add_run(f"{_ref('R', rec.number)}\u2002")
                r.bold = True
                p.add_run(self.t(rec.text))

    def _what_changed(self) -> None:
        """The summary leads with what changed between the waves (see ``wave_changes``)."""
        ctx = self.ctx
        self.heading(_changes_heading(ctx), 2)
        self.para(_changes_intro(ctx))
        for result in ctx.changes:
            table = result.tables[0]
            self.heading(result.title.rsplit(": ", 1)[0], 3)
            self.bullets(result.findings)
            headers, rows, numeric = _change_table_rows(table)
            self.table(f"{result.title}: change per measure", headers, rows, numeric=numeric)
            for note in table.flag_notes():
                self.note(note)

    def _section_method(self, start: float, span: float) -> None:
        ctx, e, m = self.ctx, self.ctx.engagement, self.ctx.method
        self.heading(SECTION_TITLES["method"], 1)
        if e.scope.strip():
            self.heading("Scope", 2)
            for block in re.split(r"\n\s*\n", e.scope.strip()):
                self.para(" ".join(block.split()))
        self.heading("Approach", 2)
        for sentence in _method_sentences(ctx):
            self.para(sentence)
        if m.respondent_count_by_segment:
            rows = [
                [seg or "(no segment)", str(n)]
                for seg, n in sorted(
                    m.respondent_count_by_segment.items(), key=lambda kv: (-kv[1], kv[0])
                )
            ]
            rows.append(["Total", str(sum(m.respondent_count_by_segment.values()))])
            self.table(
                "Respondents by segment",
                ["Segment", "Respondents"],
                rows,
                numeric=[False, True],
                total_row=True,
            )
        if m.forms_used:
            rows = [[title, str(n)] for title, n in m.forms_used]
            self.table("Forms used", ["Form", "Interviews"], rows, numeric=[False, True])
        if ctx.respondents:
            if self.anon:
                # Units and segments as generalised for k (roles are never listed).
                quasi = [self.anon.quasi(r) for r in self.anon.rows()]
                rows = [
                    [self.anon.short_label(r), q["org_unit"], q["segment"]]
                    for r, q in zip(self.anon.rows(), quasi, strict=True)
                ]
                self.table(
                    "Respondents (anonymised)",
                    ["Respondent", "Organisation unit", "Segment"],
                    rows,
                    numeric=[False, False, False],
                )
            else:
                rows = [
                    [r.name, r.role, r.org_unit, r.segment]
                    for r in sorted(ctx.respondents, key=lambda r: (r.segment, r.org_unit, r.name))
                ]
                self.table(
                    "Respondents",
                    ["Name", "Role", "Organisation unit", "Segment"],
                    rows,
                    numeric=[False] * 4,
                )

    def _section_analyses(self, start: float, span: float) -> None:
        results = self.ctx.results
        for i, result in enumerate(results):
            report_progress(
                self.progress,
                start + span * i / max(1, len(results)),
                f"Writing {result.title}",
            )
            self.analysis(result)

    def analysis(self, result: AnalysisResult) -> None:
        self.heading(result.title, 1)
        if result.scope:
            self.note(f"Scope: {result.scope}")
        if result.findings:
            self.heading("Key findings", 2)
            self.bullets(findings_naming_wave(result, self.ctx.results))
        for spec in result.figures:
            self.figure(result, spec)
        for table in result.tables:
            self.result_table(table)
        if result.method_notes:
            self.heading("Method notes", 3)
            for note in result.method_notes:
                self.note(note)

    def figure(self, result: AnalysisResult, spec: FigureSpec) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        try:
            png = self._figure_png(spec)
        except ExportCancelled:
            raise
        except Exception as exc:
            raise ReportError(
                f"the figure '{spec.title}' of '{result.title}' could not be drawn: {exc}"
            ) from exc
        self.doc.add_picture(io.BytesIO(png), width=Inches(FIGURE_WIDTH_IN))
        pic = self.doc.paragraphs[-1]
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pic.paragraph_format.keep_with_next = True
        pic.paragraph_format.space_before = _pt(6)
        pic.paragraph_format.space_after = _pt(0)
        self.figure_no += 1
        text = spec.title
        if spec.caption:
            text = f"{text}. {spec.caption}" if text else spec.caption
        self.caption("Figure", self.figure_no, text)

    def _figure_png(self, spec: FigureSpec) -> bytes:
        if self.anon is None:
            return spec.to_png(dpi=FIGURE_DPI)
        figure = spec.render()
        scrub_figure(figure, self.anon.scrub_label)
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=FIGURE_DPI)
        return buf.getvalue()

    def result_table(self, table: Table) -> None:
        rows = [
            [table.display_cell(r, c) for c in range(len(table.columns))]
            for r in range(len(table.rows))
        ]
        numeric = [c.kind != "text" for c in table.columns]
        colours = None
        diverging = [i for i, c in enumerate(table.columns) if c.diverging]
        if diverging:
            colours = {}
            for r in range(len(table.rows)):
                for c in diverging:
                    colour = _sign_colour(table.cell_value(r, c))
                    if colour:
                        colours[(r, c)] = colour
        self.table(
            table.title or table.name,
            [c.label for c in table.columns],
            rows,
            numeric=numeric,
            widths=_column_weights(table.columns, rows),
            colours=colours,
        )
        notes = [table.note] if table.note else []
        notes += table.flag_notes()
        source = _evidence_line(table)
        if source:
            notes.append(source)
        for i, text in enumerate(notes):
            p = self.note(text)
            if i == 0:
                p.paragraph_format.space_before = _pt(4)

    def table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: Sequence[bool],
        widths: Sequence[float] | None = None,
        colours: dict[tuple[int, int], str] | None = None,
        total_row: bool = False,
        full_width: bool = False,
    ) -> Any:
        """A captioned table in the template's table style.

        ``widths`` are relative column weights (by default from the text lengths).  A
        table whose content is narrow is made narrower than the page (never below half
        of it) unless ``full_width``.
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.table_no += 1
        cap = self.caption("Table", self.table_no, title)
        cap.paragraph_format.keep_with_next = True
        cap.paragraph_format.space_before = _pt(10)
        cap.paragraph_format.space_after = _pt(4)

        n_cols = len(headers)
        tbl = self.doc.add_table(rows=1, cols=n_cols)
        style = self.style("Workbench Table", "Table Grid")
        if style:
            tbl.style = self.doc.styles[style]
        tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
        tbl.autofit = False
        text_style = self.style("Table Text")
        weights = list(widths) if widths else _text_weights(headers, rows)
        width = self.text_width
        if not full_width:
            natural = sum(_natural_width_emu(w) for w in weights)
            width = int(min(self.text_width, max(natural, self.text_width * 0.5)))
        words = _longest_words(headers, rows)
        # A table too wide for its words at 9 points is set at 8 rather than break words.
        compact = sum(_natural_width_emu(w) for w in words) > width
        col_widths = _fit_widths(weights, words, width, points=8.0 if compact else 9.0)
        _set_table_width(tbl, sum(col_widths))

        def fill(row: Any, values: Sequence[str], header: bool = False, r_index: int = -1) -> None:
            for c, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
                cell.width = col_widths[c]
                p = cell.paragraphs[0]
                if text_style:
                    p.style = self.doc.styles[text_style]
                if numeric[c]:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = p.add_run(self.t(value))
                if compact:
                    run.font.size = _pt(8)
                if header or (total_row and r_index == len(rows) - 1):
                    run.bold = True
                elif colours and (r_index, c) in colours:
                    _colour_run(run, colours[(r_index, c)])

        header_row = tbl.rows[0]
        _repeat_header(header_row)
        fill(header_row, headers, header=True)
        if style:
            _apply_header_look(header_row, self.doc.styles[style])
        self._data_rows(tbl, rows, fill, total_row=total_row, colours=colours)
        for c, column in enumerate(tbl.columns):
            column.width = col_widths[c]
        # A little air after the table.
        return tbl

    def _data_rows(
        self,
        tbl: Any,
        rows: Sequence[Sequence[str]],
        fill: Any,
        *,
        total_row: bool,
        colours: dict[tuple[int, int], str] | None,
    ) -> None:
        """The table's rows: one blank row is laid out (widths, style, alignment, font) and
        copied for each row, with only the text (and any bold or colour) set per cell."""
        from copy import deepcopy

        from docx.text.run import Run

        if not rows:
            return
        blank = tbl.add_row()
        _cant_split(blank)
        fill(blank, [""] * len(tbl.columns))
        proto = blank._tr
        tbl._tbl.remove(proto)
        for r, values in enumerate(rows):
            tr = deepcopy(proto)
            tbl._tbl.append(tr)
            for c, tc in enumerate(tr.tc_lst):
                paragraph = tc.p_lst[0]
                run = paragraph.r_lst[0] if paragraph.r_lst else None
                if run is None:
                    continue
                if c >= len(values):
                    paragraph.remove(run)
                    continue
                run.text = self.t(values[c])
                if total_row and r == len(rows) - 1:
                    Run(run, None).bold = True  # type: ignore[arg-type]
                elif colours and (r, c) in colours:
                    _colour_run(Run(run, None), colours[(r, c)])  # type: ignore[arg-type]

    def _section_findings(self, start: float, span: float) -> None:
        ctx = self.ctx
        if not ctx.findings and not ctx.recommendations:
            return
        self.heading(SECTION_TITLES["findings"], 1)
        if ctx.findings:
            self.heading("Findings", 2)
            for f in ctx.findings:
                self.finding(f)
        if ctx.recommendations:
            self.heading("Recommendations", 2)
            for rec in ctx.recommendations:
                self.recommendation(rec)

    def finding(self, f: FindingItem) -> None:
        p = self.para("")
        p.paragraph_format.space_before = _pt(6)
        p.paragraph_format.space_after = _pt(2)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(f"{_ref('F', f.number)}\u2002")
        r.bold = True
        r = p.add_run(self.t(f.statement))
        r.bold = True
        sev = _severity_label(f.severity)
        if sev:
            line = self.note("")
            r = line.add_run(f"Severity: {sev}")
            _colour_run(r, _severity_colour(f.severity))
            if f.evidence:
                line.paragraph_format.keep_with_next = True
        if f.evidence:
            self.bullets(f.evidence)

    def recommendation(self, rec: RecommendationItem) -> None:
        p = self.para("")
        p.paragraph_format.space_before = _pt(6)
        p.paragraph_format.space_after = _pt(2)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(f"{_ref('R', rec.number)}\u2002")
        r.bold = True
        p.add_run(self.t(rec.text))
        details = []
        if rec.finding_numbers:
            details.append("Addresses " + ", ".join(_ref("F", n) for n in rec.finding_numbers))
        for label, value in (
            ("Owner", rec.owner),
            ("Effort", rec.effort),
            ("Impact", rec.impact),
            ("Timing", rec.timing),
            ("PDCA", _PDCA.get(str(rec.pdca_stage).lower(), rec.pdca_stage)),
        ):
            if value:
                details.append(f"{label}: {value}")
        if details:
            self.note(" · ".join(details))

    def _section_actions(self, start: float, span: float) -> None:
        recs = self.ctx.recommendations
        if not recs:
            return
        self.heading(SECTION_TITLES["actions"], 1)
        self.para(
            "The table below turns the recommendations into a plan: who owns each action, "
            "the effort and impact we expect, when it should happen and where it sits in the "
            "Plan–Do–Check–Act improvement cycle."
        )
        rows = [
            [
                _ref("R", rec.number),
                rec.text,
                rec.owner,
                str(rec.effort).capitalize() if rec.effort else "",
                str(rec.impact).capitalize() if rec.impact else "",
                rec.timing,
                _PDCA.get(str(rec.pdca_stage).lower(), rec.pdca_stage or ""),
            ]
            for rec in recs
        ]
        self.table(
            "Action plan",
            ["#", "Recommendation", "Owner", "Effort", "Impact", "Timing", "PDCA stage"],
            rows,
            numeric=[False] * 7,
            widths=[0.6, 4.2, 1.6, 1.0, 1.0, 1.3, 1.1],
            full_width=True,
        )

    def _section_quotes(self, start: float, span: float) -> None:
        quotes = self.ctx.quotes
        if not quotes:
            return
        self.appendix_heading(SECTION_TITLES["quotes"])
        self.para(
            "Verbatim extracts from the interviews, grouped by the theme they were coded "
            "with. Consultants' observations are marked as such and are not attributed "
            "to the person observed."
            + (
                f" Respondents are identified by number and, where at least {self.anon.k} "
                "respondents share it, by segment; names are replaced, and no unit, role "
                "or interview date is given."
                if self.anon
                else ""
            )
        )
        groups: dict[str, list[Any]] = {}
        for q in quotes:
            groups.setdefault(q.code_path or "Uncoded", []).append(q)
        for code in sorted(groups, key=str.casefold):
            self.heading(" › ".join(part.strip() for part in code.split("/") if part.strip()), 2)
            for q in groups[code]:
                if getattr(q, "observation", False):
                    # The consultant's words about someone, not theirs: no quotation
                    # marks, and never the name (or pseudonym) of the person observed.
                    p = self.para("")
                    p.paragraph_format.keep_with_next = True
                    p.add_run("Observation: ").bold = True
                    p.add_run(self.t(self.anon.scrub(q.text) if self.anon else q.text).strip())
                    segment = q.segment
                    if self.anon:
                        segment = self.anon.quasi(q.respondent_name).get("segment", "")
                        segment = "" if segment in (WITHHELD, OTHER) else segment
                    who = "Consultant's observation" + (f" ({segment})" if segment else "")
                    self.para("\u2014 " + who, "Quote Attribution", "Caption")
                    continue
                p = self.para("", "Quote", "Intense Quote")
                p.paragraph_format.keep_with_next = True
                p.add_run(f"\u201c{self.t(q.text.strip())}\u201d")
                if self.anon:
                    who, when = self.anon.label(q.respondent_name or q.respondent_label), ""
                else:
                    who = ", ".join(x for x in (q.respondent_name, q.respondent_label) if x)
                    when = format_date(q.interview_date)
                self.para(
                    "\u2014 " + ", ".join(x for x in (who, when) if x),
                    "Quote Attribution",
                    "Caption",
                )


def scrub_figure(figure: Any, scrub: Callable[[str], str]) -> None:
    """Apply ``scrub`` to every text on a matplotlib figure, tick labels included.

    Tick labels only exist once the figure is drawn, so it is drawn first; changed tick
    labels are then fixed in place.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if figure.canvas is None or not hasattr(figure.canvas, "draw"):
        FigureCanvasAgg(figure)
    figure.canvas.draw()
    for ax in figure.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.get_text() for t in axis.get_ticklabels()]
            cleaned = [scrub(t) for t in labels]
            if cleaned != labels:
                axis.set_ticks(axis.get_ticklocs())
                axis.set_ticklabels(cleaned)
    for artist in figure.findobj(Text):
        text = artist.get_text()
        if text:
            cleaned = scrub(text)
            if cleaned != text:
                artist.set_text(cleaned)
