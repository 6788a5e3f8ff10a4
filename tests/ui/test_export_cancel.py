"""The export progress dialog: one width that fits its title; Cancel and Escape stop the
export, which then says so, and no file (or part of one) is left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

pytest.importorskip("workbench.deliver.build")




@pytest.fixture
def page(report_page, ctx):
    yield report_page
    assert ctx.tasks.wait(60000)


def _dialog(qtbot) -> QProgressDialog:
    def shown() -> list[QProgressDialog]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)
    return shown()[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "workbook" in p.name)


@pytest.mark.parametrize("how", ["Cancel", "Escape"])
def test_cancelling_the_excel_export_says_so_and_leaves_no_file(qtbot, page, ctx, tmp_path, how):
    target = tmp_path / "workbook.xlsx"
    messages: list[str] = []
    ctx.status.connect(messages.append)
    with qtbot.waitSignal(page.export_finished, timeout=60000) as blocker:
        state = page.export_excel(target)
        dialog = _dialog(qtbot)
        if how == "Cancel":
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert state.cancelled
    assert blocker.args == ["excel", ""]
    said = "The Excel workbook export was cancelled; no file was written."
    assert page.done_label.text() == said
    assert messages == [said]  # in the status bar too, seen from any page
    assert _leftovers(tmp_path) == []


def test_a_cancel_arriving_once_the_file_is_in_place_does_not_deny_it(
    qtbot, page, tmp_path, monkeypatch
):
    """Cancel pressed while the workbook's last step ('written') is reported: the file is
    there, and the page says where rather than that nothing was written."""
    from workbench.deliver import build

    target = tmp_path / "workbook.xlsx"
    real = build.export_workbook
    box = {}

    def export(*args, progress=None, **kwargs):
        def late(fraction, message):
            if fraction >= 1.0:
                box["state"].cancel()  # as if Cancel were pressed this very moment
            return progress(fraction, message)

        return real(*args, progress=late, **kwargs)

    monkeypatch.setattr(build, "export_workbook", export)
    with qtbot.waitSignal(page.export_finished, timeout=60000) as blocker:
        box["state"] = page.export_excel(target)
    assert blocker.args == ["excel", str(target)]
    assert target.exists() and "written to" in page.done_label.text()


def test_the_progress_dialog_keeps_one_width_that_fits_its_title(qtbot, page, tmp_path):
    with qtbot.waitSignal(page.export_finished, timeout=120000):
        page.export_excel(tmp_path / "workbook.xlsx")
        dialog = _dialog(qtbot)
        title = dialog.windowTitle()
        assert title == "Exporting the Excel workbook"
        sizes, texts = set(), set()
        for step in (
            "Preparing the workbook",
            "Running SERVQUAL: service quality gaps",
            "Writing the sheet ‘Answers (long)’: 68,925 rows of 12 columns and their checks",
        ):
            getattr(dialog, "set_step", dialog.setLabelText)(step)
            QApplication.processEvents()
            sizes.add((dialog.width(), dialog.height()))
            texts.add(dialog.findChild(QLabel).text())
            dialog.grab().save(str(tmp_path / f"export-progress-{len(texts)}.png"))
        assert len(sizes) == 1, sizes
        label = dialog.findChild(QLabel)
        bold = label.font()
        bold.setBold(True)
        # the title bar shows the whole title beside its buttons, and the body shows it too
        assert dialog.width() >= QFontMetrics(bold).horizontalAdvance(title) + 120
        assert all(title in t for t in texts)
