"""Interviews by wave and segment as stacked horizontal bars, painted with Qt.

The Overview is the first page a consultant sees; painting its one chart with QPainter
keeps matplotlib (about a second to import) out of opening an engagement.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.charts import DEFAULT as CHART_STYLE

#: The charts' colour-blind-safe palette (workbench.charts), as every chart draws with.
SEGMENT_COLOURS = CHART_STYLE.palette


def nice_ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 up to at least ``top`` (about five of them)."""
    if top <= 0:
        return [0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


class WaveChart(QWidget):
    """``set_data(waves, segments, counts)``: one bar per wave, a part per segment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.waves: list[str] = []
        self.segments: list[str] = []
        self.counts: dict[tuple[str, str], int] = {}
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Interviews by wave and segment")

    def sizeHint(self) -> QSize:
        return QSize(420, 40 * max(1, len(self.waves)) + 90)

    def set_data(
        self, waves: list[str], segments: list[str], counts: dict[tuple[str, str], int]
    ) -> None:
        self.waves, self.segments, self.counts = list(waves), list(segments), dict(counts)
        self.setToolTip(
            "\n".join(
                f"{w.capitalize()}: "
                + ", ".join(f"{s} {counts.get((w, s), 0)}" for s in segments if counts.get((w, s)))
                for w in waves
            )
        )
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_data([], [], {})

    def totals(self) -> list[int]:
        return [sum(self.counts.get((w, s), 0) for s in self.segments) for w in self.waves]

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        grid = pal.color(QPalette.ColorRole.Mid)
        metrics = self.fontMetrics()
        rect = self.rect().adjusted(4, 4, -8, -4)
        totals = self.totals()
        if not self.waves or not any(totals):
            painter.setPen(muted)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                "No interviews yet: the bars fill in as interviews are added.",
            )
            return
        labels = [w.capitalize() for w in self.waves]
        left = rect.left() + max(metrics.horizontalAdvance(t) for t in labels) + 10
        legend_h = metrics.height() + 8
        axis_h = metrics.height() + 6
        top, bottom = rect.top() + 4, rect.bottom() - legend_h - axis_h
        ticks = nice_ticks(max(totals))
        right = rect.right() - metrics.horizontalAdvance(str(ticks[-1])) / 2
        scale = (right - left) / max(ticks[-1], 1)
        # grid and axis
        painter.setPen(grid)
        for t in ticks:
            x = left + t * scale
            painter.drawLine(int(x), top, int(x), bottom)
            painter.setPen(muted)
            label = str(t)
            w = metrics.horizontalAdvance(label)
            painter.drawText(int(x - w / 2), bottom + metrics.ascent() + 4, label)
            painter.setPen(grid)
        # bars, one per wave, top to bottom in wave order
        band = (bottom - top) / len(self.waves)
        height = min(28.0, band * 0.6)
        for i, wave in enumerate(self.waves):
            y = top + band * i + (band - height) / 2
            painter.setPen(text)
            painter.drawText(
                QRectF(rect.left(), y, left - rect.left() - 8, height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                labels[i],
            )
            x = float(left)
            painter.setPen(Qt.PenStyle.NoPen)
            for k, segment in enumerate(self.segments):
                n = self.counts.get((wave, segment), 0)
                if n:
                    painter.setBrush(QColor(SEGMENT_COLOURS[k % len(SEGMENT_COLOURS)]))
                    painter.drawRect(QRectF(x, y, n * scale, height))
                    x += n * scale
        # legend, centred under the axis
        items = [(s.capitalize(), SEGMENT_COLOURS[k % len(SEGMENT_COLOURS)])
                 for k, s in enumerate(self.segments)]  # fmt: skip
        box = metrics.height() * 0.7
        widths = [box + 4 + metrics.horizontalAdvance(t) + 14 for t, _c in items]
        x = max(rect.left(), rect.center().x() - sum(widths) / 2)
        y = rect.bottom() - legend_h + 6
        for (label, colour), w in zip(items, widths, strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(x, y + (metrics.height() - box) / 2, box, box))
            painter.setPen(text)
            painter.drawText(int(x + box + 4), int(y + metrics.ascent()), label)
            x += w
        painter.end()
