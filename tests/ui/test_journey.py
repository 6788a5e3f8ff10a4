"""The window as a consultant uses it, by keyboard alone: key clicks on whatever has the
focus, and the window's shortcuts.  A new engagement → a respondent → SERVQUAL interviews
answered by keys → a note → complete → the Analyses page catches up by itself → run →
export the report; then the same window opens another engagement and nothing of the
first is left in any page, model or combo box (and the other way round)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from window_driver import focused, holders, settle, strings_containing, when_dialog

from workbench.store import open_engagement
from workbench.ui.coding_text import QuickPick
from workbench.ui.main_window import PAGES, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

pytestmark = [
    pytest.mark.slow,
    pytest.mark.app_context(engagement=None),
    pytest.mark.window(active=True),
]


def keys(qtbot, *presses) -> None:
    """Each press is a key, (key, modifiers) or a str to type, sent to the focused widget."""
    for press in presses:
        if isinstance(press, str):
            qtbot.keyClicks(focused(), press)
        elif isinstance(press, tuple):
            qtbot.keyClick(focused(), press[0], press[1])
        else:
            qtbot.keyClick(focused(), press)


def shortcut(qtbot, window: MainWindow, key, modifiers=CTRL) -> None:
    """A shortcut, from wherever the keyboard is in the window."""
    settle(qtbot, window)
    widget = QApplication.focusWidget() or window
    qtbot.keyClick(widget, key, modifiers)


def back_in(qtbot, window: MainWindow) -> None:
    """After a dialog closes (the offscreen platform does not give the window back its
    activation by itself)."""
    settle(qtbot, window)


def choose_file(qtbot, path: Path) -> None:
    """Answer the next file dialog: type the path into its name field, Enter."""

    def type_path(dialog) -> None:
        assert isinstance(dialog, QFileDialog)
        keys(qtbot, (Qt.Key.Key_A, CTRL), str(path), Qt.Key.Key_Return)

    when_dialog(type_path)


def new_engagement(qtbot, window: MainWindow, path: Path, client: str, title: str) -> None:
    def fill(dialog) -> None:
        keys(qtbot, client, Qt.Key.Key_Tab, title)
        dialog.path.setFocus()  # (as a click in the File field would)
        keys(qtbot, (Qt.Key.Key_A, CTRL), str(path), Qt.Key.Key_Return)
        # the consultant's name, asked once on first use

    when_dialog(fill)
    shortcut(qtbot, window, Qt.Key.Key_F, ALT)  # the File menu
    menu = QApplication.activePopupWidget()
    assert menu is not None, "the File menu did not open"
    qtbot.keyClick(menu, Qt.Key.Key_N)  # &New Engagement…
    qtbot.waitUntil(lambda: window.ctx.store is not None, timeout=5000)
    assert Path(window.ctx.store.path) == path


def answer_name_if_asked(qtbot, window: MainWindow, name: str) -> None:
    if window.name_dialog is not None:
        window.name_dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window.name_dialog)
        keys(qtbot, name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.name_dialog is None)
    back_in(qtbot, window)


def add_respondent(qtbot, window: MainWindow, name: str, role: str) -> None:
    def fill(dialog) -> None:
        keys(qtbot, name, Qt.Key.Key_Tab, role, Qt.Key.Key_Return)

    when_dialog(fill)
    shortcut(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    back_in(qtbot, window)


def new_code_by_keyboard(qtbot, window: MainWindow, name: str) -> str:
    """Codebook page, Ctrl+Shift+C (New code), type its name over "New code", Return."""
    shortcut(qtbot, window, Qt.Key.Key_4)
    codebook = window.pages["codebook"]
    codebook.tree.setFocus()  # (as a click in the tree would)
    shortcut(qtbot, window, Qt.Key.Key_C, CTRL | SHIFT)
    editing = type(QApplication.focusWidget()).__name__
    keys(qtbot, (Qt.Key.Key_A, CTRL), name, Qt.Key.Key_Return)
    settle(qtbot, window)
    made = [c for c in window.ctx.store.codes() if c.name == name]
    assert len(made) == 1, ([c.name for c in window.ctx.store.codes()], editing)
    return made[0].id


def code_selection_by_quick_pick(qtbot, window: MainWindow, typed: str) -> None:
    """Ctrl+Shift+K in the focused text, type part of the code's name, Return."""
    coder = window.pages["interviews"].editor.notes.coder
    coder.last_popup = None
    shortcut(qtbot, window, Qt.Key.Key_K, CTRL | SHIFT)
    popup = coder.last_popup
    assert isinstance(popup, QuickPick) and popup.isVisible()
    qtbot.keyClicks(popup.edit, typed)
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())


