"""What lies behind a number: the interviews, answers and quotes of an :class:`Evidence`.

The dialog reads the EngagementData snapshot the result was computed from (no store
access); "Open interview" asks the window to show the interview through
``ctx.open_interview_requested``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.result import Evidence

Index = QModelIndex | QPersistentModelIndex
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """A read-only table of display strings, each row with an optional payload (a key)."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]] = (),
        keys: Sequence[Any] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = [list(r) for r in rows]
        self.keys = list(keys) if keys is not None else [None] * len(self.rows)

    def set_rows(self, rows: Sequence[Sequence[Any]], keys: Sequence[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.keys = list(keys) if keys is not None else [None] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "" if value is None else str(value)
        if role == ROW_KEY_ROLE:
            return self.keys[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def plain_table(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def display_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class EvidenceDialog(QDialog):
    """Interviews, answers and quotes behind one row of a result table."""

    def __init__(
        self,
        ctx: Any,
        evidence: Evidence,
        data: Any,
        title: str = "Evidence",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.evidence = evidence
        self.setWindowTitle(f"Evidence — {title}")
        self.resize(900, 560)
        layout = QVBoxLayout(self)

        interviews, answers, quotes = _collect(evidence, data)
        self.interviews = RowsModel(
            ["Respondent", "Role", "Segment", "Date", "Wave", "Form"],
            [r[1:] for r in interviews],
            [(r[0], None) for r in interviews],
            self,
        )
        self.answers = RowsModel(
            ["Respondent", "Wave", "Question", "Part", "Answer"],
            [r[1:] for r in answers],
            [(r[0], None) for r in answers],
            self,
        )
        self.quotes = RowsModel(
            ["Code", "Respondent", "Quote"],
            [r[2:] for r in quotes],
            [(r[0], r[1]) for r in quotes],
            self,
        )
        summary = QLabel(
            f"<b>{_esc(title)}</b><br>{_count(len(interviews), 'interview')} · "
            f"{_count(len(evidence.question_keys), 'question')} · "
            f"{_count(len(quotes), 'quote')}"
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)

        self.tabs = QTabWidget()
        self.views: list[QTableView] = []
        for label, model, stretch in (
            ("Interviews", self.interviews, None),
            ("Answers", self.answers, 2),
            ("Quotes", self.quotes, 2),
        ):
            view = plain_table(model, stretch)
            view.doubleClicked.connect(lambda _i, v=view: self._open(v))
            self.views.append(view)
            self.tabs.addTab(view, f"{label} ({model.rowCount()})")
        if not interviews and quotes:
            self.tabs.setCurrentIndex(2)
        layout.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("Open interview")
        self.open_button.setToolTip("Show the selected interview in the interview view")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self._open(self.views[self.tabs.currentIndex()]))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for view in self.views:
            if view.model().rowCount():
                view.selectRow(0)

    def _open(self, view: QTableView) -> None:
        index = view.currentIndex()
        if not index.isValid():
            return
        key = view.model().data(index, ROW_KEY_ROLE)
        if key and key[0]:
            self.ctx.open_interview_requested.emit(str(key[0]), key[1])


def _collect(evidence: Evidence, data: Any) -> tuple[list[list], list[list], list[list]]:
    """(interviews, answers, quotes) rows; the first cell(s) of each row are ids."""
    respondents = data.respondents.set_index("respondent_id") if data is not None else None
    if data is None:
        return [], [], []

    def who(rid: Any) -> str:
        return str(respondents["name"].get(rid, "")) if rid in respondents.index else ""

    segs = data.segments[data.segments["segment_id"].isin(evidence.segment_ids)]
    ids = list(evidence.interview_ids) or [i for i in segs["interview_id"].dropna().unique()]
    frame = data.interviews[data.interviews["interview_id"].isin(ids)]
    frame = frame.sort_values(["wave_order", "date"], na_position="last")
    forms = {fid: getattr(f, "title", fid) for fid, f in data.forms.items()}
    interviews = []
    for r in frame.itertuples(index=False):
        info = respondents.loc[r.respondent_id] if r.respondent_id in respondents.index else None
        interviews.append(
            [
                r.interview_id,
                who(r.respondent_id),
                "" if info is None else display_value(info["role"]),
                "" if info is None else display_value(info["segment"]),
                display_value(r.date),
                display_value(r.wave),
                forms.get(r.form_id, r.form_id),
            ]
        )

    answers: list[list] = []
    if evidence.question_keys and ids:
        a = data.answers
        a = a[a["interview_id"].isin(ids) & a["question_key"].isin(evidence.question_keys)]
        q = data.questions
        labels = {
            (f, k): lbl
            for f, k, lbl in zip(q["form_id"], q["question_key"], q["label"], strict=True)
        }
        qi = data.question_items
        items = {
            (f, k, i): lbl
            for f, k, i, lbl in zip(
                qi["form_id"], qi["question_key"], qi["item"], qi["label"], strict=True
            )
        }
        order = {k: n for n, k in enumerate(evidence.question_keys)}
        a = a.assign(_o=a["question_key"].map(order)).sort_values(["_o", "respondent_id", "item"])
        for r in a.itertuples(index=False):
            answers.append(
                [
                    r.interview_id,
                    who(r.respondent_id),
                    display_value(r.wave),
                    labels.get((r.form_id, r.question_key), r.question_key),
                    items.get((r.form_id, r.question_key, r.item), r.item or ""),
                    display_value(r.value),
                ]
            )

    paths = (
        dict(zip(data.codes["code_id"], data.codes["path"], strict=True)) if len(data.codes) else {}
    )
    quotes = [
        [
            r.interview_id,
            (r.source_kind, r.source_id, r.start, r.end),
            paths.get(r.code_id, ""),
            who(r.respondent_id),
            r.text,
        ]
        for r in segs.itertuples(index=False)
    ]
    return interviews, answers, quotes


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
