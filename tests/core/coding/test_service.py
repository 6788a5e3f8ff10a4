"""Coding work on a store without Qt: sources, rules → pending segments, retrieval, exchange."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.coding import retrieval, service
from workbench.coding.codebook import CodebookError
from workbench.coding.rules import Rule, RuleError, RuleSet
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement

NOTE = "The desk never calls back. When they do, the engineer is excellent and polite."


@pytest.fixture
def store(tmp_path: Path):
    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    s = open_engagement(path)
    s.add_wave("re-audit")
    yield s
    s.close()


@pytest.fixture
def world(store):
    ana = store.add_respondent("Ana", segment="staff", attributes={"site": "Leeds"})
    ben = store.add_respondent("Ben", segment="management", attributes={"site": "York"})
    form = builtin_form("stakeholder-interview")
    iv1 = store.new_interview(ana.id, form, wave_id=store.wave_by_name("baseline").id)
    iv2 = store.new_interview(ben.id, form, wave_id=store.wave_by_name("re-audit").id)
    n1 = store.add_note(iv1.id, NOTE)
    n2 = store.add_note(iv2.id, "Calls back within the hour; the engineer is excellent.")
    store.set_answer(iv1.id, "pain_points", "Nobody calls back about outages.")
    slow = store.add_code("Slow")
    good = store.add_code("Good engineer")
    store.code_segment(slow.id, "note", n1.id, 0, 25, coder="jo")  # The desk never calls back
    store.code_segment(good.id, "note", n1.id, 41, 71, coder="jo")  # the engineer is excellent
    store.code_segment(slow.id, "note", n1.id, 9, 36, coder="jo")  # never calls back. When they
    store.code_segment(good.id, "note", n2.id, 26, 54, coder="jo")
    return {"iv1": iv1.id, "iv2": iv2.id, "n1": n1.id, "n2": n2.id, "slow": slow.id,
            "good": good.id}  # fmt: skip


def test_interview_sources_list_notes_then_text_answers(store, world) -> None:
    sources = service.interview_sources(store, world["iv1"])
    assert [(s.kind, s.text) for s in sources] == [
        ("note", NOTE),
        ("answer", "Nobody calls back about outages."),
    ]
    assert sources[0].editable and not sources[1].editable
    assert "goes wrong" in sources[1].label


def test_rule_preview_stores_nothing_and_apply_makes_pending_segments(store, world) -> None:
    rules = RuleSet(
        [Rule("Slow", "phrase", "calls back"), Rule("Good engineer", "keyword", "polite")]
    )
    before = len(store.segments())
    proposals, missing = service.preview_rules(store, rules)
    assert missing == []
    assert len(store.segments()) == before
    found = {(p.source_id, p.text) for p in proposals}
    # "calls back" in note 1 is already coded Slow, so it is not proposed again
    assert (world["n1"], "calls back") not in found
    assert (world["n1"], "polite") in found
    assert (world["n2"], "Calls back") in found
    assert any(p.source_kind == "answer" and p.text == "calls back" for p in proposals)
    ids = service.apply_proposals(store, proposals, coder="rules")
    pending = service.pending_segments(store)
    assert sorted(s.id for s in pending) == sorted(ids)
    assert all(s.automatic and s.status == "pending" for s in pending)
    service.set_segments_deleted(store, ids, True)
    assert service.pending_segments(store) == []


def test_rule_codes_resolve_by_path_suffix_and_report_unknown(store, world) -> None:
    store.ensure_code_path("Book/Ops/Incident")
    found, missing = service.resolve_codes(store, ["Ops/Incident", "Nope", "Slow"])
    assert set(found) == {"Ops/Incident", "Slow"} and missing == ["Nope"]
    with pytest.raises(RuleError, match="not valid"):
        service.preview_rules(store, RuleSet([Rule("Slow", "regex", "(unclosed")]))


def test_retrieval_or_and_filters(store, world) -> None:
    both = retrieval.retrieve(store, [world["slow"], world["good"]], "or")
    assert len(both) == 4
    first = next(r for r in both if r.text == "The desk never calls back")
    assert first.respondent == "Ana" and first.wave == "baseline" and first.after.startswith(".")
    assert {r.respondent for r in retrieval.retrieve(store, [world["good"]])} == {"Ana", "Ben"}
    only_staff = retrieval.RetrievalFilter(respondent_segment="staff")
    assert {
        r.respondent for r in retrieval.retrieve(store, [world["good"]], filters=only_staff)
    } == {"Ana"}
    york = retrieval.RetrievalFilter(attribute=("site", "York"))
    assert [r.respondent for r in retrieval.retrieve(store, [world["good"]], filters=york)] == [
        "Ben"
    ]
    reaudit = retrieval.RetrievalFilter(wave="re-audit")
    assert len(retrieval.retrieve(store, [world["slow"]], filters=reaudit)) == 0
    # AND: Slow (0-25, 9-36) overlaps nothing coded Good (41-71) … add an overlapping one
    store.code_segment(world["good"], "note", world["n1"], 20, 30, coder="jo")
    together = retrieval.retrieve(store, [world["slow"], world["good"]], "and")
    assert together and all(r.text in NOTE[20:30] for r in together)


def test_merge_and_unmerge(store, world) -> None:
    state = service.merge_codes(store, world["slow"], world["good"])
    assert len(store.segments(code_id=world["good"])) == 4
    assert world["slow"] not in store.code_paths()
    service.unmerge_codes(store, state)
    assert len(store.segments(code_id=world["slow"])) == 2
    assert world["slow"] in store.code_paths()


@pytest.mark.parametrize("suffix", [".yaml", ".qdc", ".xlsx", ".csv"])
def test_codebook_round_trip(store, world, tmp_path: Path, suffix: str) -> None:
    store.update_code(world["slow"], definition="Waiting too long", colour="#e15759")
    store.add_code("Callback", parent_id=world["slow"])
    path = service.export_codebook(store, tmp_path / f"book{suffix}")
    book = service.read_codebook(path)
    assert book.paths() == ["Slow", "Slow/Callback", "Good engineer"]
    assert book.get("Slow").definition == "Waiting too long"
    path2 = tmp_path / "other.wbk"
    create_engagement(path2, client="B", title="B").close()
    with open_engagement(path2) as other:
        made = service.import_codebook(other, book)
        assert len(made) == 3 and set(other.code_paths().values()) == set(book.paths())


def test_bad_codebook_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text("<not-xml")
    with pytest.raises(CodebookError, match="bad.qdc"):
        service.read_codebook(bad)


def test_suggester_and_memo_export(store, world, tmp_path: Path) -> None:
    model = service.train_suggester(store)
    assert (
        model is not None and model.suggest("the engineer was excellent")[0][0] == "Good engineer"
    )
    store.add_memo("code", world["slow"], "Waiting is the theme.", author="jo")
    store.add_memo("engagement", None, "Overall: people like the engineers.", author="al")
    md = service.memos_export(store, tmp_path / "memos.md")
    text = md.read_text()
    assert "Code: Slow" in text and "Waiting is the theme." in text
    docx_path = service.memos_export(store, tmp_path / "memos.docx")
    assert docx_path.stat().st_size > 0
    counts = service.segment_counts(store)
    assert counts[world["slow"]] == (2, 0)
