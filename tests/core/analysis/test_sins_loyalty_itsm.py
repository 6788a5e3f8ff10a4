"""Seven sins, satisfaction and loyalty, ITSM maturity, by hand."""

from __future__ import annotations

import math

import pytest
from _analysis_builders import add_itsm, add_satisfaction, add_seven_sins

from analyses.itsm_maturity import ItsmMaturity, level_name
from analyses.satisfaction_loyalty import SatisfactionLoyalty, classify, nps_category
from analyses.seven_sins import SevenSins
from workbench.analysis.registry import run_analysis


def test_seven_sins_counts(builder):
    result = run_analysis(SevenSins(), add_seven_sins(builder).build(), {})
    sins = result.table("sins")
    rec = {r["sin"]: r for r in sins.records()}
    assert sins.column("sin") == ["Runaround", "Apathy", "Coldness"]  # Pareto order
    assert (rec["Runaround"]["observations"], rec["Runaround"]["frequency"]) == (4, 3)
    assert rec["Runaround"]["share"] == pytest.approx(3 / 4)
    assert rec["Runaround"]["mean_severity"] == pytest.approx((4 + 2 + 5) / 3)
    assert rec["Apathy"]["share"] == pytest.approx(1 / 2)
    assert rec["Coldness"]["mean_severity"] == pytest.approx(1)
    assert sins.column("cumulative") == pytest.approx([3 / 5, 4 / 5, 5 / 5])
    assert sins.evidence[0].interview_ids == ("a1", "a2")

    heat = {r["sin"]: r for r in result.table("heatmap").records()}
    assert (heat["Runaround"]["tp:phone"], heat["Runaround"]["tp:desk"]) == (2, 1)
    assert (heat["Apathy"]["tp:phone"], heat["Apathy"]["tp:desk"]) == (1, 0)
    assert heat["Coldness"]["total"] == 1

    quotes = result.table("evidence").records()
    assert [q["evidence"] for q in quotes] == [
        "Agent sighed",
        "Curt reply",
        "Sent back to the portal",
        "Transferred three times",
    ]
    # Observations counted as times observed, and the distinct sins apart ("5 sins
    # observed" read as five different sins).
    assert result.findings[0] == (
        "Sins were observed 5 times (3 distinct sins) in 8 checklist items from 2 audits."
    )
    # 80% is reached with runaround and apathy, but coldness ties with apathy: all three
    # are counted and the tie named (it said "The top 2 sins account for 80%").
    assert (
        "The 3 most frequent sins account for 100% of all the times a sin was observed "
        "(apathy and coldness are tied at 1 time each, so all of them are counted)."
    ) in result.findings
    assert "Touchpoint with most sins: phone (3)." in result.findings
    for fig in result.figures:
        assert fig.render().axes


def test_seven_sins_min_severity(builder):
    result = run_analysis(SevenSins(), add_seven_sins(builder).build(), {"min_severity": 3})
    rec = {r["sin"]: r for r in result.table("sins").records()}
    assert rec["Runaround"]["frequency"] == 2  # severities 4 and 5
    assert rec["Coldness"]["frequency"] == 0 and rec["Coldness"]["mean_severity"] is None


def test_seven_sins_check(builder):
    reason = SevenSins().check(builder.build()).reason
    assert reason.startswith(
        "The seven sins analysis needs a form with a question tagged `sin` (a checklist item)"
    )


