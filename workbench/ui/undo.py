"""Undo and redo over store edits with Qt's undo framework."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand


class StoreCommand(QUndoCommand):
    """An edit expressed as two functions of the store: one that does it, one that undoes it.

    ``redo`` runs when the command is pushed (Qt calls ``redo()`` on push) and on every
    redo; ``after`` runs after either direction so views refresh.
    """

    def __init__(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._after = after

    def redo(self) -> None:
        self._redo()
        if self._after:
            self._after()

    def undo(self) -> None:
        self._undo()
        if self._after:
            self._after()
