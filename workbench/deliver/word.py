"""The Word report: a firm's template, a title page, and a body built from the results.

``build_report(path, context)`` renders the template's own placeholders (``{{ client }}``,
``{{ title }}`` ...) with docxtpl in a sandboxed, autoescaping Jinja environment, then
builds the body with python-docx where ``{{p body }}`` stands, using the template's
styles.  Interview text only ever becomes text runs: it is never template source.

Sections (in the order of ``ReportOptions.sections``): executive summary, scope and
method, one section per analysis, findings and recommendations, action plan, and an
appendix of quotes grouped by code.  With ``ReportOptions.anonymise`` every respondent
name is replaced (text, tables, chart labels, quotes).

The body is written by :mod:`workbench.deliver.word_builder`, with the helpers of
:mod:`workbench.deliver.word_text` (words, severities) and
:mod:`workbench.deliver.word_layout` (column widths, WordprocessingML).
"""

from __future__ import annotations

import datetime as _dt
import io
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbench.deliver.anonymise import Anonymiser, anonymise_context
from workbench.deliver.context import ReportContext, format_date, format_period, join_names
from workbench.deliver.safety import (
    ExportCancelled,
    docx_literal,
    report_progress,
    sandboxed_env,
    save_deliverable,
)
from workbench.deliver.word_builder import (
    FIGURE_DPI,
    FIGURE_WIDTH_IN,
    SECTION_TITLES,
    Progress,
    ReportError,
    _ReportBuilder,
    scrub_figure,
)

__all__ = [
    "FIGURE_DPI",
    "FIGURE_WIDTH_IN",
    "PLACEHOLDERS",
    "REQUIRED_PLACEHOLDERS",
    "SECTION_TITLES",
    "ExportCancelled",
    "Progress",
    "ReportError",
    "build_report",
    "check_template",
    "default_template",
    "scrub_figure",
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

    anonymiser = None
    if context.options.anonymise:
        o = context.options
        anonymiser = context.anonymiser or Anonymiser(
            context.respondents, terms=o.anonymise_terms, k=o.k
        )
        context = anonymise_context(anonymiser, context)
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

    if not values["consultants"]:
        _drop_empty_label(doc, anchor, "prepared by")

    from workbench.charts import DEFAULT, style_from_template

    chart_style = DEFAULT if template is None else style_from_template(doc, template_path.name)
    if context.headlines and anonymiser is not None:
        # A headline resting on fewer than k respondents is suppressed like a table cell.
        context = replace(
            context, headlines=context.headlines.suppressed(context.options.k, anonymiser)
        )
    builder = _ReportBuilder(doc, context, anonymiser, progress, chart_style)
    builder.build_into(anchor)
    _set_properties(doc, context, anonymiser)

    report_progress(progress, 0.97, "Saving the report")
    save_deliverable(path, doc.save, ReportError, "report", "Word")
    report_progress(progress, 1.0, "Report written")
    return path


def _open_template(template_path: Path) -> Any:
    from workbench.deliver.safety import open_office_template

    def read(path: Path) -> Any:
        from docxtpl import DocxTemplate

        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        return tpl

    return open_office_template(template_path, "report template", ".docx", ReportError, read)


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
    scrub = anonymiser.scrub_prose if anonymiser else (lambda s: s)
    report_date = context.options.report_date or _dt.date.today()
    values = {
        "client": e.client,
        "title": scrub(e.title),
        "date": format_date(report_date),
        "consultants": join_names(list(e.prepared_by)),
        # The fieldwork period, the same as the summary's (workbench.deliver.build.fieldwork_dates).
        "period": format_period(
            context.method.date_from or e.start_date, context.method.date_to or e.end_date
        ),
        "scope": scrub(e.scope),
    }
    # Values are data: plain strings, XML-escaped by autoescape, never evaluated.
    return {k: docx_literal(v) for k, v in values.items()}


def _drop_empty_label(doc: Any, anchor: Any, label: str) -> None:
    """Leave out a title-page line that would read only ``label`` ("Prepared by" with no
    name known): the paragraphs before the body whose whole text is the label."""
    for p in doc.paragraphs:
        if p._p is anchor._p:
            break
        if p.text.strip().rstrip(":").strip().casefold() == label:
            p._p.getparent().remove(p._p)


def _set_properties(doc: Any, context: ReportContext, anonymiser: Anonymiser | None) -> None:
    props = doc.core_properties
    title = context.engagement.title
    props.title = docx_literal(anonymiser.scrub_prose(title) if anonymiser else title)[:255]
    props.subject = docx_literal(context.engagement.client)[:255]
    props.author = docx_literal(join_names(list(context.engagement.prepared_by)))[:255]
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1
