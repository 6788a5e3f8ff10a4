"""Text measured with the fonts a document actually uses.

Table columns are sized from the real advance widths of their words (PIL's FreeType
binding over the font files matplotlib's font manager finds), not from a character-count
estimate.  Where the document's font is not installed, the metric-compatible one stands in
for it — Carlito for Calibri, Caladea for Cambria, Liberation Sans for Arial — which is
exactly what LibreOffice substitutes when it lays the document out, so a width measured
here is the width the reader sees (Debian: ``fonts-crosextra-carlito``,
``fonts-crosextra-caladea``, ``fonts-liberation``).  With neither installed, DejaVu Sans
(matplotlib's own, wider than all of them) measures: columns come out a little wide, never
too narrow.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Metric-compatible families: same advance widths, so the same line breaks.
METRIC_COMPATIBLE = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "arial narrow": "Liberation Sans Narrow",
}
FALLBACK = "DejaVu Sans"
#: Measured widths are padded by this share and by SLACK_PT, for kerning and rounding in
#: the layout engine.
PAD = 0.04
SLACK_PT = 1.0


@lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False) -> str:
    """The font file that lays out ``family`` (bold or regular): the family itself, its
    metric-compatible twin, or DejaVu Sans (matplotlib's own)."""
    for name in (family, METRIC_COMPATIBLE.get(family.strip().lower())):
        if name:
            path = system_font(name, bold)
            if path:
                return path
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family=FALLBACK, weight="bold" if bold else "normal")
    return font_manager.findfont(prop)


@lru_cache(maxsize=64)
def installed_family(family: str) -> str | None:
    """``family`` when installed, else its installed metric-compatible twin, else None;
    the family found is made known to matplotlib (the charts draw in it)."""
    from matplotlib import font_manager

    for name in (family, METRIC_COMPATIBLE.get(family.strip().lower())):
        if not name:
            continue
        paths = [p for p in (system_font(name, False), system_font(name, True)) if p]
        if paths:
            for path in paths:
                font_manager.fontManager.addfont(path)
            return name
    return None


@lru_cache(maxsize=1)
def _system_font_files() -> tuple[str, ...]:
    """The system's font files (the operating system's font folders), listed once."""
    from matplotlib import font_manager

    return tuple(sorted(set(font_manager.findSystemFonts(fontext="ttf"))))


@lru_cache(maxsize=128)
def system_font(family: str, bold: bool = False) -> str | None:
    """The installed file of ``family`` in regular (or bold) upright style, or None.

    Files named like the family are tried first (``Carlito-Bold.ttf``, ``calibrib.ttf``),
    then every file; each is identified by the family and style names inside it."""
    from matplotlib import font_manager

    key = re.sub(r"[^a-z]", "", family.lower())
    files = _system_font_files()
    named = [f for f in files if re.sub(r"[^a-z]", "", Path(f).stem.lower()).startswith(key[:5])]
    for group in (named, [f for f in files if f not in named]):
        for path in group:
            try:
                font = font_manager.get_font(path)
            except (OSError, RuntimeError, ValueError):
                continue
            if font.family_name.lower() != family.lower():
                continue
            style = font.style_name.lower()
            if "italic" in style or "oblique" in style:
                continue
            if ("bold" in style) == bold and not any(
                w in style for w in ("light", "thin", "black", "semibold", "medium", "condensed")
            ):
                return path
    return None


@lru_cache(maxsize=64)
def _face(path: str) -> Any:
    from PIL import ImageFont

    # The basic layout (FreeType alone): what a line of one script needs, and it takes any
    # text (complex-script shaping with libraqm can refuse a string).
    return ImageFont.truetype(path, size=1000, layout_engine=ImageFont.Layout.BASIC)


