"""The coding document (centre of the Codebook page) and retrieval (right)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.coding import service
from workbench.coding.codebook import shown_colour
from workbench.ui.coding_edits import CodingEdits
from workbench.ui.coding_text import (
    FAVOURITE_MODIFIER,
    NEED_SELECTION,
    CodingTextEdit,
    SegmentMark,
)
from workbench.ui.favourite_bar import FavouriteBar

EDIT_DELAY_MS = 700
FAVOURITES = 9  # Alt+1 … Alt+9
#: (what, keys) of the ‹ › buttons beside the interview picker (the shortcuts dialog lists
#: them): keys of the text, the codes and the picker alike, not of the side panel's tabs.
PREVIOUS_INTERVIEW = ("Previous interview (Codebook page)", ("Ctrl+PgUp", "Alt+Left"))
NEXT_INTERVIEW = ("Next interview (Codebook page)", ("Ctrl+PgDown", "Alt+Right"))


def _muted(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.PlaceholderText).name()


class CodingDocument(CodingEdits, QWidget):
    """An interview's notes and text answers, coded: highlights, stripes, shortcuts."""

    def __init__(self, ctx: Any, page: Any) -> None:
        super().__init__()
        self.ctx, self.page = ctx, page
        self.interview_id: str | None = None
        self.sources: list[service.Source] = []
        self.editors: dict[str, CodingTextEdit] = {}
        self.current: CodingTextEdit | None = None
        self._timers: dict[str, QTimer] = {}
        self._key: tuple[Any, str] = (None, "")  # (store, settings key of its favourites)

        self.picker = QComboBox()
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.picker.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.lineEdit().setPlaceholderText("Find an interview by respondent or form")
        self.picker.installEventFilter(self)  # (its start in sight when left)
        self.picker.activated.connect(lambda i: self.set_interview(self.picker.itemData(i)))
        prev, nxt = QToolButton(text="‹"), QToolButton(text="›")
        prev.clicked.connect(lambda: self._step(-1))
        nxt.clicked.connect(lambda: self._step(1))
        #: the keys of ‹ and ›, on this document (and on the codes panel: ``step_actions``)
        self.step_actions: list[QAction] = []
        for button, (what, keys), delta in ((prev, PREVIOUS_INTERVIEW, -1),
                                            (nxt, NEXT_INTERVIEW, 1)):  # fmt: skip
            action = QAction(what, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, d=delta: self._step_by_key(d))
            self.addAction(action)
            self.step_actions.append(action)
            shown = ", ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys
            )
            button.setToolTip(f"{what.split(' (')[0]} ({shown})")
        self.info = QLabel()
        self.info.setWordWrap(True)
        fav = self.favourite_bar = FavouriteBar()
        self.favourites = fav.row
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(24)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(14, 8, 14, 14)
        self.body_layout.setSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.body)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Base)

        top = QHBoxLayout()
        top.addWidget(prev)
        top.addWidget(self.picker, 1)
        top.addWidget(nxt)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(fav)
        layout.addWidget(self.scroll, 1)
        # The Codebook page keeps this document in step with the engagement.
        ctx.open_interview_requested.connect(self.open_at)

    # -- interviews ---------------------------------------------------------------------
    def reload_interviews(self) -> None:
        store = self.ctx.store
        self.picker.blockSignals(True)
        self.picker.clear()
        for iid, label in service.interview_choices(store) if store else []:
            self.picker.addItem(label, iid)
        self.picker.blockSignals(False)
        if self.interview_id and self.picker.findData(self.interview_id) >= 0:
            self.picker.setCurrentIndex(self.picker.findData(self.interview_id))
            self.picker.lineEdit().home(False)
            self.refresh()
        elif self.picker.count():
            self.set_interview(self.picker.itemData(0))
        else:
            self.set_interview(None)

    def clear(self) -> None:
        """Forget the last engagement's interviews (another one is opening)."""
        for timer in self._timers.values():
            timer.stop()
        self._timers.clear()
        self.interview_id = None
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.clearEditText()
        self.picker.blockSignals(False)
        self.set_interview(None)

    def _step(self, delta: int) -> bool:
        i = self.picker.currentIndex() + delta
        if 0 <= i < self.picker.count():
            self.set_interview(self.picker.itemData(i))
            return True
        return False

    def _step_by_key(self, delta: int) -> None:
        """‹ or › from the keyboard: the keyboard stays in the text (its first source)
        when it was there, and the status bar says when there is no interview further."""
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        in_text = focus is not None and self.body.isAncestorOf(focus)
        if not self._step(delta):
            which = "last" if delta > 0 else "first"
            self.ctx.status.emit(f"This is the {which} interview in the list.")
            return
        if in_text and self.editors:
            first = next(iter(self.editors.values()))
            first.show()  # (now, not when the layout shows it: the next key goes to it)
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_interview(self, interview_id: str | None) -> None:
        self.flush()
        self.interview_id = interview_id
        if interview_id is not None:
            self.picker.setCurrentIndex(self.picker.findData(interview_id))
            self.picker.lineEdit().home(False)  # the respondent's name in sight, not the end
        self._rebuild()

    def _rebuild(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone from the screen now, not at the next event loop
                widget.setParent(None)  # and out of the window's tree
                widget.deleteLater()
        self.editors, self.current = {}, None
        store = self.ctx.store
        self.sources = (
            service.interview_sources(store, self.interview_id) if self.interview_id else []
        )
        self.info.clear()
        if self.interview_id:
            iv = store.interview(self.interview_id)
            r = iv.respondent
            bits = [r.role, r.org_unit, r.segment, iv.wave.name if iv.wave else "",
                    f"interviewed by {iv.interviewer}" if iv.interviewer else ""]  # fmt: skip
            self.info.setText(
                f"<b>{html.escape(r.name)}</b> <span style='color:{_muted(self)}'>"
                + html.escape(" · ".join(b for b in bits if b))
                + "</span>"
            )
        for src in self.sources:
            head = QLabel(_head(src))
            head.setWordWrap(True)
            head.setStyleSheet(f"color: {_muted(self)}; font-weight: 600; margin-top: 10px")
            editor = CodingTextEdit(src.text, read_only=not src.editable)
            editor.setProperty("source", src)
            editor.shortcut_code.connect(lambda n, e=editor: self.apply_favourite(n, e))
            editor.quick_pick_requested.connect(lambda e=editor: self.quick_pick(e))
            editor.code_again_requested.connect(lambda e=editor: self.code_again(e))
            editor.no_selection.connect(lambda: self.ctx.status.emit(NEED_SELECTION))
            editor.stray_key.connect(self._stray_key)
            editor.code_dropped.connect(lambda c, s, t, e=editor: self.apply_code(c, e, (s, t)))
            editor.menu_requested.connect(lambda g, o, e=editor: self._menu(e, g, o))
            editor.segment_clicked.connect(lambda sid, e=editor: self._select_segment(e, sid))
            editor.selectionChanged.connect(lambda e=editor: setattr(self, "current", e))
            if src.editable:
                editor.textChanged.connect(lambda e=editor: self._typed(e))
            self.editors[src.id] = editor
            self.body_layout.addWidget(head)
            self.body_layout.addWidget(editor)
        if not self.sources and store is not None:
            empty = QLabel(self._empty_text())
            empty.setWordWrap(True)
            self.body_layout.addWidget(empty)
        self.body_layout.addStretch(1)
        self._paint_marks()
        self._show_favourites()

    def _empty_text(self) -> str:
        if self.interview_id:
            return "This interview has no notes or text answers."
        if not self.ctx.store.recent_interviews(1):
            return (
                "No interviews yet — add one on the Interviews page (Ctrl+N); its notes and "
                "text answers are coded here."
            )
        return (
            "No interview has notes or text answers yet — write a note in an interview "
            "(Ctrl+Shift+N) and code it here."
        )

    def refresh(self) -> None:
        """Re-read texts and segments, keeping the widgets (and the reader's place)."""
        if not self.interview_id:
            return
        fresh = service.interview_sources(self.ctx.store, self.interview_id)
        if [s.id for s in fresh] != [s.id for s in self.sources]:
            self._rebuild()
            return
        self.sources = fresh
        for src in fresh:
            editor = self.editors[src.id]
            if src.id not in self._timers or not self._timers[src.id].isActive():
                editor.blockSignals(True)
                editor.set_text(src.text)
                editor.blockSignals(False)
        self._paint_marks()
        self._show_favourites()

    def _paint_marks(self) -> None:
        if not self.interview_id:
            return
        store = self.ctx.store
        paths = store.code_paths()
        colours = {c.id: shown_colour(c.colour) for c in store.codes()}
        marks: dict[str, list[SegmentMark]] = {}
        for seg in store.segments(interview_id=self.interview_id):
            if seg.status == "rejected" or seg.code_id not in paths:
                continue
            marks.setdefault(seg.source_id, []).append(
                SegmentMark(
                    seg.id,
                    seg.code_id,
                    paths[seg.code_id] + (" (proposed)" if seg.status == "pending" else ""),
                    colours.get(seg.code_id, "#4e79a7"),
                    seg.start,
                    seg.end,
                    seg.status,
                )
            )
        for sid, editor in self.editors.items():
            editor.set_marks(marks.get(sid, []))

    # -- favourites ---------------------------------------------------------------------
    @property
    def recent(self) -> list[str]:
        """The codes used last, first the latest (shared with coding on the interview page)."""
        return [str(v) for v in (self.ctx.settings.value("coding/recent") or [])]

    def favourite_codes(self) -> list[str]:
        """The codes of Alt+1 … Alt+9, in slots that stay put (kept for the engagement):
        an empty slot takes the code used last, or else the most used one, not in a slot
        yet, and keeps it for as long as the code is in the codebook."""
        store = self.ctx.store
        if store is None:
            return []
        codes = self.page.codes
        choices = [c for c, _p, _c in self.page.code_choices() if codes[c].codable]
        if not choices:  # (no codes read yet, as another engagement opens: the slots
            return []  # kept for it are not emptied for want of them)
        key = self._favourites_key()
        slots: list[str | None] = [
            c if c in choices else None for c in map(str, self.ctx.settings.value(key) or [])
        ][:FAVOURITES]
        if None in slots or len(slots) < FAVOURITES:
            counts = service.segment_counts(store)
            by_use = sorted(choices, key=lambda c: -counts.get(c, (0, 0))[0])
            spare = iter(c for c in dict.fromkeys([*self.recent, *by_use])
                         if c in choices and c not in slots)  # fmt: skip
            slots = [c or next(spare, None) for c in slots]
            slots += [c for c in spare][: FAVOURITES - len(slots)]
            slots = [c for c in slots if c is not None]  # (fewer codes than slots)
            self.ctx.settings.setValue(key, slots)
        return [c for c in slots if c is not None]

    def _favourites_key(self) -> str:
        store = self.ctx.store
        if self._key[0] is not store:
            self._key = (store, f"coding/favourites/{store.engagement().id}")
        return self._key[1]

    def _show_favourites(self) -> None:
        while self.favourites.count():
            item = self.favourites.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.favourite_bar.show_buttons([], None, [])
        if not self.ctx.store:
            return
        paths = self.ctx.store.code_paths()
        codes = self.page.codes
        favourites = self.favourite_codes()
        buttons = []
        for n, cid in enumerate(favourites[:4], start=1):
            name = paths[cid].rsplit("/", 1)[-1]
            b = QToolButton()
            b.setText(f"Alt+{n}  {name if len(name) <= 16 else name[:15] + '…'}")
            b.setToolTip(f"Alt+{n}: apply {paths[cid]} to the selected text")
            b.setAutoRaise(True)
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            colour = shown_colour(codes[cid].colour if cid in codes else "")
            b.setStyleSheet(f"QToolButton {{ border-left: 4px solid {colour}; padding: 1px 6px; }}")
            b.clicked.connect(lambda _=False, i=n - 1: self.apply_favourite(i))
            self.favourites.addWidget(b)
            buttons.append(b)
        more = QToolButton(text="More…")
        more.setAutoRaise(True)
        more.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        more.clicked.connect(lambda: self.quick_pick())
        self.favourites.addWidget(more)
        self.favourites.addStretch(1)
        self.favourite_bar.show_buttons(
            buttons,
            more,
            [f"Alt+{n}: {paths[c]}" for n, c in enumerate(favourites[4:], start=5)]
            + ["Ctrl+Shift+K (or Q in an answer): pick any code by name"],
        )

    def event(self, event: QEvent) -> bool:
        # Alt+1…9 code the selection from anywhere in the document (the interview picker,
        # a favourite's button), not only from the text; Ctrl+Shift+K and L too.  (Ctrl+1…7
        # are left to the Go menu, which changes the page from here as from anywhere.)
        if event.type() == QEvent.Type.ShortcutOverride and (
            _favourite_key(event) is not None or pick_key(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        # Tabbing through the picker selects its text and scrolls to the end; left, it
        # shows the start again: the respondent's name, not "…er interview · baseline"
        if event.type() == QEvent.Type.FocusOut and obj is self.picker:
            self.picker.lineEdit().home(False)
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index, pick = _favourite_key(event), pick_key(event)
        if pick is not None:
            self.coding_key(pick)
        elif index is None:
            super().keyPressEvent(event)
        elif self.current is None or self.current.selection_span() is None:
            self.ctx.status.emit("Select a passage first, then Alt+1 … Alt+9 code it.")
        else:
            self.apply_favourite(index)

    def coding_key(self, key: Qt.Key) -> Any:
        """Ctrl+Shift+K (pick a code) or Ctrl+Shift+L (the code used last) pressed outside
        the text, e.g. in the picker, on a favourite's button or in the code tree: they
        code the passage that shows selected in the text; with none, they say why not."""
        editor = self.current
        if editor is None or editor.selection_span() is None:
            what = "pick a code for it" if key == Qt.Key.Key_K else "code it again"
            self.ctx.status.emit(
                "Nothing is selected in the interview text: select a passage (Shift+arrows "
                f"or the mouse), then Ctrl+Shift+{'K' if key == Qt.Key.Key_K else 'L'} "
                f"will {what}."
            )
            return None
        if key == Qt.Key.Key_K:
            return self.quick_pick(editor)
        return self.code_again(editor)

    def _stray_key(self) -> None:
        self.ctx.status.emit(
            "The selected text was kept: Alt+1 … Alt+9 code it with a favourite, "
            "Ctrl+Shift+K picks any code; to edit the text, click in it first."
        )

    def open_at(self, interview_id: str, target: Any = None, focus: bool = True) -> None:
        if interview_id != self.interview_id:
            self.set_interview(interview_id)
        if target:
            _kind, source_id, start, end = target
            editor = self.editors.get(source_id)
            if editor is not None:
                editor.select_span(start, end)
                self.current = editor
                rect = editor.cursorRect(editor.textCursor())
                y = editor.mapTo(self.body, rect.topLeft()).y()
                self.scroll.ensureVisible(0, y, 0, 120)
                if focus:
                    editor.setFocus()

    # -- note editing -------------------------------------------------------------------
    def _typed(self, editor: CodingTextEdit) -> None:
        sid = editor.property("source").id
        timer = self._timers.get(sid)
        if timer is None:
            timer = self._timers[sid] = QTimer(self, singleShot=True, interval=EDIT_DELAY_MS)
            timer.timeout.connect(lambda: self.commit_note(sid))
        timer.start()

    def flush(self) -> None:
        for sid, timer in list(self._timers.items()):
            if timer.isActive():
                timer.stop()
                self.commit_note(sid)

    def commit_note(self, note_id: str) -> None:
        editor = self.editors.get(note_id)
        if editor is None:
            return
        store, new = self.ctx.store, editor.text()
        _iid, old = store.source_text("note", note_id)
        if new != old:
            made: dict[str, Any] = {}

            def redo() -> None:
                made["edit"] = store.edit_note(note_id, new)

            if self.ctx.edit(
                "Edit note", redo, lambda: store.undo_note_edit(made["edit"]), "notes"
            ):
                from workbench.ui.code_in_place import say_trashed

                say_trashed(self.ctx, made["edit"].trashed)


def pick_key(event: Any) -> Qt.Key | None:
    """Qt.Key.Key_K or Key_L for Ctrl+Shift+K (quick-pick) or Ctrl+Shift+L (code again)."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    if mods == ctrl_shift and event.key() in (Qt.Key.Key_K, Qt.Key.Key_L):
        return Qt.Key(event.key())
    return None


def _favourite_key(event: Any) -> int | None:
    """0…8 for Alt+1…9 (a favourite's slot), else None."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if mods == FAVOURITE_MODIFIER and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
        return event.key() - Qt.Key.Key_1
    return None


def _head(src: Any) -> str:
    """A source's heading: ``NOTE 00:00:03.219 · Jo Smith (interviewer)`` for a turn."""
    if src.kind != "note":
        return src.label
    head = src.label.upper()
    if src.speaker:  # a transcript's turn: "respondent:Alice Kent"
        role, _, name = src.speaker.partition(":")
        role = "someone else" if role == "other" else role
        head += f"  ·  {name} ({role})" if name else f"  ·  ({role})"
    return head
