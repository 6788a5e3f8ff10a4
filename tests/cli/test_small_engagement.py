"""A small engagement built from the command line: two waves, three SERVQUAL interviews
with expectations and perceptions but no importance allocation.

The deliverables are written all the same: an analysis that does not apply is left out
with a sentence saying so, the deck's tables take however many columns they are given, and
a deliverable that fails for an unforeseen reason ends in one line, never a traceback.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main

ITEMS = [f"{d}_{i}" for d, n in (("tan", 4), ("rel", 5), ("res", 4), ("ass", 4), ("emp", 5)) for i in range(1, n + 1)]  # fmt: skip
LEFT_OUT = "Importance–performance analysis is left out"  # a reason not naming it


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    path = folder / "c.wbk"
    header = ["respondent", *(f"{i}_e" for i in ITEMS), *(f"{i}_p" for i in ITEMS)]
    rows = [
        [f"R{r}", *(str(4 + (r + j) % 4) for j in range(len(ITEMS))),
         *(str(2 + (r * 3 + j) % 5) for j in range(len(ITEMS)))]
        for r in range(3)
    ]  # fmt: skip
    csv = folder / "servqual.csv"
    csv.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    args = ("new", str(path), "--client", "C", "--title", "T")
    assert run(*args, "--wave", "baseline", "--wave", "re-audit")[0] == 0
    code, out = run("import", str(path), str(csv), "--form", "servqual")
    assert code == 0 and "Imported 3 responses" in out, out
    return path


def _xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


CHOSEN = ("--analysis", "servqual", "--analysis", "importance-performance")
SAID = (
    "Importance–performance analysis needs completed SERVQUAL or total customer service "
    "interviews with an importance question: no completed SERVQUAL interview answers the "
    "importance question, so it is left out."
)


def _paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_default_report_is_written_without_what_does_not_apply(
    small: Path, tmp_path: Path
) -> None:
    target = tmp_path / "r.docx"
    code, out = run("report", str(small), "-o", str(target))
    assert code == 0 and out.strip() == f"Wrote {target}"
    text = "\n".join(_paragraphs(target))
    assert "SERVQUAL" in text and "Importance–performance" not in text


def test_a_chosen_analysis_that_does_not_apply_is_left_out_and_the_report_says_so(
    small: Path, tmp_path: Path
) -> None:
    target = tmp_path / "r.docx"
    assert run("report", str(small), "-o", str(target), *CHOSEN)[0] == 0
    text = _paragraphs(target)
    assert [t for t in text if "left out" in t] == [SAID]
    assert "Importance and performance by attribute" not in "\n".join(text)


def test_an_analysis_that_finds_nothing_when_run_is_left_out_too(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin whose check is too hopeful: its run's NotApplicable never blocks the report."""
    from workbench.analysis.api import Applicability
    from workbench.analysis.registry import discover

    plugin = type(discover().get("importance-performance"))
    monkeypatch.setattr(plugin, "check", lambda self, data: Applicability.yes())
    target = tmp_path / "r.docx"
    assert run("report", str(small), "-o", str(target))[0] == 0
    said = [t for t in _paragraphs(target) if t.startswith(LEFT_OUT)]
    assert said == [f"{LEFT_OUT}: No attribute has both an importance and a performance score "
                    "in the completed servqual interviews."]  # fmt: skip


def test_the_workbook_summary_says_what_is_left_out(small: Path, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "r.xlsx"
    assert run("export", str(small), "-o", str(target))[0] == 0
    assert run("export", str(small), "-o", str(target), *CHOSEN)[0] == 0
    ws = openpyxl.load_workbook(target)["Summary"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert SAID in cells and "SERVQUAL: service quality gaps" in cells


def test_the_deck_is_written_and_its_appendix_says_what_is_left_out(
    small: Path, tmp_path: Path
) -> None:
    from pptx import Presentation

    target = tmp_path / "d.pptx"
    code, out = run("deck", str(small), "-o", str(target))
    assert code == 0 and out.strip() == f"Wrote {target}", out
    assert "Executive summary" in _xml_text(target)
    assert run("deck", str(small), "-o", str(target), *CHOSEN)[0] == 0
    prs = Presentation(str(target))
    appendix = [
        shape.text_frame.text
        for slide in prs.slides
        if slide.shapes.title is not None and slide.shapes.title.text.startswith("Appendix: method")
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert SAID in "\n".join(appendix)


def test_the_readiness_check_agrees_with_the_run(small: Path) -> None:
    from workbench.analysis.loader import load_engagement_data
    from workbench.analysis.registry import NotApplicable, discover, run_analysis
    from workbench.store import open_engagement

    with open_engagement(small, read_only=True, backup=False) as store:
        data = load_engagement_data(store)
    analysis = discover().get("importance-performance")
    scoped = data.in_scope(analysis.check)
    verdict = analysis.check(scoped)
    assert not verdict.ok
    assert "no completed SERVQUAL interview answers the importance question" in verdict.reason
    with pytest.raises(NotApplicable):
        run_analysis(analysis, scoped, {})


@pytest.mark.parametrize("columns", [1, 4, 5, 7])
def test_a_deck_table_takes_any_number_of_columns(columns: int) -> None:
    from workbench.deliver.deck_layout import Deck

    deck = Deck(None)
    slide = deck.summary_slide(
        "Summary",
        [f"H{c}" for c in range(columns)],
        [[f"r{r}c{c}" for c in range(columns)] for r in range(3)],
        [(0, "A point")],
    )
    table = next(s for s in slide.shapes if s.has_table).table
    assert len(table.columns) == columns
    widths = [table.columns[c].width for c in range(columns)]
    assert all(w > 0 for w in widths)
    if columns > 1:  # the first (label) column is the widest, as the weights say
        assert widths[0] == max(widths)


def test_an_unforeseen_deliverable_failure_is_one_line(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.deliver import deck

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("column index [4] out of range")

    monkeypatch.setattr(deck._Writer, "write", broken)
    target = tmp_path / "d.pptx"
    code, _ = run("deck", str(small), "-o", str(target))
    err = capsys.readouterr().err
    assert code == 1 and not target.exists()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        "workbench: the deck could not be written, and nothing was, because of a fault in "
        "Workbench (IndexError at deck.py:"
    )
    assert "column index [4] out of range" not in err  # that is in the log
