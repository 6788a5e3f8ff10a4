"""Build ``report_templates/default.docx``, the built-in Word report template.

Run from the repository root::

    python tools/make_default_template.py [output.docx]

The template carries the look (page size, fonts, colours, paragraph and table styles,
header and footer) and a title page with docxtpl placeholders; the report body is
inserted where ``{{p body }}`` stands.  See ``report_templates/README.md`` for what a
firm's own template must contain.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

NAVY = "1B2A41"
ACCENT = "0E7C86"
TEXT = "262626"
MUTED = "5F6B7A"
RULE = "D5DBE3"
BAND = "F2F4F7"

BODY_FONT = "Calibri"


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def set_font(style, *, size=None, bold=None, italic=None, colour=None, name=None):
    """Size, weight and colour of a style; a font name only where given (Normal, the
    headings and the title page): every other style inherits the Normal font, so a firm
    that changes Normal's font changes the whole body."""
    font = style.font
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if name is None:
        if fonts is not None:
            rpr.remove(fonts)
        fonts = None
    else:
        font.name = name
    if name is not None:
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = rgb(colour)


def paragraph_border(paragraph_or_style, side: str, colour: str, size: int = 6, space: int = 4):
    element = getattr(paragraph_or_style, "element", None)
    if element is None:
        element = paragraph_or_style._p
    ppr = element.get_or_add_pPr()
    existing = ppr.find(qn("w:pBdr"))
    if existing is not None:
        ppr.remove(existing)
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:{side} w:val="single" w:sz="{size}" '
        f'w:space="{space}" w:color="{colour}"/></w:pBdr>'
    )
    # pBdr must come after keepNext/keepLines/pageBreakBefore/..., before shd/tabs/spacing.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(border)
    else:
        ppr.append(border)


def remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    existing = ppr.find(qn("w:pBdr"))
    if existing is not None:
        ppr.remove(existing)


def spacing(style, before=0, after=6, line=None, keep_next=None):
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = line
    if keep_next is not None:
        pf.keep_with_next = keep_next


def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    return style


def define_styles(doc) -> None:
    styles = doc.styles

    normal = styles["Normal"]
    set_font(normal, size=10.5, colour=TEXT, name=BODY_FONT)
    spacing(normal, before=0, after=6, line=1.15)

    title = styles["Title"]
    set_font(title, size=30, bold=True, colour=NAVY)
    remove_border(title)
    spacing(title, before=0, after=6, line=1.0)

    subtitle = styles["Subtitle"]
    set_font(subtitle, size=15, italic=False, colour=ACCENT)
    spacing(subtitle, before=0, after=18, line=1.0)

    for level, size, before, after, colour in (
        (1, 18, 0, 12, NAVY),
        (2, 13, 16, 6, NAVY),
        (3, 11, 12, 4, ACCENT),
    ):
        style = styles[f"Heading {level}"]
        set_font(style, size=size, bold=True, italic=False, colour=colour)
        spacing(style, before=before, after=after, line=1.0, keep_next=True)
        style.paragraph_format.keep_together = True
    paragraph_border(styles["Heading 1"], "bottom", ACCENT, size=8, space=6)

    caption = styles["Caption"]
    set_font(caption, size=9, bold=False, italic=False, colour=MUTED)
    spacing(caption, before=4, after=12, line=1.0)

    for name in ("List Bullet", "List Number"):
        style = styles[name]
        set_font(style, size=10.5, colour=TEXT)
        spacing(style, before=0, after=3, line=1.15)

    quote = styles["Quote"]
    set_font(quote, size=10.5, italic=True, colour=TEXT)
    spacing(quote, before=6, after=2, line=1.15)
    quote.paragraph_format.left_indent = Mm(8)
    quote.paragraph_format.right_indent = Mm(8)
    paragraph_border(quote, "left", ACCENT, size=18, space=8)

    attribution = paragraph_style(doc, "Quote Attribution")
    set_font(attribution, size=9, colour=MUTED)
    spacing(attribution, before=0, after=10, line=1.0)
    attribution.paragraph_format.left_indent = Mm(8)

    note = paragraph_style(doc, "Method Note")
    set_font(note, size=8.5, colour=MUTED)
    spacing(note, before=0, after=4, line=1.0)

    table_text = paragraph_style(doc, "Table Text")
    set_font(table_text, size=9, colour=TEXT)
    spacing(table_text, before=0, after=0, line=1.0)

    kicker = paragraph_style(doc, "Title Kicker")
    set_font(kicker, size=13, bold=True, colour=ACCENT)
    kicker.font.all_caps = True
    spacing(kicker, before=0, after=8, line=1.0)

    meta = paragraph_style(doc, "Title Details")
    set_font(meta, size=11, colour=MUTED)
    spacing(meta, before=0, after=2, line=1.1)

    add_table_style(doc)
    # Every paragraph style takes its font from Normal (the macro-text style keeps its
    # typewriter font).
    for style in styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name not in ("Normal", "macro"):
            rpr = style.element.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is not None:
                rpr.remove(fonts)
    # Section numbers from the Heading 1 style's numbering, and the styles of the contents
    # and the lists of tables and figures (the report adds them to a template without).
    from workbench.deliver.word_fields import ensure_styles, heading_numbering

    heading_numbering(doc)
    ensure_styles(doc)


