"""`workbench merge` and `workbench merge-report` end to end."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from cli_driver import run

from workbench.settings import set_consultant_name
from workbench.store import create_engagement, open_engagement

QUESTION = "What is the main reason for your score?"


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
    assert conflict[2] == QUESTION  # the question in words, not its key
    assert conflict[3] == "Ben's words"
    assert conflict[4] == '\'=HYPERLINK("x")'  # a formula stays text
    code, out = run("merge", str(b), str(a))
    assert code == 0 and "nothing new" in out
    code, out = run("merge-report", str(b), "-o", str(tmp_path / "report.xlsx"))
    assert code == 0 and (tmp_path / "report.xlsx").stat().st_size > 0
    code, out = run("merge-report", str(b))
    assert code == 0 and QUESTION in out
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


def _answer_copy(demo_file: Path, path: Path, who: str, words: str) -> str:
    shutil.copyfile(demo_file, path)
    set_consultant_name(who)
    with open_engagement(path) as store:
        row = next(r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty")
        store.set_answer(row.id, "satisfaction_reason", words)
    return row.id


def test_the_report_of_a_merge_of_several_copies_holds_every_part(demo_file, tmp_path) -> None:
    fresh = tmp_path / "fresh.wbk"
    _answer_copy(demo_file, fresh, "Manager", "the manager's words")
    cara = tmp_path / "cara.wbk"
    _answer_copy(demo_file, cara, "Cara", "Cara's words")
    ben = tmp_path / "ben.wbk"
    shutil.copyfile(demo_file, ben)
    set_consultant_name("Ben")
    with open_engagement(ben) as store:
        store.add_code("Ben's theme")
    report = tmp_path / "merge2.csv"
    code, out = run("merge", str(fresh), str(cara), str(ben), "--report", str(report))
    assert code == 0, out
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    merged_lines = [r for r in rows if r[0] == "merged"]
    assert [r[1] for r in merged_lines] == [str(cara), str(ben)]
    assert "added 1 code" in merged_lines[1][5]
    # the conflict with the first copy is in the report, not only on the terminal
    conflict = next(r for r in rows if r[0] == "conflict")
    assert conflict[2] == QUESTION and "Cara's words" in conflict[3:5]
    code, out = run("merge-report", str(fresh))
    assert code == 0
    assert f"Merged {cara}, {ben}" in out
    assert QUESTION in out and "added 1 code" in out
    code, _ = run("merge-report", str(fresh), "-o", str(tmp_path / "again.csv"))
    again = list(csv.reader((tmp_path / "again.csv").open(encoding="utf-8-sig")))
    assert again == rows
    # merged again: nothing changes, and the report says so
    code, out = run("merge", str(fresh), str(cara), str(ben), "--report", str(report))
    assert code == 0 and "conflict" not in out
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert [r[5] for r in rows if r[0] == "merged"] == ["nothing new; nothing changed"] * 2
    assert not [r for r in rows if r[0] == "conflict"]


def test_an_erasure_brought_in_by_a_merge_reaches_the_targets_backups(demo_file, tmp_path):
    from workbench.store.database import list_backups
    from workbench.store.erasure import erase, find_respondent, plan_erasure
    from workbench.store.sqlite import connect

    target, source = tmp_path / "target.wbk", tmp_path / "source.wbk"
    shutil.copyfile(demo_file, target)
    shutil.copyfile(demo_file, source)
    with open_engagement(source) as store:
        name = store.respondents()[0].name
        rid = find_respondent(store, name)
        erase(store, plan_erasure(store, rid, name))
    with open_engagement(target) as store:  # opening takes a rolling backup
        store.set_answer(store.interview_rows()[-1].id, "satisfaction_reason", "later words")

    def holding() -> list[Path]:
        found = []
        for backup in list_backups(target):
            conn = connect(backup, mode="ro")
            try:
                if conn.execute("SELECT count(*) FROM respondent WHERE id = ?", (rid,)).fetchone()[0]:
                    found.append(backup)
            finally:
                conn.close()
        return found

    assert holding()  # before the merge a backup holds them
    code, out = run("merge", str(target), str(source))
    assert code == 0, out
    assert "1 respondent erased in the other copy, so erased here" in out
    assert "had them erased too" in out
    assert list_backups(target)  # the backup taken before the merge is kept, without them
    assert holding() == []
    with open_engagement(target, read_only=True) as store:
        assert name not in [r.name for r in store.respondents()]


def test_several_copies_one_of_another_engagement_of_the_same_name(demo_file, tmp_path, capsys):
    target, anna = tmp_path / "fresh.wbk", tmp_path / "anna.wbk"
    shutil.copyfile(demo_file, target)
    _answer_copy(demo_file, anna, "Anna", "Anna's words")
    with open_engagement(target, read_only=True) as store:
        detail = store.engagement()
    twin = tmp_path / "twin.wbk"
    create_engagement(twin, client=detail.client, title=detail.title).close()
    code, out = run("merge", str(target), str(anna), str(twin))
    assert code == 1
    err = capsys.readouterr().err
    assert f"{twin}: a copy of another engagement that has the same name" in err
    assert f"this one on {detail.created_at:%d %B %Y}" in err
    assert f"Merged: {anna}" in out and f"Refused, nothing of them merged: {twin}" in out
    with open_engagement(target, read_only=True) as store:
        row = next(r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty")
        assert store.answers(row.id)["satisfaction_reason"] == "Anna's words"
