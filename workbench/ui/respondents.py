"""The stakeholder register: a table model over the store's respondents, editable in place
(every edit undoable), filterable by text and segment, with add/edit, delete to the trash
and import from a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.labels import segment_label
from workbench.plural import plural
from workbench.store.models import SEGMENTS
from workbench.ui import style
from workbench.ui.file_dialogs import open_file_name

ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


def undoable_update(
    ctx: Any, text: str, update: Callable[..., dict], row_id: str, fields: dict, kind: str
) -> None:
    """Push an edit made with one of the store's ``update_*`` methods (they return the old
    values, which the undo writes back)."""
    old: dict[str, Any] = {}

    def redo() -> None:
        previous = update(row_id, **fields)
        if not old:
            old.update(previous)

    ctx.edit(text, redo, lambda: update(row_id, **old), kind)


def update_respondent(ctx: Any, respondent_id: str, fields: dict[str, Any]) -> bool:
    """Change a respondent's fields as given by the respondent dialog (one undoable edit);
    returns whether anything changed."""
    current = ctx.store.respondent(respondent_id)
    changed = {k: v for k, v in fields.items() if not _same(k, getattr(current, k, None), v)}
    if not changed.get("consent_given", current.consent_given):
        changed.pop("consent_at", None)
    if not changed:
        return False
    undoable_update(
        ctx,
        f"Edit {fields.get('name', current.name)}",
        ctx.store.update_respondent,
        respondent_id,
        changed,
        "respondents",
    )
    return True


def _same(key: str, old: Any, new: Any) -> bool:
    """Whether the dialog's ``new`` value is what the respondent already has: the dialog
    shows text as text (no value and "" alike), attributes as text, and the consent time
    as its day, so a field the consultant did not touch is never sent as a change."""
    if key == "consent_at" and isinstance(old, datetime) and isinstance(new, datetime):
        return old.date() == new.date() and (new.time() == datetime.min.time() or new == old)
    if key == "attributes":
        shown = {str(k): str(v).strip() for k, v in (old or {}).items()}
        return {k: v for k, v in shown.items() if k.strip() and v} == (new or {})
    if isinstance(new, str) and (old is None or isinstance(old, str)):
        return (old or "") == new
    return old == new


def _described(r: Any, interviews: int) -> str:
    known = ", ".join(v for v in (r.role, r.org_unit, r.email) if v)
    count = plural(interviews, "interview") if interviews else "no interviews"
    return f"{r.name} ({known + '; ' if known else ''}{count})"


def join_question(twice: list[str]) -> str:
    """The join's explanation, naming the interviews the person would have twice."""
    said = (
        "The other record's interviews and planned interviews move to the one kept, which "
        "also takes the details it lacks (role, unit, e-mail, attributes, consent). The "
        "other record goes to the trash. Edit ▸ Undo separates them again."
    )
    if twice:
        said += (
            f"\n\n⚠ Joined, this person has {'; and '.join(twice)}. The wave's figures "
            "count the answers of each: after joining, delete the one that should not "
            "count (the Interviews page marks them)."
        )
    return said


