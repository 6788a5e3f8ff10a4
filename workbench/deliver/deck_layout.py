"""Slides on a master: the template (a firm's, or python-pptx's own made 16:9), layouts
chosen by the placeholders they hold, and the text, tables and boxes of each slide sized
to fit the space the layout gives.

A firm's template is checked first and refused, naming the file, when it is not a
PowerPoint presentation (a .potx template, a macro-enabled file, not a zip at all), or
has no layout with a title placeholder.  Its own slides are dropped; its masters,
layouts, theme, fonts and colours stay.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Box = tuple[int, int, int, int]
EMU_PER_PT = 12700
EMU_PER_IN = 914400


class DeckError(Exception):
    """The deck cannot be made; the message says which file and what is wrong."""


def open_template(template: str | Path) -> Any:
    """The firm's presentation, checked; raises :class:`DeckError` naming the file."""
    from workbench.deliver.safety import open_office_template

    def read(path: Path) -> Any:
        from pptx import Presentation

        return Presentation(str(path))

    path = Path(template)
    prs = open_office_template(path, "slide template", ".pptx", DeckError, read)
    if not any(_title_of(layout) is not None for layout in prs.slide_layouts):
        raise DeckError(
            f"slide template {path} has no slide layout with a title placeholder; "
            "the deck needs at least one (e.g. 'Title Only')"
        )
    return prs


# -- choosing layouts --------------------------------------------------------------------------
def _types(layout: Any) -> list[int]:
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    decor = {P.DATE, P.FOOTER, P.SLIDE_NUMBER, P.HEADER}
    return [
        ph.placeholder_format.type
        for ph in layout.placeholders
        if ph.placeholder_format.type not in decor
    ]


def _title_of(layout: Any) -> Any:
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    return next(
        (
            ph
            for ph in layout.placeholders
            if ph.placeholder_format.type in (P.TITLE, P.CENTER_TITLE)
        ),
        None,
    )


def _score(layout: Any, kind: str, area: int = 0) -> float | None:
    """How well ``layout`` serves a slide of ``kind`` (None: not at all), judged by the
    types of its placeholders."""
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    types = _types(layout)
    if not any(t in (P.TITLE, P.CENTER_TITLE) for t in types):
        return None
    bodies = sum(1 for t in types if t in (P.BODY, P.OBJECT))
    subtitles = sum(1 for t in types if t == P.SUBTITLE)
    others = len(types) - 1 - bodies - subtitles
    if kind == "title":
        return 4 * (P.CENTER_TITLE in types) + 3 * (subtitles == 1) - bodies - others
    if kind == "content":
        if bodies == 0:
            return None
        # A content placeholder (OBJECT) before a text one (BODY: a section header's),
        # and the larger the better.
        body = _body_of(layout)
        share = (body.width or 0) * (body.height or 0) / area if area else 0
        return (
            5 * (bodies == 1)
            - 2 * (bodies - 1)
            - subtitles
            - others
            - 2 * (P.CENTER_TITLE in types)
            + (P.OBJECT in types)
            + 2 * share
        )
    # "title_only": a title and nothing else to fill
    return 5 - 2 * (bodies + subtitles + others) - 2 * (P.CENTER_TITLE in types)


def choose_layout(layouts: Sequence[Any], kind: str, area: int = 0) -> Any:
    """The best layout for ``kind`` ("title", "content", "title_only"); on a tie the
    first in the master's order.  ``area``: the slide's, in square EMU."""
    best, best_score = None, None
    for layout in layouts:
        score = _score(layout, kind, area)
        if score is not None and (best_score is None or score > best_score):
            best, best_score = layout, score
    if best is None and kind != "title_only":
        return choose_layout(layouts, "title_only", area)
    return best


# -- fitting text -------------------------------------------------------------------------------
def fit_size(
    items: Sequence[tuple[int, str]],
    box: tuple[int, int],
    sizes: Sequence[float] = (20, 18, 16, 14, 13, 12, 11, 10),
) -> float:
    """The largest font size (points) at which ``items`` ((level, text) paragraphs) fill
    no more than ``box`` (width, height in EMU), by an average character width of half
    an em (a little more, for safety) and a line height of 1.2 em."""
    width_pt, height_pt = box[0] / EMU_PER_PT, box[1] / EMU_PER_PT
    for size in sizes:
        lines = 0.0
        for level, text in items:
            usable = max(width_pt - 14 - 24 * level, 40)  # the insets and the indent
            per_line = max(int(usable / (0.55 * size)), 8)
            lines += max(1, math.ceil(len(text) / per_line)) + 0.35  # paragraph spacing
        if lines * 1.2 * size <= height_pt - 10:
            return size
    return sizes[-1]


