"""Respondents ▸ Join… of two records that each have an interview on one form in one wave:
the question names the interviews the person would have twice, the result says so, and
the Interviews page marks the person until one is deleted."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from workbench.forms.library import builtin_form
from workbench.team.merge_people import join_respondents, twice_after_join, unjoin
from workbench.ui.interviews import InterviewsPage
from workbench.ui.respondents import ID_ROLE, RespondentsPage

pytestmark = pytest.mark.app_context(engagement="new")

TWICE = (
    "2 SERVQUAL service quality survey interviews in the baseline wave "
    "(8 Mar 2026, 10 Mar 2026)"
)


@pytest.fixture
def people(ctx) -> dict[str, str]:
    s = ctx.store
    baseline = next(w.id for w in s.waves() if w.name == "baseline")
    later = s.add_wave("follow-up").id
    servqual, stake = builtin_form("servqual"), builtin_form("stakeholder-interview")
    ana = s.add_respondent("Ana Lima", segment="external customer").id
    ana2 = s.add_respondent("Ana Lima", email="ana@example.org", segment="staff").id
    ben = s.add_respondent("Ben Cole", segment="staff").id
    a1 = s.new_interview(ana, servqual, wave_id=baseline, date=date(2026, 3, 8)).id
    s.new_interview(ana, stake, wave_id=baseline, date=date(2026, 3, 8))  # one form only
    a2 = s.new_interview(ana2, servqual, wave_id=baseline, date=date(2026, 3, 10)).id
    s.new_interview(ana2, servqual, wave_id=later, date=date(2026, 9, 1))  # another wave
    s.new_interview(ben, servqual, wave_id=baseline, date=date(2026, 3, 9))
    return {"ana": ana, "ana2": ana2, "ben": ben, "a1": a1, "a2": a2}


def test_the_join_names_what_the_person_would_have_twice(ctx, people):
    s = ctx.store
    assert twice_after_join(s, people["ana"], people["ana2"]) == [TWICE]
    assert twice_after_join(s, people["ana2"], people["ana"]) == [TWICE]  # either kept
    assert twice_after_join(s, people["ana"], people["ben"]) == [
        "2 SERVQUAL service quality survey interviews in the baseline wave "
        "(8 Mar 2026, 9 Mar 2026)"
    ]
    s.trash_interview(people["a2"])  # an interview in the trash is not counted
    assert twice_after_join(s, people["ana"], people["ana2"]) == []
    s.restore_interview(people["a2"])
    done = join_respondents(s, people["ana"], people["ana2"])
    assert done.twice == [TWICE]
    assert done.words("Ana Lima") == (
        "Ana Lima: 2 interviews moved to one record; the other is in the trash. "
        f"Ana Lima now has {TWICE}: check which should count"
    )
    # the kept person's own repeat is not one the join made
    assert twice_after_join(s, people["ana"], people["ben"]) == [
        "3 SERVQUAL service quality survey interviews in the baseline wave "
        "(8 Mar 2026, 9 Mar 2026, 10 Mar 2026)"
    ]
    unjoin(s, done)


def _select(page: RespondentsPage, ids: list[str]) -> None:
    page.view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for n in range(page.proxy.rowCount()):
        if page.proxy.index(n, 0).data(ID_ROLE) in ids:
            page.view.selectionModel().select(page.proxy.index(n, 0), flags)


def test_the_question_and_the_result_say_so(qtbot, ctx, people, monkeypatch):
    page = RespondentsPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    _select(page, [people["ana"], people["ana2"]])
    asked = {}

    def answer(box: QMessageBox) -> int:  # keep the first record offered
        asked["text"] = box.informativeText()
        asked["icon"] = box.icon()
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    with qtbot.waitSignal(ctx.status) as said:
        kept = page.join_selected()
    assert kept in (people["ana"], people["ana2"])
    assert f"Joined, this person has {TWICE}." in asked["text"]
    assert "delete the one that should not count" in asked["text"]
    assert asked["icon"] == QMessageBox.Icon.Warning
    assert f"Ana Lima now has {TWICE}: check which should count" in said.args[0]

    ctx.undo_stack.undo()
    _select(page, [people["ana"], people["ben"]])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.update(text=box.informativeText()))
    assert page.join_selected() == ""  # nothing clicked: cancelled
    assert "Joined, this person has 2 SERVQUAL" in asked["text"]
    cy = ctx.store.add_respondent("Cy Dee").id  # no interviews: nothing twice
    page.reload()
    _select(page, [people["ana"], cy])
    page.join_selected()
    assert "⚠" not in asked["text"]


def test_the_interviews_page_marks_the_person_interviewed_twice(qtbot, ctx, people):
    s = ctx.store
    page = InterviewsPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    assert page.model.twice == {}
    assert "⚠" not in page.count_label.text()

    join_respondents(s, people["ana"], people["ana2"])
    page.reload()
    assert set(page.model.twice) == {people["a1"], people["a2"]}
    assert page.count_label.text() == (
        "5 interviews · ⚠ 1 person has two interviews on one form in one wave"
    )
    rows = {r.id: n for n, r in enumerate(page.model.rows)}
    marked = page.model.index(rows[people["a2"]], 0)
    assert not marked.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert marked.data(Qt.ItemDataRole.ToolTipRole).startswith(f"Ana Lima has {TWICE}.")
    plain = page.model.index(rows[next(i for i in rows if i not in page.model.twice)], 0)
    assert plain.data(Qt.ItemDataRole.DecorationRole) is None

    s.trash_interview(people["a2"])  # the one that should not count goes: no mark
    page.reload()
    assert page.model.twice == {}
    assert page.count_label.text() == "4 interviews"
