"""File > Import Form… and Export Form…: a consultant's own forms in and out of the engagement."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.file_dialogs import open_file_name, save_file_name


def import_form_file(
    ctx: Any, parent: QWidget | None, path: str | None = None, confirm: Any = None
) -> Any:
    """Add a YAML form or an XLSForm to the engagement (undo is not offered: a stored form
    snapshot is harmless and later interviews may point at it). Returns the stored version.

    What cannot be carried over is listed first and the consultant decides (``confirm``,
    given the list as text, answers instead of a dialog); questions that are imported
    under a new key are listed apart from those."""
    from workbench.forms.files import FormFileError, read_form_file

    if ctx.store is None:
        return None
    if path is None:
        path, _f = open_file_name(
            parent, "Import a form", "Forms (*.yaml *.yml *.xlsx *.xls *.ods);;All files (*)",
            kind="form", ctx=ctx,
        )  # fmt: skip
        if not path:
            return None
    try:
        form, warnings = read_form_file(path)
    except FormFileError as exc:
        _tell(parent, "The form cannot be imported", str(exc), warning=True)
        return None
    from workbench.forms.xlsform import split_renamed

    dropped, renamed = split_renamed(warnings)
    if dropped:
        summary = f"{form.title}: {form.question_count()} questions can be imported."
        if confirm is None:
            dialog = FormImportDialog(parent, "Import the form?", summary, dropped, renamed,
                                      question="Import the form without these?")  # fmt: skip
            confirmed = dialog.exec() == QDialog.DialogCode.Accepted
        else:
            confirmed = bool(confirm(_as_text(summary, dropped, renamed)))
        if not confirmed:
            return None
    row = ctx.store.ensure_form_version(form, source="imported")
    ctx.record("forms")
    text = f"{form.title} (version {row.version}, {form.question_count()} questions) is now in this engagement."
    if row.version != form.version:
        text += (
            f"\n\nVersion {form.version} is already stored with a different definition, "
            f"so this one is version {row.version}."
        )
    if dropped or renamed:
        done = FormImportDialog(parent, "Form imported", text, dropped, renamed)
        done.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _SHOWN.add(done)  # kept while open even without a parent window
        done.finished.connect(lambda _r, d=done: _SHOWN.discard(d))
        done.open()  # never blocks: tests and a busy window carry on
    else:
        _tell(parent, "Form imported", text)
    return row


_SHOWN: set[QDialog] = set()


def _as_text(summary: str, dropped: list[str], renamed: list[str]) -> str:
    parts = [summary]
    if dropped:
        parts.append("Not carried over:\n" + "\n".join(f"• {w}" for w in dropped))
    if renamed:
        parts.append("Carried over under a new key:\n" + "\n".join(f"• {w}" for w in renamed))
    return "\n\n".join(parts)


class FormImportDialog(QDialog):
    """What an imported form leaves behind (and which questions get a new key): a summary
    line, the rows in a list that scrolls, and the buttons always in view, sized to fit the
    screen however long the list."""

    def __init__(self, parent: QWidget | None, title: str, summary: str, dropped: list[str],
                 renamed: list[str], question: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        head = QLabel(summary)
        head.setWordWrap(True)
        layout.addWidget(head)
        lines: list[str] = []
        if dropped:
            lines += [f"Not carried over ({len(dropped)}):", *(f"• {w}" for w in dropped)]
        if renamed:
            lines += [*([""] if lines else []),
                      f"Carried over under a new key ({len(renamed)}):",
                      *(f"• {w}" for w in renamed)]  # fmt: skip
        self.rows = QPlainTextEdit("\n".join(lines))
        self.rows.setReadOnly(True)
        self.rows.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.rows, 1)
        if question:
            layout.addWidget(QLabel(question))
            buttons = QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
        else:
            buttons = QDialogButtonBox.StandardButton.Ok
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fit(len(lines))

    def _fit(self, count: int) -> None:
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or (
            QGuiApplication.primaryScreen()
        )
        room = screen.availableGeometry() if screen else QRect(0, 0, 1024, 768)
        line = self.rows.fontMetrics().lineSpacing()
        wanted_width = min(720, int(room.width() * 0.9))
        chrome = self.layout().sizeHint().height() - self.rows.sizeHint().height()
        wanted_height = chrome + line * (count + 2) + 24
        # the frame the window system adds is outside the dialog: leave it room
        height = min(wanted_height, int(room.height() * 0.85))
        self.setMaximumHeight(int(room.height() * 0.9))
        self.resize(wanted_width, max(height, min(300, int(room.height() * 0.85))))


def export_form_file(
    ctx: Any, parent: QWidget | None, form_id: str | None = None, path: str | None = None
) -> str | None:
    """Write one of the engagement's forms (or a built-in one) as YAML to edit."""
    from workbench.forms.files import write_form_file
    from workbench.forms.library import builtin_forms

    forms = {f.id: f for f in builtin_forms().values()}
    if ctx.store is not None:
        forms.update({f.id: f for f in ctx.store.engagement_forms()})
    if form_id is None:
        ids = sorted(forms)
        labels = [f"{forms[i].title} ({i} v{forms[i].version})" for i in ids]
        label, ok = QInputDialog.getItem(parent, "Export a form", "Form:", labels, 0, False)
        if not ok:
            return None
        form_id = ids[labels.index(label)]
    if path is None:
        path, _f = save_file_name(
            parent,
            "Export the form",
            f"{form_id}.yaml",
            "Form definition (*.yaml);;XLSForm for ODK and KoboToolbox (*.xlsx)",
            kind="form", ctx=ctx,
        )  # fmt: skip
        if not path:
            return None
    write_form_file(forms[form_id], path)
    ctx.status.emit(f"Form {form_id} written to {path}")
    return path


def import_responses(ctx: Any, parent: QWidget | None) -> Any:
    """The import dialog, then what was imported and what the new respondents were given
    (their segment, no consent recorded) in a box that does not block."""
    from workbench.ui.import_dialog import ImportDialog

    if ctx.store is None:
        return None
    dialog = ImportDialog(ctx, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.report:
        _tell(parent, "Responses imported", dialog.report)
    return dialog


def _tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.open()  # never blocks: tests and a busy window carry on
