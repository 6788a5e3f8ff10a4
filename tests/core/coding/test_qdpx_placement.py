"""Where another tool's sources go in an engagement: the latest wave (or the one given),
as drafts — they carry no form answers — with the day the project gives; a Workbench
export's interviews keep their own wave and status."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.qdpx import ProjectError, read_project
from workbench.coding.qdpx_import import check_not_imported, import_project
from workbench.store import create_engagement, open_engagement

NVIVO = Path(__file__).resolve().parents[2] / "data" / "qdpx" / "nvivo-12-oltas.qdpx"


def _waves(store):
    return {w.id: w.name for w in store.waves()}


def _imported(store):
    return [store.interview(r.id) for r in store.interview_rows(progress=False)]


def test_sources_are_drafts_in_the_latest_wave(tmp_path):
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review")
    store.add_wave("re-audit")
    project = read_project(NVIVO)
    report = import_project(store, project)
    made = _imported(store)
    assert len(made) == 2
    assert {iv.status for iv in made} == {"draft"}
    assert {_waves(store)[iv.wave_id] for iv in made} == {"re-audit"}
    # the day the project gives each source stays
    days = {src.guid: src.created.date() for src in project.sources}
    assert {iv.id: iv.date for iv in made} == days
    assert (report.drafts, report.wave) == (2, "re-audit")
    assert (
        "2 interviews from the project's sources go to the wave 're-audit' as drafts"
        in "\n".join(report.lines())
    )
    store.close()


def test_a_wave_given_is_used_and_made_when_new(tmp_path):
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review")
    store.add_wave("re-audit")
    import_project(store, read_project(NVIVO), wave="baseline")
    assert {_waves(store)[iv.wave_id] for iv in _imported(store)} == {"baseline"}
    store.close()
    store = create_engagement(tmp_path / "f.wbk", client="Acme", title="Review")
    import_project(store, read_project(NVIVO), wave="pilot")
    assert [w.name for w in store.waves()] == ["baseline", "pilot"]
    assert {_waves(store)[iv.wave_id] for iv in _imported(store)} == {"pilot"}
    store.close()


def test_a_workbench_exports_interview_keeps_its_wave_and_status(tmp_path):
    from workbench.coding.qdpx_export import export_project
    from workbench.coding.qdpx_import import import_as_new_engagement
    from workbench.forms.library import builtin_form

    store = create_engagement(tmp_path / "a.wbk", client="Acme", title="Review")
    iv = store.new_interview(store.add_respondent("Alice").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    store.update_interview(iv.id, status="complete")
    store.add_note(iv.id, "Tickets wait.")
    export_project(store, tmp_path / "a.qdpx")
    store.close()
    report = import_as_new_engagement(read_project(tmp_path / "a.qdpx"), tmp_path / "b.wbk")
    assert report.drafts == 0 and "as drafts" not in "\n".join(report.lines())
    with open_engagement(tmp_path / "b.wbk") as back:
        (made,) = _imported(back)
        assert (made.status, _waves(back)[made.wave_id]) == ("complete", "baseline")


def test_a_repeat_is_refused_before_anything(tmp_path):
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review")
    check_not_imported(store, read_project(NVIVO))  # not there yet: no refusal
    import_project(store, read_project(NVIVO))
    with pytest.raises(ProjectError, match="imported before"):
        check_not_imported(store, read_project(NVIVO))
    store.close()


def test_the_command_says_the_wave_and_state(tmp_path):
    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    store.add_wave("re-audit")
    store.close()
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(["qdpx", "import", str(NVIVO), "-o", str(path), "--wave", "baseline"],
                    out=out)  # fmt: skip
    assert code == 0
    assert "go to the wave 'baseline' as drafts" in out.getvalue()
    with open_engagement(path) as again:
        assert {_waves(again)[iv.wave_id] for iv in _imported(again)} == {"baseline"}
