"""The window's side of encrypted engagements: the passphrase prompt at Open, File → Encrypt…"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_passphrase(parent: QWidget, path: str | Path, label: str = "") -> str | None:
    """A passphrase typed into a small dialog (its characters hidden); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        "Encrypted engagement",
        label or f"Passphrase for {Path(path).name}:",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def passphrase_to_open(parent: QWidget, path: str | Path) -> tuple[bool, str | None]:
    """(go on, passphrase): the passphrase when the file needs one; (False, None) if cancelled."""
    from workbench.store.database import needs_passphrase

    if not needs_passphrase(path):
        return True, None
    passphrase = ask_passphrase(parent, path)
    return passphrase is not None, passphrase


def encrypt_open_file(window: Any) -> bool:
    """File → Encrypt…: a new passphrase (typed twice), the file encrypted and opened again."""
    from workbench.store import EngagementFileError, open_engagement
    from workbench.store.database import needs_passphrase
    from workbench.store.encryption import encrypt_file, passphrase_problem

    store = window.store
    if store is None:
        return False
    path = Path(store.path)
    if needs_passphrase(path):
        window.warn("Encrypt", f"{path.name} is already encrypted.")
        return False
    if store.read_only:
        window.warn("Encrypt", f"{path.name} is open read-only; it cannot be encrypted here.")
        return False
    passphrase = ask_passphrase(window, path, f"A passphrase for {path.name}:")
    if passphrase is None:
        return False
    problem = passphrase_problem(passphrase)
    if problem:
        window.warn("Encrypt", f"Not encrypted: {problem}.")
        return False
    if ask_passphrase(window, path, "The same passphrase again:") != passphrase:
        window.warn("Encrypt", "Not encrypted: the two passphrases differ.")
        return False
    window.ctx.tasks.wait()
    window.ctx.set_store(None)  # the file is rewritten whole: nobody may hold it open
    try:
        encrypt_file(path, passphrase)
    except EngagementFileError as exc:
        window.warn("Encrypt", f"Not encrypted: {exc}")
        window.ctx.set_store(open_engagement(path))
        return False
    window.ctx.set_store(open_engagement(path, passphrase=passphrase))
    window.statusBar().showMessage(
        f"{path.name} is encrypted; it opens only with its passphrase, which cannot be "
        "recovered if it is forgotten.",
        10000,
    )
    return True
