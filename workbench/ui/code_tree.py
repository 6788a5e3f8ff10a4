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
from workbench.ui.coding_text import CODE_MIME

if TYPE_CHECKING:
    from workbench.ui.codebook_view import CodebookPage

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")
LABELS = ("Short description", "Definition", "When to use", "When not to use", "Example")


def swatch(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(shown_colour(colour)))
    return QIcon(pix)


class CodeTreeModel(QStandardItemModel):
    """The codebook as a tree: name (editable, with its colour) and segment count.

    Dragging a code carries its id (to the text, or onto another code to move it there);
    the model never rearranges itself: ``on_move(code_id, new_parent_id)`` decides.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Code", "Segments"])
        self.on_move: Any = None

    def rebuild(self, codes: list[Any], counts: dict[str, tuple[int, int]]) -> None:
        """The tree of ``codes``: siblings in their stored order (position), parents first."""
        from workbench.coding.service import tree_order

        self.removeRows(0, self.rowCount())
        items: dict[str, QStandardItem] = {}
        for c in tree_order(codes):
            name = QStandardItem(swatch(c.colour), c.name)
            name.setData(c.id, ID_ROLE)
            name.setToolTip(c.description or c.definition or c.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            n, p = counts.get(c.id, (0, 0))
            count = QStandardItem(f"{n - p}" + (f" +{p}" if p else "") if n else "")
            count.setData(c.id, ID_ROLE)
            count.setEditable(False)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if p:
                count.setToolTip(f"{n - p} coded, {p} automatic proposals awaiting review")
            (items.get(c.parent_id) or self.invisibleRootItem()).appendRow([name, count])
            items[c.id] = name

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
    """Name, colour and the codebook entry of the selected code."""

    def __init__(self, page: CodebookPage) -> None:
        super().__init__()
        self.page = page
        self.code_id: str | None = None
        self.colour = ""
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
            return
        self.title.setText(self.page.ctx.store.code_paths().get(code.id, code.name))
        self.name.setText(code.name)
        self._set_colour(code.colour)
        for key in FIELDS:
            w = self.inputs[key]
            (w.setText if isinstance(w, QLineEdit) else w.setPlainText)(getattr(code, key) or "")
        self.origin.setCurrentText(code.origin)

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
