"""Automatic coding: preview changes nothing, apply makes pending proposals, review them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.coding.rules import Rule, RuleSet
from workbench.forms.library import builtin_form

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def page(ctx, codebook_page):
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, "The outage lasted a day. Another outage on Friday; the CAB met.")
    store.set_answer(iv.id, "pain_points", "Outages and slow change approvals.")
    store.ensure_code_path("ITSM/Incident management", colour="#e15759")
    store.ensure_code_path("ITSM/Change management", colour="#4e79a7")
    return codebook_page()


RULES = RuleSet(
    [
        Rule("Incident management", "keyword", "outage*"),
        Rule("Change management", "regex", r"\bCAB\b", case_sensitive=True),
    ]
)


def preview(dialog, qtbot) -> None:
    assert dialog.run_preview()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled(), timeout=10000)


def test_preview_changes_nothing_until_applied(page, qtbot) -> None:
    dialog = page.open_rules()
    qtbot.addWidget(dialog)
    dialog.set_ruleset(RULES)
    preview(dialog, qtbot)
    matches = [(p.text, p.code_path) for p in dialog.proposals]
    assert matches == [
        ("outage", "ITSM/Incident management"),
        ("outage", "ITSM/Incident management"),
        ("CAB", "ITSM/Change management"),
        ("Outages", "ITSM/Incident management"),
    ]
    assert dialog.matches.rowCount() == 4
    assert page.ctx.store.segments() == []
    dialog.matches.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.apply_checked() == 3
    segs = page.ctx.store.segments()
    assert len(segs) == 3 and all(s.automatic and s.status == "pending" for s in segs)
    assert page.review.queue and len(page.review.queue) == 3
    page.ctx.undo_stack.undo()
    assert page.ctx.store.segments() == []


def test_bad_regex_is_named_and_nothing_runs(page, qtbot) -> None:
    dialog = page.open_rules()
    qtbot.addWidget(dialog)
    dialog.set_ruleset(RuleSet([Rule("Change management", "keyword", "cab")]))
    dialog.add_rule(Rule("Change management", "regex", "(unclosed"))
    assert dialog.run_preview() is False
    text = dialog.message.text()
    assert "Rule 2" in text and "(unclosed" in text and "not valid" in text
    assert page.ctx.store.segments() == []


def test_builtin_rules_load(page, qtbot) -> None:
    from workbench.ui.rules_view import builtin_rulesets

    dialog = page.open_rules()
    qtbot.addWidget(dialog)
    assert dialog.load_file(builtin_rulesets()["itsm-practices"])
    assert dialog.table.rowCount() > 20


def test_review_queue_accept_reject_recode(page, qtbot) -> None:
    dialog = page.open_rules()
    qtbot.addWidget(dialog)
    dialog.set_ruleset(RULES)
    preview(dialog, qtbot)
    dialog.apply_checked()
    queue = page.review
    page.side.setCurrentWidget(queue)
    queue.setFocus()
    first = queue.current().id
    qtbot.keyClick(queue, Qt.Key.Key_A)
    second = queue.current().id
    qtbot.keyClick(queue, Qt.Key.Key_R)
    third = queue.current()
    change = next(
        c for c, p in page.ctx.store.code_paths().items() if p.endswith("Change management")
    )
    queue.recode(change)
    status = {s.id: (s.status, s.code_id) for s in page.ctx.store.segments()}
    assert status[first][0] == "accepted" and status[second][0] == "rejected"
    assert status[third.id] == ("accepted", change)
    assert len(queue.queue) == 1  # four proposals, three decided
    page.ctx.undo_stack.undo()  # the recode
    assert len(queue.queue) == 2
    # the document shows the proposal being reviewed
    assert page.document.interview_id == third.interview_id
