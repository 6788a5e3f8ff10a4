"""FormView on its own: rendering by type, keyboard, skip logic, progress, validation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QRadioButton

from workbench.forms import load_form_text
from workbench.ui.form_parts import PointRow
from workbench.ui.form_view import FormView

FORM = """
id: view-test
title: View test
version: 1
sections:
  - key: one
    title: One
    questions:
      - {key: name, type: text, label: Name, required: true}
      - key: channel
        type: single
        label: Channel
        required: true
        choices: [{value: phone, label: Phone}, {value: email, label: Email}]
      - {key: wait, type: number, label: Wait, unit: min, minimum: 0, relevant: channel == "phone"}
      - {key: sat, type: scale, label: Satisfaction, min: 1, max: 5, allow_na: true, min_label: Poor, max_label: Great}
      - {key: ten, type: scale, label: Ten points, min: 1, max: 10}
      - {key: rec, type: nps, label: Recommend}
  - key: two
    title: Two
    questions:
      - {key: when, type: date, label: When}
      - {key: story, type: longtext, label: Story}
      - key: team
        type: single
        label: Team
        choices: [{value: a}, {value: b}, {value: c}, {value: d}, {value: e}, {value: f}, {value: g}]
      - key: weights
        type: allocation
        label: Weights
        options: [{key: speed, label: Speed}, {key: quality, label: Quality}]