def test_satisfaction_loyalty(builder):
    result = run_analysis(SatisfactionLoyalty(), add_satisfaction(builder).build(), {})
    m = {r["group"].strip(): r for r in result.table("matrix").records()}
    # Cut-offs: satisfaction ≥ 5 (top box), loyalty ≥ 4.
    assert m["Loyalists"]["count"] == 1  # c1
    assert m["of which apostles"]["count"] == 1  # c1: 5 and 5
    assert m["Mercenaries"]["count"] == 1  # c2: 5, 3
    assert m["Hostages"]["count"] == 2  # c3: 3, 4 and c5: 4, 5
    assert m["Defectors"]["count"] == 1 and m["of which terrorists"]["count"] == 1  # c4
    assert m["Hostages"]["share"] == pytest.approx(2 / 5)
    assert m["Hostages"]["switching_barrier"] == pytest.approx((5 + 4) / 2)

    [nps] = result.table("nps").records()
    assert nps["n"] == 5
    assert nps["promoters"] == pytest.approx(2 / 5)  # 10, 9
    assert nps["passives"] == pytest.approx(2 / 5)  # 8, 7
    assert nps["detractors"] == pytest.approx(1 / 5)  # 2
    assert nps["nps"] == pytest.approx(100 * (2 / 5 - 1 / 5))

    effort = result.table("effort").records()[0]
    assert effort["mean"] == pytest.approx((6 + 5 + 3 + 2 + 7) / 5)
    assert effort["easy_share"] == pytest.approx(3 / 5)

    seg = {r["segment"]: r for r in result.table("segments").records()}
    assert seg["A"]["loyalists"] == pytest.approx(1 / 2)
    assert seg["A"]["nps"] == pytest.approx(100 * (1 / 2 - 0))
    assert seg["B"]["hostages"] == 0.67  # 2/3, shares apportioned at whole percentages
    assert seg["B"]["nps"] == pytest.approx(100 * (1 / 3 - 1 / 3))
    assert seg["B"]["effort"] == pytest.approx((3 + 2 + 7) / 3)
    assert any(f.startswith("NPS +20") for f in result.findings)
    assert result.figures[0].render().axes


def test_satisfaction_cutoffs_are_params(builder):
    data = add_satisfaction(builder).build()
    result = run_analysis(SatisfactionLoyalty(), data, {"satisfaction_cutoff": "4"})
    m = {r["group"].strip(): r for r in result.table("matrix").records()}
    assert m["Loyalists"]["count"] == 2  # c5 (4, 5) joins c1
    assert "High satisfaction: ≥ 4" in result.method_notes[1]


def test_classification_rules():
    assert classify(5, 4, 5, 4) == "Loyalists"
    assert classify(5, 3, 5, 4) == "Mercenaries"
    assert classify(4, 5, 5, 4) == "Hostages"
    assert classify(2, 2, 5, 4) == "Defectors"
    assert [nps_category(s) for s in (0, 6, 7, 8, 9, 10)] == [
        "Detractors",
        "Detractors",
        "Passives",
        "Passives",
        "Promoters",
        "Promoters",
    ]


def test_itsm_maturity(builder):
    result = run_analysis(ItsmMaturity(), add_itsm(builder).build(), {})
    p = {r["practice"]: r for r in result.table("practices").records()}
    assert (p["incident"]["n"], p["incident"]["mean"]) == (3, pytest.approx((3 + 4 + 2) / 3))
    assert (p["incident"]["min"], p["incident"]["max"]) == (2, 4)
    assert p["incident"]["sd"] == pytest.approx(1.0)
    assert p["incident"]["level"] == "Defined"
    assert p["problem"]["n"] == 2 and p["problem"]["mean"] == pytest.approx((1 + 2) / 2)
    assert p["problem"]["sd"] == pytest.approx(math.sqrt(((1 - 1.5) ** 2 + (2 - 1.5) ** 2) / 1))
    assert p["problem"]["level"] == "Repeatable"  # 1.5 rounds up to 2
    assert p["change"]["mean"] == pytest.approx((2 + 4) / 2)

    s = {r["stage"]: r for r in result.table("stages").records()}
    op = [(3 + 1) / 2, (4 + 2) / 2, 2]  # per respondent, the mean of their practices
    assert s["Operation"]["mean"] == pytest.approx(sum(op) / 3)
    assert (s["Operation"]["min"], s["Operation"]["max"]) == (2, 3)
    mean = sum(op) / 3
    assert s["Operation"]["sd"] == pytest.approx(math.sqrt(sum((x - mean) ** 2 for x in op) / 2))
    assert s["Transition"]["n"] == 2 and s["Transition"]["mean"] == pytest.approx(3)
    assert result.table("stages").column("stage") == ["Transition", "Operation"]

    pro = result.table("proactive").records()[0]
    assert pro["mean"] == pytest.approx((20 / 100 + 40 / 100 + 50 / 100) / 3)

    ladders = result.table("ladders").records()
    problem = [r for r in ladders if r["ladder"] == "Problem ladder"]
    assert [r["count"] for r in problem] == [1, 2, 0]
    assert [r["modal"] for r in problem] == ["", "yes", ""]
    cost = [r for r in ladders if r["ladder"] == "Cost ladder"]
    assert [r["share"] for r in cost] == [0, 0.67, 0.33]  # 2/3 and 1/3, summing to 100%
    assert any(
        "Cost ladder: most respondents place the organisation on rung 2" in f
        for f in result.findings
    )
    for fig in result.figures:
        assert fig.render().axes


