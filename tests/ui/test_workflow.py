"""The main workflow end to end, offscreen: create an engagement, add a respondent, capture
a SERVQUAL interview with notes, close, reopen, find the note, delete and restore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from workbench.ui.main_window import MainWindow

pytestmark = pytest.mark.app_context(engagement=None, settings={"user/name": "Jo Whitfield"})


def click_point(qtbot, pair_input, part: str, value: int) -> None:
    button = dict(pair_input.rows[part].buttons)[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_capture_close_reopen_search_delete_restore(qtbot, ctx, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    path = tmp_path / "harbour.wbk"

    # 1. a new engagement
    assert window.create_file(
        path,
        client="Harbour Group",
        title="Service desk review",
        consultants=["Jo Whitfield"],
        waves=("baseline",),
    )

    # 2. a respondent, through the dialog
    from workbench.ui.respondent_import import RespondentDialog

    respondents = window.show_page("respondents")
    dialog = RespondentDialog(respondents)
    dialog.name.setText("Priya Shah")
    dialog.role.setText("Finance director")
    dialog.segment.setCurrentIndex(dialog.segment.findData("internal customer"))
    dialog.consent.setChecked(True)
    respondent_id = respondents.add(dialog.values())
    assert respondents.model.rowCount() == 1

    # 3. a new interview on the servqual form, opened in the editor
    from workbench.ui.interviews import NewInterviewDialog

    interviews = window.show_page("interviews")
    new = NewInterviewDialog(ctx, interviews, respondent_id=respondent_id)
    new.select_form("servqual")
    assert new.interviewer.text() == "Jo Whitfield"
    interview_id = interviews.create(**new.values())
    editor = interviews.open_interview(interview_id)
    assert interviews.stack.currentWidget() is editor

    # 4. answers and notes, through the InterviewEditor
    pytest.importorskip("workbench.ui.interview_editor")
    blocks = editor.form_view.blocks
    click_point(qtbot, blocks["tan_1"].input, "E", 7)
    click_point(qtbot, blocks["tan_1"].input, "P", 4)
    click_point(qtbot, blocks["rel_1"].input, "E", 6)
    click_point(qtbot, blocks["rel_1"].input, "P", 3)
    qtbot.waitUntil(
        lambda: ctx.store.answers(interview_id).get("rel_1") == {"E": 6, "P": 3}, timeout=3000
    )
    note_id = editor.notes.add_note("", stamp="00:05:00")
    card = editor.notes.cards[note_id]
    qtbot.keyClicks(card.edit, "Month-end close is blocked when the ledger server is slow.")
    editor.close_editor()  # flushes the typing, back to the list
    assert interviews.stack.currentWidget() is interviews.list_page
    row = next(r for r in interviews.model.rows if r.id == interview_id)
    assert (row.answered, row.total) == (2, 23)

    # 5. close, reopen: everything is there
    window.close_engagement()
    assert ctx.store is None
    assert window.open_file(path)
    store = ctx.store
    (person,) = store.respondents()
    assert (person.name, person.role, person.segment) == (
        "Priya Shah",
        "Finance director",
        "internal customer",
    )
    assert person.consent_given
    iv = store.interview(interview_id)
    assert (iv.form_version.form_id, iv.interviewer) == ("servqual", "Jo Whitfield")
    assert store.answers(interview_id) == {"tan_1": {"E": 7, "P": 4}, "rel_1": {"E": 6, "P": 3}}
    assert [n.body for n in store.notes(interview_id)] == [
        "Month-end close is blocked when the ledger server is slow."
    ]
    assert window.pages["interviews"].model.rowCount() == 1

    # 6. search finds the note and opens the interview at it
    search = window.show_search()
    search.query.setText("ledger")
    assert len(search.run()) == 1
    with qtbot.waitSignal(ctx.open_interview_requested) as blocker:
        search.open_current()
    assert blocker.args[0] == interview_id
    kind, ref_id, start, end = blocker.args[1]
    assert (kind, ref_id) == ("note", note_id)
    assert store.notes(interview_id)[0].body[start:end] == "ledger"
    assert window.pages["interviews"].editor_id == interview_id
    window.pages["interviews"].show_list()

    # 7. delete, then restore from the trash
    interviews = window.pages["interviews"]
    interviews.delete([interview_id])
    assert interviews.model.rowCount() == 0
    assert search.run() == []  # trashed interviews are not searched
    trash = window.show_trash()
    assert [i.id for i in trash.items] == [interview_id]
    trash.select_ids([interview_id])
    trash.restore(trash.selected())
    assert interviews.model.rowCount() == 1
    assert store.answers(interview_id)["tan_1"] == {"E": 7, "P": 4}
    assert len(search.run()) == 1
    trash.close()
    window.close()