"""


@pytest.fixture
def view(qtbot):
    form = load_form_text(FORM)
    widget = FormView(form)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_values({})
    return widget


def row(view, key: str, part: str | None = None) -> PointRow:
    inp = view.blocks[key].input
    return inp.rows[part] if part else inp.row


def test_renders_by_type(view):
    assert isinstance(view.blocks["name"].input.edit, QLineEdit)
    assert isinstance(view.blocks["story"].input.edit, QPlainTextEdit)
    assert isinstance(view.blocks["channel"].input.buttons["phone"], QRadioButton)
    assert isinstance(view.blocks["team"].input.combo, QComboBox)  # more than 6 choices
    texts = [b.text() for _v, b in row(view, "sat").buttons]
    assert texts == ["1", "2", "3", "4", "5", "n/a"]
    assert [v for v, _b in row(view, "rec").buttons] == list(range(11))
    assert view.blocks["wait"].input.spin.suffix() == " min"


def test_number_keys_pick_scale_points(qtbot, view):
    sat = row(view, "sat")
    sat.setFocus()
    with qtbot.waitSignal(view.answer_changed) as signal:
        qtbot.keyClick(sat, Qt.Key.Key_4)
    assert signal.args == ["sat", 4]
    assert dict(sat.buttons)[4].isChecked()
    with qtbot.waitSignal(view.answer_changed) as signal:
        qtbot.keyClick(sat, Qt.Key.Key_N)
    assert signal.args == ["sat", "na"]
    with qtbot.waitSignal(view.answer_changed) as signal:
        qtbot.keyClick(sat, Qt.Key.Key_Left)
    assert signal.args == ["sat", 5]
    with qtbot.waitSignal(view.answer_changed) as signal:
        qtbot.keyClick(sat, Qt.Key.Key_Delete)
    assert signal.args == ["sat", None]
    assert view.values().get("sat") is None


def test_two_digit_points(qtbot, view):
    ten = row(view, "ten")
    ten.setFocus()
    emitted = []
    view.answer_changed.connect(lambda k, v: emitted.append((k, v)))
    qtbot.keyClicks(ten, "10")
    assert emitted == [("ten", 10)]
    qtbot.keyClick(ten, Qt.Key.Key_1)  # could become 10: committed after a pause
    qtbot.waitUntil(lambda: emitted[-1] == ("ten", 1), timeout=2000)
    rec = row(view, "rec")
    rec.setFocus()
    qtbot.keyClick(rec, Qt.Key.Key_0)
    assert emitted[-1] == ("rec", 0)


def test_shortcut_tooltip_documents_keys(view):
    assert "1 then 0" in row(view, "ten").toolTip()


def test_next_unanswered_goes_to_the_next_in_order_optional_or_not(qtbot, view):
    """From an answered question, Ctrl+Return and F8 go to the next unanswered one below
    that applies, optional or not (not to a required one further on), then round to the
    top; what is typed next goes into that one."""
    view.activateWindow()
    view.set_values({"sat": 3, "rec": 8, "when": "2024-01-02", "story": "s", "team": "a"})
    row(view, "sat").setFocus()
    qtbot.waitUntil(lambda: view.current_key() == "sat")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: view.current_key() == "ten")  # optional, the next one
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_7)
    assert view.values()["ten"] == 7
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: view.current_key() == "weights")  # rec, when… are answered
    assert view.next_unanswered() == "weights"  # unanswered itself: it stays
    view.set_values({**view.values(), "weights": {"speed": 60, "quality": 40}})
    view.focus_question("weights")
    assert view.next_unanswered() == "name"  # round to the top
    view.set_values({"name": "Ana", "channel": "email"})
    view.focus_question("name")
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: view.current_key() == "sat")  # wait is skipped (channel email)
    assert view.next_unanswered() == "sat"  # unanswered itself: F8 stays on it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    view.focus_question("sat")
    assert view.next_unanswered() == "ten"


def test_questions_are_numbered_over_those_that_apply(qtbot, view):
    """A question hidden by a condition takes no number: the numbers run on without a gap,
    and the hidden one takes its number back when it applies."""

    def numbers():
        return {k: b.number_label.text() for k, b in view.blocks.items() if not b.isHidden()}

    view.set_values({"channel": "email"})
    assert view.blocks["wait"].isHidden()
    assert [numbers()[k] for k in ("name", "channel", "sat", "ten")] == ["1.", "2.", "3.", "4."]
    assert list(numbers().values()) == [f"{i}." for i in range(1, len(numbers()) + 1)]
    view.set_values({"channel": "phone"})
    assert [numbers()[k] for k in ("channel", "wait", "sat")] == ["2.", "3.", "4."]
    assert view.number("sat") == 4


def test_relevance_updates_live(qtbot, view):
    wait = view.blocks["wait"]
    assert wait.isHidden()
    total_before = view.progress()[1]
    with qtbot.waitSignal(view.progress_changed):
        qtbot.mouseClick(view.blocks["channel"].input.buttons["phone"], Qt.MouseButton.LeftButton)
    assert not wait.isHidden()
    assert view.progress() == (1, total_before + 1)
    view.set_values({"channel": "phone", "wait": 5.0})
    assert view.progress() == (2, total_before + 1)
    qtbot.mouseClick(view.blocks["channel"].input.buttons["email"], Qt.MouseButton.LeftButton)
    assert wait.isHidden()
    assert view.progress() == (1, total_before)  # the stale wait answer does not count


def test_required_missing_marked(qtbot, view):
    name = view.blocks["name"]
    assert name.property("missing") is True
    qtbot.keyClicks(name.input.edit, "Ana")
    assert not name.property("missing")
    assert view.blocks["sat"].property("missing") in (None, False)


def test_allocation_total_warning(qtbot, view):
    inp = view.blocks["weights"].input
    emitted = []
    view.answer_changed.connect(lambda k, v: emitted.append((k, v)))
    speed, quality = inp.spins["speed"], inp.spins["quality"]
    speed.selectAll()
    qtbot.keyClicks(speed, "60")
    assert inp.total.text().startswith("60 of 100 points")
    assert "40 left" in inp.total.text()
    assert inp.total.property("off") is True
    assert emitted == []
    quality.selectAll()
    qtbot.keyClicks(quality, "40")
    assert inp.total.property("off") is False
    assert emitted[-1] == ("weights", {"speed": 60, "quality": 40})


def test_rejected_value_shows_message_and_is_not_emitted(qtbot, view):
    block = view.blocks["when"]
    emitted = []
    view.answer_changed.connect(lambda k, v: emitted.append((k, v)))
    qtbot.keyClicks(block.input.edit, "2024-13-45")
    qtbot.waitUntil(lambda: block.message.isVisible(), timeout=2000)
    assert "not a date" in block.message.text()
    assert emitted == []
    block.input.edit.clear()
    qtbot.keyClicks(block.input.edit, "2024-03-05")
    qtbot.waitUntil(lambda: emitted == [("when", "2024-03-05")], timeout=2000)
    assert not block.message.isVisible()


def test_set_values_shows_exactly_what_is_stored(view):
    values = {
        "name": "Ana",
        "channel": "phone",
        "wait": 12.5,
        "sat": "na",
        "rec": 10,
        "team": "g",
        "weights": {"speed": 30, "quality": 70},
    }
    view.set_values(values)
    assert view.values() == values
    view.set_values({})
    assert view.values() == {}
    assert view.blocks["team"].input.combo.currentIndex() == 0


def test_a_number_key_picks_and_only_picks(qtbot, view):
    """A digit answers the row with the keyboard and leaves it there; Tab moves on."""
    view.activateWindow()
    row(view, "sat").setFocus()
    qtbot.waitUntil(lambda: view.current_key() == "sat")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    assert view.current_key() == "sat" and view.values()["sat"] == 4
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # a second digit corrects it
    assert view.current_key() == "sat" and view.values()["sat"] == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert view.current_key() == "ten"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_7)
    assert view.current_key() == "ten"
    # 1 then 5 on a 0–10 row: 15 is no point, so 1 stands and 5 then picks in its place
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5)
    assert view.values()["sat"] == 2 and view.values()["ten"] == 5
    assert view.current_key() == "ten"


def test_a_squeezed_date_field_still_shows_the_whole_date(qtbot):
    """The interview header squeezed its date field until "2026-11-12" read "026-11-12"."""
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from workbench.ui.question_widgets import DateInput

    row = QWidget()
    line = QHBoxLayout(row)
    date = DateInput(None)
    line.addWidget(date)
    for _ in range(6):
        line.addWidget(QLineEdit())
    qtbot.addWidget(row)
    date.set_value("2026-11-12")
    row.resize(200, 40)  # far narrower than the row wants
    row.show()
    qtbot.waitExposed(row)
    need = date.edit.fontMetrics().horizontalAdvance("2026-11-12")
    assert date.edit.width() >= need + 8


def test_digits_pick_the_nth_option_of_a_radio_list(qtbot, view):
    """On a single choice shown as radio buttons, 1–9 pick the first to ninth option shown
    (as on a scale), and the keyboard stays on the list; a digit beyond them picks nothing."""
    view.activateWindow()
    view.show()
    qtbot.waitExposed(view)
    reported = []
    view.answer_changed.connect(lambda k, v: reported.append((k, v)))
    view.focus_question("channel")
    qtbot.waitUntil(lambda: view.current_key() == "channel")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert view.values()["channel"] == "email" and reported[-1] == ("channel", "email")
    assert view.current_key() == "channel"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert view.values()["channel"] == "phone"
    assert QApplication.focusWidget() is view.blocks["channel"].input.buttons["phone"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # two options only
    assert view.values()["channel"] == "phone"
    assert "1–9" in view.blocks["channel"].input.toolTip()
