"""Import survey responses from a spreadsheet: choose the file and form, check the column
mapping (auto-matched, editable), read every bad cell with its sheet, row and column,
then import the whole lot (or the good rows) in one transaction.

Planning and importing run in the background through ``ctx.tasks`` with the core
functions of :mod:`workbench.deliver.importer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.plural import plural
from workbench.ui.evidence import RowsModel, plain_table
from workbench.ui.file_dialogs import open_file_name

FILTER = "Spreadsheets (*.xlsx *.xls *.ods *.csv);;All files (*)"


def mapping_targets(form: Any) -> list[tuple[str, str]]:
    """(target, label) pairs a column can map to: respondent fields, questions, parts."""
    from workbench.deliver.importer import RESPONDENT_FIELDS

    out = [("", "— ignore this column —")]
    out += [(f"respondent.{f}", f"Respondent: {f.replace('_', ' ')}") for f in RESPONDENT_FIELDS]
    for q in form.iter_questions():
        out.append((q.key, f"{q.key} — {q.label}"))
        items = [(r.key, r.label) for r in getattr(q, "rows", None) or []]
        items += [(o.key, o.label) for o in getattr(q, "options", None) or []]
        if q.type == "pair":
            items += [("E", "expectation"), ("P", "perception")]
        if q.type == "checklist":
            items += [(p, p) for p in ("observed", "severity", "touchpoint", "evidence")]
        if q.type == "multi":  # one ticked-or-not column per option (Kobo, ODK, SurveyMonkey)
            items += [(c.value, f"option {c.label}") for c in q.choices]
        out += [(f"{q.key}.{k}", f"{q.key}.{k} — {label}") for k, label in items]
    return out


def counted(count: int, kinds: set[str]) -> str:
    """ "10,000 responses", "1 interview": the material imported, in its words."""
    from workbench.analysis.labels import material_word

    return f"{count:,} {material_word(kinds, plural=count != 1)}"


class ImportDialog(QDialog):
    planned = Signal(object)  # ImportPlan, or None when the file could not be read
    # the form the file is checked against, once known (before its rows are checked): the
    # id proposed for the file, else the one shown before it was picked
    form_proposed = Signal(object)
    imported = Signal(object)  # ImportSummary

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: Any = None
        self.summary: Any = None
        self.report = ""  # the summary to read once imported (see _report)
        self.proposed: str | None = None  # the form proposed for the file last checked
        self._busy = False
        self.setWindowTitle("Import responses")
        self.resize(980, 640)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("A spreadsheet with one row per response")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form.addRow("File:", file_row)
        self.form_combo = QComboBox()
        for f in self._forms():
            self.form_combo.addItem(f"{f.title} ({f.id})", f.id)
        # until the consultant picks a form, checking a file proposes the one it fits
        self.form_picked = False
        self.form_combo.activated.connect(lambda _i: self._form_chosen())
        self.form_combo.setToolTip(
            "Proposed when the file is checked: the form most of its columns match"
        )
        # shown while the form a newly picked file fits is being found (never the last one)
        self.form_combo.setPlaceholderText("Finding the form the file fits…")
        self.form_proposed.connect(self._show_form)
        self._form_before = -1  # the form shown before the proposal, for a file not read
        form.addRow("Form:", self.form_combo)
        self.wave_combo = QComboBox()
        self.wave_combo.setEditable(True)
        store = ctx.store
        for w in store.waves() if store is not None else []:
            self.wave_combo.addItem(w.name)
        self.wave_combo.setToolTip("An existing wave, or type the name of a new one")
        self.wave_combo.currentTextChanged.connect(lambda _text: self._wave_changed())
        form.addRow("Wave:", self.wave_combo)
        self.dayfirst = QCheckBox("Dates give the day first (03/04/2024 is 3 April)")
        self.dayfirst.toggled.connect(lambda _on: self.check(self.mapping() if self.plan else None))
        form.addRow("Dates:", self.dayfirst)
        layout.addLayout(form)
        self.check_button = QPushButton("Check the file")
        self.check_button.clicked.connect(lambda: self.check())
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)
        # under the button, its own lines: beside it, a wrapped text of two lines or more
        # was cut to the button's height
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary_label)

        split = QSplitter(Qt.Orientation.Vertical)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Goes to"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        split.addWidget(self.mapping_table)
        self.problems = RowsModel(["Sheet", "Row", "Column", "Problem"], parent=self)
        self.problems_view = plain_table(self.problems, 3)
        split.addWidget(self.problems_view)
        layout.addWidget(split, 1)

        self.skip_bad = QCheckBox("Skip rows with bad cells (import only the good rows)")
        self.skip_bad.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_bad)
        # rows naming people who already have an interview of the form in the wave
        self.repeats_label = QLabel()
        self.repeats_label.setObjectName("importRepeats")
        self.repeats_label.setWordWrap(True)
        self.repeats_label.setTextFormat(Qt.TextFormat.PlainText)
        from workbench.ui import style

        self.repeats_label.setStyleSheet(  # readable on a light and a dark palette
            f"QLabel#importRepeats {{ color: {style.error_colour(self)}; font-weight: bold; }}"
        )
        self.repeats_label.hide()
        layout.addWidget(self.repeats_label)
        self.add_again = QCheckBox(
            "Import these rows too, as second interviews of the same people in this wave"
        )
        self.add_again.toggled.connect(lambda on: self._one_way(self.add_again, on))
        self.add_again.hide()
        layout.addWidget(self.add_again)
        # the other way: leave those rows out (a corrected sheet sent again after its bad
        # rows were skipped brings in the people not there yet)
        self.only_new = QCheckBox()
        self.only_new.toggled.connect(lambda on: self._one_way(self.only_new, on))
        self.only_new.hide()
        layout.addWidget(self.only_new)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(lambda: self.apply())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()

    def _forms(self) -> list[Any]:
        from workbench.deliver.import_forms import offered_forms

        return offered_forms(self.ctx.store)

    def _browse(self) -> None:
        path, _f = open_file_name(self, "Import responses", FILTER, kind="responses")
        if path:
            self.path_edit.setText(path)
            self.check()

    # -- planning ---------------------------------------------------------------------------
    def _form_chosen(self) -> None:
        """A form picked by hand is kept; a file checked against another form is checked
        again against it (the plan of the other form would import its questions)."""
        self.form_picked = True
        if self.plan is not None and self.plan.form.id != self.form_combo.currentData():
            self.plan = None
            self._update_buttons()
            self.check()

    def set_source(self, path: str | Path, form_id: str | None = None) -> None:
        """The file to import, and the form it answers (None: proposed when checked)."""
        self.path_edit.setText(str(path))
        if form_id is not None:
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(form_id), 0))
            self.form_picked = True

    def mapping(self) -> dict[str, str]:
        out = {}
        for r in range(self.mapping_table.rowCount()):
            header = self.mapping_table.item(r, 0).text()
            out[header] = self.mapping_table.cellWidget(r, 1).currentData()
        return out

    def set_target(self, header: str, target: str) -> None:
        for r in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(r, 0).text() == header:
                combo = self.mapping_table.cellWidget(r, 1)
                combo.setCurrentIndex(max(combo.findData(target), 0))

    def check(self, mapping: dict[str, str] | None = None) -> Any:
        from workbench.deliver.importer import plan_import

        path, form_id, store = (
            self.path_edit.text().strip(),
            self.form_combo.currentData(),
            self.ctx.store,
        )
        if not path or form_id is None or store is None or self._busy:
            return None
        self._busy = True
        forms = None if self.form_picked or mapping is not None else self._forms()
        dayfirst, wave = self.dayfirst.isChecked(), self._wave()
        if self.plan is None or Path(path) != Path(self.plan.source):
            self._clear(f"Checking {Path(path).name}…")  # another file: nothing of the last
        if forms is not None:  # the form is proposed for this file: none shown meanwhile
            self._form_before = self.form_combo.currentIndex()
            self.form_combo.setCurrentIndex(-1)
            self.form_combo.setEnabled(False)
        self._update_buttons()

        self.proposed = None

        def plan(state: Any) -> Any:
            chosen = form_id
            if forms is not None:  # the form the file fits, unless the consultant chose
                from workbench.deliver.import_forms import propose_form

                state.progress(0.0, "Finding the form the file fits")
                self.proposed = propose_form(store, path, forms)
                chosen = self.proposed or form_id
                self.form_proposed.emit(chosen)  # shown at once, while the rows are checked
            return plan_import(
                store,
                path,
                chosen,
                mapping,
                remembered=self.remembered_mapping(chosen),
                dayfirst=dayfirst,
                wave=wave,
                progress=state.progress,
            )

        return self.ctx.tasks.run(
            self, "Checking the file", plan, self._planned, on_error=self._plan_failed
        )

    def _show_form(self, form_id: Any) -> None:
        """The form the file is checked against, shown as soon as it is known."""
        at = self.form_combo.findData(form_id)
        if at >= 0 and at != self.form_combo.currentIndex():
            self.form_combo.setCurrentIndex(at)
        self.form_combo.setEnabled(True)

    def _clear(self, text: str) -> None:
        """No plan: the last file's columns, problems and warnings go."""
        self.plan = None
        self.mapping_table.setRowCount(0)
        self.problems.set_rows([])
        self.summary_label.setText(text)
        self._show_repeats()

    def _planned(self, plan: Any) -> None:
        self._busy = False
        self.plan = plan
        self._show_form(plan.form.id)  # the form proposed
        targets = mapping_targets(plan.form)
        self.mapping_table.setRowCount(len(plan.headers))
        for r, header in enumerate(plan.headers):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping_table.setItem(r, 0, item)
            combo = QComboBox()
            for value, label in targets:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(plan.mapping.get(header, "")), 0))
            combo.currentIndexChanged.connect(lambda _i: self.check(self.mapping()))
            self.mapping_table.setCellWidget(r, 1, combo)
        problems = plan.all_problems
        self.problems.set_rows(
            [[p.sheet, p.row, p.column, p.message] for p in problems]
            + [[w.sheet, w.row, w.column, f"warning: {w.message}"] for w in plan.warnings]
        )
        bad = len(plan.bad_rows)
        from workbench.deliver.importer import imported_kinds
        from workbench.deliver.survey_exports import PLATFORMS

        platform = getattr(plan, "platform", None)
        matched = sum(1 for t in plan.mapping.values() if t and not t.startswith("respondent."))
        ignored = len(plan.not_imported())  # left out of the summary when none is
        self.summary_label.setText(
            (
                f"Form proposed: {plan.form.title} ({matched} of the "
                f"{plural(len(plan.headers), 'column')} {'matches' if matched == 1 else 'match'} "
                "its questions). "
                if self.proposed == plan.form.id
                else ""
            )
            + (f"A {PLATFORMS[platform]} export: columns mapped as proposed. " if platform else "")
            + f"{counted(len(plan.rows), imported_kinds(plan))} in {plan.sheet}; "
            + (f"{plural(ignored, 'column')} ignored; " if ignored else "")
            + (f"{plural(bad, 'row')} with bad cells." if bad else "every cell fits its question.")
            + (" The columns do not fit the form yet." if plan.problems else "")
            + "".join(f" {note[0].upper()}{note[1:]}." for note in getattr(plan, "date_notes", []))
            + (
                f" Column {plan.ref_header!r} is used to recognise submissions already imported."
                if plan.ref_header is not None
                else ""
            )
            + "".join(
                f" Sheet {sheet!r} ({plural(count, 'row')}) is not imported: {why}."
                for sheet, count, why in getattr(plan, "sheets_not_imported", [])
            )
        )
        self._show_repeats()
        self.planned.emit(plan)

    def _wave(self) -> str | None:
        return self.wave_combo.currentText().strip() or None

    def _wave_changed(self) -> None:
        """Another wave: who already has an interview of the form in it, found again."""
        from workbench.deliver.import_repeats import find_repeats

        if self.plan is None or self._busy or self.ctx.store is None:
            return
        self.plan.wave = self._wave()
        self.plan.repeats = find_repeats(self.ctx.store, self.plan, self.plan.wave)
        self._show_repeats()

    def _show_repeats(self) -> None:
        """The warning about rows naming people already interviewed in the wave, and the
        box to tick to import them all the same (unticked whenever the warning changes)."""
        repeats = getattr(self.plan, "repeats", None) if self.plan is not None else None
        duplicates = getattr(self.plan, "duplicates", None) if self.plan is not None else None
        texts = []
        if repeats:
            message = repeats.message()
            texts.append(
                f"{message}{'' if message.endswith('…') else '.'} Importing them adds a "
                f"second {repeats.word} of each of these people in this wave, beside the one "
                "already there."
            )
        if duplicates:
            from workbench.analysis.labels import material_word
            from workbench.deliver.importer import imported_kinds

            words = material_word(imported_kinds(self.plan))
            texts.append(
                f"{duplicates.message()}. Importing them gives each of these people two or "
                f"more {words} in this wave (people of the same name are told apart by an "
                "e-mail column)."
            )
        text = "\n".join(texts)
        if text:
            words = repeats.words if repeats else words
            self.add_again.setText(
                f"Import these rows too, as second {words} of the same people in this wave"
            )
        if repeats:
            count = len(repeats)
            self.only_new.setText(
                f"Import only the rows of people with no {repeats.word} in this wave yet "
                f"(leave out the {plural(count, 'row')} above)"
            )
        if text != self.repeats_label.text():
            self.add_again.setChecked(False)
            self.only_new.setChecked(False)
        self.repeats_label.setText(text)
        self.repeats_label.setVisible(bool(text))
        self.add_again.setVisible(bool(text))
        self.only_new.setVisible(bool(repeats))
        self._update_buttons()

    def _one_way(self, box: QCheckBox, on: bool) -> None:
        """Adding the rows again and leaving them out are two answers to one question: one
        box ticked unticks the other."""
        other = self.only_new if box is self.add_again else self.add_again
        if on and other.isChecked():
            other.setChecked(False)
        self._update_buttons()

    def _plan_failed(self, exc: BaseException) -> None:
        self._busy = False
        if self.form_combo.currentIndex() < 0:  # no form proposed: the one shown before
            self.form_combo.setCurrentIndex(max(self._form_before, 0))
        self.form_combo.setEnabled(True)
        self._clear(str(exc))
        self.planned.emit(None)

    def _update_buttons(self) -> None:
        plan = self.plan
        ok = (
            plan is not None
            and not self._busy
            and not plan.problems
            and bool(plan.rows)
            and (not plan.bad_rows or self.skip_bad.isChecked())
            and (self.add_again.isChecked() or not self._twice(plan))
        )
        self.import_button.setEnabled(ok)
        self.check_button.setEnabled(not self._busy)

    def _twice(self, plan: Any) -> bool:
        """Whether importing would give people a second interview in the wave: rows of
        people there already (unless left out), people named in more than one row (but
        those whose rows are all left out)."""
        from workbench.deliver.import_repeats import duplicates_left

        repeats = getattr(plan, "repeats", None)
        duplicates = getattr(plan, "duplicates", None)
        if repeats and self.only_new.isChecked():
            return duplicates_left(duplicates, repeats) is not None
        return bool(repeats or duplicates)

    # -- importing ---------------------------------------------------------------------------
    def apply(self) -> Any:
        from workbench.deliver.importer import apply_import

        if self.plan is None or not self.import_button.isEnabled():
            return None
        if self.plan.wave != self._wave():  # the wave typed after the file was checked
            self._wave_changed()
            if not self.import_button.isEnabled():
                return None
        plan, store = self.plan, self.ctx.store
        wave = self._wave()
        skip = self.skip_bad.isChecked()
        only_new = self.only_new.isChecked() and bool(getattr(plan, "repeats", None))
        self._busy = True
        self._update_buttons()
        return self.ctx.tasks.run(
            self,
            "Importing responses",
            lambda state: apply_import(
                store,
                plan,
                wave=wave,
                skip_bad_rows=skip,
                progress=state.progress,
                only_new=only_new,
            ),
            self._imported,
            on_error=self._plan_failed,
        )

    # -- the mapping, remembered for the next file of the same form ------------------------
    def remembered_mapping(self, form_id: str) -> dict[str, str]:
        import json

        raw = self.ctx.settings.value(f"import/mapping/{form_id}", "")
        try:
            value = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def remember_mapping(self, form_id: str, mapping: dict[str, str]) -> None:
        import json

        self.ctx.settings.setValue(f"import/mapping/{form_id}", json.dumps(mapping))

    def _report(self, summary: Any, kinds: set[str]) -> str:
        """What was imported and what the new respondents were given, to read after the
        import: counts, then their segment and consent."""
        from workbench.deliver.import_people import new_people_note

        lines = [
            f"Imported {counted(summary.interviews, kinds)}: "
            f"{plural(summary.respondents_created, 'new respondent')} and "
            f"{plural(summary.respondents_matched, 'known respondent')}."
        ]
        from workbench.deliver.importer import rows_named

        skipped = len(summary.skipped_rows)
        if skipped:
            lines.append(
                f"{plural(skipped, 'row')} with bad cells skipped: "
                f"{rows_named(summary.skipped_people)}."
            )
        if getattr(summary, "left_out", ()):
            from workbench.deliver.importer import left_out_text

            text = left_out_text(summary, self.plan)
            lines.append(f"{text[0].upper()}{text[1:]}.")
        if summary.already_imported:
            lines.append(f"{plural(summary.already_imported, 'row')} already imported, skipped.")
        if getattr(summary, "flagged", 0):
            lines.append(
                f"{plural(summary.flagged, 'answer')} kept as given but flagged: not offered "
                "by their choice filter, marked ⚠ in the interview."
            )
        if self.plan is not None:
            note = new_people_note(self.plan, summary.respondents_created)
            if note:
                lines.append(note)
        return "\n\n".join(lines)

    def _imported(self, summary: Any) -> None:
        self._busy = False
        if self.plan is not None:
            self.remember_mapping(self.plan.form.id, dict(self.plan.mapping))
        self.summary = summary
        for kind in ("respondents", "interviews", "answers"):
            self.ctx.record(kind)
        from workbench.deliver.importer import imported_kinds

        kinds = imported_kinds(self.plan) if self.plan is not None else {"response"}
        self.report = self._report(summary, kinds)
        self.ctx.status.emit(
            f"Imported {counted(summary.interviews, kinds)} "
            f"({plural(summary.respondents_created, 'new respondent')}, "
            f"{plural(len(summary.skipped_rows), 'row')} skipped"
            + (
                f", {summary.already_imported} already imported, skipped"
                if summary.already_imported
                else ""
            )
            + (
                f", {plural(len(summary.left_out), 'row')} of people already in the wave left out"
                if getattr(summary, "left_out", ())
                else ""
            )
            + (
                f", {plural(summary.flagged, 'answer')} kept as given but flagged: not offered by their "
                "choice filter, marked ⚠ in the interview)."
                if getattr(summary, "flagged", 0)
                else ")."
            )
        )
        self.imported.emit(summary)
        self.accept()
