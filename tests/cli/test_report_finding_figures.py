"""`workbench report` warns of a finding whose quoted figure the analysis it cites no
longer gives, and writes the finding as the consultant wrote it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbench.cli import main


def _report(demo_file: Path, path: Path, capsys, *extra: str) -> tuple[list[str], str]:
    import docx

    argv = ["report", str(demo_file), "-o", str(path), "--sections", "findings", *extra]
    assert main(argv, out=io.StringIO()) == 0
    err = capsys.readouterr().err
    return [p.text for p in docx.Document(path).paragraphs], err


def test_a_baseline_report_warns_of_the_findings_written_on_the_re_audit(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The demo's findings quote the re-audit's figures; on the baseline, SERVQUAL's
    # responsiveness gap is -2.07.
    paras, err = _report(demo_file, tmp_path / "b.docx", capsys, "--wave", "baseline")
    assert (
        "workbench: warning: Finding F1 quotes -1.30; the analysis now gives -2.07 "
        "(SERVQUAL, Responsiveness)." in err.splitlines()
    )
    assert "check their figures in the findings register" in err
    # The consultant's text is not rewritten.
    assert any("widest SERVQUAL gap (-1.30)" in p for p in paras)


def test_the_latest_wave_report_of_the_demo_has_nothing_to_warn_of(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _paras, err = _report(demo_file, tmp_path / "r.docx", capsys)
    assert "warning" not in err
