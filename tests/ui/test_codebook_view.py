"""The codebook tree: create, rename, move, merge, delete, details, codebook exchange."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData

from workbench.coding.codebook import CodebookError
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement
from workbench.ui.coding_text import CODE_MIME

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def page(ctx, codebook_page):
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "The desk never calls back. The engineer is excellent.")
    slow = store.add_code("Slow", colour="#e15759")
    wait = store.add_code("Waiting", colour="#f28e2b")
    store.add_code("Good engineer", colour="#59a14f")
    store.code_segment(slow.id, "note", note.id, 0, 25, coder="jo")
    store.code_segment(wait.id, "note", note.id, 9, 25, coder="jo")
    store.code_segment(wait.id, "note", note.id, 4, 8, coder="jo")
    p = codebook_page()
    p.ids = {c.name: c.id for c in store.codes()}
    return p


def tree_rows(page) -> dict[str, str]:
    out = {}
    for idx in page._all_indexes():
        count = idx.sibling(idx.row(), 1).data()
        out[idx.data()] = count
    return out


def test_tree_shows_codes_and_counts(page) -> None:
    assert tree_rows(page) == {"Slow": "1", "Waiting": "2", "Good engineer": ""}


def test_new_code_rename_and_undo(page) -> None:
    page.new_action.trigger()
    store, stack = page.ctx.store, page.ctx.undo_stack
    assert "New code" in store.code_paths().values()
    idx = page.index_of(next(c for c, p in store.code_paths().items() if p == "New code"))
    page.tree.closePersistentEditor(idx)
    page.proxy.setData(idx, "Callbacks")
    qtbot_wait(page)
    assert "Callbacks" in store.code_paths().values()
    # naming the new code is part of making it: one step, labelled with the name typed
    assert [stack.text(i) for i in range(stack.count())] == ["Add code 'Callbacks'"]
    stack.undo()
    assert set(store.code_paths().values()) == {"Slow", "Waiting", "Good engineer"}
    stack.redo()
    assert "Callbacks" in store.code_paths().values()
    page.proxy.setData(page.index_of(page.ids["Slow"]), "Sluggish")  # an existing code
    qtbot_wait(page)
    assert stack.undoText() == "Rename code 'Slow' to 'Sluggish'"
    stack.undo()
    assert "Slow" in store.code_paths().values()


def qtbot_wait(page) -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.processEvents()


def test_drag_onto_another_code_moves_it(page) -> None:
    data = QMimeData()
    data.setData(CODE_MIME, page.ids["Waiting"].encode())
    target = page.proxy.mapToSource(page.index_of(page.ids["Slow"]))
    page.model.dropMimeData(data, 1, -1, -1, target)
    qtbot_wait(page)
    assert page.ctx.store.code_paths()[page.ids["Waiting"]] == "Slow/Waiting"
    assert page.move_code(page.ids["Slow"], page.ids["Waiting"]) is False  # not under itself
    page.ctx.undo_stack.undo()
    assert page.ctx.store.code_paths()[page.ids["Waiting"]] == "Waiting"


def test_merge_moves_segments_and_undo_restores(page) -> None:
    store = page.ctx.store
    page.merge_codes(page.ids["Waiting"], page.ids["Slow"])
    assert len(store.segments(code_id=page.ids["Slow"])) == 3
    assert tree_rows(page) == {"Slow": "3", "Good engineer": ""}
    page.ctx.undo_stack.undo()
    assert len(store.segments(code_id=page.ids["Waiting"])) == 2
    assert tree_rows(page)["Waiting"] == "2"


def test_delete_goes_to_the_trash_and_details_edit(page) -> None:
    page.delete_code(page.ids["Good engineer"])
    assert "Good engineer" not in tree_rows(page)
    page.ctx.undo_stack.undo()
    assert "Good engineer" in tree_rows(page)
    page.select_codes([page.ids["Slow"]])
    assert page.details.name.text() == "Slow"
    page.details.inputs["definition"].setPlainText("Waiting too long for a reply")
    page.details.inputs["when_not_to_use"].setPlainText("Fast but wrong: Reliability")
    page.details._set_colour("#112233")
    page.details.apply()
    code = next(c for c in page.ctx.store.codes() if c.id == page.ids["Slow"])
    assert (code.definition, code.when_not_to_use, code.colour) == (
        "Waiting too long for a reply", "Fast but wrong: Reliability", "#112233")  # fmt: skip
    page.ctx.undo_stack.undo()
    code = next(c for c in page.ctx.store.codes() if c.id == page.ids["Slow"])
    assert code.definition == "" and code.colour == "#e15759"


@pytest.mark.parametrize("suffix", [".yaml", ".qdc", ".xlsx"])
def test_codebook_export_then_import_elsewhere(page, qtbot, tmp_path: Path, suffix: str) -> None:
    from workbench.ui.codebook_view import CodebookPage
    from workbench.ui.context import AppContext

    page.ctx.store.add_code("Callbacks", parent_id=page.ids["Slow"], definition="Call-backs")
    path = page.export_codebook_file(tmp_path / f"book{suffix}")
    other_path = tmp_path / "other.wbk"
    create_engagement(other_path, client="B", title="B").close()
    ctx = AppContext()
    ctx.set_store(open_engagement(other_path))
    other = CodebookPage(ctx)
    qtbot.addWidget(other)
    assert other.import_codebook_file(path) == 4
    assert set(ctx.store.code_paths().values()) == {
        "Slow", "Slow/Callbacks", "Waiting", "Good engineer"}  # fmt: skip
    ctx.undo_stack.undo()
    assert ctx.store.code_paths() == {}
    ctx.store.close()


def test_bad_codebook_changes_nothing(page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes: [ {name: 'A/B'} ]\n  broken: : :\n")
    before = page.ctx.store.code_paths()
    with pytest.raises(CodebookError):
        page.import_codebook_file(bad)
    assert page.ctx.store.code_paths() == before
    assert page.ctx.undo_stack.count() == 0


def test_load_builtin_codebook(page) -> None:
    n = page.load_builtin("seven-sins")
    paths = set(page.ctx.store.code_paths().values())
    assert n >= 8 and "Seven sins of service/Apathy" in paths
    page.ctx.undo_stack.undo()
    assert set(page.ctx.store.code_paths().values()) == {"Slow", "Waiting", "Good engineer"}
