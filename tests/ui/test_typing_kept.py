"""Typing is kept when the window is quit straight after it, and typing that never
pauses is saved as it goes (a crash loses at most the last seconds)."""

from __future__ import annotations

import pytest

from workbench.store import open_engagement
from workbench.ui.main_window import MainWindow
from workbench.ui.notes_editor import TYPING_MAX_MS, TYPING_MS

pytestmark = pytest.mark.app_context(engagement=None, settings={"user/name": "Jo Whitfield"})


def _window_with_a_note(qtbot, ctx, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    path = tmp_path / "typing.wbk"
    assert window.create_file(path, client="Harbour", title="Review", waves=("baseline",))
    store = ctx.store
    from workbench.forms.library import builtin_form

    iid = store.new_interview(store.add_respondent("Priya").id, builtin_form("servqual")).id
    interviews = window.show_page("interviews")
    editor = interviews.open_interview(iid)
    note_id = editor.notes.add_note("", stamp="00:01:00")
    return window, path, editor, note_id


def _body(path, note_id: str) -> str:
    with open_engagement(path, backup=False, read_only=True) as store:
        notes = [n for row in store.interview_rows() for n in store.notes(row.id)]
    return next(n.body for n in notes if n.id == note_id)


def test_words_typed_just_before_quitting_are_kept(qtbot, ctx, tmp_path) -> None:
    window, path, editor, note_id = _window_with_a_note(qtbot, ctx, tmp_path)
    qtbot.keyClicks(editor.notes.cards[note_id].edit, "Last words capybarafox")
    window.close()  # as Ctrl+Q does, before the typing's pause has come
    assert _body(path, note_id) == "Last words capybarafox"


def test_typing_that_never_pauses_is_saved_as_it_goes(qtbot, ctx, tmp_path) -> None:
    window, path, editor, note_id = _window_with_a_note(qtbot, ctx, tmp_path)
    edit = editor.notes.cards[note_id].edit
    typed = ""
    step = TYPING_MS // 4  # keys closer together than the pause that saves them
    words = ("armadillo ", "zeta ", "quetzal ", "bravo ", "okapi ", "blue ") * 5
    assert len(words) * step > 1.2 * TYPING_MAX_MS  # longer than the longest unsaved stretch
    for word in words:
        qtbot.keyClicks(edit, word)
        typed += word
        qtbot.wait(step)
    saved = ctx.store.notes(editor.interview_id)[0].body
    assert saved and typed.startswith(saved) and len(saved) >= len("armadillo zeta ")
    window.close()
