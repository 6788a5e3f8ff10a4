"""pyxform's cascading selects (state → county → city) in the window: every choice widget
offers only what its choice filter allows, an answer the filter no longer offers is cleared
(undoably, with a note) and one kept from before is listed as a problem, and a value listed
on several rows (allow_choice_duplicates) is offered wherever any of its rows is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_driver import settle, when_dialog

from workbench.ui.form_files import FormImportDialog, import_form_file
from workbench.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.app_context(engagement=None, settings={"consultant/name": "Jo Whitfield"}),
    pytest.mark.window(shown=True),
]

FORM = Path(__file__).parents[1] / "data" / "xlsform" / "choice_filter_test.xlsx"


@pytest.fixture
def window(window: MainWindow, qtbot, ctx, tmp_path: Path) -> MainWindow:
    w = window
    w.activateWindow()
    assert w.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    w.show_page("respondents").add({"name": "Alice Brown", "role": "Service owner"})
    # File ▸ Import Form… (what is not carried over is confirmed without a dialog)
    assert import_form_file(ctx, w, str(FORM), confirm=lambda _text: True) is not None
    for done in w.findChildren(FormImportDialog):  # "Form imported" (King is listed twice)
        done.accept()
    settle(qtbot, w)
    return w


def new_interview(qtbot, window: MainWindow):
    def fill(dialog) -> None:
        dialog.select_form("cascading-selects1")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # "Create and open"

    when_dialog(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    interviews = window.pages["interviews"]
    qtbot.waitUntil(lambda: interviews.editor is not None, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return interviews.editor


def shown_buttons(view, key: str) -> list[str]:
    return [v for v, b in view.blocks[key].input.buttons.items() if not b.isHidden()]


def offered_in_list(view, key: str) -> list[str]:
    combo = view.blocks[key].input.combo
    return [
        combo.itemData(i)
        for i in range(1, combo.count())
        if not combo.view().isRowHidden(i) and combo.model().item(i).isEnabled()
    ]


def click(qtbot, view, key: str, value: str) -> None:
    qtbot.mouseClick(view.blocks[key].input.buttons[value], Qt.MouseButton.LeftButton)


def test_the_city_drop_down_offers_only_the_cities_of_the_county(tmp_path, qtbot, window):
    editor = new_interview(qtbot, window)
    view = editor.form_view
    assert view.blocks["city"].input.combo is not None  # eight cities: a drop-down list
    assert offered_in_list(view, "city") == []  # no county yet: no city
    click(qtbot, view, "state", "washington")
    click(qtbot, view, "county", "pierce")
    assert offered_in_list(view, "city") == ["tacoma", "puyallup"]
    combo = view.blocks["city"].input.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the arrow keys skip the cities not offered
    assert combo.currentData() == "tacoma"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "puyallup"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "puyallup"
    combo.activated.emit(combo.currentIndex())
    assert window.ctx.store.answers(editor.interview_id)["city"] == "puyallup"
    editor.grab().save(str(tmp_path / "cf_pierce.png"))
    # Cameron County, Texas: its two cities (and Seattle is not among them)
    click(qtbot, view, "state", "texas")
    click(qtbot, view, "county", "cameron")
    assert offered_in_list(view, "city") == ["brownsville", "harlingen"]
    assert "seattle" not in offered_in_list(view, "city")


def test_a_county_not_offered_for_the_new_state_is_cleared_undoably(tmp_path, qtbot, window):
    editor = new_interview(qtbot, window)
    view, store, iid = editor.form_view, window.ctx.store, editor.interview_id
    click(qtbot, view, "state", "washington")
    click(qtbot, view, "county", "pierce")
    combo = view.blocks["city"].input.combo
    combo.setCurrentIndex(combo.findData("tacoma"))
    combo.activated.emit(combo.currentIndex())
    assert store.answers(iid) == {"state": "washington", "county": "pierce", "city": "tacoma"}
    click(qtbot, view, "state", "texas")
    # Pierce is not a Texas county: cleared, and Tacoma with it (a city of Pierce)
    assert store.answers(iid) == {"state": "texas"}
    assert view.values() == {"state": "texas"}
    assert editor.progress_label.text() == "1 of 3 answered"
    note = window.statusBar().currentMessage()
    assert note.startswith("County: 'Pierce' cleared, not offered for Texas")
    assert "City: 'Tacoma' cleared, not offered without an answer to 'county'" in note
    window.grab().save(str(tmp_path / "cf_cleared.png"))
    # one step: Ctrl+Z brings back Washington, Pierce and Tacoma
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.answers(iid) == {"state": "washington", "county": "pierce", "city": "tacoma"}
    assert view.values() == {"state": "washington", "county": "pierce", "city": "tacoma"}
    assert view.blocks["county"].input.buttons["pierce"].isChecked()
    assert editor.progress_label.text() == "3 of 3 answered"


def test_a_county_kept_from_before_that_the_state_does_not_offer_is_a_problem(
    tmp_path, qtbot, window
):
    editor = new_interview(qtbot, window)
    store, iid = window.ctx.store, editor.interview_id
    editor.close_editor()
    # as an answer imported or stored before the filter was applied: kept as given
    store.set_answers(iid, {"state": "texas", "county": "pierce", "city": "seattle"})
    window.pages["interviews"].open_interview(iid)
    editor = window.pages["interviews"].editor
    view = editor.form_view
    assert view.rule_breaks() == {
        "county": "'Pierce' is not offered for Texas",
        "city": "'Seattle' is not offered for Pierce",
    }
    assert "2 answers break the form's rules" in editor.progress_label.text()
    pierce = view.blocks["county"].input.buttons["pierce"]
    assert pierce.isChecked() and not pierce.isHidden()  # shown, so it can be seen and changed
    assert "not offered for Texas" in view.blocks["county"].message.text()
    assert not view.blocks["county"].message.isHidden()
    view.grab().save(str(tmp_path / "cf_kept.png"))


def test_king_listed_under_both_states_is_offered_for_texas_too(qtbot, window):
    editor = new_interview(qtbot, window)
    view = editor.form_view
    click(qtbot, view, "state", "texas")
    assert shown_buttons(view, "county") == ["king", "cameron"]
    click(qtbot, view, "county", "king")
    assert offered_in_list(view, "city") == ["dumont", "finney", "seattle", "redmond"]
    click(qtbot, view, "state", "washington")  # King is a Washington county too: kept
    assert shown_buttons(view, "county") == ["king", "pierce"]
    assert window.ctx.store.answers(editor.interview_id)["county"] == "king"
    assert view.rule_breaks() == {}


FILTERED_TICKS = """
id: ticks
title: Ticks
version: 1
sections:
  - key: one
    title: One
    questions:
      - key: region
        type: single
        label: Region
        choices: [{value: north, label: North}, {value: south, label: South}]
      - key: sites
        type: multi
        label: Sites
        choice_filter: {region: region}
        choices:
          - {value: a, label: Aberdeen, attributes: {region: north}}
          - {value: b, label: Bristol, attributes: {region: south}}
          - {value: y, label: York, attributes: {region: north}, also: [{region: south}]}
"""


def test_check_boxes_follow_the_filter_and_keep_the_ticks_still_offered(qtbot):
    from workbench.forms import load_form_text
    from workbench.ui.form_view import FormView

    view = FormView(load_form_text(FILTERED_TICKS))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    reported = []
    view.answer_changed.connect(lambda k, v: reported.append((k, v, dict(view.cleared))))
    click(qtbot, view, "region", "north")
    assert shown_buttons(view, "sites") == ["a", "y"]
    click(qtbot, view, "sites", "a")
    click(qtbot, view, "sites", "y")
    click(qtbot, view, "region", "south")  # York is in the south too: only Aberdeen goes
    assert shown_buttons(view, "sites") == ["b", "y"]
    assert view.values() == {"region": "south", "sites": ["y"]}
    key, value, cleared = reported[-1]
    assert (key, value) == ("region", "south")
    assert cleared == {"sites": (["a", "y"], "Sites: 'Aberdeen' cleared, not offered for South")}
    assert view.rule_breaks() == {}
