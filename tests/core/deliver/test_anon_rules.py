"""The anonymiser's rules on hand-made input: what is a name, quasi-identifiers and k,
small table cells."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table
from workbench.deliver.anonymise import (
    OTHER,
    WITHHELD,
    Anonymiser,
    generalise,
    smallest_group,
)
from workbench.deliver.context import RespondentRow

PEOPLE = [
    RespondentRow("R01", "Catherine Price", "Head of IT operations", "Management", "management"),
    RespondentRow("R02", "Oliver Grant", "Team leader", "Service Desk", "staff"),
    RespondentRow("R03", "Grace O'Neill", "Analyst", "Service Desk", "staff"),
    RespondentRow("R04", "Zoë Ångström", "Engineer", "Hosting", "staff"),
]


def test_lowercase_words_that_match_name_parts_survive():
    a = Anonymiser(PEOPLE)
    text = "A grant covers the grace period; the price went up."
    assert a.scrub(text) == text
    assert a.scrub_prose(text) == text and a.scrub_label(text) == text


def test_capitalised_name_parts_and_full_names_are_replaced_as_whole_words():
    a = Anonymiser(PEOPLE)
    n = a.number(PEOPLE[0])
    out = a.scrub(
        "Grant said that Catherine  Price and O\u2019Neill agreed; GRANT too. Grantham stays."
    )
    assert out == (
        f"[name] said that [Respondent {n}] and [name] agreed; [name] too. Grantham stays."
    )
    # Unicode-aware word boundaries: a name inside a longer word is not a name.
    assert a.scrub("Zoë met Ångström; Zoëtrope and Ångströms stay.") == (
        "[name] met [name]; Zoëtrope and Ångströms stay."
    )


def test_vocabulary_words_survive_in_labels_and_prose_but_not_in_verbatim_text():
    a = Anonymiser(PEOPLE, vocabulary={"Price", "Market", "price"})
    # The measure "Price" while a respondent is called Price.
    assert a.scrub_label("Price") == "Price"
    assert a.scrub_prose("Price is the weakest measure; Grant agreed.") == (
        "Price is the weakest measure; [name] agreed."
    )
    # What somebody said is scrubbed of every name part.
    assert a.scrub("Price said the desk is slow.") == "[name] said the desk is slow."
    assert a.scrub_label("Catherine Price") == f"[Respondent {a.number(PEOPLE[0])}]"
    # Words of the analyses' own text are protected on request.
    b = Anonymiser([RespondentRow("R1", "James Whitaker")])
    assert b.scrub_label("Martilla & James") == "Martilla & [name]"
    b.protect({"Martilla", "James"})
    assert b.scrub_label("Martilla & James") == "Martilla & James"
    assert b.scrub_label("James Whitaker") == "[Respondent 1]"


def test_extra_terms_are_withheld_everywhere():
    a = Anonymiser(PEOPLE, terms=["Harbour Group", "acme cloud", "  "])
    out = a.scrub_label("Harbour  Group moved to Acme Cloud (ACME CLOUD); harbour group stays")
    assert out == "[withheld] moved to [withheld] ([withheld]); harbour group stays"
    assert [r.kind for r in a.log if r.kind == "term"] == ["term"] * 3


def test_generalise_hand_worked():
    # B and C are rare (4 people < 5): A joins them so that Other holds k; nothing left.
    units = ["A"] * 6 + ["B"] * 3 + ["C"]
    recs = [{"unit": u} for u in units]
    assert [r["unit"] for r in generalise(recs, ["unit"], 5)] == [OTHER] * 10
    # A ×5, B ×5, C ×2, D ×3: C and D join into Other (5); A and B stay.
    units = ["A"] * 5 + ["B"] * 5 + ["C"] * 2 + ["D"] * 3
    out = generalise([{"unit": u} for u in units], ["unit"], 5)
    assert [r["unit"] for r in out] == ["A"] * 5 + ["B"] * 5 + [OTHER] * 5
    # Two columns each fine alone but not together: the one with more values is withheld.
    recs = [{"role": r, "seg": s} for r, s in [("x", "p")] * 5 + [("y", "q")] * 5]
    recs += [{"role": "x", "seg": "q"}] * 2 + [{"role": "y", "seg": "p"}] * 3
    out = generalise(recs, ["role", "seg"], 5)
    assert smallest_group(out, ["role", "seg"]) >= 5
    assert {r["role"] for r in out} == {WITHHELD} and {r["seg"] for r in out} == {"p", "q"}
    # Fewer people than k: nothing can be shown.
    assert generalise([{"unit": "A"}] * 3, ["unit"], 5) == [{"unit": WITHHELD}] * 3


def test_generalise_keeps_an_empty_value_empty():
    """Not given is no category: it never becomes "Other"."""
    roles = [""] * 5 + ["A"] * 5 + ["B"] * 2
    out = generalise([{"role": r} for r in roles], ["role"], 5)
    # B is rare and A joins it so that Other holds k (the empty roles do not join it);
    # the five empty roles stay empty.
    assert [r["role"] for r in out] == [""] * 5 + [OTHER] * 7
    a = Anonymiser(
        [RespondentRow(f"R{i:02d}", f"Given{chr(65 + i)} Fam", "", "", "staff") for i in range(6)]
    )
    assert {a.quasi(f"R{i:02d}")["role"] for i in range(6)} == {""}
    assert not [r for r in a.log if r.what == "" and r.replaced_by == OTHER]


def test_generalise_withholds_the_segment_last_and_says_why():
    # Segment p/q (6 each) is fine alone; with the site (x/y) it makes groups of 1 and 5:
    # the site goes, the segment stays.
    recs = [{"site": "x", "seg": "p"}] * 5 + [{"site": "y", "seg": "p"}]
    recs += [{"site": "y", "seg": "q"}] * 5 + [{"site": "x", "seg": "q"}]
    reasons: list = []
    out = generalise(recs, ["site", "seg"], 5, withhold_last=["seg"], reasons=reasons)
    assert {r["site"] for r in out} == {WITHHELD}
    assert [r["seg"] for r in out] == [r["seg"] for r in recs]
    assert reasons == [("site", ["seg"], 2)]
    # Without the rule the column with more values would go: here a tie, the first kept.
    out = generalise(recs, ["site", "seg"], 5, withhold_last=["site"])
    assert {r["seg"] for r in out} == {WITHHELD}


def test_labels_show_pseudonym_and_a_shared_segment_only():
    segments = ["staff"] * 6 + ["management"] * 3 + ["external customer"] * 5
    people = [
        RespondentRow(
            f"R{i:02d}",
            f"Given{chr(65 + i)} Family{chr(65 + i)}",
            f"Role {i}",
            f"Unit {i % 2}",
            seg,
        )
        for i, seg in enumerate(segments)
    ]
    a = Anonymiser(people, k=5)
    staff = a.label(people[0])
    assert staff == f"Respondent {a.number(people[0])} (staff)"
    # Three managers: their segment joins the customers' as Other and is not shown.
    manager = people[7]
    assert a.quasi(manager)["segment"] == OTHER
    assert a.label(manager) == f"Respondent {a.number(manager)}"
    # No job title is kept beside a pseudonym: every role is held by one person; units
    # split the staff into groups of three, so the unit is withheld.
    assert {a.quasi(p)["role"] for p in people} == {OTHER}
    assert {a.quasi(p)["org_unit"] for p in people} == {WITHHELD}
    records = [a.quasi(p) for p in people]
    assert smallest_group(records, ["role", "org_unit", "segment"]) >= 5


def test_small_cells_are_suppressed_with_a_marker_and_a_note():
    table = Table(
        "by_segment",
        "Scores by segment",
        [
            Column("segment", "Segment"),
            Column("mean", "Mean", "float", "0.00"),
            Column("n", "Respondents", "int", "0"),
        ],
        [["staff", 5.5, 8], ["management", 6.25, 4], ["external customer", 4.9, 5]],
    )
    result = AnalysisResult(
        "x", "X", tables=[table], figures=[FigureSpec("bars", "Scores", lambda fig: None)]
    )
    a = Anonymiser(PEOPLE, k=5)
    out = a.suppress_small_cells(result)
    # The chart would show the management's mean: it is left out, and the method says so.
    assert out.figures == [] and "Charts are left out" in out.method_notes[-1]
    assert len(result.figures) == 1
    rows = out.tables[0].rows
    assert rows[0] == ["staff", 5.5, 8]
    assert rows[1] == ["management", "n<5", "n<5"]
    # The 4 managers' mean would follow from the whole sample's (17 people) less the staff
    # and the external customers': the next smallest segment (5) is withheld with them.
    assert rows[2] == ["external customer", "[withheld]", "[withheld]"]
    assert "fewer than 5 respondents" in out.tables[0].note
    assert "next smallest group" in out.tables[0].note
    assert any("complementary suppression" in n for n in out.method_notes)
    assert result.tables[0].rows[1] == ["management", 6.25, 4]  # the original is untouched
    kinds = [r.kind for r in a.log if r.kind in ("cell", "chart")]
    assert kinds == ["cell", "cell", "chart"]
    assert Anonymiser(PEOPLE, k=4).suppress_small_cells(result) is result


def test_k_must_be_a_count():
    from workbench.deliver.context import ReportOptions

    with pytest.raises(ValueError, match="k must be"):
        ReportOptions(k=0)


def test_figures_on_the_same_few_people_go_with_a_suppressed_cell():
    """A suppressed row's other figures (a text cell "Feasibility (2.33)") and the findings
    that repeat them ("6% are loyalists (1 apostle)", "-0.80 († 3 respondents)") go too;
    a finding on enough people, and a text cell without figures, stay."""
    table = Table(
        "matrix",
        "Groups",
        [
            Column("group", "Group"),
            Column("n", "Respondents", "int", "0"),
            Column("score", "Score", "float", "0.00"),
            Column("drivers", "Weakest drivers"),
            Column("between", "Between"),
        ],
        [
            ["Loyalists", 1, 4.5, "Feasibility (2.33)", "management vs customers"],
            ["  of which apostles", 1, 5.0, "", ""],
            ["Mercenaries", 5, 4.0, "", ""],
            ["Hostages", 6, 3.17, "Tools (3.00)", "staff vs customers"],
        ],
    )
    findings = [
        "Of 16 respondents, 6% are loyalists (1 apostle), 38% hostages.",
        "The widest gap is gap 1: -0.80 († 3 respondents).",
        "Hostages report a mean switching barrier of 3.83.",
    ]
    result = AnalysisResult("x", "X", tables=[table], findings=findings)
    a = Anonymiser(PEOPLE, k=5)
    out = a.suppress_small_cells(result)
    assert out.tables[0].rows[0] == ["Loyalists", "n<5", "n<5", "n<5", "management vs customers"]
    # The loyalists alone suppressed: the mercenaries (the next smallest group, not the
    # apostles within the loyalists) are withheld with them.
    assert out.tables[0].rows[2] == ["Mercenaries", *["[withheld]"] * 2, "", ""]
    assert out.tables[0].rows[3] == table.rows[3]
    assert out.findings == ["Hostages report a mean switching barrier of 3.83."]
    assert any("Findings resting on fewer than 5" in n for n in out.method_notes)
    assert [r.kind for r in a.log].count("finding") == 2


def test_a_suppressed_interval_shows_its_marker_once():
    """A change on 3 respondents, suppressed: the report's 95% CI cell reads "n<5", not
    "n<5 to n<5"; an interval on enough people still reads "low to high"."""
    import pandas as pd

    from workbench.analysis.compare import change_table, compare_measure
    from workbench.deliver.word_text import _change_table_rows

    few = compare_measure("Few", pd.Series([1, 2, 3.0]), pd.Series([2, 2, 4.0]))
    many = compare_measure("Many", pd.Series([1, 2, 3, 4, 5.0]), pd.Series([2, 2, 4, 5, 7.0]))
    table = change_table([few, many], "baseline", "re-audit")
    out = Anonymiser(PEOPLE, k=5).suppress_small_cells(AnalysisResult("x", "X", tables=[table]))
    _headers, rows, _numeric = _change_table_rows(out.tables[0])
    assert rows[0][4] == "n<5"
    assert rows[1][4] == f"{out.tables[0].format_cell(1, 4)} to {out.tables[0].format_cell(1, 5)}"


def test_unset_fields_are_numbered_and_generalised_as_blanks() -> None:
    """A respondent whose segment, unit or role is unset (None, or NaN from a data frame)
    is ordered and generalised like one whose field is blank, never compared with text."""
    from workbench.deliver.anonymise import Anonymiser
    from workbench.deliver.context import RespondentRow

    nan = float("nan")
    rows = [
        RespondentRow("R01", "Ann Ames", "Analyst", "Finance", "staff"),
        RespondentRow("R02", "Bo Berg", nan, nan, nan),  # type: ignore[arg-type]
        RespondentRow("R03", "Cy Cole", None, None, None),  # type: ignore[arg-type]
    ]
    anon = Anonymiser(rows, k=1)
    assert [r.name for r in anon.rows()] == ["Bo Berg", "Cy Cole", "Ann Ames"]
    assert anon.quasi("Bo Berg")["segment"] == anon.quasi("Cy Cole")["segment"] == ""
    assert anon.quasi("Bo Berg")["role"] == ""
    Anonymiser(rows, k=2)  # generalising blanks among text: no comparison of NaN and text


def test_a_column_that_adds_up_to_a_suppressed_row_is_withheld():
    """The matrix suppresses the 2 loyalists of 12 (and the 3 defectors); by segment, 1 of
    6 staff (17%) and 1 of 6 managers (17%) are loyalists: 17% × 6 + 17% × 6 gives the 2
    back.  The by-segment table's loyalists and defectors columns are withheld; its
    hostages, whom the matrix shows, stay."""
    matrix = Table(
        "matrix",
        "Satisfaction–loyalty matrix",
        [Column("group", "Group"), Column("count", "Respondents", "int", "0")],
        [["Loyalists", 2], ["Mercenaries", 0], ["Hostages", 7], ["Defectors", 3]],
    )
    by_segment = Table(
        "segments",
        "By segment",
        [
            Column("segment", "Segment"),
            Column("n", "Respondents", "int", "0"),
            Column("loyalists", "Loyalists", "percent", "0%"),
            Column("hostages", "Hostages", "percent", "0%"),
            Column("defectors", "Defectors", "percent", "0%"),
        ],
        [["staff", 6, 0.17, 0.5, 0.33], ["management", 6, 0.17, 0.67, 0.17]],
    )
    a = Anonymiser(PEOPLE, k=5)
    out = a.suppress_small_cells(AnalysisResult("x", "X", tables=[matrix, by_segment]))
    assert [r[1] for r in out.tables[0].rows] == ["n<5", 0, 7, "n<5"]
    assert out.tables[1].rows == [
        ["staff", 6, "[withheld]", 0.5, "[withheld]"],
        ["management", 6, "[withheld]", 0.67, "[withheld]"],
    ]
    assert "The Loyalists and Defectors columns are withheld" in out.tables[1].note
    assert [r.what for r in a.log if r.kind == "column"] == ["Loyalists", "Defectors"]


def test_each_codes_groups_are_a_whole_of_their_own():
    """Cases per code by segment: a code's segments add up to the code's cases, so a code
    with one segment suppressed has its next smallest withheld too; another code's rows,
    none suppressed, stay as they are."""
    table = Table(
        "frequency",
        "Segments and cases per code by segment",
        [
            Column("code", "Code"),
            Column("group", "Respondent segment"),
            Column("cases", "Cases (respondents)", "int", "0"),
        ],
        [
            ["Ownership", "staff", 6],
            ["Ownership", "management", 3],
            ["Ownership", "customers", 9],
            ["Price", "staff", 7],
            ["Price", "management", 8],
            ["Price", "customers", 5],
        ],
    )
    out = Anonymiser(PEOPLE, k=5).suppress_small_cells(AnalysisResult("x", "X", tables=[table]))
    assert [r[2] for r in out.tables[0].rows] == ["[withheld]", "n<5", 9, 7, 8, 5]


def test_a_finding_on_a_suppressed_row_or_a_result_on_fewer_than_k_is_left_out():
    """ "Customer effort: mean 4.75 …" gives the figures of the suppressed "Customer effort
    score" row (3 respondents) though it names no count: it goes, the NPS on 12 stays.  A
    result resting as a whole on 4 respondents keeps no finding at all."""
    table = Table(
        "scores",
        "Scores",
        [
            Column("measure", "Measure"),
            Column("mean", "Mean", "float", "0.00"),
            Column("n", "Respondents", "int", "0"),
        ],
        [["Net Promoter Score", -8.0, 12], ["Customer effort score", 4.75, 3]],
    )
    findings = [
        "NPS -8 (25% promoters, 33% detractors).",
        "Customer effort: mean 4.75 on 1–7; 67% agree it was easy (5–7).",
    ]
    a = Anonymiser(PEOPLE, k=5)
    out = a.suppress_small_cells(AnalysisResult("x", "X", tables=[table], findings=findings))
    assert out.tables[0].rows[1] == ["Customer effort score", "n<5", "n<5"]
    assert out.findings == ["NPS -8 (25% promoters, 33% detractors)."]
    # Another subject, though its first word is the suppressed row's, is another finding.
    other = ["Customer satisfaction: mean 5.10 on 1–7."]
    kept = a.suppress_small_cells(AnalysisResult("x", "X", tables=[table], findings=other))
    assert kept.findings == other

    whole = Table(
        "effort",
        "Effort",
        [Column("measure", "Measure"), Column("mean", "Mean", "float", "0.00")],
        [["Made it easy", 4.75]],
    )
    few = AnalysisResult("x", "X", tables=[whole], findings=findings, respondents=4)
    out = Anonymiser(PEOPLE, k=5).suppress_small_cells(few)
    assert out.findings == []
    assert any("Findings resting on fewer than 5" in n for n in out.method_notes)
    assert out.tables == few.tables  # no row of its own to suppress: the tables stay
    enough = replace(few, respondents=5)
    assert Anonymiser(PEOPLE, k=5).suppress_small_cells(enough) is enough


def test_an_analysis_scope_names_a_segment_only_as_the_deliverable_shows_it():
    """The scope of an analysis run on the 2 managers never names them; on 6 staff alone,
    the staff are named as everywhere else."""
    staff = [RespondentRow(f"R{i}", f"Person {i}", "", "", "staff") for i in range(6)]
    bosses = [RespondentRow(f"M{i}", f"Boss {i}", "", "", "management") for i in range(2)]
    a = Anonymiser(staff + bosses, k=5)
    assert a.segment_shown("management") in (WITHHELD, OTHER)
    result = AnalysisResult("x", "X", scope="segment: management; wave: baseline")
    out = a.suppress_small_cells(result)
    assert out.scope == f"segment: {a.segment_shown('management')}; wave: baseline"
    assert "management" not in out.scope
    alone = Anonymiser(staff, k=5)
    assert alone.segment_shown("staff") == "staff"
    result = AnalysisResult("x", "X", scope="segment: staff; wave: baseline")
    assert alone.suppress_small_cells(result) is result
