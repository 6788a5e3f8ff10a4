"""A chart of an AnalysisResult, drawn off the UI thread, with "Save chart as PNG/SVG".

matplotlib is imported when the first chart is drawn, never at start-up.  A chart is
drawn with matplotlib's Agg renderer into an image (:func:`draw_chart`), on the worker
thread that ran the analysis, at the width it will be shown; the window only paints the
image.  When the chart's place changes width, it is drawn again at the new width on a
thread of its own while the old image, scaled, stands in.  The chart uses the window
palette's text and background colours so it reads in dark mode; a saved file is drawn
afresh in the print colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.result import FigureSpec
from workbench.charts import DRAWING
from workbench.ui.file_dialogs import save_file_name

SCREEN_DPI = 96
#: The widest gap between the width a chart was drawn for and its place before it is
#: drawn again.
REDRAW_SLACK = 12


@dataclass
class DrawnChart:
    """A chart drawn for the window: its image (or why it could not be drawn) and the
    matplotlib figure behind it."""

    image: Any = None  # QImage
    figure: Any = None
    error: str = ""
    width: int = 0  # logical pixels it was drawn for


def chart_size(spec: FigureSpec, available: int) -> tuple[int, int]:
    """(width, height) in logical pixels of ``spec`` in a result area ``available`` wide:
    two charts side by side, a wide one (:func:`workbench.ui.result_view.wide_figure`)
    across both columns, within the chart's own least and greatest width."""
    wide = spec.height_in >= 5.5 or spec.width_in > 7.0
    room = available if wide else (available - 18) // 2
    least = int(min(spec.width_in, 3.2) * SCREEN_DPI)
    most = int(spec.width_in * SCREEN_DPI * 1.4)
    return max(least, min(most, room)), int(spec.height_in * SCREEN_DPI)


