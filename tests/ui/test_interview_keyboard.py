"""The interview page by keyboard: focus starts on the first unanswered question, F8 and
the number keys work at once, and no key changes the respondent."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from window_driver import focused, settle, when_dialog

from workbench.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.app_context(engagement=None, settings={"consultant/name": "Jo Whitfield"}),
    pytest.mark.window(shown=True),
]

MODS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(window: MainWindow, qtbot, tmp_path: Path) -> MainWindow:
    w = window
    w.activateWindow()
    assert w.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    w.show_page("respondents").add(
        {"name": "Alice Brown", "role": "Service owner", "segment": "management"}
    )
    settle(qtbot, w)
    return w


def create_and_open_servqual(qtbot, window: MainWindow) -> str:
    def fill(dialog) -> None:
        dialog.select_form("servqual")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # "Create and open"

    when_dialog(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New interview
    interviews = window.pages["interviews"]
    qtbot.waitUntil(lambda: interviews.editor is not None, timeout=5000)
    window.activateWindow()  # (the offscreen platform does not do it when a dialog closes)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return interviews.editor_id


def test_f8_and_number_keys_answer_questions_and_never_touch_the_respondent(
    qtbot, window: MainWindow
):
    iid = create_and_open_servqual(qtbot, window)
    editor = window.pages["interviews"].editor
    blocks = editor.form_view.blocks
    store = window.ctx.store
    assert editor.form_view.current_key() == "tan_1"  # the first unanswered question
    qtbot.keyClick(focused(), Qt.Key.Key_F8)  # unanswered itself: F8 stays on it
    assert focused() is blocks["tan_1"].input.rows["E"]
    # The issue's own sequence: a number key picks and only picks; Tab moves on.
    qtbot.keyClick(focused(), Qt.Key.Key_7)  # E of tan_1; the keyboard stays there
    assert focused() is blocks["tan_1"].input.rows["E"]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is blocks["tan_1"].input.rows["P"]
    qtbot.keyClick(focused(), Qt.Key.Key_5)  # P of tan_1; still there
    assert focused() is blocks["tan_1"].input.rows["P"]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is blocks["tan_2"].input.rows["E"]
    for key in (Qt.Key.Key_6, Qt.Key.Key_Tab, Qt.Key.Key_5, Qt.Key.Key_F8, Qt.Key.Key_7):
        qtbot.keyClick(focused(), key)
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # a second digit on the same row corrects it
    answers = store.answers(iid)
    assert [answers.get(k) for k in ("tan_1", "tan_2", "tan_3", "tan_4")] == [
        {"E": 7, "P": 5},
        {"E": 6, "P": 5},
        {"E": 3},
        None,
    ]
    assert editor.form_view.current_key() == "tan_3"
    person = store.respondent(store.interview(iid).respondent_id)
    assert (person.name, person.role) == ("Alice Brown", "Service owner")
    # the respondent is shown, not an input a stray key can reach
    assert editor.name.text() == "Alice Brown"
    assert not any("Alice Brown" in w.text() for w in editor.findChildren(QLineEdit))


def test_a_half_answered_pair_is_not_answered(qtbot, window: MainWindow):
    iid = create_and_open_servqual(qtbot, window)
    editor = window.pages["interviews"].editor
    view, store = editor.form_view, window.ctx.store
    form = editor.form
    every = {q.key: {"E": 6, "P": 5} for q in form.iter_questions() if q.type == "pair"}
    every["importance"] = {o.key: 20 for o in form.question("importance").options}
    every["tan_2"] = {"E": 7}  # P not given
    store.set_answers(iid, every)
    editor.reload_answers()
    answered, total = view.progress()
    assert answered == total - 1 and editor.progress_label.text().startswith(f"{total - 1} of")
    assert view.blocks["tan_2"].property("missing")  # still flagged
    row = next(r for r in store.interview_rows() if r.id == iid)
    assert (row.answered, row.total) == (total - 1, total)
    view.focus_question("rel_3")
    qtbot.keyClick(focused(), Qt.Key.Key_F8)  # back to the half-answered pair, on its P
    assert focused() is view.blocks["tan_2"].input.rows["P"]

    qtbot.keyClick(focused(), Qt.Key.Key_Return, MODS)  # Mark complete: asks first
    box = editor.complete_warning
    assert box is not None and box.isVisible()
    assert "• 2. The provider's offices" in box.text() and "(P) not given" in box.text()
    assert store.interview(iid).status == "draft"
    go = next(b for b in box.buttons() if b.text() == "Go to the question")
    go.click()
    assert store.interview(iid).status == "draft"
    assert focused() is view.blocks["tan_2"].input.rows["P"]
    qtbot.keyClick(focused(), Qt.Key.Key_Return, MODS)
    anyway = next(b for b in editor.complete_warning.buttons() if "anyway" in b.text())
    anyway.click()
    assert store.interview(iid).status == "complete"


def test_f8_works_from_the_header_too(qtbot, window: MainWindow):
    iid = create_and_open_servqual(qtbot, window)
    editor = window.pages["interviews"].editor
    editor.place.setFocus()
    qtbot.keyClick(editor.place, Qt.Key.Key_F8)
    assert editor.form_view.current_key() == "tan_1"
    qtbot.keyClick(focused(), Qt.Key.Key_6)
    assert window.ctx.store.interview(iid).place == ""
    assert editor.form_view.blocks["tan_1"].input.value() == {"E": 6}


def test_edit_respondent_opens_their_dialog(qtbot, window: MainWindow):
    iid = create_and_open_servqual(qtbot, window)
    editor = window.pages["interviews"].editor
    from workbench.ui.respondent_import import RespondentDialog

    editor.edit_respondent_button.click()
    dialog = editor.findChild(RespondentDialog)
    assert dialog.name.text() == "Alice Brown"
    dialog.name.setText("Alice Browne")
    dialog.accept()
    store = window.ctx.store
    assert store.respondent(store.interview(iid).respondent_id).name == "Alice Browne"
    assert editor.name.text() == "Alice Browne"
    window.ctx.undo_stack.undo()
    assert editor.name.text() == "Alice Brown"
