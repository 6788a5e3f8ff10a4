"""The body of the Word report: ``_ReportBuilder`` writes the sections, tables, figures
and captions with python-docx, in the template's styles, and :func:`scrub_figure` takes
respondent names off a chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from workbench.analysis.labels import material_heading, material_word
from workbench.analysis.result import AnalysisResult, FigureSpec, Table, findings_naming_wave
from workbench.deliver.anonymise import OTHER, WITHHELD, Anonymiser
from workbench.deliver.context import (
    RECORDED_LABELS,
    FindingItem,
    RecommendationItem,
    ReportContext,
    format_date,
    segment_counts,
)
from workbench.deliver.safety import ExportCancelled, docx_literal, report_progress
from workbench.deliver.word_fields import (
    TOC_INSTRUCTION,
    Bookmarks,
    Entry,
    add_ref,
    contents_paragraphs,
    ensure_styles,
    heading_numbering,
    set_update_fields,
    unnumbered,
)
from workbench.deliver.word_layout import (
    _add_field,
    _apply_header_look,
    _cant_split,
    _colour_run,
    _pt,
    _repeat_header,
    _set_table_width,
    measured_widths,
)
from workbench.deliver.word_summary import (
    headline_sentence,
    headline_table,
    reference_plan,
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
    "contents": "Contents",
    "summary": "Executive summary",
    "method": "Scope and method",
    "findings": "Findings and recommendations",
    "actions": "Action plan",
    "quotes": "Appendix: Selected quotes",
}


def _ref_name(kind: str, number: int) -> str:
    """The bookmark a cross-reference to "Table 4" points at."""
    return f"_Ref{kind}{number}"


_RANGE = re.compile(r"(\d)\u2013(?=\d)")
_INTERVAL = re.compile(r"(\d%?|pts) to (?=[+\-\u2212]?\d)")
# A score on its scale, "3.31 of 5".
_OF_SCALE = re.compile(r"(\d) of (?=\d)")
# A footnote mark after a cell's text ("Agreement †", "Coldness ‡‡").
_MARK = re.compile(r" ([\u2020\u2021\u00a7\u00b6\u2016]+)")
# A short formula in brackets, "(P − E)": symbols of up to three characters between spaces.
_FORMULA = re.compile(r"\((?:[^\s()]{1,3} ){1,3}[^\s()]{1,3}\)")
# A difference of two short names in brackets, "(re-audit − baseline)": read as one.
_DIFFERENCE = re.compile(r"\([^()]{1,20} \u2212 [^()]{1,20}\)")


def keep_together(text: str) -> str:
    """A table cell's text with no line break where a reader would trip: inside a range
    "(0–10)" (a word joiner after the dash), inside a short formula "(P − E)" or a
    difference of waves "(re-audit − baseline)", before a lone "†", around the "to" of an
    interval "-0.09 to +0.56" and the "of" of a score on its scale "3.31 of 5" (no-break
    spaces)."""
    text = _RANGE.sub("\\1\u2013\u2060", text)
    text = _FORMULA.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    text = _DIFFERENCE.sub(
        lambda m: m.group(0).replace(" ", "\u00a0").replace("-", "-\u2060"), text
    )
    text = _INTERVAL.sub("\\1\u00a0to\u00a0", text)
    text = _OF_SCALE.sub("\\1\u00a0of\u00a0", text)
    return _MARK.sub("\u00a0\\1", text)


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
        chart_style: Any = None,
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
        # Navigation: bookmarks, the contents entries and the lists of tables and figures.
        self.bookmarks = Bookmarks()
        self.toc: list[Entry] = []
        self.lists: dict[str, list[Entry]] = {"Table": [], "Figure": []}
        self.numbered = heading_numbering(doc)
        self.contents_styles = ensure_styles(doc)
        self._styles = {s.name for s in doc.styles}
        # Table widths are measured in the table text's font (word_fonts).
        from workbench.deliver.word_fonts import cell_margins_pt, style_font

        table_style = self.style("Workbench Table", "Table Grid")
        self.table_font = style_font(doc, self.style("Table Text", "Normal"))
        self.cell_margin_pt = cell_margins_pt(doc.styles[table_style] if table_style else None)
        self._measures: dict[tuple[str, float], Any] = {}
        self.chart_style = chart_style

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
        """A heading; a level-1 one is numbered by its style's numbering (typed only when
        the template has no Heading 1 style to number).  The first chapter starts a page
        after the contents; the others run on (their headings keep with what follows), so
        no page holds only the last few lines of a section."""
        p = self.doc.add_paragraph(style=self.style(f"Heading {level}"))
        text = self.t(text)
        number = ""
        if level == 1:
            self.section_no += 1
            number = str(self.section_no)
            if not self.numbered:
                p.add_run(f"{number}\u2002")
            p.paragraph_format.page_break_before = self.section_no == 1
            if self.section_no > 1:
                p.paragraph_format.space_before = _pt(24)
        run = p.add_run(text)
        if level <= 2:
            self._contents_entry(p, run, level, number, text)
        return p

    def appendix_heading(self, text: str) -> Any:
        p = self.doc.add_paragraph(style=self.style("Heading 1"))
        run = p.add_run(self.t(text))
        p.paragraph_format.page_break_before = True
        unnumbered(p)
        self._contents_entry(p, run, 1, "", self.t(text))
        return p

    def _contents_entry(self, p: Any, run: Any, level: int, number: str, text: str) -> None:
        name = self.bookmarks.wrap(p._p, f"_TocH{len(self.toc) + 1}", run._r, run._r)
        self.toc.append(Entry(level, number, text, name))

    def refer(self, paragraph: Any, kind: str, number: int) -> None:
        """A cross-reference ("Table 4") to a caption, as a REF field to its bookmark."""
        add_ref(paragraph, _ref_name(kind, number), f"{kind} {number}")

    def referring(self, plan: Sequence[tuple[str, Any]], paragraph: Any = None) -> Any:
        """A paragraph of text and cross-references (see ``reference_plan``)."""
        p = paragraph if paragraph is not None else self.para("")
        for what, value in plan:
            if what == "ref":
                self.refer(p, *value)
            else:
                p.add_run(self.t(value))
        return p

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self.para(item, "List Bullet", "List Paragraph")

    def caption(self, kind: str, number: int, text: str) -> Any:
        """ "Table 4: …" with a SEQ field; "Table 4" is bookmarked for cross-references and
        the whole caption for the list of tables (or figures)."""
        p = self.doc.add_paragraph(style=self.style("Caption"))
        label = p.add_run(f"{kind} ")
        _add_field(p, f"SEQ {kind} \\* ARABIC", str(number))
        self.bookmarks.wrap(p._p, _ref_name(kind, number), label._r, p._p[-1])
        if text:
            p.add_run(f": {self.t(text)}")
        name = self.bookmarks.wrap(p._p, f"_Toc{kind}{number}")
        entry = f"{kind} {number}" + (f": {self.t(text)}" if text else "")
        self.lists[kind].append(Entry(1, "", entry, name))
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
        built = children[n_before:end]
        contents = self._contents()
        for element in [*contents, *built]:
            anchor._p.addprevious(element)
        anchor._p.getparent().remove(anchor._p)
        set_update_fields(self.doc)

    def _contents(self) -> list[Any]:
        """The contents, the list of tables and the list of figures: TOC fields whose
        cached entries are the report's headings and captions (Word adds the page numbers
        when it updates them on opening)."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        styles = self.contents_styles
        heading_style = styles["heading"]
        out = []
        lists = (
            ("Contents", TOC_INSTRUCTION, self.toc, {i: styles[f"toc {i}"] for i in (1, 2, 3)}),
            (
                "List of tables",
                'TOC \\h \\z \\c "Table"',
                self.lists["Table"],
                {1: styles["table of figures"]},
            ),
            (
                "List of figures",
                'TOC \\h \\z \\c "Figure"',
                self.lists["Figure"],
                {1: styles["table of figures"]},
            ),
        )
        for i, (title, instruction, entries, levels) in enumerate(lists):
            if i and not entries:
                continue
            page = "<w:pageBreakBefore/>" if i == 0 else ""
            space = "" if i == 0 else '<w:spacing w:before="360"/>'
            unnumbered_ = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
            out.append(
                parse_xml(
                    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{heading_style}"/>'
                    f"{page}{unnumbered_}{space}</w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>"
                )
            )
            out += contents_paragraphs(instruction, entries, levels, "(none)")
        return out

    def _section_summary(self, start: float, span: float) -> None:
        ctx = self.ctx
        self.heading(SECTION_TITLES["summary"], 1)
        intro = _summary_intro(ctx)
        if intro:
            self.para(intro)
        if ctx.headlines:
            self._headlines(ctx.headlines)
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
        if ctx.changes:
            self._what_changed()

    def _headlines(self, summary: Any) -> None:
        """The summary's table of headline scores with their change since the baseline."""
        self.heading("Headline scores", 2)
        headers, rows, numeric, colours, notes, groups = headline_table(summary)
        p = self.para("")
        self.refer(p, "Table", self.table_no + 1)
        p.add_run(self.t(headline_sentence(summary)))
        title = "Headline scores"
        if summary.baseline_wave:
            title += f" and their change since the {summary.baseline_wave}"
        self.table(
            title,
            headers,
            rows,
            numeric=numeric,
            colours=colours,
            full_width=True,
            bold_rows=groups,
        )
        for note in notes:
            self.note(note)

    def _what_changed(self) -> None:
        """What changed between the waves (see ``wave_changes``), after the summary."""
        ctx = self.ctx
        self.heading(_changes_heading(ctx), 1)
        self.para(_changes_intro(ctx))
        for result in ctx.changes:
            table = result.tables[0]
            self.heading(result.title.rsplit(": ", 1)[0], 2)
            self.bullets(result.findings)
            self.referring(
                [
                    ("ref", ("Table", self.table_no + 1)),
                    ("text", " compares the waves measure by measure."),
                ]
            )
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
        # The people the numbers are about: someone in the register with no completed
        # interview in the material (not yet interviewed: the Overview's people to
        # interview less those interviewed) is not listed, and the text says so.
        interviewed = [r for r in ctx.respondents if r.interviewed]
        planned = [
            title
            for title, present in (
                ("respondents by segment", bool(m.respondent_count_by_segment)),
                ("forms used", bool(m.forms_used)),
                ("respondents" + (", anonymised" if self.anon else ""), bool(interviewed)),
            )
            if present
        ]
        if planned:
            self.referring(
                reference_plan([], [(self.table_no + i + 1, t) for i, t in enumerate(planned)])
            )
        by_segment = dict(m.respondent_count_by_segment)
        if by_segment and self.anon:
            # Segments as generalised for k, as the anonymised respondents table shows them:
            # a segment of fewer than k people is not counted on its own.
            from collections import Counter

            names = {r.name for r in interviewed}
            by_segment = dict(
                Counter(self.anon.quasi(r)["segment"] for r in self.anon.rows() if r.name in names)
            )
        if by_segment:
            rows = [[seg, str(n)] for seg, n in segment_counts(by_segment)]
            rows.append(["Total", str(sum(by_segment.values()))])
            self.table(
                "Respondents by segment",
                ["Segment", "Respondents"],
                rows,
                numeric=[False, True],
                total_row=True,
            )
        if m.forms_used:
            rows = [[title, str(n)] for title, n in m.forms_used]
            heading = material_heading(m.kinds())
            self.table("Forms used", ["Form", heading], rows, numeric=[False, True])
        if interviewed:
            if self.anon:
                # Units and segments as generalised for k (roles are never listed).
                names = {r.name for r in interviewed}
                listed = [r for r in self.anon.rows() if r.name in names]
                quasi = [self.anon.quasi(r) for r in listed]
                rows = [
                    [self.anon.short_label(r), q["org_unit"], q["segment"]]
                    for r, q in zip(listed, quasi, strict=True)
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
                    for r in sorted(
                        interviewed,
                        key=lambda r: (r.segment or "", r.org_unit or "", r.name or ""),
                    )
                ]
                self.table(
                    "Respondents",
                    ["Name", "Role", "Organisation unit", "Segment"],
                    rows,
                    numeric=[False] * 4,
                )
            waiting = [r for r in ctx.respondents if not r.interviewed]
            if waiting:
                from workbench.analysis.numbers import join_names

                who = "" if self.anon else f", {join_names(sorted(r.name for r in waiting))},"
                self.note(
                    f"The table lists the {len(interviewed)} "
                    f"{'person' if len(interviewed) == 1 else 'people'} with a completed "
                    f"{material_word(m.kinds(), plural=False)} in this report's material; "
                    f"{len(waiting)} more in the register{who} "
                    f"{'is' if len(waiting) == 1 else 'are'} not yet interviewed (no "
                    f"completed {material_word(m.kinds(), plural=False)} in it) and "
                    f"{'is' if len(waiting) == 1 else 'are'} not listed."
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
            self.note(f"Scope: {result.scope}").paragraph_format.keep_with_next = True
        if result.findings:
            self.heading("Key findings", 2)
            self.bullets(findings_naming_wave(result, self.ctx.results))
        plan = reference_plan(
            [(self.figure_no + i + 1, s.title) for i, s in enumerate(result.figures)],
            [(self.table_no + i + 1, t.title or t.name) for i, t in enumerate(result.tables)],
        )
        if plan:
            self.referring(plan)
        for spec in result.figures:
            self.figure(result, spec)
        for table in result.tables:
            self.result_table(table)
        if result.method_notes:
            self.heading("Method notes", 3)
            notes = [self.note(note) for note in result.method_notes]
            for p in notes[:-1]:  # the notes stay together, and with their heading
                p.paragraph_format.keep_with_next = True

    def figure(self, result: AnalysisResult, spec: FigureSpec) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        try:
            png, description = self._figure_png(spec)
        except ExportCancelled:
            raise
        except Exception as exc:
            raise ReportError(
                f"the figure '{spec.title}' of '{result.title}' could not be drawn: {exc}"
            ) from exc
        shape = self.doc.add_picture(io.BytesIO(png), width=Inches(FIGURE_WIDTH_IN))
        # Alt text: what the chart shows, for screen readers and for anyone who cannot see it.
        doc_pr = shape._inline.docPr
        doc_pr.set("title", self.t(spec.title or result.title))
        doc_pr.set("descr", self.t(description))
        pic = self.doc.paragraphs[-1]
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pic.paragraph_format.keep_with_next = True
        pic.paragraph_format.space_before = _pt(6)
        pic.paragraph_format.space_after = _pt(0)
        self.figure_no += 1
        text = spec.title
        if spec.caption and spec.caption.casefold() not in (text or "").casefold():
            # a caption saying the title again ("Segments per code. Coded segments per
            # code") is the title alone
            if (text or "").casefold() in spec.caption.casefold():
                text = spec.caption
            else:
                text = f"{text}. {spec.caption}" if text else spec.caption
        self.caption("Figure", self.figure_no, text)

    def _figure_png(self, spec: FigureSpec) -> tuple[bytes, str]:
        """The chart drawn once, as PNG, and the description of what it shows."""
        from workbench.charts import DRAWING, describe_figure

        with DRAWING:
            figure = spec.render(style=self.chart_style)
            if self.anon is not None:
                scrub_figure(figure, self.anon.scrub_label)
            buf = io.BytesIO()
            figure.savefig(buf, format="png", dpi=FIGURE_DPI)
        return buf.getvalue(), describe_figure(figure, spec.title, spec.caption)

    def result_table(self, table: Table) -> None:
        if _is_change_table(table):
            return self._compact_change_table(table)
        rows = [
            [table.display_cell(r, c) for c in range(len(table.columns))]
            for r in range(len(table.rows))
        ]
        headers = [c.label for c in table.columns]
        self._name_interviews(table, headers, rows)
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
            headers,
            rows,
            numeric=numeric,
            colours=colours,
        )
        notes = [table.note] if table.note else []
        notes += table.flag_notes()
        source = _evidence_line(table, self.ctx.method.material)
        if source:
            notes.append(source)
        for i, text in enumerate(notes):
            p = self.note(text)
            if i == 0:
                p.paragraph_format.space_before = _pt(4)

    def _compact_change_table(self, table: Table) -> None:
        """A table of changes in the eight columns a portrait page holds without breaking
        a number (as in "What changed"); the effect sizes and each wave's counts are in
        the workbook."""
        headers, rows, numeric = _change_table_rows(table)
        change = [c.name for c in table.columns].index("change")
        better = [c.name for c in table.columns].index("better")
        colours = {}
        for r, row in enumerate(table.rows):
            value = table.cell_value(r, change)
            if isinstance(value, int | float) and row[better] == "lower":
                value = -value  # a fall is the improvement
            if _sign_colour(value):
                colours[(r, 3)] = _sign_colour(value)
        self.table(table.title or table.name, headers, rows, numeric=numeric, colours=colours)
        notes = table.flag_notes() + [
            "The workbook's table adds the effect sizes and each wave's respondents."
        ]
        for i, text in enumerate(notes):
            p = self.note(text)
            if i == 0:
                p.paragraph_format.space_before = _pt(4)

    def _name_interviews(self, table: Table, headers: list[str], rows: list[list[str]]) -> None:
        """A column that refers to each row's one interview ("Checklist 3", or an id) names
        the respondent instead: their role (their pseudonym when anonymised) and, where the
        table has no date column, the interview's date."""
        names = {"visit", "interview", "interview_id", "checklist"}
        col = next((i for i, c in enumerate(table.columns) if c.name in names), None)
        refs = self.ctx.interviews
        if col is None or not refs or not table.evidence:
            return
        dated = any(c.name in ("date", "interview_date") for c in table.columns)
        found = {}
        for r in range(len(rows)):
            ev = table.evidence.get(r)
            ids = ev.interview_ids if ev is not None else ()
            if len(ids) != 1 or ids[0] not in refs:
                return  # not one interview per row: left as the analysis wrote it
            found[r] = refs[ids[0]]
        for r, ref in found.items():
            who = self.anon.short_label(ref.respondent_name) if self.anon else ref.role
            who = who or ref.respondent_name
            when = "" if (dated or self.anon) else format_date(ref.date)
            rows[r][col] = ", ".join(x for x in (who, when) if x)
        headers[col] = "Respondent" if self.anon else "Role"
        if not dated and not self.anon:
            headers[col] += " and date"

    def table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: Sequence[bool],
        colours: dict[tuple[int, int], str] | None = None,
        total_row: bool = False,
        full_width: bool = False,
        bold_rows: Sequence[int] = (),
    ) -> Any:
        """A captioned table in the template's table style.

        Column widths are measured with the table text's font (see ``_widths``).  A
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
        headers = [keep_together(self.t(h)) for h in headers]
        rows = [[keep_together(self.t(v)) for v in row] for row in rows]
        bold = {*bold_rows, *([len(rows) - 1] if total_row else [])}
        col_widths, size = self._widths(headers, rows, full_width, sorted(bold))
        compact = size is not None
        _set_table_width(tbl, sum(col_widths))

        def fill(row: Any, values: Sequence[str], header: bool = False, r_index: int = -1) -> None:
            for c, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
                cell.width = col_widths[c]
                p = cell.paragraphs[0]
                if text_style:
                    p.style = self.doc.styles[text_style]
                if numeric[c]:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = p.add_run(value)
                if compact:
                    run.font.size = _pt(size)
                if header or r_index in bold:
                    run.bold = True
                elif colours and (r_index, c) in colours:
                    _colour_run(run, colours[(r_index, c)])

        header_row = tbl.rows[0]
        _repeat_header(header_row)
        fill(header_row, headers, header=True)
        if style:
            _apply_header_look(header_row, self.doc.styles[style])
        tall = self._tall_rows(rows, col_widths, size)
        self._data_rows(tbl, rows, fill, bold=bold, colours=colours, tall=tall)
        for c, column in enumerate(tbl.columns):
            column.width = col_widths[c]
        # A little air after the table.
        return tbl

    def _widths(
        self, headers: list[str], rows: list[list[str]], full_width: bool, bold_rows: list[int]
    ) -> tuple[list[int], float | None]:
        """Column widths (EMU) measured with the table text's real font, and the smaller
        font size the table is set in when its words do not fit at the style's (None)."""
        from docx.shared import Pt

        from workbench.deliver.word_fonts import TextMeasure

        family, size = self.table_font
        available = self.text_width / 12700  # EMU → points
        for points in (size, size - 1, size - 1.5):
            key = (family, points)
            if key not in self._measures:
                self._measures[key] = (
                    TextMeasure(family, points),
                    TextMeasure(family, points, bold=True),
                )
            body, head = self._measures[key]
            widths, fits = measured_widths(
                headers,
                rows,
                body=body,
                head=head,
                margin_pt=self.cell_margin_pt,
                available_pt=available,
                full_width=full_width,
                bold_rows=bold_rows,
            )
            if fits:
                break
        return [int(Pt(w)) for w in widths], (None if points == size else points)

    def _tall_rows(
        self, rows: Sequence[Sequence[str]], widths: Sequence[int], size: float | None
    ) -> set[int]:
        """Rows that may split across pages: those about a third of a page tall or more.

        A row that must not split but is taller than the page cannot be placed whole: Word
        cuts it off at the page's foot, and the reader loses the rest of the table."""
        family, points = self.table_font
        points = size or points
        body = self._measures[(family, points)][0]
        section = self.doc.sections[-1]
        page = (section.page_height - section.top_margin - section.bottom_margin) / 12700
        line = points * 1.2
        out = set()
        for r, row in enumerate(rows):
            height = 0.0
            for text, width in zip(row, widths, strict=False):
                room = max(width / 12700 - self.cell_margin_pt, 1.0)
                lines = sum(
                    max(1, -(-int(body.width(part)) // int(room))) for part in text.split("\n")
                )
                height = max(height, lines * line)
            if height > page / 3:
                out.add(r)
        return out

    def _data_rows(
        self,
        tbl: Any,
        rows: Sequence[Sequence[str]],
        fill: Any,
        *,
        bold: set[int],
        colours: dict[tuple[int, int], str] | None,
        tall: set[int] = frozenset(),  # type: ignore[assignment]
    ) -> None:
        """The table's rows: one blank row is laid out (widths, style, alignment, font) and
        copied for each row, with only the text (and any bold or colour) set per cell.
        Rows do not split across pages, except the ``tall`` ones (see ``_tall_rows``)."""
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
            if r in tall:
                for flag in tr.xpath("./w:trPr/w:cantSplit"):
                    flag.getparent().remove(flag)
            tbl._tbl.append(tr)
            for c, tc in enumerate(tr.tc_lst):
                paragraph = tc.p_lst[0]
                run = paragraph.r_lst[0] if paragraph.r_lst else None
                if run is None:
                    continue
                if c >= len(values):
                    paragraph.remove(run)
                    continue
                run.text = values[c]
                if r in bold:
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
        self.referring(
            [
                ("ref", ("Table", self.table_no + 1)),
                (
                    "text",
                    " turns the recommendations into a plan: who owns each action, the effort "
                    "and impact we expect, when it should happen and where it sits in the "
                    "Plan–Do–Check–Act improvement cycle.",
                ),
            ]
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
            full_width=True,
        )

    def _section_quotes(self, start: float, span: float) -> None:
        quotes = self.ctx.quotes
        if not quotes:
            return
        scope = self.ctx.quotes_heading_scope()
        self.appendix_heading(SECTION_TITLES["quotes"] + (f" ({scope})" if scope else ""))
        labelled = self.ctx.quotes_span_waves()
        waves = {q.wave for q in quotes if q.wave}
        material = material_word({q.kind for q in quotes})  # "interviews", "sources"…
        if labelled:
            source = f"the {material} of every wave, each marked with its wave"
        elif len(waves) == 1:
            source = f"the {material} of the {waves.pop()} wave"
        else:
            source = f"the {material}"
        self.para(
            f"{'Extracts' if any(q.recorded == 'notes' for q in quotes) else 'Verbatim extracts'}"
            " from "
            f"{source}, grouped by the theme they were coded with."
            + (
                " Consultants' observations are marked as such and are not attributed "
                "to the person observed."
                if any(q.observation for q in quotes)
                else ""
            )
            + (
                " Passages from the consultants' interview notes are the consultant's record, "
                "not the respondent's words: they are marked as such and not put in quotation "
                "marks (words the notes quote are)."
                if any(q.recorded == "notes" for q in quotes)
                else ""
            )
            + (
                " The interviewer's and other speakers' words are marked as theirs."
                if any(q.recorded in ("interviewer", "other") for q in quotes)
                else ""
            )
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
            self.heading(" › ".join(part.strip() for part in code.split("/") if part.strip()), 3)
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
                    if labelled and q.wave:
                        who += f", {q.wave} wave"
                    self.para("\u2014 " + who, "Quote Attribution", "Caption")
                    continue
                if self.anon:
                    who, when = self.anon.label(q.respondent_name or q.respondent_label), ""
                else:
                    who = ", ".join(x for x in (q.respondent_name, q.respondent_label) if x)
                    when = format_date(q.interview_date)
                wave = f"{q.wave} wave" if labelled and q.wave else ""
                if q.recorded:
                    # The consultant's record (or another speaker's words): no quotation
                    # marks, and the interview named, not the person as its speaker.
                    p = self.para("")
                    p.paragraph_format.keep_with_next = True
                    p.add_run(RECORDED_LABELS.get(q.recorded, RECORDED_LABELS["notes"]) + ": ")
                    p.runs[-1].bold = True
                    text = self.anon.scrub(q.text) if self.anon else q.text
                    p.add_run(self.t(text).strip())
                    of = "Notes of the interview" if q.recorded == "notes" else "Interview"
                    said = (f"{of} with {who}" if who else of, when, wave)
                    self.para(
                        "\u2014 " + ", ".join(x for x in said if x),
                        "Quote Attribution",
                        "Caption",
                    )
                    continue
                p = self.para("", "Quote", "Intense Quote")
                p.paragraph_format.keep_with_next = True
                p.add_run(f"\u201c{self.t(q.text.strip())}\u201d")
                self.para(
                    "\u2014 " + ", ".join(x for x in (who, when, wave) if x),
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


def _is_change_table(table: Table) -> bool:
    """Whether ``table`` is a comparison's table of changes (its full 14 columns)."""
    names = {c.name for c in table.columns}
    return table.name == "changes" and {"change", "ci_low", "n_paired", "better"} <= names
