"""The interview list: a table model over ``store.interview_rows()`` with progress bars,
filters by segment, wave, status and text; new interview (Ctrl+N); open an interview in
the editor (inside this page, Esc goes back); delete to the trash (undoable).  A person
with two interviews on one form in one wave (joined records, or a second interview
added anyway) has a warning sign at their name, and the count says how many such people."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.labels import segment_label
from workbench.plural import plural
from workbench.store.models import SEGMENTS
from workbench.ui import style
from workbench.ui.respondents import DownToList, refilter

ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("respondent", "Respondent"),
    ("segment", "Segment"),
    ("date", "Date"),
    ("interviewer", "Interviewer"),
    ("wave", "Wave"),
    ("form_title", "Form"),
    ("status", "Status"),
    ("progress", "Progress"),
)


class InterviewModel(QAbstractTableModel):
    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []
        self.twice: dict[str, list[Any]] = {}  # see same_interview.twice_in_a_wave

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.twice = {}
        self.endResetModel()

    def twice_people(self) -> int:
        """How many people have two interviews (or more) on one form in one wave."""
        return len({self.twice[i][0].respondent_id for i in self.twice})

    def reload(self) -> None:
        from workbench.store.same_interview import twice_in_a_wave

        store = self.ctx.store
        rows = store.interview_rows() if store is not None else []
        self.twice = twice_in_a_wave(rows)
        if rows and [r.id for r in rows] == [r.id for r in self.rows]:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "progress":
                return f"{r.answered}/{r.total}"
            if key == "date":
                return f"{r.date:%d %b %Y}" if r.date else "—"
            if key == "segment":  # as stored, as the Codebook, workbook and report write it
                return segment_label(r.segment)
            if key == "status":
                return str(r.status).capitalize()
            return getattr(r, key)
        if role == SORT_ROLE:
            if key == "progress":
                return r.answered / r.total if r.total else 0.0
            if key == "date":
                return r.date.isoformat() if r.date else ""
            return str(getattr(r, key)).lower()
        if role == PROGRESS_ROLE:
            return (r.answered, r.total)
        if role == ID_ROLE:
            return r.id
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ToolTipRole and key == "form_title":
            return f"{r.form_id} v{r.form_version}"
        if key == "respondent" and r.id in self.twice:
            if role == Qt.ItemDataRole.DecorationRole:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            if role == Qt.ItemDataRole.ToolTipRole:
                return twice_tip(r.respondent, self.twice[r.id])
        return None


def twice_tip(name: str, group: list[Any]) -> str:
    """What the ⚠ at a person interviewed twice in a wave says."""
    from workbench.store.same_interview import twice_words

    return (
        f"{name} has {twice_words(group)}. The wave's figures count the answers of each: "
        "delete the one that should not count, or keep both if both are meant."
    )


class InterviewFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # respondent_id: one person's interviews (not everyone whose name holds theirs)
        self.criteria: dict[str, str] = {
            "segment": "",
            "wave": "",
            "status": "",
            "respondent_id": "",
        }
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def clear_criteria(self) -> None:
        def change() -> None:
            self.criteria = dict.fromkeys(self.criteria, "")
            self.text = ""

        refilter(self, change)

    def set_criterion(self, key: str, value: str) -> None:
        refilter(self, lambda: self.criteria.__setitem__(key, value))

    def set_text(self, text: str) -> None:
        refilter(self, lambda: setattr(self, "text", text.strip().lower()))

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        r = self.sourceModel().index(row, 0, parent).data(ROW_ROLE)
        for key, wanted in self.criteria.items():
            if wanted and getattr(r, key) != wanted:
                return False
        if self.text:
            hay = " ".join((r.respondent, r.interviewer, r.form_title, r.place, r.wave)).lower()
            return all(word in hay for word in self.text.split())
        return True


class ProgressDelegate(QStyledItemDelegate):
    """A slim progress bar with "answered/total" beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        answered, total = index.data(PROGRESS_ROLE) or (0, 0)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget  # type: ignore[attr-defined]
        qstyle = widget.style() if widget else QApplication.style()
        qstyle.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect.adjusted(8, 0, -8, 0)  # type: ignore[attr-defined]
        text_width = option.fontMetrics.horizontalAdvance("000/000") + 6  # type: ignore[attr-defined]
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.center().y() - 4, rect.width() - text_width, 8)
        bar.minimum, bar.maximum = 0, max(total, 1)
        bar.progress = min(answered, max(total, 1))
        bar.textVisible = False
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        qstyle.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
        painter.save()
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))  # type: ignore[attr-defined]
        text_rect = QRect(rect.right() - text_width + 6, rect.top(), text_width, rect.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, f"{answered}/{total}")
        painter.restore()


