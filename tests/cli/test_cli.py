"""The `workbench` command end to end: exit codes, files written, JSON shape."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_driver import run


def test_new_info_check(tmp_path: Path) -> None:
    path = tmp_path / "client engagement.anything"
    code, out = run(
        "new",
        str(path),
        "--client",
        "Acme",
        "--title",
        "Desk review",
        "--consultant",
        "Jo",
        "--wave",
        "baseline",
        "--wave",
        "re-audit",
        "--start",
        "2026-01-05",
    )
    assert code == 0 and "Created" in out
    code, out = run("info", str(path), "--json")
    info = json.loads(out)
    assert code == 0
    assert info["client"] == "Acme" and info["waves"] == ["baseline", "re-audit"]
    assert info["start_date"] == "2026-01-05" and info["counts"]["respondents"] == 0
    assert run("check", str(path))[0] == 0


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("new", str(tmp_path / "x.wbk"))[0] == 2  # --client and --title missing
    assert (
        run("new", str(tmp_path / "x.wbk"), "--client", "A", "--title", "B", "--start", "soon")[0]
        == 2
    )
    assert run("analyze")[0] == 2


def test_refusals_exit_1_with_the_reason_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    assert run("info", str(bad))[0] == 1
    assert "not a Workbench engagement file (it is a text file)" in capsys.readouterr().err
    assert run(str(tmp_path / "missing.wbk"))[0] == 1
    assert "no such file" in capsys.readouterr().err
    path = tmp_path / "e.wbk"
    run("new", str(path), "--client", "A", "--title", "B")
    assert run("new", str(path), "--client", "A", "--title", "B")[0] == 1


def test_demo_is_deterministic_and_healthy(demo_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.wbk"
    assert run("demo", str(again))[0] == 0
    assert run("demo", str(again))[0] == 1  # exists: refused without --force
    assert run("check", str(again))[0] == 0

    def content(path: Path) -> list[tuple]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute(
                """SELECT r.name, fv.form_id, i.date, a.question_key, a.item, a.value
                   FROM answer a JOIN interview i ON i.id = a.interview_id
                   JOIN respondent r ON r.id = i.respondent_id
                   JOIN form_version fv ON fv.id = i.form_version_id
                   ORDER BY 1, 2, 3, 4, 5"""
            ).fetchall()
        finally:
            conn.close()

    assert content(demo_file) == content(again)


def test_demo_has_the_promised_material(demo_file: Path) -> None:
    code, out = run("info", str(demo_file), "--json")
    info = json.loads(out)
    counts = info["counts"]
    assert counts["respondents"] >= 30 and counts["interviews"] >= 40
    assert counts["notes"] >= 40 and counts["coded segments"] > 100
    assert len(info["waves"]) == 2
    from workbench.forms.library import builtin_forms

    assert {f["id"] for f in info["forms"]} == set(builtin_forms())


def test_every_analysis_runs_on_the_demo_with_json(demo_file: Path) -> None:
    from workbench.analysis.registry import discover

    ids = [a.id for a in discover().analyses()]
    assert len(ids) >= 11
    for analysis_id in ids:
        code, out = run("analyze", str(demo_file), analysis_id, "--json")
        assert code == 0, analysis_id
        result = json.loads(out)
        assert result["id"] == analysis_id and result["findings"], analysis_id
        for table in result["tables"]:
            assert {"name", "columns", "rows"} <= set(table)
            assert all(len(row) == len(table["columns"]) for row in table["rows"])


def test_analyze_scope_and_params(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        "analyze",
        str(demo_file),
        "servqual",
        "--wave",
        "baseline",
        "--segment",
        "internal customer",
        "--param",
        "model=servperf",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert "baseline" in result["scope"] and "internal customer" in result["scope"]
    assert result["params"]["model"] == "servperf"
    assert run("analyze", str(demo_file), "servqual", "--param", "model=magic")[0] == 2
    assert run("analyze", str(demo_file), "servqual", "--wave", "third")[0] == 1
    assert run("analyze", str(demo_file), "no-such-analysis")[0] == 2
    code, out = run("analyze", str(demo_file), "servqual", "--compare", "baseline", "re-audit")
    assert code == 0 and "baseline → re-audit" in out


def test_report_and_export_write_files(demo_file: Path, tmp_path: Path) -> None:
    docx = tmp_path / "report.docx"
    code, _ = run(
        "report",
        str(demo_file),
        "-o",
        str(docx),
        "--anonymise",
        "--analysis",
        "servqual",
        "--analysis",
        "seven-sins",
        "--sections",
        "summary,method,analyses,actions",
    )
    assert code == 0 and docx.exists()
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "SERVQUAL" in text and "Amara Okafor" not in text
    xlsx = tmp_path / "tables.xlsx"
    assert run("export", str(demo_file), "-o", str(xlsx), "--analysis", "servqual")[0] == 0
    from openpyxl import load_workbook

    assert "Summary" in load_workbook(xlsx, read_only=True).sheetnames
    assert (
        run("report", str(demo_file), "-o", str(tmp_path / "r.docx"), "--sections", "nonsense")[0]
        == 1
    )


def test_form_commands(tmp_path: Path, demo_file: Path) -> None:
    code, out = run("form", "list", str(demo_file))
    assert code == 0 and "servqual" in out
    code, out = run("form", "show", "servqual", "--json")
    assert code == 0 and json.loads(out)["id"] == "servqual"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: x\ntitle: X\nversion: 1\nsections:\n  - key: s\n    title: S\n    questions:\n      - key: q\n        type: banana\n        label: Q\n"
    )
    assert run("form", "check", str(broken))[0] == 1
    copy = tmp_path / "copy.wbk"
    shutil.copy(demo_file, copy)
    exported = tmp_path / "servqual.yaml"
    assert run("form", "export", str(copy), "servqual", "-o", str(exported))[0] == 0
    assert run("form", "check", str(exported))[0] == 0


def test_codebook_commands(tmp_path: Path) -> None:
    path = tmp_path / "e.wbk"
    run("new", str(path), "--client", "A", "--title", "B")
    code, out = run("codebook", "import", str(path), "seven-sins", "--under", "Sins")
    assert code == 0 and "Added 8 codes" in out
    for suffix in ("yaml", "qdc", "xlsx"):
        target = tmp_path / f"book.{suffix}"
        assert run("codebook", "export", str(path), "-o", str(target))[0] == 0
        other = tmp_path / f"other-{suffix}.wbk"
        run("new", str(other), "--client", "A", "--title", "B")
        code, out = run("codebook", "import", str(other), str(target))
        assert code == 0 and "Added 8 codes" in out, suffix


def test_os_and_nesting_errors_are_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing folder, a symlink loop, a self-containing YAML alias and a read-only
    database each end in one line on stderr and exit 1, never a traceback."""
    assert run("demo", str(tmp_path / "no-such-folder" / "d.wbk"))[0] == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "does not exist" in err

    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    assert run("info", str(tmp_path / "loop1"))[0] == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "link loop" in err

    rec = tmp_path / "rec.yaml"
    rec.write_text("a: &a [*a]\n")
    assert run("form", "check", str(rec))[0] == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "recursive alias" in err


def test_database_errors_are_one_line(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    """An SQLite error wrapped by SQLAlchemy (as a read-only file gives) is one line."""
    import sqlalchemy.exc

    import workbench.cli as cli

    def boom(args, out):
        raise sqlalchemy.exc.OperationalError(
            "PRAGMA journal_mode=WAL",
            {},
            sqlite3.OperationalError("attempt to write a readonly database"),
        )

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["info"].set_defaults(func=boom)
    assert run("info", "x.wbk")[0] == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "read-only" in err