def servqual_by_keyboard(qtbot, window: MainWindow, respondent: str, e: int, p: int) -> str:
    def fill(dialog) -> None:
        assert dialog.windowTitle() == "New interview"
        # Respondent, then Form: typing picks the entry that starts with the text
        keys(qtbot, respondent.split()[0], Qt.Key.Key_Tab, "SERVQUAL", Qt.Key.Key_Return)

    when_dialog(fill)
    shortcut(qtbot, window, Qt.Key.Key_N)  # New interview
    back_in(qtbot, window)
    interviews = window.pages["interviews"]
    editor = interviews.editor
    assert editor is not None and editor.form.id == "servqual"
    assert editor.name.text() == respondent
    for key in [k for k in editor.form_view.blocks if k != "importance"]:
        assert editor.form_view.current_key() == key
        keys(qtbot, str(e), Qt.Key.Key_Tab, str(p), Qt.Key.Key_Tab)  # a key picks; Tab moves
    assert editor.form_view.current_key() == "importance"
    for points in ("30", "25", "15", "20", "10"):
        keys(qtbot, points, Qt.Key.Key_Tab)
    return interviews.editor_id


def select_analysis(qtbot, analyses, name: str) -> None:
    analyses.list_view.setFocus()  # (as a click in the list would)
    keys(qtbot, Qt.Key.Key_Home)
    for _ in range(analyses.list_model.rowCount()):
        entry = analyses.current_entry()
        if entry is not None and entry.name == name:
            break
        keys(qtbot, Qt.Key.Key_Down)
    assert analyses.current_entry().name == name and analyses.current_entry().ok


