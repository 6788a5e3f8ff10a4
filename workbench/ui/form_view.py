"""A form rendered from its definition: sections, one input per question, live skip logic.

``FormView`` knows nothing about the store.  It shows values (``set_values``), reports
what the user changes (``answer_changed``) and keeps the progress count.  Clicks are
reported at once; typing in free text is reported after a pause of :data:`TYPING_MS`
(at least every :data:`TYPING_MAX_MS` while it goes on without one, and at once when
:meth:`FormView.flush` is called), so each pause is one answer.
A value of the wrong type (a date that is no date) is shown with an inline message
saying it was not saved, and not reported.  A value that breaks the form's own rule (an
XLSForm ``constraint``) is an answer all the same: it is reported and saved as given,
with the rule's message kept beside it as a warning (:meth:`FormView.rule_breaks`).

Keyboard: Tab walks the questions (a pair's E, then its P, then the next question); on a
rating row 0–9 pick a point (type 1 then 0 for 10) and only pick it: the keyboard stays
on the row until Tab or F8 moves it, so "7, Tab, 5" answers a pair's E and P.  N picks
n/a, ← → move, Delete clears; Space toggles check boxes; on a list of radio buttons 1–9
pick the first to ninth option; Ctrl+Return or F8 goes to the question with the keyboard
if it is not answered in full, else to the next unanswered one below it that applies,
optional or not (in the form's order, round to the top).  Questions are numbered 1, 2, 3…
over those that apply: one hidden by the form's conditions takes no number.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.forms.answers import constraint_problem, filter_problem, not_offered, validate
from workbench.forms.conditions import is_unanswered
from workbench.forms.schema import AllocationQuestion, FormDefinition, MultiQuestion
from workbench.ui.form_parts import (
    LOCKED_HINT,
    MATCH_HINT,
    POINT_STYLE,
    MatchGuard,
    ReadingLock,
    answer_widgets,
    grey,
    mark_match,
)
from workbench.ui.question_widgets import QuestionInput, make_input

TYPING_MS = 400
# The longest typing goes unsaved while it never pauses for TYPING_MS.
TYPING_MAX_MS = 2000

FORM_STYLE = (
    POINT_STYLE
    + """
