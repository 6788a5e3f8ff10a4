"""A form for an analysis plugin's declared parameters.

The form knows :class:`~workbench.analysis.api.Param` kinds, never a plugin: ``choice``
becomes a combo box, ``number``/``int`` a spin box bounded by the declared minimum and
maximum, ``bool`` a check box and ``text`` a line edit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from workbench.analysis.api import Param
from workbench.ui import style

_BIG = 1_000_000_000


class ParamForm(QWidget):
    """Widgets for a list of :class:`Param`; :meth:`values` returns typed values."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._params: tuple[Param, ...] = ()
        self._editors: dict[str, QWidget] = {}
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    # -- building ------------------------------------------------------------------------
    def set_params(self, params: Sequence[Param], values: dict[str, Any] | None = None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._params = tuple(params)
        self._editors = {}
        if not self._params:
            note = QLabel("This analysis has no options.")
            note.setEnabled(False)
            self._layout.addRow(note)
            return
        for p in self._params:
            editor = self._editor_for(p)
            editor.setObjectName(f"param_{p.name}")
            if p.help:
                editor.setToolTip(p.help)
            self._editors[p.name] = editor
            if p.kind == "bool":
                self._layout.addRow("", editor)
            else:
                label = QLabel(style.literal(p.label) + ":")
                label.setBuddy(editor)
                if p.help:
                    label.setToolTip(p.help)
                self._layout.addRow(label, editor)
        self.set_values({p.name: p.default for p in self._params} | dict(values or {}))

    def _editor_for(self, p: Param) -> QWidget:
        if p.kind == "choice":
            combo = QComboBox()
            for value, label in p.choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if p.kind == "int":
            spin = QSpinBox()
            spin.setRange(
                int(p.minimum) if p.minimum is not None else -_BIG,
                int(p.maximum) if p.maximum is not None else _BIG,
            )
            spin.valueChanged.connect(self.changed)
            return spin
        if p.kind == "number":
            dspin = QDoubleSpinBox()
            dspin.setDecimals(_decimals_for(p))
            dspin.setRange(
                float(p.minimum) if p.minimum is not None else -_BIG,
                float(p.maximum) if p.maximum is not None else _BIG,
            )
            span = (p.maximum or 0) - (p.minimum or 0)
            dspin.setSingleStep(0.05 if 0 < span <= 1 else 0.1 if 0 < span <= 10 else 1.0)
            dspin.valueChanged.connect(self.changed)
            return dspin
        if p.kind == "bool":
            box = QCheckBox(style.literal(p.label))
            box.toggled.connect(self.changed)
            return box
        line = QLineEdit()
        line.setPlaceholderText(p.help or p.label)
        line.textChanged.connect(self.changed)
        return line

    def set_unused(self, names: Collection[str]) -> None:
        """Hide the rows of the options named (they set nothing on the data in scope);
        their values stay as they are."""
        for name, editor in self._editors.items():
            self._layout.setRowVisible(editor, name not in names)

    # -- values ----------------------------------------------------------------------------
    def params(self) -> tuple[Param, ...]:
        return self._params

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    def set_values(self, values: dict[str, Any]) -> None:
        for p in self._params:
            if p.name not in values:
                continue
            value, editor = values[p.name], self._editors[p.name]
            if isinstance(editor, QComboBox):
                i = editor.findData(value)
                editor.setCurrentIndex(max(i, 0))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value if value is not None else 0))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value if value is not None else 0.0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QLineEdit):
                editor.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """The current values, typed as the parameters declare (via ``Param.coerce``)."""
        out: dict[str, Any] = {}
        for p in self._params:
            editor = self._editors[p.name]
            if isinstance(editor, QComboBox):
                raw: Any = editor.currentData()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                raw = editor.value()
            elif isinstance(editor, QCheckBox):
                raw = editor.isChecked()
            else:
                raw = editor.text()  # type: ignore[attr-defined]
            out[p.name] = p.coerce(raw)
        return out

    def reset(self) -> None:
        self.set_values({p.name: p.default for p in self._params})


def _decimals_for(p: Param) -> int:
    texts = [
        repr(float(v)) for v in (p.default, p.minimum, p.maximum) if isinstance(v, int | float)
    ]
    decimals = max((len(t.split(".")[1].rstrip("0")) for t in texts if "." in t), default=0)
    return max(2, min(decimals, 4))
