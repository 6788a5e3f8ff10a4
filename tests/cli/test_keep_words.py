"""``--keep-word``: an anonymised deliverable keeps an ordinary word that is also part of a
respondent's name ("Grant us more time"), and the preview lists each such word with its
count, context and whether it may be an ordinary word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_driver import run

from workbench.store import open_engagement

SAID = "Grant us more time. We asked Grant twice."


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.wbk"
    shutil.copy(demo_file, path)
    with open_engagement(path, backup=False) as store:
        row = next(
            r
            for r in store.interview_rows(progress=False)
            if r.form_id == "stakeholder-interview" and r.status == "complete"
        )
        store.set_answer(row.id, "services_used", SAID)
    return path


def _cells(path: Path) -> str:
    from openpyxl import load_workbook

    return "\n".join(
        str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row
    )


def test_the_preview_lists_the_words_and_keep_word_keeps_one(demo: Path, tmp_path: Path):
    code, out = run("export", str(demo), "--anonymise", "--preview", "--analysis", "servqual")
    assert code == 0, out
    listed = out.split("Words replaced as parts of a name", 1)[1].splitlines()
    grant = next(line for line in listed if line.strip().startswith("Grant\t"))
    # twice in each place the answer is written (the long and the wide sheet)
    assert int(grant.split("\t")[1]) >= 2 and "[Grant] us more time" in grant
    assert grant.endswith("possible name")

    plain = tmp_path / "plain.xlsx"
    code, out = run("export", str(demo), "-o", str(plain), "--anonymise", "--analysis", "servqual")
    assert code == 0, out
    assert "[name] us more time. We asked [name] twice." in _cells(plain)

    kept = tmp_path / "kept.xlsx"
    code, out = run(
        "export", str(demo), "-o", str(kept), "--anonymise", "--analysis", "servqual",
        "--keep-word", "Grant",
    )  # fmt: skip
    assert code == 0, out
    cells = _cells(kept)
    assert SAID in cells
    assert "Oliver Grant" not in cells  # the full name is still replaced
