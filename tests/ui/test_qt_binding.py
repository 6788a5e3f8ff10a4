"""The Qt binding itself: what the window leans on thousands of times a session."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)


def test_emitting_a_signal_keeps_the_interpreter_s_references(qapp):
    """PySide6 6.12.0's ``emit()`` returns True without taking a reference to it: every
    progress message, edit and page change then takes one away from True, until the
    interpreter frees it and the window dies ("deallocating True or False", or a crash
    in the garbage collector).  pyproject.toml keeps that release out."""
    emitter = _Emitter()
    seen: list[object] = []
    emitter.changed.connect(seen.append)
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for i in range(200):
        emitter.changed.emit(i)
    seen.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert [b - a for a, b in zip(before, after, strict=True)] == [0, 0, 0]
