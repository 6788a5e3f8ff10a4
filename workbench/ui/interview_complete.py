"""Marking an interview complete when it is not: the question that asks first, naming the
required questions not answered in full (and a pair's or grid's blank parts) and the
answers that break the form's rules; the consultant may complete it anyway."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from workbench.forms.answers import shown_value as format_value


def short(text: str, limit: int = 48) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def warn_incomplete(
    editor: Any, missing: list[str], breaks: dict[str, str] | None = None
) -> QMessageBox:
    """Ask before completing an interview whose required questions are not all answered
    in full, naming them (and a pair's or grid's blank parts), or with answers that
    break the form's rules (saved as given), naming them; it does not block."""
    from workbench.forms.schema import missing_parts

    breaks = breaks or {}
    values = editor.form_view.values()
    lines = []
    for key in missing[:8]:
        question = editor.form.question(key)
        parts = missing_parts(question, values.get(key))
        gap = f" — {', '.join(parts)} not given" if parts else " — not answered"
        lines.append(f"• {editor.form_view.number(key)}. {short(question.label)}{gap}")
    if len(missing) > 8:
        lines.append(f"• and {len(missing) - 8} more")
    n = len(missing)
    text = (
        f"{n} required question{'s are' if n > 1 else ' is'} not answered in full:\n\n"
        + "\n".join(lines)
        + "\n\nAnalyses leave out what is missing."
        if n
        else ""
    )
    if breaks:
        shown = [
            f"• {editor.form_view.number(key)}. {short(editor.form.question(key).label)} — "
            f"{format_value(values.get(key))}: {problem}"
            for key, problem in list(breaks.items())[:8]
        ]
        if len(breaks) > 8:
            shown.append(f"• and {len(breaks) - 8} more")
        b = len(breaks)
        text += ("\n\n" if text else "") + (
            f"{b} answer{'s break' if b > 1 else ' breaks'} the form's rules "
            "(saved as given):\n\n" + "\n".join(shown)
        )
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Mark complete",
        text + "\n\nMark the interview complete anyway?",
        QMessageBox.StandardButton.NoButton,
        editor,
    )
    anyway = box.addButton("Mark complete anyway", QMessageBox.ButtonRole.AcceptRole)
    go = box.addButton("Go to the question", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.setEscapeButton(go)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        editor.complete_warning = None
        if box.clickedButton() is anyway:
            editor._interview_field("status", "complete")
            from workbench.plural import plural

            said = []
            if n:
                said.append(f"{plural(n, 'required question')} not answered in full")
            if breaks:
                said.append(f"{plural(len(breaks), 'answer')} breaking the form's rules")
            editor.ctx.status.emit(f"Marked complete with {' and '.join(said)}.")
        else:
            editor.form_view.focus_question((missing or list(breaks))[0])

    box.finished.connect(finished)
    box.open()
    return box

