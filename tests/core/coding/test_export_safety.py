"""Codebook exports hold no live formula and are written whole or not at all."""

from __future__ import annotations

import csv
import errno
import os
import zipfile
from pathlib import Path

import pytest

from workbench.coding.codebook import (
    Codebook,
    CodeEntry,
    codebook_to_csv,
    load_codebook_sheet,
    write_codebook_sheet,
)

HOSTILE = ["=1+1", "@SUM(A1:A2)", "+cmd|' -C calc'!A0", "-2+3", '=HYPERLINK("x")']


def book() -> Codebook:
    b = Codebook("Hostile")
    for name in HOSTILE:
        b.add(CodeEntry(name=name, definition=name, example="-3"))
    return b


def test_xlsx_export_writes_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    write_codebook_sheet(book(), path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert [c.name for c in load_codebook_sheet(path)] == HOSTILE


def test_csv_export_neutralises_formulas_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    write_codebook_sheet(book(), path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "'=1+1" in cells and "-3" in cells
    assert [c.name for c in load_codebook_sheet(path)] == HOSTILE
    assert "\n'=1+1," in codebook_to_csv(book())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_failed_export_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"c{suffix}"
    path.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_codebook_sheet(book(), path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_rules_and_memo_exports_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.coding.rules import Rule, RuleSet, ruleset_to_yaml

    target = tmp_path / "rules.yaml"
    target.write_text("old", encoding="utf-8")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        ruleset_to_yaml(
            RuleSet(rules=[Rule(code="A", kind="keyword", pattern="x")], name="r"), target
        )
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]


def test_respondent_error_report_neutralises_formulas() -> None:
    from workbench.store.respondent_import import validate_rows

    preview = validate_rows("r.csv", ["name", "segment"], [["=1+1", "=cmd|x"]])
    report = preview.error_report()
    cells = [c for row in csv.reader(report.splitlines()) for c in row]
    assert cells and not any(c.startswith("=") for c in cells)
    assert "'=1+1" in cells


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",
        "rules: " + "[" * 3000 + "]" * 3000 + "\n",
        "\n".join(
            [f"l0: &l0 [{', '.join(['x'] * 10)}]"]
            + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
        )
        + "\nrules: *l8\n",
    ],
)
def test_hostile_yaml_codebooks_and_rules_are_refused(tmp_path: Path, text: str) -> None:
    from workbench.coding.codebook import CodebookError, load_codebook_yaml
    from workbench.coding.rules import RuleError, load_ruleset

    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match="hostile.yaml"):
        load_codebook_yaml(path)
    with pytest.raises(RuleError, match="hostile.yaml"):
        load_ruleset(path)
