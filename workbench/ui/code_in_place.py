"""Coding where the text is written: select words in an interview note or a text answer
and code them without leaving the interview.

Three ways, all through the same undoable edit as the Codebook page:

* the context menu: "Code selection" with "Any code…" first, then the codes used last
  (then the most used ones), then the rest of the codebook's codes in its order;
* :data:`CODE_SELECTION` (Ctrl+Shift+K): the quick-pick, codes filtered as one types;
* :data:`CODE_AGAIN` (Ctrl+Shift+L): the code used last, once more.

The recently used codes are shared with the Codebook page (setting ``coding/recent``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from workbench.coding.anchors import coded_span
from workbench.coding.codebook import shown_colour
from workbench.ui.coding_text import (
    NEED_SELECTION,
    NO_WORDS,
    QuickPick,
    TypingHold,
    coded_words,
    py_to_qt,
    qt_to_py,
)

CODE_SELECTION = ("Code selection…", "Ctrl+Shift+K")  # (action text, keys)
CODE_AGAIN = ("Code again with the last code", "Ctrl+Shift+L")
RECENT_IN_MENU = 6
CODES_IN_MENU = 20  # the codes "Code selection" lists; any more are one "Any code…" away

TextWidget = QLineEdit | QPlainTextEdit
# where a text widget's words are stored: () -> (source kind, source id), or None
Locate = Callable[[], "tuple[str, str] | None"]


def selection_span(widget: TextWidget) -> tuple[int, int] | None:
    """The selected characters as Python offsets into the widget's text (or None)."""
    if isinstance(widget, QLineEdit):
        if not widget.hasSelectedText():
            return None
        start = widget.selectionStart()
        return start, start + len(widget.selectedText())
    cursor = widget.textCursor()
    if not cursor.hasSelection():
        return None
    text = widget.toPlainText()
    return qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())


