"""Two consultants' copies merged: a passage coded by both counts and is quoted once.

Worked by hand.  Tess and Ben coded three completed answers:

* Hugh, "Price is too high and the team is friendly." (43 characters): Price by Tess on
  0–20 and by Ben on 0–43 — overlapping, one passage, the whole sentence;
* Alice, "Nobody answers the phone. Tickets sit for days." (47): Responsiveness by both
  on 0–25 (identical, one passage) and by Tess alone on 26–47 (a passage of its own);
* Bob, "Tickets get lost between teams." (31): Responsiveness by Tess on 0–31 and by
  Ben on 0–16 (one passage), Ownership by Ben on 12–31.

Segments: Price 2, Responsiveness 5, Ownership 1.  Passages: Price 1 (1 respondent),
Responsiveness 3 (Alice 2, Bob 1: 2 respondents), Ownership 1.  Overlapping passages of
different codes: Responsiveness and Ownership on Bob's answer, once (Tess's and Ben's
Responsiveness segments would make it twice).  Inter-coder agreement on Price still sees
each coder's own segments: both on 20 characters, Ben alone on 23.
"""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form

KEY = "satisfaction_reason"
HUGH = "Price is too high and the team is friendly."
ALICE = "Nobody answers the phone. Tickets sit for days."
BOB = "Tickets get lost between teams."


@pytest.fixture
def merged(store):
    from workbench.coding.service import answer_source

    codes: dict[str, str] = {}

    def code(iid: str, name: str, start: int, end: int, coder: str) -> None:
        if name not in codes:
            codes[name] = store.add_code(name).id
        source = answer_source(store, iid, KEY)[0]
        store.code_segment(codes[name], "answer", source, start, end, coder=coder)

    interviews = {}
    for person, text in (("Hugh Hill", HUGH), ("Alice Adams", ALICE), ("Bob Baker", BOB)):
        iv = store.new_interview(
            store.add_respondent(person).id, builtin_form("satisfaction-loyalty")
        )
        store.set_answer(iv.id, KEY, text)
        interviews[person] = iv.id
    hugh, alice, bob = interviews.values()
    code(hugh, "Price", 0, 20, "Tess")
    code(hugh, "Price", 0, 43, "Ben")
    code(alice, "Responsiveness", 0, 25, "Tess")
    code(alice, "Responsiveness", 0, 25, "Ben")
    code(alice, "Responsiveness", 26, 47, "Tess")
    code(bob, "Responsiveness", 0, 31, "Tess")
    code(bob, "Responsiveness", 0, 16, "Ben")
    code(bob, "Ownership", 12, 31, "Ben")
    for iid in interviews.values():
        store.update_interview(iid, status="complete")
    from workbench.analysis.loader import load_engagement_data

    return load_engagement_data(store)


def run(analysis, data, **params):
    from workbench.analysis.api import TaskState

    return analysis.run(data, params, TaskState())


def test_the_words_of_the_answers_are_as_worked_by_hand(merged) -> None:
    assert (len(HUGH), len(ALICE), len(BOB)) == (43, 47, 31)
    assert (HUGH[0:20], ALICE[0:25], ALICE[26:47]) == (
        "Price is too high an", "Nobody answers the phone.", "Tickets sit for days.")  # fmt: skip
    assert (BOB[0:16], BOB[12:31]) == ("Tickets get lost", "lost between teams.")
    assert len(merged.segments) == 8


def test_code_frequency_counts_a_passage_coded_by_both_once(merged) -> None:
    from analyses.code_frequency import CodeFrequency

    result = run(CodeFrequency(), merged)
    rows = {r["code"]: (r["segments"], r["cases"]) for r in result.table("frequency").records()}
    assert rows == {"Ownership": (1, 1), "Price": (1, 1), "Responsiveness": (3, 2)}
    assert "'Responsiveness' was coded most often: 3 segments." in result.findings
    assert any(
        "Passages of one code that overlap count once, whoever coded them" in n
        for n in result.method_notes
    )
    # The evidence names one segment per passage, so what it counts is what the table
    # counts (the report's "Source: … 5 coded segments" under a table of 1 + 3 + 1).
    table = result.table("frequency")
    codes = table.column("code")
    counted = {codes[row]: len(e.segment_ids) for row, e in table.evidence.items()}
    assert counted == {"Ownership": 1, "Price": 1, "Responsiveness": 3}


