"""The Retrieve tab of the Codebook page: every segment of the chosen codes, in context,
filtered by respondent segment, wave and attribute; a double-click jumps to the source."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.labels import NO_SEGMENT
from workbench.coding import retrieval
from workbench.coding.codebook import shown_colour
from workbench.plural import plural


def _segment(respondent: Any) -> str:
    """A respondent's segment as the filter holds it: "" when they have none."""
    return respondent.segment if (respondent.segment or "").strip() else ""


class RetrievalModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[retrieval.Retrieved] = []
        self.colours: dict[str, str] = {}
        self.paths: dict[str, str] = {}

    def set_rows(self, rows: list[retrieval.Retrieved], paths: dict, colours: dict) -> None:
        self.beginResetModel()
        self.rows, self.paths, self.colours = rows, paths, colours
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return r.text
        if role == Qt.ItemDataRole.ToolTipRole:
            codes = ", ".join(self.paths.get(c, "") for c in r.code_ids)
            return f"{codes}\nCoded by {r.coder or 'unknown'} · {r.status}"
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


def card_meta(r: retrieval.Retrieved) -> str:
    """The muted line after the respondent's name on a quote card: their segment, the wave,
    who coded the words ("coded by …", never a bare name that reads as the interviewer)."""
    bits = [r.respondent_segment, r.wave, f"coded by {r.coder}" if r.coder else ""]
    if r.status == "pending":
        bits.append("proposed")
    return " · ".join(b for b in bits if b)


class RetrievalDelegate(QStyledItemDelegate):
    """A quote card: who said it (muted), then the words in context with the code's colour."""

    def _doc(self, option: Any, r: retrieval.Retrieved, model: RetrievalModel) -> QTextDocument:
        muted = option.palette.color(QPalette.ColorRole.PlaceholderText).name()
        colour = QColor(model.colours.get(r.code_ids[0], "#4e79a7"))
        colour.setAlpha(90)
        rgba = f"rgba({colour.red()},{colour.green()},{colour.blue()},0.35)"
        meta = card_meta(r)
        e = html.escape
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(
            f"<div><b>{e(r.respondent)}</b> <span style='color:{muted}'>{e(meta)}</span></div>"
            f"<div><span style='color:{muted}'>{e(r.before)}</span>"
            f"<span style='background:{rgba}'>{e(r.text)}</span>"
            f"<span style='color:{muted}'>{e(r.after)}</span></div>"
        )
        doc.setTextWidth(max(option.rect.width() - 14, 80))
        return doc

    def paint(self, painter: QPainter, option: Any, index: QModelIndex) -> None:
        r: retrieval.Retrieved = index.data(Qt.ItemDataRole.UserRole)
        model = index.model()
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(
                option.rect,
                option.palette.color(QPalette.ColorRole.Highlight).lighter(170)
                if option.palette.color(QPalette.ColorRole.Base).lightness() > 128
                else option.palette.color(QPalette.ColorRole.Highlight).darker(160),
            )  # noqa: E501
        for i, cid in enumerate(r.code_ids[:3]):
            painter.fillRect(option.rect.x() + 2 + i * 4, option.rect.y() + 4, 3,
                             option.rect.height() - 8, QColor(model.colours.get(cid, "#4e79a7")))  # fmt: skip
        doc = self._doc(option, r, model)
        painter.translate(option.rect.x() + 12, option.rect.y() + 3)
        doc.drawContents(painter, QRectF(0, 0, option.rect.width() - 14, option.rect.height()))
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: Any, index: QModelIndex) -> QSize:
        doc = self._doc(option, index.data(Qt.ItemDataRole.UserRole), index.model())
        return QSize(option.rect.width(), int(doc.size().height()) + 8)


