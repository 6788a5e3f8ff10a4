"""The anonymised export's preview lists the words replaced as parts of a name, each with
its count, a context and "possible name"; unticking one keeps it in the file written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.store import open_engagement

pytestmark = pytest.mark.app_context(engagement=None)

SAID = "Grant us more time. We asked Grant twice."


def test_unticking_a_word_keeps_it_in_the_workbook(window, demo_file, qtbot, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from workbench.ui import anonymised_export
    from workbench.ui.result_view import ReportItem, add_to_report

    with open_engagement(demo_file, backup=False) as store:
        row = next(
            r
            for r in store.interview_rows(progress=False)
            if r.form_id == "stakeholder-interview" and r.status == "complete"
        )
        store.set_answer(row.id, "services_used", SAID)
    assert window.open_file(demo_file)
    page = window.show_page("report")
    add_to_report(window.ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    seen = []

    def untick(dialog):
        words = dialog.words
        rows = {words.item(r, 0).text(): r for r in range(words.rowCount())}
        assert "Grant" in rows, rows
        r = rows["Grant"]
        seen.append([words.item(r, c).text() for c in range(4)])
        words.item(r, 0).setCheckState(Qt.CheckState.Unchecked)
        dialog.show()
        return True

    monkeypatch.setattr(anonymised_export, "confirm_preview", untick)
    target = tmp_path / "kept.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=180000) as blocker:
        page.export_excel(target)
    assert blocker.args == ["excel", str(target)], page.done_label.text()
    word, times, note, context = seen[0]
    assert int(times) >= 2 and note == "possible name" and "[Grant] us more time" in context
    cells = "\n".join(
        str(c.value) for ws in load_workbook(target) for row in ws.iter_rows() for c in row
    )
    assert SAID in cells and "Oliver Grant" not in cells
    assert "Respondent 1" in cells  # anonymised all the same


def test_an_unticked_word_leaves_the_previews_count_and_list(qtbot, tmp_path):
    from pathlib import Path

    from workbench.deliver.anonymise import NAME_PLACEHOLDER, Replacement
    from workbench.ui.anonymised_export import AnonymisationPreview

    log = [
        Replacement("name", "Notes", "Oliver Grant", "Respondent 1"),
        Replacement("name", "Notes", "Grant", NAME_PLACEHOLDER, "[Grant] us more time", True),
        Replacement("name", "Answers", "Grant", NAME_PLACEHOLDER, "asked [Grant] twice", True),
        Replacement("quasi-identifier", "Respondents", "Service desk", "Other"),
    ]
    dialog = AnonymisationPreview("workbook", Path(tmp_path / "x.xlsx"), log)
    qtbot.addWidget(dialog)
    assert dialog.intro.text().startswith("Anonymising the workbook makes 4 changes (3 names,")
    words = dialog.words
    assert words.item(0, 0).text() == "Grant"
    words.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.intro.text().startswith("Anonymising the workbook makes 2 changes (1 name,")
    shown = [
        dialog.table.item(i, 2).text()
        for i in range(dialog.table.rowCount())
        if not dialog.table.isRowHidden(i)
    ]
    assert shown == ["Oliver Grant", "Service desk"]
    words.item(0, 0).setCheckState(Qt.CheckState.Checked)  # ticked again: back
    assert "makes 4 changes" in dialog.intro.text()
    assert not any(dialog.table.isRowHidden(i) for i in range(dialog.table.rowCount()))