class Deck:
    """A presentation being written: its layouts and the geometry of its slides."""

    def __init__(self, prs: Any | None) -> None:
        from pptx import Presentation

        self.themed = prs is not None
        if prs is None:
            prs = Presentation()
            _widen(prs)
        self.prs = prs
        _drop_slides(prs)
        layouts = list(prs.slide_layouts)
        area = prs.slide_width * prs.slide_height
        self.layouts = {
            k: choose_layout(layouts, k, area) for k in ("title", "content", "title_only")
        }
        self.width, self.height = prs.slide_width, prs.slide_height
        title = _title_of(self.layouts["title_only"])
        self.title_box: Box = (title.left, title.top, title.width, title.height)
        body = _body_of(self.layouts["content"]) if self.layouts["content"] else None
        margin = int(self.height * 0.04)
        if body is not None and body.top >= title.top + title.height // 2:
            top = body.top
            bottom = body.top + body.height
        else:
            top = title.top + title.height + margin
            bottom = self.height - 2 * margin
        self.content: Box = (title.left, top, title.width, max(bottom - top, self.height // 3))

    # -- slides ----------------------------------------------------------------------------
    def _slide(self, kind: str, title: str) -> Any:
        slide = self.prs.slides.add_slide(self.layouts[kind])
        shape = slide.shapes.title
        if shape is not None:
            title = signed(title)
            shape.text_frame.text = title
            self._fit_title(shape, title)
        return slide

    def _fit_title(self, shape: Any, title: str) -> None:
        size = fit_size([(0, title)], (shape.width, shape.height), (40, 36, 32, 28, 24, 22, 20, 18))
        inherited = self._master_title_size()
        if inherited is None or size < inherited:
            for p in shape.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = _pt(size)
        _autofit(shape.text_frame)

    def _master_title_size(self) -> float | None:
        from pptx.oxml.ns import qn

        style = self.prs.slide_master.element.find(qn("p:txStyles"))
        rpr = (
            None
            if style is None
            else style.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        )
        size = None if rpr is None else rpr.get("sz")
        return int(size) / 100 if size else None

    def title_slide(self, title: str, subtitle: str) -> Any:
        from pptx.enum.shapes import PP_PLACEHOLDER as P

        slide = self._slide("title", title)
        holder = next(
            (
                ph
                for ph in slide.placeholders
                if ph.placeholder_format.type in (P.SUBTITLE, P.BODY, P.OBJECT)
            ),
            None,
        )
        if holder is None:
            left, top, width, _h = self.content
            holder = slide.shapes.add_textbox(
                left, top + self.content[3] // 2, width, self.content[3] // 3
            )
        holder.text_frame.text = subtitle
        holder.text_frame.word_wrap = True
        _remove_empty_placeholders(slide)
        return slide

    def bullet_slide(self, title: str, items: Sequence[tuple[int, str]]) -> Any:
        slide = self._slide("content", title)
        body = _body_of(slide)
        if body is None:
            self.text_box(slide, self.content, items, sizes=(24, 20, 18, 16, 14, 12))
        else:
            _fill(
                body.text_frame,
                items,
                fit_size(items, (body.width, body.height), (24, 20, 18, 16, 14, 12)),
            )
        _remove_empty_placeholders(slide)
        return slide

    def chart_slide(self, title: str) -> tuple[Any, Box, Box, Box]:
        """A slide with its title, and the boxes for the chart, the points beside it and
        the source line under both."""
        slide = self._slide("title_only", title)
        _remove_empty_placeholders(slide)
        left, top, width, height = self.content
        foot = int(0.45 * EMU_PER_IN)
        gap = int(0.25 * EMU_PER_IN)
        chart_w = int(width * 0.6)
        chart = (left, top, chart_w, height - foot)
        text = (left + chart_w + gap, top, width - chart_w - gap, height - foot)
        return slide, chart, text, (left, top + height - foot, width, foot)

    def text_box(
        self,
        slide: Any,
        box: Box,
        items: Sequence[tuple[int, str]],
        sizes: Sequence[float] = (18, 16, 14, 13, 12, 11, 10),
    ) -> Any:
        if not items:
            return None
        shape = slide.shapes.add_textbox(*box)
        frame = shape.text_frame
        frame.word_wrap = True
        _fill(frame, items, fit_size(items, (box[2], box[3]), sizes), bullets=True)
        return shape

    def footnote(self, slide: Any, box: Box, text: str) -> Any:
        shape = slide.shapes.add_textbox(*box)
        frame = shape.text_frame
        frame.word_wrap = True
        size = fit_size([(0, text)], (box[2], box[3]), (10, 9, 8))
        frame.text = text  # a line of its own for each line of ``text``
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = _pt(size)
                run.font.italic = True
        return shape

    def table_slide(
        self,
        title: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] | None = None,
    ) -> Any:
        slide = self._slide("title_only", title)
        _remove_empty_placeholders(slide)
        self.table(slide, self.content, header, rows, widths)
        return slide

    def summary_slide(
        self,
        title: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        points: Sequence[tuple[int, str]],
        footnotes: Sequence[str] = (),
    ) -> Any:
        """The headline table at the left with its footnotes under it (what its marks
        mean, where the rows it leaves out are), the points at the right."""
        slide = self._slide("title_only", title)
        _remove_empty_placeholders(slide)
        left, top, width, height = self.content
        gap = int(0.3 * EMU_PER_IN)
        if rows:
            table_w = int(width * 0.58)
            foot = int(0.3 * EMU_PER_IN) * (len(footnotes) + 1) if footnotes else 0
            weights = [3.2, 1, 1, 1, 0.7]
            self.table(slide, (left, top, table_w, height - foot), header, rows, weights)
            if footnotes:  # at the foot of the slide, as the other slides' source lines
                box = (left, top + height - foot, table_w, foot)
                self.footnote(slide, box, "\n".join(footnotes))
            box = (left + table_w + gap, top, width - table_w - gap, height)
        else:
            box = self.content
        self.text_box(slide, box, points)
        return slide

    def two_tables_slide(
        self,
        title: str,
        first: tuple[Sequence[str], Sequence[Sequence[str]]],
        second: tuple[Sequence[str], Sequence[Sequence[str]]],
    ) -> Any:
        slide = self._slide("title_only", title)
        _remove_empty_placeholders(slide)
        left, top, width, height = self.content
        gap = int(0.4 * EMU_PER_IN)
        first_w = int(width * 0.38)
        self.table(slide, (left, top, first_w, height), *first, [2.4, 1])
        if second[1]:
            box = (left + first_w + gap, top, width - first_w - gap, height)
            self.table(slide, box, *second, [3.2, 1, 1])
        return slide

    def table(
        self,
        slide: Any,
        box: Box,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] | None = None,
    ) -> Any:
        """A native table in the template's table style; its text sized to fit ``box``."""
        from pptx.enum.text import PP_ALIGN

        left, top, width, height = box
        n_rows, n_cols = len(rows) + 1, len(header)
        # One weight per column, whatever ``widths`` gives: the extra dropped, the missing 1.
        weights = list(widths or [])[:n_cols]
        weights += [1] * (n_cols - len(weights))
        col_w = [int(width * w / sum(weights)) for w in weights]
        # The size at which the tallest row (by its widest cell) still lets all rows fit.
        size = 14.0
        for size in (14, 13, 12, 11, 10, 9):
            total = 0.0
            for row in [header, *rows]:
                lines = max(fit_lines(str(text), col_w[c], size) for c, text in enumerate(row))
                total += lines * 1.2 * size + 8
            if total <= height / EMU_PER_PT:
                break
        row_h = int((size * 1.2 + 8) * EMU_PER_PT)
        shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, row_h * n_rows)
        table = shape.table
        for c, w in enumerate(col_w):
            table.columns[c].width = w
        for r, row in enumerate([header, *rows]):
            table.rows[r].height = row_h
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.text = str(text)
                cell.margin_left = cell.margin_right = int(0.06 * EMU_PER_IN)
                cell.margin_top = cell.margin_bottom = int(0.03 * EMU_PER_IN)
                numeric = r > 0 and _numeric(str(text))
                for p in cell.text_frame.paragraphs:
                    if numeric:
                        p.alignment = PP_ALIGN.RIGHT
                    for run in p.runs:
                        run.font.size = _pt(size)
        return shape

    def notes(self, slide: Any, lines: Sequence[str]) -> None:
        slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line)

    def set_properties(self, ctx: Any, t: Callable[[Any], str]) -> None:
        from workbench.deliver.context import join_names

        props = self.prs.core_properties
        props.title = t(ctx.engagement.title)[:255]
        props.subject = t(ctx.engagement.client)[:255]
        props.author = t(join_names(list(ctx.engagement.prepared_by)))[:255]
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.category = "Steering committee"
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        props.revision = 1


