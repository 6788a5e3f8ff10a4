"""The interview list: new interview, filters, progress, open in the editor, delete."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.forms.library import builtin_form
from workbench.ui.context import AppContext
from workbench.ui.interviews import ID_ROLE, InterviewsPage, NewInterviewDialog, available_forms

pytestmark = pytest.mark.app_context(
    engagement="new", waves=("baseline", "re-audit"), settings={"user/name": "Jo Whitfield"}
)


@pytest.fixture
def people(ctx: AppContext) -> dict[str, str]:
    s = ctx.store
    return {
        "ana": s.add_respondent("Ana Lima", segment="external customer").id,
        "ben": s.add_respondent("Ben Cole", segment="staff").id,
    }


@pytest.fixture
def page(qtbot, ctx: AppContext, people) -> InterviewsPage:
    p = InterviewsPage(ctx)
    qtbot.addWidget(p)
    return p


def test_new_interview_dialog_defaults(qtbot, ctx, people):
    dialog = NewInterviewDialog(ctx, respondent_id=people["ben"])
    qtbot.addWidget(dialog)
    assert dialog.interviewer.text() == "Jo Whitfield"
    assert dialog.respondent.currentData() == people["ben"]
    form_ids = [dialog.form.itemData(i) for i in range(dialog.form.count())]
    assert "servqual" in form_ids and "stakeholder-interview" in form_ids
    dialog.select_form("servqual")
    dialog.wave.setCurrentIndex(1)
    values = dialog.values()
    assert values["form"].id == "servqual"
    assert values["wave_id"] == ctx.store.wave_by_name("re-audit").id
    assert values["date"] == date.today()


def test_new_interview_proposes_the_latest_wave_in_use(qtbot, ctx, people):
    """No interview yet: the first wave (not the last one listed); then the latest wave,
    in the engagement's order, that holds an interview: a late baseline interview made
    among re-audit ones does not turn the next one into a baseline interview."""

    def proposed() -> str:
        dialog = NewInterviewDialog(ctx, respondent_id=people["ana"])
        qtbot.addWidget(dialog)
        return dialog.wave.currentText()

    assert proposed() == "baseline"
    store = ctx.store
    servqual = builtin_form("servqual")
    again = store.new_interview(
        people["ana"], servqual, wave_id=store.wave_by_name("re-audit").id
    )
    assert proposed() == "re-audit"
    store.new_interview(people["ben"], servqual, wave_id=store.wave_by_name("baseline").id)
    assert proposed() == "re-audit"
    store.trash_interview(again.id)  # the trash is not where the work goes on
    assert proposed() == "baseline"


def test_create_filter_and_progress(page: InterviewsPage, ctx, people):
    servqual = builtin_form("servqual")
    a = page.create(people["ana"], servqual, interviewer="Jo", date=date(2026, 3, 2))
    b = page.create(
        people["ben"],
        builtin_form("itsm-maturity"),
        wave_id=ctx.store.wave_by_name("re-audit").id,
        interviewer="Sam",
        date=date(2026, 9, 7),
    )
    assert page.model.rowCount() == 2
    ctx.store.set_answer(a, "tan_1", {"E": 6, "P": 4})
    ctx.record("answers")
    row = next(r for r in page.model.rows if r.id == a)
    assert (row.answered, row.total) == (1, 23)
    progress = page.model.index(page.model.rows.index(row), 7)
    assert progress.data() == "1/23"
    # the segment as stored, as the Codebook, the workbook and the report write it
    assert page.model.index(page.model.rows.index(row), 1).data() == "external customer"
    assert page.segment.itemText(page.segment.findData("staff")) == "staff"

    page.segment.setCurrentIndex(page.segment.findData("staff"))
    assert [page.proxy.index(i, 0).data(ID_ROLE) for i in range(page.proxy.rowCount())] == [b]
    page.segment.setCurrentIndex(0)
    page.wave.setCurrentIndex(page.wave.findData("baseline"))
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 0).data(ID_ROLE) == a
    page.wave.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("complete"))
    assert page.proxy.rowCount() == 0
    page.status.setCurrentIndex(0)
    page.filter.setText("sam")
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 0).data(ID_ROLE) == b
    assert page.count_label.text() == "1 of 2 interviews"
    page.view.grab()  # the progress delegate paints


def test_down_from_the_filter_reaches_the_first_row_and_return_opens_it(
    qtbot, page: InterviewsPage, ctx, people
):
    from PySide6.QtCore import Qt

    a = page.create(people["ana"], builtin_form("servqual"), interviewer="Jo")
    page.create(people["ben"], builtin_form("servqual"), interviewer="Jo")
    page.show()
    qtbot.waitExposed(page)
    page.filter.setFocus()
    qtbot.keyClicks(page.filter, "ana")
    assert page.proxy.rowCount() == 1
    qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    assert page.focusWidget() is page.view
    assert page.view.currentIndex().row() == 0
    assert page.view.currentIndex().data(ID_ROLE) == a
    assert page.open_button.isEnabled()  # the row is selected, as a click selects it
    opened: list[str] = []
    page.open_interview = opened.append
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == [a]


def test_new_interview_is_undoable(page, ctx, people):
    iid = page.create(people["ana"], builtin_form("servqual"))
    assert "New interview with Ana Lima" in ctx.undo_stack.undoText()
    ctx.undo_stack.undo()
    assert page.model.rowCount() == 0
    assert ctx.store.interview(iid).deleted_at is not None
    ctx.undo_stack.redo()
    assert page.model.rowCount() == 1


def test_forms_of_the_engagement_come_first_in_their_stored_version(ctx, people):
    servqual = builtin_form("servqual")
    ctx.store.new_interview(people["ana"], servqual)
    forms = available_forms(ctx.store)
    assert len({f.id for f in forms}) == len(forms)  # one entry per form
    stored = {f.id: f for f in ctx.store.engagement_forms()}
    assert next(f for f in forms if f.id == "servqual") == stored["servqual"]


def test_open_in_the_editor_and_back(qtbot, page, ctx, people):
    iid = page.create(people["ana"], builtin_form("servqual"))
    page.view.selectRow(0)
    page.open_selected()
    assert page.stack.currentWidget() is page.editor
    assert page.editor_id == iid
    try:
        from workbench.ui.interview_editor import InterviewEditor
    except ModuleNotFoundError:
        InterviewEditor = None  # noqa: N806
    if InterviewEditor is not None:
        assert isinstance(page.editor, InterviewEditor)
        page.editor.closed.emit()
    else:
        page.show_list()
    assert page.stack.currentWidget() is page.list_page
    assert page.editor is None


def test_delete_to_trash_and_undo(page, ctx, people):
    iid = page.create(people["ana"], builtin_form("servqual"))
    page.view.selectRow(0)
    page.delete_selected()
    assert ctx.store.interview(iid).deleted_at is not None
    assert page.model.rowCount() == 0
    ctx.undo_stack.undo()
    assert ctx.store.interview(iid).deleted_at is None
    assert page.model.rowCount() == 1


def test_trashing_a_respondent_hides_their_interviews(page, ctx, people):
    page.create(people["ana"], builtin_form("servqual"))
    ctx.edit(
        "Delete Ana",
        lambda: ctx.store.trash_respondent(people["ana"]),
        lambda: ctx.store.restore_respondent(people["ana"]),
        "respondents",
    )
    assert page.model.rowCount() == 0
    ctx.undo_stack.undo()
    assert page.model.rowCount() == 1
