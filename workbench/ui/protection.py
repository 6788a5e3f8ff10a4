"""The window's data protection: the engagement's settings (Edit → Data Protection…), the
reminder when the retention date has passed, and the one-step erasure of all personal data.

The core does the work (``workbench.store.protection``, ``workbench.store.retention``,
``workbench.store.erasure``); the command line's ``workbench protection`` and
``workbench erase --all-personal-data`` call the same functions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import style
from workbench.ui.notice_bar import NoticeBar, install_below_banner

#: The titles of the memos that record an erasure or a pseudonymisation.
RECORD_TITLES = ("Erasure", "Pseudonymisation", "Erasure of personal data")


def _day(value: date) -> str:
    """ "1 Jan 2020", as the window's dates read."""
    return f"{value.day} {value:%b %Y}"


def erasure_records(store: Any) -> list[Any]:
    """The engagement's records of erasures and pseudonymisations, oldest first."""
    return [m for m in store.memos("engagement") if m.title in RECORD_TITLES]


class ProtectionDialog(QDialog):
    """The engagement's k, extra terms and retention date; the records of erasures."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        from workbench.store.protection import MAX_K, protection
        from workbench.ui.dialogs import DateEdit

        super().__init__(parent)
        self.setObjectName("protectionDialog")
        self.setWindowTitle("Data protection")
        self.setMinimumWidth(520)
        kept = protection(store)
        intro = QLabel(
            "Anonymised deliverables (the report, the workbook, the deck and every export) "
            "use these settings; the command line's --k and --anonymise-term change them "
            "for one deliverable."
        )
        intro.setWordWrap(True)
        self.k = QSpinBox()
        self.k.setRange(1, MAX_K)
        self.k.setValue(kept.k)
        self.k.setSuffix(" respondents")
        self.k.setToolTip(
            "Roles, units and attributes shared by fewer respondents are generalised or "
            "withheld, and table figures resting on fewer are suppressed."
        )
        self.terms = QListWidget()
        self.terms.addItems(kept.terms)
        self.terms.setFixedHeight(110)
        self.term = QLineEdit()
        self.term.setPlaceholderText("A client product, a place, a project name…")
        self.term.returnPressed.connect(self.add_term)
        add = QPushButton("Add")
        add.clicked.connect(self.add_term)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self.remove_term)
        row = QHBoxLayout()
        row.addWidget(self.term, 1)
        row.addWidget(add)
        row.addWidget(self.remove)
        terms = QVBoxLayout()
        terms.addWidget(self.terms)
        terms.addLayout(row)
        self.retain = DateEdit(kept.retain_until)
        self.retain.setToolTip(
            "Once this date has passed the window reminds you to erase the personal data."
        )
        form = QFormLayout()
        form.addRow("Smallest group shown (k):", self.k)
        form.addRow("Extra terms withheld:", terms)
        form.addRow("Keep personal data until:", self.retain)
        self.records = QPlainTextEdit()
        self.records.setReadOnly(True)
        self.records.setFixedHeight(80)
        done = erasure_records(store)
        self.records.setPlainText(
            "\n".join(f"{m.title}: {m.body}" for m in done) or "No erasure has been done."
        )
        form.addRow("Erasures done:", self.records)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.error_colour(self)}")
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if store.read_only:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def add_term(self) -> bool:
        from workbench.store.protection import ProtectionError, edited_terms

        try:
            terms = edited_terms(self.term_list(), [self.term.text()])
        except ProtectionError as exc:
            self.message.setText(str(exc).replace("; nothing was changed", "."))
            self.message.show()
            return False
        self.message.hide()
        self.terms.clear()
        self.terms.addItems(terms)
        self.term.clear()
        return True

    def remove_term(self) -> None:
        for item in self.terms.selectedItems():
            self.terms.takeItem(self.terms.row(item))

    def term_list(self) -> list[str]:
        return [self.terms.item(i).text() for i in range(self.terms.count())]

    def accept(self) -> None:
        problem = self.retain.problem("Keep personal data until")
        if problem:  # typed text that is no date: refused, never dropped
            self.message.setText(problem)
            self.message.show()
            self.retain.setFocus()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        if self.term.text().strip():  # typed but not added: it was meant
            self.add_term()
        return {"k": self.k.value(), "terms": self.term_list(), "retain_until": self.retain.value()}


def edit_protection(ctx: Any, parent: QWidget, values: dict[str, Any] | None = None) -> bool:
    """Edit → Data Protection…: the dialog, then one undoable edit of the settings."""
    from workbench.store.protection import protection, restore_protection, set_protection
    from workbench.ui.context import ask

    store = ctx.store
    if store is None:
        return False
    if values is None:
        values = ask(ProtectionDialog(store, parent))
        if values is None:
            return False
    current = protection(store)
    if (current.k, current.terms, current.retain_until) == (
        values["k"],
        values["terms"],
        values["retain_until"],
    ):
        return False
    saved: dict[str, Any] = {}

    def redo() -> None:
        saved.setdefault("before", set_protection(store, **values))

    return ctx.edit(
        "Change the data protection settings",
        redo,
        lambda: restore_protection(store, saved["before"]),
        "engagement",
    )


class PreviewDialog(QDialog):
    """What an action will change, listed, with the action's button and Cancel (the
    default: Enter does not erase anything)."""

    def __init__(
        self,
        title: str,
        intro: str,
        lines: list[str],
        action: str,
        parent: QWidget | None = None,
        *,
        choice: tuple[str, str] | None = None,
    ) -> None:
        from PySide6.QtWidgets import QRadioButton

        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(620, 340)
        label = QLabel(intro)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.addItems([line.strip() for line in lines])
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.alternative: QRadioButton | None = None
        if choice is not None:
            first = QRadioButton(choice[0])
            first.setChecked(True)
            self.alternative = QRadioButton(choice[1])
            layout.addWidget(first)
            layout.addWidget(self.alternative)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.go = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.go.setAutoDefault(False)
        self.cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> bool:
        """Whether the alternative (the second choice) was picked."""
        return bool(self.alternative is not None and self.alternative.isChecked())


def run_erasure(window: Any, title: str, erase: Any, done: Any = None) -> Any:
    """Close the open engagement and, off the UI thread, run ``erase(store)`` (which
    returns the record it made) on it, then vacuum the file and empty its -wal; then
    open it again and call ``done(record)``.  Returns the background task's state."""
    from workbench.store import open_engagement
    from workbench.store.erasure import scrub_file

    store = window.ctx.store
    path, key = Path(store.path), store._key
    window.ctx.tasks.wait()
    window.ctx.set_store(None)  # the file is vacuumed: nobody may hold it open

    def work(_state: Any) -> str:
        # No automatic backup: it would keep a copy of what is being erased.
        working = open_engagement(path, read_only=False, backup=False, passphrase=key)
        try:
            record = erase(working)
        finally:
            working.close()
        scrub_file(path, key)
        return record

    def reopen() -> None:
        window.ctx.set_store(open_engagement(path, passphrase=key))

    def finished(record: str) -> None:
        window.erasure_record = record
        reopen()
        if done is not None:
            done(record)

    def failed(exc: BaseException) -> None:
        try:
            reopen()
        finally:
            window.warn(title, f"{title} failed: {exc}")

    return window.ctx.tasks.run(window, title, work, finished, on_error=failed)


