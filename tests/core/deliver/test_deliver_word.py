from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from workbench.analysis.result import format_value
from workbench.deliver.safety import ExportCancelled
from workbench.deliver.word import ReportError, build_report, check_template, default_template

PLACEHOLDER_TEXTS = ["{{ 7*7 }}", "{% for x in y %}", "{{ ''.__class__ }}"]


@pytest.fixture
def report(tmp_path, context) -> Path:
    path = tmp_path / "report.docx"
    calls = []
    assert build_report(path, context, progress=lambda f, m: calls.append((f, m))) == path
    assert calls[0][0] == 0.0 and calls[-1][0] == 1.0
    return path


def _xml_text(path: Path) -> str:
    """All visible text in every part of the package (body, headers, footers, props)."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                out += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
                if name.startswith("docProps/"):
                    out += re.findall(r">([^<]+)<", xml)
    return "\n".join(out)


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def test_headings_in_order(report, context):
    doc = Document(report)
    h1 = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in h1] == [
        "Executive summary",
        "Scope and method",
        "SERVQUAL service quality",
        "Findings and recommendations",
        "Action plan",
        "Appendix: Selected quotes",
    ]
    # The numbers come from the Heading 1 style's numbering, never typed; the appendix
    # is taken out of it.
    style_num = doc.styles["Heading 1"].element.pPr.numPr.numId.val
    assert style_num > 0
    numbering = doc.part.numbering_part.element
    assert numbering.xpath(f"./w:num[@w:numId='{style_num}']")
    assert [p._p.pPr.numPr is not None for p in h1] == [False] * 5 + [True]
    assert h1[-1]._p.pPr.numPr.numId.val == 0
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    h3 = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert "Key findings" in h2 and "Pain points › Handoffs" in h3


def test_title_page_is_filled(report, context):
    doc = Document(report)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Northwind Utilities"
    assert texts[1] == "IT service quality review"
    joined = "\n".join(texts)
    assert "Claire Dubois and Ben Okafor" in joined
    assert "2 April 2025" in joined and "3–21 March 2025" in joined
    assert "{{" not in _xml_text(report).split("Executive summary")[0]
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "Northwind Utilities" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert doc.core_properties.title == "IT service quality review"
    assert doc.core_properties.author == "Claire Dubois and Ben Okafor"


def test_executive_summary_highest_severity_first(report):
    doc = Document(report)
    paras = [p.text for p in doc.paragraphs]
    start = paras.index("Executive summary")
    bullets = [t for t in paras[start : start + 12] if t.startswith(("High", "Medium", "Low"))]
    assert [b.split("\u2002")[0] for b in bullets] == ["High", "Medium", "Low"]


def test_method_text_is_generated(report):
    text = "\n".join(p.text for p in Document(report).paragraphs)
    assert "We conducted 24 interviews with 24 respondents between 3 and 21 March 2025" in text
    assert "SERVQUAL questionnaire (18 interviews)" in text
    assert "Interviews were conducted by Claire Dubois and Ben Okafor." in text


def test_result_table_values_are_formatted_cells(report, result):
    doc = Document(report)
    table = result.tables[0]
    header = [c.label for c in table.columns]
    # (a short formula in a header, "Gap (P − E)", is kept together by no-break spaces)
    matches = [
        t
        for t in doc.tables
        if [c.text.replace("\u00a0", " ") for c in t.rows[0].cells] == header
    ]
    assert len(matches) == 1
    t = matches[0]
    assert t.style.name == "Workbench Table"
    assert len(t.rows) == len(table.rows) + 1
    for r in range(len(table.rows)):
        got = [c.text for c in t.rows[r + 1].cells]
        assert got == [
            format_value(v, col) for v, col in zip(table.rows[r], table.columns, strict=True)
        ]
    assert t.rows[1].cells[3].text == "-0.30" and t.rows[5].cells[4].text == "16%"
    # the header row repeats on every page
    assert t.rows[0]._tr.trPr.xpath("./w:tblHeader")


def test_figures_and_captions(report):
    doc = Document(report)
    assert len(doc.inline_shapes) == 1
    shape = doc.inline_shapes[0]
    assert abs(shape.width.inches - 6.0) < 0.01
    with zipfile.ZipFile(report) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figure")]
    tables = [c for c in captions if c.startswith("Table")]
    assert figures == ["Figure 1: Gap by dimension. Negative = below expectation"]
    assert [re.match(r"Table (\d+):", c).group(1) for c in tables] == [
        str(i) for i in range(1, len(tables) + 1)
    ]
    assert "Table 4: SERVQUAL gaps by dimension" in tables
    assert len(tables) == len(doc.tables)
    assert "SEQ Figure" in doc.element.xml


def test_action_plan_table(report, context):
    doc = Document(report)
    (plan,) = [t for t in doc.tables if t.rows[0].cells[0].text == "#"]
    assert [c.text for c in plan.rows[0].cells] == [
        "#",
        "Recommendation",
        "Owner",
        "Effort",
        "Impact",
        "Timing",
        "PDCA stage",
    ]
    assert [c.text for c in plan.rows[1].cells] == [
        "R1",
        context.recommendations[0].text,
        "Service desk manager",
        "Medium",
        "High",
        "Q2 2025",
        "Plan",
    ]


def test_template_code_in_interview_text_stays_literal(tmp_path, make_ctx, monkeypatch):
    import datetime as real
    import types

    from workbench.deliver import word

    class At49(real.datetime):  # a report written at 01:49:49 holds "49" in its timestamp
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 29, 1, 49, 49, tzinfo=tz)

    monkeypatch.setattr(
        word, "_dt", types.SimpleNamespace(datetime=At49, date=real.date, UTC=real.UTC)
    )
    ctx = make_ctx()
    ctx.engagement.client = "Acme {{ 7*7 }} {% if 1 %}x{% endif %}"
    ctx.engagement.scope = "Scope {{ ''.__class__.__mro__ }} <w:p>"
    ctx.results[0].findings.append("Finding {{ config }}")
    path = tmp_path / "r.docx"
    build_report(path, ctx)
    text = _unescape(_xml_text(path))
    for literal in PLACEHOLDER_TEXTS + [
        "Acme {{ 7*7 }} {% if 1 %}x{% endif %}",
        "Scope {{ ''.__class__.__mro__ }} <w:p>",
        "Finding {{ config }}",
    ]:
        assert literal in text
    # Nothing was evaluated: every "Acme" and "Finding {" is the literal text (7*7 was
    # looked for as "49" anywhere, which a timestamp or a page count can hold too).
    for start, literal in (("Acme", "Acme {{ 7*7 }}"), ("Finding {", "Finding {{ config }}")):
        for m in re.finditer(re.escape(start), text):
            assert text.startswith(literal, m.start()), text[m.start() : m.start() + 40]
    assert not re.search(r"Acme\s*49|(?<![\d:])49\s*x(?!\w)", text)
    assert "<class" not in text
    doc = Document(path)
    assert doc.paragraphs[0].text == "Acme {{ 7*7 }} {% if 1 %}x{% endif %}"
    assert any(p.text == "Scope {{ ''.__class__.__mro__ }} <w:p>" for p in doc.paragraphs)


def test_anonymised_report_has_no_names(tmp_path, make_ctx, named_result, respondents):
    ctx = make_ctx(anonymise=True)
    ctx.results.append(named_result)
    path = tmp_path / "anon.docx"
    build_report(path, ctx)
    text = _unescape(_xml_text(path))
    for r in respondents:
        for token in re.split(r"[\s-]+", r.name) + [r.name, r.label]:
            assert not re.search(rf"(?<!\w){re.escape(token)}(?!\w)", text, re.I), token
    assert "Service desk lead" not in text  # roles identify people: not in the list
    # Four respondents and k = 5: units and segments are withheld, never shown.
    assert "Operations" not in text
    assert "[Respondent 2]" in text
    # chart labels are scrubbed too: the figure drawn with names differs from the original
    doc = Document(path)
    assert len(doc.inline_shapes) == 2


def test_scrubbed_figure_has_no_name_labels(named_result, respondents):
    from matplotlib.text import Text

    from workbench.deliver.anonymise import Anonymiser
    from workbench.deliver.word import scrub_figure

    figure = named_result.figures[0].render()
    scrub_figure(figure, Anonymiser(respondents).scrub)
    texts = [t.get_text() for t in figure.findobj(Text)]
    assert texts and not any("Margaret" in t or "Patel" in t for t in texts)
    assert "Mentions by [name]" in texts


def test_sections_option(tmp_path, make_ctx):
    ctx = make_ctx(sections=["findings", "summary"])
    path = tmp_path / "r.docx"
    build_report(path, ctx)
    h1 = [p.text for p in Document(path).paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["Findings and recommendations", "Executive summary"]
    with pytest.raises(ValueError, match="unknown report section"):
        make_ctx(sections=["nope"])


def test_template_errors(tmp_path, context):
    out = tmp_path / "r.docx"
    with pytest.raises(ReportError, match=r"missing\.docx not found"):
        build_report(out, context, template=tmp_path / "missing.docx")
    bogus = tmp_path / "bogus.docx"
    bogus.write_text("not a zip")
    with pytest.raises(ReportError, match=r"bogus\.docx is not a Word document"):
        build_report(out, context, template=bogus)

    from docx import Document as New

    plain = tmp_path / "plain.docx"
    d = New()
    d.add_paragraph("{{ title }}")
    d.save(plain)
    with pytest.raises(ReportError, match=r"plain\.docx: missing placeholder\(s\) \{\{p body \}\}"):
        build_report(out, context, template=plain)

    typo = tmp_path / "typo.docx"
    d = New()
    d.add_paragraph("{{ title }} {{ cleint }}")
    d.add_paragraph("{{p body }}")
    d.save(typo)
    with pytest.raises(ReportError, match=r"typo\.docx: unknown placeholder\(s\) cleint"):
        build_report(out, context, template=typo)

    broken = tmp_path / "broken.docx"
    d = New()
    d.add_paragraph("{{ title }")
    d.add_paragraph("{{p body }}")
    d.save(broken)
    with pytest.raises(ReportError, match=r"broken\.docx"):
        build_report(out, context, template=broken)

    sandbox = tmp_path / "sandbox.docx"
    d = New()
    d.add_paragraph("{{ title.__class__.__mro__[1].__subclasses__() }}")
    d.add_paragraph("{{p body }}")
    d.save(sandbox)
    with pytest.raises(ReportError, match=r"sandbox\.docx"):
        build_report(out, context, template=sandbox)
    assert not out.exists()


def test_minimal_firm_template_works(tmp_path, context):
    from docx import Document as New

    firm = tmp_path / "firm.docx"
    d = New()
    d.add_paragraph("{{ title }}", style="Title")
    d.add_paragraph("{{p body }}")
    d.save(firm)
    out = tmp_path / "r.docx"
    build_report(out, context, template=firm)
    doc = Document(out)
    assert doc.paragraphs[0].text == "IT service quality review"
    assert doc.tables and all(t.style.name == "Table Grid" for t in doc.tables)


def test_failed_or_cancelled_report_leaves_no_file(tmp_path, make_ctx):
    ctx = make_ctx()
    out = tmp_path / "r.docx"
    with pytest.raises(ExportCancelled):
        build_report(out, ctx, progress=lambda f, m: f < 0.5)
    assert list(tmp_path.iterdir()) == []

    def broken(fig):
        raise RuntimeError("plugin bug")

    ctx.results[0].figures[0].draw = broken
    with pytest.raises(ReportError, match="Gap by dimension.*plugin bug"):
        build_report(out, ctx)
    assert list(tmp_path.iterdir()) == []

    out.write_bytes(b"old")
    with pytest.raises(ReportError):
        build_report(out, ctx)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_default_template_is_valid_and_reproducible(tmp_path):
    import importlib.util

    used = check_template(default_template())
    assert used == {"client", "title", "date", "consultants", "period", "body"}
    tool = Path(__file__).resolve().parents[3] / "tools" / "make_default_template.py"
    spec = importlib.util.spec_from_file_location("make_default_template", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "t.docx")
    assert check_template(built) == used
    styles = {s.name for s in Document(built).styles}
    assert {
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Caption",
        "Quote",
        "Workbench Table",
        "Method Note",
        "Table Text",
        "Quote Attribution",
        "List Bullet",
    } <= styles
