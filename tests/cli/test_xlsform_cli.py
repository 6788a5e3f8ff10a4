"""``workbench form import`` and ``form export`` with XLSForms written by other tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_driver import run
from pyxform.xls2xform import convert

from workbench.store import open_engagement

DATA = Path(__file__).parents[1] / "data" / "xlsform"


def test_import_lists_what_is_not_carried_before_importing(
    engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, out = run("form", "import", str(engagement), str(DATA / "transportation.xls"))
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("not carried over: row 5 (begin loop over transport_types")
    assert "Imported transportation-2011-07-25 v1" in out
    with open_engagement(engagement, read_only=True) as store:
        (form,) = store.engagement_forms()
    assert form.question_count() == 2


def test_a_form_with_nothing_to_carry_is_refused(
    engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, _ = run("form", "import", str(engagement), str(DATA / "tutorial.xls"))
    assert code == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.endswith("none of the form's 10 questions can be carried over, so the form is "
                         "not imported")  # fmt: skip
    with open_engagement(engagement, read_only=True) as store:
        assert store.engagement_forms() == []


def test_export_writes_an_xlsform_pyxform_accepts(engagement: Path, tmp_path: Path) -> None:
    source = tmp_path / "spec.xlsx"
    shutil.copy(DATA / "xlsform_spec_test.xlsx", source)
    assert run("form", "import", str(engagement), str(source))[0] == 0
    with open_engagement(engagement, read_only=True) as store:
        (form,) = store.engagement_forms()
    out = tmp_path / "back.xlsx"
    code, text = run("form", "export", str(engagement), form.id, "-o", str(out))
    assert code == 0 and out.exists()
    result = convert(str(out))
    assert "<h:title>" in result.xform
    from workbench.forms.xlsform import import_xlsform

    back, warnings = import_xlsform(out)
    assert back.keys() == form.keys() and back.languages == form.languages
    assert [q.relevant for q in back.iter_questions()] == [
        q.relevant for q in form.iter_questions()
    ]
    assert warnings == []
    for name in ("servqual", "seven-sins", "itsm-maturity"):
        built_in = tmp_path / f"{name}.xlsx"
        assert run("form", "export", str(engagement), name, "-o", str(built_in))[0] == 0
        convert(str(built_in))


def test_a_refused_response_import_ends_with_its_reason(
    engagement: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "r.csv"
    data.write_text("who,overall_satisfaction\nAnn,4\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"  # a column mapped to a field a respondent does not have
    mapping.write_text("columns: {who: respondent.nickname}\n", encoding="utf-8")
    capsys.readouterr()
    code, _ = run("import", str(engagement), str(data), "--form", "satisfaction-loyalty",
                  "--mapping", str(mapping))  # fmt: skip
    assert code == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert not last.endswith(":")
    assert "the columns do not fit the form; the problems are listed above" in last


def test_a_kobo_export_is_named_with_its_mapping(
    engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("form", "import", str(engagement), str(DATA / "transportation.xls"))[0] == 0
    capsys.readouterr()
    export = DATA.parent / "survey_exports" / "kobo_transportation.csv"
    code, out = run("import", str(engagement), str(export), "--form", "transportation-2011-07-25")
    assert code == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "a KoboToolbox export; columns mapped:" in err
    assert "column '_uuid': not an answer; used to recognise submissions already" in err
    assert "Imported 4 responses" in out


def test_renamed_questions_are_listed_as_carried_not_as_left_behind(
    engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, _ = run("form", "import", str(engagement), str(DATA / "xlsform_spec_test.xlsx"))
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert "renamed (carried over): row 54 (text _1): name '_1' becomes key 'q_1'" in err
    assert not [
        line for line in err if line.startswith("not carried over") and "becomes key" in line
    ]
    with open_engagement(engagement, read_only=True) as store:
        (form,) = store.engagement_forms()
    assert form.question("q_1").label
