"""File > Import Form… and Export Form…: a consultant's own forms in and out of the engagement."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


def import_form_file(
    ctx: Any, parent: QWidget | None, path: str | None = None, confirm: Any = None
) -> Any:
    """Add a YAML form or an XLSForm to the engagement (undo is not offered: a stored form
    snapshot is harmless and later interviews may point at it). Returns the stored version.

    What cannot be carried over is listed first and the consultant decides (``confirm``,
    given the list as text, answers instead of a dialog)."""
    from workbench.forms.files import FormFileError, read_form_file

    if ctx.store is None:
        return None
    if path is None:
        path, _f = QFileDialog.getOpenFileName(
            parent, "Import a form", "", "Forms (*.yaml *.yml *.xlsx *.xls *.ods);;All files (*)"
        )
        if not path:
            return None
    try:
        form, warnings = read_form_file(path)
    except FormFileError as exc:
        _tell(parent, "The form cannot be imported", str(exc), warning=True)
        return None
    listed = "\n".join(f"• {w}" for w in warnings)
    if warnings:
        question = (
            f"{form.title}: {form.question_count()} questions can be imported.\n\n"
            f"Not carried over:\n{listed}\n\nImport the form without these?"
        )
        if confirm is None:
            answer = QMessageBox.question(parent, "Import the form?", question)
            confirmed = answer == QMessageBox.StandardButton.Yes
        else:
            confirmed = bool(confirm(question))
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
    if warnings:
        text += "\n\nNot carried over:\n" + listed
    _tell(parent, "Form imported", text)
    return row


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
        path, _f = QFileDialog.getSaveFileName(
            parent,
            "Export the form",
            f"{form_id}.yaml",
            "Form definition (*.yaml);;XLSForm for ODK and KoboToolbox (*.xlsx)",
        )
        if not path:
            return None
    write_form_file(forms[form_id], path)
    ctx.status.emit(f"Form {form_id} written to {path}")
    return path


def import_responses(ctx: Any, parent: QWidget | None) -> None:
    from workbench.ui.import_dialog import ImportDialog

    if ctx.store is not None:
        ImportDialog(ctx, parent).exec()


def _tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.open()  # never blocks: tests and a busy window carry on