def draw_chart(
    spec: FigureSpec, rc: dict[str, Any], width: int, height: int, ratio: float = 1.0
) -> DrawnChart:
    """Draw ``spec`` into an image ``width`` × ``height`` logical pixels (``ratio`` device
    pixels each) in the colours of ``rc``; safe on any thread (it touches no widget)."""
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        dpi = SCREEN_DPI * ratio
        with DRAWING, matplotlib.rc_context(rc):
            figure = Figure(
                figsize=(width / SCREEN_DPI, height / SCREEN_DPI), dpi=dpi, layout="constrained"
            )
            spec.render(figure)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            pixels = canvas.buffer_rgba()
            w, h = int(pixels.shape[1]), int(pixels.shape[0])
            image = QImage(bytes(pixels), w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        image.setDevicePixelRatio(ratio)
    except Exception as exc:  # noqa: BLE001 - a plugin's drawing code failed
        return DrawnChart(error=f"{type(exc).__name__}: {exc}", width=width)
    return DrawnChart(image, figure, "", width)


def draw_charts(
    specs: list[FigureSpec], rc: dict[str, Any], available: int, ratio: float, state: Any = None
) -> list[DrawnChart]:
    """Every chart of a result, for a result area ``available`` pixels wide (on the worker
    thread that ran the analysis; ``state`` is checked for Cancel between charts)."""
    out = []
    for spec in specs:
        if state is not None:
            state.check_cancelled()
        out.append(draw_chart(spec, rc, *chart_size(spec, available), ratio))
    return out


class _Redrawn(QObject):
    done = Signal(object)  # DrawnChart


class _Redraw(QRunnable):
    def __init__(self, job: Any, signals: _Redrawn) -> None:
        super().__init__()
        self.job, self.signals = job, signals
        self.setAutoDelete(False)  # let go on the UI thread (see workbench.ui.tasks)

    def run(self) -> None:
        self.signals.done.emit(self.job())


_POOL: QThreadPool | None = None


def _pool() -> QThreadPool:
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


class ChartImage(QWidget):
    """Paints a drawn chart; scaled to its place until it is drawn again for it."""

    def __init__(self, drawn: DrawnChart, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn = drawn
        self.setFixedHeight(height)

    @property
    def figure(self) -> Any:
        return self.drawn.figure

    def sizeHint(self) -> QSize:
        return QSize(self.drawn.width, self.height())

    def paintEvent(self, _event: Any) -> None:
        image = self.drawn.image
        if image is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        size = image.deviceIndependentSize().toSize()
        if size.width() > self.width() or size.height() > self.height():
            size = size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect((self.width() - size.width()) // 2, 0, size.width(), size.height())
        painter.drawImage(target, image)
        painter.end()


def palette_rc(palette: QPalette) -> dict[str, Any]:
    text = palette.color(QPalette.ColorRole.WindowText).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    mid = palette.color(QPalette.ColorRole.Mid).name()
    return {
        "figure.facecolor": base,
        "axes.facecolor": base,
        "savefig.facecolor": base,
        "text.color": text,
        "axes.labelcolor": text,
        "axes.edgecolor": mid,
        "axes.titlecolor": text,
        "xtick.color": text,
        "ytick.color": text,
        "grid.color": mid,
        "legend.facecolor": base,
        "legend.edgecolor": mid,
        "font.size": 9,
    }


class FigureWidget(QWidget):
    """One :class:`FigureSpec`: title, canvas, caption and a save button."""

    def __init__(
        self, spec: FigureSpec, parent: QWidget | None = None, drawn: DrawnChart | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.canvas: Any = None
        self.error: str = ""
        self._redraws: list[tuple[_Redraw, _Redrawn]] = []
        self._wanted = 0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(120)
        self._redraw_timer.timeout.connect(self._redraw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        title = QLabel(f"<b>{_esc(spec.title)}</b>")
        # a long title wraps: unwrapped it set the chart's least width, and two charts side
        # by side then got unequal widths, each other than the one it was drawn for (and
        # both were drawn again at once, while the result was being shown)
        title.setWordWrap(True)
        head.addWidget(title, 1)
        self.save_button = QPushButton("Save chart…")
        self.save_button.setToolTip("Save this chart as a PNG or SVG file")
        self.save_button.clicked.connect(self.save_dialog)
        head.addWidget(self.save_button)
        layout.addLayout(head)

        if drawn is None:  # not drawn ahead: drawn here, at its natural width
            size = int(spec.width_in * SCREEN_DPI), int(spec.height_in * SCREEN_DPI)
            drawn = draw_chart(spec, self.colours(), *size, self.devicePixelRatioF())
        if not drawn.error:
            self.canvas = ChartImage(drawn, int(spec.height_in * SCREEN_DPI))
            self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            width, _ = chart_size(spec, 0)
            self.canvas.setMinimumWidth(width)  # two fit side by side
            self.canvas.setMaximumWidth(int(spec.width_in * SCREEN_DPI * 1.4))
            self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(self.canvas)
        else:
            self.error = drawn.error
            failed = QLabel(f"This chart could not be drawn ({self.error}).")
            failed.setWordWrap(True)
            layout.addWidget(failed)
            self.save_button.setEnabled(False)
        if spec.caption:
            caption = QLabel(spec.caption)
            caption.setWordWrap(True)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(caption)

    def colours(self) -> dict[str, Any]:
        return palette_rc(self.palette())

    @property
    def figure(self) -> Any:
        """The matplotlib figure the shown image was drawn from (None if it failed)."""
        return self.canvas.figure if self.canvas is not None else None

    # -- drawing again for a new width -----------------------------------------------------
    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.canvas is None:
            return
        width = self.canvas.width()
        if abs(width - self.canvas.drawn.width) <= REDRAW_SLACK:
            # back near the width it was drawn for (a passing layout, say while a result
            # is being shown): a redraw asked for meanwhile is no longer wanted
            self._redraw_timer.stop()
            self._wanted = self.canvas.drawn.width
        elif width != self._wanted:
            self._wanted = width
            self._redraw_timer.start()

    def _redraw(self) -> None:
        spec, rc, ratio = self.spec, self.colours(), self.devicePixelRatioF()
        width, height = self._wanted, self.canvas.height()
        signals = _Redrawn()
        signals.done.connect(self._redrawn)
        job = _Redraw(lambda: draw_chart(spec, rc, width, height, ratio), signals)
        self._redraws.append((job, signals))
        _pool().start(job)

    def _redrawn(self, drawn: DrawnChart) -> None:
        if self.canvas is None or drawn.error or drawn.width != self._wanted:
            return  # a later width is on its way (or this one failed: keep the last)
        self.canvas.drawn = drawn
        self.canvas.update()
        if _pool().activeThreadCount() == 0:
            self._redraws = []

    def wait_for_redraws(self, msecs: int = 30000) -> bool:
        """Block until no redraw is under way (for tests and closing)."""
        return _pool().waitForDone(msecs)

    # -- saving --------------------------------------------------------------------------
    def save_dialog(self) -> None:
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.spec.name) or "chart"
        path, chosen = save_file_name(
            self, "Save chart", f"{stem}.png", "PNG image (*.png);;SVG drawing (*.svg)",
            kind="chart",
        )  # fmt: skip
        if not path:
            return
        if not Path(path).suffix:
            path += ".svg" if "svg" in chosen.lower() else ".png"
        try:
            self.save_to(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved:\n\n{exc}")

    def save_to(self, path: str | Path) -> Path:
        """Draw the chart afresh (print colours) and write it as PNG or SVG by suffix."""
        path = Path(path)
        fmt = "svg" if path.suffix.lower() == ".svg" else "png"
        with DRAWING:
            figure = self.spec.render()
            figure.savefig(str(path), format=fmt, dpi=200)
        return path


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