class TextMeasure:
    """Widths of text in points, in one family, size and weight."""

    def __init__(self, family: str, size_pt: float, bold: bool = False) -> None:
        self.family, self.size, self.bold = family, size_pt, bold
        self.path = font_file(family, bold)
        self._face = _face(self.path)
        self._cache: dict[str, float] = {}

    def width(self, text: str) -> float:
        """The advance width of ``text`` on one line, in points, padded (see PAD)."""
        out = self._cache.get(text)
        if out is None:
            raw = self._face.getlength(text) * self.size / 1000 if text else 0.0
            out = raw * (1 + PAD) + (SLACK_PT if text else 0.0)
            self._cache[text] = out
        return out

    def longest_word(self, text: str) -> float:
        """The widest unbreakable piece of ``text``: narrower than that, a line breaks
        inside a word."""
        return max((self.width(w) for w in unbreakable(text)), default=0.0)


#: Where a line may break inside a run of non-spaces (Unicode line breaking, as Word and
#: LibreOffice apply it): after a dash, and after a hyphen followed by a letter
#: ("Importance-weighted"), never after a sign before a digit ("-0.95", "+0.95").
_BREAK_AFTER = re.compile(r"(?<=[A-Za-z][\u2013\u2014])|(?<=[A-Za-z]-)(?=[A-Za-z])")


_SPACES = re.compile(r"[ \t\r\n\u2002\u2003\u2009]+")


def unbreakable(text: str) -> list[str]:
    """The pieces of ``text`` a line never breaks inside."""
    out = []
    for word in _SPACES.split(str(text)):  # a no-break space (U+00A0) joins its neighbours
        out += [p for p in _BREAK_AFTER.split(word) if p]
    return out


# -- the fonts a document uses ----------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def style_font(doc: Any, style_name: str | None) -> tuple[str, float]:
    """(family, size in points) of paragraph style ``style_name``: its own or inherited
    from its base styles, then the document defaults and the theme's body font."""
    family = size = None
    style = None
    if style_name:
        try:
            style = doc.styles[style_name]
        except KeyError:
            style = None
    if style is None:
        try:
            style = doc.styles["Normal"]
        except KeyError:
            style = None
    seen = 0
    while style is not None and seen < 20 and (family is None or size is None):
        font = style.font
        family = family or font.name
        if size is None and font.size is not None:
            size = font.size.pt
        style = style.base_style
        seen += 1
    if family is None or size is None:
        d_family, d_size = _defaults(doc)
        family = family or d_family
        size = size or d_size
    return family or "Calibri", float(size or 11.0)


def _defaults(doc: Any) -> tuple[str | None, float | None]:
    root = doc.styles.element
    fonts = root.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}rFonts")
    size_el = root.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}sz")
    size = int(size_el.get(f"{{{W_NS}}}val")) / 2 if size_el is not None else None
    family = None
    if fonts is not None:
        family = fonts.get(f"{{{W_NS}}}ascii")
        theme = fonts.get(f"{{{W_NS}}}asciiTheme")
        if family is None and theme:
            family = theme_font(doc, "major" if theme.startswith("major") else "minor")
    return family, size


def theme_font(doc: Any, which: str = "minor") -> str | None:
    """The theme's body ("minor") or heading ("major") Latin typeface."""
    import re

    from workbench.charts import _theme_xml

    xml = _theme_xml(doc)
    found = re.search(rf"<a:{which}Font>\s*<a:latin typeface=\"([^\"]+)\"", xml)
    return found.group(1) if found else None


def cell_margins_pt(table_style: Any) -> float:
    """Left plus right cell margin of a table style, in points (Word's default 2 × 5.4)."""
    if table_style is None:
        return 10.8
    mar = table_style.element.find(f"{{{W_NS}}}tblPr/{{{W_NS}}}tblCellMar")
    total = 0.0
    for side, default in (("left", 108), ("right", 108)):
        el = mar.find(f"{{{W_NS}}}{side}") if mar is not None else None
        if el is None and mar is not None:
            el = mar.find(f"{{{W_NS}}}{'start' if side == 'left' else 'end'}")
        twips = int(el.get(f"{{{W_NS}}}w")) if el is not None else default
        total += twips / 20
    return total
