"""What every view of the window shares: the open store, the undo stack, the task runner
and the one path by which views hear that something changed.

Change notification, in full:

- ``store_changed(object)``: another engagement was opened (or ``None`` on close).  Every
  page forgets everything it showed of the last one at once: rows, filters, selections,
  caches.
- ``data_changed(str)``: rows of a kind changed, emitted after each successful edit (and
  after each undo or redo) by :meth:`AppContext.edit` and :meth:`AppContext.record`.
  Kinds: "respondents", "interviews", "answers", "notes", "codes", "segments", "memos",
  "findings", "report", "forms", "engagement".

A page subscribes with :meth:`AppContext.follow`: it is reset when another engagement
opens, and reloaded when one of its kinds changes, at once if it is on screen and
otherwise when it is next shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.ui.tasks import TaskRunner
from workbench.ui.undo import StoreCommand

log = logging.getLogger("workbench.ui")

NAME_KEY = "consultant/name"
_OLD_NAME_KEY = "user/name"


def damaged_before_checked(store: Any, exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite finding damage in a file whose whole-file check has not
    passed (yet): the window shows a file while it is read whole, and the check closes a
    damaged one with the reason."""
    import sqlite3

    check = getattr(store, "integrity", None)
    if check is None or check.passed:
        return False
    causes = (exc, exc.__cause__, exc.__context__)
    return any(isinstance(c, sqlite3.DatabaseError) for c in causes)


class PageFollower(QObject):
    """Keeps one page in step with the open engagement (see :meth:`AppContext.follow`)."""

    def __init__(
        self,
        ctx: AppContext,
        page: QWidget,
        kinds: Iterable[str] | None,
        reload: Callable[[], None],
        reset: Callable[[], None] | None,
    ) -> None:
        super().__init__(page)
        self.ctx, self.page = ctx, page
        self.kinds = None if kinds is None else frozenset(kinds)
        self._reload, self._reset = reload, reset
        self.stale = True
        #: The kinds changed since the last reload ("*": another engagement), for pages
        #: that reload only the parts a change touches; read it inside ``reload``.
        self.changed: set[str] = {"*"}
        page.installEventFilter(self)
        ctx.store_changed.connect(self._store_changed)
        ctx.data_changed.connect(self._data_changed)

    def on_screen(self) -> bool:
        """Whether the page is shown, or nothing is on screen at all (a window not shown
        yet, a page used on its own), so that there is no "later, when shown"."""
        return self.page.isVisible() or not self.page.window().isVisible()

    def _store_changed(self, _store: Any) -> None:
        if self._reset is not None:
            self._reset()
        self.changed.add("*")
        self.mark_stale()

    def _data_changed(self, kind: str) -> None:
        if self.kinds is None or kind in self.kinds:
            self.changed.add(kind)
            self.mark_stale()

    def mark_stale(self) -> None:
        self.stale = True
        if self.on_screen():
            self.catch_up()

    def catch_up(self) -> None:
        if self.stale:
            self.stale = False
            try:
                self._reload()
            except Exception as exc:
                if not damaged_before_checked(self.ctx.store, exc):
                    raise
                # the page read a damaged part of a file still being read whole: the
                # check closes it and says why, in words, rather than an error here
                log.warning("a page read a damaged part of the file before its check: %s", exc)
            finally:
                self.changed = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.catch_up()
        return False


def ask(dialog: Any) -> Any:
    """Show a modal dialog; its ``values()`` when accepted, else None.  Either way the
    dialog is gone afterwards: nothing typed into it stays in the window."""
    try:
        if dialog.exec() != dialog.DialogCode.Accepted:
            return None
        return dialog.values()
    finally:
        dialog.setParent(None)
        dialog.deleteLater()


