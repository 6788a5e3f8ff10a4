"""The Word report: a firm's template, a title page, and a body built from the results.

``build_report(path, context)`` renders the template's own placeholders (``{{ client }}``,
``{{ title }}`` ...) with docxtpl in a sandboxed, autoescaping Jinja environment, then
builds the body with python-docx where ``{{p body }}`` stands, using the template's
styles.  Interview text only ever becomes text runs: it is never template source.

Sections (in the order of ``ReportOptions.sections``): executive summary, scope and
method, one section per analysis, findings and recommendations, action plan, and an
appendix of quotes grouped by code.  With ``ReportOptions.anonymise`` every respondent
name is replaced (text, tables, chart labels, quotes).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table
from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import (
    FindingItem,
    RecommendationItem,
    ReportContext,
    format_date,
    format_period,
    join_names,
)
from workbench.deliver.safety import (
    ExportCancelled,
    atomic_path,
    docx_literal,
    report_progress,
    sandboxed_env,
)

__all__ = [
    "PLACEHOLDERS",
    "REQUIRED_PLACEHOLDERS",
    "ExportCancelled",
    "ReportError",
    "build_report",
    "check_template",
    "default_template",
]

#: Placeholders a template may use (see report_templates/README.md).
PLACEHOLDERS: dict[str, str] = {
    "client": "the client's name",
    "title": "the engagement (report) title",
    "date": "the report date, e.g. 7 March 2025",
    "consultants": "the consultants, e.g. 'Ana Ruiz and Ben Okafor'",
    "period": "the fieldwork period, e.g. '3–21 March 2025'",
    "scope": "the engagement scope (one paragraph)",
    "body": "where the report body goes: {{p body }} alone in its own paragraph",
}
REQUIRED_PLACEHOLDERS = ("title", "body")

FIGURE_DPI = 200
FIGURE_WIDTH_IN = 6.0

SECTION_TITLES = {
    "summary": "Executive summary",
    "method": "Scope and method",
    "findings": "Findings and recommendations",
    "actions": "Action plan",
    "quotes": "Appendix: Selected quotes",
}

_SEVERITY_RANK = {"critical": 4, "high": 3, "major": 3, "medium": 2, "moderate": 2, "low": 1}
_PDCA = {"plan": "Plan", "do": "Do", "check": "Check", "act": "Act"}
_NEGATIVE = "B42318"
_POSITIVE = "067647"


class ReportError(Exception):
    """The report cannot be built; the message says which file and what is wrong."""


Progress = Callable[[float, str], Any] | None


def default_template() -> Path:
    from workbench.paths import report_templates_dir

    return report_templates_dir() / "default.docx"


def build_report(
    path: str | Path,
    context: ReportContext,
    template: str | Path | None = None,
    progress: Progress = None,
) -> Path:
    """Write the Word report for ``context`` to ``path`` and return the path.

    Raises :class:`ReportError` for a missing or unusable template or an unwritable
    target, and :class:`ExportCancelled` when ``progress`` returns ``False``.  Either
    way nothing is left at ``path`` (an existing file there is untouched).
    """
    path = Path(path)
    template_path = Path(template) if template is not None else default_template()
    report_progress(progress, 0.0, "Reading the template")
    tpl = _open_template(template_path)
    check_template(template_path, tpl)

    anonymiser = Anonymiser(context.respondents) if context.options.anonymise else None
    marker = f"WORKBENCH-BODY-{uuid.uuid4().hex}"
    values = _title_values(context, anonymiser)
    from markupsafe import Markup

    values["body"] = Markup(f'<w:p><w:r><w:t xml:space="preserve">{marker}</w:t></w:r></w:p>')
    try:
        tpl.render(values, jinja_env=sandboxed_env(), autoescape=True)
    except Exception as exc:  # jinja2 syntax, security and undefined errors
        raise ReportError(f"{template_path}: the template's placeholders failed: {exc}") from exc
    report_progress(progress, 0.05, "Preparing the document")

    from docx import Document

    buf = io.BytesIO()
    tpl.save(buf)
    buf.seek(0)
    doc = Document(buf)
    anchor = next((p for p in doc.paragraphs if p.text.strip() == marker), None)
    if anchor is None:
        raise ReportError(
            f"{template_path}: the {{{{p body }}}} placeholder must stand alone in a "
            "paragraph of the main text (not in a table, text box, header or footer)"
        )

    builder = _ReportBuilder(doc, context, anonymiser, progress)
    builder.build_into(anchor)
    _set_properties(doc, context, anonymiser)

    report_progress(progress, 0.97, "Saving the report")
    try:
        with atomic_path(path) as tmp:
            doc.save(str(tmp))
    except ExportCancelled:
        raise
    except OSError as exc:
        raise ReportError(
            f"cannot write the report to {path}: {exc.strerror or exc}"
            + (" (is it open in Word?)" if isinstance(exc, PermissionError) else "")
        ) from exc
    report_progress(progress, 1.0, "Report written")
    return path


def _open_template(template_path: Path) -> Any:
    from docxtpl import DocxTemplate

    if not template_path.exists():
        raise ReportError(f"report template {template_path} not found")
    if not template_path.is_file():
        raise ReportError(f"report template {template_path} is not a file")
    if not zipfile.is_zipfile(template_path):
        raise ReportError(
            f"report template {template_path} is not a Word document (.docx); "
            "save it from Word as 'Word Document (*.docx)'"
        )
    with zipfile.ZipFile(template_path) as zf:
        names = set(zf.namelist())
        content_types = (
            zf.read("[Content_Types].xml").decode("utf-8", "replace")
            if ("[Content_Types].xml" in names)
            else ""
        )
    if "word/document.xml" not in names:
        raise ReportError(f"report template {template_path} is not a Word document (.docx)")
    if "template.main+xml" in content_types:
        raise ReportError(
            f"report template {template_path} is a Word template (.dotx); "
            "open it in Word and save it as a Word Document (.docx)"
        )
    if "macroEnabled" in content_types:
        raise ReportError(
            f"report template {template_path} contains macros; save it as a plain .docx"
        )
    try:
        tpl = DocxTemplate(str(template_path))
        tpl.init_docx()
    except Exception as exc:
        raise ReportError(f"report template {template_path} cannot be read: {exc}") from exc
    return tpl


def check_template(template_path: str | Path, tpl: Any | None = None) -> set[str]:
    """Check a template's placeholders; return the ones it uses.

    Raises :class:`ReportError` naming the file when a required placeholder is missing,
    an unknown one is used (most likely a typo) or the template code does not parse.
    """
    template_path = Path(template_path)
    if tpl is None:
        tpl = _open_template(template_path)
    try:
        used = set(tpl.get_undeclared_template_variables(sandboxed_env()))
    except Exception as exc:
        raise ReportError(
            f"{template_path}: the template's placeholders do not parse: {exc}"
        ) from exc
    missing = [name for name in REQUIRED_PLACEHOLDERS if name not in used]
    if missing:
        what = ", ".join("{{p body }}" if m == "body" else f"{{{{ {m} }}}}" for m in missing)
        raise ReportError(f"{template_path}: missing placeholder(s) {what}")
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        raise ReportError(
            f"{template_path}: unknown placeholder(s) {', '.join(unknown)}; "
            f"a template may use {', '.join(PLACEHOLDERS)}"
        )
    return used


def _title_values(context: ReportContext, anonymiser: Anonymiser | None) -> dict[str, Any]:
    e = context.engagement
    scrub = anonymiser.scrub if anonymiser else (lambda s: s)
    report_date = context.options.report_date or _dt.date.today()
    values = {
        "client": e.client,
        "title": scrub(e.title),
        "date": format_date(report_date),
        "consultants": join_names(list(e.consultants)),
        "period": format_period(
            e.start_date or context.method.date_from, e.end_date or context.method.date_to
        ),
        "scope": scrub(e.scope),
    }
    # Values are data: plain strings, XML-escaped by autoescape, never evaluated.
    return {k: docx_literal(v) for k, v in values.items()}


def _set_properties(doc: Any, context: ReportContext, anonymiser: Anonymiser | None) -> None:
    props = doc.core_properties
    title = context.engagement.title
    props.title = docx_literal(anonymiser.scrub(title) if anonymiser else title)[:255]
    props.subject = docx_literal(context.engagement.client)[:255]
    props.author = docx_literal(join_names(list(context.engagement.consultants)))[:255]
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1


# -- the body -------------------------------------------------------------------------------


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
        return self.anon.scrub(text) if self.anon else text

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
        intro = self._summary_intro()
        if intro:
            self.para(intro)
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
                    for finding in result.findings[:2]:
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

    def _summary_intro(self) -> str:
        ctx, e, m = self.ctx, self.ctx.engagement, self.ctx.method
        parts = []
        title = e.title.strip()
        if title:
            parts.append(f"This report sets out the findings of {title} for {e.client}.")
        n_resp = sum(m.respondent_count_by_segment.values())
        period = format_period(m.date_from, m.date_to)
        if m.interview_count:
            sentence = f"It draws on {_count(m.interview_count, 'interview')}"
            if n_resp:
                sentence += f" with {_count(n_resp, 'respondent')}"
            if period:
                sentence += f" held {_during(period)}"
            parts.append(sentence + ".")
        n_findings = len(ctx.findings)
        if n_findings:
            high = sum(1 for f in ctx.findings if _severity_rank(f.severity) >= 3)
            s = f"We report {_count(n_findings, 'finding')}"
            if high:
                s += f", {high} of them of high severity or worse"
            if ctx.recommendations:
                s += f", and make {_count(len(ctx.recommendations), 'recommendation')}"
            parts.append(s + "; the most severe are listed first below.")
        return " ".join(parts)

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
                rows = [[self.anon.short_label(r), r.org_unit, r.segment] for r in self.anon.rows()]
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
            self.bullets(result.findings)
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
        scrub_figure(figure, self.anon.scrub)
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=FIGURE_DPI)
        return buf.getvalue()

    def result_table(self, table: Table) -> None:
        rows = [
            [table.format_cell(r, c) for c in range(len(table.columns))]
            for r in range(len(table.rows))
        ]
        numeric = [c.kind != "text" for c in table.columns]
        colours = None
        diverging = [i for i, c in enumerate(table.columns) if c.diverging]
        if diverging:
            colours = {}
            for r, row in enumerate(table.rows):
                for c in diverging:
                    colour = _sign_colour(row[c])
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
        for r, values in enumerate(rows):
            row = tbl.add_row()
            _cant_split(row)
            fill(row, values, r_index=r)
        for c, column in enumerate(tbl.columns):
            column.width = col_widths[c]
        # A little air after the table.
        return tbl

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
            "with." + (" Respondents are identified by number only." if self.anon else "")
        )
        groups: dict[str, list[Any]] = {}
        for q in quotes:
            groups.setdefault(q.code_path or "Uncoded", []).append(q)
        for code in sorted(groups, key=str.casefold):
            self.heading(" › ".join(part.strip() for part in code.split("/") if part.strip()), 2)
            for q in groups[code]:
                p = self.para("", "Quote", "Intense Quote")
                p.paragraph_format.keep_with_next = True
                p.add_run(f"\u201c{self.t(q.text.strip())}\u201d")
                who = (
                    self.anon.label(q.respondent_label or q.respondent_name)
                    if self.anon
                    else ", ".join(x for x in (q.respondent_name, q.respondent_label) if x)
                )
                when = format_date(q.interview_date)
                self.para(
                    "\u2014 " + ", ".join(x for x in (who, when) if x),
                    "Quote Attribution",
                    "Caption",
                )


# -- helpers --------------------------------------------------------------------------------


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


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _add_field(paragraph: Any, instruction: str, cached: str) -> None:
    """A Word field with a cached result (renders without updating fields)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def add(xml: str) -> None:
        paragraph.add_run()._r.append(parse_xml(xml))

    add(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>')
    add(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>')
    add(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>')
    paragraph.add_run(cached)
    add(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>')


def _repeat_header(row: Any) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _apply_header_look(row: Any, table_style: Any) -> None:
    """Copy the table style's header-row colours onto the header cells.

    Word lets a paragraph style's colour override a table style's header colour and
    LibreOffice ignores conditional table formatting in places, so the header row's
    text colour and shading are written directly, taken from the template's style.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import RGBColor

    first = table_style.element.find(f"{qn('w:tblStylePr')}[@{qn('w:type')}='firstRow']")
    if first is None:
        return
    colour = first.find(f"{qn('w:rPr')}/{qn('w:color')}")
    colour = colour.get(qn("w:val")) if colour is not None else None
    shd = first.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    fill = shd.get(qn("w:fill")) if shd is not None else None
    for cell in row.cells:
        if fill and fill != "auto":
            tc_pr = cell._tc.get_or_add_tcPr()
            old = tc_pr.find(qn("w:shd"))
            if old is not None:
                tc_pr.remove(old)
            tc_pr.append(
                parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
            )
        if colour and colour != "auto":
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.color.rgb = RGBColor.from_string(colour)


def _cant_split(row: Any) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _colour_run(run: Any, colour: str | None) -> None:
    if colour:
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(colour)


def _sign_colour(value: Any) -> str | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number == 0:
        return None
    return _NEGATIVE if number < 0 else _POSITIVE


def _severity_rank(severity: Any) -> float:
    if severity is None or severity == "":
        return 0
    if isinstance(severity, int | float):
        return float(severity)
    return _SEVERITY_RANK.get(str(severity).strip().lower(), 0)


def _severity_sort_key(f: FindingItem) -> tuple[float, str]:
    return (-_severity_rank(f.severity), str(f.number).zfill(6))


def _severity_label(severity: Any) -> str:
    if severity is None or severity == "":
        return ""
    return str(severity).strip().capitalize()


def _severity_colour(severity: Any) -> str | None:
    rank = _severity_rank(severity)
    if rank >= 3:
        return _NEGATIVE
    if rank >= 2:
        return "B54708"
    return None


def _ref(prefix: str, number: Any) -> str:
    text = str(number).strip()
    if text[:1].isalpha():
        return text
    return f"{prefix}{text}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _during(period: str) -> str:
    return (
        f"between {period.replace('–', ' and ', 1).replace('  ', ' ')}"
        if "–" in period
        else f"on {period}"
    )


def _method_sentences(ctx: ReportContext) -> list[str]:
    m, o = ctx.method, ctx.options
    out: list[str] = []
    n_resp = sum(m.respondent_count_by_segment.values()) or len(ctx.respondents)
    period = format_period(m.date_from, m.date_to)
    if m.interview_count:
        s = f"We conducted {_count(m.interview_count, 'interview')}"
        if n_resp:
            s += f" with {_count(n_resp, 'respondent')}"
        if period:
            s += f" {_during(period)}"
        segs = [
            f"{n} {seg}"
            for seg, n in sorted(
                m.respondent_count_by_segment.items(), key=lambda kv: (-kv[1], kv[0])
            )
            if seg
        ]
        if len(segs) > 1:
            s += f": {join_names(segs)}"
        out.append(s + ".")
    if m.interviewers:
        out.append(f"Interviews were conducted by {join_names(list(m.interviewers))}.")
    if m.forms_used:
        forms = [f"{title} ({_count(n, 'interview')})" for title, n in m.forms_used]
        out.append(
            f"{'Each interview followed a structured form' if len(forms) > 1 else 'Interviews followed a structured form'}: "
            f"{join_names(forms)}."
        )
    if ctx.engagement.waves:
        waves = list(ctx.engagement.waves)
        out.append(
            f"Fieldwork ran in {_count(len(waves), 'wave')}: {join_names(waves)}."
            if len(waves) > 1
            else f"Fieldwork ran in one wave ({waves[0]})."
        )
    subset = []
    if o.wave:
        subset.append(f"wave \u2018{o.wave}\u2019")
    if o.segment:
        subset.append(f"segment \u2018{o.segment}\u2019")
    if subset:
        out.append(f"The analyses in this report cover {' and '.join(subset)} only.")
    out.append(
        "Answers were captured in structured forms during the interviews, coded and analysed "
        "with standard service-quality methods; each analysis section states its method and "
        "any limitations. Only completed interviews are counted."
    )
    if ctx.options.anonymise:
        out.append(
            "Respondents are not named in this report; they are identified by number, "
            "organisation unit and segment."
        )
    return out


def _text_weights(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    weights = []
    for c, header in enumerate(headers):
        longest = max([len(header)] + [len(r[c]) for r in rows[:200] if c < len(r)])
        weights.append(float(min(max(longest, 4), 50)))
    return weights


def _longest_words(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Per column, the longest word or number: narrower than that, a cell breaks mid-word."""
    longest = []
    for c, header in enumerate(headers):
        texts = [header] + [r[c] for r in rows[:200] if c < len(r)]
        longest.append(max((len(w) for t in texts for w in str(t).split()), default=1))
    return longest


def _fit_widths(
    weights: Sequence[float], words: Sequence[int], width: int, points: float = 9.0
) -> list[int]:
    """Column widths (EMU) that never break a word, sharing the rest by weight."""
    floors = [_natural_width_emu(w, points) for w in words]
    if sum(floors) >= width:
        return [int(width * f / sum(floors)) for f in floors]
    spare = width - sum(floors)
    extra = [max(w - n, 0.0) for w, n in zip(weights, words, strict=True)]
    total = sum(extra) or float(len(extra))
    return [
        int(f + spare * ((e / total) if sum(extra) else 1 / len(extra)))
        for f, e in zip(floors, extra, strict=True)
    ]


def _natural_width_emu(chars: float, points: float = 9.0) -> int:
    """About how wide a column of ``chars`` characters of text at ``points`` is, with
    the cell's margins (a Calibri-like character is about half an em, bold a little more)."""
    from docx.shared import Inches

    return int(Inches(0.0075 * points * chars + 0.16))


def _set_table_width(tbl: Any, width_emu: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    tbl_pr = tbl._tbl.tblPr
    old = tbl_pr.find(qn("w:tblW"))
    if old is not None:
        tbl_pr.remove(old)
    twips = int(width_emu / 635)
    new = parse_xml(f'<w:tblW {nsdecls("w")} w:w="{twips}" w:type="dxa"/>')
    # tblW comes after tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize/ColBandSize
    anchor = None
    for tag in (
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    ):
        anchor = tbl_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(new)
    else:
        tbl_pr.append(new)


def _column_weights(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[float]:
    weights = []
    for c, col in enumerate(columns):
        longest = max([len(col.label)] + [len(r[c]) for r in rows[:200]])
        if col.kind == "text":
            weights.append(min(max(longest, 6), 45))
        else:
            weights.append(min(max(longest, 5), 12))
    return [float(w) for w in weights]


def _evidence_line(table: Table) -> str:
    if not table.evidence:
        return ""
    interviews: set[str] = set()
    questions: list[str] = []
    segments: set[str] = set()
    for ev in table.evidence.values():
        interviews.update(ev.interview_ids)
        segments.update(ev.segment_ids)
        for q in ev.question_keys:
            if q not in questions:
                questions.append(q)
    parts = []
    if interviews:
        parts.append(_count(len(interviews), "interview"))
    if segments:
        parts.append(_count(len(segments), "coded segment"))
    if questions:
        shown = ", ".join(questions[:10])
        more = f" and {len(questions) - 10} more" if len(questions) > 10 else ""
        parts.append(f"questions {shown}{more}")
    return "Source: " + "; ".join(parts) + "." if parts else ""
