"""The keyboard path of Export Slide Deck (Ctrl+Alt+E): Return answers the slide design
question, and the file's name typed right after it (before the save dialog is up, or as
it opens) lands whole in the save dialog; a name typed at once, into the question itself,
answers it with the default design and starts the file's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from workbench.ui.main_window import MainWindow
from workbench.ui.report_view import ReportPage


def _post_keys(target, keys: list[tuple[int, str]]) -> None:
    """Keys as the system queues them for ``target`` (delivered later, in order)."""
    for key, text in keys:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )


def _letters(text: str) -> list[tuple[int, str]]:
    return [(ord(c.upper()) if c.isalnum() else Qt.Key.Key_Space, c) for c in text]


def _drive(qtbot, window, monkeypatch, on_question) -> tuple[list, list[str]]:
    """Trigger the deck export; ``on_question(box)`` types into the design question; the
    save dialog's name field is read once it is up, then " deck" and Return are typed."""
    exported: list = []
    seen: list[str] = []
    monkeypatch.setattr(
        ReportPage, "export_deck", lambda self, path=None, design=None: exported.append(path)
    )

    def question() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, question)
            return
        on_question(box)
        QTimer.singleShot(20, save_dialog)

    def save_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(20, save_dialog)
            return
        QTimer.singleShot(200, lambda: finish(dialog))

    def finish(dialog) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        seen.append(edit.text())
        QTest.keyClicks(edit, " deck")
        QTest.keyClick(edit, Qt.Key.Key_Return)

    def watchdog() -> None:  # never hang on a dialog the test failed to answer
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.reject()

    QTimer.singleShot(0, question)
    QTimer.singleShot(15000, watchdog)
    window.export_deck_action.trigger()
    return exported, seen


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_name_typed_right_after_return_is_kept_whole(qtbot, ctx, window, monkeypatch):
    def answer(box) -> None:
        focus = box.focusWidget() or box
        # Return, then the name at once: queued for the question, which is gone by the
        # time they are read (they used to be lost, the first of them at least).
        _post_keys(focus, [(Qt.Key.Key_Return, "\r"), *_letters("Q3")])

    exported, seen = _drive(qtbot, window, monkeypatch, answer)
    assert seen == ["Q3"]
    folder = Path(ctx.store.path).parent
    assert exported == [folder / "Q3 deck.pptx"]


def test_a_name_typed_into_the_question_answers_it_and_starts_the_name(
    qtbot, ctx, window, monkeypatch
):
    def answer(box) -> None:
        _post_keys(box.focusWidget() or box, _letters("Q3"))

    exported, seen = _drive(qtbot, window, monkeypatch, answer)
    assert seen == ["Q3"]
    assert exported == [Path(ctx.store.path).parent / "Q3 deck.pptx"]


def test_escape_in_the_question_still_cancels(qtbot, ctx, window, monkeypatch):
    exported: list = []
    monkeypatch.setattr(
        ReportPage, "export_deck", lambda self, path=None, design=None: exported.append(path)
    )

    def question() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, question)
            return
        QTest.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, question)
    window.export_deck_action.trigger()
    assert exported == []
    assert QApplication.activeModalWidget() is None
