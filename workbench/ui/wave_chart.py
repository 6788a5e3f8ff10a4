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
        return QSize(420, self.heightForWidth(420))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Room for the bars and for the legend's rows at ``width`` (it wraps)."""
        rows = len(self._legend_rows(self._legend_width(width)))
        return 40 * max(1, len(self.waves)) + 90 + max(0, rows - 1) * self._legend_line()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        need = max(180, self.heightForWidth(self.width()))
        if need != self.minimumHeight():  # a legend that wraps to more rows needs them
            self.setMinimumHeight(need)

    # -- the legend: one entry per segment, wrapped into rows that fit the width ----------------
    def _legend_width(self, width: int) -> float:
        return float(max(1, width - 12))  # the painted area: rect().adjusted(4, 4, -8, -4)

    def _legend_line(self) -> int:
        return self.fontMetrics().height() + 6

    def _legend_items(self, width: float) -> list[tuple[str, str, float]]:
        """(label, colour, entry width), a label too long for a row of its own elided."""
        metrics = self.fontMetrics()
        box = metrics.height() * 0.7
        items = []
        for k, segment in enumerate(self.segments):
            label = segment  # as stored, as every other page and deliverable writes it
            if box + 4 + metrics.horizontalAdvance(label) > width:
                label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width - box - 4))
            entry = box + 4 + metrics.horizontalAdvance(label)
            items.append((label, SEGMENT_COLOURS[k % len(SEGMENT_COLOURS)], entry))
        return items

    def _legend_rows(self, width: float) -> list[list[tuple[str, str, float]]]:
        gap = 14
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for item in self._legend_items(width):
            if rows[-1] and used + gap + item[2] > width:
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0) + item[2]
            rows[-1].append(item)
        return rows if rows[0] else []

    def legend_entries(self) -> list[tuple[str, str, QRectF]]:
        """Each legend entry's label, colour and the rectangle its swatch and text take, as
        painted at the chart's present size."""
        metrics = self.fontMetrics()
        rect = QRectF(self.rect().adjusted(4, 4, -8, -4))
        rows = self._legend_rows(rect.width())
        line = self._legend_line()
        y = rect.bottom() - len(rows) * line + 4
        entries = []
        for row in rows:
            total = sum(w for _l, _c, w in row) + 14 * (len(row) - 1)
            x = max(rect.left(), rect.center().x() - total / 2)
            for label, colour, w in row:
                entries.append((label, colour, QRectF(x, y, w, metrics.height())))
                x += w + 14
            y += line
        return entries

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
        legend_h = len(self._legend_rows(rect.width())) * self._legend_line() + 2
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
        # legend, centred under the axis, in as many rows as the width needs
        box = metrics.height() * 0.7
        for label, colour, where in self.legend_entries():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(where.x(), where.y() + (metrics.height() - box) / 2, box, box))
            painter.setPen(text)
            painter.drawText(int(where.x() + box + 4), int(where.y() + metrics.ascent()), label)
        painter.end()
