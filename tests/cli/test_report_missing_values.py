"""Deliverables of an engagement with a respondent of no segment (a REFI-QDA project's
unassigned sources added to the demo) are written, and show that respondent in
"No segment" the same way in the report, the deck and the workbook."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbench.cli import main

NVIVO = Path(__file__).parents[1] / "data" / "qdpx" / "nvivo-12-oltas.qdpx"


@pytest.fixture(scope="module")
def with_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the NVivo project added: its sources belong to no case, so their
    interviews (drafts in the latest wave, then marked complete by the consultant) are with
    one respondent who has no segment."""
    from workbench.demo import build_demo
    from workbench.store import open_engagement

    path = tmp_path_factory.mktemp("qdpx") / "demo+nvivo.wbk"
    build_demo(path).close()
    out = io.StringIO()
    assert main(["qdpx", "import", str(NVIVO), "-o", str(path)], out=out) == 0, out.getvalue()
    with open_engagement(path) as store:
        for row in store.interview_rows():
            if not row.segment:
                store.update_interview(row.id, status="complete")
    return path


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def _tables(path: Path) -> list[list[list[str]]]:
    import docx

    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(path).tables]


@pytest.mark.parametrize("extra", [(), ("--all-waves",), ("--wave", "re-audit"), ("--anonymise",)])
def test_the_report_is_written_with_a_respondent_of_no_segment(
    with_project: Path, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    path = tmp_path / "r.docx"
    code, out = _run("report", str(with_project), "-o", str(path), *extra)
    assert code == 0, out
    if "--wave" in extra or "--all-waves" in extra:
        by_segment = next(t for t in _tables(path) if t[0] == ["Segment", "Respondents"])
        # The respondent of no segment is counted, last before the total, as "No segment".
        assert by_segment[-2] == ["No segment", "1"]
        assert by_segment[-1][0] == "Total"


def test_the_method_sections_alone_and_the_deck_are_written(
    with_project: Path, tmp_path: Path
) -> None:
    for sections in ("summary", "method"):
        code, out = _run(
            "report", str(with_project), "-o", str(tmp_path / f"{sections}.docx"),
            "--sections", sections, "--all-waves",
        )  # fmt: skip
        assert code == 0, out
    for extra in ((), ("--all-waves", "--anonymise")):
        code, out = _run("deck", str(with_project), "-o", str(tmp_path / "d.pptx"), *extra)
        assert code == 0, out


def test_the_workbook_names_no_segment_as_the_report_does(
    with_project: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "w.xlsx"
    code, out = _run("export", str(with_project), "-o", str(path))
    assert code == 0, out
    wb = load_workbook(path, read_only=True)
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("Respondents"))
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "segment" in [str(c).casefold() for c in r])
    col = [str(c).casefold() for c in header].index("segment")
    names = [str(c).casefold() for c in header].index("name")
    unassigned = [r for r in rows if r and str(r[names]).startswith("Unassigned (from")]
    assert [r[col] for r in unassigned] == ["No segment"]


def test_the_demo_itself_is_unchanged(demo_file: Path, tmp_path: Path) -> None:
    """Every demo respondent has a segment: no "No segment" row appears."""
    path = tmp_path / "r.docx"
    assert _run("report", str(demo_file), "-o", str(path), "--all-waves")[0] == 0
    by_segment = next(t for t in _tables(path) if t[0] == ["Segment", "Respondents"])
    assert "No segment" not in [row[0] for row in by_segment]


def test_a_fault_is_one_line_naming_the_log(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A fault in building the report says what failed and where the log is; the Python
    message and its traceback are in the log, not on the screen."""
    from workbench.deliver import build
    from workbench.failures import log_path

    def broken(data):
        raise TypeError("'<' not supported between instances of 'float' and 'str'")

    monkeypatch.setattr(build, "_method", broken)
    path = tmp_path / "r.docx"
    code, _ = _run("report", str(demo_file), "-o", str(path))
    err = capsys.readouterr().err
    assert code == 1 and not path.exists()
    assert err.startswith(
        "workbench: the report could not be written, and nothing was, because of a fault in "
        "Workbench (TypeError at build.py:"
    ), err
    assert f"the details are in the log, {log_path()}" in err
    assert "not supported" not in err and len(err.strip().splitlines()) == 1
    logged = log_path().read_text(encoding="utf-8")
    assert "'<' not supported between instances of 'float' and 'str'" in logged
    assert "Traceback" in logged
