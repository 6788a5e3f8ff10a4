"""A collapsed parent code in the Codebook page shows what its branch holds (its segments
with its sub-codes'), and the workbook's Codebook sheet counts exactly as the page does."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.coding.counts import count_text
from workbench.deliver.build import export_workbook
from workbench.forms.library import builtin_form

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def page(qtbot, ctx, codebook_page):
    """Service (1) > Speed (2, +1 awaiting review, 1 rejected) > Callbacks (3);
    Service > Manner (+1); Other; and a segment of Speed in an interview in the trash."""
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    ben = store.add_respondent("Ben", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    gone = store.new_interview(ben.id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "The desk never calls back and nobody says why at all.").id
    other_note = store.add_note(gone.id, "Slow, slow, slow.").id
    service = store.add_code("Service").id
    speed = store.add_code("Speed", parent_id=service).id
    callbacks = store.add_code("Callbacks", parent_id=speed).id
    manner = store.add_code("Manner", parent_id=service).id
    store.add_code("Other")
    spans = iter((i, i + 3) for i in range(0, 40, 4))

    def code(code_id: str, status: str = "accepted", source: str = note) -> None:
        start, end = next(spans)
        seg = store.code_segment(code_id, "note", source, start, end, coder="jo", status=status)
        assert seg.status == status

    code(service)
    code(speed), code(speed), code(speed, "pending"), code(speed, "rejected")
    code(callbacks), code(callbacks), code(callbacks)
    code(manner, "pending")
    store.code_segment(speed, "note", other_note, 0, 4, coder="jo", status="accepted")
    store.trash_interview(gone.id)
    p = codebook_page(size=(420, 400))
    qtbot.waitExposed(p)
    return p


def shown(page) -> dict[str, tuple[str, str]]:
    """Each code's two count cells as the tree shows them."""
    return {
        idx.data(): (idx.siblingAtColumn(1).data(), idx.siblingAtColumn(2).data())
        for idx in page._all_indexes()
    }


def test_a_collapsed_parent_shows_its_branch(page, tmp_path: Path) -> None:
    assert shown(page) == {
        "Service": ("1", "6 +2"),
        "Speed": ("2 +1", "5 +1"),
        "Callbacks": ("3", ""),
        "Manner": ("0 +1", ""),
        "Other": ("", ""),
    }
    page.tree.collapseAll()
    header = page.tree.model().headerData(2, page.tree.header().orientation())
    assert header == "Total"
    page.grab().save(str(tmp_path / "collapsed.png"))
    top = page._all_indexes()[0]
    assert not page.tree.isExpanded(top) and top.siblingAtColumn(2).data() == "6 +2"
    assert page.tree.visualRect(top.siblingAtColumn(2)).width() > 0  # on screen, not cut off


def test_the_codebook_sheet_counts_as_the_page_does(page, tmp_path: Path) -> None:
    book = export_workbook(page.ctx.store, tmp_path / "e.xlsx")
    ws = load_workbook(book)["Codebook"]
    header = [c.value for c in ws[3]]
    rows = {
        r[0].split("/")[-1]: dict(zip(header, r, strict=True))
        for r in ws.iter_rows(min_row=4, values_only=True)
        if r[0]
    }
    on_page = shown(page)
    assert set(rows) == set(on_page)
    for name, row in rows.items():
        own = count_text(row["segments"], row["awaiting review"])
        within = count_text(row["segments with sub-codes"], row["awaiting review with sub-codes"])
        parent = name in ("Service", "Speed")
        assert on_page[name] == (own, within if parent else ""), name
    assert rows["Service"]["segments with sub-codes"] == 6  # 1 + 2 + 3; the trash not counted
    assert rows["Callbacks"]["segments with sub-codes"] == 3
    dictionary = load_workbook(book)["Data dictionary"]
    described = {(r[0], r[1]) for r in dictionary.iter_rows(min_row=4, values_only=True)}
    assert ("Codebook", "segments with sub-codes") in described


def test_a_flat_codebook_has_no_total_column(ctx, codebook_page) -> None:
    ctx.store.add_code("Slow")
    page = codebook_page()
    assert page.tree.isColumnHidden(2)
    page.new_code("Callbacks", parent_id=ctx.store.codes()[0].id)
    assert not page.tree.isColumnHidden(2)


def test_the_counts_follow_an_interview_into_the_trash_and_back(page, qtbot) -> None:
    """Trashing or restoring an interview (on its page, or from Edit ▸ Trash) changes what
    the codes hold: the tree says so when it is shown next, as Retrieve and the sheet do."""
    store, ctx = page.ctx.store, page.ctx
    gone = next(r.id for r in store.interview_rows(include_deleted=True) if r.deleted)
    store.restore_interview(gone)
    ctx.record("interviews")  # as the Trash dialog and the Interviews page record it
    qtbot.waitUntil(lambda: shown(page)["Speed"] == ("3 +1", "6 +1"), timeout=3000)
    assert shown(page)["Service"] == ("1", "7 +2")
    store.trash_interview(gone)
    ctx.record("interviews")
    qtbot.waitUntil(lambda: shown(page)["Speed"] == ("2 +1", "5 +1"), timeout=3000)


def test_a_new_code_beside_one_left_unnamed_gets_a_name_of_its_own(ctx, codebook_page) -> None:
    """Two live siblings never share a name: a second code made while a "New code" is
    left unnamed is "New code 2", and naming one as its sibling is refused, saved nowhere."""
    page = codebook_page()
    first = page.new_code()
    page.finish_naming()
    page.tree.selectionModel().clearSelection()  # the next one at the top level too
    second = page.new_code()
    page.finish_naming()
    names = {c.id: c.name for c in ctx.store.codes()}
    assert (names[first], names[second]) == ("New code", "New code 2")
    failures: list[str] = []
    ctx.failed.connect(lambda *args: failures.append(" ".join(map(str, args))))
    page.update_code(second, name="new code")  # as typed into the tree
    assert {c.name for c in ctx.store.codes()} == {"New code", "New code 2"}
    assert failures and "already a code" in failures[0]


def test_a_code_under_one_in_the_trash_is_not_listed_or_offered(page) -> None:
    """Trashing a code takes its sub-codes with it: the tree no longer lists them (they
    were shown at the top level), and the coding menus offer none of them."""
    store, ctx = page.ctx.store, page.ctx
    speed = next(c.id for c in store.codes() if c.name == "Speed")
    store.trash_code(speed)
    ctx.record("codes")
    assert set(shown(page)) == {"Service", "Manner", "Other"}
    from workbench.ui.code_in_place import InPlaceCoder

    coder = InPlaceCoder(ctx, lambda: None)
    offered = {path for _id, path, _colour in coder.choices()}
    assert offered == {"Service", "Service/Manner", "Other"}
    assert set(coder.favourites()) <= {c for c, _p, _c in coder.choices()}
