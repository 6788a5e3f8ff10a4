"""When the retention date has passed: every person's personal data erased in one step,
nothing of any name left in the file's bytes (its -wal too), the analyses' data kept."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_driver import run

from workbench.deliver.anonymise import name_parts
from workbench.store import open_engagement

PASS = "correct horse battery"


def _people(path: Path, passphrase: str | None = None) -> list[str]:
    with open_engagement(path, read_only=True, passphrase=passphrase) as store:
        names = [r.name for r in store.respondents(include_deleted=True)]
        names += list(store.engagement().consultants)
        with store.session() as s:
            from sqlalchemy import text

            names += [v for (v,) in s.execute(text("SELECT DISTINCT interviewer FROM interview"))]
    return sorted({n for n in names if n})


def _left(path: Path, names: list[str]) -> list[str]:
    """Every name, and every capitalised part of one, still found in the file or its -wal."""
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    if wal.exists():
        data += wal.read_bytes()
    found = [n for n in names if n.encode() in data or n.lower().encode() in data.lower()]
    for part in {p for n in names for p in name_parts(n)}:
        if re.search(rb"(?<![A-Za-z])" + re.escape(part.encode()) + rb"(?![a-z])", data):
            found.append(part)
    return found


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.wbk"
    shutil.copy(demo_file, path)
    with open_engagement(path, backup=False) as store:
        person = store.respondents()[0]
        store.add_finding(f"{person.name} asked for weekly reports.")
        store.add_memo(
            "engagement", None, f"Call {person.name.split()[0]} on Monday", title="To do"
        )
    return path


def test_erase_all_personal_data_previews_then_leaves_no_name(demo: Path, monkeypatch) -> None:
    names = _people(demo)
    assert len(names) >= 38 and _left(demo, names)  # the search can see them before
    with open_engagement(demo, read_only=True) as store:
        before = store.counts()
        segments = sorted(r.segment for r in store.respondents())
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    unchanged = demo.read_bytes()
    code, out = run("erase", str(demo), "--all-personal-data")
    assert code == 0 and "Nothing was changed: add --yes" in out
    assert "36 respondent(s) become" in out and "note(s) that name someone" in out
    assert demo.read_bytes() == unchanged

    code, out = run("erase", str(demo), "--all-personal-data", "--yes")
    assert code == 0 and "Erased." in out
    assert _left(demo, names) == []
    assert not Path(f"{demo}-wal").exists() or Path(f"{demo}-wal").stat().st_size == 0
    assert run("check", str(demo))[0] == 0
    with open_engagement(demo, backup=False) as store:
        after = store.counts()
        assert {k: after[k] for k in ("respondents", "interviews", "notes")} == {
            k: before[k] for k in ("respondents", "interviews", "notes")
        }
        respondents = store.respondents()
        assert all(re.fullmatch(r"Respondent \d+", r.name) for r in respondents)
        assert len({r.name for r in respondents}) == len(respondents)
        assert not any(r.role or r.org_unit or r.email or r.attributes for r in respondents)
        assert sorted(r.segment for r in respondents) == segments  # the segments stay
        assert set(store.engagement().consultants) <= {f"Consultant {i}" for i in range(1, 9)}
        # Coded passages still mark the words they marked.
        with store.session() as s:
            from sqlalchemy import text

            rows = s.execute(
                text(
                    "SELECT g.text, n.body, g.start, g.end FROM coded_segment g JOIN note n "
                    "ON g.source_kind = 'note' AND g.source_id = n.id WHERE g.deleted_at IS NULL"
                )
            ).all()
        assert rows and all(body[a:b] == t for t, body, a, b in rows)
        records = [m for m in store.memos("engagement") if m.title == "Erasure of personal data"]
        assert len(records) == 1 and "36 respondent(s)" in records[0].body
    # The analyses and the deliverables still work, and name nobody.
    code, out = run("analyze", str(demo), "servqual", "--json")
    assert code == 0 and json.loads(out)["tables"]
    xlsx = tmp = demo.with_suffix(".xlsx")
    assert run("export", str(demo), "-o", str(tmp), "--analysis", "servqual")[0] == 0
    from openpyxl import load_workbook

    cells = " ".join(
        str(c.value) for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row
    )
    assert not [n for n in names if n in cells]
    # Done again, it changes no pseudonym.
    assert run("erase", str(demo), "--all-personal-data", "--yes")[0] == 0
    with open_engagement(demo, backup=False) as store:
        assert sorted(r.name for r in store.respondents()) == sorted(r.name for r in respondents)


def test_erase_all_on_an_encrypted_file(demo: Path, monkeypatch) -> None:
    from workbench.store.encryption import encrypt_file

    names = _people(demo)
    encrypt_file(demo, PASS)
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    assert run("erase", str(demo), "--all-personal-data", "--yes")[0] == 0
    assert _people(demo, PASS) != names
    with open_engagement(demo, read_only=True, passphrase=PASS) as store:
        assert not set(names) & {r.name for r in store.respondents()}
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "not the passphrase")
    before = demo.read_bytes()
    assert run("erase", str(demo), "--all-personal-data", "--yes")[0] == 1
    assert demo.read_bytes() == before


def test_all_and_one_respondent_are_exclusive(demo: Path) -> None:
    assert run("erase", str(demo), "--all-personal-data", "--respondent", "X", "--yes")[0] == 2
    assert run("erase", str(demo))[0] == 2


def test_erase_all_clears_identifying_answers_titles_and_places(demo: Path) -> None:
    """Job titles (the role answers and the titles in notes) and interview places go too,
    and the preview says so."""
    from sqlalchemy import text

    with open_engagement(demo, read_only=True) as store:
        roles = {r.role for r in store.respondents() if r.role}
        with store.session() as s:
            places = {p for (p,) in s.execute(text("SELECT place FROM interview")) if p}
            answered = s.execute(
                text("SELECT count(*) FROM answer WHERE question_key = 'role'")
            ).scalar_one()
    assert "Operations director" in roles and "Port Talbot" in places and answered
    code, out = run("erase", str(demo), "--all-personal-data", "--yes")
    assert code == 0, out
    assert "answer(s) to identifying questions (role, contact…) cleared" in out
    assert re.search(r"the place of \d+ interview\(s\) cleared", out), out
    with open_engagement(demo, backup=False) as store, store.session() as s:
        assert not s.execute(
            text("SELECT count(*) FROM answer WHERE question_key = 'role'")
        ).scalar_one()
        assert not [p for (p,) in s.execute(text("SELECT place FROM interview")) if p]
        notes = [b for (b,) in s.execute(text("SELECT body FROM note"))]
    assert not [n for n in notes if "(Operations director)" in n]
    assert any("([role])" in n for n in notes)
    data = demo.read_bytes()
    assert b"Port Talbot" not in data and b"Operations director" not in data
