"""`workbench import` of a second file naming people already interviewed in the wave: it
stops unless --add-again; its summary counts the rows in the window's words."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.cli.cli_driver import run


def _sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(("Name,overall_satisfaction", *rows)) + "\n", encoding="utf-8")
    return path


def _interviews(path: Path) -> int:
    from workbench.store import open_engagement
    from workbench.store.models import Interview

    store = open_engagement(path, backup=False)
    try:
        with store.session() as s:
            return s.execute(select(func.count()).select_from(Interview)).scalar()
    finally:
        store.close()


def test_a_second_file_of_the_same_people_stops_unless_added_again(tmp_path: Path, capsys):
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    args = ("--form", "satisfaction-loyalty", "--wave", "baseline")
    first = _sheet(tmp_path / "a.csv", "Ann Lee,4", "Bob Ray,3", "Cy Dee,5")
    code, out = run("import", str(path), str(first), *args)
    assert code == 0 and out.startswith("Imported 3 responses: 3 new and 0 known"), out
    capsys.readouterr()

    second = _sheet(tmp_path / "b.csv", "Ann Lee,2", "Bob Ray,2", "Cy Dee,1", "Di Fo,1", "Ed Gu,2")
    code, out = run("import", str(path), str(second), *args)
    err = capsys.readouterr().err
    assert code == 1 and out == ""
    assert (
        "3 rows name people who already have a 'Satisfaction, loyalty and effort' response in "
        "wave 'baseline': Ann Lee, Bob Ray, Cy Dee" in err
    ), err
    assert "--add-again" in err and "nothing was imported" in err
    assert _interviews(path) == 3

    code, out = run("import", str(path), str(second), *args, "--add-again")
    err = capsys.readouterr().err
    assert code == 0 and out.startswith("Imported 5 responses"), out
    assert "warning: 3 rows name people who already have" in err and "added again" in err
    assert _interviews(path) == 3 + 5
    capsys.readouterr()
    # another wave: the same people's interviews of that wave, nothing to stop
    third = _sheet(tmp_path / "c.csv", "Ann Lee,5", "Bob Ray,5", "Cy Dee,4", "Di Fo,4", "Ed Gu,3")
    code, out = run("import", str(path), str(third), "--form", "satisfaction-loyalty",
                    "--wave", "follow-up")  # fmt: skip
    assert code == 0 and out.startswith("Imported 5 responses: 0 new and 5 known"), out
    assert _interviews(path) == 3 + 5 + 5
    # the same file again: its rows are skipped, not warned about
    code, out = run("import", str(path), str(first), *args)
    assert code == 0 and "Imported 0 responses" in out and "3 already imported" in out, out
    capsys.readouterr()


def test_interviews_a_consultant_held_are_counted_as_interviews(tmp_path: Path):
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    sheet = _sheet(tmp_path / "a.csv", "Ann Lee,4")
    code, out = run(
        "import", str(path), str(sheet), "--form", "satisfaction-loyalty",
        "--interviewer", "Sam Patel",
    )  # fmt: skip
    assert code == 0 and out.startswith("Imported 1 interview: 1 new"), out


def test_the_flag_is_explained_in_the_help(capsys):
    assert run("import", "--help")[0] == 0
    helptext = " ".join(capsys.readouterr().out.split())
    assert "--add-again" in helptext and "second ones of those people" in helptext


def test_a_file_naming_one_person_twice_stops_unless_added_again(tmp_path: Path, capsys):
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    args = ("--form", "satisfaction-loyalty", "--wave", "baseline")
    sheet = _sheet(tmp_path / "a.csv", "Ann Lee,4", "Bob Ray,3", "Ann Lee,5", "Cy Dee,2")
    code, out = run("import", str(path), str(sheet), *args)
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and out == ""
    assert (
        "1 person is named in more than one row of the file: Ann Lee (rows 2 and 4); "
        "importing them would give each of those people two or more responses in the wave "
        "(people of the same name are told apart by an e-mail column); nothing was imported "
        "(if these are second interviews of the same people, import them with --add-again)"
    ) in err, err
    assert _interviews(path) == 0

    code, out = run("import", str(path), str(sheet), *args, "--add-again")
    err = capsys.readouterr().err
    assert code == 0 and out.startswith("Imported 4 responses: 3 new"), out
    assert out.splitlines()[1] == (
        "The 3 new respondents are in the segment external customer (no column of the file "
        "gives a segment; change it on the Respondents page where it is wrong); no consent is "
        "recorded for any of them: tick Consent on the Respondents page for those who gave it."
    ), out
    assert "warning: 1 person is named in more than one row of the file" in err
    assert "added again (--add-again)" in err
    assert _interviews(path) == 4


def test_people_already_there_and_named_twice_are_both_said(tmp_path: Path, capsys):
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    args = ("--form", "satisfaction-loyalty", "--wave", "baseline")
    assert run("import", str(path), str(_sheet(tmp_path / "a.csv", "Ann Lee,4")), *args)[0] == 0
    capsys.readouterr()
    second = _sheet(tmp_path / "b.csv", "Ann Lee,2", "Bob Ray,3", "Bob Ray,1")
    code, _out = run("import", str(path), str(second), *args, "--interviewer", "Sam Patel")
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "1 row names a person who already has a 'Satisfaction, loyalty and effort' " in err
    assert (
        "Bob Ray (rows 3 and 4); importing them would give each of those people two or more "
        "interviews in the wave"
    ) in err, err
    assert _interviews(path) == 1


def test_without_form_the_one_the_file_fits_is_used_and_said(tmp_path: Path, capsys):
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    capsys.readouterr()
    code, out = run("import", str(path), str(_sheet(tmp_path / "a.csv", "Ann Lee,4")))
    err = " ".join(capsys.readouterr().err.split())
    assert code == 0 and out.startswith("Imported 1 response: 1 new"), out
    assert (
        "form proposed: satisfaction-loyalty (1 of the 2 columns matches its questions; "
        "--form names another)"
    ) in err, err
    names = tmp_path / "b.csv"
    names.write_text("Name,Department\nBob Ray,IT\n", encoding="utf-8")
    code, out = run("import", str(path), str(names))  # the one form in use, but no answer
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and (
        "form proposed: satisfaction-loyalty (no column matches a question; the one form "
        "the engagement uses; --form names another)"
    ) in err
    assert "so the import would bring only empty responses" in err, err
    assert _interviews(path) == 1  # refused whole: rows of no answer are no responses
    fresh = tmp_path / "f.wbk"
    assert run("new", str(fresh), "--client", "Acme", "--title", "T")[0] == 0
    capsys.readouterr()
    code, out = run("import", str(fresh), str(names))
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and "name the form with --form" in err, err
    assert _interviews(fresh) == 0


def test_the_corrected_sheet_imports_only_the_people_not_there_yet(tmp_path: Path, capsys):
    """Skipped for bad cells, named; the corrected sheet sent again: --only-new brings in
    those rows and leaves out (and names) the rows of people already there."""
    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T")[0] == 0
    args = ("--form", "satisfaction-loyalty", "--wave", "baseline")
    bad = _sheet(tmp_path / "bad.csv", "Ann Lee,4", "Dan Dorsey,four", "Bob Ray,3", "Eve Evans,9")
    code, out = run("import", str(path), str(bad), *args, "--skip-bad-rows")
    assert code == 0 and out.splitlines()[0] == (
        "Imported 2 responses: 2 new and 0 known respondents; skipped 2 rows with bad cells: "
        "row 3 (Dan Dorsey), row 5 (Eve Evans)."
    ), out
    capsys.readouterr()

    clean = _sheet(tmp_path / "clean.csv", "Ann Lee,4", "Dan Dorsey,4", "Bob Ray,3", "Eve Evans,2")
    code, out = run("import", str(path), str(clean), *args)
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and "to import only the rows of people with none there yet, --only-new" in err
    assert _interviews(path) == 2
    code, out = run("import", str(path), str(clean), *args, "--only-new", "--add-again")
    assert code == 1 and "give one" in capsys.readouterr().err and _interviews(path) == 2

    code, out = run("import", str(path), str(clean), *args, "--only-new")
    assert code == 0 and out.splitlines()[0] == (
        "Imported 2 responses: 2 new and 0 known respondents; left out 2 rows naming people "
        "who already have a 'Satisfaction, loyalty and effort' response in wave 'baseline': "
        "row 2 (Ann Lee), row 4 (Bob Ray)."
    ), out
    assert _interviews(path) == 4
    assert run("import", "--help")[0] == 0
    assert "--only-new" in capsys.readouterr().out
