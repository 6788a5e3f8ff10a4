"""An anonymised export from the window: written aside, its every replacement and
suppression shown, and kept only when the consultant says so.

The deliverable is written once, into a private temporary folder
(``build.export_with_log``); the preview lists exactly what that file's anonymisation
did (as ``workbench report/export --anonymise --preview`` prints it).  Write moves it
into place whole; Cancel deletes it, and nothing is written where the consultant chose.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

_CANCELLED = object()
KIND_WORDS = {
    "name": "name",
    "term": "extra term",
    "quasi-identifier": "role, unit, attribute or identifying answer",
    "cell": "small table cell",
    "column": "column",
    "chart": "chart",
}


def grouped(log: list[Any]) -> list[tuple[str, str, str, str, int]]:
    """The changes as (where, kind, what, becomes, times), in the order first made."""
    counts = Counter((r.where, r.kind, r.what, r.replaced_by) for r in log)
    return [(*key, n) for key, n in counts.items()]


class AnonymisationPreview(QDialog):
    """Every replacement and suppression of an anonymised deliverable, before it is kept."""

    def __init__(self, what: str, target: Path, log: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("anonymisationPreview")
        self.setWindowTitle(f"Anonymised {what}: what changes")
        self.resize(860, 520)
        self._log, self._what, self._target = log, what, target
        intro = self.intro = QLabel(self._intro_text(set()))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        rows = self._rows = grouped(log)
        self.table = QTableWidget(len(rows), 5)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Was", "Becomes", "Times"])
        for i, (where, kind, was, becomes, n) in enumerate(rows):
            for j, value in enumerate((where, KIND_WORDS.get(kind, kind), was, becomes, str(n))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(i, j, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((260, 150, 170, 150, 60)):
            self.table.setColumnWidth(column, width)
        self.words = self._words_table(log)
        self.words.itemChanged.connect(lambda _item: self._kept_changed())
        buttons = QDialogButtonBox()
        self.write = buttons.addButton(
            f"Write the {what.capitalize()}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 3)
        if self.words.rowCount():
            self.resize(860, 640)
            words = QLabel(
                "Words replaced as parts of a respondent's name. Untick a word to keep it "
                "where it stands alone (full names are still replaced). A "
                "\u201cpossible name\u201d may be an ordinary word: it is also a word of "
                "the forms, the codebook or the register, is written in lowercase elsewhere "
                "in the engagement, follows an article, or opens a sentence before a "
                "lowercase word (rest the pointer on the note to see which)."
            )
            words.setWordWrap(True)
            words.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(words)
            layout.addWidget(self.words, 1)
            self.words.setMinimumHeight(90)
        layout.addWidget(buttons)

    def _words_table(self, log: list[Any]) -> QTableWidget:
        from workbench.deliver.anonymise import lone_names, possible_reasons

        rows = lone_names(log)
        why = possible_reasons(log)
        table = QTableWidget(len(rows), 4)
        table.setObjectName("anonymisationWords")
        table.setHorizontalHeaderLabels(["Replace", "Times", "Note", "Seen in"])
        for i, (word, n, possible, context) in enumerate(rows):
            check = QTableWidgetItem(word)
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            check.setData(Qt.ItemDataRole.UserRole, word)
            table.setItem(i, 0, check)
            note = "possible name" if possible else ""
            for j, value in enumerate((str(n), note, context), 1):
                item = QTableWidgetItem(value)
                item.setToolTip(f"Possible name: {why[word]}" if j == 2 and word in why else value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(i, j, item)
        table.verticalHeader().hide()
        for column, width in enumerate((150, 60, 110, 500)):
            table.setColumnWidth(column, width)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _intro_text(self, kept: set[str]) -> str:
        """The count of changes, by kind, without the lone words the consultant keeps."""
        log = [r for r in self._log if not _lone(r, kept)]
        kinds = Counter(r.kind for r in log)
        summary = ", ".join(
            f"{n} {KIND_WORDS.get(k, k)}{'s' if n != 1 else ''}" for k, n in kinds.most_common()
        )
        what = self._what
        return (
            f"Anonymising the {what} makes {len(log)} change{'s' if len(log) != 1 else ''}"
            + (f" ({summary})" if summary else "")
            + f". Check them before the {what} is written to {self._target.name}."
        )

    def _kept_changed(self) -> None:
        """An unticked word leaves the count and the list of changes; ticked, it is back."""
        from workbench.deliver.anonymise import NAME_PLACEHOLDER

        kept = set(self.kept_words())
        self.intro.setText(self._intro_text(kept))
        for i, (_where, kind, was, becomes, _n) in enumerate(self._rows):
            lone = kind == "name" and becomes == NAME_PLACEHOLDER and was in kept
            self.table.setRowHidden(i, lone)

    def kept_words(self) -> list[str]:
        """The words the consultant unticked: kept where they stand alone."""
        out = []
        for i in range(self.words.rowCount()):
            item = self.words.item(i, 0)
            if item.checkState() != Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


def confirm_preview(dialog: AnonymisationPreview) -> bool:
    """Ask (modal); tests replace this."""
    return dialog.exec() == QDialog.DialogCode.Accepted


#: What each kind of export writes, as the window names it.
WHAT = {"word": "report", "excel": "workbook", "deck": "deck"}


def export_with_preview(
    page: Any, kind: str, target: Path, options: Any, choices: Any, template: Any
) -> Any:
    """The Report page's anonymised export (``kind``: "word", "excel" or "deck")."""
    what = WHAT[kind]

    def previewed(written: Path, log: Any) -> None:
        dialog = AnonymisationPreview(what, target, log, page)
        try:
            keep = confirm_preview(dialog)
            kept = dialog.kept_words()
        finally:
            dialog.deleteLater()
        if not keep:
            page.export_state = None
            page.done_label.setText(
                f"Export cancelled after the preview; nothing was written to {target.name}."
            )
            page.export_finished.emit(kind, "")
            return
        if kept:
            # Written again with the words kept; the rest as previewed.
            again = replace(options, keep_words=[*options.keep_words, *kept])
            page.export_state = export_kept(page, kind, target, again, choices, template)
            return
        _put_in_place(written, target)
        page._exported(kind, target)

    page.done_label.setText("")
    page.open_button.hide()
    page.export_state = _export(page, kind, target, options, choices, template, previewed)
    return page.export_state


