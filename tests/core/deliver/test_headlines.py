"""The headline scores of a report: chosen measures, their change since the baseline and
the verdict, checked against hand-worked numbers; and on the demo engagement, equal to
the report's own comparison table."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.analysis.compare import change_table, compare_scores
from workbench.analysis.result import AnalysisResult
from workbench.deliver.headlines import (
    BETTER,
    NO_CLEAR_CHANGE,
    NOT_COMPARED,
    NOT_TESTED,
    WITHHELD,
    WORSE,
    Headline,
    HeadlineSummary,
    headline_measures,
    headline_summary,
)


def _scores(values: dict[str, list[float]], better: str = "higher") -> pd.DataFrame:
    rows = []
    for measure, scores in values.items():
        for i, s in enumerate(scores):
            rows.append(
                {"respondent_id": f"r{i}", "measure": measure, "score": s, "better": better}
            )
    return pd.DataFrame(rows)


def _compared(a: dict, b: dict, better: str = "higher") -> AnalysisResult:
    changes = compare_scores(_scores(a, better), _scores(b, better))
    out = AnalysisResult("x", "X: baseline → re-audit")
    out.tables.append(change_table(changes, "baseline", "re-audit"))
    return out


def test_headline_measures_prefer_the_overall_ones():
    assert headline_measures(["Tangibles gap", "Unweighted SERVQUAL score"]) == [
        "Unweighted SERVQUAL score"
    ]
    assert headline_measures(["Strategy (0–5)", "Overall maturity (0–5)", "Proactive (%)"]) == [
        "Overall maturity (0–5)",
        "Proactive (%)",
    ]
    # No overall measure: the first four.
    assert headline_measures(["a", "b", "c", "d", "e"]) == ["a", "b", "c", "d"]
    # "scores" inside a word is not "score".
    assert headline_measures(["Underscored", "b"]) == ["Underscored", "b"]
    # An analysis naming its own: those, in its order, beyond the first four.
    chosen = ("a", "b", "c", "nps", "e")
    assert headline_measures(["a", "b", "c", "e", "nps"], chosen) == list(chosen)


def test_a_clear_rise_is_better_with_hand_worked_numbers():
    # Six people, each one point up and the last two: mean change 7/6 = 1.1667.
    a = {"Overall score": [1, 2, 3, 4, 5, 6], "Part": [1, 1, 1, 1, 1, 1]}
    b = {"Overall score": [2, 3, 4, 5, 6, 8], "Part": [1, 1, 1, 1, 1, 1]}
    summary = headline_summary([AnalysisResult("x", "X", wave="re-audit")], [_compared(a, b)])
    assert summary.baseline_wave == "baseline" and summary.latest_wave == "re-audit"
    [h] = summary.headlines
    assert h.measure == "Overall score"
    assert (h.baseline_text, h.score_text, h.change_text) == ("3.50", "4.67", "+1.17")
    assert (h.baseline, h.score, h.change) == (3.5, 4.67, 1.17)
    assert h.verdict == BETTER and h.clear and h.respondents == 6
    assert h.change_phrase() == "+1.17 (better)"
    # t-interval of the paired differences (1,1,1,1,1,2): mean 7/6, sd 0.408, t(5)=2.5706
    # → 7/6 ± 2.5706 × 0.408/√6 = 0.738 to 1.595.
    assert h.ci_text == "+0.74 to +1.60"


def test_a_rise_of_a_lower_is_better_measure_is_worse():
    a = {"Total complaints": [1, 2, 3, 4, 5, 6]}
    b = {"Total complaints": [2, 3, 4, 5, 6, 8]}
    [h] = headline_summary([AnalysisResult("x", "X")], [_compared(a, b, "lower")]).headlines
    assert h.verdict == WORSE and not h.higher_is_better


def test_an_unclear_change_is_no_clear_change_and_a_small_one_not_tested():
    noisy_a = {"Overall score": [1, 5, 2, 6, 3, 4]}
    noisy_b = {"Overall score": [5, 1, 6, 2, 4, 3.5]}
    [h] = headline_summary([AnalysisResult("x", "X")], [_compared(noisy_a, noisy_b)]).headlines
    assert h.verdict == NO_CLEAR_CHANGE and not h.clear
    assert h.change_text == "+0.08"  # (21.5 − 21) / 6
    small = headline_summary(
        [AnalysisResult("x", "X")],
        [_compared({"Overall score": [1, 2]}, {"Overall score": [5, 6]})],
    ).headlines[0]
    assert small.verdict == NOT_TESTED and small.ci_text == ""  # no test: no verdict on it
    assert small.change_phrase() == "+4.00 (not tested)"
    assert "fewer than 5" in small.caution and small.respondents == 2


def test_a_share_reads_in_percent_and_points():
    a = {"Sins observed (%)": [0, 50, 100, 50, 0, 50]}
    b = {"Sins observed (%)": [50, 50, 100, 100, 50, 50]}
    [h] = headline_summary([AnalysisResult("x", "X")], [_compared(a, b)]).headlines
    assert (h.baseline_text, h.score_text, h.change_text) == ("42%", "67%", "+25 pts")


def test_an_nps_reads_signed_and_changes_in_points():
    """Each respondent +100, 0 or -100: at baseline 1 promoter, 2 passives and 3
    detractors of 6, (1 - 3) / 6 = -33; at re-audit 3, 2 and 1, +33; +66.7, so +67 pts."""
    nps = "NPS (-100 to +100)"
    a = {nps: [100, 0, 0, -100, -100, -100]}
    b = {nps: [100, 100, 100, 0, 0, -100]}
    [h] = headline_summary([AnalysisResult("x", "X")], [_compared(a, b)]).headlines
    assert (h.baseline_text, h.score_text, h.change_text) == ("-33", "+33", "+67 pts")
    assert h.score == 33 and h.baseline == -33


def test_wave_comparisons_chosen_in_the_report_are_not_headlines():
    compared = _compared({"Overall score": [1, 2, 3]}, {"Overall score": [2, 3, 4]})
    assert headline_summary([compared], [compared]).headlines == []


def test_suppressed_hides_small_headlines_and_logs_them():
    h = Headline("x", "X", "Overall score", 4.2, "4.20", "re-audit", respondents=3)
    big = Headline("x", "X", "Total", 1.0, "1.00", "re-audit", respondents=9)

    class Log:
        def __init__(self):
            self.rows = []

        def record(self, kind, what, by, where=None):
            self.rows.append((kind, what, by, where))

    log = Log()
    out = HeadlineSummary([h, big]).suppressed(5, log)
    assert out.headlines[0].score is None and out.headlines[0].score_text == "n<5"
    assert out.headlines[0].verdict == NOT_COMPARED
    assert out.headlines[1] == big
    assert log.rows == [
        ("cell", "Overall score: 3 respondent(s)", "n<5", "report: executive summary: X")
    ]


def test_a_suppressed_change_is_withheld_not_said_to_be_unclear():
    """A compared headline on fewer than k respondents shows n<k for its scores and its
    change; its verdict is withheld too: the change of 3 people, +1.00 on every one, is
    clear to the eye, and "no clear change" would say what the figures contradict."""
    from workbench.deliver.word_summary import headline_sentence

    compared = Headline(
        "x", "X", "Satisfaction (1–5)", 4.0, "4.00", "re-audit", baseline=3.0,
        baseline_text="3.00", baseline_wave="baseline", change=1.0, change_text="+1.00",
        p=0.001, verdict=BETTER, respondents=3,
    )  # fmt: skip
    summary = HeadlineSummary([compared], "baseline", "re-audit").suppressed(5)
    (out,) = summary.headlines
    assert (out.score_text, out.baseline_text, out.change_text) == ("n<5", "n<5", "n<5")
    assert out.verdict == WITHHELD and not out.clear
    assert summary.counts()[WITHHELD] == 1 and summary.counts()[NO_CLEAR_CHANGE] == 0
    sentence = headline_sentence(summary)
    assert "Of 1 headline score, 1 is withheld with its scores." in sentence
    assert "no clear change" not in sentence


@pytest.fixture(scope="module")
def demo_context(tmp_path_factory):
    from workbench.deliver.build import report_context
    from workbench.deliver.context import ReportOptions
    from workbench.demo import build_demo

    store = build_demo(tmp_path_factory.mktemp("headlines") / "demo.wbk")
    yield report_context(store, ReportOptions())
    store.close()


def test_demo_headlines_equal_the_comparison_tables(demo_context):
    summary = demo_context.headlines
    assert summary.baseline_wave == "baseline" and summary.latest_wave == "re-audit"
    compared = {c.analysis_id: c.tables[0] for c in demo_context.changes}
    # every analysis shown that gives a score (the code frequency counts codes: none)
    shown = {r.analysis_id for r in demo_context.results} - {"code-frequency"}
    assert "code-frequency" in {r.analysis_id for r in demo_context.results}  # coded material
    assert {h.analysis_id for h in summary.headlines} == shown
    for h in summary.headlines:
        if h.analysis_id not in compared:
            assert h.verdict == NOT_COMPARED and h.score is not None
            continue
        table = compared[h.analysis_id]
        r = table.column("measure").index(h.measure)
        assert h.score_text == table.format_cell(r, 2)
        assert h.baseline_text == table.format_cell(r, 1)
        assert h.change_text == table.format_cell(r, 3)
    by_measure = {h.measure: h for h in summary.headlines}
    assert by_measure["Unweighted SERVQUAL score"].verdict == NO_CLEAR_CHANGE
    assert by_measure["Overall maturity (0–5)"].verdict == BETTER


def test_demo_headlines_carry_the_sections_own_figures(demo_context):
    """A compared headline is the people in both waves' alone: SERVQUAL -1.14 at
    baseline over the 16 re-audited (the gaps table's Gap 5 is -1.20 over all 24 baseline
    respondents: a different group, not the baseline of this change). Gap 2 rests on the
    3 managers' drivers, (4.33 + 3.00 + 3.33 + 2.33) / 4 = 3.25, as the gaps section (it
    read 3.28, staff answers included)."""
    by_measure = {h.measure: h for h in demo_context.headlines.headlines}
    servqual = by_measure["Unweighted SERVQUAL score"]
    assert servqual.baseline_text == "-1.14" and servqual.respondents == 16
    assert servqual.change == pytest.approx(servqual.score - servqual.baseline, abs=0.011)
    gaps = next(r for r in demo_context.results if r.analysis_id == "gaps-model")
    five = gaps.table("gaps")
    assert five.format_cell(five.column("gap").index("Gap 5"), five.column_index("score")) == (
        "-1.20"
    )
    gap2 = by_measure["Gap 2 standards (design): drivers' mean agreement (1–7)"]
    assert gap2.score_text == "3.25 of 7" and gap2.respondents == 3


def test_the_summary_sentence_counts_untested_changes_apart():
    from workbench.deliver.word_summary import headline_sentence

    small = _compared({"Overall score": [1, 2]}, {"Overall score": [5, 6]})
    noisy = _compared(
        {"Overall score": [1, 5, 2, 6, 3, 4]}, {"Overall score": [5, 1, 6, 2, 4, 3.5]}
    )
    one = headline_summary([AnalysisResult("x", "X")], [small])
    other = headline_summary([AnalysisResult("x", "X")], [noisy])
    summary = HeadlineSummary(one.headlines + other.headlines, one.baseline_wave, one.latest_wave)
    sentence = headline_sentence(summary)
    assert "1 shows no clear change" in sentence
    assert "1 rests on too few people to test" in sentence


def test_scores_of_different_scales_side_by_side_each_say_their_scale():
    """A 1–5 mean beside a 0–10 one: each shows its scale ("3.40 of 5", "6.20 of 10"),
    in the headline, the comparison table it comes from and the deck's action title,
    so 3.40 is not read as the weaker of the two.  By hand: satisfaction 3, 4, 3, 4, 3
    in both waves (mean 3.40); recommend 6 × 5 then 6, 7, 6, 6, 6 (6.00 → 6.20)."""
    from workbench.deliver.deck_text import headline_title

    a = {"Satisfaction (1–5)": [3, 4, 3, 4, 3], "Likelihood to recommend (0–10)": [6] * 5}
    b = {"Satisfaction (1–5)": [3, 4, 3, 4, 3], "Likelihood to recommend (0–10)": [6, 7, 6, 6, 6]}
    compared = _compared(a, b)
    summary = headline_summary([AnalysisResult("x", "X", wave="re-audit")], [compared])
    shown = {h.measure: (h.baseline_text, h.score_text) for h in summary.headlines}
    assert shown == {
        "Satisfaction (1–5)": ("3.40 of 5", "3.40 of 5"),
        "Likelihood to recommend (0–10)": ("6.00 of 10", "6.20 of 10"),
    }
    # the numbers themselves are rounded once, as before
    assert [h.score for h in summary.headlines] == [3.4, 6.2]
    table = compared.tables[0]
    assert [table.format_cell(r, 2) for r in range(2)] == ["3.40 of 5", "6.20 of 10"]
    # 3.40 of 1–5 is 60% of the way up, 6.20 of 0–10 62%: satisfaction is the weaker
    # (the title's score names the scale, so the name need not say it twice)
    assert headline_title(summary.headlines) == (
        "Satisfaction is the weakest at 3.40 of 5, 0.00 since the baseline (no clear change)"
    )


def test_a_change_finding_names_each_mean_on_its_scale():
    from workbench.analysis.compare import change_findings

    # By hand: 1, 2, 2, 3, 2, 2 → 3, 4, 4, 5, 4, 4: each up 2 (p < 0.001), 2.00 → 4.00.
    changes = compare_scores(
        _scores({"Loyalty (1–5)": [1, 2, 2, 3, 2, 2]}),
        _scores({"Loyalty (1–5)": [3, 4, 4, 5, 4, 4]}),
    )
    finding = change_findings(changes, "baseline", "re-audit")[1]
    assert finding.startswith("Loyalty (1–5) rose (better) from 2.00 of 5 to 4.00 of 5 ")
