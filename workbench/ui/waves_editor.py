"""The waves of an engagement in Engagement Details: add, rename, put in order, delete.

Nothing is written while the dialog is open: :meth:`WavesEditor.values` is the list as it
should be, which :func:`edit_waves` writes as one undoable edit through
:func:`workbench.store.waves.set_waves` (the command line's ``workbench wave`` goes
through it too).  Every action has keys: Ctrl+N adds a wave and starts naming it, F2
renames, Ctrl+Up and Ctrl+Down move, Delete deletes a wave no interview uses and says why
otherwise.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import style

ID_ROLE = Qt.ItemDataRole.UserRole
USE_ROLE = Qt.ItemDataRole.UserRole + 1
ADD_KEY, RENAME_KEY, UP_KEY, DOWN_KEY = "Ctrl+N", "F2", "Ctrl+Up", "Ctrl+Down"


class WavesEditor(QWidget):
    """The waves (``WaveUse`` rows, in order) as an editable list."""

    def __init__(self, waves: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uses = {w.id: w for w in waves}
        self.list = QListWidget()
        self.list.setObjectName("waves")
        self.list.setAccessibleName("Waves")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.list.setMaximumHeight(96)
        for w in waves:
            self._append(w.id, w.name)
        self.note = style.muted(QLabel())
        self.note.setObjectName("wavesNote")
        self.note.setWordWrap(True)
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 3)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setFocusProxy(self.list)  # ("&Waves", the row's label, leads here)
        self.add_button = QPushButton("&Add")
        self.rename_button = QPushButton("Re&name")
        self.up_button = QPushButton("Move &Up")
        self.down_button = QPushButton("Move &Down")
        self.delete_button = QPushButton("De&lete")
        for button, slot, keys in (
            (self.add_button, self.add, ADD_KEY),
            (self.rename_button, self.rename, RENAME_KEY),
            (self.up_button, lambda: self.move(-1), UP_KEY),
            (self.down_button, lambda: self.move(1), DOWN_KEY),
            (self.delete_button, self.delete, "Del"),
        ):
            button.clicked.connect(slot)
            button.setAutoDefault(False)
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text().replace('&', '')} ({native})")
            shortcut = QShortcut(QKeySequence(keys), self.list, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.currentRowChanged.connect(self._show_use)
        # a wave named or renamed in place: the caption under the list names it at once
        self.list.itemChanged.connect(self._named)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.add_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        if self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def _append(self, wave_id: str, name: str, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(ID_ROLE, wave_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if row is None:
            self.list.addItem(item)
        else:
            self.list.insertItem(row, item)
        return item

    def _show_use(self, row: int) -> None:
        item = self.list.item(row)
        if item is None:
            self.note.setText("")
            return
        use = self._uses.get(item.data(ID_ROLE))
        text = use.uses() if use is not None else ""
        self.note.setText(f"{item.text()}: {text}" if text else f"{item.text()}: no interviews yet")

    def _named(self, item: QListWidgetItem) -> None:
        if item is self.list.currentItem():
            self._show_use(self.list.currentRow())

    # -- actions --------------------------------------------------------------------------
    def add(self) -> None:
        from workbench.store.models import new_id

        taken = {self.list.item(i).text().casefold() for i in range(self.list.count())}
        name, n = "new wave", 2
        while name in taken:
            name, n = f"new wave {n}", n + 1
        item = self._append(new_id(), name)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)

    def rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.setFocus()
            self.list.editItem(item)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)

    def delete(self) -> None:
        row = self.list.currentRow()
        item = self.list.item(row)
        if item is None:
            return
        use = self._uses.get(item.data(ID_ROLE))
        if use is not None and use.used:
            text = use.refusal()
            self.note.setText(text[:1].upper() + text[1:])
            return
        if self.list.count() == 1:
            self.note.setText("An engagement keeps at least one wave.")
            return
        self.list.takeItem(row)
        self.list.setCurrentRow(min(row, self.list.count() - 1))

    # -- result ---------------------------------------------------------------------------
    def values(self) -> list[Any]:
        """The waves as they should be (``WaveSpec``), in order; a wave's dates are kept."""
        from workbench.store.waves import WaveSpec

        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            wave_id = item.data(ID_ROLE)
            use = self._uses.get(wave_id)
            out.append(
                WaveSpec(
                    wave_id,
                    " ".join(item.text().split()),
                    use.start_date if use else None,
                    use.end_date if use else None,
                )
            )
        return out

    def problem(self) -> str:
        from workbench.store.waves import names_problem

        problem = names_problem(self.values())
        return problem.removesuffix("; nothing was changed").removesuffix(". Nothing was changed")


def edit_waves(ctx: Any, wanted: list[Any]) -> bool:
    """Make the engagement's waves ``wanted`` as one undoable edit ("Edit waves"); nothing
    happens when they are already so."""
    from workbench.store.waves import set_waves, wave_uses

    store = ctx.store
    old = [w.spec() for w in wave_uses(store)]
    if list(wanted) == old:
        return False

    def write(specs: list[Any]) -> None:
        set_waves(store, specs)
        ctx.data_changed.emit("engagement")  # the report's scope and the overview

    return ctx.edit("Edit waves", lambda: write(wanted), lambda: write(old), "interviews")
