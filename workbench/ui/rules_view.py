"""Automatic classification: edit a rule set, preview every match, apply the chosen ones as
pending proposals, then review them one by one (A accept, R reject, C recode)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.coding import service
from workbench.coding.codebook import shown_colour
from workbench.coding.rules import KINDS, Rule, RuleError, RuleSet, load_ruleset, ruleset_to_yaml
from workbench.paths import resources_dir
from workbench.plural import plural
from workbench.ui import style
from workbench.ui.file_dialogs import open_file_name, save_file_name

PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 1


def _rgba(colour: str, alpha: float = 0.35) -> str:
    c = QColor(colour)
    return f"rgba({c.red()},{c.green()},{c.blue()},{alpha})"


def builtin_rulesets() -> dict[str, Path]:
    folder = resources_dir() / "codebooks" / "rules"
    return {p.name.split(".")[0]: p for p in sorted(folder.glob("*.yaml"))}


class RulesDialog(QDialog):
    """Rules (code, kind, pattern) → Preview (nothing stored) → Apply selected (pending)."""

    applied = Signal(int)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ruleset = RuleSet()
        self.proposals: list[service.Proposal] = []
        self.setWindowTitle("Automatic coding")
        self.resize(1100, 720)
        self.source = QComboBox()
        self.source.addItem("Start from…", None)
        for key, path in builtin_rulesets().items():
            self.source.addItem(key.replace("-", " ").capitalize() + " (built-in)", str(path))
        self.source.activated.connect(self._load_chosen)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Code (path)", "Kind", "Pattern", "Match case"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Add rule", self.add_rule),
            ("Remove rule", self.remove_rule),
            ("Open…", self._open),
            ("Save…", self._save),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.respondent_only = QCheckBox("Only the respondents' words")
        self.respondent_only.setToolTip(
            "Leave out interviewers' turns in transcripts and the consultant's own notes"
        )
        buttons.addWidget(self.respondent_only)
        self.preview_button = QPushButton("Preview matches")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.run_preview)
        buttons.addWidget(self.preview_button)

        self.matches = QStandardItemModel(0, 5, self)
        self.matches.setHorizontalHeaderLabels(
            ["Apply", "Interview", "Code", "Match in context", "Rule"]
        )
        self.view = QTableView()
        self.view.setModel(self.matches)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel("Preview lists every match; nothing is stored until you apply.")
        self.apply_button = QPushButton("Apply checked as proposals")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_checked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        for text, state in (("Check all", True), ("Check none", False)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=state: self.check_all(s))
            bottom.addWidget(b)
        bottom.addWidget(self.apply_button)

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.source)
        tl.addWidget(self.table)
        tl.addLayout(buttons)
        tl.addWidget(self.message)
        low = QWidget()
        ll = QVBoxLayout(low)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view)
        ll.addLayout(bottom)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(low)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # -- the rule table -----------------------------------------------------------------
    def set_ruleset(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.table.setRowCount(0)
        for rule in ruleset.rules:
            self.add_rule(rule)
        self.message.setText(
            f"{ruleset.name}: {plural(len(ruleset.rules), 'rule')}." if ruleset.name else ""
        )

    def add_rule(self, rule: Rule | None = None) -> None:
        rule = rule if isinstance(rule, Rule) else Rule("", "keyword", "")
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(rule.code))
        kind = QComboBox()
        kind.addItems(list(KINDS))
        kind.setCurrentText(rule.kind)
        self.table.setCellWidget(row, 1, kind)
        self.table.setItem(row, 2, QTableWidgetItem(rule.pattern))
        case = QTableWidgetItem()
        case.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        case.setCheckState(
            Qt.CheckState.Checked if rule.case_sensitive else Qt.CheckState.Unchecked
        )
        self.table.setItem(row, 3, case)

    def remove_rule(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def rules_from_table(self) -> RuleSet:
        """The rules as typed; raises RuleError naming the first bad rule (row and pattern)."""
        rules = []
        for row in range(self.table.rowCount()):
            code = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            pattern = self.table.item(row, 2).text() if self.table.item(row, 2) else ""
            if not code and not pattern.strip():
                continue
            case = self.table.item(row, 3).checkState() == Qt.CheckState.Checked
            rule = Rule(code, self.table.cellWidget(row, 1).currentText(), pattern, case)
            try:
                rule.compile()
            except RuleError as exc:
                raise RuleError(f"Rule {row + 1}: {exc}") from None
            rules.append(rule)
        return RuleSet(rules, self.ruleset.name, self.ruleset.description, self.ruleset.codebook)

    def _load_chosen(self, index: int) -> None:
        path = self.source.itemData(index)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        try:
            self.set_ruleset(load_ruleset(path))
        except RuleError as exc:
            self._error(str(exc))
            return False
        return True

    def _open(self) -> None:
        path, _ = open_file_name(self, "Open rules", "Rules (*.yaml *.yml)", kind="rules")
        if path:
            self.load_file(path)

    def _save(self) -> None:
        try:
            ruleset = self.rules_from_table()
        except RuleError as exc:
            self._error(str(exc))
            return
        path, _ = save_file_name(self, "Save rules", "rules.yaml", "YAML (*.yaml)", kind="rules")
        if path:
            ruleset_to_yaml(ruleset, path)

    def _error(self, text: str) -> None:
        self.message.setText(f"<b>Cannot use these rules.</b> {html.escape(text)}")
        self.message.setStyleSheet(f"color: {style.error_colour(self)}")

    # -- preview and apply --------------------------------------------------------------
    def run_preview(self) -> bool:
        """Start matching in the background; the table fills when it is done."""
        try:
            ruleset = self.rules_from_table()
        except RuleError as exc:
            self._error(str(exc))
            return False
        if not ruleset.rules:
            self._error("Add at least one rule.")
            return False
        self.message.setStyleSheet("")
        self.message.setText("Matching…")
        self.preview_button.setEnabled(False)
        store = self.ctx.store
        speaker = "respondent" if self.respondent_only.isChecked() else None
        self.ctx.tasks.run(
            self,
            "Previewing rules",
            lambda state: service.preview_rules(store, ruleset, state=state, speaker=speaker),
            self._show_preview,
            on_error=lambda exc: (self._error(str(exc)), self.preview_button.setEnabled(True)),
        )
        return True

    def _show_preview(self, result: tuple[list[service.Proposal], list[str]]) -> None:
        self.preview_button.setEnabled(True)
        self.proposals, missing = result
        self.matches.removeRows(0, self.matches.rowCount())
        for p in self.proposals:
            check = QStandardItem()
            check.setCheckable(True)
            check.setCheckState(Qt.CheckState.Checked)
            check.setData(p, PROPOSAL_ROLE)
            cells = [p.respondent, p.code_path.rsplit("/", 1)[-1], p.snippet, p.rule]
            items = [check] + [QStandardItem(c) for c in cells]
            items[2].setToolTip(p.code_path)
            items[3].setToolTip(p.snippet)
            for item in items:
                item.setEditable(False)
            self.matches.appendRow(items)
        self.view.resizeColumnToContents(1)
        self.view.setColumnWidth(2, 180)
        text = f"{plural(len(self.proposals), 'match')} not coded yet. Uncheck any you do not want."
        if missing:
            text = f"<b>No code for:</b> {html.escape(', '.join(missing))}. " + text
        self.message.setText(f"{plural(len(self.proposals), 'match')}.")
        self.summary.setText(text)
        self.apply_button.setEnabled(bool(self.proposals))

    def check_all(self, state: bool) -> None:
        for row in range(self.matches.rowCount()):
            item = self.matches.item(row, 0)
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def checked(self) -> list[service.Proposal]:
        return [
            self.matches.item(r, 0).data(PROPOSAL_ROLE)
            for r in range(self.matches.rowCount())
            if self.matches.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def apply_checked(self) -> int:
        chosen = self.checked()
        if not chosen:
            return 0
        store, made = self.ctx.store, []

        def redo() -> None:
            if made:
                service.set_segments_deleted(store, made, False)
            else:
                made.extend(
                    service.apply_proposals(store, chosen, coder=f"rules ({self.ctx.user_name})")
                )

        self.ctx.edit(f"Apply {len(chosen)} automatic proposals", redo,
                      lambda: service.set_segments_deleted(store, made, True), "segments")  # fmt: skip
        self.matches.removeRows(0, self.matches.rowCount())
        self.apply_button.setEnabled(False)
        self.summary.setText(
            f"{plural(len(made), 'proposal')} stored; review them in the Review tab."
        )
        self.applied.emit(len(made))
        return len(made)


class ReviewQueue(QWidget):
    """Pending automatic segments, one at a time: A accept, R reject, C recode, N next."""

    def __init__(self, ctx: Any, page: Any) -> None:
        super().__init__()
        self.ctx, self.page = ctx, page
        self.queue: list[Any] = []
        self.index = 0
        self._navigate = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.position = QLabel()
        self.position.setWordWrap(True)
        self.code = QLabel()
        self.code.setWordWrap(True)
        self.quote = QTextBrowser()
        self.quote.setOpenLinks(False)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (
            ("A", "Accept", self.accept),
            ("R", "Reject", self.reject),
            ("C", "Recode…", self.recode),
            ("N", "Skip", self.skip),
        ):
            b = QPushButton(f"{text}  ({key})")
            b.clicked.connect(slot)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(b)
            self.buttons[key] = b
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.position)
        layout.addWidget(self.code)
        layout.addWidget(self.quote, 1)
        layout.addWidget(self.suggestion)
        layout.addLayout(row)
        ctx.data_changed.connect(lambda kind: kind in ("segments", "codes") and self.reload())
        self.reload()

    def reload(self) -> None:
        store = self.ctx.store
        current = self.current()
        self.queue = service.pending_segments(store) if store else []
        ids = [s.id for s in self.queue]
        self.index = ids.index(current.id) if current and current.id in ids else min(
            self.index, max(len(self.queue) - 1, 0))  # fmt: skip
        self._show()

    def current(self) -> Any | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    def _show(self) -> None:
        seg = self.current()
        parent = self.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if tabs is not None and hasattr(tabs, "indexOf"):
            tabs.setTabText(
                tabs.indexOf(self), f"Review ({len(self.queue)})" if self.queue else "Review"
            )
        for b in self.buttons.values():
            b.setEnabled(seg is not None)
        if seg is None:
            self.position.setText(
                "No automatic proposals are waiting for review. “Automatic coding” "
                "proposes codes from rules; each one waits here until you accept it."
            )
            self.code.clear()
            self.quote.clear()
            self.suggestion.clear()
            return
        store = self.ctx.store
        path = store.code_paths().get(seg.code_id, "")
        colour = shown_colour(next((c.colour for c in store.codes() if c.id == seg.code_id), ""))
        self.position.setText(
            f"Proposal {self.index + 1} of {len(self.queue)} · {html.escape(seg.coder)}"
        )
        self.code.setText(f"<span style='color:{colour}'>■</span> <b>{html.escape(path)}</b>")
        try:
            _iid, body = store.source_text(seg.source_kind, seg.source_id)
        except KeyError:
            body = seg.text
        lo, hi = max(0, seg.start - 200), min(len(body), seg.end + 200)
        e = html.escape
        self.quote.setHtml(
            f"<p style='line-height:140%'>{'…' if lo else ''}{e(body[lo : seg.start])}"
            f"<span style='background:{_rgba(colour)}; font-weight:600'>{e(body[seg.start : seg.end])}</span>"
            f"{e(body[seg.end : hi])}{'…' if hi < len(body) else ''}</p>"
        )
        model = service.train_suggester(store)
        hints = model.suggest(body[lo:hi], top=3, min_confidence=0.1) if model else []
        self.suggestion.setText(
            "Suggested from your coding: " + ", ".join(f"{p} ({c:.0%})" for p, c in hints)
            if hints else ""
        )  # fmt: skip
        if self._navigate:
            target = (seg.source_kind, seg.source_id, seg.start, seg.end)
            self.page.document.open_at(seg.interview_id, target, focus=False)
        self._navigate = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._navigate = True
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        actions = {Qt.Key.Key_A: self.accept, Qt.Key.Key_R: self.reject,
                   Qt.Key.Key_C: self.recode, Qt.Key.Key_N: self.skip}  # fmt: skip
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in actions:
            actions[event.key()]()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        self._decide("accepted")

    def reject(self) -> None:
        self._decide("rejected")

    def recode(self, code_id: str | None = None) -> Any:
        seg = self.current()
        if seg is None:
            return None
        if code_id:
            self._decide("accepted", code_id)
            return None
        return self.page.pick_code(
            "Recode as…", lambda cid: self._decide("accepted", cid), seg.code_id
        )

    def skip(self) -> None:
        if self.queue:
            self.index = (self.index + 1) % len(self.queue)
            self._navigate = True
            self._show()

    def _decide(self, status: str, code_id: str | None = None) -> None:
        seg = self.current()
        if seg is None:
            return
        self.queue.pop(self.index)  # the next one moves into place
        self._navigate = True
        self.page.document.set_status(seg.id, status, code_id)
        self.setFocus()
