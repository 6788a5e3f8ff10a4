"""Analyses read the form whose questions carry their tags, whatever its id: a renamed copy
of a built-in form gives the same numbers as the original, and a form lacking the tags is
refused with a sentence saying what a form needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from _analysis_builders import Builder

from analyses.gaps_model import GapsModel
from analyses.importance_performance import ImportancePerformance
from analyses.itsm_maturity import ItsmMaturity
from analyses.satisfaction_loyalty import SatisfactionLoyalty
from analyses.servqual import Servqual
from analyses.seven_sins import SevenSins
from analyses.total_customer_service import TotalCustomerService
from workbench.analysis.data import EngagementData
from workbench.analysis.registry import NotApplicable, run_analysis

FORM_IDS = (
    "servqual",
    "total-customer-service",
    "seven-sins",
    "satisfaction-loyalty",
    "itsm-maturity",
    "provider-gaps",
)


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> EngagementData:
    from workbench.analysis.loader import load_engagement_data
    from workbench.demo import build_demo

    store = build_demo(tmp_path_factory.mktemp("tags") / "demo.wbk")
    try:
        return load_engagement_data(store)
    finally:
        store.close()


def renamed(data: EngagementData, prefix: str = "acme-") -> EngagementData:
    """The same engagement with every form's id changed (a consultant's copies)."""

    def new(form_id: Any) -> Any:
        return f"{prefix}{form_id}" if isinstance(form_id, str) else form_id

    frames = {}
    for name in ("interviews", "answers", "questions", "question_items"):
        frame = getattr(data, name).copy()
        frame["form_id"] = frame["form_id"].map(new)
        frames[name] = frame
    forms = {new(k): v.model_copy(update={"id": new(k)}) for k, v in data.forms.items()}
    return replace(data, forms=forms, **frames)


def same_numbers(a, b, same_ids: bool = True) -> None:
    assert a.findings == b.findings
    assert [t.name for t in a.tables] == [t.name for t in b.tables]
    for ta, tb in zip(a.tables, b.tables, strict=True):
        assert ta.rows == tb.rows, ta.name
        if same_ids:
            assert ta.evidence == tb.evidence, ta.name
        else:  # two files: the same questions, as many interviews
            for ea, eb in zip(ta.evidence.values(), tb.evidence.values(), strict=True):
                assert ea.question_keys == eb.question_keys, ta.name
                assert len(ea.interview_ids) == len(eb.interview_ids), ta.name


@pytest.mark.parametrize(
    ("analysis", "params"),
    [
        (Servqual(), {}),
        (TotalCustomerService(), {}),
        (SevenSins(), {}),
        (SatisfactionLoyalty(), {}),
        (ItsmMaturity(), {}),
        (GapsModel(), {}),
        (ImportancePerformance(), {"source": "servqual"}),
        (ImportancePerformance(), {"source": "total-customer-service"}),
    ],
    ids=lambda v: getattr(v, "id", None) or str(v.get("source", "")),
)
def test_a_renamed_copy_of_every_built_in_form_gives_the_same_numbers(
    demo_data: EngagementData, analysis, params
) -> None:
    if params.get("source") == "total-customer-service":  # asked in the baseline only
        demo_data = demo_data.filter(wave="baseline")
    copy = renamed(demo_data)
    assert not set(FORM_IDS) & set(copy.interviews["form_id"])
    assert analysis.check(copy.in_scope(analysis.check)).ok
    original = run_analysis(analysis, demo_data, params)
    theirs = run_analysis(analysis, copy, params)
    same_numbers(original, theirs)
    assert any(n.startswith("Data: the form ") and "(acme-" in n for n in theirs.method_notes)
    assert not any(n.startswith("Data: the form ") for n in original.method_notes)


def test_wave_comparison_of_a_renamed_form_is_the_same(demo_data: EngagementData) -> None:
    from workbench.analysis.registry import compare_waves

    a = compare_waves(SevenSins(), demo_data, "baseline", "re-audit")
    b = compare_waves(SevenSins(), renamed(demo_data), "baseline", "re-audit")
    for ta, tb in zip(a.tables, b.tables, strict=True):
        assert ta.rows == tb.rows


def test_a_form_lacking_the_tags_is_refused_with_what_a_form_needs() -> None:
    b = Builder()
    b.question("acme-sat", "sat", "scale", {"topic": "satisfaction"}, scale=(1, 5))
    b.question("acme-sat", "rec", "nps", {}, scale=(0, 10))
    b.respondent("r1")
    b.interview("i1", "r1", "acme-sat", {"sat": 4, "rec": 9})
    data = b.build()
    reason = SatisfactionLoyalty().check(data).reason
    assert reason == (
        "The satisfaction and loyalty analysis needs a form with a question tagged "
        "`construct: satisfaction` (a rating scale), `construct: loyalty` (a rating scale), "
        "`construct: recommend` (0–10) or `construct: effort` (1–7) (the matrix needs both "
        "satisfaction and loyalty, the Net Promoter Score needs recommend, the effort score "
        "needs effort), as the built-in satisfaction-loyalty form has; none of this "
        "engagement's forms has it (acme-sat)."
    )
    with pytest.raises(NotApplicable, match="tagged `construct: satisfaction`"):
        run_analysis(SatisfactionLoyalty(), data)
    # A tag on a question of the wrong type does not qualify either: SERVQUAL reads pairs.
    b.question("acme-sat", "look", "scale", {"dimension": "tangibles"})
    reason = Servqual().check(b.build()).reason
    assert "a question tagged `dimension` (an expectation-and-perception pair)" in reason


def test_of_two_fitting_forms_the_one_with_more_of_the_questions_is_read() -> None:
    """A desk review asking only for a recommendation does not push aside the full
    satisfaction survey, though more people answered it."""
    b = Builder()
    b.question("desk", "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    b.question("acme-sat", "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question("acme-sat", "loy", "scale", {"construct": "loyalty"}, scale=(1, 5))
    b.question("acme-sat", "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    for i, (sat, loy, rec) in enumerate([(5, 5, 10), (2, 4, 6)]):
        b.respondent(f"r{i}")
        b.interview(f"s{i}", f"r{i}", "acme-sat", {"sat": sat, "loy": loy, "rec": rec})
    for i in range(3):
        b.respondent(f"d{i}")
        b.interview(f"d{i}", f"d{i}", "desk", {"rec": 0})
    result = run_analysis(SatisfactionLoyalty(), b.build())
    # NPS over the survey's two people: one promoter (10), one detractor (6) → 0.
    assert result.table("nps").records()[0]["n"] == 2
    assert result.table("nps").records()[0]["nps"] == pytest.approx(0.0)
    groups = {r["group"].strip(): r["count"] for r in result.table("matrix").records()}
    assert groups["Loyalists"] == 1 and groups["Hostages"] == 1
    note = next(n for n in result.method_notes if n.startswith("Data:"))
    assert "acme-sat" in note and "desk also fits" in note and "not read" in note


def _survey_and_desk() -> Builder:
    b = Builder()
    b.question("desk", "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    b.question("acme-sat", "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question("acme-sat", "loy", "scale", {"construct": "loyalty"}, scale=(1, 5))
    b.question("acme-sat", "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    for i, (sat, loy, rec) in enumerate([(5, 5, 10), (2, 4, 6)]):
        b.respondent(f"r{i}")
        b.interview(f"s{i}", f"r{i}", "acme-sat", {"sat": sat, "loy": loy, "rec": rec})
    for i, rec in enumerate((0, 9, 10)):
        b.respondent(f"d{i}")
        b.interview(f"d{i}", f"d{i}", "desk", {"rec": rec})
    return b


def test_the_form_option_reads_another_fitting_form() -> None:
    """The survey is read by default; the Form option reads the desk review instead: its
    three recommendations 0, 9, 10 → two promoters, one detractor of three: NPS +33,
    and no matrix (the desk review asks neither satisfaction nor loyalty), so no
    thresholds among the parameters."""
    analysis = SatisfactionLoyalty()
    data = _survey_and_desk().build()
    default = run_analysis(analysis, data)
    assert default.table("nps").records()[0]["n"] == 2
    assert "Form: automatic" in analysis.describe_params(default.params, default.unused_params)
    note = next(n for n in default.method_notes if n.startswith("Data:"))
    assert "desk also fits" in note and "the Form option chooses another" in note

    desk = run_analysis(analysis, data, {"form": "desk"})
    assert [t.name for t in desk.tables] == ["nps", "segments"]
    (nps,) = desk.table("nps").records()
    assert nps["n"] == 3 and nps["nps"] == pytest.approx(100 * (2 / 3 - 1 / 3))
    assert "Data: the form desk, as chosen (the Form option)." in desk.method_notes
    assert "Parameters: By segment: Yes; Form: desk." in desk.method_notes
    # the headline scores and a wave comparison read the same form
    scores = analysis.respondent_scores(data, desk.params)
    recommend = scores[scores["measure"] == "Likelihood to recommend (0–10)"]
    assert sorted(recommend["respondent_id"]) == ["d0", "d1", "d2"]
    assert sorted(recommend["score"]) == [0, 9, 10]
    nps = scores[scores["measure"] == "NPS (-100 to +100)"]
    assert sorted(nps["score"]) == [-100, 100, 100]  # a detractor, two promoters: +33


def test_a_form_chosen_that_does_not_fit_is_refused_with_the_reason() -> None:
    data = _survey_and_desk().build()
    with pytest.raises(NotApplicable, match="no form 'nowhere' is in this engagement"):
        run_analysis(SatisfactionLoyalty(), data, {"form": "nowhere"})


ACME_ANSWERS = {  # the consultant's three responses (satisfaction, NPS, stay, easy)
    "Colin": (2, 3, 2, 3),
    "Olga": (4, 8, 4, 6),
    "Tariq": (3, 6, 3, 4),
}


def _engagement(path: Path, form_text: str) -> Path:
    from workbench.forms import load_form_text
    from workbench.store.database import create_engagement

    form = load_form_text(form_text)
    store = create_engagement(path, client="Acme", title="Survey")
    try:
        for name, (sat, rec, stay, easy) in ACME_ANSWERS.items():
            person = store.add_respondent(name, segment="external customer")
            iid = store.new_interview(person.id, form, date=dt.date(2026, 3, 2)).id
            store.set_answers(
                iid,
                {
                    "overall_satisfaction": sat,
                    "recommend": rec,
                    "intention_to_stay": stay,
                    "made_it_easy": easy,
                },
            )
            store.update_interview(iid, status="complete")
    finally:
        store.close()
    return path


def test_a_copy_of_the_built_in_survey_under_its_own_id_runs_in_the_store(
    tmp_path: Path,
) -> None:
    """The consultant's control test: the built-in satisfaction survey with only its id
    and title changed gives the same matrix, NPS and effort as the original."""
    from workbench.analysis.loader import load_engagement_data
    from workbench.paths import forms_dir
    from workbench.store.database import open_engagement

    original = (forms_dir() / "satisfaction-loyalty.yaml").read_text("utf-8")
    copy = original.replace("id: satisfaction-loyalty", "id: acme-sat", 1).replace(
        "title: Satisfaction, loyalty and effort", "title: Acme satisfaction check", 1
    )
    assert "id: acme-sat" in copy
    results = []
    for name, text in (("orig", original), ("copy", copy)):
        store = open_engagement(_engagement(tmp_path / f"{name}.wbk", text))
        try:
            results.append(run_analysis(SatisfactionLoyalty(), load_engagement_data(store)))
        finally:
            store.close()
    same_numbers(*results, same_ids=False)
    # By hand: satisfaction 2, 4, 3 and loyalty 2, 4, 3 against the cut-offs 5 and 4:
    # Olga is a hostage, Colin and Tariq defectors; NPS 3, 8, 6: two detractors of three.
    findings = results[1].findings
    assert findings[0].startswith("Of 3 respondents, 0% are loyalists (0 apostles)")
    assert "33% hostages and 67% defectors" in findings[0]
    assert findings[1] == "NPS -67 (0% promoters, 67% detractors, 3 respondents)."
    assert "Data: the form Acme satisfaction check (acme-sat)" in " ".join(results[1].method_notes)


def test_a_renamed_copy_is_checked_as_the_built_in_form_is() -> None:
    """`form check` and form import ask the analyses for problems in a form's tags: a
    copy under its own id is checked too (an allocation option naming no dimension)."""
    from workbench.forms import load_form_text
    from workbench.paths import forms_dir

    text = (forms_dir() / "servqual.yaml").read_text("utf-8")
    text = text.replace("id: servqual", "id: acme-sq", 1)
    assert Servqual().form_problems(load_form_text(text)) == []
    broken = load_form_text(text.replace("{key: empathy, label:", "{key: caring, label:", 1))
    problems = Servqual().form_problems(broken)
    assert any("option 'caring'" in p for p in problems)
    assert any("dimension empathy could never carry importance" in p for p in problems)
    # A form without SERVQUAL's pairs is none of its business.
    other = (forms_dir() / "seven-sins.yaml").read_text("utf-8")
    assert Servqual().form_problems(load_form_text(other)) == []
