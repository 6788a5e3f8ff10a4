"""Helpers for driving the whole window in tests: every string it holds, dialogs that
open modally, keys to whatever has the focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.EditRole,
)


def _model_strings(model: QAbstractItemModel, parent: QModelIndex, out: list[str]) -> None:
    from PySide6.QtCore import QAbstractListModel, QAbstractTableModel

    is_list = isinstance(model, QAbstractListModel)
    flat = is_list or isinstance(model, QAbstractTableModel)
    columns = 1 if is_list else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for col in range(columns):
            index = model.index(row, col, parent)
            for role in ROLES:
                value = index.data(role)
                if value is not None:
                    out.append(str(value))
        first = model.index(row, 0, parent)
        if not flat and model.hasChildren(first):
            _model_strings(model, first, out)


def window_strings(root: QWidget) -> list[str]:
    """Every piece of text the window holds: widget texts, tooltips, window titles, combo
    entries and every row of every item model a view shows (hidden pages included)."""
    out: list[str] = []
    models: set[int] = set()
    widgets: Iterable[QWidget] = [root, *root.findChildren(QWidget)]
    for w in widgets:
        out += [w.toolTip(), w.windowTitle(), w.accessibleName()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            out.append(w.text())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QPlainTextEdit | QTextEdit):
            out.append(w.toPlainText())
        if isinstance(w, QComboBox):
            out.append(w.currentText())
            out += [w.itemText(i) for i in range(w.count())]
            model = w.model()
            if id(model) not in models:
                models.add(id(model))
                _model_strings(model, QModelIndex(), out)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            if id(model) not in models:
                models.add(id(model))
                _model_strings(model, QModelIndex(), out)
            if isinstance(w, QTableWidget | QListWidget | QTreeWidget):
                pass  # (their items are in their model)
    return [s for s in out if s]


def strings_containing(root: QWidget, needles: Iterable[str]) -> list[str]:
    texts = window_strings(root)
    return sorted({s for s in texts for n in needles if n and n in s})


def when_dialog(action: Callable[[QDialog], Any], wait_ms: int = 20) -> None:
    """Run ``action`` on the next modal dialog (opened by a call that blocks in exec()),
    once it has the keyboard (the offscreen platform activates it only when asked)."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            if QApplication.activeWindow() is not dialog:
                dialog.activateWindow()
                if tries < 400:
                    QTimer.singleShot(wait_ms, lambda: attempt(tries + 1))
                    return
            try:
                action(dialog)
            except BaseException:
                dialog.reject()  # never leave the test waiting in exec()
                raise
            if dialog.isVisible() and dialog is QApplication.activeModalWidget():
                dialog.reject()
                raise AssertionError(f"{dialog.windowTitle()!r} was left open")
        elif tries < 400:
            QTimer.singleShot(wait_ms, lambda: attempt(tries + 1))
        else:
            raise AssertionError("no dialog opened")

    QTimer.singleShot(wait_ms, attempt)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, (
        f"nothing has the keyboard focus (active window {_named(QApplication.activeWindow())}, "
        f"modal {_named(QApplication.activeModalWidget())})"
    )
    return widget


def _named(widget: QWidget | None) -> str:
    if widget is None:
        return "none"
    return f"{type(widget).__name__} {widget.windowTitle()!r}"


def settle(qtbot, window: QWidget) -> None:
    """Let background work finish and its progress dialogs close; make ``window`` active."""
    ctx = getattr(window, "ctx", None)
    if ctx is not None:
        ctx.tasks.wait()
    qtbot.wait(30)
    window.activateWindow()
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    except AssertionError as e:
        raise AssertionError(
            f"the window did not become active: active window "
            f"{_named(QApplication.activeWindow())}, modal {_named(QApplication.activeModalWidget())}"
        ) from e


def holders(root: QWidget, needle: str) -> list[str]:
    """Which widgets (by class and parent chain) hold ``needle`` (for failure messages)."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        own = window_strings_of(w)
        if any(needle in t for t in own):
            chain, p = [], w
            while p is not None:
                chain.append(type(p).__name__ + (f"#{p.objectName()}" if p.objectName() else ""))
                p = p.parentWidget()
            found.append(" < ".join(chain[:5]))
    return found


def window_strings_of(w: QWidget) -> list[str]:
    out = [w.toolTip(), w.windowTitle(), w.accessibleName()]
    if isinstance(w, QLabel | QAbstractButton | QLineEdit):
        out.append(w.text())
    if isinstance(w, QPlainTextEdit | QTextEdit):
        out.append(w.toPlainText())
    if isinstance(w, QComboBox):
        out += [w.currentText(), *(w.itemText(i) for i in range(w.count()))]
    if isinstance(w, QAbstractItemView) and w.model() is not None:
        _model_strings(w.model(), QModelIndex(), out)
    return out