def available_forms(store: Any) -> list[Any]:
    """Forms a new interview can use: the engagement's stored versions, then the built-ins
    it has not used yet (so an engagement stays on one version of each form)."""
    from workbench.forms.library import builtin_forms

    forms = {f.id: f for f in store.engagement_forms()}
    for form_id, form in builtin_forms().items():
        forms.setdefault(form_id, form)
    return sorted(forms.values(), key=lambda f: f.title.lower())


def confirm_another(parent: QWidget, text: str) -> str:
    """Ask whether to create another interview like an existing one: "open" (the
    default: open the existing one), "create" or "" (cancelled)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "New interview", text, parent=parent)
    box.setInformativeText("Create another?")
    open_it = box.addButton("Open the Existing One", QMessageBox.ButtonRole.RejectRole)
    create = box.addButton("Create Another", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_it)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_it else "create" if clicked is create else ""


class NewInterviewDialog(QDialog):
    """Respondent, form, wave… of a new interview.  Proposed, from this engagement alone
    (:func:`workbench.store.interview_defaults.interview_defaults`): the form it uses
    most, the interviewer named last (else the consultant's own name) and its latest wave
    in use (or one added since), unless ``wave_id`` is given."""

    def __init__(
        self,
        ctx: Any,
        parent: QWidget | None = None,
        respondent_id: str = "",
        wave_id: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("New interview")
        self.setMinimumWidth(460)
        store = self.store = ctx.store
        self.respondent = QComboBox()
        for r in store.respondents():
            self.respondent.addItem(f"{r.name}  ·  {r.role or segment_label(r.segment)}", r.id)
        if respondent_id:
            self.respondent.setCurrentIndex(max(0, self.respondent.findData(respondent_id)))
        from workbench.store.interview_defaults import interview_defaults

        proposed = interview_defaults(store)
        self.form = QComboBox()
        self.forms = available_forms(store)
        for f in self.forms:
            self.form.addItem(f.title, f.id)
        self.form.setCurrentIndex(max(0, self.form.findData(proposed.form_id)))
        self.wave = QComboBox()
        for w in store.waves():
            self.wave.addItem(w.name, w.id)
        wanted = self.wave.findData(wave_id or proposed.wave_id)
        self.wave.setCurrentIndex(max(0, wanted))
        self.wave.setToolTip(
            "Waves are added, renamed and put in order in Edit ▸ Engagement Details"
        )
        self.interviewer = QLineEdit(proposed.interviewer or ctx.given_name())
        self.interviewer.setPlaceholderText("Who interviewed")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.place = QLineEdit()
        self.place.setPlaceholderText("optional")
        form = QFormLayout()
        form.addRow("Respondent", self.respondent)
        form.addRow("Form", self.form)
        form.addRow("Wave", self.wave)
        form.addRow("Interviewer", self.interviewer)
        form.addRow("Date", self.date)
        form.addRow("Place", self.place)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create and open")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.respondent.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addLayout(form)
        if self.respondent.count() == 0:
            layout.addWidget(style.muted(QLabel("Add a respondent first.")))
        # What the consultant should know before creating: the respondent already has such
        # an interview, or the date falls outside the engagement's dates.
        self.warning = QLabel()
        self.warning.setObjectName("newInterviewWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {style.error_colour(self)};")
        self.warning.hide()
        self._rows: list[Any] | None = None
        self._engagement: Any = None
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        if not respondent_id:
            self._propose_respondent()
        for combo in (self.respondent, self.form, self.wave):
            combo.currentIndexChanged.connect(self.check)
        self.date.dateChanged.connect(self.check)
        self.check()

    def _propose_respondent(self) -> None:
        """With nobody chosen: the first person of the list with no interview on the form
        in the wave proposed (the list's first when everyone has one), not someone already
        interviewed there."""
        if self.respondent.count() == 0 or not self.forms:
            return
        if self._rows is None:
            self._rows = self.store.interview_rows(progress=False)
        form_id = self.forms[self.form.currentIndex()].id
        wave = next((w.name for w in self.store.waves() if w.id == self.wave.currentData()), None)
        done = {
            r.respondent_id
            for r in self._rows
            if r.form_id == form_id and (r.wave or None) == wave and not r.deleted
        }
        free = next(
            (i for i in range(self.respondent.count()) if self.respondent.itemData(i) not in done),
            0,
        )
        self.respondent.setCurrentIndex(free)

    def existing(self) -> list[Any]:
        """The chosen respondent's interviews on the chosen form in the chosen wave."""
        from workbench.store.same_interview import same_interviews

        if self.respondent.count() == 0 or not self.forms:
            return []
        form = self.forms[self.form.currentIndex()]
        if self._rows is None:
            self._rows = self.store.interview_rows(progress=False)
        return same_interviews(
            self.store, self.respondent.currentData(), form.id, self.wave.currentData(), self._rows
        )

    def check(self) -> None:
        """Show what is worth knowing about the interview as chosen so far."""
        from workbench.store.same_interview import already_has, outside_dates

        lines = []
        rows = self.existing()
        if rows:
            name = self.store.respondent(self.respondent.currentData()).name
            lines.append(already_has(name, rows))
        qd = self.date.date()
        if self._engagement is None:
            self._engagement = self.store.engagement()
        lines.append(outside_dates(self._engagement, date(qd.year(), qd.month(), qd.day())))
        text = "\n".join(line for line in lines if line)
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def select_form(self, form_id: str) -> None:
        self.form.setCurrentIndex(max(0, self.form.findData(form_id)))

    def values(self) -> dict[str, Any]:
        qd = self.date.date()
        return {
            "respondent_id": self.respondent.currentData(),
            "form": self.forms[self.form.currentIndex()],
            "wave_id": self.wave.currentData(),
            "interviewer": self.interviewer.text().strip(),
            "date": date(qd.year(), qd.month(), qd.day()),
            "place": self.place.text().strip(),
        }


class InterviewsPage(QWidget):
    interview_opened = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: QWidget | None = None
        self.editor_id = ""
        self.model = InterviewModel(ctx, self)
        self.proxy = InterviewFilter(self)
        self.proxy.setSourceModel(self.model)

        self.count_label = style.muted(QLabel())
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Filter by respondent, interviewer, form…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(260)
        self.filter.setMaximumWidth(340)
        self.filter.textChanged.connect(self._text_changed)
        self.person: tuple[str, str] | None = None  # (id, name) of the one person listed
        self.segment = self._combo("All segments", [(s, s) for s in SEGMENTS])
        self.segment.currentIndexChanged.connect(lambda: self._criterion("segment", self.segment))
        self.wave = self._combo("All waves", [])
        self.wave.currentIndexChanged.connect(lambda: self._criterion("wave", self.wave))
        self.status = self._combo("Any status", [("Draft", "draft"), ("Complete", "complete")])
        self.status.currentIndexChanged.connect(lambda: self._criterion("status", self.status))
        self.new_button = QPushButton(style.icon("add"), "New interview…")
        self.new_button.clicked.connect(self.new_interview)
        self.open_button = QPushButton(style.icon("open"), "Open")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(style.icon("trash"), "Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        style.tune_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setItemDelegateForColumn(len(COLUMNS) - 1, ProgressDelegate(self.view))
        self.view.activated.connect(lambda idx: self.open_interview(idx.data(ID_ROLE)))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(lambda: style.fit_columns(self.view, maximum=260))
        DownToList(self.filter, self.view)

        head = QHBoxLayout()
        head.addWidget(style.title("Interviews"))
        head.addSpacing(8)
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.new_button)
        tools = QHBoxLayout()
        tools.addWidget(self.filter)
        for combo in (self.segment, self.wave, self.status):
            tools.addWidget(combo)
        tools.addStretch(1)
        tools.addWidget(self.open_button)
        tools.addWidget(self.delete_button)
        self.list_page = QWidget()
        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        layout.addLayout(head)
        layout.addLayout(tools)
        self.empty = style.muted(
            QLabel(
                "No interviews yet — New interview… (Ctrl+N) starts one with a respondent "
                "and a form."
            )
        )
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # The list follows the engagement while it is on screen; an open interview hides it,
        # and it catches up when the interview is left.
        self.follower = ctx.follow(
            self.list_page, ("interviews", "respondents", "answers"), self.reload, self.reset
        )
        self.reset()
        self.follower.mark_stale()

    def _combo(self, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, "")
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def _text_changed(self, text: str) -> None:
        if self.person is not None and text != self.person[1]:  # the filter is typed anew:
            self.person = None  # every interview whose words it finds, anyone's
            self.proxy.set_criterion("respondent_id", "")
            self.filter.setToolTip("")
        self.proxy.set_text(text)
        self._update_count()

    def show_person(self, respondent_id: str, name: str) -> None:
        """The list of one person's interviews: the person's own (by id, not everyone whose
        name holds theirs), their name in the filter box, the other filters cleared.
        Typing in the filter box lists everyone's interviews again."""
        self.show_list()
        for combo in (self.segment, self.wave, self.status):
            combo.setCurrentIndex(0)
        self.person = (respondent_id, name)
        self.filter.setText(name)
        self.filter.setToolTip(f"The interviews of {name} alone; type here to filter anew")
        self.proxy.set_criterion("respondent_id", respondent_id)
        self._update_count()

    def _criterion(self, key: str, combo: QComboBox) -> None:
        self.proxy.set_criterion(key, combo.currentData() or "")
        self._update_count()

    # -- refresh ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget the last engagement: the open interview, rows, filters, selection."""
        self._drop_editor()
        self.stack.setCurrentWidget(self.list_page)
        self.view.clearSelection()
        for combo in (self.segment, self.wave, self.status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.wave.blockSignals(True)
        while self.wave.count() > 1:
            self.wave.removeItem(1)
        self.wave.blockSignals(False)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.setToolTip("")
        self.filter.blockSignals(False)
        self.person = None
        self.proxy.clear_criteria()
        self.model.clear()
        self._update_count()
        self._update_buttons()

    def reload(self) -> None:
        store = self.ctx.store
        waves = [w.name for w in store.waves()] if store is not None else []
        if waves != [self.wave.itemData(i) for i in range(1, self.wave.count())]:
            current = self.wave.currentData()
            self.wave.blockSignals(True)
            while self.wave.count() > 1:
                self.wave.removeItem(1)
            for name in waves:
                self.wave.addItem(name, name)
            self.wave.setCurrentIndex(max(0, self.wave.findData(current)))
            self.wave.blockSignals(False)
            self.proxy.set_criterion("wave", self.wave.currentData() or "")
        self.model.reload()
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        said = (
            plural(total, "interview")
            if shown == total
            else f"{shown} of {plural(total, 'interview')}"
        )
        twice = self.model.twice_people()
        if twice:
            people = "person has" if twice == 1 else "people have"
            said += f" · ⚠ {twice} {people} two interviews on one form in one wave"
        self.count_label.setText(said)
        self.empty.setVisible(total == 0 and self.ctx.store is not None)

    def _update_buttons(self) -> None:
        writable = self.ctx.store is not None and not self.ctx.store.read_only
        self.new_button.setEnabled(writable)
        selected = bool(self.selected_ids())
        self.open_button.setEnabled(selected)
        self.delete_button.setEnabled(writable and selected)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    # -- actions -----------------------------------------------------------------------------------
    def highlighted_respondent(self) -> str:
        """The respondent of the one highlighted interview, or ""."""
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        people = {self.proxy.index(r, 0).data(ROW_ROLE).respondent_id for r in rows}
        return people.pop() if len(people) == 1 else ""

    def highlighted_wave(self) -> str | None:
        """The wave (id) of the highlighted interviews when they share one, else None."""
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        names = {self.proxy.index(r, 0).data(ROW_ROLE).wave for r in rows}
        if len(names) != 1 or self.ctx.store is None:
            return None
        wave = self.ctx.store.wave_by_name(names.pop() or "")
        return wave.id if wave is not None else None

    def new_interview(self, respondent_id: str = "") -> str | None:
        """Ask for a new interview with ``respondent_id`` chosen (the respondent of the
        highlighted interview when none is given) and the highlighted interview's wave
        (else the engagement's latest wave in use), create it and open it.  (A second
        interview of a person in one wave is said in the dialog before it is made.)"""
        if self.ctx.store is None or self.ctx.store.read_only:
            return None
        from workbench.ui.context import ask

        chosen = respondent_id or self.highlighted_respondent()
        dialog = NewInterviewDialog(
            self.ctx, self, respondent_id=chosen, wave_id=self.highlighted_wave()
        )
        values = ask(dialog)
        if values is None:
            return None
        from workbench.store.same_interview import already_has, same_interviews

        store = self.ctx.store
        rows = same_interviews(store, values["respondent_id"], values["form"].id, values["wave_id"])
        if rows:
            name = store.respondent(values["respondent_id"]).name
            choice = confirm_another(self, already_has(name, rows))
            if choice == "open":
                self.open_interview(rows[0].id)
                return rows[0].id
            if choice != "create":
                return None
        interview_id = self.create(**values)
        if not interview_id:
            return None
        self.open_interview(interview_id)
        return interview_id

    def create(self, respondent_id: str, form: Any, **fields: Any) -> str:
        """Create an interview (undoable); returns its id."""
        store = self.ctx.store
        made: dict[str, str] = {}

        def redo() -> None:
            if "id" in made:
                store.restore_interview(made["id"])
            else:
                made["id"] = store.new_interview(respondent_id, form, **fields).id

        name = store.respondent(respondent_id).name
        self.ctx.edit(
            f"New interview with {name}",
            redo,
            lambda: store.trash_interview(made["id"]),
            "interviews",
        )
        return made.get("id", "")

    def delete_selected(self) -> None:
        self.delete(self.selected_ids())

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        store = self.ctx.store
        if len(ids) == 1:
            iv = store.interview(ids[0])
            text = f"Delete interview with {iv.respondent.name}"
        else:
            text = f"Delete {len(ids)} interviews"

        def redo() -> None:
            for iid in ids:
                store.trash_interview(iid)

        def undo() -> None:
            for iid in ids:
                store.restore_interview(iid)

        if self.editor_id in ids:
            self.show_list()
        self.ctx.edit(text, redo, undo, "interviews")
        self.ctx.status.emit(f"{text}: moved to the trash")

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_interview(ids[0])

    def open_interview(self, interview_id: str, highlight: Any = None) -> QWidget:
        """Show the interview in the editor (replacing any other open one)."""
        if self.editor is not None and self.editor_id != interview_id:
            self._drop_editor()
        fresh = self.editor is None
        if fresh:
            self.editor = self._make_editor(interview_id)
            self.editor_id = interview_id
            self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        if highlight and hasattr(self.editor, "highlight"):
            self.editor.highlight(*highlight)
        elif fresh and hasattr(self.editor, "focus_first_unanswered"):
            self.editor.focus_first_unanswered()
        self.interview_opened.emit(interview_id)
        return self.editor

    def _make_editor(self, interview_id: str) -> QWidget:
        try:
            from workbench.ui.interview_editor import InterviewEditor
        except ModuleNotFoundError:
            return self._placeholder_editor(interview_id)
        editor = InterviewEditor(self.ctx, interview_id, self)
        editor.closed.connect(self.show_list)
        return editor

    def _placeholder_editor(self, interview_id: str) -> QWidget:
        iv = self.ctx.store.interview(interview_id)
        page = QWidget()
        back = QPushButton(style.icon("back"), "Interviews")
        back.clicked.connect(self.show_list)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(style.title(f"{iv.respondent.name} — {iv.form_version.title}"))
        layout.addWidget(style.muted(QLabel("The interview editor is not available yet.")))
        layout.addStretch(1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.show_list)
        return page

    def _drop_editor(self) -> None:
        if self.editor is not None:
            editor = self.editor
            self.stack.removeWidget(editor)
            editor.hide()
            self.editor = None
            self.editor_id = ""
            release(editor)

    def flush(self) -> None:
        """Save typing in the open interview that is still waiting for its pause."""
        if self.editor is not None and hasattr(self.editor, "flush"):
            self.editor.flush()

    def main_view(self) -> QWidget:
        """What takes the keyboard when the page is switched to: the list (Enter opens the
        highlighted interview), or the open interview where the keyboard was in it."""
        if self.editor is not None and self.stack.currentWidget() is self.editor:
            return self.editor.focusWidget() or self.editor
        return self.view

    def show_list(self) -> None:
        """Back to the list (it catches up with the edits made meanwhile as it shows)."""
        self.stack.setCurrentWidget(self.list_page)
        self._drop_editor()
        self.view.setFocus()


def release(widget: QWidget) -> None:
    """Delete ``widget`` (a left interview's editor: its form, notes and their signal
    connections) once the call that left it has returned.

    ``deleteLater`` alone waits for the event loop's deferred deletes, which a loop driven
    by ``processEvents()`` (a nested loop, a probe, a test) never delivers: every interview
    opened and left then stayed in memory whole.  A zero timer, which any turn of the loop
    fires, deletes it if that has not happened yet."""
    import shiboken6

    widget.deleteLater()

    def now() -> None:
        if shiboken6.isValid(widget):
            shiboken6.delete(widget)

    QTimer.singleShot(0, now)