QFrame#question { border: none; border-left: 3px solid transparent; border-radius: 0; }
QFrame#question[missing="true"] { border-left-color: #e3a33b; }
QFrame#question[current="true"] { background: palette(alternate-base); }
QFrame#question[current="true"][missing="true"] { border-left-color: #e3a33b; }
QLabel#inlineMessage { color: #d64541; }
"""
)

NEXT_HELP = "Ctrl+Return or F8: next unanswered question"
NEXT_KEYS = ("Ctrl+Return", "Ctrl+Enter", "F8")  # listed by the shortcuts dialog


def default_value(question: Any) -> Any:
    """The answer a question's ``default`` (XLSForm) gives, or None if it has none or the
    question cannot take it. A select-multiple default lists choice values separated by
    spaces (``a c``), as ODK and KoboToolbox write it."""
    from workbench.forms.answers import coerce_from_text

    default = getattr(question, "default", None)
    if default is None or str(default).strip() == "":
        return None
    if isinstance(question, MultiQuestion):
        values = {c.value for c in question.choices}
        parts = str(default).split()
        if parts and all(p in values for p in parts):
            return list(dict.fromkeys(parts))
    try:
        return coerce_from_text(question, default)
    except ValueError:
        return None


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class QuestionBlock(QFrame):
    """Number, label, required mark, help, the input, and an inline message."""

    clear_requested = Signal()

    def __init__(
        self, number: int, question: Any, repeat: bool = False, parent: QWidget | None = None
    ) -> None:
        """``repeat``: the help and scale legend are those of the question before (the
        same battery), so they are shown once, on its first question, and as tooltips."""
        super().__init__(parent)
        self.setObjectName("question")
        self.question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.number = number
        self.number_label = num = grey(QLabel(f"{number}."), smaller=False)
        num.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        num.setMinimumWidth(24)
        head.addWidget(num, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.set_label(question.label)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = self.label.font()
        font.setWeight(font.Weight.DemiBold)
        self.label.setFont(font)
        if question.help:
            self.label.setToolTip(question.help)
        head.addWidget(self.label, 1)
        self.clear = QToolButton(text="Clear", autoRaise=True, toolTip="Clear this answer")
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear.clicked.connect(self.clear_requested)
        policy = self.clear.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.clear.setSizePolicy(policy)
        self.clear.setVisible(False)
        self.read_only = False
        head.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        body = QVBoxLayout()
        body.setContentsMargins(30, 0, 0, 0)
        body.setSpacing(6)
        self.help_label: QLabel | None = None
        if question.help and not repeat:
            self.help_label = help_label = grey(QLabel(question.help))
            help_label.setWordWrap(True)
            body.addWidget(help_label)
        self.input: QuestionInput = make_input(question)
        legend = getattr(self.input, "legend", None)
        if repeat and legend is not None:
            legend.hide()
        body.addWidget(self.input)
        self.default_note = grey(QLabel("The form's default: change it if the answer differs"))
        self.default_note.setToolTip(
            "This answer was filled in from the form's default, not typed or chosen here"
        )
        self.default_note.hide()
        body.addWidget(self.default_note)
        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        body.addWidget(self.message)
        layout.addLayout(body)

    def set_label(self, label: str) -> None:
        """The question's text (in the language shown, earlier answers filled in)."""
        text = html.escape(label)
        if self.question.required:
            text += ' <span style="color:#d64541">*</span>'
        if self.label.text() != text:
            self.label.setText(text)

    def set_number(self, number: int) -> None:
        if number != self.number:
            self.number = number
            self.number_label.setText(f"{number}.")

    def set_help(self, text: str) -> None:
        if self.help_label is not None and self.help_label.text() != text:
            self.help_label.setText(text)
        if self.question.help:
            self.label.setToolTip(text)

    def set_choices(self, question: Any, offered: set[str] | None) -> None:
        """Choice labels in the language shown; only the ``offered`` ones (a choice filter)
        on buttons and in a drop-down list.  A choice that is kept although not offered
        (stored before, see :func:`~workbench.forms.answers.filter_problem`) stays shown."""
        labels = {c.value: c.label for c in getattr(question, "choices", [])}
        buttons = getattr(self.input, "buttons", {})
        for value, button in buttons.items():
            if value in labels and button.text() != labels[value]:
                button.setText(labels[value])
            show = offered is None or value in offered or button.isChecked()
            if button.isHidden() == show:
                button.setVisible(show)
        combo = getattr(self.input, "combo", None)
        if combo is not None:
            model, view, current = combo.model(), combo.view(), combo.currentIndex()
            for i in range(1, combo.count()):
                combo.setItemText(i, labels.get(combo.itemData(i), combo.itemText(i)))
                show = offered is None or combo.itemData(i) in offered or i == current
                if view.isRowHidden(i) == show:
                    view.setRowHidden(i, not show)
                    model.item(i).setEnabled(show)  # nor picked with the arrow keys

    def set_answered(self, answered: bool) -> None:
        self._answered = answered
        self._update_clear()

    def _update_clear(self) -> None:
        on = getattr(self, "_answered", False) and (
            self.underMouse() or bool(self.property("current"))
        )
        self.clear.setVisible(on and not self.read_only)

    def enterEvent(self, event: Any) -> None:
        super().enterEvent(event)
        self._update_clear()

    def leaveEvent(self, event: Any) -> None:
        super().leaveEvent(event)
        self._update_clear()

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def set_flag(self, name: str, on: bool) -> None:
        if bool(self.property(name)) != on:
            self.setProperty(name, on)
            _repolish(self)
            if name == "current":
                self._update_clear()


