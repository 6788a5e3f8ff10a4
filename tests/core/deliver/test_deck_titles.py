"""Slides for analyses outside the findings register take an action title from their
headline scores (the executive summary's): the largest gap, else the weakest score."""

from __future__ import annotations

from workbench.deliver.deck_text import headline_title
from workbench.deliver.headlines import BETTER, NO_CLEAR_CHANGE, Headline


def h(measure: str, score: float | None, text: str = "", wave: str | None = None, **kw):
    shown = text or (f"{score:.2f}" if score is not None else "n<5")
    return Headline("x", "X", measure, score, shown, wave, **kw)


def test_the_largest_gap_leads() -> None:
    title = headline_title(
        [h("Unweighted score", -0.91), h("Weighted score", -1.02), h("Agreement (1–5)", 2.1)],
        latest_wave="re-audit",
    )
    assert title == "Weighted score shows the largest gap at -1.02"


def test_one_gap_from_an_earlier_wave_says_which() -> None:
    title = headline_title([h("Gap 5 (P − E)", -1.2, wave="baseline")], latest_wave="re-audit")
    assert title == "Gap 5 (P − E) falls short of expectations at -1.20 in the baseline"


def test_the_weakest_score_is_found_on_each_measures_own_scale() -> None:
    # 3.31 of 1–5 is 58% of the way up; 5.2 of 0–10 is 52%: the 0–10 one is the weaker.
    title = headline_title(
        [
            h("Satisfaction (1–5)", 3.31),
            h(
                "Likelihood to recommend (0–10)",
                5.2,
                change_text="+0.35",
                baseline_wave="baseline",
                verdict=NO_CLEAR_CHANGE,
            ),
        ]
    )
    assert title == (
        "Likelihood to recommend (0–10) is the weakest at 5.20, +0.35 since the baseline "
        "(no clear change)"
    )


def test_lower_is_better_measures_count_from_the_other_end() -> None:
    title = headline_title(
        [
            h("Sins observed (%)", 43, "43%", higher_is_better=False),
            h("Proactive share (%)", 38, "38%", change_text="+10 pts", verdict=BETTER),
        ]
    )
    # 43% sins is 57% of the way to the best end; 38% proactive is 38%: that one is weaker.
    assert title == "Proactive share (%) is the weakest at 38%, +10 pts since the baseline (better)"


def test_without_a_score_there_is_no_headline_title() -> None:
    assert headline_title([]) == ""
    assert headline_title([h("Weighted score", None)]) == ""  # suppressed under k


def test_a_score_below_zero_on_its_scale_is_no_gap() -> None:
    # NPS -20 on -100..+100 is 40% of the way up; 3.60 of 1–5 is 65%: the NPS is the
    # weakest score, not a shortfall against expectations.
    title = headline_title(
        [h("Satisfaction (1–5)", 3.6, "3.60 of 5"), h("NPS (-100 to +100)", -20, "-20")]
    )
    assert title == "NPS (-100 to +100) is the weakest at -20"