def add_table_style(doc) -> None:
    xml = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="WorkbenchTable">
  <w:name w:val="Workbench Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="30" w:after="30" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblStyleRowBandSize w:val="1"/>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="29" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="29" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tblPr/>
    <w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="band1Horz">
    <w:tblPr/>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""
    doc.styles.element.append(parse_xml(xml))


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    instr = parse_xml(
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'
    )
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = Mm(25)
    section.bottom_margin = Mm(22)
    section.header_distance = Mm(12)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    text_width = section.page_width - section.left_margin - section.right_margin

    for name in ("Header", "Footer"):
        ppr = doc.styles[name].element.get_or_add_pPr()
        tabs = ppr.find(qn("w:tabs"))
        if tabs is not None:
            ppr.remove(tabs)

    header = section.header
    p = header.paragraphs[0]
    p.text = ""
    p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    run = p.add_run("{{ client }}\t{{ title }}")
    run.font.size = Pt(8)
    run.font.color.rgb = rgb(MUTED)
    paragraph_border(p, "bottom", RULE, size=4, space=4)

    footer = section.footer
    p = footer.paragraphs[0]
    p.text = ""
    p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    run = p.add_run("Confidential\tPage ")
    for r in [run]:
        r.font.size = Pt(8)
        r.font.color.rgb = rgb(MUTED)
    add_field(p, "PAGE")
    run = p.add_run(" of ")
    add_field(p, "NUMPAGES")
    for r in p.runs:
        r.font.size = Pt(8)
        r.font.color.rgb = rgb(MUTED)


def title_page(doc) -> None:
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = ""

    spacer = body
    spacer.paragraph_format.space_before = Pt(150)
    spacer.style = doc.styles["Title Kicker"]
    spacer.add_run("{{ client }}")

    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("Findings and recommendations", style="Subtitle")

    rule = doc.add_paragraph()
    rule.paragraph_format.space_after = Pt(200)
    paragraph_border(rule, "top", ACCENT, size=18, space=1)

    for label, value in (
        ("Prepared for", "{{ client }}"),
        ("Prepared by", "{{ consultants }}"),
        ("Fieldwork", "{{ period }}"),
        ("Date", "{{ date }}"),
    ):
        p = doc.add_paragraph(style="Title Details")
        run = p.add_run(f"{label}  ")
        run.bold = True
        run.font.color.rgb = rgb(NAVY)
        p.add_run(value)

    p = doc.add_paragraph(style="Title Details")
    p.paragraph_format.space_before = Pt(18)
    run = p.add_run("Confidential. Prepared for the use of {{ client }} only.")
    run.font.size = Pt(8.5)

    # The report body (executive summary onwards) replaces this paragraph.  Every
    # top-level section starts on a new page, so the title page needs no page break.
    doc.add_paragraph("{{p body }}")


def theme_palette(doc) -> None:
    """The theme's accent colours are the charts' colour-blind-safe palette, so the
    default template given as a firm's template draws its charts as without one."""
    import re

    from workbench.charts import OKABE_ITO

    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            for i, colour in enumerate(OKABE_ITO[:6], start=1):
                xml = re.sub(
                    rf"(<a:accent{i}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}",
                    rf"\g<1>{colour.lstrip('#').upper()}",
                    xml,
                )
            part._blob = xml.encode("utf-8")


def build(path: Path) -> Path:
    doc = Document()
    theme_palette(doc)
    define_styles(doc)
    page_setup(doc)
    title_page(doc)
    props = doc.core_properties
    props.title = "{{ title }}"
    props.subject = "{{ client }}"
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.category = "Report"
    for p in doc.paragraphs:
        if p.alignment is None:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    out = Path(argv[0]) if argv else root / "report_templates" / "default.docx"
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
