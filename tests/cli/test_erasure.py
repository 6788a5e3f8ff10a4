"""Erasing a person on request: a preview, then nothing of them left in the file's bytes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from cli_driver import run

from workbench.store import open_engagement

NAME = "Ada Quibblethwaite"
NOTE = "Ada says the zorblax escalation path failed her twice"
ANSWER = "Frobnicated tickets vanish overnight"


def _with_ada(demo_file: Path, folder: Path) -> Path:
    """The demo with one more respondent, whose note is coded, memoed and cited."""
    from workbench.forms.library import builtin_forms

    path = folder / "demo.wbk"
    shutil.copy(demo_file, path)
    with open_engagement(path) as store:
        ada = store.add_respondent(NAME, role="Service owner", email="ada@example.org")
        form = builtin_forms()["stakeholder-interview"]
        interview = store.new_interview(ada.id, form)
        note = store.add_note(interview.id, NOTE)
        text_key = next(q.key for q in form.iter_questions() if q.type in ("text", "longtext"))
        store.set_answer(interview.id, text_key, ANSWER)
        store.update_interview(interview.id, status="complete")
        store.set_answer(interview.id, text_key, ANSWER + " again")  # a recorded correction
        code = store.codes()[0]
        segment = store.code_segment(code.id, "note", note.id, 0, 20)
        store.add_memo("segment", segment.id, f"{NAME} was upset", title="about Ada")
        store.add_finding(
            "Escalations fail",
            evidence=[{"kind": "segment", "id": segment.id, "label": f"{NAME}: zorblax"}],
        )
    return path


def _traces(path: Path) -> list[str]:
    found = []
    for side in (path, Path(f"{path}-wal")):
        if not side.exists():
            continue
        data = side.read_bytes().lower()
        for needle in (NAME, "quibblethwaite", NOTE, "zorblax", "frobnicated", "ada@example"):
            if needle.lower().encode() in data:
                found.append(f"{side.name}: {needle}")
    return found


def test_erase_previews_then_leaves_no_trace(demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    path = _with_ada(demo_file, tmp_path)
    assert _traces(path)  # the test can see them before
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = path.read_bytes()
    code, out = run("erase", str(path), "--respondent", "ada  QUIBBLETHWAITE")
    assert code == 0 and "Nothing was changed: add --yes" in out
    for line in ("1 interviews", "1 notes", "1 coded segments", "1 memos", "1 answer history"):
        assert line in out, line
    assert "1 link(s) from findings" in out
    assert path.read_bytes() == before

    code, out = run("erase", str(path), "--respondent", NAME, "--yes")
    assert code == 0 and "Erased." in out and NAME not in out.split("Erased.")[1]
    assert _traces(path) == []
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert run("check", str(path))[0] == 0
    with open_engagement(path, backup=False) as store:
        assert NAME not in [r.name for r in store.respondents(include_deleted=True)]
        assert store.search("zorblax") == []
        records = [m for m in store.memos("engagement") if m.title == "Erasure"]
        assert len(records) == 1 and "one respondent was erased" in records[0].body
        assert NAME not in records[0].body
        assert all("zorblax" not in json.dumps(f.evidence) for f in store.findings())
    code, out = run("info", str(path), "--json")
    assert json.loads(out)["counts"]["respondents"] == 36
    xlsx = tmp_path / "t.xlsx"
    assert run("export", str(path), "-o", str(xlsx))[0] == 0
    assert b"Quibblethwaite" not in xlsx.read_bytes()  # compressed: look inside too
    from openpyxl import load_workbook

    cells = [
        str(c.value)
        for ws in load_workbook(xlsx, read_only=True).worksheets
        for row in ws.iter_rows()
        for c in row
    ]
    assert not any("Quibblethwaite" in c for c in cells)
    docx = tmp_path / "r.docx"
    assert run("report", str(path), "-o", str(docx), "--analysis", "code-frequency")[0] == 0
    import zipfile

    with zipfile.ZipFile(docx) as z:
        for member in z.namelist():
            assert b"Quibblethwaite" not in z.read(member), member


def test_the_name_leaves_every_other_text_too(demo_file: Path, tmp_path: Path) -> None:
    """A note about someone else and a recommendation owned by the person named them; the
    preview says so, and the erasure (or the pseudonym) replaces the name there."""
    for pseudonymise in (False, True):
        folder = tmp_path / str(pseudonymise)
        folder.mkdir()
        path = _with_ada(demo_file, folder)
        with open_engagement(path, backup=False) as store:
            other = next(r for r in store.respondents() if r.name != NAME)
            from workbench.forms.library import builtin_forms

            interview = store.new_interview(other.id, builtin_forms()["stakeholder-interview"])
            note = store.add_note(interview.id, f"Ask {NAME} about the zorblax rota, said Bo")
            code = store.codes()[0]
            segment = store.code_segment(code.id, "note", note.id, 0, len(note.body))
            store.add_recommendation("Fix the rota", owner=NAME)
        args = ["erase", str(path), "--respondent", NAME, "--yes"]
        code_, out = run(*args, *(["--pseudonymise"] if pseudonymise else []))
        assert code_ == 0, out
        assert "other note(s), replaced there" in out and "recommendation owner" in out
        data = path.read_bytes()
        assert b"Quibblethwaite" not in data
        with open_engagement(path, backup=False) as store:
            body = next(n.body for n in store.notes(interview.id) if n.id == note.id)
            new = "Respondent 1" if pseudonymise else "[erased]"
            assert body == f"Ask {new} about the zorblax rota, said Bo"
            assert [r.owner for r in store.recommendations()][-1] == new
            seg = next(g for g in store.segments() if g.id == segment.id)
            assert seg.text == body  # the coded passage follows its words
        assert other.name.encode() in data


def test_erase_refuses_an_unknown_or_ambiguous_name(demo_file: Path, tmp_path: Path) -> None:
    path = _with_ada(demo_file, tmp_path)
    before = path.read_bytes()
    assert run("erase", str(path), "--respondent", "Nobody Atall", "--yes")[0] == 1
    with open_engagement(path, backup=False) as store:
        store.add_respondent(NAME)
    before = path.read_bytes()
    assert run("erase", str(path), "--respondent", NAME, "--yes")[0] == 1
    assert path.read_bytes() == before


def test_erase_on_an_encrypted_file(demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    from workbench.store.encryption import encrypt_file

    path = _with_ada(demo_file, tmp_path)
    encrypt_file(path, "correct horse battery")
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "correct horse battery")
    code, out = run("erase", str(path), "--respondent", NAME, "--yes")
    assert code == 0 and "Erased." in out
    with open_engagement(path, backup=False, passphrase="correct horse battery") as store:
        assert NAME not in [r.name for r in store.respondents(include_deleted=True)]


def test_pseudonymise_keeps_the_quotes_and_replaces_the_identity(
    demo_file: Path, tmp_path: Path
) -> None:
    path = _with_ada(demo_file, tmp_path)
    code, out = run("erase", str(path), "--respondent", NAME, "--pseudonymise", "--yes")
    assert code == 0 and "Pseudonymised" in out
    data = path.read_bytes() + (
        Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b""
    )
    assert b"quibblethwaite" not in data.lower() and b"ada@example" not in data
    assert b"Service owner" not in data  # the role could tell who it was
    with open_engagement(path, backup=False) as store:
        names = [r.name for r in store.respondents()]
        assert NAME not in names and "Respondent 1" in names
        assert [h.snippet for h in store.search("zorblax")]  # the quote is kept
        assert any(m.title == "Pseudonymisation" for m in store.memos("engagement"))


def test_name_parts_leave_other_texts_and_the_preview_says_where(
    demo_file: Path, tmp_path: Path
) -> None:
    """A first name or surname alone in someone else's note goes too, and so does their job
    title; the preview lists that note by its interview's date and the respondent's
    pseudonym."""
    from datetime import date

    from workbench.forms.library import builtin_forms

    for pseudonymise in (False, True):
        folder = tmp_path / str(pseudonymise)
        folder.mkdir()
        path = _with_ada(demo_file, folder)
        with open_engagement(path, backup=False) as store:
            other = next(r for r in store.respondents() if r.name != NAME)
            interview = store.new_interview(other.id, builtin_forms()["stakeholder-interview"])
            store.update_interview(interview.id, date=date(2025, 3, 14))
            note = store.add_note(
                interview.id,
                "When Ada explained the storage upgrade, Quibblethwaite's team sighed; "
                "the service owner shrugged",
            )
        args = ["erase", str(path), "--respondent", NAME, "--yes"]
        code_, out = run(*args, *(["--pseudonymise"] if pseudonymise else []))
        assert code_ == 0, out
        assert "note in the interview of 2025-03-14 with Respondent " in out, out
        with open_engagement(path, backup=False) as store:
            body = next(n.body for n in store.notes(interview.id) if n.id == note.id)
        assert body == (
            "When [name] explained the storage upgrade, [name]'s team sighed; the [role] shrugged"
        )
        assert b"Quibblethwaite" not in path.read_bytes()


def test_pseudonymise_clears_the_answers_that_identify(demo_file: Path, tmp_path: Path) -> None:
    """The stakeholder form's role answer (a job title) goes with the respondent's role,
    from the answers, their history and the file's bytes."""
    path = _with_ada(demo_file, tmp_path)
    with open_engagement(path, backup=False) as store:
        ada = next(r for r in store.respondents() if r.name == NAME)
        from sqlalchemy import text

        with store.session() as s:
            (interview,) = s.execute(
                text("SELECT id FROM interview WHERE respondent_id = :r"), {"r": ada.id}
            ).scalars()
        store.set_answer(interview, "needs", "Quick fixes for the zorblax")
    code, out = run("erase", str(path), "--respondent", NAME, "--pseudonymise", "--yes")
    assert code == 0 and "answer(s) to identifying questions" in out, out
    data = path.read_bytes() + (
        Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b""
    )
    assert b"frobnicated" not in data.lower()  # the role answer and its correction
    with open_engagement(path, backup=False) as store:
        answers = store.answers(interview)
        assert "role" not in answers
        assert answers["needs"] == "Quick fixes for the zorblax"  # other answers are kept
