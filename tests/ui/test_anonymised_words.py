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
        dialog.grab().save("/tmp/anonymisation-words.png")
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
