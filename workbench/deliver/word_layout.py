"""Layout helpers of the Word report: column widths, and the bits of WordprocessingML
python-docx has no API for (fields, repeating header rows, rows that do not split,
table widths, header-row colours).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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


def measured_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    body: Any,
    head: Any,
    margin_pt: float,
    available_pt: float,
    full_width: bool = False,
    least_share: float = 0.5,
    bold_rows: Sequence[int] = (),
) -> tuple[list[float], bool]:
    """Column widths in points from the words' measured widths (``body`` and ``head`` are
    :class:`~workbench.deliver.word_fonts.TextMeasure` s), and whether every word fits.

    Each column needs at least its widest word (a header word in bold) and would like
    its longest line; when the lines do not all fit, the room beyond the words is shared
    in proportion to what each column still wants (a long item wording gets the most).
    A table narrower than the page keeps its natural width (at least ``least_share`` of
    the page) unless ``full_width``.
    """
    n = len(headers)
    sample = list(rows[:200])
    bold = set(bold_rows)
    least, body_line, head_line = [], [], []
    for c in range(n):
        texts = [(r, str(row[c])) for r, row in enumerate(sample) if c < len(row)]
        # A header word stays whole even where a hyphen would allow a break ("Re-audit").
        word = max(
            [max((head.width(w) for w in str(headers[c]).split(" ")), default=0.0)]
            + [(head if r in bold else body).longest_word(t) for r, t in texts]
        )
        line = max([0.0] + [(head if r in bold else body).width(t) for r, t in texts])
        least.append(word + margin_pt)
        body_line.append(max(line, word) + margin_pt)
        head_line.append(max(line, word, head.width(headers[c])) + margin_pt)
    if sum(least) > available_pt:
        scale = available_pt / sum(least)
        return [w * scale for w in least], False
    if sum(head_line) <= available_pt:
        target = available_pt if full_width else max(sum(head_line), available_pt * least_share)
        spare = target - sum(head_line)
        return [w + spare * w / sum(head_line) for w in head_line], True
    if sum(body_line) <= available_pt:
        # Every cell on one line; the headers wrap (between words) where room runs out.
        wants = [h - b for h, b in zip(head_line, body_line, strict=True)]
        return _share(body_line, wants, available_pt - sum(body_line)), True
    wants = [b - lo for b, lo in zip(body_line, least, strict=True)]
    return _share(least, wants, available_pt - sum(least)), True


def _share(base: Sequence[float], wants: Sequence[float], room: float) -> list[float]:
    """``base`` widened by ``room``: first to the columns that want least, each getting
    all it wants while that leaves most of the room to the others (a number range or a
    short phrase never wraps); the long texts share what is left by their length."""
    widths = list(base)
    order = sorted((c for c in range(len(base)) if wants[c] > 0), key=lambda c: wants[c])
    for k, c in enumerate(order):
        rest = order[k:]
        if len(rest) == 1 or wants[c] <= 0.6 * room:
            grant = min(wants[c], room)
            widths[c] += grant
            room -= grant
            continue
        total = sum(wants[x] for x in rest)
        for x in rest:
            widths[x] += room * wants[x] / total
        break
    return widths


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
