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
) -> Any:
    """Erase (or pseudonymise) one respondent after a preview, in the background; the
    task's state (the record made goes to ``window.erasure_record``), None when not done.

    ``confirm(dialog) -> bool`` replaces the modal question (tests); the dialog's
    ``values()`` says whether pseudonymising was chosen."""
    from workbench.store.erasure import erase, plan_erasure, pseudonymise
    from workbench.ui.protection import PreviewDialog, run_erasure

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
        "Erase",
        parent or window,
        choice=(ERASE_CHOICE, PSEUDONYMISE_CHOICE),
    )
    dialog.alternative.toggled.connect(
        lambda on: dialog.go.setText("Pseudonymise" if on else "Erase")
    )
    ok = confirm(dialog) if confirm is not None else dialog.exec() == QDialog.DialogCode.Accepted
    pseudonymising = dialog.values()
    dialog.deleteLater()
    if not ok:
        return None
    author = window.ctx.given_name()
    done = "Pseudonymised" if pseudonymising else "Erased"

    def work(working: Any) -> str:
        if pseudonymising:
            return pseudonymise(working, plan, author=author)[1]
        return erase(working, plan, author=author)

    def announce(record: str) -> None:
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

    doing = "Pseudonymising" if pseudonymising else "Erasing"
    return run_erasure(window, f"{doing} {name}", work, announce)
