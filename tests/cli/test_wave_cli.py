"""`workbench wave …`: a re-audit wave added to a file made with one wave, months later,
and the comparison of the two waves that follows, checked by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_driver import run

from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import open_engagement

ITEMS = [
    f"{dim}_{i}"
    for dim, count in (("tan", 4), ("rel", 5), ("res", 4), ("ass", 4), ("emp", 5))
    for i in range(1, count + 1)
]


def _listed(path: Path) -> list[tuple[str, int, int]]:
    code, out = run("wave", "list", str(path), "--json")
    assert code == 0
    return [(w["name"], w["position"], w["interviews"]) for w in json.loads(out)]


def test_wave_commands_list_add_rename_move_and_delete(engagement: Path, capsys) -> None:
    assert _listed(engagement) == [("baseline", 1, 0)]
    code, out = run("wave", "add", str(engagement), "re-audit")
    assert code == 0
    assert "added the wave 're-audit'" in out and "2. re-audit  (no interviews yet)" in out
    assert run("wave", "add", str(engagement), "pilot", "--position", "1")[0] == 0
    assert run("wave", "rename", str(engagement), "re-audit", "re-audit 2027")[0] == 0
    assert run("wave", "move", str(engagement), "pilot", "3")[0] == 0
    assert _listed(engagement) == [("baseline", 1, 0), ("re-audit 2027", 2, 0), ("pilot", 3, 0)]
    assert run("wave", "delete", str(engagement), "pilot")[0] == 0
    assert [n for n, _p, _i in _listed(engagement)] == ["baseline", "re-audit 2027"]

    with open_engagement(engagement, backup=False) as store:
        person = store.add_respondent("Ana Lima")
        store.new_interview(person.id, builtin_form("servqual"))  # in the first wave
    capsys.readouterr()
    before = engagement.read_bytes()
    for bad, message in (
        (["delete", "baseline"], "the wave 'baseline' cannot be deleted: 1 interview uses it"),
        (["add", "Baseline"], "two waves would be called 'Baseline'"),
        (["rename", "pilot", "trial"], "there is no wave called 'pilot'"),
        (["move", "baseline", "4"], "position 4 is not a place in the list of waves"),
    ):
        assert run("wave", bad[0], str(engagement), *bad[1:])[0] == 1, bad
        err = capsys.readouterr().err
        assert message in err and "Nothing was changed" in err.replace("nothing", "Nothing")
    assert engagement.read_bytes() == before


def _servqual(store, person_id: str, wave: str, perceived: int) -> None:
    """A completed SERVQUAL interview: every item expected 6, perceived ``perceived``."""
    row = store.new_interview(
        person_id, builtin_form("servqual"), wave_id=store.wave_by_name(wave).id
    )
    for key in ITEMS:
        store.set_answer(row.id, key, {"E": 6, "P": perceived})
    store.update_interview(row.id, status="complete")


def test_a_re_audit_added_later_is_compared_with_the_baseline(tmp_path: Path) -> None:
    """Baseline gaps on every item (expected 6): Ana −2, Ben −3, Cy −1, Di −2, Ed −3,
    Flo −2; months later a re-audit wave is added and all but Cy are interviewed again, all
    at −1.  By hand, for each dimension: paired on those five, baseline −12/5 = −2.4 →
    re-audit −1; their changes +1 +2 +1 +2 +1, mean 1.4, SD √0.3 = 0.5477, standard error
    √0.3/√5 = 0.2449; 95% interval 1.4 ± 2.7764 × 0.2449 = 0.7199 to 2.0801; t = 5.715 on
    4 degrees of freedom, p = 1 − x(1 + (1 − x²)/2) with x = t/√(t² + 4): 0.0046; the
    whole baseline −13/6 (six people)."""
    path = tmp_path / "acme.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "Desk review")[0] == 0
    with open_engagement(path, backup=False) as store:
        people = {n: store.add_respondent(n).id for n in ("Ana", "Ben", "Cy", "Di", "Ed", "Flo")}
        for name, perceived in (
            ("Ana", 4),
            ("Ben", 3),
            ("Cy", 5),
            ("Di", 4),
            ("Ed", 3),
            ("Flo", 4),
        ):
            _servqual(store, people[name], "baseline", perceived)
    assert run("wave", "add", str(path), "re-audit")[0] == 0
    with open_engagement(path, backup=False) as store:
        for name in ("Ana", "Ben", "Di", "Ed", "Flo"):
            _servqual(store, people[name], "re-audit", 5)

    out = io.StringIO()
    args = ["analyze", str(path), "servqual", "--compare", "baseline", "re-audit", "--json"]
    assert main(args, out=out) == 0
    table = next(t for t in json.loads(out.getvalue())["tables"] if t["name"] == "changes")
    rows = {r[0]: dict(zip(table["columns"], r, strict=True)) for r in table["rows"]}
    for dim in ("Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"):
        row = rows[f"{dim} gap (P − E)"]
        assert (row["n_paired"], row["n_a"], row["n_b"]) == (5, 6, 5)
        assert row["a"] == pytest.approx(-2.4) and row["b"] == pytest.approx(-1.0)
        assert row["change"] == pytest.approx(1.4)
        assert row["all_a"] == pytest.approx(-13 / 6) and row["all_b"] == pytest.approx(-1.0)
        assert row["ci_low"] == pytest.approx(0.7199, abs=1e-4)
        assert row["ci_high"] == pytest.approx(2.0801, abs=1e-4)
        assert row["p"] == pytest.approx(0.0046, abs=1e-4)
        assert row["test"] == "paired t-test"

    # The report compares the first wave with the latest on its own.
    import docx

    report = tmp_path / "r.docx"
    assert main(["report", str(path), "-o", str(report)], out=io.StringIO()) == 0
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert "What changed since the baseline" in texts
    assert any(t.startswith("Comparing baseline with re-audit: 5 respondents") for t in texts)
