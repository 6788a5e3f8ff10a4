"""Undo and redo over store edits with Qt's undo framework."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand


class StoreCommand(QUndoCommand):
    """An edit expressed as two functions of the store: one that does it, one that undoes it.

    ``redo`` runs when the command is pushed (Qt calls ``redo()`` on push) and on every
    redo, unless ``done`` says the edit was already made; ``after`` runs after either
    direction so views refresh.  When either direction fails, ``on_error(text, exc)`` is
    told, the command leaves the stack (it no longer describes the file) and views of the
    edit reload what is stored.
    """

    def __init__(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        after: Callable[[], None] | None = None,
        *,
        done: bool = False,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._after = after
        self._skip_redo = done
        self._on_error = on_error

    def _run(self, step: Callable[[], Any]) -> None:
        try:
            step()
        except Exception as exc:
            self.setObsolete(True)
            if self._on_error is None:
                raise
            self._on_error(self.text(), exc)
        if self._after:
            self._after()

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            if self._after:
                self._after()
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)
