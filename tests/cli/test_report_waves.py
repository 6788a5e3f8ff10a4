"""A report of a file with two waves leads with what changed, and recommends no re-audit
that the file already holds."""

from __future__ import annotations

import io
from pathlib import Path

from workbench.cli import main


def _report(demo_file: Path, path: Path, *extra: str) -> list[tuple[str, str]]:
    import docx

    assert main(["report", str(demo_file), "-o", str(path), *extra], out=io.StringIO()) == 0
    return [(p.style.name, p.text) for p in docx.Document(path).paragraphs]


def test_the_report_leads_with_what_changed(demo_file: Path, tmp_path: Path) -> None:
    paras = _report(demo_file, tmp_path / "r.docx")
    headings = [t for s, t in paras if s.startswith("Heading")]
    # The executive summary comes first and opens with the headline scores and their
    # change since the baseline, before the findings; the section on what changed, measure
    # by measure, follows it.
    assert headings[0] == "Executive summary"
    assert headings[1] == "Headline scores"
    assert headings.index("Headline scores") < headings.index("Key findings")
    chapters = [t for s, t in paras if s == "Heading 1"]
    assert chapters[:2] == ["Executive summary", "What changed since the baseline"]
    texts = [t for _s, t in paras]
    assert any(t.startswith("Comparing baseline with re-audit: 16 respondents") for t in texts)
    # A clear change is reported with its interval and test.
    assert any("95% CI" in t and "paired t-test" in t for t in texts)
    # The method says the waves are not pooled.
    assert any("Each analysis covers one wave" in t for t in texts)


def test_the_demo_recommends_no_re_audit_it_already_holds(demo_file: Path, tmp_path: Path) -> None:
    paras = _report(demo_file, tmp_path / "r.docx")
    assert not any("Re-audit responsiveness" in t for _s, t in paras)


def test_a_one_wave_report_has_no_changes_section(demo_file: Path, tmp_path: Path) -> None:
    paras = _report(demo_file, tmp_path / "b.docx", "--wave", "baseline")
    assert not any(t.startswith("What changed") for _s, t in paras)
    assert any("cover wave ‘baseline’ only" in t for _s, t in paras)
    paras = _report(demo_file, tmp_path / "all.docx", "--all-waves")
    assert not any(t.startswith("What changed") for _s, t in paras)
    assert any("counting each respondent once" in t for _s, t in paras)


def test_the_workbook_carries_the_changes(demo_file: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    assert main(["export", str(demo_file), "-o", str(path)], out=io.StringIO()) == 0
    wb = load_workbook(path, read_only=True)
    firsts = [next(ws.iter_rows(values_only=True))[0] for ws in wb.worksheets]
    changes = [t for t in firsts if isinstance(t, str) and "What changed: baseline → re-audit" in t]
    assert any(t.startswith("SERVQUAL") for t in changes)
    assert any(t.startswith("ITSM maturity") for t in changes)


def test_a_chosen_comparisons_table_of_changes_fits_a_portrait_page(
    demo_file: Path, tmp_path: Path
) -> None:
    """The 14-column table of changes is shown in Word in the eight columns of "What
    changed" (the rest stay in the workbook), so no number breaks over two lines; a fall
    in a lower-is-better measure is coloured as an improvement."""
    import docx

    from workbench.deliver.build import AnalysisChoice, export_report
    from workbench.store import open_engagement

    choice = AnalysisChoice("servqual", scope={"waves": ["baseline", "re-audit"]})
    with open_engagement(demo_file, read_only=True, backup=False) as store:
        out = export_report(store, tmp_path / "r.docx", choices=[choice])
    doc = docx.Document(str(out))
    captions = [p.text for p in doc.paragraphs]
    assert any("What changed: baseline → re-audit" in c for c in captions)
    changes = [t for t in doc.tables if t.rows[0].cells[0].text == "Measure"
               and "95% CI" in [c.text for c in t.rows[0].cells]]  # fmt: skip
    assert changes
    for table in changes:
        assert len(table.columns) == 8
        header = [c.text for c in table.rows[0].cells]
        # kept on one line: no-break spaces, a word joiner after the hyphen
        plain = header[3].replace("\u2060", "").replace("\u00a0", " ")
        assert plain == "Change (re-audit − baseline)" and "Effect size" not in header
        for row in table.rows[1:]:
            ci = row.cells[4].text
            assert ci == "" or " to " in ci.replace("\u00a0", " ")
