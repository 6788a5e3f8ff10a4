"""Tags that an analysis reads must match the keys they point at; a mismatch is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbench.analysis.registry import form_problems
from workbench.forms.commands import check_files
from workbench.forms.files import FormFileError, read_form_file
from workbench.forms.library import builtin_forms
from workbench.paths import forms_dir


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (forms_dir() / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_builtin_forms_have_no_tag_mismatch():
    for form_id, form in builtin_forms().items():
        assert form_problems(form) == [], form_id


def test_tcs_importance_rows_name_the_measures_they_rate():
    form = builtin_forms()["total-customer-service"]
    measures = {q.tags["measure"] for q in form.iter_questions() if "measure" in q.tags}
    [matrix] = [q for q in form.iter_questions() if q.tags.get("role") == "importance"]
    assert {row.key for row in matrix.rows} == measures
    assert all(row.tags.get("measure", row.key) == row.key for row in matrix.rows)


def test_form_check_refuses_a_row_whose_key_and_measure_disagree(tmp_path):
    # The first release's form: row key supply_cost, measure tag supply-cost.
    path = _edited(
        tmp_path,
        "total-customer-service.yaml",
        "{key: supply_cost, label: Supply cost, tags: {measure: supply_cost}}",
        "{key: supply_cost, label: Supply cost, tags: {measure: supply-cost}}",
    )
    out, err = io.StringIO(), io.StringIO()
    assert check_files([str(path)], out=out, err=err) == 1
    message = err.getvalue()
    assert str(path) in message
    assert "question 'importance', row 'supply_cost'" in message
    assert "supply-cost" in message
    assert "OK" not in out.getvalue()


def test_form_check_refuses_an_importance_row_without_a_measure(tmp_path):
    path = _edited(
        tmp_path,
        "total-customer-service.yaml",
        "{key: supply_cost, label: Supply cost, tags: {measure: supply_cost}}",
        "{key: supply_costs, label: Supply cost}",
    )
    with pytest.raises(FormFileError) as exc:
        read_form_file(path)  # the import path of the window and the command line
    assert str(path) in str(exc.value)
    assert "row 'supply_costs'" in str(exc.value)
    assert "no question is tagged measure: supply_costs" in str(exc.value)


def test_servqual_allocation_options_must_be_dimensions(tmp_path):
    path = _edited(
        tmp_path,
        "servqual.yaml",
        "- {key: empathy, label:",
        "- {key: empathie, label:",
    )
    with pytest.raises(FormFileError) as exc:
        read_form_file(path)
    text = str(exc.value)
    assert "option 'empathie'" in text and "no option is keyed 'empathy'" in text
    assert str(path) in text


def test_itsm_effort_allocation_needs_reactive_and_proactive(tmp_path):
    path = _edited(
        tmp_path,
        "itsm-maturity.yaml",
        "- {key: proactive, label:",
        "- {key: preventive, label:",
    )
    out, err = io.StringIO(), io.StringIO()
    assert check_files([str(path)], out=out, err=err) == 1
    assert "no option is keyed 'proactive'" in err.getvalue()
    assert "option 'preventive'" in err.getvalue()


def test_a_plugin_that_raises_in_form_problems_is_skipped():
    from workbench.analysis.api import Analysis
    from workbench.analysis.registry import Registry

    class Raises(Analysis):
        id, title = "raises", "Raises"

        def form_problems(self, form):
            raise RuntimeError("bug")

    class Finds(Analysis):
        id, title = "finds", "Finds"

        def form_problems(self, form):
            return ["question 'x': bad"]

    class EP:
        def __init__(self, name, cls):
            self.name, self.value, self._cls = name, f"tests:{name}", cls

        def load(self):
            return self._cls

    class Plain(Analysis):  # the default: no problems
        id, title = "plain", "Plain"

    registry = Registry([EP("raises", Raises), EP("finds", Finds), EP("plain", Plain)])
    assert form_problems(builtin_forms()["servqual"], registry) == ["finds: question 'x': bad"]


def test_provider_gaps_gap_1_questions_name_a_servqual_dimension(tmp_path):
    path = _edited(
        tmp_path,
        "provider-gaps.yaml",
        "dimension: tangibles}",
        "dimension: tangible}",
    )
    out, err = io.StringIO(), io.StringIO()
    assert check_files([str(path)], out=out, err=err) == 1
    assert "question 'expect_tangibles'" in err.getvalue()
    assert "'tangible'" in err.getvalue()