def choose_kept(
    parent: QWidget, people: list[Any], counts: dict[str, int], twice: list[str] = ()
) -> str:
    """Ask which of two records of one person to keep; its id, or "" when cancelled.
    ``twice``: what the person would have twice in a wave (``twice_after_join``)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Join two respondents")
    box.setIcon(QMessageBox.Icon.Warning if twice else QMessageBox.Icon.Question)
    box.setText("Are these one person? Choose the record to keep.")
    box.setInformativeText(join_question(list(twice)))
    buttons = {}
    for r in people:
        button = box.addButton(
            f"Keep {_described(r, counts.get(r.id, 0))}", QMessageBox.ButtonRole.AcceptRole
        )
        buttons[button] = r.id
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return buttons.get(box.clickedButton(), "")


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Change a proxy's filter criteria (Qt 6.10+ wants begin/endFilterChange)."""
    if hasattr(proxy, "endFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange()
    else:  # older Qt
        change()
        proxy.invalidateFilter()


class DownToList(QObject):
    """Down in a page's filter box moves the keyboard to the list's first row, made current
    and selected (Return then opens it, as a click would), as from a search field; with
    no row listed the key does what it always did."""

    def __init__(self, box: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(box)
        self.view = view
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # noqa: N802 (Qt)
        if (
            event.type() != QEvent.Type.KeyPress
            or event.key() != Qt.Key.Key_Down
            or event.modifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return False
        model, view = self.view.model(), self.view
        if model is None or model.rowCount() == 0:
            return False
        header = getattr(view, "horizontalHeader", None)
        column = 0
        if header is not None:
            column = next(
                (c for c in range(model.columnCount()) if not header().isSectionHidden(c)), 0
            )
        first = model.index(0, column)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        flags = QItemSelectionModel.SelectionFlag
        view.selectionModel().setCurrentIndex(first, flags.ClearAndSelect | flags.Rows)
        view.scrollTo(first)
        return True


def count_interviews(store: Any) -> dict[str, int]:
    """respondent id → number of interviews not in the trash."""
    return store.interview_counts()


class RespondentModel(QAbstractTableModel):
    FIXED = (
        ("name", "Name"),
        ("role", "Role"),
        ("org_unit", "Org unit"),
        ("segment", "Segment"),
        ("consent", "Consent"),  # a checkbox and the date it was given
    )
    EDITABLE = {"name", "role", "org_unit", "segment"}

    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []
        self.counts: dict[str, int] = {}
        self.attributes: list[str] = []
        self.columns: list[tuple[str, str]] = list(self.FIXED)

    def clear(self) -> None:
        self.beginResetModel()
        self.rows, self.counts, self.attributes = [], {}, []
        self.columns = [*self.FIXED, ("interviews", "Interviews")]
        self.endResetModel()

    def reload(self) -> None:
        store = self.ctx.store
        rows = store.respondents() if store is not None else []
        counts = count_interviews(store) if store is not None else {}
        attributes = sorted({k for r in rows for k in (r.attributes or {})})
        same_shape = [r.id for r in rows] == [r.id for r in self.rows] and (
            attributes == self.attributes
        )
        if same_shape and rows:
            self.rows, self.counts = rows, counts
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1)
            )
            return
        self.beginResetModel()
        self.rows, self.counts, self.attributes = rows, counts, attributes
        self.columns = [
            *self.FIXED,
            ("interviews", "Interviews"),
            *((f"attr:{a}", a[:1].upper() + a[1:]) for a in attributes),
        ]
        self.endResetModel()

    # -- shape -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        if (  # the count's header over its right-aligned numbers
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.TextAlignmentRole
            and self.columns[section][0] == "interviews"
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def column_of(self, key: str) -> int:
        return [c[0] for c in self.columns].index(key)

    def respondent_id(self, row: int) -> str:
        return self.rows[row].id

    # -- data ----------------------------------------------------------------------------------
    def _value(self, r: Any, key: str) -> Any:
        if key == "consent":
            return r.consent_at if r.consent_given else None
        if key == "interviews":
            return self.counts.get(r.id, 0)
        if key.startswith("attr:"):
            return (r.attributes or {}).get(key[5:], "")
        return getattr(r, key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        key = self.columns[index.column()][0]
        value = self._value(r, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key == "consent":
                if not r.consent_given:
                    return "" if role == Qt.ItemDataRole.DisplayRole else None
                return f"{value:%d %b %Y}" if isinstance(value, datetime) else "given"
            if key == "segment" and role == Qt.ItemDataRole.DisplayRole:
                return segment_label(value)  # as stored: one spelling everywhere
            return value
        if role == Qt.ItemDataRole.CheckStateRole and key == "consent":
            return Qt.CheckState.Checked if r.consent_given else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            if key == "consent":
                return (
                    value.isoformat()
                    if isinstance(value, datetime)
                    else ("0" if r.consent_given else "")
                )
            if isinstance(value, str):  # natural order: "Respondent 2" before "Respondent 10"
                return re.sub(r"\d+", lambda m: m.group(0).zfill(12), value.lower())
            if isinstance(value, datetime):
                return value.isoformat()
            return value if value is not None else ""
        if role == ID_ROLE:
            return r.id
        if role == SEGMENT_ROLE:
            return r.segment
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "interviews":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and r.email:
            return r.email
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid() or self.ctx.store is None or self.ctx.store.read_only:
            return base
        key = self.columns[index.column()][0]
        if key in self.EDITABLE or key.startswith("attr:"):
            return base | Qt.ItemFlag.ItemIsEditable
        if key == "consent":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        r = self.rows[index.row()]
        key = self.columns[index.column()][0]
        store = self.ctx.store
        if key == "consent" and role == Qt.ItemDataRole.CheckStateRole:
            given = Qt.CheckState(value) == Qt.CheckState.Checked
            fields = {"consent_given": given, "consent_at": datetime.now() if given else None}
            text = f"{'Record' if given else 'Withdraw'} consent of {r.name}"
        elif role == Qt.ItemDataRole.EditRole and key in self.EDITABLE:
            value = str(value).strip()
            if key == "name" and not value:
                return False
            if key == "segment" and value not in SEGMENTS:
                return False
            if value == getattr(r, key):
                return False
            fields = {key: value}
            text = f"Change {self.columns[index.column()][1].lower()} of {r.name}"
        elif role == Qt.ItemDataRole.EditRole and key.startswith("attr:"):
            attrs = dict(r.attributes or {})
            value = str(value).strip()
            if value == attrs.get(key[5:], ""):
                return False
            if value:
                attrs[key[5:]] = value
            else:
                attrs.pop(key[5:], None)
            fields = {"attributes": attrs}
            text = f"Change {key[5:]} of {r.name}"
        else:
            return False
        undoable_update(self.ctx, text, store.update_respondent, r.id, fields, "respondents")
        return True


class RespondentFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.segment = ""
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_segment(self, segment: str) -> None:
        refilter(self, lambda: setattr(self, "segment", segment))

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if self.segment:
            index = self.sourceModel().index(row, 0, parent)
            if index.data(SEGMENT_ROLE) != self.segment:
                return False
        return super().filterAcceptsRow(row, parent)


class SegmentDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for segment in SEGMENTS:
            combo.addItem(segment, segment)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(SEGMENT_ROLE))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RespondentsPage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RespondentModel(ctx, self)
        self.proxy = RespondentFilter(self)
        self.proxy.setSourceModel(self.model)

        self.count_label = style.muted(QLabel())
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Filter by name, role, unit…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(260)
        self.filter.setMaximumWidth(340)
        self.filter.textChanged.connect(self._filter_changed)
        self.segment = QComboBox()
        self.segment.addItem("All segments", "")
        for s in SEGMENTS:
            self.segment.addItem(s, s)
        self.segment.currentIndexChanged.connect(
            lambda: (self.proxy.set_segment(self.segment.currentData()), self._update_count())
        )
        self.import_button = QPushButton(style.icon("import"), "Import…")
        self.import_button.clicked.connect(self.choose_import)
        self.add_button = QPushButton(style.icon("add"), "Add respondent…")
        self.add_button.clicked.connect(self.add_respondent)
        self.edit_button = QPushButton(style.icon("edit"), "Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(style.icon("trash"), "Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.join_button = QPushButton("Join…")
        self.join_button.setToolTip(
            "Two records of one person (added separately, e.g. in two copies that were "
            "merged): keep one, with the interviews of both"
        )
        self.join_button.clicked.connect(lambda: self.join_selected())
        self.erase_button = QPushButton("Erase…")
        self.erase_button.setToolTip("Erase or pseudonymise a person on request, with a preview")
        # clicked(bool) would pass its flag as the confirmation
        self.erase_button.clicked.connect(lambda: self.erase_selected())

        self.view = QTableView()
        self.view.setModel(self.proxy)
        style.tune_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setItemDelegateForColumn(
            self.model.column_of("segment"), SegmentDelegate(self.view)
        )
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._after_reset)
        delete = self.delete_button
        delete.setShortcut(QKeySequence.StandardKey.Delete)

        head = QHBoxLayout()
        head.addWidget(style.title("Respondents"))
        head.addSpacing(8)
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.import_button)
        head.addWidget(self.add_button)
        DownToList(self.filter, self.view)
        tools = QHBoxLayout()
        tools.addWidget(self.filter)
        tools.addWidget(self.segment)
        tools.addStretch(1)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.delete_button)
        tools.addWidget(self.join_button)
        tools.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        layout.addLayout(head)
        layout.addLayout(tools)
        self.empty = style.muted(
            QLabel("No respondents yet — Add… one, or Import… a list from a spreadsheet.")
        )
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

        self.follower = ctx.follow(self, ("respondents", "interviews"), self.reload, self.reset)
        self._after_reset()
        self.follower.mark_stale()

    # -- state ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.reload()
        self._update_count()
        self._update_buttons()

    def reset(self) -> None:
        """Forget the last engagement: its rows, the filter and the selection."""
        self.view.clearSelection()
        self.filter.clear()
        self.segment.setCurrentIndex(0)
        self.model.clear()

    def _after_reset(self) -> None:
        # A free attribute's text may fill the width left; the count never does (stretched,
        # its numbers stood at the far right, away from its header).
        last = self.model.columns[-1][0] if self.model.columns else ""
        self.view.horizontalHeader().setStretchLastSection(last != "interviews")
        style.fit_columns(self.view, maximum=200)
        self.view.setItemDelegateForColumn(
            self.model.column_of("segment"), SegmentDelegate(self.view)
        )
        self._update_count()
        self._update_buttons()

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            plural(total, "person") if shown == total else f"{shown} of {plural(total, 'person')}"
        )
        self.empty.setVisible(total == 0 and self.ctx.store is not None)

    def _update_buttons(self) -> None:
        writable = self.ctx.store is not None and not self.ctx.store.read_only
        selected = bool(self.selected_ids())
        for button in (self.import_button, self.add_button):
            button.setEnabled(writable)
        self.edit_button.setEnabled(writable and len(self.selected_ids()) == 1)
        self.delete_button.setEnabled(writable and selected)
        self.erase_button.setEnabled(writable and len(self.selected_ids()) == 1)
        self.join_button.setEnabled(writable and len(self.selected_ids()) == 2)

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in sorted(rows)]

    def select_id(self, respondent_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == respondent_id:
                self.view.selectRow(row)
                self.view.scrollTo(self.proxy.index(row, 0))
                return

    # -- actions ---------------------------------------------------------------------------------
    def add_respondent(self) -> None:
        from workbench.ui.context import ask
        from workbench.ui.respondent_import import RespondentDialog

        values = ask(RespondentDialog(self, attribute_names=self.model.attributes))
        if values is not None:
            self.add(values)

    def add(self, fields: dict[str, Any]) -> str:
        """Add a respondent (undoable); returns the new id."""
        store = self.ctx.store
        fields = dict(fields)
        name = fields.pop("name")
        made: dict[str, str] = {}

        def redo() -> None:
            if "id" in made:
                store.restore_respondent(made["id"])
            else:
                made["id"] = store.add_respondent(name, **fields).id

        if not self.ctx.edit(
            f"Add {name}", redo, lambda: store.trash_respondent(made["id"]), "respondents"
        ):
            return ""
        self.select_id(made["id"])
        return made["id"]

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        from workbench.ui.respondent_import import RespondentDialog

        current = self.ctx.store.respondent(ids[0])
        from workbench.ui.context import ask

        values = ask(RespondentDialog(self, current, attribute_names=self.model.attributes))
        if values is not None:
            self.update(ids[0], values)

    def update(self, respondent_id: str, fields: dict[str, Any]) -> None:
        update_respondent(self.ctx, respondent_id, fields)

    def delete_selected(self) -> None:
        self.delete(self.selected_ids())

    def delete(self, ids: list[str]) -> None:
        """Move respondents to the trash (undoable); their interviews go out of sight too."""
        if not ids:
            return
        store = self.ctx.store
        names = [store.respondent(i).name for i in ids]
        text = f"Delete {names[0]}" if len(ids) == 1 else f"Delete {len(ids)} respondents"

        def redo() -> None:
            for rid in ids:
                store.trash_respondent(rid)

        def undo() -> None:
            for rid in ids:
                store.restore_respondent(rid)

        self.ctx.edit(text, redo, undo, "respondents")
        self.ctx.status.emit(f"{text}: moved to the trash (Edit ▸ Undo brings it back)")

    def join_selected(self, choose: Any = None) -> str:
        """Join the two selected respondents into one (undoable): ``choose`` (by default
        a question to the consultant) says which record is kept; returns its id or ""."""
        from workbench.team.merge_people import join_respondents, twice_after_join, unjoin

        ids = self.selected_ids()
        if len(ids) != 2:
            return ""
        store = self.ctx.store
        people = [store.respondent(i) for i in ids]
        counts = count_interviews(store)
        twice = twice_after_join(store, *ids)
        if choose is None:
            keep = choose_kept(self, people, counts, twice)
        else:
            keep = choose(self, people, counts)
        if not keep:
            return ""
        other = next(i for i in ids if i != keep)
        done: dict[str, Any] = {}

        def redo() -> None:
            done["join"] = join_respondents(store, keep, other)
            self.ctx.data_changed.emit("interviews")

        def undo() -> None:
            unjoin(store, done["join"])
            self.ctx.data_changed.emit("interviews")

        name = store.respondent(keep).name
        if not self.ctx.edit(f"Join {name}", redo, undo, "respondents"):
            return ""
        self.select_id(keep)
        self.ctx.status.emit(f"{done['join'].words(name)} (Edit ▸ Undo separates them)")
        return keep

    def erase_selected(self, confirm: Any = None) -> Any:
        """Erase or pseudonymise the selected respondent (a preview first)."""
        from workbench.ui.erasure import erase_respondent

        ids = self.selected_ids()
        return erase_respondent(self.window(), ids[0], confirm, self) if len(ids) == 1 else None

    def choose_import(self) -> None:
        path, _ = open_file_name(
            self,
            "Import respondents",
            "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)",
            kind="respondents",
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> Any:
        from workbench.store.respondent_import import RespondentImportError
        from workbench.ui.respondent_import import ImportDialog

        try:
            dialog = ImportDialog(self.ctx, path, self)
        except RespondentImportError as exc:
            QMessageBox.warning(self, "Import respondents", str(exc))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
