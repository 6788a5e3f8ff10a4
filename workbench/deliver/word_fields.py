"""Word fields the report is navigated by: bookmarks, ``REF`` cross-references, the table
of contents and the lists of tables and figures, heading numbering, and the setting that
asks Word to update every field when the document opens.

Every field carries a cached result written here, so a reader that does not update
fields (LibreOffice, a previewer) shows it filled: a cross-reference reads "Table 4", a
contents entry "3  SERVQUAL: service quality gaps".  Word recomputes them on opening
(``w:updateFields``), adding the page numbers only a layout engine knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f'xmlns:w="{W_NS}"'

#: The table of contents: headings of levels 1 and 2, as hyperlinks.
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def _q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _xml(text: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(text)


def _run(inner: str) -> Any:
    return _xml(f"<w:r {_W}>{inner}</w:r>")


def _text_run(text: str) -> Any:
    return _run(f'<w:t xml:space="preserve">{escape(text)}</w:t>')


def field_runs(instruction: str, cached: str, *, dirty: bool = False) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    flag = ' w:dirty="true"' if dirty else ""
    return [
        _run(f'<w:fldChar w:fldCharType="begin"{flag}/>'),
        _run(f'<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText>'),
        _run('<w:fldChar w:fldCharType="separate"/>'),
        _text_run(cached),
        _run('<w:fldChar w:fldCharType="end"/>'),
    ]


class Bookmarks:
    """Bookmark ids and names of one document (ids must be unique in it)."""

    def __init__(self, start: int = 9000) -> None:
        self._next = start
        self.names: set[str] = set()

    def wrap(self, paragraph_element: Any, name: str, first: Any = None, last: Any = None) -> str:
        """Put bookmark ``name`` around ``first`` … ``last`` (children of the paragraph;
        by default everything after its properties) and return the name."""
        if name in self.names:
            raise ValueError(f"bookmark {name!r} is used twice")
        self.names.add(name)
        bid = self._next
        self._next += 1
        children = [c for c in paragraph_element if c.tag != _q("pPr")]
        first = first if first is not None else (children[0] if children else None)
        last = last if last is not None else (children[-1] if children else None)
        start = _xml(f'<w:bookmarkStart {_W} w:id="{bid}" w:name="{escape(name)}"/>')
        end = _xml(f'<w:bookmarkEnd {_W} w:id="{bid}"/>')
        if first is None:
            paragraph_element.append(start)
            paragraph_element.append(end)
        else:
            first.addprevious(start)
            last.addnext(end)
        return name


def add_ref(paragraph: Any, bookmark: str, cached: str) -> None:
    """A ``REF`` field to ``bookmark`` (a hyperlink in Word) showing ``cached``."""
    for r in field_runs(f"REF {bookmark} \\h", cached):
        paragraph._p.append(r)


def set_update_fields(doc: Any) -> None:
    """Ask Word to update every field (contents, cross-references) when it opens the file."""
    settings = doc.settings.element
    for old in settings.findall(_q("updateFields")):
        settings.remove(old)
    new = _xml(f'<w:updateFields {_W} w:val="true"/>')
    # CT_Settings is a sequence: updateFields comes before these.
    after = [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
    anchor = next((c for c in settings if c.tag in {_q(t) for t in after}), None)
    if anchor is not None:
        anchor.addprevious(new)
    else:
        settings.append(new)


@dataclass
class Entry:
    """One line of a contents list: its level (1–3), number ("3", or ""), text, bookmark."""

    level: int
    number: str
    text: str
    bookmark: str


def contents_paragraphs(
    instruction: str, entries: Sequence[Entry], styles: dict[int, str | None], empty: str
) -> list[Any]:
    """The paragraphs of a ``TOC`` field whose cached result lists ``entries``, each a
    hyperlink to its bookmark (page numbers come when Word updates the field)."""
    out = []
    lines = list(entries) or [None]
    for i, entry in enumerate(lines):
        level = entry.level if entry else 1
        style = styles.get(level)
        ppr = f'<w:pPr><w:pStyle w:val="{escape(style)}"/></w:pPr>' if style else ""
        p = _xml(f"<w:p {_W}>{ppr}</w:p>")
        if i == 0:
            runs = field_runs(instruction, "", dirty=True)
            for r in runs[:3]:
                p.append(r)
        if entry is None:
            p.append(_text_run(empty))
        else:
            link = _xml(f'<w:hyperlink {_W} w:anchor="{escape(entry.bookmark)}" w:history="1"/>')
            if entry.number:
                link.append(_text_run(entry.number))
                link.append(_run("<w:tab/>"))
            link.append(_text_run(entry.text))
            p.append(link)
        if i == len(lines) - 1:
            p.append(_run('<w:fldChar w:fldCharType="end"/>'))
        out.append(p)
    return out


# -- styles the contents need ---------------------------------------------------------------


def ensure_styles(doc: Any) -> dict[str, str]:
    """The paragraph styles of the contents pages, added where the template lacks them:
    "TOC Heading" (a heading kept out of the contents), "toc 1"–"toc 3" and
    "table of figures".  Returns the style ids by role."""
    styles = doc.styles.element
    have = {s.get(_q("styleId")): s for s in styles.findall(_q("style"))}
    names = {
        (s.find(_q("name")).get(_q("val")) or "").lower(): s.get(_q("styleId"))
        for s in styles.findall(_q("style"))
        if s.find(_q("name")) is not None
    }
    heading = "Heading1" if "Heading1" in have else None

    def add(style_id: str, name: str, ppr: str, based: str | None = "Normal") -> str:
        if name.lower() in names:
            found = names[name.lower()]
            if "numId" in ppr and have.get(found) is not None:
                # An existing "TOC Heading" based on a numbered Heading 1 stays unnumbered.
                style_ppr = have[found].get_or_add_pPr()
                if style_ppr.numPr is None:
                    style_ppr.get_or_add_numPr().get_or_add_numId().val = 0
            return found
        basis = f'<w:basedOn w:val="{based}"/>' if based and based in have else ""
        styles.append(
            _xml(
                f'<w:style {_W} w:type="paragraph" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/>{basis}<w:next w:val="Normal"/>'
                f'<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr>{ppr}</w:pPr></w:style>'
            )
        )
        have[style_id] = None
        names[name.lower()] = style_id
        return style_id

    out = {
        "heading": add(
            "TOCHeading",
            "TOC Heading",
            '<w:numPr><w:numId w:val="0"/></w:numPr><w:outlineLvl w:val="9"/>',
            heading,
        ),
        "table of figures": add(
            "TableofFigures", "table of figures", '<w:spacing w:before="0" w:after="0"/>'
        ),
    }
    for level, indent, before in ((1, 0, 80), (2, 220, 0), (3, 440, 0)):
        out[f"toc {level}"] = add(
            f"TOC{level}",
            f"toc {level}",
            f'<w:spacing w:before="{before}" w:after="0"/><w:ind w:left="{indent}"/>',
        )
    return out


# -- heading numbering ---------------------------------------------------------------------


def heading_numbering(doc: Any) -> bool:
    """Number "Heading 1" paragraphs from the template's numbering definitions.

    A template whose Heading 1 style already carries a numbering (``w:numPr``) keeps it.
    Otherwise a numbering definition ("1", "2" …, a tab after the number) is added to the
    document's numbering part and linked to the style.  Returns True when headings are
    numbered by the style.
    """
    styles = doc.styles.element
    h1 = next((s for s in styles.findall(_q("style")) if s.get(_q("styleId")) == "Heading1"), None)
    if h1 is None:
        return False
    ppr = h1.find(_q("pPr"))
    if ppr is not None and ppr.find(_q("numPr")) is not None:
        num_id = ppr.find(_q("numPr")).find(_q("numId"))
        return num_id is not None and num_id.get(_q("val")) not in (None, "0")
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(_q("abstractNumId"))) for a in numbering.findall(_q("abstractNum"))]
    num_ids = [int(n.get(_q("numId"))) for n in numbering.findall(_q("num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = _xml(
        f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>'
        '<w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="none"/>'
            '<w:lvlText w:val=""/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
            for i in range(1, 9)
        )
        + "</w:abstractNum>"
    )
    first_num = numbering.find(_q("num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    numbering.append(
        _xml(f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    if ppr is None:
        ppr = h1.get_or_add_pPr()
    ppr.get_or_add_numPr().get_or_add_numId().val = num_id
    return True


def unnumbered(paragraph: Any) -> None:
    """Take a heading paragraph out of its style's numbering (an appendix)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = 0
