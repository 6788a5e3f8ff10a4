"""`workbench qdpx import --complete`: another tool's sources come in complete, so that a
report written straight after the import counts the coding made there; without it they
are drafts, left out until marked complete, and the import says how to count them."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from workbench.cli import main
from workbench.store import open_engagement

PROJECT = (
    Path(__file__).resolve().parents[1] / "data" / "qdpx" / "qualcoder-4.0-course-feedback.qdpx"
)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def _frequency_rows(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Code")
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def test_complete_sources_count_at_once(tmp_path):
    wbk, out = tmp_path / "c.wbk", tmp_path / "c.docx"
    code, said = run("qdpx", "import", str(PROJECT), "-o", str(wbk), "--complete")
    assert code == 0
    assert (
        "2 interviews from the project's sources go to the wave 'baseline', marked complete as asked"
        in said
    )
    assert "as drafts" not in said
    with open_engagement(wbk, backup=False) as store:
        assert {r.status for r in store.interview_rows(progress=False)} == {"complete"}
    assert run("report", str(wbk), "--analysis", "code-frequency", "-o", str(out))[0] == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "still in draft" not in text and "not yet marked complete" not in text
    rows = _frequency_rows(out)
    assert rows and sum(int(r[1]) for r in rows if r[1].isdigit()) > 0


def test_drafts_by_default_and_the_import_says_how_to_count_them(tmp_path):
    wbk = tmp_path / "d.wbk"
    code, said = run("qdpx", "import", str(PROJECT), "-o", str(wbk))
    assert code == 0
    assert "as drafts" in said and "(--complete on the command line)" in said
    with open_engagement(wbk, backup=False) as store:
        assert {r.status for r in store.interview_rows(progress=False)} == {"draft"}


def test_complete_into_an_existing_engagement(tmp_path):
    wbk = tmp_path / "e.wbk"
    assert run("new", str(wbk), "--client", "Acme", "--title", "T", "--wave", "pilot")[0] == 0
    code, said = run("qdpx", "import", str(PROJECT), "-o", str(wbk), "--complete")
    assert code == 0 and "to the wave 'pilot', marked complete as asked" in said
    with open_engagement(wbk, backup=False) as store:
        assert {r.status for r in store.interview_rows(progress=False)} == {"complete"}


def test_the_default_report_of_complete_sources_reads_as_coded_material(tmp_path):
    """Written with the default sections straight after the import: the code frequency is
    there, the method tells the sources for what they are (no form was followed), and the
    appendix quotes the sources, not "the interviews"."""
    wbk, out = tmp_path / "c.wbk", tmp_path / "c.docx"
    assert run("qdpx", "import", str(PROJECT), "-o", str(wbk), "--complete")[0] == 0
    assert run("report", str(wbk), "-o", str(out))[0] == 0
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert "Code frequency" in headings
    assert _frequency_rows(out)  # its table
    text = "\n".join(p.text for p in doc.paragraphs)
    # transcript.txt is in speakers' turns, NOTES.txt is not
    assert (
        "It draws on 1 transcript and 1 document coded in another qualitative-analysis tool "
        "and imported from its project." in text
    )
    assert (
        "1 transcript and 1 document were coded in another qualitative-analysis tool and "
        "imported from its project (REFI-QDA)" in text
    )
    assert "structured form" not in text and "Forms used" not in text
    assert "The analyses count the codes as they were applied in that tool" in text
    assert "Verbatim extracts from the sources of the baseline wave" in text
    assert "the interviews" not in text and "Consultants' observations" not in text
    assert "; and Table" not in text  # two tables: "Table 1 …, and Table 2, …"
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Coded segments per code" in captions, captions
