"""The report's Approach says where the material came from: Workbench's forms, transcripts,
another QDA tool's project, a survey platform's export."""

from __future__ import annotations

from pathlib import Path

from workbench.coding.qdpx import read_project
from workbench.coding.qdpx_import import import_as_new_engagement
from workbench.coding.transcripts import import_transcript, propose_roles, read_transcript
from workbench.deliver.build import material_origins, report_context, scoped_data
from workbench.deliver.context import ReportOptions
from workbench.deliver.word_text import _approach_sentence, _method_sentences
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement

DATA = Path(__file__).resolve().parents[2] / "data"
FORMS_SAID = "Answers were captured in structured forms during the interviews"


def _approach(store) -> str:
    context = report_context(store, ReportOptions(sections=["method"]), choices=[])
    [said] = [s for s in _method_sentences(context) if "standard service-quality" in s]
    return said


def test_an_imported_qda_project_is_not_said_to_come_from_forms(tmp_path):
    import_as_new_engagement(read_project(DATA / "qdpx" / "qc-1.3.2-demo.qdpx"),
                             tmp_path / "qc.wbk")  # fmt: skip
    with open_engagement(tmp_path / "qc.wbk") as store:
        n = len(store.interview_rows(progress=False))
        assert material_origins(scoped_data(store, ReportOptions())) == {"qda": n}
        said = _approach(store)
    assert FORMS_SAID not in said
    assert said.startswith(
        f"The material comes from {n} source{'s' if n > 1 else ''} coded in another "
        "qualitative-analysis tool (REFI-QDA), with the coding made there. "
        "It was analysed with standard service-quality methods"
    )  # drafts (imported without --complete): none is told in the method yet


def test_transcripts_and_forms_are_told_apart(tmp_path):
    store = create_engagement(tmp_path / "t.wbk", client="Acme", title="Review")
    form = builtin_form("stakeholder-interview")
    alice = store.add_respondent("Alice Kent")
    by_hand = store.new_interview(store.add_respondent("Ben").id, form)
    store.add_note(by_hand.id, "Notes typed during the interview.")
    for path in ("teams-transcript.docx", "interview.srt"):  # one without a heading
        t = read_transcript(DATA / "transcripts" / path)
        iv = store.new_interview(alice.id, form)
        import_transcript(store, iv.id, t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    with store:
        assert material_origins(scoped_data(store, ReportOptions())) == {
            "form": 1, "transcript": 2}  # fmt: skip
        said = _approach(store)
    assert said.startswith(
        "The material comes from structured forms filled in during 1 interview and "
        "transcripts of 2 recorded conversations. It was coded and analysed"
    )


def test_forms_alone_and_survey_exports():
    assert _approach_sentence({"form": 3}).startswith(FORMS_SAID)
    assert _approach_sentence({}).startswith(FORMS_SAID)
    said = _approach_sentence({"survey:kobo": 12, "form": 1})
    assert said.startswith(
        "The material comes from structured forms filled in during 1 interview and 12 "
        "responses given online in KoboToolbox and imported from its export."
    )


def test_a_mix_of_forms_survey_and_a_qda_project_tells_each_part():
    from datetime import date

    from workbench.deliver.context import MethodSummary, OriginPart
    from workbench.deliver.word_text import _gathered_parts, _gathered_sentences

    m = MethodSummary(
        interview_count=9,
        by_origin={
            "form": OriginPart(3, 3, date(2026, 3, 2), date(2026, 3, 4)),
            "survey:kobo": OriginPart(4, 4, date(2026, 2, 14), date(2026, 2, 14)),
            "qda": OriginPart(2, 2, None, None),
        },
    )
    assert _gathered_parts(m) == [
        "3 interviews with 3 respondents held between 2 and 4 March 2026",
        "4 responses collected online (KoboToolbox) on 14 February 2026",
        "2 documents coded in another qualitative-analysis tool and imported from its project",
    ]
    assert _gathered_sentences(m) == [
        "We conducted 3 interviews with 3 respondents between 2 and 4 March 2026.",
        "4 responses from 4 respondents were collected online (KoboToolbox) on "
        "14 February 2026; no interviewer took part.",
        "2 documents were coded in another qualitative-analysis tool and imported from its "
        "project (REFI-QDA); the report names no interviewer for them.",
    ]
    # interviews alone are told as before
    assert _gathered_parts(MethodSummary(by_origin={"form": OriginPart(3, 3)})) == []


def test_drafts_are_not_counted_as_material_and_are_said_as_drafts():
    """14 completed spreadsheet responses and 1 stakeholder interview still a draft: the
    material is the 14 responses; the draft is named as one, not counted beside them (it
    read "structured forms filled in during 1 interview and 14 responses")."""
    said = _approach_sentence({"sheet": 14}, ["response"], {"form": 1})
    assert said.startswith("The material comes from 14 responses imported from a spreadsheet.")
    assert "during 1 interview" not in said
    assert said.endswith(
        "Only completed responses are counted. 1 interview is still a draft and not counted "
        "as material."
    )
    # Nothing complete yet: what there is, with no draft counted twice.
    said = _approach_sentence({}, ["interview"], {"qda": 3})
    assert said.startswith(
        "The material comes from 3 sources coded in another qualitative-analysis tool"
    )
    assert "draft" not in said


def test_fieldwork_counts_the_waves_that_hold_completed_material(tmp_path):
    """Waves baseline and follow-up, the follow-up holding only a draft: fieldwork ran in
    one wave (it read "Fieldwork ran in 2 waves" with the follow-up empty)."""
    store = create_engagement(tmp_path / "w.wbk", client="Acme", title="Review")
    form = builtin_form("stakeholder-interview")
    [base] = [w for w in store.waves() if w.name == "baseline"]  # a new file's first wave
    follow = store.add_wave("follow-up")
    done = store.new_interview(store.add_respondent("Ann").id, form, wave_id=base.id)
    store.update_interview(done.id, status="complete")
    store.new_interview(store.add_respondent("Bob").id, form, wave_id=follow.id)  # a draft
    with store:
        context = report_context(store, ReportOptions(sections=["method"]), choices=[])
        said = _method_sentences(context)
    assert "Fieldwork ran in one wave (baseline)." in said
    assert not any("2 waves" in s for s in said)
    store.update_interview(done.id, status="draft")
    with open_engagement(tmp_path / "w.wbk") as again:
        context = report_context(again, ReportOptions(sections=["method"]), choices=[])
        assert not any(s.startswith("Fieldwork ran") for s in _method_sentences(context))