class RetrievalPane(QWidget):
    """Segments of the selected code(s), with context, filtered by respondent facts."""

    def __init__(self, ctx: Any, page: Any) -> None:
        super().__init__()
        self.ctx, self.page = ctx, page
        self.code_ids: list[str] = []
        self.title = QLabel("Select one or more codes to retrieve their segments.")
        self.title.setWordWrap(True)
        self.mode = QComboBox()
        self.mode.addItem("any of them (OR)", "or")
        self.mode.addItem("together on the same text (AND)", "and")
        self.segment, self.wave, self.attribute = QComboBox(), QComboBox(), QComboBox()
        self.speaker = QComboBox()
        self.speaker.setToolTip("Whose words: transcripts keep who spoke each turn")
        for label, value in (("Everyone's words", None), ("Respondents' words", "respondent"),
                             ("Interviewers' words", "interviewer")):  # fmt: skip
            self.speaker.addItem(label, value)
        self.pending = QCheckBox("Include proposals")
        self.search = QLineEdit(placeholderText="Search the retrieved text")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = RetrievalModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RetrievalDelegate(self.view))
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWordWrap(True)
        self.view.doubleClicked.connect(self.open_row)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel("Codes:"))
        row1.addWidget(self.mode, 1)
        # two filters a row: the pane stays readable when it gives the text its room
        row2, row3, row4 = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        for row, widgets in ((row2, (self.segment, self.wave)),
                             (row3, (self.attribute, self.speaker))):  # fmt: skip
            for w in widgets:
                row.addWidget(w, 1)
        row4.addWidget(self.search, 1)
        row4.addWidget(self.pending)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for part in (self.title, row1, row2, row3, row4, self.view, self.count):
            (layout.addLayout if isinstance(part, QHBoxLayout) else layout.addWidget)(part)
        for w in (self.mode, self.segment, self.wave, self.attribute, self.speaker):
            w.currentIndexChanged.connect(self.refresh)
        self.pending.toggled.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        # The Codebook page keeps this pane in step with the engagement.

    def reload_filters(self) -> None:
        store = self.ctx.store
        for combo, label, values in (
            (self.segment, "All segments", sorted({_segment(r) for r in store.respondents()})),
            (self.wave, "All waves", [w.name for w in store.waves()]),
            (self.attribute, "Any attribute", sorted(
                {f"{k}={v}" for r in store.respondents() for k, v in (r.attributes or {}).items()}
            )),
        ) if store else ():  # fmt: skip
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for v in values:
                # "" is the respondents without a segment, shown as such
                combo.addItem(v or NO_SEGMENT, v)
            combo.blockSignals(False)

    def clear(self) -> None:
        """Forget the last engagement: codes chosen, filters, rows."""
        self.code_ids = []
        for combo in (self.segment, self.wave, self.attribute):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.speaker.blockSignals(True)
        self.speaker.setCurrentIndex(0)
        self.speaker.blockSignals(False)
        self.model.set_rows([], {}, {})
        self.title.setText("Select one or more codes to retrieve their segments.")
        self.count.setText("")

    def set_codes(self, code_ids: list[str]) -> None:
        self.code_ids = list(code_ids)
        self.refresh()

    def filters(self) -> retrieval.RetrievalFilter:
        attr = self.attribute.currentData()
        return retrieval.RetrievalFilter(
            respondent_segment=self.segment.currentData(),
            wave=self.wave.currentData(),
            attribute=tuple(attr.split("=", 1)) if attr else None,
            statuses=("accepted", "pending") if self.pending.isChecked() else ("accepted",),
            text=self.search.text(),
            speaker=self.speaker.currentData(),
        )

    def refresh(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        paths = store.code_paths()
        self.code_ids = [c for c in self.code_ids if c in paths]
        rows = retrieval.retrieve(store, self.code_ids, self.mode.currentData(), self.filters())
        colours = {c.id: shown_colour(c.colour) for c in store.codes()}
        self.model.set_rows(rows, paths, colours)
        joiner = " AND " if self.mode.currentData() == "and" else " OR "
        names = joiner.join(f"<b>{html.escape(paths[c])}</b>" for c in self.code_ids)
        self.title.setText(names or "Select one or more codes to retrieve their segments.")
        people = len({r.respondent for r in rows})
        self.count.setText(
            f"{plural(len(rows), 'segment')} from {plural(people, 'respondent')}"
            if self.code_ids
            else ""
        )
        left_out = rows.left_out_note()  # what the speaker filter kept out, and why
        if left_out:
            self.count.setWordWrap(True)
            self.count.setText(f"{self.count.text()}. {left_out}.")

    def open_row(self, index: QModelIndex) -> None:
        r: retrieval.Retrieved = index.data(Qt.ItemDataRole.UserRole)
        target = (r.source_kind, r.source_id, r.start, r.end)
        self.ctx.open_interview_requested.emit(r.interview_id, target)