class FormView(QScrollArea):
    """The form ``form`` as a scrolling page of questions (see the module docstring)."""

    answer_changed = Signal(str, object)
    progress_changed = Signal(int, int)

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(FORM_STYLE)
        self.blocks: dict[str, QuestionBlock] = {}
        self._reported: dict[str, Any] = {}
        # key -> (the value it had, why): answers cleared with the last one reported because
        # their choice filter no longer offers them; saved with it (one edit)
        self.cleared: dict[str, tuple[Any, str]] = {}
        self._pending: dict[str, QTimer] = {}
        self._deadlines: dict[str, QTimer] = {}  # typing saved even when it never pauses
        self._progress = (-1, -1)
        self._read_only = False
        # answers shown for reading (a completed interview) until unlocked
        self.lock = ReadingLock(self, LOCKED_HINT, scroller=self)
        self.language = form.languages[0] if form.languages else ""
        self._shown = form  # the form in the language shown
        self._defaults = {
            q.key: v for q in form.iter_questions() if (v := default_value(q)) is not None
        }
        self._titles: list[QLabel] = []
        self._dynamic = any(
            "${" in q.label or getattr(q, "choice_filter", None) for q in form.iter_questions()
        )
        page = QWidget()
        page.setObjectName("formPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 40)
        layout.setSpacing(2)
        if form.description:
            intro = grey(QLabel(form.description.strip()), smaller=False)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        number = 0
        self.section_headings: list[QWidget] = []
        for section in form.sections:
            heading = QWidget()
            hl = QVBoxLayout(heading)
            hl.setContentsMargins(0, 22, 0, 6)
            hl.setSpacing(2)
            title = QLabel(section.title)
            font = title.font()
            font.setPointSizeF(font.pointSizeF() * 1.35)
            font.setWeight(font.Weight.Bold)
            title.setFont(font)
            hl.addWidget(title)
            self._titles.append(title)
            if section.description:
                desc = grey(QLabel(section.description.strip()), smaller=False)
                desc.setWordWrap(True)
                hl.addWidget(desc)
            rule = QFrame()
            rule.setFrameShape(QFrame.Shape.HLine)
            rule.setFrameShadow(QFrame.Shadow.Sunken)
            hl.addWidget(rule)
            layout.addWidget(heading)
            self.section_headings.append(heading)
            previous = None
            for question in section.questions:
                number += 1
                block = QuestionBlock(number, question, _same_battery(previous, question))
                previous = question
                block.input.changed.connect(lambda typing, k=question.key: self._changed(k, typing))
                block.clear_requested.connect(lambda k=question.key: self._clear(k))
                layout.addWidget(block)
                self.blocks[question.key] = block
                self.lock.watch(answer_widgets(block.input))
        layout.addStretch(1)
        self.setWidget(page)
        self._next_shortcuts: list[QShortcut] = []
        self.set_shortcut_scope(self)
        self.setToolTip("")
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        self._refresh()

    # -- values -----------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` (as stored); questions not in it are shown unanswered.

        A question the user is typing into (not yet reported) keeps what was typed.
        """
        for key, block in self.blocks.items():
            if key in self._pending:
                continue
            value = values.get(key)
            block.input.set_value(value)
            self._reported[key] = value
        shown = self.values()
        for key, block in self.blocks.items():
            if key not in self._pending:
                block.show_message(_rule_warning(block.question, values.get(key), self.form, shown))
        self._refresh()

    def values(self) -> dict[str, Any]:
        """The answers shown, typed; unanswered values and those of the wrong type are left
        out (one that breaks the form's rule is in: it is saved as given)."""
        out = {}
        for key, block in self.blocks.items():
            value = block.input.value()
            if (
                not is_unanswered(value)
                and validate(block.question, value, constraint=False) is None
            ):
                out[key] = value
        return out

    def rule_breaks(self) -> dict[str, str]:
        """Question key → the form's message, for each answer shown that applies and breaks
        its question's rule (saved as given: answered, with a problem)."""
        from workbench.forms.flags import rule_breaks

        return rule_breaks(self.form, self.values())

    def flush(self) -> None:
        """Report typing that is still waiting for its pause."""
        for key in list(self._pending):
            self._report(key)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for block in self.blocks.values():
            block.read_only = read_only or self.lock.locked
            block.input.set_read_only(read_only)
            block.set_answered(getattr(block, "_answered", False))
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        """Show the answers for reading (``locked``: a key or a click on one changes
        nothing and says how to correct them, see :class:`ReadingLock`), or let them be
        changed again; a search match shown in a text is let go when they are."""
        self.flush()
        self.lock.set_locked(locked)
        for block in self.blocks.values():
            block.read_only = locked or self._read_only
            block.set_answered(getattr(block, "_answered", False))
            if not locked and not self._read_only:
                widget = block.input.text_widget()
                guard = widget.findChild(MatchGuard, "matchGuard") if widget else None
                if guard is not None and guard.holding:
                    guard.release()
        if not locked and self._read_only:  # a read-only file stays read-only
            for block in self.blocks.values():
                block.input.set_read_only(True)

    def locked(self) -> bool:
        return self.lock.locked

    # -- user changes ---------------------------------------------------------------------------
    def _changed(self, key: str, typing: bool) -> None:
        if self.lock.locked:  # (nothing should reach here while locked) shown as stored
            self.blocks[key].input.set_value(self._reported.get(key))
            self.lock.say(self.blocks[key].input)
            return
        if typing:
            timer = self._pending.get(key)
            if timer is None:
                timer = QTimer(self, singleShot=True, interval=TYPING_MS)
                timer.timeout.connect(lambda k=key: self._report(k))
                self._pending[key] = timer
                # Typing that never pauses is saved too, at least every TYPING_MAX_MS.
                deadline = QTimer(self, singleShot=True, interval=TYPING_MAX_MS)
                deadline.timeout.connect(lambda k=key: self._report(k))
                self._deadlines[key] = deadline
                deadline.start()
            timer.start()
            self.blocks[key].show_message(None)
            self._refresh()
        else:
            self._report(key)

    def _clear(self, key: str) -> None:
        if self.lock.locked or self._read_only:
            return
        self.blocks[key].input.set_value(None)
        self._report(key)

    def _report(self, key: str) -> None:
        for timers in (self._pending, self._deadlines):
            timer = timers.pop(key, None)
            if timer is not None:
                timer.stop()
                timer.deleteLater()
        block = self.blocks[key]
        value = block.input.value()
        problem = None if value is None else validate(block.question, value, constraint=False)
        off_total = isinstance(block.question, AllocationQuestion) and problem is not None
        if problem is not None:
            block.show_message(None if off_total else f"{problem} — not saved")
            self._refresh()
            return
        self.cleared = {}
        if not _same_value(value, self._reported.get(key)):
            self._clear_not_offered(key)
        block.show_message(_rule_warning(block.question, value, self.form, self.values()))
        self._refresh()
        if _same_value(value, self._reported.get(key)):
            return
        self._reported[key] = value
        self.answer_changed.emit(key, value)

    def _clear_not_offered(self, changed_key: str) -> None:
        """Clear the answers that follow ``changed_key`` through their choice filter and
        that it no longer offers (the county of the state before), in the form's order, so
        that one cleared clears those that follow it in turn; kept in :attr:`cleared`."""
        values = self.values()
        changed = {changed_key}
        for key, block in self.blocks.items():
            question = block.question
            follows = getattr(question, "choice_filter", None) or {}
            if not changed & set(follows.values()) or key in self._pending:
                continue
            value = values.get(key)
            gone = not_offered(question, value, values)
            if not gone:
                continue
            changed.add(key)
            why = filter_problem(self.form, question, value, values) or ""
            kept = [v for v in value if str(v) not in gone] if isinstance(value, list) else []
            block.input.set_value(kept or None)
            block.show_message(None)
            said = why.replace(" is not offered", " cleared, not offered", 1).replace(
                " are not offered", " cleared, not offered", 1
            )
            label = question.label[:1].upper() + question.label[1:]
            self.cleared[key] = (value, f"{label}: {said}")
            self._reported[key] = kept or None
            values = self.values()

    def offer_defaults(self) -> list[str]:
        """Give every unanswered question that has a ``default`` (XLSForm) that answer, as
        if chosen; returns their keys."""
        given = []
        for key, block in self.blocks.items():
            value = default_value(block.question)
            if value is None or not is_unanswered(block.input.value()):
                continue  # no default, or one the question cannot take
            block.input.set_value(value)
            self._report(key)
            given.append(key)
        return given

    # -- language and piped labels -------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Show the form's labels, help, section titles and choices in ``language``."""
        from workbench.forms.i18n import translated

        if language == self.language or language not in self.form.languages:
            return
        self.language = language
        self._shown = translated(self.form, language)
        for title, section in zip(self._titles, self._shown.sections, strict=True):
            title.setText(section.title)
        self._texts(self.values(), everything=True)

    def _texts(self, values: dict[str, Any], everything: bool = False) -> None:
        from workbench.forms.i18n import fill_label

        for key, block in self.blocks.items():
            q = self._shown.question(key)
            if everything or "${" in q.label:
                block.set_label(fill_label(q.label, values, self._shown))
                block.set_help(fill_label(q.help, values, self._shown))
            choice_filter = getattr(q, "choice_filter", None)
            if everything or choice_filter:
                offered = {c.value for c in q.offered(values)} if choice_filter else None
                block.set_choices(q, offered)

    # -- relevance and progress -------------------------------------------------------------------
    def _refresh(self) -> None:
        values = self.values()
        if self._dynamic:
            self._texts(values)
        relevant = self.form.relevant_keys(values)
        done = self.form.answered_keys(values)
        number = 0
        for key, block in self.blocks.items():
            shown = key in relevant
            if block.isHidden() == shown:
                block.setVisible(shown)
            if shown:  # numbered over the questions that apply
                number += 1
                block.set_number(number)
            block.set_answered(key in values)  # (something to clear)
            default = self._defaults.get(key)
            from_default = key in values and _is_default(values[key], default)
            if block.default_note.isHidden() == from_default:
                block.default_note.setVisible(from_default)
            answered = key in done
            block.set_flag("missing", shown and block.question.required and not answered)
            if block.question.required and shown and not answered:
                block.setToolTip("Required — not answered yet")
            else:
                block.setToolTip("")
        for heading, section in zip(self.section_headings, self.form.sections, strict=True):
            heading.setVisible(any(q.key in relevant for q in section.questions))
        progress = (len(done), len(relevant))
        if progress != self._progress:
            self._progress = progress
            self.progress_changed.emit(*progress)

    def progress(self) -> tuple[int, int]:
        """(answered in full, total) over the questions that apply."""
        values = self.values()
        return len(self.form.answered_keys(values)), len(self.form.relevant_keys(values))

    def number(self, key: str) -> int:
        """The number the question ``key`` is shown with (counting the questions that
        apply; a hidden one keeps the number it had)."""
        return self.blocks[key].number

    def missing_required(self) -> list[str]:
        return self.form.missing_required(self.values())

    def set_shortcut_scope(self, scope: QWidget) -> None:
        """Where Ctrl+Return and F8 (next unanswered question) work: this form, or a page
        around it (so they work wherever the keyboard is on that page)."""
        for shortcut in self._next_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._next_shortcuts = []
        for keys in ("Ctrl+Return", "Ctrl+Enter", "F8"):
            shortcut = QShortcut(QKeySequence(keys), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.next_unanswered)
            self._next_shortcuts.append(shortcut)

    # -- focus ------------------------------------------------------------------------------------
    def focus_first_unanswered(self) -> str | None:
        """Focus the first question that applies and has no answer (else the first one)."""
        values = self.values()
        relevant = self.form.relevant_keys(values)
        done = self.form.answered_keys(values)
        order = [k for k in self.blocks if k in relevant]
        target = next((k for k in order if k not in done), order[0] if order else None)
        if target is not None:
            self.focus_question(target)
        return target

    def focus_question(self, key: str) -> None:
        block = self.blocks[key]
        target = block.input.focus_widget()
        (target or block.input).setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll_to(block)

    def scroll_to(self, block: QWidget) -> None:
        """Bring ``block`` into view, a little below the top when it has to move."""
        page = self.widget()
        page.layout().activate()
        top = block.mapTo(page, block.rect().topLeft()).y()
        bar = self.verticalScrollBar()
        if top < bar.value() or top + block.height() > bar.value() + self.viewport().height():
            bar.setValue(max(0, top - 60))

    def current_key(self) -> str | None:
        focused = QApplication.focusWidget()
        for key, block in self.blocks.items():
            if focused is not None and block.isAncestorOf(focused):
                return key
        return None

    def next_unanswered(self) -> str | None:
        """Focus the question with the keyboard if it is not answered in full (on its
        blank part), else the next unanswered one below it that applies, optional or
        not, in the form's order (round to the top)."""
        self.flush()  # what was just typed counts as answered
        values = self.values()
        relevant = self.form.relevant_keys(values)
        done = self.form.answered_keys(values)
        order = [k for k in self.blocks if k in relevant]
        current = self.current_key()
        start = order.index(current) if current in order else 0
        ring = order[start:] + order[:start]
        open_ = [k for k in ring if k not in done]
        target = current if current in open_ else (open_ or [None])[0]
        if target is not None:
            self.focus_question(target)
        return target

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for block in self.blocks.values():
            block.set_flag("current", new is not None and block.isAncestorOf(new))

    # -- highlighting -------------------------------------------------------------------------------
    def select_text(self, key: str, start: int, end: int, item: str = "") -> bool:
        """Scroll to a text answer and show characters ``start``–``end`` of it as the
        match, for reading: a key pressed next changes nothing until F2 or a click in the
        text (see :func:`~workbench.ui.form_parts.mark_match`)."""
        block = self.blocks.get(key)
        if block is None:
            return False
        widget = block.input.text_widget(item)
        if widget is None:
            return False
        block.setVisible(True)
        # shown with the keyboard on it, for reading only
        mark_match(widget, start, end, LOCKED_HINT if self.lock.locked else MATCH_HINT)
        self.scroll_to(block)
        if isinstance(widget, QPlainTextEdit):
            widget.ensureCursorVisible()
        return True


def _rule_warning(
    question: Any, value: Any, form: Any = None, values: dict[str, Any] | None = None
) -> str | None:
    """The warning shown beside an answer that breaks its question's rule or is not
    offered by its choice filter (saved as given)."""
    problem = constraint_problem(question, value)
    if problem:
        return f"⚠ {problem} — saved as given; it breaks the form's rule"
    problem = filter_problem(form, question, value, values or {}) if form is not None else None
    return f"⚠ {problem} — kept as given; choose again" if problem else None


def _same_value(a: Any, b: Any) -> bool:
    if is_unanswered(a) and is_unanswered(b):
        return True
    return type(a) is type(b) and a == b


def _is_default(value: Any, default: Any) -> bool:
    if default is None:
        return False
    if isinstance(value, list) and isinstance(default, list):
        return sorted(map(str, value)) == sorted(map(str, default))
    return value == default


def _same_battery(previous: Any, question: Any) -> bool:
    """Whether ``question`` repeats the help and scale of ``previous`` (e.g. SERVQUAL items)."""
    if previous is None or previous.type != question.type or not question.help:
        return False
    scale = ("min", "max", "min_label", "max_label", "labels")
    return previous.help == question.help and all(
        getattr(previous, a, None) == getattr(question, a, None) for a in scale
    )