def test_cooccurrence_counts_the_joined_passage_once(merged) -> None:
    from analyses.code_cooccurrence import CodeCooccurrence

    result = run(CodeCooccurrence(), merged)
    pairs = [({p["code_a"], p["code_b"]}, p["count"]) for p in result.table("pairs").records()]
    assert pairs == [({"Ownership", "Responsiveness"}, 1)]  # (in either order)
    matrix = result.table("matrix")
    diagonal = {row[0]: row[1 + i] for i, row in enumerate(matrix.rows)}
    assert diagonal == {"Ownership": 1, "Price": 1, "Responsiveness": 3}
    # the evidence: the two passages on Bob's answer
    assert len(result.table("pairs").evidence[0].segment_ids) == 2


def test_the_report_quotes_a_passage_coded_by_both_once_in_full(store, merged) -> None:
    from workbench.deliver.build import _quotes

    quotes = sorted((q.code_path, q.respondent_name, q.text) for q in _quotes(store, merged))
    assert quotes == [
        ("Ownership", "Bob Baker", "lost between teams."),
        ("Price", "Hugh Hill", HUGH),
        ("Responsiveness", "Alice Adams", "Nobody answers the phone."),
        ("Responsiveness", "Alice Adams", "Tickets sit for days."),
        ("Responsiveness", "Bob Baker", BOB),
    ]


def test_intercoder_agreement_still_sees_each_coders_own_segments(merged) -> None:
    from analyses.intercoder_agreement import IntercoderAgreement

    result = run(IntercoderAgreement(), merged, coder_a="Tess", coder_b="Ben")
    rows = {r["code"]: r for r in result.table("kappa").records()}
    price = rows["Price"]
    # N = 43 + 47 + 31 = 121 characters of the three answers both coded.
    assert (price["a"], price["b"], price["c"], price["d"]) == (20, 0, 23, 121 - 43)
    # Responsiveness: both 25 (Alice) + 16 (Bob); Tess alone 21 (Alice) + 15 (Bob).
    resp = rows["Responsiveness"]
    assert (resp["a"], resp["b"], resp["c"]) == (41, 36, 0)


def test_the_word_report_says_the_same_numbers_and_quotes_once(
    store, merged, engagement_path, tmp_path
) -> None:
    """The report's finding, table, source line and quotes appendix, read back."""
    import io

    import docx

    from workbench.cli import main

    store.close()
    target = tmp_path / "r.docx"
    argv = ["report", str(engagement_path), "-o", str(target), "--analysis", "code-frequency"]
    assert main(argv, out=io.StringIO()) == 0
    document = docx.Document(target)
    text = [p.text for p in document.paragraphs]
    assert "'Responsiveness' was coded most often: 3 segments." in text
    assert any(t.startswith("Source: ") and t.endswith("; 5 coded segments.") for t in text)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Segments")
    rows = {r.cells[0].text: r.cells[1].text for r in list(table.rows)[1:]}
    assert rows == {"Ownership": "1", "Price": "1", "Responsiveness": "3"}
    quoted = [t for t in text if t.startswith("\u201c")]
    assert quoted.count(f"\u201c{HUGH}\u201d") == 1
    assert not any("Price is too high an\u201d" in t for t in quoted)
    assert quoted.count(f"\u201c{BOB}\u201d") == 1 and f"\u201c{BOB[:16]}\u201d" not in quoted
    assert quoted.count("\u201cNobody answers the phone.\u201d") == 1
