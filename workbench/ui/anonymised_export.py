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
    """The changes as (where, kind, what, becomes, times), in the order first made (the
    words kept as ordinary words are no change and left out)."""
    from workbench.deliver.anonymise import changes

    counts = Counter((r.where, r.kind, r.what, r.replaced_by) for r in changes(log))
    return [(*key, n) for key, n in counts.items()]


def _kept_as_changes(log: list[Any]) -> list[tuple[str, str, str, str, int]]:
    """The words kept as ordinary words as the changes they become when the consultant
    ticks them to be replaced: (where, "name", word, "[name]", times)."""
    from workbench.deliver.anonymise import KEPT, NAME_PLACEHOLDER

    counts = Counter((r.where, r.what) for r in log if r.kind == KEPT)
    return [(where, "name", what, NAME_PLACEHOLDER, n) for (where, what), n in counts.items()]


def kept_line(log: list[Any]) -> str:
    """The line an anonymised export says about the words it kept ("" when none)."""
    from workbench.deliver.anonymise import kept_summary

    summary = kept_summary(log)
    return f"Kept as ordinary words (not replaced): {summary}" if summary else ""


class AnonymisationPreview(QDialog):
    """Every replacement and suppression of an anonymised deliverable, before it is kept."""

    def __init__(self, what: str, target: Path, log: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("anonymisationPreview")
        self.setWindowTitle(f"Anonymised {what}: what changes")
        self.resize(860, 520)
        self._log, self._what, self._target = log, what, target
        changed, kept = grouped(log), _kept_as_changes(log)
        # The changes, then the words kept as ordinary words: hidden unless ticked.
        self._rows = [*changed, *kept]
        self._from_kept = [False] * len(changed) + [True] * len(kept)
        self.words = self._words_table(log)
        intro = self.intro = QLabel(self._intro_text())
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.kept_label = QLabel(self._kept_text())
        self.kept_label.setObjectName("anonymisationKept")
        self.kept_label.setWordWrap(True)
        self.kept_label.setTextFormat(Qt.TextFormat.PlainText)
        rows = self._rows
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
        self._kept_changed()
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
        layout.addWidget(self.kept_label)
        self.kept_label.setVisible(bool(self.kept_label.text()))
        layout.addWidget(self.table, 3)
        if self.words.rowCount():
            self.resize(860, 640)
            words = QLabel(
                "Words that are parts of a respondent's name. Ticked, a word is replaced "
                "wherever it stands alone; unticked, it is kept there (full names are "
                "always replaced). A word is kept as an ordinary word where it opens a "
                "sentence, names a code or is a function word (will, may) also written in "
                "lowercase in the engagement, and stands in no list with other names: tick "
                "it to replace it. A "
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
        """One row a word: ticked where every time it stands alone it is replaced,
        unticked where every time it is kept as an ordinary word, partly ticked where
        it is kept at a sentence's start and replaced elsewhere (as it stands)."""
        from workbench.deliver.anonymise import kept_words, lone_names, possible_reasons

        replaced = {w: (n, possible, context) for w, n, possible, context in lone_names(log)}
        kept = {w: (n, context) for w, n, context in kept_words(log)}
        why = possible_reasons(log)
        order = [*replaced, *(w for w in kept if w not in replaced)]
        table = QTableWidget(len(order), 4)
        table.setObjectName("anonymisationWords")
        table.setHorizontalHeaderLabels(["Replace", "Times", "Note", "Seen in"])
        self._default_state: dict[str, Qt.CheckState] = {}
        for i, word in enumerate(order):
            n, possible, context = replaced.get(word, (0, False, ""))
            n_kept, kept_context = kept.get(word, (0, ""))
            check = QTableWidgetItem(word)
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            if n and n_kept:
                state, note = Qt.CheckState.PartiallyChecked, f"kept {n_kept} of {n + n_kept}"
                flags |= Qt.ItemFlag.ItemIsUserTristate
            elif n_kept:
                state, note = Qt.CheckState.Unchecked, "kept: ordinary word"
            else:
                state, note = Qt.CheckState.Checked, "possible name" if possible else ""
            check.setFlags(flags)
            check.setCheckState(state)
            check.setData(Qt.ItemDataRole.UserRole, word)
            self._default_state[word] = state
            table.setItem(i, 0, check)
            tip = {
                Qt.CheckState.Checked: f"Possible name: {why[word]}" if word in why else "",
                Qt.CheckState.Unchecked: "Kept where it opens a sentence, is written in "
                "lowercase elsewhere or names a code, and stands apart from the rest of "
                "the name. Tick to replace it.",
                Qt.CheckState.PartiallyChecked: f"Kept {n_kept} time(s) as an ordinary word "
                f"(\u201c{kept_context}\u201d), replaced {n} time(s) elsewhere. Tick to "
                "replace it everywhere, untick to keep it everywhere it stands alone.",
            }[state]
            for j, value in enumerate((str(n + n_kept), note, context or kept_context), 1):
                item = QTableWidgetItem(value)
                item.setToolTip(tip if j == 2 and tip else value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(i, j, item)
        table.verticalHeader().hide()
        for column, width in enumerate((150, 60, 130, 480)):
            table.setColumnWidth(column, width)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _states(self) -> dict[str, Qt.CheckState]:
        """Each word's tick as it stands."""
        out = {}
        for i in range(self.words.rowCount()):
            item = self.words.item(i, 0)
            out[str(item.data(Qt.ItemDataRole.UserRole))] = item.checkState()
        return out

    def _shown(self) -> list[bool]:
        """Which rows of the changes are made with the words ticked as they stand: a
        word unticked is kept wherever it stands alone, a word ticked is replaced
        wherever it stands, a word partly ticked as the anonymisation found it."""
        from workbench.deliver.anonymise import NAME_PLACEHOLDER

        states = self._states()
        out = []
        for (_where, kind, was, becomes, _n), from_kept in zip(
            self._rows, self._from_kept, strict=True
        ):
            state = states.get(was) if kind == "name" and becomes == NAME_PLACEHOLDER else None
            if state is None:
                out.append(not from_kept)
            elif from_kept:
                out.append(state == Qt.CheckState.Checked)
            else:
                out.append(state != Qt.CheckState.Unchecked)
        return out

    def _intro_text(self) -> str:
        """The count of changes, by kind, as the words are ticked."""
        kinds: Counter[str] = Counter()
        for (_where, kind, _was, _becomes, n), shown in zip(self._rows, self._shown(), strict=True):
            if shown:
                kinds[kind] += n
        total = sum(kinds.values())
        summary = ", ".join(
            f"{n} {KIND_WORDS.get(k, k)}{'s' if n != 1 else ''}" for k, n in kinds.most_common()
        )
        what = self._what
        return (
            f"Anonymising the {what} makes {total} change{'s' if total != 1 else ''}"
            + (f" ({summary})" if summary else "")
            + f". Check them before the {what} is written to {self._target.name}."
        )

    def _kept_text(self) -> str:
        """The words kept as ordinary words as they are ticked, in one line, and how to
        replace them ("" when none is kept)."""
        from workbench.deliver.anonymise import KEPT

        states = self._states()
        kept = [
            r for r in self._log if r.kind == KEPT and states.get(r.what) != Qt.CheckState.Checked
        ]
        line = kept_line(kept)
        return f"{line} \u2014 tick a word below to replace it." if line else ""

    def _kept_changed(self) -> None:
        """A word unticked leaves the count and the list of changes, a word ticked joins
        them; the line of words kept follows."""
        self.intro.setText(self._intro_text())
        text = self._kept_text()
        self.kept_label.setText(text)
        self.kept_label.setVisible(bool(text))
        for i, shown in enumerate(self._shown()):
            self.table.setRowHidden(i, not shown)

    def kept_words(self) -> list[str]:
        """The words the consultant unticked that would be replaced somewhere: kept
        wherever they stand alone."""
        return [
            word
            for word, state in self._states().items()
            if state == Qt.CheckState.Unchecked
            and self._default_state[word] != Qt.CheckState.Unchecked
        ]

    def replaced_words(self) -> list[str]:
        """The words the consultant ticked that would be kept somewhere as ordinary
        words: replaced wherever they stand."""
        return [
            word
            for word, state in self._states().items()
            if state == Qt.CheckState.Checked and self._default_state[word] != Qt.CheckState.Checked
        ]


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
            kept, replaced = dialog.kept_words(), dialog.replaced_words()
        finally:
            dialog.deleteLater()
        if not keep:
            page.export_state = None
            page.done_label.setText(
                f"Export cancelled after the preview; nothing was written to {target.name}."
            )
            page.export_finished.emit(kind, "")
            return
        if kept or replaced:
            # Written again with the words kept and replaced; the rest as previewed.
            again = replace(
                options,
                keep_words=[*options.keep_words, *kept],
                replace_words=[*options.replace_words, *replaced],
            )
            page.export_state = export_kept(page, kind, target, again, choices, template)
            return
        _put_in_place(written, target)
        _exported(page, kind, target, log)

    page.done_label.setText("")
    page.open_button.hide()
    page.export_state = _export(page, kind, target, options, choices, template, previewed)
    return page.export_state


def export_kept(
    page: Any, kind: str, target: Path, options: Any, choices: Any, template: Any
) -> Any:
    """Write the anonymised deliverable again with the words the consultant kept (its
    preview was seen; only those words change), then put it in place."""

    def written(path: Path, log: Any) -> None:
        _put_in_place(path, target)
        _exported(page, kind, target, log)

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


def _exported(page: Any, kind: str, target: Path, log: Any) -> None:
    """The page says the deliverable is written and, in one line, which words it kept
    as ordinary words."""
    page._exported(kind, target)
    line = kept_line(list(log or []))
    if line:
        page.done_label.setText(f"{page.done_label.text()}\n\n{line}.")
