"""The code tree of the Codebook page (codes with colour and counts) and the form that
edits a code's definition, when to use it and when not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from workbench.coding.codebook import shown_colour
from workbench.coding.counts import MEANING, SEGMENTS, WITH_SUB_CODES, CodeCount, count_text
from workbench.plural import plural
from workbench.ui.coding_text import CODE_MIME

if TYPE_CHECKING:
    from workbench.ui.codebook_view import CodebookPage

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 2
FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")
LABELS = ("Short description", "Definition", "When to use", "When not to use", "Example")


def swatch(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(shown_colour(colour)))
    return QIcon(pix)


def _set_tip(item: QStandardItem, tip: str) -> None:
    if item.toolTip() != tip:
        item.setToolTip(tip)


class CodeTreeModel(QStandardItemModel):
    """The codebook as a tree: name (editable, with its colour), the code's segments and,
    for a code with sub-codes, its segments with theirs (``workbench.coding.counts``: the
    workbook's Codebook sheet counts the same).

    Dragging a code carries its id (to the text, or onto another code to move it there);
    the model never rearranges itself: ``on_move(code_id, new_parent_id)`` decides.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # (short headers: the names need the room; the tooltips say what is counted)
        self.setHorizontalHeaderLabels(["Code", "Segments", "Total"])
        for column, key in ((1, SEGMENTS), (2, WITH_SUB_CODES)):
            self.horizontalHeaderItem(column).setToolTip(
                f"{key.capitalize()}: {MEANING[key][0].lower()}{MEANING[key][1:]}; "
                "+N: automatic proposals awaiting review"
            )
        #: Whether some code has sub-codes (the Total column shows only then).
        self.nested = False
        self.on_move: Any = None

    def rebuild(self, codes: list[Any], counts: dict[str, CodeCount]) -> None:
        """The tree of ``codes``: siblings in their stored order (position), parents first.

        Rows of codes still there are updated where they stand, not made again, so an
        inline editor open on one of them (a new code being named) stays open with what
        has been typed into it, and so do the expanded branches.
        """
        from workbench.coding.service import tree_order

        ordered = tree_order(codes)
        live = {c.id for c in ordered}
        under: dict[str | None, list[Any]] = {}
        for c in ordered:
            under.setdefault(c.parent_id if c.parent_id in live else None, []).append(c)
        self.nested = any(parent is not None for parent in under)
        self._sync(self.invisibleRootItem(), None, under, counts)

    def _sync(
        self,
        parent: QStandardItem,
        parent_id: str | None,
        under: dict[str | None, list[Any]],
        counts: dict[str, CodeCount],
    ) -> None:
        wanted = under.get(parent_id, [])
        ids = {c.id for c in wanted}
        for row in reversed(range(parent.rowCount())):
            if parent.child(row, 0).data(ID_ROLE) not in ids:
                parent.removeRow(row)
        for i, c in enumerate(wanted):
            here = parent.child(i, 0) if i < parent.rowCount() else None
            if here is None or here.data(ID_ROLE) != c.id:
                later = next(
                    (r for r in range(i + 1, parent.rowCount())
                     if parent.child(r, 0).data(ID_ROLE) == c.id),
                    None,
                )  # fmt: skip
                parent.insertRow(i, parent.takeRow(later) if later is not None else self._row(c))
            row = [parent.child(i, column) for column in range(3)]
            self._show(row, c, counts.get(c.id, CodeCount()), bool(under.get(c.id)))
            self._sync(parent.child(i, 0), c.id, under, counts)

    @staticmethod
    def _row(c: Any) -> list[QStandardItem]:
        name = QStandardItem("")
        name.setData(c.id, ID_ROLE)
        name.setFlags(name.flags() | Qt.ItemFlag.ItemIsDragEnabled)
        row = [name]
        for _ in range(2):
            count = QStandardItem("")
            count.setData(c.id, ID_ROLE)
            count.setEditable(False)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.append(count)
        return row

    @staticmethod
    def _show(row: list[QStandardItem], c: Any, count: CodeCount, parent: bool) -> None:
        """Name, colour, tooltip and counts of ``c``, each set only when it changed (a
        change reaches an open editor of the row)."""
        name = row[0]
        if name.text() != c.name:
            name.setText(c.name)
        if name.data(COLOUR_ROLE) != (c.colour or ""):
            name.setData(c.colour or "", COLOUR_ROLE)
            name.setIcon(swatch(c.colour))
        _set_tip(name, c.description or c.definition or c.name)
        shown = [(count.segments, count.awaiting)]
        shown.append((count.segments_within, count.awaiting_within) if parent else (0, 0))
        for item, (segments, awaiting) in zip(row[1:], shown, strict=True):
            text = count_text(segments, awaiting)
            if item.text() != text:
                item.setText(text)
            tip = f"{plural(awaiting, 'automatic proposal')} awaiting review" if awaiting else ""
            _set_tip(item, f"{plural(segments, 'segment')}; {tip}" if tip else "")

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(CODE_MIME, str(indexes[0].data(ID_ROLE)).encode())
            data.setText(str(indexes[0].data(Qt.ItemDataRole.DisplayRole)))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: ANN001
        if not data.hasFormat(CODE_MIME) or self.on_move is None:
            return False
        code_id = bytes(data.data(CODE_MIME)).decode()
        target = parent.sibling(parent.row(), 0).data(ID_ROLE) if parent.isValid() else None
        if target != code_id:
            QTimer.singleShot(0, lambda: self.on_move(code_id, target))
        return False  # the page rebuilds the tree after the (undoable) move


class CodeDetails(QWidget):
    """Name, colour and the codebook entry of the selected code.

    What is changed here is saved when the keyboard leaves the panel or another code is
    selected (:meth:`apply_pending`), as every other edit is, or at once by "Apply changes".
    """

    def __init__(self, page: CodebookPage) -> None:
        super().__init__()
        self.page = page
        self.code_id: str | None = None
        self.colour = ""
        #: the values as shown for the code (what was changed since is saved)
        self.shown: dict[str, Any] = {}
        form = QFormLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.title = QLabel("Select a code to see its definition")
        self.title.setStyleSheet("font-weight: 600")
        form.addRow(self.title)
        self.name = QLineEdit()
        self.colour_button = QPushButton()
        self.colour_button.clicked.connect(self._pick_colour)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.colour_button)
        form.addRow("Name", row)
        self.inputs: dict[str, Any] = {}
        for key, label in zip(FIELDS, LABELS, strict=True):
            widget = QLineEdit() if key == "description" else QPlainTextEdit()
            if isinstance(widget, QPlainTextEdit):
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(54)
            self.inputs[key] = widget
            form.addRow(label, widget)
        self.origin = QComboBox()
        self.origin.addItems(["deductive", "inductive"])
        form.addRow("Origin", self.origin)
        self.save = QPushButton("Apply changes")
        self.save.clicked.connect(self.apply)
        form.addRow("", self.save)
        self.setEnabled(False)
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_moved)  # type: ignore[attr-defined]

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        left = old is not None and self.isAncestorOf(old)
        if left and (new is None or not self.isAncestorOf(new)):
            self.apply_pending()

    def pending(self) -> dict[str, Any]:
        """The fields changed here since the code was shown, with their new values."""
        if self.code_id is None:
            return {}
        return {k: v for k, v in self.values().items() if self.shown.get(k) != v}

    def apply_pending(self) -> None:
        """Save what was changed here and not applied yet (the selection is moving on, or
        the keyboard left the panel)."""
        changed = self.pending()
        if not changed or self.code_id not in self.page.codes:
            return
        if "name" in changed and (not changed["name"] or "/" in changed["name"]):
            self.page.ctx.status.emit("A code needs a name without '/': its name was kept.")
            del changed["name"]
        self.shown.update(changed)
        if changed:
            self.page.update_code(self.code_id, **changed)

    def show_code(self, code: Any | None) -> None:
        self.code_id = code.id if code is not None else None
        self.setEnabled(code is not None)
        if code is None:  # nothing of the last code stays behind, greyed or not
            self.title.setText("Select a code to see its definition")
            self.name.clear()
            self.colour = ""
            self.colour_button.setIcon(QIcon())
            self.colour_button.setText("")
            for w in self.inputs.values():
                w.clear()
            self.origin.setCurrentIndex(0)
            self.shown = {}
            return
        self.title.setText(self.page.ctx.store.code_paths().get(code.id, code.name))
        self.name.setText(code.name)
        self._set_colour(code.colour)
        for key in FIELDS:
            w = self.inputs[key]
            (w.setText if isinstance(w, QLineEdit) else w.setPlainText)(getattr(code, key) or "")
        self.origin.setCurrentText(code.origin)
        self.shown = self.values()

    def _set_colour(self, colour: str) -> None:
        self.colour = colour
        self.colour_button.setIcon(swatch(colour, 16))
        # a code its codebook gave no colour keeps none (shown grey, left out on export)
        self.colour_button.setText(colour or "no colour (shown grey)")

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, "Code colour")
        if chosen.isValid():
            self._set_colour(chosen.name())

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.text().strip(), "colour": self.colour}
        for key in FIELDS:
            w = self.inputs[key]
            out[key] = w.text() if isinstance(w, QLineEdit) else w.toPlainText()
        out["origin"] = self.origin.currentText()
        return out

    def apply(self) -> None:
        if self.code_id is None:
            return
        values = self.values()
        if not values["name"] or "/" in values["name"]:
            self.page.warn("Code", "A code needs a name without '/'.")
            return
        self.page.update_code(self.code_id, **values)