# -- helpers ------------------------------------------------------------------------------------
def fit_lines(text: str, width_emu: int, size: float) -> int:
    usable = max(width_emu / EMU_PER_PT - 10, 20)
    per_line = max(int(usable / (0.55 * size)), 4)
    words = text.split() or [""]
    longest = max(len(w) for w in words)
    return max(1, math.ceil(len(text) / per_line), math.ceil(longest / per_line))


def _numeric(text: str) -> bool:
    t = text.replace("%", "").replace("+", "").replace("\u2212", "-").replace(",", "").strip()
    try:
        float(t)
    except ValueError:
        return False
    return True


_MINUS = re.compile(r"(?<![\w.])-(?=\d)")


#: The word joiner: no line break at it, and nothing to see.
WORD_JOINER = "\u2060"


def signed(text: str) -> str:
    """``text`` with a word joiner after each negative number's hyphen-minus, so that a
    line never breaks after the sign ("(-1.30)" is not split into "(-" and "1.30)"); the
    sign stays the hyphen-minus every number of the product is written with (the report,
    the workbook and the window read "-10", and so does the slide)."""
    return _MINUS.sub("-" + WORD_JOINER, text)


def _pt(size: float) -> Any:
    from pptx.util import Pt

    return Pt(size)


def _fill(frame: Any, items: Sequence[tuple[int, str]], size: float, bullets: bool = False) -> None:
    frame.clear()
    for i, (level, text) in enumerate(items):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.level = level
        run = p.add_run()
        run.text = ("\u2022 " if bullets and level == 0 else "\u2013 " if bullets else "") + signed(
            text
        )
        run.font.size = _pt(size if level == 0 else max(size - 2, 9))
        p.space_after = _pt(size * 0.35)
    _autofit(frame)


