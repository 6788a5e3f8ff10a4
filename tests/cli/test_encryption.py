"""Encrypted engagement files: a passphrase at New or later, asked for at every open."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from cli_driver import run
from openpyxl import Workbook

from workbench.store import open_engagement
from workbench.store.database import SQLITE_MAGIC, list_backups

PASS = "correct horse battery"
SECRET_NOTE = "Mrs Quibblethwaite distrusts the change board"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _add_secret_note(path: Path, passphrase: str | None) -> None:
    from workbench.forms.library import builtin_forms

    store = open_engagement(path, passphrase=passphrase)
    try:
        person = store.add_respondent("Ada Quibblethwaite")
        interview = store.new_interview(person.id, builtin_forms()["stakeholder-interview"])
        store.add_note(interview.id, SECRET_NOTE)
        # while the store is open the edit may still sit in the -wal: encrypted there too
        wal = Path(f"{path}-wal")
        assert wal.exists()
        data = path.read_bytes() + wal.read_bytes()
        assert (SECRET_NOTE.encode() in data) is (passphrase is None)
        assert (b"Quibblethwaite" in data) is (passphrase is None)
    finally:
        store.close()


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory, demo_file: Path) -> Path:
    from workbench.store.encryption import encrypt_file

    path = tmp_path_factory.mktemp("encrypted") / "demo.wbk"
    shutil.copy(demo_file, path)
    encrypt_file(path, PASS)
    return path


def test_the_key_is_derived_once_and_sqlcipher_derives_it_when_defaults_differ(
    encrypted_demo: Path, monkeypatch
) -> None:
    from workbench.store import sqlite

    sqlite._derived.cache_clear()
    with open_engagement(encrypted_demo, read_only=True, passphrase=PASS) as store:
        assert store.counts()["respondents"] == 36
    info = sqlite._derived.cache_info()
    assert info.misses == 1 and info.hits >= 1  # every connection after the first reuses it
    monkeypatch.setattr(sqlite, "KDF_ITERATIONS", 1000)  # as if SQLCipher's default moved
    sqlite._derived.cache_clear()
    with open_engagement(encrypted_demo, read_only=True, passphrase=PASS) as store:
        assert store.counts()["respondents"] == 36
    sqlite._derived.cache_clear()


def test_new_encrypted_file_holds_no_plain_text(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "e.wbk"
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    code, out = run("new", str(path), "--client", "Acme", "--title", "Audit", "--encrypt")
    assert code == 0 and "(encrypted)" in out
    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    _add_secret_note(path, PASS)
    data = path.read_bytes()
    assert SECRET_NOTE.encode() not in data and b"Acme" not in data
    code, out = run("info", str(path), "--json")
    assert code == 0 and json.loads(out)["counts"]["notes"] == 1
    assert run("check", str(path))[0] == 0


def test_a_plain_file_holds_its_notes_in_clear(tmp_path: Path) -> None:
    """The counterpart of the test above: the byte search would find the note."""
    path = tmp_path / "p.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "Audit")[0] == 0
    _add_secret_note(path, None)


def test_every_command_works_with_the_right_passphrase(
    encrypted_demo: Path, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "demo.wbk"
    shutil.copy(encrypted_demo, path)
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    code, out = run("info", str(path), "--json")
    assert code == 0 and json.loads(out)["counts"]["respondents"] == 36
    assert run("check", str(path)) == (0, f"{path}: OK\n")
    code, out = run("analyze", str(path), "servqual", "--json")
    assert code == 0 and json.loads(out)["tables"]
    docx, xlsx = tmp_path / "r.docx", tmp_path / "t.xlsx"
    assert run("report", str(path), "-o", str(docx), "--analysis", "servqual")[0] == 0
    assert run("export", str(path), "-o", str(xlsx), "--analysis", "servqual")[0] == 0
    assert docx.stat().st_size > 0 and xlsx.stat().st_size > 0
    code, out = run("form", "list", str(path))
    assert code == 0 and "servqual" in out
    assert run("protection", str(path), "--k", "6", "--add-term", "Harbour Group")[0] == 0
    code, out = run("protection", str(path), "--json")
    assert code == 0 and json.loads(out)["k"] == 6
    code, out = run(
        "export", str(path), "--anonymise", "--preview", "--analysis", "code-frequency"
    )
    assert code == 0 and "n<6" in out
    code, out = run("erase", str(path), "--respondent", "Catherine Price", "--yes")
    assert code == 0 and "Erased." in out
    assert b"Catherine" not in path.read_bytes()
    exported = tmp_path / "servqual.yaml"
    assert run("form", "export", str(path), "servqual", "-o", str(exported))[0] == 0
    assert run("form", "import", str(path), str(exported))[0] == 0
    assert run("codebook", "import", str(path), "pdca", "--under", "Cycle")[0] == 0
    assert run("codebook", "export", str(path), "-o", str(tmp_path / "book.yaml"))[0] == 0
    wb = Workbook()
    wb.active.append(["Name", "overall_satisfaction"])
    wb.active.append(["Ana Lopez", 4])
    wb.save(tmp_path / "r.xlsx")
    code, out = run("import", str(path), str(tmp_path / "r.xlsx"), "--form", "satisfaction-loyalty")
    assert code == 0 and "Imported 1 response" in out
    code, out = run("info", str(path), "--json")
    assert json.loads(out)["counts"]["respondents"] == 36  # one erased, one imported
    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    assert b"Ana Lopez" not in path.read_bytes()
    # every automatic backup the writing commands made is encrypted
    backups = list_backups(path)
    assert backups
    for backup in backups:
        assert not backup.read_bytes().startswith(SQLITE_MAGIC), backup
    assert run("check", str(path))[0] == 0


@pytest.mark.parametrize(
    "command",
    [
        ["info"],
        ["check"],
        ["analyze", "{f}", "servqual"],
        ["form", "import", "{f}", "{form}"],
        ["codebook", "import", "{f}", "pdca"],
        ["decrypt"],
        ["passphrase"],
        ["encrypt", "{f}", "--change"],
        ["protection"],
        ["protection", "{f}", "--k", "7"],
        ["erase", "{f}", "--all-personal-data", "--yes"],
        ["erase", "{f}", "--respondent", "Catherine Price", "--yes"],
        ["report", "{f}", "--anonymise", "--preview", "--analysis", "servqual"],
    ],
)
def test_a_wrong_passphrase_is_refused_and_changes_nothing(
    encrypted_demo: Path, tmp_path: Path, monkeypatch, capsys, command
) -> None:
    path = tmp_path / "demo.wbk"
    shutil.copy(encrypted_demo, path)
    form = tmp_path / "f.yaml"
    assert run("form", "show", "servqual") == run("form", "show", "servqual")
    from workbench.forms.files import write_form_file
    from workbench.forms.library import builtin_forms

    write_form_file(builtin_forms()["servqual"], form)
    before = path.read_bytes()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", "another passphrase")
    args = [a.format(f=path, form=form) for a in command]
    if "{f}" not in command:
        args.append(str(path))
    capsys.readouterr()
    assert run(*args)[0] == 1
    err = capsys.readouterr().err
    assert "passphrase is wrong" in err and str(path) in err
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["demo.wbk", "f.yaml"]  # no -wal, -shm or copy


def test_without_a_passphrase_the_command_says_how_to_give_one(
    encrypted_demo: Path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("WORKBENCH_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to prompt in
    assert run("info", str(encrypted_demo))[0] == 1
    assert "WORKBENCH_PASSPHRASE" in capsys.readouterr().err


def test_the_passphrase_is_read_at_a_prompt_never_from_the_command_line(
    encrypted_demo: Path, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.delenv("WORKBENCH_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASS)
    code, out = run("info", str(encrypted_demo), "--json")
    assert code == 0 and json.loads(out)["counts"]["respondents"] == 36
    assert asked == [f"Passphrase for {encrypted_demo}: "]
    assert run("info", str(encrypted_demo), "--passphrase", PASS)[0] == 2  # no such option


def test_a_plain_file_ignores_a_passphrase_in_the_environment(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "p.wbk"
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    assert run("new", str(path), "--client", "Acme", "--title", "Audit")[0] == 0
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert run("info", str(path))[0] == 0


def test_encrypt_change_and_remove_the_passphrase(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    path = folder / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "Audit")[0] == 0
    _add_secret_note(path, None)
    assert run("check", str(path))[0] == 0  # leaves a plain backup behind in the data folder
    open_engagement(path).close()
    assert any(SECRET_NOTE.encode() in b.read_bytes() for b in list_backups(path))

    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "short")
    assert run("encrypt", str(path))[0] == 1  # too short: refused
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    code, out = run("encrypt", str(path))
    assert code == 0 and "encrypted" in out
    assert _files(folder) == ["e.wbk"]  # no plain copy, temporary file or side file
    data = path.read_bytes()
    assert not data.startswith(SQLITE_MAGIC) and SECRET_NOTE.encode() not in data
    for backup in list_backups(path):
        raw = backup.read_bytes()
        assert not raw.startswith(SQLITE_MAGIC) and SECRET_NOTE.encode() not in raw, backup
    assert run("encrypt", str(path))[0] == 1  # already encrypted
    code, out = run("info", str(path), "--json")
    assert code == 0 and json.loads(out)["counts"]["notes"] == 1
    assert run("check", str(path))[0] == 0

    new = "a brand new passphrase"
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", new)
    code, out = run("encrypt", str(path), "--change")
    assert code == 0 and "passphrase changed" in out
    assert run("info", str(path))[0] == 1  # the old one no longer opens it
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", new)
    assert run("info", str(path))[0] == 0
    notes = []
    for backup in list_backups(path):  # the backups follow the new passphrase
        with open_engagement(backup, read_only=True, passphrase=new) as store:
            notes.append(store.counts()["notes"])
    assert len(notes) >= 2 and 1 in notes

    code, out = run("decrypt", str(path))
    assert code == 0
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert _files(folder) == ["e.wbk"]
    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    assert run("check", str(path))[0] == 0
    code, out = run("info", str(path), "--json")
    assert json.loads(out)["counts"]["notes"] == 1


def test_sqlcipher_is_loaded_only_for_an_encrypted_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    plain = tmp_path / "p.wbk"
    assert run("new", str(plain), "--client", "Acme", "--title", "Audit")[0] == 0
    probe = (
        "import sys\nfrom workbench.cli import main\n"
        f"main(['info', {str(plain)!r}])\n"
        "print('sqlcipher3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
