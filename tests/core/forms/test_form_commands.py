"""The functions behind `workbench forms check|list|show`."""

from __future__ import annotations

import io
import json
from pathlib import Path

from workbench.forms.commands import check_files, list_forms, show_form
from workbench.forms.loader import load_form_text
from workbench.paths import forms_dir

BROKEN = Path(__file__).parent / "broken"


def run(func, *args, **kwargs) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = func(*args, out=out, err=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_check_builtin_forms_passes() -> None:
    code, out, err = run(check_files, [str(forms_dir())])
    assert code == 0, err
    assert err == ""
    assert out.count("OK ") == 7
    assert f"OK {forms_dir() / 'servqual.yaml'} (23 questions)" in out


def test_check_reports_every_problem_and_fails() -> None:
    good = str(forms_dir() / "seven-sins.yaml")
    bad = str(BROKEN / "several_problems.yaml")
    code, out, err = run(check_files, [good, bad])
    assert code == 1
    assert "OK " in out and "seven-sins.yaml" in out
    assert len(err.strip().splitlines()) == 3
    assert f"{bad}:15: count.maximum:" in err


def test_check_missing_file_and_no_files(tmp_path: Path) -> None:
    assert run(check_files, [str(tmp_path / "none.yaml")])[0] == 1
    assert run(check_files, [])[0] == 1


def test_list_forms_with_an_engagement_form() -> None:
    extra = load_form_text(
        "id: local-form\ntitle: Local\nversion: 4\nsections:\n"
        "  - {key: s, title: S, questions: [{key: a, type: text, label: A}]}\n",
        "local.yaml",
    )
    out = io.StringIO()
    assert list_forms([extra], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["id", "version", "title", "questions", "source"]
    local = next(line for line in lines if line.startswith("local-form"))
    assert local.split() == ["local-form", "4", "Local", "1", "engagement"]
    assert any(line.startswith("servqual") and line.endswith("builtin") for line in lines)


def test_show_form_json_and_outline() -> None:
    code, out, _ = run(show_form, "servqual", True)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "servqual" and len(data["sections"]) == 6
    code, out, _ = run(show_form, "itsm-maturity", False)
    assert code == 0
    assert "ITSM maturity assessment  [itsm-maturity v1" in out
    assert "tags: stage=operation" in out


def test_show_unknown_form() -> None:
    code, _, err = run(show_form, "nope", False)
    assert code == 1
    assert "no form 'nope'" in err and "servqual" in err
