"""A chart of an AnalysisResult on a matplotlib canvas, with "Save chart as PNG/SVG".

matplotlib is imported when the first chart is shown, never at start-up.  The chart is
drawn with the window palette's text and background colours so it reads in dark mode;
a saved file is drawn afresh in the print colours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.result import FigureSpec

SCREEN_DPI = 96


def _palette_rc(palette: QPalette) -> dict[str, Any]:
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

    def __init__(self, spec: FigureSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.canvas: Any = None
        self.error: str = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        title = QLabel(f"<b>{_esc(spec.title)}</b>")
        head.addWidget(title, 1)
        self.save_button = QPushButton("Save chart…")
        self.save_button.setToolTip("Save this chart as a PNG or SVG file")
        self.save_button.clicked.connect(self.save_dialog)
        head.addWidget(self.save_button)
        layout.addLayout(head)

        try:
            self.canvas = self._make_canvas()
            layout.addWidget(self.canvas)
        except Exception as exc:  # noqa: BLE001 - a plugin's drawing code failed
            self.error = f"{type(exc).__name__}: {exc}"
            failed = QLabel(f"This chart could not be drawn ({self.error}).")
            failed.setWordWrap(True)
            layout.addWidget(failed)
            self.save_button.setEnabled(False)
        if spec.caption:
            caption = QLabel(spec.caption)
            caption.setWordWrap(True)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(caption)

    def _make_canvas(self) -> Any:
        import matplotlib
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        width, height = self.spec.width_in, self.spec.height_in
        with matplotlib.rc_context(_palette_rc(self.palette())):
            figure = Figure(figsize=(width, height), dpi=SCREEN_DPI, layout="constrained")
            self.spec.render(figure)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        canvas.setFixedHeight(int(height * SCREEN_DPI))
        canvas.setMinimumWidth(int(min(width, 3.2) * SCREEN_DPI))  # two fit side by side
        canvas.setMaximumWidth(int(width * SCREEN_DPI * 1.4))
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return canvas

    # -- saving --------------------------------------------------------------------------
    def save_dialog(self) -> None:
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.spec.name) or "chart"
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save chart", f"{stem}.png", "PNG image (*.png);;SVG drawing (*.svg)"
        )
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
        figure = self.spec.render()
        figure.savefig(str(path), format=fmt, dpi=200)
        return path


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
