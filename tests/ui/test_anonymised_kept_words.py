"""The anonymised export's preview says in one line which words it kept as ordinary words
("Price is too high", "Fine. Will renew next year."), lists them unticked in its word
list, and ticking one replaces it: the count of changes and the list follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import RespondentRow

PEOPLE = [
    RespondentRow("R01", "Will Price", "", "", "external customer"),
    RespondentRow("R02", "Mark Green", "", "", "external customer"),
]


def _dialog(qtbot, tmp_path: Path):
    from workbench.ui.anonymised_export import AnonymisationPreview

    a = Anonymiser(PEOPLE, texts=["I will pay more."], code_words={"Price"}, k=1)
    for text in (
        "Price is too high and the team is friendly.",
        "Fine. Will renew next year.",
        "We asked Will twice. Mark on the desk is great.",
    ):
        a.scrub(text)
    dialog = AnonymisationPreview("workbook", tmp_path / "x.xlsx", a.log)
    qtbot.addWidget(dialog)
    return dialog


def _shown(dialog) -> list[str]:
    table = dialog.table
    return [table.item(i, 2).text() for i in range(table.rowCount()) if not table.isRowHidden(i)]


def test_the_preview_says_what_it_kept_and_a_tick_replaces_it(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    # Will (mid-sentence) and Mark are replaced; Price and Will (opening a sentence) kept
    assert dialog.intro.text().startswith("Anonymising the workbook makes 2 changes (2 names)")
    assert dialog.kept_label.text() == (
        "Kept as ordinary words (not replaced): Price \u00d71, Will \u00d71 \u2014 tick a "
        "word below to replace it."
    )
    assert _shown(dialog) == ["Will", "Mark"]
    words = dialog.words
    rows = {words.item(r, 0).text(): r for r in range(words.rowCount())}
    states = {w: words.item(r, 0).checkState() for w, r in rows.items()}
    assert states == {
        "Will": Qt.CheckState.PartiallyChecked,  # kept once, replaced once
        "Mark": Qt.CheckState.Checked,
        "Price": Qt.CheckState.Unchecked,
    }
    notes = {w: words.item(r, 2).text() for w, r in rows.items()}
    assert notes == {"Will": "kept 1 of 2", "Mark": "possible name", "Price": "kept: ordinary word"}
    assert dialog.kept_words() == [] and dialog.replaced_words() == []
    dialog.show()
    dialog.grab().save(str(tmp_path / "kept-words.png"))

    words.item(rows["Price"], 0).setCheckState(Qt.CheckState.Checked)
    assert "makes 3 changes (3 names)" in dialog.intro.text()
    assert _shown(dialog) == ["Will", "Mark", "Price"]
    assert dialog.kept_label.text().startswith(
        "Kept as ordinary words (not replaced): Will \u00d71 \u2014"
    )
    assert dialog.replaced_words() == ["Price"]

    words.item(rows["Will"], 0).setCheckState(Qt.CheckState.Unchecked)
    assert "makes 2 changes (2 names)" in dialog.intro.text()
    assert _shown(dialog) == ["Mark", "Price"]
    assert dialog.kept_words() == ["Will"] and dialog.replaced_words() == ["Price"]

    words.item(rows["Will"], 0).setCheckState(Qt.CheckState.Checked)
    words.item(rows["Price"], 0).setCheckState(Qt.CheckState.Checked)
    assert "makes 4 changes" in dialog.intro.text()
    assert not dialog.kept_label.isVisibleTo(dialog)
    assert sorted(dialog.replaced_words()) == ["Price", "Will"]


HUGH = "Price is too high and the team is friendly. I will pay more."
WILL = "Fine. Will renew next year."


def _engagement(tmp_path: Path) -> Path:
    from workbench.forms.library import builtin_forms
    from workbench.store import create_engagement, open_engagement

    path = tmp_path / "an.wbk"
    create_engagement(path, client="Acme", title="Supplier review").close()
    forms = builtin_forms()
    with open_engagement(path, backup=False) as store:
        store.add_code("Price")
        people = {
            name: store.add_respondent(name, role="Buyer", segment="external customer")
            for name in ("Will Price", "Mark Green", "Hugh Moss", "Ann Lee", "Raj Das")
        }
        tcs = store.new_interview(people["Ann Lee"].id, forms["total-customer-service"])
        store.update_interview(tcs.id, status="complete")
        for name, said in (("Hugh Moss", HUGH), ("Will Price", WILL)):
            talk = store.new_interview(people[name].id, forms["stakeholder-interview"])
            store.set_answer(talk.id, "services_used", said)
            store.update_interview(talk.id, status="complete")
    return path


@pytest.mark.app_context(engagement=None)
def test_ticking_a_kept_word_replaces_it_in_the_workbook(window, qtbot, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from workbench.ui import anonymised_export
    from workbench.ui.result_view import ReportItem, add_to_report

    assert window.open_file(_engagement(tmp_path))
    page = window.show_page("report")
    add_to_report(window.ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    seen = []

    def tick_price(dialog):
        seen.append(dialog.kept_label.text())
        words = dialog.words
        rows = {words.item(r, 0).text(): r for r in range(words.rowCount())}
        words.item(rows["Price"], 0).setCheckState(Qt.CheckState.Checked)
        return True

    monkeypatch.setattr(anonymised_export, "confirm_preview", tick_price)
    target = tmp_path / "anon.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=180000) as blocker:
        page.export_excel(target)
    assert blocker.args == ["excel", str(target)], page.done_label.text()
    assert seen == [
        "Kept as ordinary words (not replaced): Price \u00d71, Will \u00d71 \u2014 tick a word "
        "below to replace it."
    ]
    cells = "\n".join(
        str(c.value) for ws in load_workbook(target) for row in ws.iter_rows() for c in row
    )
    assert "[name] is too high and the team is friendly. I will pay more." in cells
    assert WILL in cells and "Will Price" not in cells
    # the page says what the file it wrote kept
    assert page.done_label.text().endswith(
        "Kept as ordinary words (not replaced): Will \u00d71."
    ), page.done_label.text()
