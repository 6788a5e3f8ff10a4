"""``workbench search FILE QUERY``: the people found, then the count of matches and the
best of them, as the window's search finds them."""

from __future__ import annotations

import json
from pathlib import Path

from cli_driver import run

from workbench.forms.library import builtin_form
from workbench.store import open_engagement


def make(engagement: Path) -> None:
    with open_engagement(engagement, backup=False) as store:
        grace = store.add_respondent(
            "Grace O'Neill", role="ICT lead", org_unit="Schools", segment="staff"
        ).id
        ben = store.add_respondent("Ben Cole", role="Buyer", segment="supplier").id
        gone = store.add_respondent("Grace Gone").id
        store.trash_respondent(gone)
        for who, times in ((grace, 3), (ben, 2)):
            iv = store.new_interview(who, builtin_form("stakeholder-interview")).id
            for i in range(times):
                store.add_note(iv, f"The follow-up call came late ({i}).")
            store.add_note(iv, "Grace said the follow up was fine.")


def test_people_come_first_then_the_count_and_the_best_matches(engagement, capsys) -> None:
    make(engagement)
    code, out = run("search", str(engagement), "oneill")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "1 person found"
    assert lines[1] == "  Grace O'Neill — ICT lead · Schools · staff · 1 interview"
    assert lines[2] == "0 matches in notes and text answers of 0 interviews"

    code, out = run("search", str(engagement), "follow-up", "--limit", "2")
    lines = out.splitlines()
    assert lines[:2] == ["0 people found", "7 matches in notes and text answers of "
                         "2 interviews; the first 2 listed"]
    assert len(lines) == 4 and all("«follow»" in ln and "«up»" in ln for ln in lines[2:])
    assert lines[2].startswith(("  Grace O'Neill — Stakeholder", "  Ben Cole — Stakeholder"))


def test_json_lists_people_count_and_matches(engagement) -> None:
    make(engagement)
    code, out = run("search", str(engagement), "grace", "--json")
    assert code == 0
    found = json.loads(out)
    assert [p["name"] for p in found["people"]] == ["Grace O'Neill"]  # not the one trashed
    assert found["people"][0]["interviews"] == 1
    assert (found["matches"], found["interviews"]) == (2, 2)
    assert sorted(m["respondent"] for m in found["listed"]) == ["Ben Cole", "Grace O'Neill"]
    assert all(m["snippet"].startswith("Grace said") for m in found["listed"])


def test_a_query_with_nothing_to_search_for_is_refused_with_the_reason(
    engagement, capsys
) -> None:
    for query, reason in (("*", "type a word"), ("NOT grace", "a word left out")):
        code, out = run("search", str(engagement), query)
        assert code == 1 and out == ""
        assert reason in capsys.readouterr().err
    assert run("search", str(engagement), "x", "--limit", "-1")[0] == 1
