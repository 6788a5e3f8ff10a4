"""The Codebook page shows the codebook in its stored order (an ordinal scale stays in
order), everywhere codes are listed; Retrieve follows the selected code's segments."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex

from workbench.forms.library import builtin_form

NOTE = "The desk never calls back. When they do, the engineer is excellent."

pytestmark = pytest.mark.app_context(
    engagement="new", settings={"user/name": "Tester", "coding/recent": []}
)


@pytest.fixture
def page(ctx, codebook_page):
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, NOTE)
    store.add_code("Outages")
    store.add_code("Speed")
    scale = store.add_code("Attitude level")  # third at the top level, position 3
    for name in ("red", "amber", "green"):  # an ordinal scale: positions 1, 2, 3
        store.add_code(name, parent_id=scale.id)
    p = codebook_page(size=(1300, 800))
    p.document.set_interview(iv.id)
    return p


def tree_names(page, parent: QModelIndex | None = None) -> list:
    parent = parent or QModelIndex()
    out: list = []
    for r in range(page.proxy.rowCount(parent)):
        idx = page.proxy.index(r, 0, parent)
        kids = tree_names(page, idx)
        out.append((idx.data(), kids) if kids else idx.data())
    return out


def test_the_tree_keeps_the_stored_order_of_siblings(page, tmp_path: Path) -> None:
    positions = {c.name: c.position for c in page.ctx.store.codes()}
    assert [positions[n] for n in ("red", "amber", "green")] == [1, 2, 3]
    page.refresh()
    assert tree_names(page) == [
        "Outages", "Speed", ("Attitude level", ["red", "amber", "green"])
    ]
    page.grab().save(str(tmp_path / "codebook-order.png"))


def test_the_code_pickers_list_codes_in_the_codebook_order(page) -> None:
    from workbench.ui.code_in_place import InPlaceCoder

    expected = ["Outages", "Speed", "Attitude level", "Attitude level/red",
                "Attitude level/amber", "Attitude level/green"]  # fmt: skip
    assert [p for _c, p, _k in page.code_choices()] == expected
    editor = next(e for e in page.document.editors.values() if not e.isReadOnly())
    editor.select_span(0, 8)
    popup = page.document.quick_pick(editor)
    shown = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert shown == expected
    popup.close()
    in_place = InPlaceCoder(page.ctx, lambda: None)
    assert [p for _c, p, _k in in_place.choices()] == expected


def test_retrieve_fills_as_the_selected_new_code_is_applied(page, qtbot) -> None:
    code_id = page.new_code()  # selected at once, its name open for typing
    assert page.selected_codes() == [code_id]
    editor = next(e for e in page.document.editors.values() if not e.isReadOnly())
    for words in ("never calls back", "the engineer is excellent"):
        start = NOTE.index(words)
        page.document.apply_code(code_id, editor, (start, start + len(words)))
    assert page.selected_codes() == [code_id]
    pane = page.retrieval
    assert pane.code_ids == [code_id]
    assert [r.text for r in pane.model.rows] == ["never calls back", "the engineer is excellent"]
    assert "Select one or more codes" not in pane.title.text()
    assert pane.count.text().startswith("2 segments from 1 respondent")


def test_headers_say_who_interviewed_and_who_coded(page, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    store = page.ctx.store
    iv = page.document.interview_id
    store.update_interview(iv, interviewer="ana")
    page.document.set_interview(iv)
    assert "interviewed by ana" in page.document.info.text()
    outages = next(c.id for c in store.codes() if c.name == "Outages")
    start = NOTE.index("never calls back")
    note = page.document.sources[0]
    store.code_segment(outages, note.kind, note.id, start, start + 16, coder="ben")
    page.select_codes([outages])
    pane = page.retrieval
    [row] = pane.model.rows
    option = QStyleOptionViewItem()
    option.rect.setWidth(400)
    card = pane.view.itemDelegate()._doc(option, row, pane.model).toPlainText()
    assert card.splitlines()[0] == "Ana staff · baseline · coded by ben"
    page.grab().save(str(tmp_path / "who-is-who.png"))