class AppContext(QObject):
    """Shared by the main window and its views (signals: see the module docstring).

    Also ``saved()`` (an edit was committed: the "saved" indicator),
    ``open_interview_requested(str, object)`` (show an interview, with an optional
    ``(source_kind, source_id, start, end)`` to highlight), ``status(str)`` (a message for
    the status bar) and ``failed(str, str)`` (an edit could not be saved: a title and a
    message the window shows).
    """

    store_changed = Signal(object)
    data_changed = Signal(str)
    saved = Signal()
    open_interview_requested = Signal(str, object)
    # a respondent's id, and "person" (show them on the Respondents page) or "interviews"
    # (list their interviews)
    open_respondent_requested = Signal(str, str)
    status = Signal(str)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: Any = None
        # Shared by the analysis views: the loaded EngagementData, the plugin registry and
        # the result on show (with the report item it came from).
        self.engagement_data: Any = None
        self.analysis_registry: Any = None
        self.current_result: Any = None
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        self.settings = QSettings()

    # -- the open engagement ---------------------------------------------------------------
    def set_store(self, store: Any) -> None:
        old, self.store = self.store, store
        self.engagement_data = self.current_result = None
        self.undo_stack.clear()
        if old is not None and old is not store:
            self.tasks.wait()  # nothing may still read the file being closed
            old.close()
        self.store_changed.emit(store)

    def follow(
        self,
        page: QWidget,
        kinds: Iterable[str] | None,
        reload: Callable[[], None],
        reset: Callable[[], None] | None = None,
    ) -> PageFollower:
        """Keep ``page`` in step: ``reset()`` at once when another engagement opens (forget
        every row, filter and selection of the last one); ``reload()`` when the engagement
        or one of ``kinds`` changed (``None``: any), at once while the page is on screen,
        else when it is next shown."""
        return PageFollower(self, page, kinds, reload, reset)

    # -- the consultant ----------------------------------------------------------------------
    @property
    def user_name(self) -> str:
        """The consultant's name as they gave it ("Your name"), never the login name;
        "the consultant" until they have given one."""
        from workbench.settings import UNNAMED

        return self.given_name() or UNNAMED

    def given_name(self) -> str:
        """The name the consultant gave ("" until they have)."""
        from workbench.settings import consultant_name

        for key in (NAME_KEY, _OLD_NAME_KEY):  # (the window's own settings first)
            value = self.settings.value(key, "")
            if value and str(value).strip():
                return str(value).strip()
        return consultant_name()

    def name_asked(self) -> bool:
        """Whether the consultant was asked for their name (the window asks once)."""
        from workbench.settings import name_asked

        return bool(self.given_name()) or name_asked()

    def set_user_name(self, name: str) -> None:
        """Keep the consultant's name (where the command line finds it too)."""
        from workbench.settings import mark_name_asked, set_consultant_name

        name = " ".join(name.split())
        if name:
            set_consultant_name(name)
        else:
            mark_name_asked()
        self.settings.setValue(NAME_KEY, name)
        if self.store is not None and not self.store.read_only:
            from workbench.team.audit import sign_in

            sign_in(self.store, name)  # the audit trail names them from now on

    # -- edits -------------------------------------------------------------------------------
    def edit(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        kind: str,
    ) -> bool:
        """Run an undoable edit: ``redo`` now (and on redo), ``undo`` on undo.

        Each call commits to the file before it returns; views of ``kind`` refresh.  An
        edit that fails is reported through ``failed``, is not put on the undo stack, and
        views of ``kind`` reload what is stored; returns whether it was saved.
        """
        try:
            redo()
        except Exception as exc:
            self._report_failure(text, exc)
            self.data_changed.emit(kind)
            return False

        def after() -> None:
            self.data_changed.emit(kind)
            self.saved.emit()

        self.undo_stack.push(
            StoreCommand(text, redo, undo, after, done=True, on_error=self._report_failure)
        )
        return True

    def record(self, kind: str) -> None:
        """An edit that was committed without the undo stack (e.g. typing into a note)."""
        self.data_changed.emit(kind)
        self.saved.emit()

    def _report_failure(self, text: str, exc: BaseException) -> None:
        from workbench.ui.errors import log_path

        log.error("could not save %r", text, exc_info=exc)
        self.failed.emit(
            "The change was not saved",
            f"“{text}” could not be saved: {exc}\n\nThe page shows what is stored. "
            f"Details are in the log: {log_path()}",
        )
