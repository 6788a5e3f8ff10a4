"""Dialogs of the stakeholder register: add/edit one respondent, and import a spreadsheet
with a preview of every row and its errors (nothing lands while there are errors, unless
the consultant chooses to skip the bad rows)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.plural import plural
from workbench.store.models import SEGMENTS
from workbench.store.respondent_import import (
    ATTR,
    FIELD_LABELS,
    IGNORE,
    ImportPreview,
    RespondentImportError,
    apply_import,
    read_table,
    remove_imported,
    validate_rows,
)
from workbench.ui import style

ERROR_TINT = QColor(220, 70, 60, 48)  # translucent: readable on light and dark rows


class RespondentDialog(QDialog):
    """Add or edit one respondent, free attributes as key/value rows."""

    def __init__(
        self,
        parent: QWidget | None = None,
        respondent: Any = None,
        *,
        attribute_names: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit respondent" if respondent else "Add respondent")
        self.setMinimumWidth(480)
        r = respondent
        self.name = QLineEdit(r.name if r else "")
        self.role = QLineEdit(r.role if r else "")
        self.org_unit = QLineEdit(r.org_unit if r else "")
        self.email = QLineEdit(r.email if r else "")
        self.segment = QComboBox()
        for s in SEGMENTS:
            self.segment.addItem(s, s)
        if r:
            self.segment.setCurrentIndex(max(0, self.segment.findData(r.segment)))
        self.consent = QCheckBox("Consent to take part and be recorded is given")
        self.consent.setChecked(bool(r and r.consent_given))
        self.consent_date = QDateEdit()
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("d MMM yyyy")
        when = r.consent_at if r and r.consent_at else datetime.now()
        self.consent_date.setDate(QDate(when.year, when.month, when.day))
        self.consent_date.setEnabled(self.consent.isChecked())
        self.consent.toggled.connect(self.consent_date.setEnabled)

        attrs = dict(r.attributes or {}) if r else {}
        for name in attribute_names or []:
            attrs.setdefault(name, "")
        self.attributes = QTableWidget(0, 2)
        self.attributes.setHorizontalHeaderLabels(["Attribute", "Value"])
        style.tune_table(self.attributes)
        self.attributes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attributes.setMinimumHeight(140)
        for key, value in sorted(attrs.items()):
            self._add_attribute(key, str(value))
        add = QPushButton("Add attribute")
        add.clicked.connect(lambda: self._add_attribute("", "", edit=True))
        remove = QPushButton("Remove")
        remove.clicked.connect(
            lambda: (
                self.attributes.removeRow(self.attributes.currentRow())
                if self.attributes.currentRow() >= 0
                else None
            )
        )
        attr_buttons = QHBoxLayout()
        attr_buttons.addWidget(add)
        attr_buttons.addWidget(remove)
        attr_buttons.addStretch(1)

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        form.addRow("Org unit", self.org_unit)
        form.addRow("Segment", self.segment)
        form.addRow("Email", self.email)
        form.addRow("", self.consent)
        form.addRow("Consent date", self.consent_date)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(style.title("Attributes", "sectionTitle"))
        layout.addWidget(self.attributes)
        layout.addLayout(attr_buttons)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _add_attribute(self, key: str, value: str, *, edit: bool = False) -> None:
        row = self.attributes.rowCount()
        self.attributes.insertRow(row)
        self.attributes.setItem(row, 0, QTableWidgetItem(key))
        self.attributes.setItem(row, 1, QTableWidgetItem(value))
        if edit:
            self.attributes.setCurrentCell(row, 0)
            self.attributes.editItem(self.attributes.item(row, 0))

    def values(self) -> dict[str, Any]:
        attrs = {}
        for row in range(self.attributes.rowCount()):
            key = (self.attributes.item(row, 0) or QTableWidgetItem()).text().strip()
            value = (self.attributes.item(row, 1) or QTableWidgetItem()).text().strip()
            if key and value:
                attrs[key] = value
        qd = self.consent_date.date()
        given = self.consent.isChecked()
        return {
            "name": self.name.text().strip(),
            "role": self.role.text().strip(),
            "org_unit": self.org_unit.text().strip(),
            "segment": self.segment.currentData(),
            "email": self.email.text().strip(),
            "attributes": attrs,
            "consent_given": given,
            "consent_at": datetime(qd.year(), qd.month(), qd.day()) if given else None,
        }

    def accept(self) -> None:
        v = self.values()
        problem = ""
        if not v["name"]:
            problem = "Every respondent needs a name."
        elif v["email"] and "@" not in v["email"]:
            problem = f"{v['email']!r} is not an email address."
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class ImportDialog(QDialog):
    """Preview an import: map the columns, see each row and its errors, then import."""

    def __init__(self, ctx: Any, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        found = read_table(self.path)  # raises RespondentImportError
        self.headers, self.table = found
        self.numbers, self.first_column = found.numbers, found.first_column  # as the sheet shows
        self.existing = {r.name for r in ctx.store.respondents()}
        self.setWindowTitle(f"Import respondents from {self.path.name}")
        self.resize(1100, 620)
        self.imported_ids: list[str] = []

        self.mapping = QTableWidget(len(self.headers), 2)
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "Imports as"])
        style.tune_table(self.mapping)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview_table = QTableWidget()
        style.tune_table(self.preview_table)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.skip_bad = QCheckBox("Skip the rows with errors and import the others")
        self.skip_bad.toggled.connect(self._update_buttons)
        self.report_button = QPushButton("Save error report…")
        self.report_button.clicked.connect(self.save_report)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        from workbench.deliver.sheet_files import column_letter
        from workbench.store.respondent_import import guess_mapping

        choices = [(IGNORE, "— do not import —")]
        choices += [(key, label) for key, label in FIELD_LABELS.items()]
        self.combos: list[QComboBox] = []
        for i, (header, target) in enumerate(
            zip(self.headers, guess_mapping(self.headers), strict=True)
        ):
            letter = column_letter(self.first_column + i)
            self.mapping.setItem(i, 0, QTableWidgetItem(header or f"(column {letter})"))
            combo = QComboBox()
            for key, label in choices:
                combo.addItem(label, key)
            if header.strip():
                combo.addItem(f"Attribute “{header.strip()}”", f"{ATTR}{header.strip()}")
            combo.setCurrentIndex(max(0, combo.findData(target)))
            combo.currentIndexChanged.connect(self.refresh)
            self.mapping.setCellWidget(i, 1, combo)
            self.combos.append(combo)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(style.title("Columns", "sectionTitle"))
        lv.addWidget(self.mapping)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(style.title("Rows", "sectionTitle"))
        rv.addWidget(self.preview_table)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 770])
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_bad)
        bottom.addStretch(1)
        bottom.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.preview: ImportPreview
        self.refresh()

    def current_mapping(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    def refresh(self) -> None:
        self.preview = validate_rows(
            self.path.name,
            self.headers,
            self.table,
            self.current_mapping(),
            existing_names=self.existing,
            numbers=self.numbers,
            first_column=self.first_column,
        )
        p = self.preview
        t = self.preview_table
        t.clear()
        t.setColumnCount(len(self.headers) + 2)
        t.setRowCount(len(p.rows))
        t.setHorizontalHeaderLabels(["Row", *self.headers, "Problems"])
        bad_brush = QBrush(ERROR_TINT)
        for i, row in enumerate(p.rows):
            number = QTableWidgetItem(str(row.row))
            number.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
            t.setItem(i, 0, number)
            bad_columns = {e.column for e in row.errors}
            for j, cell in enumerate(row.cells):
                item = QTableWidgetItem(cell)
                if self.headers[j] in bad_columns:
                    item.setBackground(bad_brush)
                    item.setToolTip(
                        "\n".join(e.message for e in row.errors if e.column == self.headers[j])
                    )
                t.setItem(i, j + 1, item)
            problems = QTableWidgetItem("; ".join(e.message for e in row.errors) or "✓")
            problems.setToolTip(problems.text())
            if row.errors:
                problems.setBackground(bad_brush)
            t.setItem(i, len(self.headers) + 1, problems)
        t.resizeColumnsToContents()
        for j in range(t.columnCount() - 1):
            t.setColumnWidth(j, min(t.columnWidth(j), 170))
        bad, total = len(p.bad_rows), len(p.rows)
        if p.problems:
            text = "Fix the column mapping first: " + "; ".join(p.problems) + "."
        elif bad:
            text = (
                f"{total} rows read, <b>{bad} with errors</b> (marked). Nothing is imported "
                "while there are errors, unless you choose to skip those rows."
            )
        else:
            text = f"{total} rows read, all fine. They will be added to the register."
        self.summary.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        p = self.preview
        good = len(p.good_rows)
        can = not p.problems and good > 0 and (not p.bad_rows or self.skip_bad.isChecked())
        self.import_button.setEnabled(can)
        self.import_button.setText(f"Import {good} respondent{'s' if good != 1 else ''}")
        self.skip_bad.setVisible(bool(p.bad_rows) and not p.problems)
        self.report_button.setEnabled(bool(p.bad_rows or p.problems))

    def save_report(self) -> None:
        suggestion = str(self.path.with_name(f"{self.path.stem} errors.csv"))
        path, _ = QFileDialog.getSaveFileName(self, "Save error report", suggestion, "CSV (*.csv)")
        if path:
            Path(path).write_text(self.preview.error_report(), encoding="utf-8-sig")

    def do_import(self) -> list[str]:
        """Apply the previewed import as one undoable edit; returns the new ids."""
        store = self.ctx.store
        preview, skip = self.preview, self.skip_bad.isChecked()
        ids = apply_import(store, preview, skip_bad=skip)  # all or nothing; may raise
        state = {"ids": ids, "first": True}

        def redo() -> None:
            if state["first"]:
                state["first"] = False
                return
            state["ids"] = apply_import(store, preview, skip_bad=skip)

        def undo() -> None:
            remove_imported(store, state["ids"])

        n = len(ids)
        self.ctx.edit(f"Import {n} respondent{'s' if n != 1 else ''}", redo, undo, "respondents")
        self.imported_ids = ids
        return ids

    def accept(self) -> None:
        try:
            ids = self.do_import()
        except (RespondentImportError, ValueError) as exc:
            QMessageBox.warning(self, "Import respondents", str(exc))
            return
        self.ctx.status.emit(f"Imported {plural(len(ids), 'respondent')} from {self.path.name}")
        super().accept()
