"""Layout helpers of the Word report: column widths, and the bits of WordprocessingML
python-docx has no API for (fields, repeating header rows, rows that do not split,
table widths, header-row colours).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.analysis.result import Column


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