def erase_all_personal_data(window: Any, confirm: Any = None) -> Any:
    """The one-step erasure of every person's data: the preview, the confirmation, then
    the erasure in the background (the file vacuumed, opened again, the record in
    ``window.erasure_record``); returns the task's state, None when not done.
    ``confirm(dialog) -> bool`` replaces the modal question (tests)."""
    from workbench.store.protection import protection
    from workbench.store.retention import erase_personal_data, plan_retention_erasure

    store = window.ctx.store
    if store is None or store.read_only:
        return None
    kept = protection(store)
    plan = plan_retention_erasure(store)
    when = f", kept until {_day(kept.retain_until)}," if kept.retain_until else ""
    dialog = PreviewDialog(
        "Erase all personal data",
        f"The personal data of this engagement{when} will be erased from "
        f"{Path(store.path).name}. This is what changes:",
        plan.lines(),
        "Erase all personal data",
        window,
    )
    ok = confirm(dialog) if confirm is not None else dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not ok:
        return None
    author = window.ctx.given_name()

    def announce(record: str) -> None:
        window.statusBar().showMessage(f"Erased. {record}", 15000)

    return run_erasure(
        window,
        "Erasing all personal data",
        lambda working: erase_personal_data(working, plan, author=author),
        announce,
    )


class RetentionNotice(NoticeBar):
    """A bar above the pages while the engagement's retention date has passed."""

    def __init__(self, window: Any) -> None:
        super().__init__(window, "Hide this reminder until the engagement is opened again")
        self.erase_button = self.add_button(
            "Erase all personal data…", lambda: erase_all_personal_data(self.window_)
        )
        self.settings_button = self.add_button(
            "Change the date…", lambda: edit_protection(self.window_.ctx, self.window_)
        )

    def refresh(self, *_: Any) -> None:
        store = self.window_.ctx.store
        if store is None:  # (the store is not even imported yet at start-up)
            self.hide()
            return
        from workbench.store.protection import protection

        kept = protection(store)
        if (
            kept is None
            or not kept.overdue()
            or not any(
                not r.name.startswith("Respondent ")
                for r in store.respondents(include_deleted=True)
            )
        ):
            self.hide()
            return
        days = (date.today() - kept.retain_until).days
        self.text.setText(
            f"The retention date of this engagement, {_day(kept.retain_until)}, passed "
            f"{days} day{'s' if days != 1 else ''} ago: its personal data should now be erased."
        )
        self.erase_button.setEnabled(not store.read_only)
        self.show()


def install_retention_notice(window: Any) -> RetentionNotice:
    """Put the retention reminder above the pages, below the window's banner."""
    bar = RetentionNotice(window)
    install_below_banner(window, bar)
    window.ctx.store_changed.connect(bar.refresh)
    window.ctx.data_changed.connect(
        lambda kind: bar.refresh() if kind in ("engagement", "respondents") else None
    )
    return bar