def test_level_names():
    assert [level_name(x) for x in (0, 0.49, 0.5, 2.5, 4.6, 5)] == [
        "Absent",
        "Absent",
        "Initial",
        "Defined",
        "Optimising",
        "Optimising",
    ]


def test_itsm_maturity_counts_a_person_once(builder):
    """it1 interviewed twice in the wave; the second time incident 5, problem 3, change
    n/a, effort 40 reactive / 60 proactive, problem ladder rung 2, cost ladder rung 3.
    By hand, it1 is one person with the mean of both: incident (3 + 5) / 2 = 4, problem
    (1 + 3) / 2 = 2, operation ((3 + 1) / 2 + (5 + 3) / 2) / 2 = 3, change 2, proactive
    (20% + 60%) / 2 = 40%, problem ladder (1 + 2) / 2 = 1.5 → rung 2, cost ladder
    (2 + 3) / 2 = 2.5 → rung 3.  Over it1, it2, it3: incident (4 + 4 + 2) / 3 (per
    interview it read 3.5 of 4), operation (3 + 3 + 2) / 3, proactive (40 + 40 + 50) / 3
    = 43%, problem ladder all three on rung 2, cost ladder 1 on rung 2 and 2 on rung 3."""
    from workbench.deliver.headlines import headline_summary

    add_itsm(builder)
    builder.interview(
        "x-it1b",
        "it1",
        "itsm-maturity",
        {
            "ops": {"incident": 5, "problem": 3},
            "trans": {"change": "na"},
            "effort": {"reactive": 40, "proactive": 60},
            "pl": ("faster", 2),
            "cl": ("prove", 3),
        },
    )
    data = builder.build()
    result = run_analysis(ItsmMaturity(), data, {})
    p = {r["practice"]: r for r in result.table("practices").records()}
    assert (p["incident"]["n"], p["incident"]["mean"]) == (3, pytest.approx(10 / 3))
    assert (p["incident"]["min"], p["incident"]["max"]) == (2, 4)
    assert (p["problem"]["n"], p["problem"]["mean"]) == (2, pytest.approx(2.0))
    practices = result.table("practices")
    assert set(practices.evidence[0].interview_ids) == {"x-it1", "x-it1b", "x-it2", "x-it3"}
    s = {r["stage"]: r for r in result.table("stages").records()}
    assert (s["Operation"]["n"], s["Operation"]["mean"]) == (3, pytest.approx(8 / 3))
    assert (s["Transition"]["n"], s["Transition"]["mean"]) == (2, pytest.approx(3.0))
    [overall] = result.table("overall").records()
    # Per person, the mean of their interviews' overall scores: it1 (2 + 4) / 2 = 3
    # (x-it1 operation 2, transition 2; x-it1b operation 4, transition n/a), it2 3, it3 3.
    assert overall["n"] == 3 and overall["mean"] == pytest.approx(3.0)
    pro = result.table("proactive").records()[0]
    assert pro["n"] == 3 and pro["mean"] == pytest.approx((0.4 + 0.4 + 0.5) / 3)
    ladders = result.table("ladders").records()
    assert [r["count"] for r in ladders if r["ladder"] == "Problem ladder"] == [0, 3, 0]
    cost = [r for r in ladders if r["ladder"] == "Cost ladder"]
    assert [r["count"] for r in cost] == [0, 1, 2]
    assert [r["share"] for r in cost] == [0, 0.33, 0.67]
    text = " ".join(result.findings)
    assert "over 3 respondents" in text
    assert "Problem ladder: most respondents place the organisation on rung 2" in text
    # The headline table's proactive share is the section's, on the same 3 people.
    [share] = [
        h for h in headline_summary([result], [], data).headlines if h.measure.endswith("(%)")
    ]
    assert share.score_text == "43%" == result.table("proactive").format_cell(0, 2)
    assert share.respondents == 3


