"""The Codebook page by keyboard in the main window: a new code is named as it is made
(Ctrl+Shift+C, type, Return), whatever the typing speed, and the Edit menu's undo and redo
name what they will undo or redo, with the name the consultant typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from window_driver import focused, settle

from workbench.ui.code_tree import ID_ROLE
from workbench.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


pytestmark = pytest.mark.window(active=True)


@pytest.fixture
def window(window: MainWindow, qtbot) -> MainWindow:
    """The main window on the demo engagement, its Codebook page shown (Ctrl+4), the
    keyboard in the code tree on the first code."""
    w = window
    QTest.keyClick(focused(), Qt.Key.Key_4, CTRL)
    page = w.pages["codebook"]
    page.tree.setFocus()  # (as a click in the tree would)
    page.tree.setCurrentIndex(page._all_indexes()[0])
    settle(qtbot, w)
    return w


def names(window: MainWindow) -> list[str]:
    return [c.name for c in window.ctx.store.codes()]


def new_code(name: str, delay: int = -1, sub: bool = False) -> None:
    """Ctrl+Shift+C (``sub``: Ctrl+Alt+C), the name typed straight after (``delay`` ms a
    key), Return: each key to whatever has the keyboard when it is pressed."""
    QTest.keyClick(focused(), Qt.Key.Key_C, CTRL | (ALT if sub else SHIFT))
    for char in name:
        QTest.keyClicks(focused(), char, NONE, delay)
    QTest.keyClick(focused(), Qt.Key.Key_Return)


def test_undo_and_redo_name_the_code_by_the_name_typed(qtbot, window: MainWindow) -> None:
    before = set(names(window))
    new_code("Waiting times")
    qtbot.waitUntil(lambda: "Waiting times" in names(window))
    assert window.undo_action.text() == "&Undo Add code 'Waiting times'"

    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # one step takes the named code away
    qtbot.waitUntil(lambda: set(names(window)) == before)
    assert window.redo_action.text() == "&Redo Add code 'Waiting times'"
    QTest.keyClick(focused(), Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: "Waiting times" in names(window))
    assert "New code" not in names(window)

    page = window.pages["codebook"]
    made = next(c.id for c in window.ctx.store.codes() if c.name == "Waiting times")
    page.tree.setCurrentIndex(page.index_of(made))
    QTest.keyClick(focused(), Qt.Key.Key_F2)  # rename the code now that it exists
    assert isinstance(focused(), QLineEdit)
    QTest.keyClicks(focused(), "Waits")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Waits" in names(window))
    assert window.undo_action.text() == "&Undo Rename code 'Waiting times' to 'Waits'"
    stack = window.ctx.undo_stack
    labels = [stack.text(i) for i in range(stack.count())]
    assert not [t for t in labels if "New code" in t], labels


@pytest.mark.parametrize("delay", [1, -1])
def test_names_typed_straight_after_the_shortcut_keep_every_key(
    qtbot, window: MainWindow, delay: int
) -> None:
    """Two child codes, each named at once, the second made straight after the first's
    Return: no key goes anywhere but into the name being typed."""
    new_code("Waiting times", delay)
    new_code("On hold for a callback", delay, sub=True)  # a child of the code just named
    settle(qtbot, window)
    paths = window.ctx.store.code_paths()
    assert "New code" not in names(window)
    assert "Waiting times/On hold for a callback" in paths.values(), [
        p for p in paths.values() if "hold" in p or "New" in p
    ]


def test_an_open_name_editor_survives_the_tree_catching_up(qtbot, window: MainWindow) -> None:
    """While a new code is being named, a change elsewhere (a segment coded, an undo on
    another page) refreshes the tree: the row and its editor stay, with what was typed."""
    QTest.keyClick(focused(), Qt.Key.Key_C, CTRL | SHIFT)
    editor = focused()
    assert isinstance(editor, QLineEdit)
    QTest.keyClicks(editor, "Wait")
    window.ctx.data_changed.emit("segments")  # the page catches up at once (on screen)
    window.ctx.data_changed.emit("codes")
    assert focused() is editor
    QTest.keyClicks(focused(), "ing times")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    settle(qtbot, window)
    assert "Waiting times" in names(window)


def test_a_new_code_is_named_while_the_tree_is_filtered(qtbot, window: MainWindow) -> None:
    """A filter the new code does not match is cleared, so that its name can be typed."""
    page = window.pages["codebook"]
    page.filter.setText("Tangib")
    page.tree.setFocus()
    page.tree.setCurrentIndex(page._all_indexes()[0])
    new_code("Waiting times")
    settle(qtbot, window)
    assert "Waiting times" in names(window) and "New code" not in names(window)
    assert page.filter.text() == ""


def test_a_name_with_a_slash_is_refused_and_the_old_one_shown(qtbot, window: MainWindow) -> None:
    page = window.pages["codebook"]
    first = page._all_indexes()[0]
    name = first.data()
    QTest.keyClick(focused(), Qt.Key.Key_F2)
    QTest.keyClicks(focused(), "Service/quality")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    settle(qtbot, window)
    assert name in names(window) and "Service/quality" not in names(window)
    assert page._all_indexes()[0].data() == name
    assert window.ctx.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == "A code needs a name without '/'."


def test_new_code_is_made_beside_the_selected_one_and_sub_code_under_it(
    tmp_path, qtbot, window: MainWindow
) -> None:
    """Ctrl+Shift+C: a sibling of the selected code (top level beside a top-level code);
    Ctrl+Alt+C ("New sub-code"): under it."""
    page = window.pages["codebook"]
    new_code("Waiting times")
    settle(qtbot, window)
    paths = window.ctx.store.code_paths()
    assert "Waiting times" in paths.values()  # top level, beside the first code
    new_code("Queues")  # beside "Waiting times", just made and selected
    new_code("On hold", sub=True)  # under "Queues"
    settle(qtbot, window)
    paths = set(window.ctx.store.code_paths().values())
    assert {"Waiting times", "Queues", "Queues/On hold"} <= paths
    new_code("Transfers")  # beside "On hold": under "Queues" too
    settle(qtbot, window)
    assert "Queues/Transfers" in window.ctx.store.code_paths().values()
    texts = {a.text(): a.shortcut().toString() for a in page.actions() + page.tree.actions()}
    assert texts["New code"] == "Ctrl+Shift+C" and texts["New sub-code"] == "Ctrl+Alt+C"
    page.grab().save(str(tmp_path / "codebook-new-sub-code.png"))


def test_esc_while_naming_a_new_code_makes_no_code(qtbot, window: MainWindow) -> None:
    before, depth = set(names(window)), window.ctx.undo_stack.count()
    trashed = len(window.ctx.store.codes(include_deleted=True))
    QTest.keyClick(focused(), Qt.Key.Key_C, CTRL | SHIFT)
    assert isinstance(focused(), QLineEdit)
    QTest.keyClicks(focused(), "Wai")
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert set(names(window)) == before and "New code" not in names(window)
    assert len(window.ctx.store.codes(include_deleted=True)) == trashed  # not in the trash
    assert window.ctx.undo_stack.count() == depth and not window.redo_action.isEnabled()
    page = window.pages["codebook"]
    assert focused() is page.tree
    # a code already named stays when an Esc ends a later rename
    new_code("Waiting times")
    settle(qtbot, window)
    QTest.keyClick(focused(), Qt.Key.Key_F2)
    QTest.keyClicks(focused(), "Waits")
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert "Waiting times" in names(window)
    assert window.ctx.undo_stack.count() == depth + 1


def test_del_moves_the_selected_code_to_the_trash_but_not_while_naming(
    qtbot, window: MainWindow
) -> None:
    page, store = window.pages["codebook"], window.ctx.store
    first = page._all_indexes()[0].data(ID_ROLE)
    name = store.code_paths()[first]
    QTest.keyClick(focused(), Qt.Key.Key_F2)  # renaming: Del deletes a character
    QTest.keyClick(focused(), Qt.Key.Key_Home)
    QTest.keyClick(focused(), Qt.Key.Key_Delete)
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert store.code_paths()[first] == name
    assert focused() is page.tree
    QTest.keyClick(focused(), Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert first not in store.code_paths()
    assert window.undo_action.text() == f"&Undo Delete code '{name}'"
    QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: first in store.code_paths())


def test_one_esc_gives_the_keyboard_back_from_the_menu_bar(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    page = window.pages["codebook"]
    QTest.keyClick(focused(), Qt.Key.Key_E, ALT)  # the Edit menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.focusWidget() is page.tree)
    assert window.menuBar().activeAction() is None  # the menu bar let go
    # (the offscreen platform leaves the closed menu the active window: the window is
    # made active again, as a desktop does when a menu closes)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before = page.selected_codes()
    QTest.keyClick(focused(), Qt.Key.Key_Down)  # to the tree, not the menu bar
    assert QApplication.activePopupWidget() is None
    assert page.selected_codes() != before


def test_a_definition_typed_in_the_details_is_saved_when_the_selection_moves(
    tmp_path, qtbot, window: MainWindow
) -> None:
    """No "Apply changes" needed: the code keeps what was typed for it when the keyboard
    goes back to the tree and another code is selected."""
    page, store = window.pages["codebook"], window.ctx.store
    first = page.selected_codes()[0]
    definition = page.details.inputs["definition"]
    definition.setFocus()  # (as a click in the field would)
    QTest.keyClick(focused(), Qt.Key.Key_A, CTRL)
    QTest.keyClicks(focused(), "Waits for the desk")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)  # to "When to use"
    QTest.keyClicks(focused(), "Any wait")
    page.details.grab().save(str(tmp_path / "codebook-details.png"))
    page.tree.setFocus()  # (a click in the tree)
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    settle(qtbot, window)
    assert page.selected_codes() != [first]
    code = next(c for c in store.codes() if c.id == first)
    assert (code.definition, code.when_to_use) == ("Waits for the desk", "Any wait")
    assert window.undo_action.text().startswith("&Undo Edit code")
    # the details now show the next code, and nothing of the first one is applied to it
    nxt = next(c for c in store.codes() if c.id == page.selected_codes()[0])
    assert page.details.inputs["definition"].toPlainText() == (nxt.definition or "")


def test_a_name_typed_in_the_details_is_kept_when_a_segment_selects_another_code(
    qtbot, window: MainWindow
) -> None:
    page, store = window.pages["codebook"], window.ctx.store
    first, other = (i.data(ID_ROLE) for i in page._all_indexes()[:2])
    page.details.name.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_End)
    QTest.keyClicks(focused(), " (tangibles)")
    page.select_codes([other])  # as a click on a coding stripe does, the keyboard kept
    settle(qtbot, window)
    assert store.code_paths()[first].endswith(" (tangibles)")
    assert page.details.name.text() == store.code_paths()[other].rsplit("/", 1)[-1]


def test_del_says_what_went_to_the_trash_with_the_code(qtbot, window: MainWindow) -> None:
    """Del on a code with coded passages says how many went with it (and its sub-codes),
    and that Ctrl+Z brings them back; a code with none gets a short message."""
    from workbench.coding import COUNTED_STATUSES

    page, store = window.pages["codebook"], window.ctx.store
    codes = {c.id: c for c in store.codes()}
    children: dict[str, list[str]] = {}
    for c in codes.values():
        children.setdefault(c.parent_id or "", []).append(c.id)
    coded: dict[str, int] = {}
    for seg in store.segments():
        if seg.status in COUNTED_STATUSES:
            coded[seg.code_id] = coded.get(seg.code_id, 0) + 1

    def press_del_on(code_id: str) -> str:
        page.select_codes([code_id])  # (as a click on it would)
        page.tree.setFocus()
        QTest.keyClick(focused(), Qt.Key.Key_Delete)
        settle(qtbot, window)
        assert code_id not in store.code_paths()
        said = window.statusBar().currentMessage()
        QTest.keyClick(focused(), Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: code_id in store.code_paths())
        settle(qtbot, window)
        return said

    leaf = max((c for c in codes if c not in children), key=lambda c: coded.get(c, 0))
    n = coded[leaf]
    assert n > 1
    assert press_del_on(leaf) == (
        f"Code “{codes[leaf].name}” and its {n} coded passages moved to the trash — "
        "Ctrl+Z to undo"
    )
    unused = next(c for c in codes if c not in children and not coded.get(c))
    assert press_del_on(unused) == (
        f"Code “{codes[unused].name}” moved to the trash — Ctrl+Z to undo"
    )
    # a top-level code: its sub-codes (and theirs) and all their passages go with it
    top = next(c for c in children[""] if c in children)
    below, todo = [], list(children[top])
    while todo:
        cid = todo.pop()
        below.append(cid)
        todo += children.get(cid, [])
    passages = sum(coded.get(c, 0) for c in [top, *below])
    assert passages > 0 and len(below) > 1
    assert press_del_on(top) == (
        f"Code “{codes[top].name}”, its {len(below)} sub-codes and their {passages} coded "
        "passages moved to the trash — Ctrl+Z to undo"
    )
    assert {c.id for c in store.codes()} == set(codes)  # all back