def test_a_consultants_day_by_keyboard(qtbot, window: MainWindow, tmp_path: Path, demo_file):
    store_path = tmp_path / "kestrel.wbk"
    new_engagement(qtbot, window, store_path, "Quillfeather Partners", "Kestrel desk review")
    answer_name_if_asked(qtbot, window, "Jo Whitfield")
    assert window.ctx.user_name == "Jo Whitfield"

    people = [
        ("Ottilie Varga", "Finance director"),
        ("Bram Oyelaran", "Head of operations"),
        ("Sunniva Achterberg", "Store manager"),
    ]
    for name, role in people:
        add_respondent(qtbot, window, name, role)
    store = window.ctx.store
    assert sorted(r.name for r in store.respondents()) == sorted(n for n, _r in people)
    code_id = new_code_by_keyboard(qtbot, window, "Slow ledger")

    # Analyses first seen before any interview: nothing to run yet
    shortcut(qtbot, window, Qt.Key.Key_5)
    analyses = window.pages["analyses"]
    qtbot.waitUntil(lambda: analyses.data is not None, timeout=20000)
    assert "0 completed interviews" in analyses.scope_label.text()

    ids = []
    for (name, _role), (e, p) in zip(people, [(7, 4), (6, 5), (7, 3)], strict=True):
        iid = servqual_by_keyboard(qtbot, window, name, e, p)
        ids.append(iid)
        if len(ids) == 1:  # a note, by its shortcut, then typed
            shortcut(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
            keys(qtbot, "Month-end close stalls when the quokka ledger is slow.")
            # select the last words by keyboard and code them in place
            note_edit = focused()
            for _ in range(4):
                keys(qtbot, (Qt.Key.Key_Left, CTRL | SHIFT))
            selected = note_edit.textCursor().selectedText()
            assert "quokka ledger" not in selected and "ledger is slow" in selected, selected
            code_selection_by_quick_pick(qtbot, window, "slow led")
            assert window.pages["interviews"].editor is not None  # still in the interview
            coded = store.segments(code_id=code_id, interview_id=iid)
            assert [seg.text for seg in coded] == [selected.strip()]
            assert [seg.source_kind for seg in coded] == ["note"]
            # another passage, with the code used last (Ctrl+Shift+L)
            keys(qtbot, (Qt.Key.Key_Home, CTRL))
            for _ in range(3):
                keys(qtbot, (Qt.Key.Key_Right, CTRL | SHIFT))
            again = note_edit.textCursor().selectedText()
            assert again.startswith("Month") and "slow" not in again, again
            shortcut(qtbot, window, Qt.Key.Key_L, CTRL | SHIFT)
            coded = store.segments(code_id=code_id, interview_id=iid)
            assert [seg.text for seg in coded] == [selected.strip(), again.strip()]
        shortcut(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)  # mark complete
        shortcut(qtbot, window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)  # back
        assert window.pages["interviews"].editor is None
    for iid, (e, p) in zip(ids, [(7, 4), (6, 5), (7, 3)], strict=True):
        answers = store.answers(iid)
        assert len(answers) == 23
        assert answers["emp_5"] == {"E": e, "P": p}
        assert answers["importance"] == {
            "tangibles": 30,
            "reliability": 25,
            "responsiveness": 15,
            "assurance": 20,
            "empathy": 10,
        }
        assert store.interview(iid).status == "complete"
        assert store.interview(iid).interviewer == "Jo Whitfield"
    assert "quokka ledger" in " ".join(n.body for n in store.notes(ids[0]))

    # the Analyses page has caught up by itself
    shortcut(qtbot, window, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: "3 completed interviews" in analyses.scope_label.text(), timeout=20000)
    select_analysis(qtbot, analyses, "servqual")
    with qtbot.waitSignal(analyses.run_finished, timeout=60000) as run:
        shortcut(qtbot, window, Qt.Key.Key_R)
    assert run.args == ["done"]
    assert analyses.result is not None and "SERVQUAL" in analyses.result.title

    # the report, exported from the window
    report = window.pages["report"]
    shortcut(qtbot, window, Qt.Key.Key_7)
    docx = tmp_path / "kestrel report.docx"
    choose_file(qtbot, docx)
    with qtbot.waitSignal(report.export_finished, timeout=300000) as exported:
        shortcut(qtbot, window, Qt.Key.Key_E)
    assert exported.args == ["word", str(docx)], report.done_label.text()
    from docx import Document

    text = "\n".join(par.text for par in Document(str(docx)).paragraphs)
    assert "Quillfeather Partners" in text and "SERVQUAL" in text

    # another engagement in the same window: nothing of the first anywhere
    back_in(qtbot, window)
    choose_file(qtbot, demo_file)
    shortcut(qtbot, window, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: "Meridian" in window.windowTitle(), timeout=10000)
    first = [
        "Quillfeather",
        "Kestrel desk review",
        "Ottilie Varga",
        "Bram Oyelaran",
        "Sunniva Achterberg",
        "quokka ledger",
        "kestrel.wbk",
    ]
    assert strings_containing(window, first) == [], holders(window, "Ottilie")
    for i in range(len(PAGES)):
        shortcut(qtbot, window, getattr(Qt.Key, f"Key_{i + 1}"))
        window.ctx.tasks.wait()
        qtbot.wait(20)
    assert strings_containing(window, first) == []

    # compare the demo's two waves from the Analyses page
    shortcut(qtbot, window, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: analyses.data is not None and len(analyses.data.waves()) == 2, timeout=20000)
    waves = analyses.data.waves()
    assert len(waves) == 2, waves
    select_analysis(qtbot, analyses, "servqual")
    for _ in range(40):  # Tab along the page to the button
        if focused() is analyses.compare_button:
            break
        keys(qtbot, Qt.Key.Key_Tab)
    assert focused() is analyses.compare_button

    def pick_waves(dialog) -> None:
        assert dialog.windowTitle() == "Compare waves"
        dialog.wave_a.setFocus()  # (the first field)
        keys(qtbot, Qt.Key.Key_Home, Qt.Key.Key_Tab, Qt.Key.Key_End)
        assert dialog.waves() == (waves[0], waves[1])
        keys(qtbot, Qt.Key.Key_Return)

    when_dialog(pick_waves)
    with qtbot.waitSignal(analyses.run_finished, timeout=60000) as compared:
        keys(qtbot, Qt.Key.Key_Space)
    assert compared.args == ["done"]
    changes = {r["measure"]: r for r in analyses.result.table("changes").records()}
    dimensions = ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]
    for dimension in dimensions:
        assert any(m.startswith(dimension) for m in changes), (dimension, list(changes))
    assert analyses.result_view is not None and analyses.result_view.isVisible()


def test_the_demo_first_then_a_new_file_shows_no_demo_names(
    qtbot, window: MainWindow, tmp_path: Path, demo_file
):
    window.ctx.set_user_name("Jo Whitfield")
    store = open_engagement(demo_file)
    names = [r.name for r in store.respondents()]
    store.close()
    choose_file(qtbot, demo_file)
    shortcut(qtbot, window, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: "Meridian" in window.windowTitle(), timeout=10000)
    for i in range(len(PAGES)):
        shortcut(qtbot, window, getattr(Qt.Key, f"Key_{i + 1}"))
        window.ctx.tasks.wait()
    assert strings_containing(window, names)

    new_engagement(qtbot, window, tmp_path / "fresh.wbk", "Fresh Client", "First look")
    back_in(qtbot, window)
    assert strings_containing(window, names) == []
    for i in range(len(PAGES)):
        shortcut(qtbot, window, getattr(Qt.Key, f"Key_{i + 1}"))
        window.ctx.tasks.wait()
        qtbot.wait(20)
    assert strings_containing(window, names + ["Meridian"]) == []