def test_itsm_overall_counts_each_person_once_with_na_stages(builder):
    """A rates operation 1 and transition 5 (overall 3); B rates operation 3 and leaves
    transition n/a (overall 3); C rates operation 2 and transition 2 (overall 2).  By
    hand, the overall maturity is the mean over the three people, (3 + 3 + 2) / 3 = 2.67,
    not the mean of the stage means ((1 + 3 + 2) / 3 = 2 and (5 + 2) / 2 = 3.5, giving
    2.75).  The section's table, its finding and the report's headline table say 2.67."""
    from workbench.deliver.headlines import headline_summary

    form = "itsm-maturity"
    builder.question(
        form, "ops", "matrix", {"stage": "operation"}, scale=(0, 5), items=("incident",)
    )
    builder.question(
        form, "trans", "matrix", {"stage": "transition"}, scale=(0, 5), items=("change",)
    )
    for rid, ops, trans in (("a", 1, 5), ("b", 3, "na"), ("c", 2, 2)):
        builder.respondent(rid, "it")
        builder.interview(
            f"x-{rid}", rid, form, {"ops": {"incident": ops}, "trans": {"change": trans}}
        )
    data = builder.build()
    result = run_analysis(ItsmMaturity(), data, {})
    s = {r["stage"]: r for r in result.table("stages").records()}
    assert s["Operation"]["mean"] == pytest.approx(2.0)
    assert s["Transition"]["mean"] == pytest.approx(3.5)
    overall_table = result.table("overall")
    [overall] = overall_table.records()
    assert overall["mean"] == pytest.approx(8 / 3) and overall["n"] == 3
    # The interval is the mean's over the three people: sd of (3, 3, 2) is 1/sqrt(3).
    half = 4.302652729911275 * (1 / math.sqrt(3)) / math.sqrt(3)  # t(0.975, 2) s / sqrt(n)
    assert overall["ci_low"] == pytest.approx(8 / 3 - half)
    assert overall["ci_high"] == pytest.approx(8 / 3 + half)
    shown = overall_table.format_cell(0, overall_table.column_index("mean"))
    assert shown == "2.67"
    assert result.findings[0].startswith("Overall maturity 2.67 of 5 (defined;")
    [headline] = [
        h
        for h in headline_summary([result], [], data).headlines
        if h.measure == "Overall maturity (0–5)"
    ]
    assert headline.score_text == "2.67 of 5" and headline.respondents == 3  # as the finding


def test_itsm_check(builder):
    assert "itsm-maturity" in ItsmMaturity().check(builder.build()).reason


