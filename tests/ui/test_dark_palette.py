"""Readable in dark mode: the analyses list's "Ready to run" keeps its contrast."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QListView

from workbench.analysis.api import Analysis
from workbench.ui import style
from workbench.ui.analysis_list import AnalysisDelegate, AnalysisListModel, Entry


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
        (QPalette.ColorRole.Link, "#0000ff"),  # Qt's default link colour, left as it is
    ):
        pal.setColor(role, QColor(colour))
    return pal


def test_contrast_and_readable_colours():
    assert round(style.contrast(QColor("black"), QColor("white")), 1) == 21.0
    dark = QColor("#1e1e1e")
    assert style.contrast(QColor("#0000ff"), dark) < 3
    fixed = style.readable(QColor("#0000ff"), dark)
    assert style.contrast(fixed, dark) >= 4.5
    assert fixed.blue() > fixed.red()  # still blue, only lighter
    light = QColor("white")
    assert style.readable(QColor("#0000ff"), light) == QColor("#0000ff")  # already fine


def test_ready_to_run_reads_on_a_dark_base(qtbot):
    class Ready(Analysis):
        id = "ready"
        title = "Ready one"
        description = "Has what it needs."

    view = QListView()
    qtbot.addWidget(view)
    view.setPalette(dark_palette())
    model = AnalysisListModel(view)
    model.set_entries([Entry("ready", "Ready one", "Has what it needs.", Ready(), True, "")])
    view.setModel(model)
    view.setItemDelegate(AnalysisDelegate(view))
    view.resize(320, 120)
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(model.index(0))
    line = view.fontMetrics().lineSpacing()
    base = QColor("#1e1e1e")
    top = rect.y() + AnalysisDelegate.PAD + 2 * line + 2
    best = 1.0
    for y in range(top, min(top + line, image.height())):
        for x in range(rect.x() + 10, min(rect.x() + 150, image.width())):
            best = max(best, style.contrast(image.pixelColor(x, y), base))
    assert best >= 4.5


def test_error_text_reads_on_a_dark_window(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setPalette(dark_palette())
    colour = QColor(style.error_colour(widget))
    assert style.contrast(colour, QColor("#2b2b2b")) >= 4.5
    assert colour.red() > colour.green()  # still red