def _autofit(frame: Any) -> None:
    """Let PowerPoint shrink the text further when a consultant adds to it."""
    from pptx.oxml.ns import qn

    body = frame._txBody.find(qn("a:bodyPr"))
    if body is None:
        return
    for old in body.findall(qn("a:spAutoFit")) + body.findall(qn("a:noAutofit")):
        body.remove(old)
    if body.find(qn("a:normAutofit")) is None:
        body.append(body.makeelement(qn("a:normAutofit"), {}))


def _body_of(owner: Any) -> Any:
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    return next(
        (ph for ph in owner.placeholders if ph.placeholder_format.type in (P.BODY, P.OBJECT)),
        None,
    )


def _remove_empty_placeholders(slide: Any) -> None:
    """Placeholders left empty would show "Click to add text" in PowerPoint."""
    for ph in list(slide.placeholders):
        if ph.has_text_frame and not ph.text_frame.text.strip():
            ph.element.getparent().remove(ph.element)


def _drop_slides(prs: Any) -> None:
    """A template's own slides go; its masters and layouts stay."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _widen(prs: Any) -> None:
    """python-pptx's own template is 4:3; the deck is 16:9, its master and layouts
    stretched to the width."""
    old = prs.slide_width
    new = int(old * 4 / 3)  # 10 in -> 13.333 in
    prs.slide_width = new
    # The layouts first: a layout placeholder without a position of its own reads its
    # master's, which must not be stretched yet.
    for owner in [*prs.slide_layouts, prs.slide_master]:
        for shape in owner.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            if None in box:
                continue
            shape.left, shape.top = int(box[0] * new / old), box[1]
            shape.width, shape.height = int(box[2] * new / old), box[3]