def test_itsm_ladder_ties_are_named_and_half_is_not_most(builder):
    """A ladder split 2–2 is a tie, not 'most respondents' on the lower rung; 2 of 4 on one
    rung is the most common position, not 'most respondents'."""
    form = "itsm-maturity"
    builder.question(
        form, "ops", "matrix", {"stage": "operation"}, scale=(0, 5), items=("incident",)
    )
    builder.question(form, "pl", "single", {"construct": "problem-ladder"}, scale=None)
    builder.question(form, "cl", "single", {"construct": "cost-ladder"}, scale=None)
    rows = {
        "t1": (("solve", 1), ("unknown", 1)),
        "t2": (("solve", 1), ("know", 2)),
        "t3": (("faster", 2), ("know", 2)),
        "t4": (("faster", 2), ("prove", 3)),
    }
    for rid, (pl, cl) in rows.items():
        builder.respondent(rid, "it")
        builder.interview(f"x-{rid}", rid, form, {"ops": {"incident": 2}, "pl": pl, "cl": cl})
    result = run_analysis(ItsmMaturity(), builder.build(), {})
    ladders = result.table("ladders").records()
    problem = [r for r in ladders if r["ladder"] == "Problem ladder"]
    assert [r["modal"] for r in problem] == ["yes (tied)", "yes (tied)", ""]
    text = " ".join(result.findings)
    assert "Problem ladder: tied between rung 1" in text
    assert "and rung 2" in text and "2 of 4 respondents each" in text
    assert "Problem ladder: most respondents" not in text
    assert "Cost ladder: the most common position is rung 2" in text
    assert "2 of 4 respondents" in text
    assert "Cost ladder: most respondents" not in text


def test_satisfaction_loyalty_counts_each_person_once(builder):
    """c1 answered twice in the wave: (5, 5, 10, 6, 2) and again (3, 3, 4, 2, 4). Worked by
    hand, c1 is one person with the means (4, 4, 7, 4, 3): a hostage (satisfaction 4 < 5,
    loyalty 4 ≥ 4), a passive (7), effort 4. Five people, not six: hostages c1, c3, c5
    (3 of 5), no loyalist and so no apostle; NPS = 1 promoter (c5: 9) − 1 detractor (c4: 2)
    of 5 = 0; mean effort (4 + 5 + 3 + 2 + 7) / 5 = 4.20; every n is 5 people."""
    add_satisfaction(builder)
    builder.interview(
        "s-c1-again",
        "c1",
        "satisfaction-loyalty",
        {"sat": 3, "loy": 3, "rec": 4, "ces": 2, "bar": 4},
    )
    result = run_analysis(SatisfactionLoyalty(), builder.build(), {})
    m = {r["group"].strip(): r for r in result.table("matrix").records()}
    assert sum(m[g]["count"] for g in ("Loyalists", "Mercenaries", "Hostages", "Defectors")) == 5
    assert m["Hostages"]["count"] == 3 and m["Hostages"]["share"] == pytest.approx(3 / 5)
    assert m["Loyalists"]["count"] == 0 and m["of which apostles"]["count"] == 0
    assert m["Mercenaries"]["count"] == 1  # c2 alone
    assert m["Hostages"]["satisfaction"] == pytest.approx((4 + 3 + 4) / 3)
    [nps] = result.table("nps").records()
    assert nps["n"] == 5 and nps["nps"] == pytest.approx(0.0)
    assert nps["passives"] == pytest.approx(3 / 5)  # c1 (7), c2 (8), c3 (7)
    [effort] = result.table("effort").records()
    assert effort["n"] == 5 and effort["mean"] == pytest.approx(4.2)
    seg = {r["segment"]: r for r in result.table("segments").records()}
    assert seg["A"]["n"] == 2 and seg["A"]["effort"] == pytest.approx((4 + 5) / 2)
    assert [c.label for c in result.table("nps").columns][1] == "Respondents"
    assert result.findings[0].startswith("Of 5 respondents, 0% are loyalists (0 apostles)")
    # The comparison's per-person score (the headline table's) is the same figure.
    scores = SatisfactionLoyalty().respondent_scores(builder.build(), {})
    from workbench.analysis.compare import per_respondent

    assert per_respondent(scores)["Customer effort, made it easy (1–7)"]["c1"] == 4.0
    # Evidence of the hostages still names c1's two responses.
    hostages = result.table("matrix").evidence[3].interview_ids  # row 3: Hostages
    assert {"s-c1", "s-c1-again"} <= set(hostages)