def export_kept(
    page: Any, kind: str, target: Path, options: Any, choices: Any, template: Any
) -> Any:
    """Write the anonymised deliverable again with the words the consultant kept (its
    preview was seen; only those words change), then put it in place."""

    def written(path: Path, _log: Any) -> None:
        _put_in_place(path, target)
        page._exported(kind, target)

    return _export(page, kind, target, options, choices, template, written)


def _export(
    page: Any,
    kind: str,
    target: Path,
    options: Any,
    choices: Any,
    template: Any,
    finish: Callable[[Path, Any], None],
) -> Any:
    """Write the anonymised deliverable off the UI thread, in a folder of its own, then
    ``finish(written, log)`` on the UI thread; a cancel, a failure and the folder's
    removal are handled here for every kind of finish."""
    what = WHAT[kind]
    folder = Path(tempfile.mkdtemp(prefix="workbench-anonymised-"))
    work = _writer(page.ctx.store, what, folder / target.name, options, choices, template,
                   page.astray, page.finding_warnings)  # fmt: skip

    def done(result: Any) -> None:
        try:
            if result is _CANCELLED:
                page.export_state = None
                page._exported(kind, _cancelled_marker(page))
                return
            finish(*result)
        except Exception as exc:
            page._failed(kind, exc)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def failed(exc: BaseException) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        page._failed(kind, exc)

    return page.ctx.tasks.run(page, f"Anonymising the {what}", work, done, on_error=failed)


def _writer(
    store: Any,
    what: str,
    draft: Path,
    options: Any,
    choices: Any,
    template: Any,
    astray: list[str],
    warnings: list[str],
) -> Any:
    """The background work of an anonymised export: the deliverable written to ``draft``
    with its log (``_CANCELLED`` when the consultant cancels it); ``astray`` filled with
    what every export says of coded passages on words their text lost, ``warnings`` with
    the stale figures of the findings it gives."""

    def work(state: Any) -> Any:
        from workbench.deliver import build
        from workbench.deliver.safety import ExportCancelled
        from workbench.store.passages import export_warning

        astray[:] = export_warning(store)

        def progress(fraction: float, message: str) -> bool:
            if state.cancelled:
                return False
            if state.on_progress is not None:
                state.on_progress(fraction, message)
            return True

        try:
            warnings.clear()  # (written again with the words kept: said once)
            return build.export_with_log(
                store, what, draft, options, choices=choices, template=template,
                progress=progress, warnings=warnings,
            )  # fmt: skip
        except ExportCancelled:
            return _CANCELLED

    return work


def _put_in_place(written: Any, target: Path) -> None:
    from workbench.paths import atomic_path

    with atomic_path(target) as tmp:
        shutil.copyfile(written, tmp)


def _cancelled_marker(page: Any) -> Any:
    from workbench.ui import report_view

    return report_view._CANCELLED


def _lone(r: Any, kept: set[str]) -> bool:
    """Whether ``r`` replaces a lone name part the consultant keeps."""
    from workbench.deliver.anonymise import NAME_PLACEHOLDER

    return r.kind == "name" and r.replaced_by == NAME_PLACEHOLDER and r.what in kept
