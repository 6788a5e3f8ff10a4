"""The Report page after a REFI-QDA project was added to the open engagement (its
unassigned sources give a respondent with no segment), and what the page says when a
deliverable cannot be built because of a fault: what failed and where the log is, never
the bare Python message."""

from __future__ import annotations

from pathlib import Path

import pytest

NVIVO = Path(__file__).parents[1] / "data" / "qdpx" / "nvivo-12-oltas.qdpx"


@pytest.fixture
def page(report_page):
    return report_page


def test_the_report_and_deck_are_written_after_a_project_is_added(qtbot, page, ctx, tmp_path):
    from docx import Document

    from workbench.coding.qdpx import read_project
    from workbench.coding.qdpx_import import import_project

    import_project(ctx.store, read_project(NVIVO))
    for row in ctx.store.interview_rows():  # drafts, until the consultant completes them
        if not row.segment:
            ctx.store.update_interview(row.id, status="complete")
    ctx.data_changed.emit("respondents")
    assert any(not r.segment for r in ctx.store.respondents())
    for kind, path, export in (
        ("word", tmp_path / "r.docx", page.export_word),
        ("deck", tmp_path / "d.pptx", page.export_deck),
    ):
        with qtbot.waitSignal(page.export_finished, timeout=240000) as blocker:
            export(path)
        assert blocker.args == [kind, str(path)], page.done_label.text()
    # The report page's default is the latest wave; the method counts every respondent
    # interviewed, the project's unassigned one as "No segment".
    doc = Document(tmp_path / "r.docx")
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    by_segment = next(t for t in tables if t[0] == ["Segment", "Respondents"])
    assert ["No segment", "1"] in by_segment


def test_a_fault_says_what_failed_and_where_the_log_is(
    qtbot, page, ctx, tmp_path, monkeypatch
):
    from workbench.deliver import build
    from workbench.failures import log_path

    def broken(data):
        raise TypeError("'<' not supported between instances of 'float' and 'str'")

    monkeypatch.setattr(build, "_method", broken)
    path = tmp_path / "r.docx"
    with qtbot.waitSignal(page.export_finished, timeout=240000) as blocker:
        page.export_word(path)
    assert blocker.args == ["word", ""]
    text = page.done_label.text()
    assert text.startswith("The report could not be written because of a fault in Workbench")
    assert "TypeError at build.py:" in text  # the innermost line of Workbench's own code
    assert "nothing was written" in text and str(log_path()) in text
    assert "not supported" not in text  # the Python message is in the log, not shown
    logged = log_path().read_text(encoding="utf-8")
    assert "the report could not be written" in logged
    assert "'<' not supported between instances of 'float' and 'str'" in logged
    assert "Traceback" in logged
    assert not path.exists()


def test_an_expected_failure_is_said_in_words(qtbot, page, ctx, tmp_path):
    bad = tmp_path / "firm.docx"
    bad.write_text("not a document")
    page.template = str(bad)
    path = tmp_path / "r.docx"
    with qtbot.waitSignal(page.export_finished, timeout=240000) as blocker:
        page.export_word(path)
    assert blocker.args == ["word", ""]
    text = page.done_label.text()
    assert text.startswith("The report was not written: ") and "firm.docx" in text, text
    assert "fault" not in text
    assert not path.exists()


def test_the_page_warns_of_a_finding_whose_figure_no_longer_matches(qtbot, page, ctx, tmp_path):
    page.wave_combo.setCurrentIndex(page.wave_combo.findData("baseline"))
    assert page.options().wave == "baseline"
    path = tmp_path / "r.docx"
    with qtbot.waitSignal(page.export_finished, timeout=240000) as blocker:
        page.export_word(path)
    assert blocker.args == ["word", str(path)], page.done_label.text()
    text = page.done_label.text()
    assert text.startswith(f"Report written to {path}")
    assert (
        "\u2022 Finding F1 quotes -1.30; the analysis now gives -2.07 (SERVQUAL, Responsiveness)."
        in text.splitlines()
    )
