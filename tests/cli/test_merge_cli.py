"""`workbench merge` and `workbench merge-report` end to end."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from workbench.cli import main
from workbench.settings import set_consultant_name
from workbench.store import create_engagement, open_engagement


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def _edited_copies(demo_file: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    a, b = tmp_path / "a.wbk", tmp_path / "b.wbk"
    shutil.copyfile(demo_file, a)
    shutil.copyfile(demo_file, b)
    for path, words, who in ((a, '=HYPERLINK("x")', "Anna"), (b, "Ben's words", "Ben")):
        set_consultant_name(who)
        with open_engagement(path) as store:
            row = next(r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty")
            store.set_answer(row.id, "satisfaction_reason", words)
    return a, b, row.id


def test_merge_exports_its_report_and_a_second_merge_is_a_no_op(demo_file, tmp_path) -> None:
    a, b, interview_id = _edited_copies(demo_file, tmp_path)
    report = tmp_path / "report.csv"
    code, out = run("merge", str(b), str(a), "--report", str(report))
    assert code == 0, out
    assert "1 conflict settled" in out and "kept as" in out
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert rows[0] == ["What", "Record", "Field", "Kept", "Other", "Detail"]
    conflict = next(r for r in rows[1:] if r[0] == "conflict")
    assert conflict[2] == "satisfaction_reason"
    assert conflict[3] == "Ben's words"
    assert conflict[4] == '\'=HYPERLINK("x")'  # a formula stays text
    code, out = run("merge", str(b), str(a))
    assert code == 0 and "nothing new" in out
    code, out = run("merge-report", str(b), "-o", str(tmp_path / "report.xlsx"))
    assert code == 0 and (tmp_path / "report.xlsx").stat().st_size > 0
    code, out = run("merge-report", str(b))
    assert code == 0 and "satisfaction_reason" in out
    # the trail names who changed the answer
    from workbench.team.audit import history

    with open_engagement(b, read_only=True) as store:
        lines = history(store, interview_id)
    assert any(line.actor == "Ben" and "satisfaction_reason" in line.what for line in lines)
    assert any(line.actor == "Anna" and "satisfaction_reason" in line.what for line in lines)


def test_a_copy_of_another_engagement_is_refused(demo_file, tmp_path, capsys) -> None:
    a = tmp_path / "a.wbk"
    shutil.copyfile(demo_file, a)
    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    before = a.read_bytes()
    code, _ = run("merge", str(a), str(other))
    assert code == 1
    assert "another engagement (Other Ltd — Elsewhere)" in capsys.readouterr().err
    assert a.read_bytes() == before
    code, _ = run("merge", str(a), str(tmp_path / "missing.wbk"))
    assert code == 1
