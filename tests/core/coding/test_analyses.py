"""The coding analyses against hand-worked numbers (fixtures in conftest.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analyses.code_cooccurrence import CodeCooccurrence
from analyses.code_frequency import CodeFrequency
from analyses.framework_matrix import FrameworkMatrix
from analyses.intercoder_agreement import IntercoderAgreement, cohen_kappa, kappa_band
from workbench.analysis.api import ParamError, TaskState


def run(analysis, data, **params):
    return analysis.run(data, params, TaskState())


def by_code(table, key="code"):
    return {rec[key]: rec for rec in table.records()}


def draw_all(result):
    for spec in result.figures:
        spec.render(Figure())


# -- code frequency ------------------------------------------------------------------
def test_frequency_overall(coded):
    result = run(CodeFrequency(), coded)
    rows = by_code(result.table("frequency"))
    # Incident: s1, s4, s6 (s7 pending does not count); three respondents of three coded.
    assert rows["Operation/Incident"]["segments"] == 3
    assert rows["Operation/Incident"]["cases"] == 3
    assert rows["Operation/Incident"]["case_share"] == pytest.approx(1.0)
    assert (rows["Operation/Problem"]["segments"], rows["Operation/Problem"]["cases"]) == (2, 2)
    assert rows["Operation/Problem"]["case_share"] == 0.67  # 2 of 3, stored as shown
    assert (rows["Empathy"]["segments"], rows["Empathy"]["cases"]) == (2, 2)  # s8 rejected
    assert rows["Unused"]["segments"] == 0 and rows["Operation"]["segments"] == 0
    assert set(result.table("frequency").evidence[
        result.table("frequency").column("code").index("Operation/Incident")
    ].segment_ids) == {"s1", "s4", "s6"}  # fmt: skip
    assert any("Operation/Incident" in f and "3 segments" in f for f in result.findings)
    # 'Operation' has no segments of its own but its children do: only 'Unused' is unused.
    assert "1 code(s) were never applied: 'Unused'." in result.findings
    draw_all(result)


def test_frequency_children_roll_up(coded):
    rows = by_code(run(CodeFrequency(), coded, include_children=True).table("frequency"))
    assert rows["Operation"]["segments"] == 5  # s1 s2 s4 s6 s9
    assert rows["Operation"]["cases"] == 3
    assert rows["Operation/Incident"]["segments"] == 3


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        # (group, code) -> (segments, cases, share)
        ("role", {("manager", "Operation/Incident"): (2, 2, 1.0), ("agent", "Operation/Incident"): (1, 1, 1.0),
                  ("manager", "Empathy"): (1, 1, 0.5), ("agent", "Operation/Problem"): (1, 1, 1.0)}),
        ("wave", {("baseline", "Operation/Incident"): (2, 2, 1.0), ("follow-up", "Operation/Incident"): (1, 1, 1.0),
                  ("follow-up", "Empathy"): (0, 0, 0.0)}),
        ("segment", {("staff", "Empathy"): (2, 2, 1.0), ("customer", "Operation/Problem"): (0, 0, 0.0)}),
    ],
)  # fmt: skip
def test_frequency_grouped(coded, group, expected):
    result = run(CodeFrequency(), coded, group=group)
    table = result.table("frequency")
    assert "group" in [c.name for c in table.columns]
    got = {
        (r["group"], r["code"]): (r["segments"], r["cases"], r["case_share"])
        for r in table.records()
    }
    for key, (segs, cases, share) in expected.items():
        assert got[key][:2] == (segs, cases), key
        assert got[key][2] == pytest.approx(share), key
    draw_all(result)


def test_frequency_check(coded, make_data):
    assert CodeFrequency().check(coded).ok
    empty = make_data([], [], [], [])
    assert "Nothing has been coded" in CodeFrequency().check(empty).reason
    coded.segments["status"] = "pending"
    assert "waiting for review" in CodeFrequency().check(coded).reason


# -- co-occurrence -----------------------------------------------------------------------
def test_cooccurrence_overlap(coded):
    result = run(CodeCooccurrence(), coded)
    matrix = result.table("matrix")
    labels = [c.label for c in matrix.columns[1:]]
    grid = {row[0]: dict(zip(labels, row[1:], strict=True)) for row in matrix.rows}
    # n1: s1-s2 overlap; n2: s4-s5, s4-s9, s5-s9 overlap; n3 has one counted segment.
    assert grid["Operation/Incident"]["Operation/Problem"] == 2
    assert grid["Operation/Incident"]["Empathy"] == 1
    assert grid["Operation/Problem"]["Empathy"] == 1
    assert grid["Empathy"]["Operation/Problem"] == 1  # symmetric
    assert grid["Operation/Incident"]["Operation/Incident"] == 3  # diagonal: own segments
    assert "Unused" not in grid
    pairs = result.table("pairs").records()
    assert (pairs[0]["code_a"], pairs[0]["code_b"], pairs[0]["count"]) == (
        "Operation/Incident", "Operation/Problem", 2)  # fmt: skip
    # Problem is the rarer (2 segments), both co-occur with Incident.
    assert pairs[0]["share"] == pytest.approx(1.0)
    assert set(result.table("pairs").evidence[0].segment_ids) == {"s1", "s2", "s4", "s9"}
    draw_all(result)


def test_cooccurrence_same_text_only(coded):
    result = run(CodeCooccurrence(), coded, overlap="same")
    pairs = result.table("pairs").records()
    assert [(p["code_a"], p["code_b"], p["count"]) for p in pairs] == [
        ("Operation/Incident", "Empathy", 1)  # s4 and s5 cover exactly 0-10 of n2
    ]


def test_cooccurrence_dedupes_coders_and_needs_two_codes(coded, make_data):
    extra = coded.segments.iloc[[0]].assign(segment_id="s1b", coder="Ben")
    coded.segments = pd.concat([coded.segments, extra], ignore_index=True)
    result = run(CodeCooccurrence(), coded)
    grid = result.table("matrix")
    incident = grid.rows[grid.column("code").index("Operation/Incident")]
    assert incident[1 + [c.label for c in grid.columns[1:]].index("Operation/Incident")] == 3
    pairs = {(p["code_a"], p["code_b"]): p["count"] for p in result.table("pairs").records()}
    assert pairs[("Operation/Incident", "Operation/Problem")] == 2  # Ben's copy counts once
    one = make_data([("A", None, "A", "A", "#000000")], [coded.segments.iloc[0].tolist()], [], [])
    one.segments["code_id"] = "A"
    assert "only one code" in CodeCooccurrence().check(one).reason


# -- framework matrix ----------------------------------------------------------------
def test_framework_matrix_counts(coded):
    result = run(FrameworkMatrix(), coded, cells="count")
    table = result.table("matrix")
    labels = [c.label for c in table.columns]
    assert labels == ["Respondent", "Role", "Empathy", "Operation/Incident", "Operation/Problem"]
    assert table.rows == [
        ["Alice", "manager", 1, 1, 1],
        ["Bob", "agent", 1, 1, 1],
        ["Cara", "manager", 0, 1, 0],
    ]
    assert set(table.evidence[2].segment_ids) == {"s6"}  # pending s7, rejected s8 left out
    assert "7 of 9 cells" in result.findings[0]


def test_framework_matrix_quotes(coded):
    table = run(FrameworkMatrix(), coded, empty_codes=True).table("matrix")
    rec = {r["respondent"]: r for r in table.records()}
    col = {c.label: c.name for c in table.columns}
    assert rec["Alice"][col["Operation/Incident"]] == "“The outage”"
    assert rec["Bob"][col["Empathy"]] == "“Email down”"
    assert rec["Cara"][col["Empathy"]] == ""
    assert "Unused" in col and "Operation" in col  # empty codes shown on request


# -- inter-coder agreement -----------------------------------------------------------
def test_kappa_hand_worked():
    a, b, c, d = 20, 5, 10, 65
    n = a + b + c + d
    p_o_expected = (20 + 65) / 100  # 0.85
    p_e_expected = ((25 * 30) + (75 * 70)) / 100**2  # (750 + 5250) / 10000 = 0.6
    kappa_expected = (0.85 - 0.6) / (1 - 0.6)  # 0.625
    p_o, p_e, kappa = cohen_kappa(a, b, c, d)
    assert n == 100
    assert p_o == pytest.approx(p_o_expected) == pytest.approx(0.85)
    assert p_e == pytest.approx(p_e_expected) == pytest.approx(0.6)
    assert kappa == pytest.approx(kappa_expected) == pytest.approx(0.625)
    assert kappa_band(kappa) == "substantial"


@pytest.mark.parametrize(
    ("kappa", "band"),
    [(-0.01, "poor"), (0.0, "slight"), (0.2, "slight"), (0.21, "fair"), (0.4, "fair"),
     (0.6, "moderate"), (0.8, "substantial"), (0.81, "almost perfect"), (1.0, "almost perfect"),
     (math.nan, "undefined")],
)  # fmt: skip
def test_kappa_bands(kappa, band):
    assert kappa_band(kappa) == band


def test_kappa_undefined_when_chance_is_one():
    assert math.isnan(cohen_kappa(0, 0, 0, 50)[2])
    assert math.isnan(cohen_kappa(0, 0, 0, 0)[0])


def test_intercoder_agreement(two_coders):
    result = run(IntercoderAgreement(), two_coders, coder_a="Ana", coder_b="Ben")
    rows = by_code(result.table("kappa"))
    # K: Ana [0,25), Ben [0,20)+[25,35) on a 100-character note.
    k = rows["Knowledge"]
    assert (k["a"], k["b"], k["c"], k["d"]) == (20, 5, 10, 65)
    assert (k["p_o"], k["p_e"], k["kappa"]) == pytest.approx((0.85, 0.6, 0.625))
    assert k["band"] == "substantial"
    assert k["one_coder_share"] == 0.43  # 15 of 35 characters = 42.86%, stored as shown
    # L: both [50,60): p_e = (10*10 + 90*90)/100**2 = 0.82, κ = (1 - 0.82)/(1 - 0.82) = 1.
    l_row = rows["Logging"]
    assert (l_row["a"], l_row["b"], l_row["c"], l_row["d"]) == (10, 0, 0, 90)
    assert l_row["kappa"] == pytest.approx(1.0)
    summary = {r["measure"]: r["value"] for r in result.table("summary").records()}
    assert summary["Mean κ"] == pytest.approx((0.625 + 1.0) / 2)
    assert summary["Characters compared (N)"] == 100
    assert summary["Sources compared"] == 1
    # coded by either: [0,35)+[50,60) = 45 characters; by one only: [20,25) Ana + [25,35) Ben = 15.
    assert summary["Share of coded text coded by one coder only"] == 0.33  # 15 / 45, as shown
    # Counts whole, the share in percent, as the findings write them ("100.00", "0.33").
    table = result.table("summary")
    shown = {table.rows[r][0]: table.format_cell(r, 1) for r in range(len(table.rows))}
    assert shown["Characters compared (N)"] == "100" and shown["Sources compared"] == "1"
    assert shown["Share of coded text coded by one coder only"] == "33%"
    assert shown["Mean κ"] == "0.81"
    assert "almost perfect" in result.findings[0]
    draw_all(result)


def test_intercoder_defaults_to_busiest_coders(two_coders):
    result = run(IntercoderAgreement(), two_coders)
    assert (result.params["coder_a"], result.params["coder_b"]) == ("Ben", "Ana")
    k = by_code(result.table("kappa"))["Knowledge"]
    assert (k["b"], k["c"]) == (10, 5)  # the roles swap, κ does not
    assert k["kappa"] == pytest.approx(0.625)


def test_intercoder_length_falls_back_to_furthest_coded_character(two_coders):
    two_coders.notes = two_coders.notes.iloc[0:0]
    k = by_code(run(IntercoderAgreement(), two_coders, coder_a="Ana", coder_b="Ben").table("kappa"))
    assert k["Knowledge"]["d"] == 60 - 35  # N = 60, the end of L


def test_intercoder_unknown_coder(two_coders):
    with pytest.raises(ParamError, match="nobody called 'Zoe'.*Ben, Ana, Cy"):
        run(IntercoderAgreement(), two_coders, coder_a="Zoe")


def test_intercoder_check_messages(two_coders):
    assert IntercoderAgreement().check(two_coders).ok
    only_ana = two_coders.segments[two_coders.segments["coder"] == "Ana"]
    two_coders.segments = only_ana
    reason = IntercoderAgreement().check(two_coders).reason
    assert reason == (
        "Inter-coder agreement needs two coders on the same interviews; only 'Ana' has coded."
    )
    two_coders.segments = pd.concat(
        [only_ana, only_ana.assign(coder="Cy", source_id="n2", segment_id="x")], ignore_index=True
    )
    assert "have not coded any of the same" in IntercoderAgreement().check(two_coders).reason


def test_results_serialise(coded, two_coders):
    for analysis, data in [
        (CodeFrequency(), coded), (CodeCooccurrence(), coded), (FrameworkMatrix(), coded),
        (IntercoderAgreement(), two_coders),
    ]:  # fmt: skip
        result = run(analysis, data)
        js = result.to_json_dict()
        assert js["id"] == analysis.id and js["tables"]
        assert result.scope == "all"


def test_registered_and_work_on_engagement_data(coded):
    from workbench.analysis.data import EngagementData
    from workbench.analysis.registry import discover

    registry = discover()
    data = EngagementData.build(
        respondents=coded.respondents,
        interviews=coded.interviews,
        codes=coded.codes,
        segments=coded.segments,
        notes=coded.notes,
    )
    for analysis_id in ("code-frequency", "code-cooccurrence", "framework-matrix"):
        analysis = registry.get(analysis_id)
        assert analysis.check(data).ok
        assert analysis.run(data, {}, TaskState()).tables
    baseline = data.filter(wave="baseline")
    rows = by_code(run(CodeFrequency(), baseline).table("frequency"))
    assert rows["Operation/Incident"]["segments"] == 2  # Cara's follow-up s6 filtered out
    assert "only 'Ana' has coded" in registry.get("intercoder-agreement").check(data).reason
    empty = EngagementData.empty()
    for analysis_id in (
        "code-frequency",
        "code-cooccurrence",
        "framework-matrix",
        "intercoder-agreement",
    ):
        assert not registry.get(analysis_id).check(empty).ok


def test_agreement_picks_the_pair_of_coders_who_share_texts() -> None:
    import pandas as pd

    from analyses.intercoder_agreement import best_pair

    segs = pd.DataFrame(
        {
            "coder": ["Jo", "Jo", "Jo", "form tags", "Sam", "Sam"],
            "source_kind": ["note", "note", "note", "answer", "note", "note"],
            "source_id": ["n1", "n2", "n3", "a1", "n1", "n2"],
        }
    )
    # 'form tags' has more segments than Sam but shares no text with anyone.
    assert best_pair(segs, ["Jo", "form tags", "Sam"]) == ("Jo", "Sam")
    assert best_pair(segs, ["Jo", "form tags"]) is None


def test_frequency_by_a_respondent_attribute(coded):
    from workbench.analysis.api import ParamError

    # Alice and Cara work at the head office, Bob on site.
    coded.respondents["attr:site"] = coded.respondents["respondent_id"].map(
        {"r1": "HQ", "r2": "Site", "r3": "HQ"}
    )
    table = run(CodeFrequency(), coded, group="attribute", attribute="site").table("frequency")
    assert table.columns[1].label == "site"
    got = {(r["group"], r["code"]): (r["segments"], r["cases"]) for r in table.records()}
    # Incident: s1 (Alice), s4 (Bob), s6 (Cara) → HQ 2 segments of 2 people, Site 1 of 1.
    assert got[("HQ", "Operation/Incident")] == (2, 2)
    assert got[("Site", "Operation/Incident")] == (1, 1)
    with pytest.raises(ParamError, match="no attribute 'colour'"):
        run(CodeFrequency(), coded, group="attribute", attribute="colour")


def test_intercoder_text_answer_uses_the_answers_real_length(make_data):
    """A 100-character text answer; code K: Ana [0,40), Ben [0,30); nothing after 40.

    Hand-worked on N = 100: a = 30, b = 10, c = 0, d = 60; p_o = 0.9,
    p_e = (40·30 + 70·60)/100² = 0.54, κ = 0.36/0.46 = 0.7826 (substantial).
    Taking N from the furthest coded character (40) would give p_o = p_e = 0.75, κ = 0.
    """
    text = "y" * 100
    segs = [
        ("s1", "K", "i1", "r1", "answer", "ans1", 0, 40, text[:40], "Ana", "accepted"),
        ("s2", "K", "i1", "r1", "answer", "ans1", 0, 30, text[:30], "Ben", "accepted"),
    ]
    data = make_data(
        [("K", None, "Knowledge", "Knowledge", "#111111")],
        segs,
        [("r1", "Alice", "manager", "IT", "staff", True)],
        [("i1", "r1", "f", 1, "baseline", 1, "2024-01-01", "Ana", "completed")],
    )
    data.answers = pd.DataFrame(
        [("i1", "r1", "f", "q", "", text, None, text, "ans1")],
        columns=["interview_id", "respondent_id", "form_id", "question_key", "item", "value",
                 "num", "text", "answer_id"],
    )  # fmt: skip
    result = run(IntercoderAgreement(), data, coder_a="Ana", coder_b="Ben")
    k = by_code(result.table("kappa"))["Knowledge"]
    assert (k["a"], k["b"], k["c"], k["d"]) == (30, 10, 0, 60)
    assert k["kappa"] == pytest.approx(0.36 / 0.46)
    assert k["band"] == "substantial"


def test_frequency_says_a_code_used_only_in_drafts_was_applied(coded):
    coded.interviews["status"] = ["completed", "draft", "draft"]
    result = run(CodeFrequency(), coded)
    # Empathy: s3 in i1 (complete) counts; Problem: s2 in i1 too; Incident: s1 in i1.
    assert "1 code(s) were never applied: 'Unused'." in result.findings
    coded.interviews["status"] = ["draft", "draft", "draft"]
    result = run(CodeFrequency(), coded)
    assert "1 code(s) were never applied: 'Unused'." in result.findings
    said = (
        "3 code(s) were applied only in interviews not yet marked complete, left out here: "
        "'Empathy', 'Operation/Incident', 'Operation/Problem'."
    )
    # a caveat of the method, not a key finding
    assert said in result.method_notes and said not in result.findings, result.findings
    assert not any("'Operation'" in f for f in result.method_notes)  # a parent, not used
    assert any("not yet marked complete" in n for n in result.method_notes)


def test_frequency_says_a_code_used_only_in_others_words(coded):
    # s1 s2 s3 s4 s5 s9 s6 s7 s8: Problem (s2, s9) only in the interviewer's turns
    coded.segments["speaker"] = [
        "respondent:Alice", "interviewer:Jo", "respondent:Alice", "respondent:Bob",
        "respondent:Bob", "interviewer:Jo", "respondent:Cara", "respondent:Cara",
        "respondent:Cara",
    ]  # fmt: skip
    result = run(CodeFrequency(), coded, words="respondent")
    said = (
        "1 code(s) were applied only outside the respondents' own words, left out here: "
        "'Operation/Problem'."
    )
    assert said in result.method_notes and said not in result.findings, result.findings
    assert "1 code(s) were never applied: 'Unused'." in result.findings
    assert not any("'Operation'" in f for f in result.findings)
    # every word counted: Problem was applied
    result = run(CodeFrequency(), coded, words="all")
    assert not any("Problem" in f and "left out" in f for f in result.method_notes)


def test_passages_join_one_codes_overlapping_segments_whoever_coded_them(make_data):
    from workbench.coding import passages

    body = "Tickets get lost between teams and nobody calls back."

    def seg(sid, code, start, end, coder, source="n1"):
        return (
            sid,
            code,
            "i1",
            "r1",
            "note",
            source,
            start,
            end,
            body[start:end],
            coder,
            "accepted",
        )

    data = make_data(
        [],
        [
            seg("t1", "R", 0, 16, "Tess"),  # "Tickets get lost"
            seg("b1", "R", 12, 30, "Ben"),  # "lost between teams": overlaps t1
            seg("t2", "R", 25, 34, "Tess"),  # "teams and": overlaps b1, so t1 too
            seg("b2", "R", 34, 41, "Ben"),  # " nobody": touches t2, its own passage
            seg("b3", "R", 34, 41, "Tess"),  # the same words again: joins b2
            seg("o1", "O", 12, 30, "Ben"),  # another code: apart
            seg("x1", "R", 0, 16, "Ben", source="n2"),  # another text: apart
            ("z1", "R", "i1", "r1", "note", "n1", None, None, "", "Ben", "accepted"),
        ],
        [],
        [],
    )
    got = passages(data.segments)
    rows = [(r.segment_id, r.code_id, r.source_id, r.start, r.end, r.text, r.segment_ids)
            for r in got.itertuples(index=False)]  # fmt: skip
    assert rows[:4] == [
        ("t1", "R", "n1", 0, 34, "Tickets get lost between teams and", ("t1", "b1", "t2")),
        ("b2", "R", "n1", 34, 41, " nobody", ("b2", "b3")),
        ("o1", "O", "n1", 12, 30, "lost between teams", ("o1",)),
        ("x1", "R", "n2", 0, 16, "Tickets get lost", ("x1",)),
    ]
    assert rows[4][0] == "z1" and rows[4][-1] == ("z1",)  # no span: a passage of its own
    assert len(rows) == 5
    again = passages(got)  # passages of passages are the same passages
    assert list(again["segment_ids"]) == list(got["segment_ids"])