def select_span(widget: TextWidget, start: int, end: int) -> None:
    """Select ``start``-``end`` (Python offsets into the widget's text): after coding,
    the words actually coded, which may be more than the selection was."""
    if isinstance(widget, QLineEdit):
        widget.setSelection(start, end - start)
        return
    text = widget.toPlainText()
    cursor = widget.textCursor()
    cursor.setPosition(py_to_qt(text, start))
    cursor.setPosition(py_to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
    widget.setTextCursor(cursor)


def widget_text(widget: TextWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


class InPlaceCoder(QObject):
    """Codes the selected text of the widgets attached to it (one per interview page).

    ``flush`` (and whatever is connected to ``flushing``) saves typing still waiting for
    its pause, so that what is on screen is what is stored before a segment points into it.
    """

    flushing = Signal()

    def __init__(self, ctx: Any, flush: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.flush = flush
        self.last_popup: QuickPick | None = None
        self.last_menu: QMenu | None = None

    # -- attaching ----------------------------------------------------------------------
    def attach(self, widget: TextWidget, locate: Locate) -> None:
        pick = QAction(CODE_SELECTION[0], widget)
        pick.setShortcut(QKeySequence(CODE_SELECTION[1]))
        pick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        pick.triggered.connect(lambda: self.quick_pick(widget, locate))
        again = QAction(CODE_AGAIN[0], widget)
        again.setShortcut(QKeySequence(CODE_AGAIN[1]))
        again.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        again.triggered.connect(lambda: self.code_again(widget, locate))
        widget.addAction(pick)
        widget.addAction(again)
        TypingHold(widget, lambda: self.ctx.status.emit(NEED_SELECTION))
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(
            lambda pos: self.show_menu(widget, locate, widget.mapToGlobal(pos))
        )

    # -- codes ----------------------------------------------------------------------------
    def recent(self) -> list[str]:
        store = self.ctx.store
        live = store.code_paths() if store is not None else {}
        alive = {c.id for c in store.codes()} if store is not None else set()
        ids = [str(v) for v in (self.ctx.settings.value("coding/recent") or [])]
        return [c for c in ids if c in live and c in alive]

    def favourites(self, limit: int = RECENT_IN_MENU) -> list[str]:
        """The codes used last, then the most used ones (as the Codebook page offers them)."""
        from workbench.coding.service import segment_counts

        out = self.recent()[:limit]
        if len(out) < limit and self.ctx.store is not None:
            counts = segment_counts(self.ctx.store)
            alive = set(self.ctx.store.code_paths())  # (a code under one in the trash is not)
            by_use = sorted((c for c in counts if c in alive), key=lambda c: -counts[c][0])
            out += [c for c in by_use if c not in out and counts[c][0] > 0][: limit - len(out)]
        return out

    def choices(self) -> list[tuple[str, str, str]]:
        """(id, path, colour) of every code, in the codebook's order (as its tree shows it)."""
        from workbench.coding.service import tree_order

        store = self.ctx.store
        paths = store.code_paths()
        return [
            (c.id, paths[c.id], shown_colour(c.colour))
            for c in tree_order(store.codes())
            if c.codable and c.id in paths
        ]

    # -- the three ways -----------------------------------------------------------------
    def menu(self, widget: TextWidget, locate: Locate) -> QMenu:
        """The widget's own menu (cut, copy, paste…) with "Code selection" added."""
        menu = widget.createStandardContextMenu()
        menu.addSeparator()
        sub = menu.addMenu("Code selection")
        has_text = selection_span(widget) is not None and self.ctx.store is not None
        if not has_text:
            sub.setEnabled(False)
            sub.setTitle("Code selection (select some text first)")
            return menu
        any_code = sub.addAction("Any code…", lambda: self.quick_pick(widget, locate))
        any_code.setShortcut(QKeySequence(CODE_SELECTION[1]))
        codable = [code_id for code_id, _path, _colour in self.choices()]
        if not codable:
            any_code.setEnabled(False)
            any_code.setText("No codes yet (add them on the Codebook page)")
            return menu
        sub.addSeparator()
        paths = self.ctx.store.code_paths()
        first = [c for c in self.favourites() if c in codable]  # used last, most used
        rest = [c for c in codable if c not in first]  # the codebook's order
        shown = max(0, CODES_IN_MENU - len(first))
        for i, group in enumerate((first, rest[:shown])):
            if i and first and group:
                sub.addSeparator()
            for code_id in group:
                sub.addAction(
                    paths[code_id].replace("&", "&&"),
                    lambda c=code_id: self.code(widget, locate, c),
                )
        if len(rest) > shown:
            sub.addAction(
                f"{len(rest) - shown} more: Any code…",
                lambda: self.quick_pick(widget, locate),
            )
        return menu

    def show_menu(self, widget: TextWidget, locate: Locate, at: QPoint) -> None:
        self.last_menu = self.menu(widget, locate)
        self.last_menu.exec(at)

    def nothing_selected(self, widget: TextWidget) -> None:
        """A coding shortcut with nothing selected: say so, and keep the keys typed next
        (a code's name, meant for the quick-pick) out of the text."""
        hold = widget.findChild(TypingHold)
        if hold is not None:
            hold.hold()
        self.ctx.status.emit(NEED_SELECTION)

    def quick_pick(self, widget: TextWidget, locate: Locate) -> QuickPick | None:
        span = selection_span(widget)
        if span is None or self.ctx.store is None:
            self.nothing_selected(widget)
            return None
        choices = self.choices()
        if not choices:
            self.ctx.status.emit("There are no codes yet: add them on the Codebook page.")
            return None
        recent = self.recent()
        rank = {cid: 1.0 - i / 100 for i, cid in enumerate(recent)}
        ordered = sorted(choices, key=lambda c: -rank.get(c[0], 0.0))  # then codebook order
        popup = QuickPick(ordered, widget, placeholder="Code the selection… type to filter")
        popup.chosen.connect(lambda cid: self.code(widget, locate, cid, span))
        if isinstance(widget, QPlainTextEdit):
            rect = widget.cursorRect(widget.textCursor())
            at = widget.viewport().mapToGlobal(rect.bottomLeft())
        else:
            at = widget.mapToGlobal(widget.rect().bottomLeft())
        popup.popup(at)
        self.last_popup = popup
        return popup

    def code_again(self, widget: TextWidget, locate: Locate) -> str | None:
        if selection_span(widget) is None:
            self.nothing_selected(widget)
            return None
        recent = self.recent()
        if not recent:
            self.ctx.status.emit("No code used yet: Ctrl+Shift+K picks one.")
            return None
        return self.code(widget, locate, recent[0])

    def code(
        self,
        widget: TextWidget,
        locate: Locate,
        code_id: str,
        span: tuple[int, int] | None = None,
    ) -> str | None:
        """Code the selection (or ``span``) of ``widget``; returns the new segment's id."""
        span = span or selection_span(widget)
        store = self.ctx.store
        if span is None or store is None:
            self.nothing_selected(widget)
            return None
        if getattr(store, "read_only", False):
            self.ctx.status.emit("This engagement is open read-only.")
            return None
        text = widget_text(widget)
        kept = coded_span(text, *span)
        if kept is None:
            self.ctx.status.emit(NO_WORDS)
            return None
        start, end = kept
        self.flushing.emit()
        self.flush()
        where = locate()
        if where is None:
            self.ctx.status.emit("This text is not saved yet; type it, then code it.")
            return None
        kind, source_id = where
        name = store.code_paths().get(code_id, "")
        if store.twin_segment(code_id, kind, source_id, start, end, self.ctx.user_name):
            self.ctx.status.emit(f"This passage is already coded with {name}.")
            return None
        made: dict[str, str] = {}

        def redo() -> None:
            if "id" in made:
                store.restore_segment(made["id"])
            else:
                made["id"] = store.code_segment(
                    code_id, kind, source_id, start, end, coder=self.ctx.user_name
                ).id

        if not self.ctx.edit(
            f"Code “{text[start:end][:30]}” as '{name}'",
            redo,
            lambda: store.uncode_segment(made["id"]),
            "segments",
        ):
            return None
        recent = [code_id] + [c for c in self.recent() if c != code_id][:20]
        self.ctx.settings.setValue("coding/recent", recent)
        if widget_text(widget) == text:
            select_span(widget, start, end)
        self.ctx.status.emit(coded_words(text[start:end], name))
        return made.get("id")


def say_trashed(ctx: Any, codes: tuple[str, ...]) -> None:
    """Say in the status bar which coded passages an edit of their text sent to the trash
    with their words (nothing when none did)."""
    if codes:
        from workbench.store.passages import trashed_notice

        ctx.status.emit(trashed_notice(codes))


def attach_answers(coder: InPlaceCoder, store: Any, interview_id: str, form_view: Any) -> None:
    """Make every text answer of ``form_view`` codable in place."""
    from workbench.coding.service import answer_source

    for key, block in form_view.blocks.items():
        item = "evidence" if block.input.question.type == "checklist" else ""
        widget = block.input.text_widget(item)
        if not isinstance(widget, QLineEdit | QPlainTextEdit):
            continue

        def locate(k: str = key, i: str = item, w: QWidget = widget) -> tuple[str, str] | None:
            found = answer_source(store, interview_id, k, i)
            if found is None or found[1] != widget_text(w):  # type: ignore[arg-type]
                return None
            return "answer", found[0]

        coder.attach(widget, locate)
