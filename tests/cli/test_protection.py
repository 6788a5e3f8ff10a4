"""An engagement's protection settings (k, extra terms, retention date): kept in the file,
set from the command line, and used by every anonymised deliverable."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_driver import run

from workbench.store import open_engagement


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.wbk"
    shutil.copy(demo_file, path)
    with open_engagement(path, backup=False) as store:
        store.add_finding("Harbour Group staff at the Calder depot wait longest.")
    return path


def test_settings_are_shown_set_and_refused_with_a_reason(demo: Path, capsys) -> None:
    code, out = run("protection", str(demo), "--json")
    assert code == 0
    assert json.loads(out) == {
        "k": 5,
        "terms": [],
        "retain_until": None,
        "retention_passed": False,
    }
    code, out = run(
        "protection",
        str(demo),
        "--k",
        "7",
        "--add-term",
        "Harbour  Group",
        "--add-term",
        "Calder",
        "--add-term",
        "harbour group",  # the same term again, in another case: kept once
        "--retain-until",
        "2031-03-31",
    )
    assert code == 0 and "changed" in out and "Harbour Group, Calder" in out
    code, out = run("protection", str(demo), "--json")
    assert json.loads(out) == {
        "k": 7,
        "terms": ["Harbour Group", "Calder"],
        "retain_until": "2031-03-31",
        "retention_passed": False,
    }
    before = demo.read_bytes()
    for bad in (["--k", "0"], ["--remove-term", "Bristol"], ["--add-term", "  "]):
        capsys.readouterr()
        assert run("protection", str(demo), *bad)[0] == 1, bad
        err = capsys.readouterr().err
        assert "nothing was changed" in err and str(demo) in err, err
    assert run("protection", str(demo), "--retain-until", "31/03/2031")[0] == 2
    assert demo.read_bytes() == before
    code, out = run("protection", str(demo), "--remove-term", "calder", "--no-retention")
    assert code == 0
    assert json.loads(run("protection", str(demo), "--json")[1])["terms"] == ["Harbour Group"]
    with open_engagement(demo, backup=False) as store:
        assert store.engagement().retain_until is None


def test_a_passed_retention_date_is_named_with_the_command_to_erase(demo: Path) -> None:
    code, out = run("protection", str(demo), "--retain-until", "2020-01-01")
    assert code == 0 and f"workbench erase {demo} --all-personal-data" in out
    assert json.loads(run("protection", str(demo), "--json")[1])["retention_passed"]


def _preview(path: Path, *extra: str) -> str:
    code, out = run(
        "export", str(path), "--anonymise", "--preview", "--analysis", "code-frequency", *extra
    )
    assert code == 0, out
    return out


def test_deliverables_use_the_engagements_k_and_terms_and_the_command_line_overrides(
    demo: Path,
) -> None:
    from workbench.deliver.build import make_anonymiser, scoped_data
    from workbench.deliver.context import ReportOptions

    plain = _preview(demo)
    assert "'Harbour Group' -> '[withheld]'" not in plain
    assert run("protection", str(demo), "--k", "9", "--add-term", "Harbour Group")[0] == 0
    kept = _preview(demo)
    assert "'Harbour Group' -> '[withheld]'" in kept
    assert "n<9" in kept and "n<9" not in plain and "n<5" in plain
    # The command line's --k overrides the engagement's; its terms add to the engagement's.
    once = _preview(demo, "--k", "2", "--anonymise-term", "Calder")
    assert "'Harbour Group' -> '[withheld]'" in once
    assert "n<9" not in once and "n<2" in once
    # Every deliverable's anonymiser (the deck's too) is made by make_anonymiser.
    with open_engagement(demo, read_only=True) as store:
        options = ReportOptions(anonymise=True)
        anonymiser = make_anonymiser(store, scoped_data(store, options), options)
        assert anonymiser.k == 9
        assert anonymiser.scrub("at Harbour Group") == "at [withheld]"
        other = ReportOptions(anonymise=True, k=3, anonymise_terms=["Calder"])
        anonymiser = make_anonymiser(store, scoped_data(store, other), other)
        assert anonymiser.k == 3
        assert anonymiser.scrub("Harbour Group, Calder") == "[withheld], [withheld]"


def test_the_report_states_the_engagements_k(demo: Path, tmp_path: Path) -> None:
    from docx import Document

    assert run("protection", str(demo), "--k", "6")[0] == 0
    target = tmp_path / "r.docx"
    code, _ = run("report", str(demo), "-o", str(target), "--anonymise", "--analysis", "servqual")
    assert code == 0
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "where at least 6 respondents share it" in text
    assert "fewer than 6 respondents are suppressed" in text


def test_set_protection_returns_the_old_settings_for_undo(demo: Path) -> None:
    from workbench.store.protection import (
        ProtectionError,
        protection,
        restore_protection,
        set_protection,
    )

    with open_engagement(demo, backup=False) as store:
        before = set_protection(store, k=8, terms=["A product"], retain_until=date(2030, 1, 1))
        assert before.k == 5 and before.terms == [] and before.retain_until is None
        assert protection(store).terms == ["A product"]
        with pytest.raises(ProtectionError):
            set_protection(store, k=True)
        restore_protection(store, before)
        assert protection(store) == before


def test_no_quasi_identifier_group_under_the_engagements_k(demo: Path, tmp_path: Path) -> None:
    from collections import Counter

    from docx import Document
    from openpyxl import load_workbook

    assert run("protection", str(demo), "--k", "8")[0] == 0
    xlsx, docx = tmp_path / "t.xlsx", tmp_path / "r.docx"
    assert (
        run("export", str(demo), "-o", str(xlsx), "--anonymise", "--analysis", "servqual")[0] == 0
    )
    assert (
        run("report", str(demo), "-o", str(docx), "--anonymise", "--analysis", "servqual")[0] == 0
    )
    # The sheet's title, a note, then its header.
    rows = list(load_workbook(xlsx)["Respondents"].iter_rows(min_row=3, values_only=True))
    header, body = rows[0], rows[1:]
    shown = [
        i
        for i, h in enumerate(header)
        if h in ("role", "org_unit", "segment") or str(h).startswith("attr:")
    ]
    assert shown and len(body) == 36
    combos = Counter(tuple(r[i] for i in shown) for r in body)
    assert min(combos.values()) >= 8, combos
    # With k = 5 the same file shows more detail: the setting is what made the difference.
    assert run("export", str(demo), "-o", str(xlsx), "--anonymise", "--k", "5")[0] == 0
    rows5 = list(load_workbook(xlsx)["Respondents"].iter_rows(min_row=3, values_only=True))
    assert len({tuple(r[i] for i in shown) for r in rows5[1:]}) > len(combos)
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "Respondent")
    pairs = Counter((r.cells[1].text, r.cells[2].text) for r in table.rows[1:])
    assert min(pairs.values()) >= 8, pairs
