"""The engagement at a glance: who, what, when; interviews done by segment and wave (a
table and a stacked bar chart); the forms in use; the interviews edited last."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.labels import NO_SEGMENT, segment_label
from workbench.plural import noun
from workbench.store.glance import ANY_WAVE
from workbench.ui import style
from workbench.ui.trash import local
from workbench.ui.wave_chart import WaveChart


def recent_edits(store: Any, limit: int = 8) -> list[tuple[str, Any]]:
    """(interview id, modified time) of the interviews changed last (not in the trash)."""
    return store.recent_interviews(limit * 2)


def _fmt(d: Any) -> str:
    return f"{d:%d %b %Y}" if d else "not set"


class OverviewPage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

        self.client = style.title("", "bigTitle")
        self.eng_title = QLabel()
        self.eng_title.setStyleSheet("font-size: 15px;")
        self.scope = style.muted(QLabel())
        self.scope.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.edit_button = QPushButton(style.icon("edit"), "Edit details…")
        self.edit_button.clicked.connect(self.edit_engagement)
        self.numbers = QLabel()
        self.numbers.setTextFormat(Qt.TextFormat.RichText)

        head = QGridLayout()
        head.setHorizontalSpacing(24)
        head.addWidget(self.client, 0, 0)
        head.addWidget(
            self.edit_button, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        head.addWidget(self.eng_title, 1, 0, 1, 2)
        head.addWidget(self.scope, 2, 0, 1, 2)
        head.addWidget(self.facts, 3, 0, 1, 2)
        head.setColumnStretch(0, 1)

        self.table = QTableWidget()
        style.tune_table(self.table)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart = WaveChart()

        # Both wrap, so that the page fits the window's width (none of it off to the right).
        self.forms = QLabel()
        self.forms.setWordWrap(True)
        self.forms.setTextFormat(Qt.TextFormat.RichText)
        self.forms.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.recent = QLabel()
        self.recent.setWordWrap(True)
        self.recent.setTextFormat(Qt.TextFormat.RichText)
        self.recent.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.recent.setOpenExternalLinks(False)
        self.recent.linkActivated.connect(
            lambda iid: self.ctx.open_interview_requested.emit(iid, None)
        )

        progress_card = self._card(
            "People interviewed of people to interview, by segment and wave", self.table
        )
        self.table.setToolTip(PROGRESS_TIP)
        chart_card = self._card("Interviews by wave and segment", self.chart)
        forms_card = self._card("Forms in use", self.forms)
        recent_card = self._card("Last edited", self.recent)
        for c in (progress_card, forms_card, recent_card):
            c.layout().addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(style.SPACING + 4)
        grid.setVerticalSpacing(style.SPACING + 4)
        grid.addWidget(progress_card, 0, 0)
        grid.addWidget(chart_card, 0, 1)
        grid.addWidget(forms_card, 1, 0)
        grid.addWidget(recent_card, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(
            style.MARGIN + 8, style.MARGIN + 4, style.MARGIN + 8, style.MARGIN
        )
        layout.setSpacing(style.SPACING + 4)
        layout.addLayout(head)
        layout.addWidget(self.numbers)
        layout.addLayout(grid)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.follower = ctx.follow(
            self,
            ("engagement", "interviews", "respondents", "answers", "forms", "notes", "segments"),
            self.refresh,
            reset=self.clear,
        )
        self.follower.mark_stale()

    def _card(self, title: str, *widgets: QWidget) -> QFrame:
        # a long title wraps rather than widening its card past a 1000-px window
        heading = style.title(title, "sectionTitle")
        heading.setWordWrap(True)
        return style.card(heading, *widgets)

    # -- content ----------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the engagement shown (another one is opening)."""
        for label in (self.client, self.eng_title, self.scope, self.facts, self.numbers):
            label.clear()
        self.forms.clear()
        self.recent.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.chart.clear()

    def refresh(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        eng = store.engagement()
        self.client.setText(eng.client)
        self.eng_title.setText(eng.title)
        self.scope.setText(eng.scope or "No scope written yet.")
        self.scope.setVisible(True)
        consultants = ", ".join(eng.consultants or []) or "none named"
        self.facts.setText(
            f"<b>Dates</b>&nbsp; {_fmt(eng.start_date)} – {_fmt(eng.end_date)}"
            f"&nbsp;&nbsp;&nbsp;&nbsp;<b>Consultants</b>&nbsp; {_esc(consultants)}"
        )
        self.edit_button.setEnabled(not store.read_only)
        rows = store.interview_rows(progress=False)  # counts and names: no progress needed
        waves = [w.name for w in store.waves()]
        counts = store.counts()
        done = sum(1 for r in rows if r.status == "complete")
        self.numbers.setText(
            " &nbsp;·&nbsp; ".join(
                f"<b>{n}</b> {noun(n, label) if label != 'complete' else label}"
                for n, label in (
                    (counts["respondents"], "respondent"),
                    (len(rows), "interview"),
                    (done, "complete"),
                    (counts["notes"], "note"),
                    (counts["coded segments"], "coded segment"),
                )
            )
        )
        self._fill_table(store.progress_by_segment_and_wave(), waves)
        self._fill_forms(rows)
        self._fill_recent(store, {r.id: r for r in rows})
        self._draw_chart(rows, waves)

    def _fill_table(self, progress: list[dict[str, Any]], waves: list[str]) -> None:
        """People interviewed / people to interview (:data:`PROGRESS_TIP`): a wave's
        column counts its people, the "All" column each person once whatever their waves."""
        # "No segment" last, as in the report's table of respondents
        segments = sorted({p["segment"] or "" for p in progress}, key=lambda s: (not s.strip(), s))
        total: Counter[tuple[str, Any]] = Counter()
        done: Counter[tuple[str, Any]] = Counter()
        for p in progress:  # an unset segment may be stored as None or ""
            total[p["segment"] or "", p["wave"]] += p["planned"]
            done[p["segment"] or "", p["wave"]] += p["done"]
        t = self.table
        t.clear()
        t.setColumnCount(len(waves) + 2)
        t.setRowCount(len(segments) + 1)
        t.setHorizontalHeaderLabels(["Segment", *[w.capitalize() for w in waves], "All"])
        t.horizontalHeaderItem(len(waves) + 1).setToolTip("Each person once, whatever their waves")
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, segment in enumerate([*segments, None]):
            # None is the "All" row; a respondent without a segment shows as "No segment"
            label = QTableWidgetItem("All" if segment is None else _segment_name(segment))
            t.setItem(i, 0, label)
            for j, wave in enumerate([*waves, ANY_WAVE]):
                # a segment's people are no other's: the "All" row adds them up; the
                # "All" column is the entries of ANY_WAVE (each person once)
                keys = [(s, wave) for s in (segments if segment is None else [segment])]
                d = sum(done[k] for k in keys)
                n = sum(total[k] for k in keys)
                item = QTableWidgetItem(f"{d} / {n}" if n else "—")
                item.setTextAlignment(right)
                t.setItem(i, j + 1, item)
            if segment is None:
                font = label.font()
                font.setBold(True)
                for j in range(t.columnCount()):
                    t.item(i, j).setFont(font)
        header = t.horizontalHeader()
        header.setStretchLastSection(False)  # the segment column takes what is left
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.resizeColumnsToContents()
        # as wide as its columns need, so that a narrow window never cuts it to a scroll bar
        width = sum(header.sectionSize(j) for j in range(t.columnCount()))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        height = header.height() + sum(t.rowHeight(i) for i in range(t.rowCount()))
        t.setFixedHeight(height + 4)
        if t.verticalHeader().isVisible():
            width += t.verticalHeader().width()
        t.setMinimumWidth(width + 2 * t.frameWidth() + 2)

    def _fill_forms(self, rows: list[Any]) -> None:
        used = Counter((r.form_title, r.form_version) for r in rows)
        if not used:
            self.forms.setText("<i>No interviews yet.</i>")
            return
        lines = [
            f"<tr><td style='padding:3px 16px 3px 0'>{_esc(title)}</td>"
            f"<td style='padding:3px 10px 3px 0'>v{version}</td>"
            f"<td align='right' style='padding:3px 0'>{n} interview{'s' if n != 1 else ''}</td></tr>"
            for (title, version), n in sorted(used.items(), key=lambda kv: -kv[1])
        ]
        self.forms.setText(f"<table width='100%'>{''.join(lines)}</table>")

    def _fill_recent(self, store: Any, by_id: dict[str, Any]) -> None:
        lines = []
        for iid, when in recent_edits(store):
            r = by_id.get(iid)
            if r is None:
                continue
            lines.append(
                f"<tr><td style='padding:3px 16px 3px 0'><a href='{iid}'>{_esc(r.respondent)}</a></td>"
                f"<td style='padding:3px 16px 3px 0'>{_esc(r.form_title)}</td>"
                f"<td align='right' style='padding:3px 0; white-space:nowrap'>"
                f"{local(when):%d %b %H:%M}</td></tr>"
            )
            if len(lines) == 6:
                break
        self.recent.setText(
            f"<table width='100%'>{''.join(lines)}</table>" if lines else "<i>Nothing yet.</i>"
        )

    def _draw_chart(self, rows: list[Any], waves: list[str]) -> None:
        counts = Counter((r.wave, segment_label(r.segment)) for r in rows)
        segments = sorted({s for _w, s in counts}, key=lambda s: (s == NO_SEGMENT, s))
        self.chart.set_data(waves, segments, dict(counts))

    # -- editing ----------------------------------------------------------------------------
    def edit_engagement(self) -> None:
        from workbench.ui.dialogs import EngagementDialog

        store = self.ctx.store
        if store is None or store.read_only:
            return
        eng = store.engagement()
        current = {k: getattr(eng, k) for k in self.FIELDS}
        from workbench.store.waves import wave_uses
        from workbench.ui.context import ask

        values = ask(EngagementDialog(current, self, waves=wave_uses(store)))
        if values is not None:
            self.update_engagement(values)
            if "waves" in values:
                from workbench.ui.waves_editor import edit_waves

                edit_waves(self.ctx, values["waves"])

    FIELDS = ("client", "title", "scope", "consultants", "start_date", "end_date")

    def update_engagement(self, values: dict[str, Any]) -> None:
        """Change the engagement's details as one undoable edit."""
        store = self.ctx.store
        eng = store.engagement()
        old = {k: getattr(eng, k) for k in self.FIELDS}
        new = {k: v for k, v in values.items() if k in self.FIELDS and old[k] != v}
        if not new:
            return
        self.ctx.edit(
            "Edit engagement details",
            lambda: store.update_engagement(**new),
            lambda: store.update_engagement(**{k: old[k] for k in new}),
            "engagement",
        )


#: What the progress table counts, as its tooltip says it.
PROGRESS_TIP = (
    "People interviewed / people to interview. A person is to interview in a wave when "
    "a plan or an interview of theirs is in it, and interviewed there once they have a "
    "completed interview in it; someone interviewed twice (or on two forms) counts once. "
    "People in the register with neither a plan nor an interview are to interview in the "
    "wave under way. All: each person once, whatever their waves; the people it leaves "
    "short are those the report's Respondents table says are not yet interviewed."
)


def _segment_name(segment: str) -> str:
    """A segment as the progress table names it: "No segment" when unset, else as stored
    (as the Codebook, the workbook and the report write it)."""
    return segment_label(segment)


def _esc(text: str) -> str:
    import html

    return html.escape(str(text))
