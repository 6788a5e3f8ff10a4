"""The stakeholder register: add, edit in place with undo, filter, delete, import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.ui.context import AppContext
from workbench.ui.respondents import ID_ROLE, RespondentsPage

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def page(qtbot, ctx: AppContext) -> RespondentsPage:
    store = ctx.store
    store.add_respondent(
        "Ana Lima", role="Buyer", segment="external customer", attributes={"site": "Leeds"}
    )
    store.add_respondent("Ben Cole", role="Analyst", segment="staff")
    p = RespondentsPage(ctx)
    qtbot.addWidget(p)
    return p


def cell(page: RespondentsPage, name: str, column: str):
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.name == name)
    return model.index(row, model.column_of(column))


def test_the_table_shows_the_register(page: RespondentsPage):
    model = page.model
    assert model.rowCount() == 2
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == ["Name", "Role", "Org unit", "Segment", "Consent", "Interviews", "Site"]
    assert cell(page, "Ana Lima", "attr:site").data() == "Leeds"
    assert cell(page, "Ana Lima", "segment").data() == "external customer"
    assert cell(page, "Ana Lima", "interviews").data() == 0
    assert page.count_label.text() == "2 people"


def test_add_through_the_dialog_and_undo(page: RespondentsPage, ctx: AppContext):
    from workbench.ui.respondent_import import RespondentDialog

    dialog = RespondentDialog(page, attribute_names=page.model.attributes)
    dialog.name.setText("Cleo Park")
    dialog.role.setText("CIO")
    dialog.segment.setCurrentIndex(dialog.segment.findData("management"))
    dialog.consent.setChecked(True)
    dialog.attributes.item(0, 1).setText("York")  # the "site" row is offered
    values = dialog.values()
    new_id = page.add(values)
    cleo = ctx.store.respondent(new_id)
    assert (cleo.name, cleo.role, cleo.segment) == ("Cleo Park", "CIO", "management")
    assert cleo.consent_given and cleo.consent_at is not None
    assert cleo.attributes == {"site": "York"}
    assert page.model.rowCount() == 3
    assert page.selected_ids() == [new_id]
    ctx.undo_stack.undo()
    assert [r.name for r in ctx.store.respondents()] == ["Ana Lima", "Ben Cole"]
    ctx.undo_stack.redo()
    assert ctx.store.respondent(new_id).deleted_at is None
    assert page.model.rowCount() == 3


def test_the_dialog_refuses_a_nameless_respondent(page: RespondentsPage):
    from workbench.ui.respondent_import import RespondentDialog

    dialog = RespondentDialog(page)
    dialog.accept()
    assert not dialog.error.isHidden()
    assert dialog.result() == 0


@pytest.mark.parametrize(
    ("column", "new", "field", "old"),
    [
        ("name", "Ana Lima-Souza", "name", "Ana Lima"),
        ("role", "Head of buying", "role", "Buyer"),
        ("segment", "supplier", "segment", "external customer"),
        ("attr:site", "York", "attributes", {"site": "Leeds"}),
    ],
)
def test_edit_in_place_then_undo(page, ctx, column, new, field, old):
    index = cell(page, "Ana Lima", column)
    rid = index.data(ID_ROLE)
    assert index.flags() & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(index, new, Qt.ItemDataRole.EditRole)
    stored = getattr(ctx.store.respondent(rid), field)
    assert stored == ({"site": "York"} if field == "attributes" else new)
    ctx.undo_stack.undo()
    assert getattr(ctx.store.respondent(rid), field) == old
    assert page.model.index(index.row(), index.column()).data(Qt.ItemDataRole.EditRole) in (
        old,
        "Leeds",
    )


def test_segment_editor_is_a_combo(page, qtbot):
    index = page.proxy.mapFromSource(cell(page, "Ben Cole", "segment"))
    page.view.edit(index)
    from PySide6.QtWidgets import QComboBox

    combo = page.view.findChild(QComboBox)
    assert combo is not None
    assert combo.currentData() == "staff"
    combo.setCurrentIndex(combo.findData("management"))
    page.view.commitData(combo)
    rid = index.data(ID_ROLE)
    assert page.model.ctx.store.respondent(rid).segment == "management"


def test_consent_checkbox(page, ctx):
    index = cell(page, "Ben Cole", "consent")
    rid = index.data(ID_ROLE)
    assert page.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert ctx.store.respondent(rid).consent_given
    assert ctx.store.respondent(rid).consent_at is not None
    ctx.undo_stack.undo()
    assert not ctx.store.respondent(rid).consent_given


def test_filter_by_text_and_segment(page):
    page.filter.setText("analyst")
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "1 of 2 people"
    page.filter.clear()
    page.segment.setCurrentIndex(page.segment.findData("external customer"))
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Ana Lima"
    page.segment.setCurrentIndex(0)
    assert page.proxy.rowCount() == 2


def test_down_from_the_filter_reaches_the_first_row(page, qtbot):
    page.show()
    qtbot.waitExposed(page)
    page.filter.setFocus()
    qtbot.keyClicks(page.filter, "analyst")
    qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    assert page.focusWidget() is page.view
    assert page.view.currentIndex().row() == 0
    assert page.view.currentIndex().data() == "Ben Cole"
    assert page.view.selectionModel().isRowSelected(0)
    assert page.edit_button.isEnabled()


def test_sorting_by_a_column(page):
    page.view.sortByColumn(page.model.column_of("role"), Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(0, 0).data() == "Ben Cole"  # Analyst < Buyer


def test_delete_moves_to_the_trash_and_undo_restores(page, ctx):
    rid = cell(page, "Ben Cole", "name").data(ID_ROLE)
    page.view.selectRow(page.proxy.mapFromSource(cell(page, "Ben Cole", "name")).row())
    assert page.delete_button.isEnabled()
    page.delete_selected()
    assert ctx.store.respondent(rid).deleted_at is not None
    assert page.model.rowCount() == 1
    assert "Delete Ben Cole" in ctx.undo_stack.undoText()
    ctx.undo_stack.undo()
    assert ctx.store.respondent(rid).deleted_at is None
    assert page.model.rowCount() == 2


def test_import_preview_refuses_errors_unless_skipped(page, ctx, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Role,Segment,Team\n"
        "Dan Moss,Engineer,staff,Ops\n"
        ",Nobody,staff,\n"
        "Eve Hart,Buyer,unknown group,\n"
        "Fay Lin,CFO,management,Board\n",
        encoding="utf-8",
    )
    dialog = page.import_file(str(path))
    assert dialog is not None
    qtbot_rows = dialog.preview_table.rowCount()
    assert qtbot_rows == 4
    assert len(dialog.preview.bad_rows) == 2
    problems = dialog.preview_table.item(2, dialog.preview_table.columnCount() - 1).text()
    assert "unknown group" in problems
    assert not dialog.import_button.isEnabled()
    assert "Dan Moss" in dialog.preview.error_report() or "row" in dialog.preview.error_report()
    dialog.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 2 respondents"
    ids = dialog.do_import()
    assert len(ids) == 2
    names = sorted(r.name for r in ctx.store.respondents())
    assert names == ["Ana Lima", "Ben Cole", "Dan Moss", "Fay Lin"]
    assert ctx.store.respondent(ids[0]).attributes == {"Team": "Ops"}
    assert page.model.rowCount() == 4
    ctx.undo_stack.undo()
    assert sorted(r.name for r in ctx.store.respondents()) == ["Ana Lima", "Ben Cole"]
    dialog.close()


def test_import_mapping_can_be_changed(page, ctx, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Person,Division\nGil Ray,Finance\n", encoding="utf-8")
    dialog = page.import_file(str(path))
    assert dialog.current_mapping() == ["name", "org_unit"]
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData("role"))
    assert dialog.preview.rows[0].values["role"] == "Finance"
    dialog.combos[0].setCurrentIndex(0)  # name → nothing: the whole file is refused
    assert dialog.preview.problems and not dialog.import_button.isEnabled()
    dialog.close()


def test_names_sort_in_natural_order(page: RespondentsPage, ctx: AppContext):
    for n in (10, 2, 1):
        ctx.store.add_respondent(f"Respondent {n}")
    page.reload()
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    shown = [n for n in names if n.startswith("Respondent ")]
    assert shown == ["Respondent 1", "Respondent 2", "Respondent 10"], names


def test_a_respondent_of_no_segment_shows_no_segment(qtbot, ctx: AppContext):
    """As the analyses, the report and the workbook name them (not "None")."""
    from workbench.store.models import Respondent

    # A REFI-QDA project's sources of no case go to a respondent with no segment.
    added = ctx.store.add_respondent("Unassigned (from Untitled)")
    with ctx.store.writing() as s:
        s.get(Respondent, added.id).segment = ""
    p = RespondentsPage(ctx)
    qtbot.addWidget(p)
    assert cell(p, "Unassigned (from Untitled)", "segment").data() == "No segment"


def test_the_interview_count_stands_under_its_header(tmp_path, qtbot, ctx: AppContext):
    """With no free attribute the count is the last column: it keeps its own width (not
    stretched across the table) and its header is right-aligned over its numbers."""
    from workbench.forms.library import builtin_form

    ana = ctx.store.add_respondent("Ana Lima", role="Buyer", segment="staff")
    ctx.store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    p = RespondentsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 500)
    p.show()
    p.reload()
    qtbot.waitExposed(p)
    column = p.model.column_of("interviews")
    assert column == p.model.columnCount() - 1
    assert cell(p, "Ana Lima", "interviews").data() == 1
    header = p.view.horizontalHeader()
    assert header.sectionSize(column) <= 200 < p.view.viewport().width() // 3
    align = p.model.headerData(
        column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
    )
    assert align & Qt.AlignmentFlag.AlignRight
    p.grab().save(str(tmp_path / "reading-respondents.png"))


def test_editing_only_the_role_sends_only_the_role(page, ctx, monkeypatch):
    """The dialog shows the consent time as a day and attributes as text: changing only
    the role keeps the consent time to the minute, and History names the role alone."""
    from datetime import datetime

    from workbench.team.audit import history
    from workbench.ui.respondent_import import RespondentDialog

    given = datetime(2026, 2, 23, 9, 0)
    oliver = ctx.store.add_respondent(
        "Oliver Grant",
        role="Plant manager",
        consent_given=True,
        consent_at=given,
        attributes={"site": "Leeds", "staff": 250},
    )
    page.reload()
    page.select_id(oliver.id)

    def change_role(dialog):
        dialog.role.setText("Operations director")
        return RespondentDialog.DialogCode.Accepted

    monkeypatch.setattr(RespondentDialog, "exec", change_role)
    page.edit_selected()
    now = ctx.store.respondent(oliver.id)
    assert now.role == "Operations director"
    assert now.consent_at == given
    assert now.attributes == {"site": "Leeds", "staff": 250}
    changed = [line.what for line in history(ctx.store, oliver.id) if "changed" in line.what]
    assert changed and "consent_at" not in changed[0] and "attributes" not in changed[0]
    assert "role" in changed[0]

    def change_day(dialog):  # a new consent day is a change, taken as that day
        dialog.consent_date.setDate(dialog.consent_date.date().addDays(1))
        return RespondentDialog.DialogCode.Accepted

    monkeypatch.setattr(RespondentDialog, "exec", change_day)
    page.edit_selected()
    assert ctx.store.respondent(oliver.id).consent_at == datetime(2026, 2, 24)


def test_two_records_of_one_person_are_joined_and_undo_separates_them(page, ctx):
    store = ctx.store
    extra = store.add_respondent("Ana Lima", email="ana@example.org", segment="staff")
    page.reload()
    page.view.clearSelection()
    ana = next(r for r in store.respondents() if r.name == "Ana Lima" and r.id != extra.id)
    for rid in (ana.id, extra.id):
        row = next(
            n for n in range(page.proxy.rowCount()) if page.proxy.index(n, 0).data(ID_ROLE) == rid
        )
        page.view.selectionModel().select(
            page.proxy.index(row, 0),
            page.view.selectionModel().SelectionFlag.Select
            | page.view.selectionModel().SelectionFlag.Rows,
        )
    assert page.join_button.isEnabled()
    offered = []

    def choose(parent, people, counts):
        offered.extend(p.id for p in people)
        return ana.id

    assert page.join_selected(choose) == ana.id
    assert set(offered) == {ana.id, extra.id}
    assert [r.name for r in store.respondents()].count("Ana Lima") == 1
    kept = store.respondent(ana.id)
    assert (kept.email, kept.role, kept.segment) == ("ana@example.org", "Buyer", "external customer")
    assert page.model.rowCount() == 2
    ctx.undo_stack.undo()
    assert [r.name for r in store.respondents()].count("Ana Lima") == 2
    assert store.respondent(ana.id).email == ""
    assert page.join_selected(lambda *_: "") == ""  # cancelled: nothing happens