def test_the_hostages_barrier_is_read_by_its_value() -> None:
    """A hostage is loyal without being satisfied; the model reads a high switching barrier
    as the reason.  The finding says so only when the barrier is at least "hard" (4 of 5):
    2.33 (between "easy" and "neither") does not explain their staying."""
    from analyses.satisfaction_loyalty import _hostages_barrier

    assert _hostages_barrier(14 / 3) == (
        "Hostages report a mean switching barrier of 4.67 (1–5): loyal because they find it "
        "hard to leave."
    )
    assert _hostages_barrier(3.995).endswith("loyal because they find it hard to leave.")  # 4.00
    low = _hostages_barrier(7 / 3)
    assert low.startswith("Hostages report a mean switching barrier of 2.33 (1–5): below")
    assert "does not explain why they stay" in low


def test_json_sub_group_shares_are_rounded_as_the_group_shares(builder):
    """A sixth customer, c6 (5, 5): apostles c1 and c6 are 2 of 6 = 33% and loyalists too.
    The JSON (what ``workbench analyze --json`` prints) holds 0.33 for both, the number
    the window, the report and the workbook show, not 0.333… beside 0.33; the share
    agreeing it was easy (c1 6, c2 5, c5 7, c6 5: 4 of 6) reads 0.67 the same way."""
    import io
    import json

    from workbench.analysis.commands import print_result

    add_satisfaction(builder)
    builder.respondent("c6", "B")
    builder.interview(
        "s-c6", "c6", "satisfaction-loyalty", {"sat": 5, "loy": 5, "rec": 9, "ces": 5, "bar": 3}
    )
    result = run_analysis(SatisfactionLoyalty(), builder.build(), {})
    out = io.StringIO()
    print_result(result, True, out)
    tables = {t["name"]: t for t in json.loads(out.getvalue())["tables"]}
    matrix = tables["matrix"]
    share = matrix["columns"].index("share")
    rows = {r[0].strip(): r for r in matrix["rows"]}
    shown = {d[0].strip(): d for d in matrix["display"]}
    assert rows["Loyalists"][share] == rows["of which apostles"][share] == 0.33
    assert shown["Loyalists"][share] == shown["of which apostles"][share] == "33%"
    assert rows["of which terrorists"][share] == 0.17  # c4: 1 of 6
    effort = tables["effort"]
    assert effort["rows"][0][effort["columns"].index("easy_share")] == 0.67
    # Every share in the result is stored as displayed.
    from workbench.analysis.numbers import rounded

    for t in result.tables:
        for c, col in enumerate(t.columns):
            if col.kind == "percent":
                for row in t.rows:
                    if row[c] is not None and row[c] == row[c]:
                        assert row[c] == rounded(row[c], "percent", col.fmt), (t.name, col.name)


def test_compared_shares_are_stored_as_the_percent_shown(builder):
    """The re-audit has 7 customers, 2 of them loyalists (c1 5/5 and c6 5/4): 2 of 7 is
    29% (0.29 once rounded), stored as 29 in the comparison, not 28.999999999999996;
    the baseline's 1 of 5 is 20, so the change is +9 points."""
    from workbench.analysis.registry import compare_waves

    add_satisfaction(builder)
    again = {
        "c1": (5, 5),
        "c2": (4, 3),
        "c3": (3, 3),
        "c4": (2, 2),
        "c5": (4, 4),
        "c6": (5, 4),
        "c7": (1, 5),
    }
    for rid, (sat, loy) in again.items():
        if rid not in builder.segment_of:
            builder.respondent(rid, "B")
        answers = {"sat": sat, "loy": loy, "rec": 8, "ces": 4, "bar": 3}
        builder.interview(
            f"r-{rid}", rid, "satisfaction-loyalty", answers, wave="re-audit", wave_order=2
        )
    result = compare_waves(SatisfactionLoyalty(), builder.build(), "baseline", "re-audit", {})
    table = result.table("matrix_change")
    rows = {(r[0], r[1]): r for r in table.rows}
    assert rows[("Loyalists", "Share (%)")][2:] == [20.0, 29.0, 9.0]
    r = list(rows).index(("Loyalists", "Share (%)"))
    assert [table.format_cell(r, c) for c in (2, 3, 4)] == ["20%", "29%", "+9 pts"]
    assert result.to_json_dict()["tables"][1]["rows"][r][2:] == [20.0, 29.0, 9.0]
