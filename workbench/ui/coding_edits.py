"""Coding in the coding document: a code applied to the selected passage (a favourite,
the code used last, or one picked by name), a segment recoded, accepted, rejected or
uncoded, a memo added, and the text's context menu that offers them.  Every change goes
through ``ctx.edit`` and so can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenu

from workbench.coding import service
from workbench.coding.anchors import coded_span
from workbench.ui.coding_text import NO_WORDS, CodingTextEdit, QuickPick, coded_words


class CodingEdits:
    """The coding half of :class:`workbench.ui.coding_view.CodingDocument` (a mixin: it
    uses the document's ``ctx``, ``page``, ``editors``, ``current``, ``recent``,
    ``favourite_codes`` and ``flush``)."""

    ctx: Any
    page: Any
    editors: dict[str, CodingTextEdit]
    current: CodingTextEdit | None
    interview_id: str | None

    # -- coding -------------------------------------------------------------------------
    def editor(self, source_id: str) -> CodingTextEdit:
        return self.editors[source_id]

    def code_again(self, editor: CodingTextEdit | None = None) -> str | None:
        """Code the selection with the code used last (Ctrl+Shift+L)."""
        live = self.ctx.store.code_paths() if self.ctx.store else {}
        last = next((c for c in self.recent if c in live), None)
        if last is None:
            self.ctx.status.emit("No code used yet: Ctrl+Shift+K picks one.")
            return None
        return self.apply_code(last, editor)

    def apply_favourite(self, index: int, editor: CodingTextEdit | None = None) -> str | None:
        codes = self.favourite_codes()
        return self.apply_code(codes[index], editor) if index < len(codes) else None

    def quick_pick(self, editor: CodingTextEdit | None = None) -> QuickPick | None:
        editor = editor or self.current
        span = editor.selection_span() if editor else None
        if editor is None or span is None:
            self.ctx.status.emit("Select some text, then pick a code for it.")
            return None
        suggestions: dict[str, float] = {}
        model = service.train_suggester(self.ctx.store)
        if model is not None:
            ids = {p: c for c, p in self.ctx.store.code_paths().items()}
            text = editor.text()[span[0] : span[1]]
            for path, p in model.suggest(text, top=3, min_confidence=0.15):
                if path in ids:
                    suggestions[ids[path]] = p
        popup = QuickPick(self.page.code_choices(), self, suggestions)
        popup.chosen.connect(lambda cid: self.apply_code(cid, editor, span))
        rect = editor.cursorRect(editor.textCursor())
        popup.popup(editor.viewport().mapToGlobal(rect.bottomLeft()))
        return popup

    def apply_code(
        self,
        code_id: str,
        editor: CodingTextEdit | None = None,
        span: tuple[int, int] | None = None,
    ) -> str | None:
        """Code the selection (or ``span``) of ``editor`` with ``code_id``; returns the segment id."""
        editor = editor or self.current
        if editor is None:
            return None
        span = span or editor.selection_span()
        if span is None:
            self.ctx.status.emit("Select some text first.")
            return None
        text = editor.text()
        kept = coded_span(text, *span)
        if kept is None:
            self.ctx.status.emit(NO_WORDS)
            return None
        start, end = kept
        self.flush()
        src: service.Source = editor.property("source")
        store, made = self.ctx.store, {}
        name = store.code_paths().get(code_id, "")
        if store.twin_segment(code_id, src.kind, src.id, start, end, self.ctx.user_name):
            self.ctx.status.emit(f"This passage is already coded with {name}.")
            return None

        def redo() -> None:
            if "id" in made:
                store.restore_segment(made["id"])
            else:
                made["id"] = store.code_segment(
                    code_id, src.kind, src.id, start, end, coder=self.ctx.user_name
                ).id

        if not self.ctx.edit(f"Code “{text[start:end][:30]}” as '{name}'", redo,
                             lambda: store.uncode_segment(made["id"]), "segments"):  # fmt: skip
            return None
        recent = [code_id] + [c for c in self.recent if c != code_id][:20]
        self.ctx.settings.setValue("coding/recent", recent)
        if editor.text() == text:
            editor.select_span(start, end)
        self.ctx.status.emit(coded_words(text[start:end], name))
        return made["id"]

    def recode_segment(self, segment_id: str, code_id: str) -> None:
        store = self.ctx.store
        old = store.update_segment(segment_id, code_id=code_id)
        store.update_segment(segment_id, **old)
        label = f"Recode segment as '{_path(store, code_id)}'"
        self.ctx.edit(label, lambda: store.update_segment(segment_id, code_id=code_id),
                      lambda: store.update_segment(segment_id, **old), "segments")  # fmt: skip

    def set_status(self, segment_id: str, status: str, code_id: str | None = None) -> None:
        store = self.ctx.store
        new = {"status": status} | ({"code_id": code_id} if code_id else {})
        old = store.update_segment(segment_id, **new)
        store.update_segment(segment_id, **old)
        verb = {"accepted": "Accept", "rejected": "Reject"}.get(status, f"Mark {status}")
        path = _segment_path(store, segment_id) if code_id is None else _path(store, code_id)
        self.ctx.edit(f"{verb} proposal '{path}'", lambda: store.update_segment(segment_id, **new),
                      lambda: store.update_segment(segment_id, **old), "segments")  # fmt: skip

    def remove_segment(self, segment_id: str) -> None:
        store = self.ctx.store
        path = _segment_path(store, segment_id)
        self.ctx.edit(f"Remove code '{path}' from a segment", lambda: store.uncode_segment(segment_id),
                      lambda: store.restore_segment(segment_id), "segments")  # fmt: skip

    def add_memo(self, kind: str, target_id: str | None, body: str | None = None) -> str | None:
        if body is None:
            body, ok = QInputDialog.getMultiLineText(self, "Memo", f"Memo on this {kind}:")
            if not ok or not body.strip():
                return None
        store, made = self.ctx.store, {}

        def redo() -> None:
            if "id" in made:
                store.restore_memo(made["id"])
            else:
                row = store.add_memo(kind, target_id, body, author=self.ctx.user_name)
                made.update(id=row.id, row=row)

        self.ctx.edit(
            f"Add memo on {MEMO_ON.get(kind, kind)}",
            redo,
            lambda: store.trash_memo(made["id"]),
            "memos",
        )
        return made["id"]

    # -- context menu, navigation -------------------------------------------------------
    def _menu(self, editor: CodingTextEdit, global_pos: Any, offset: int) -> None:
        self.current = editor
        menu = QMenu(self)
        if editor.selection_span():
            menu.addAction("Apply code…", lambda: self.quick_pick(editor))
        for mark in editor.marks_at(offset):
            sub = menu.addMenu(mark.name.replace("&", "&&"))  # "&" shown, not a mnemonic
            sid = mark.segment_id
            if mark.status == "pending":
                sub.addAction("Accept", lambda s=sid: self.set_status(s, "accepted"))
                sub.addAction("Reject", lambda s=sid: self.set_status(s, "rejected"))
            sub.addAction("Recode…", lambda s=sid, c=mark.code_id: self.page.pick_code(
                "Recode as…", lambda t: self.recode_segment(s, t), c))  # fmt: skip
            sub.addAction("Remove code", lambda s=sid: self.remove_segment(s))
            sub.addAction("Add memo…", lambda s=sid: self.add_memo("segment", s))
        menu.addSeparator()
        menu.addAction(
            "Memo on this interview…", lambda: self.add_memo("interview", self.interview_id)
        )
        menu.exec(global_pos)

    def _select_segment(self, editor: CodingTextEdit, segment_id: str) -> None:
        mark = next((m for m in editor.marks if m.segment_id == segment_id), None)
        if mark is not None:
            editor.select_span(mark.start, mark.end)
            self.page.select_codes([mark.code_id])


#: What a memo is on, as its undo label says it.
MEMO_ON = {
    "engagement": "the engagement",
    "interview": "an interview",
    "segment": "a segment",
    "code": "a code",
}


def _path(store: Any, code_id: str) -> str:
    return store.code_paths().get(code_id, "")


def _segment_path(store: Any, segment_id: str) -> str:
    """The path of the code a segment is coded with (for an undo label)."""
    from workbench.store.models import CodedSegment

    with store.session() as s:
        seg = s.get(CodedSegment, segment_id)
        return _path(store, seg.code_id) if seg is not None else ""
