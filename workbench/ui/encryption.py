"""The window's side of encrypted engagements: the passphrase prompt at Open, File → Encryption…
(encrypt; change or remove the passphrase)."""

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
    passphrase = ask_passphrase(
        window,
        path,
        f"Encrypting {path.name} protects its notes and answers on this disk. Anyone who "
        "opens it will need the passphrase, and without it the file cannot be recovered.\n\n"
        f"A passphrase for {path.name}:",
    )
    if passphrase is None:
        return False
    problem = passphrase_problem(passphrase)
    if problem:
        window.warn("Encrypt", f"Not encrypted: {problem}.")
        return False
    again = ask_passphrase(window, path, "The same passphrase again:")
    if again is None:  # cancelled: nothing to warn about
        return False
    if again != passphrase:
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


CHANGE, REMOVE = "change", "remove"


def encryption_of_open_file(window: Any, choice: str | None = None) -> bool:
    """File → Encryption…: encrypt a plain file; for an encrypted one, change or remove
    its passphrase (``choice``: "change" or "remove"; asked for when None)."""
    from workbench.store.database import needs_passphrase

    store = window.store
    if store is None:
        return False
    path = Path(store.path)
    if not needs_passphrase(path):
        return encrypt_open_file(window)
    if choice is None:
        choice = _ask_choice(window, path)
        if choice is None:
            return False
    if choice == CHANGE:
        return change_open_passphrase(window)
    return remove_open_encryption(window)


def _ask_choice(window: Any, path: Path) -> str | None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(window)
    box.setObjectName("encryptionChoice")
    box.setWindowTitle("Encryption")
    box.setText(f"{path.name} is encrypted: it opens only with its passphrase.")
    box.setInformativeText(
        "Change the passphrase (its automatic backups follow), or remove the encryption "
        "(the file is then readable by anyone who has it; its backups stay encrypted)."
    )
    change = box.addButton("Change Passphrase…", QMessageBox.ButtonRole.AcceptRole)
    remove = box.addButton("Remove Encryption…", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(change)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return CHANGE if clicked is change else REMOVE if clicked is remove else None


def _current_passphrase(window: Any, path: Path, title: str) -> str | None:
    """The current passphrase typed again (whoever sits at an unlocked laptop cannot
    change it); None, with a message, when cancelled or wrong."""
    typed = ask_passphrase(window, path, f"The current passphrase of {path.name}:")
    if typed is None:
        return None
    if typed != window.store._key:
        window.warn(title, "That is not the passphrase of this file; nothing was changed.")
        return None
    return typed


def _rewrite(window: Any, path: Path, old: str, new: str | None, title: str, work: Any) -> bool:
    """Close the file, run ``work()``, open it again (with ``new``, or ``old`` on failure)."""
    from workbench.store import EngagementFileError, open_engagement

    window.ctx.tasks.wait()
    window.ctx.set_store(None)
    try:
        work()
    except (EngagementFileError, OSError) as exc:
        window.warn(title, f"Nothing was changed: {exc}")
        window.ctx.set_store(open_engagement(path, passphrase=old))
        return False
    window.ctx.set_store(open_engagement(path, passphrase=new))
    return True


def change_open_passphrase(window: Any) -> bool:
    from workbench.store.encryption import change_passphrase, passphrase_problem

    title = "Change the passphrase"
    path = Path(window.store.path)
    if window.store.read_only:
        window.warn(title, f"{path.name} is open read-only; its passphrase cannot change here.")
        return False
    old = _current_passphrase(window, path, title)
    if old is None:
        return False
    new = ask_passphrase(window, path, f"A new passphrase for {path.name}:")
    if new is None:
        return False
    problem = passphrase_problem(new)
    if problem:
        window.warn(title, f"Not changed: {problem}.")
        return False
    again = ask_passphrase(window, path, "The same new passphrase again:")
    if again is None:  # cancelled: nothing to warn about
        return False
    if again != new:
        window.warn(title, "Not changed: the two passphrases differ.")
        return False
    done: list[str] = []
    if not _rewrite(
        window, path, old, new, title, lambda: done.extend(change_passphrase(path, old, new))
    ):
        return False
    window.statusBar().showMessage("; ".join(done) + ".", 10000)
    return True


def remove_open_encryption(window: Any) -> bool:
    from workbench.store.encryption import decrypt_file

    title = "Remove the encryption"
    path = Path(window.store.path)
    if window.store.read_only:
        window.warn(title, f"{path.name} is open read-only; its encryption cannot be removed here.")
        return False
    old = _current_passphrase(window, path, title)
    if old is None:
        return False
    done: list[str] = []
    if not _rewrite(window, path, old, None, title, lambda: done.extend(decrypt_file(path, old))):
        return False
    window.statusBar().showMessage("; ".join(done) + ".", 10000)
    return True
