"""An answer that breaks its form's rule (an XLSForm constraint) is saved as given, with the
rule's message kept beside it as a warning, counted, and listed before completing; what
cannot be a number at all is refused in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.forms.xlsform import import_xlsform

DATA = Path(__file__).parents[1] / "data" / "xlsform"


pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def setup(ctx):
    form, _ = import_xlsform(DATA / "widgets.xls")
    respondent = ctx.store.add_respondent("Ana Silva")
    iid = ctx.store.new_interview(respondent.id, form, date=dt.date(2024, 3, 1)).id
    return ctx, iid


def test_a_number_breaking_the_rule_is_saved_with_a_warning(
    qtbot, setup, open_interview, tmp_path
) -> None:
    ctx, iid = setup
    editor = open_interview(iid)
    answered = len(ctx.store.answers(iid))  # the form's defaults
    block = editor.form_view.blocks["my_int"]
    spin = block.input.spin
    editor.form_view.focus_question("my_int")
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), "12abc")
    refusal = block.input.refusal
    assert not refusal.isHidden()
    assert "“abc” was not typed: only a whole number goes here" in refusal.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # leaves the box: 12 is given
    assert ctx.store.answers(iid)["my_int"] == 12  # saved as given
    assert not block.message.isHidden()
    assert block.message.text() == (
        "⚠ number must be less than 10 — saved as given; it breaks the form's rule"
    )
    assert len(ctx.store.answers(iid)) == answered + 1
    assert f"{answered + 1} of " in editor.progress_label.text()
    assert "⚠ 1 answer breaks the form's rules" in editor.progress_label.text()
    assert editor.form_view.rule_breaks() == {"my_int": "number must be less than 10"}
    qtbot.wait(50)  # laid out again
    editor.grab().save(str(tmp_path / "rule-broken.png"))
    editor.close()

    again = open_interview(iid)  # reopened: the answer and its warning are there
    block = again.form_view.blocks["my_int"]
    assert block.input.value() == 12
    assert "number must be less than 10" in block.message.text()
    assert not block.message.isHidden()
    again.close()


def test_ticks_breaking_the_rule_are_saved_and_listed_before_completing(
    qtbot, setup, open_interview
) -> None:
    ctx, iid = setup
    editor = open_interview(iid)
    assert ctx.store.answers(iid)["my_select"] == ["a", "c"]  # the form's default
    d = editor.form_view.blocks["my_select"].input.buttons["d"]
    d.setFocus()
    qtbot.keyClick(d, Qt.Key.Key_Space)  # c and d together: the form says no
    assert ctx.store.answers(iid)["my_select"] == ["a", "c", "d"]
    assert "option c and d cannot be selected together" in (
        editor.form_view.blocks["my_select"].message.text()
    )
    qtbot.keyClick(d, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    box = editor.complete_warning
    assert box is not None and ctx.store.interview(iid).status == "draft"
    number = editor.form_view.number("my_select")
    assert (
        f"• {number}. select multiple widget — a; c; d: option c and d cannot be selected "
        "together" in box.text()
    )
    next(b for b in box.buttons() if "anyway" in b.text()).click()
    assert ctx.store.interview(iid).status == "complete"


def test_a_value_of_the_wrong_type_says_it_was_not_saved(qtbot, setup, open_interview) -> None:
    ctx, iid = setup
    editor = open_interview(iid)
    edit = editor.form_view.blocks["my_date"].input.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "2024-13-45")
    editor.flush()
    message = editor.form_view.blocks["my_date"].message
    assert message.text() == "'2024-13-45' is not a date (use YYYY-MM-DD) — not saved"
    assert ctx.store.answers(iid).get("my_date") != "2024-13-45"
    assert edit.text() == "2024-13-45"  # what was typed stays to be put right


def test_a_numbers_question_refuses_letters(qtbot, setup, open_interview, tmp_path) -> None:
    ctx, iid = setup
    editor = open_interview(iid)
    block = editor.form_view.blocks["numberasstring"]  # XLSForm appearance ``numbers``
    edit = block.input.edit
    assert edit.placeholderText() == "Digits only (0–9, - . ,)"
    edit.setFocus()
    qtbot.keyClicks(edit, "12abc")
    editor.flush()
    assert block.message.text() == (
        "'String field that uses only numbers (plus a couple extra)' takes digits only "
        "(0–9, - . ,), not '12abc' — not saved"
    )
    assert "numberasstring" not in ctx.store.answers(iid)
    edit.selectAll()
    qtbot.keyClicks(edit, "-12.5")
    editor.flush()
    assert ctx.store.answers(iid)["numberasstring"] == "-12.5"
    assert block.message.isHidden()
    editor.grab().save(str(tmp_path / "numbers.png"))
