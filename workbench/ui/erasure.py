"""Erasing or pseudonymising a respondent from the window (Respondents → Erase…).

The same core functions as ``workbench erase FILE --respondent NAME``: a preview of what
changes, a confirmation (Cancel is the default), the erasure in one transaction, then the
file closed, vacuumed, its -wal emptied, and opened again.  The record the core makes (a
memo on the engagement, without the name) is shown, and listed under Edit → Data
Protection….
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

ERASE_CHOICE = "Erase them and everything that identifies them"
PSEUDONYMISE_CHOICE = (
    "Pseudonymise them instead: keep their interviews and quotes, replace their identity"
)


def erase_respondent(
    window: Any, respondent_id: str, confirm: Any = None, parent: QWidget | None = None
) -> str | None:
    """Erase (or pseudonymise) one respondent after a preview; the record made, or None.

    ``confirm(dialog) -> bool`` replaces the modal question (tests); the dialog's
    ``values()`` says whether pseudonymising was chosen."""
    from workbench.store.erasure import erase, plan_erasure, pseudonymise
    from workbench.ui.protection import PreviewDialog, reopen_after

    store = window.ctx.store
    if store is None or store.read_only:
        return None
    name = store.respondent(respondent_id).name
    plan = plan_erasure(store, respondent_id, name)
    dialog = PreviewDialog(
        f"Erase {name}",
        f"On their request, {name} can be erased from {Path(store.path).name}, or "
        "pseudonymised. Erasing removes:",
        plan.lines(),
        "Erase…",
        parent or window,
        choice=(ERASE_CHOICE, PSEUDONYMISE_CHOICE),
    )
    ok = confirm(dialog) if confirm is not None else dialog.exec() == QDialog.DialogCode.Accepted
    pseudonymising = dialog.values()
    dialog.deleteLater()
    if not ok:
        return None
    path, key = Path(store.path), store._key
    window.ctx.tasks.wait()
    author = window.ctx.given_name()
    if pseudonymising:
        record = pseudonymise(store, plan, author=author)[1]
    else:
        record = erase(store, plan, author=author)
    reopen_after(window, path, key)
    done = "Pseudonymised" if pseudonymising else "Erased"
    window.statusBar().showMessage(f"{done}. {record}", 15000)
    box = QMessageBox(
        QMessageBox.Icon.Information,
        done,
        f"{done}. Recorded in the engagement:\n\n{record}\n\n"
        "The records of erasures are listed under Edit ▸ Data Protection….",
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("erasureDone")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window.erasure_message = box
    return record
