"""Rule sets: keyword vs phrase vs regex, YAML, errors; the naive Bayes suggester."""

from __future__ import annotations

import pytest

from workbench.coding.rules import (
    Rule,
    RuleError,
    RuleSet,
    Suggester,
    load_ruleset,
    preview,
    ruleset_from_mapping,
    ruleset_to_yaml,
    tokenize,
)

INC = "Ops/Incident"
CHG = "Ops/Change"


def spans(matches):
    return [(m.source_id, m.code, m.start, m.end) for m in matches]


def test_keyword_matches_whole_words_only_and_ignores_case():
    rules = RuleSet([Rule(INC, "keyword", "incident")])
    text = "Incident? The incidents were an incident-ish coincident INCIDENT"
    found = preview(rules, [("n1", text)])
    assert [text[m.start : m.end] for m in found] == ["Incident", "incident", "INCIDENT"]


def test_keyword_wildcard_and_case_sensitive():
    star = RuleSet([Rule(INC, "keyword", "incident*")])
    assert len(preview(star, [("n", "incident incidents coincident")])) == 2
    exact = RuleSet([Rule(CHG, "keyword", "CAB", case_sensitive=True)])
    assert [m.start for m in preview(exact, [("n", "cab CAB Cab")])] == [4]


def test_phrase_is_word_bounded_and_spans_whitespace():
    rules = RuleSet([Rule(INC, "phrase", "major incident")])
    text = "A major\n  incident; not a major incidental thing; premajor incident."
    found = preview(rules, [("n1", text)])
    assert [(m.start, m.end) for m in found] == [(2, 18)]
    assert found[0].snippet.startswith("A major incident;")


def test_regex_is_used_as_written():
    rules = RuleSet([Rule(CHG, "regex", r"RFC[- ]?\d+")])
    found = preview(rules, [("n1", "see rfc-12 and RFC 7, not RFC")])
    assert [(m.start, m.end) for m in found] == [(4, 10), (15, 20)]


def test_keyword_with_spaces_is_refused():
    with pytest.raises(RuleError, match="a keyword is one word; use kind 'phrase'"):
        Rule(INC, "keyword", "major incident").compile()


def test_bad_regex_message_names_the_rule(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - {code: Ops/Change, kind: keyword, pattern: change}\n"
        "  - {code: Ops/Change, kind: regex, pattern: 'RFC(\\d+'}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as info:
        load_ruleset(path)
    message = str(info.value)
    assert str(path) in message and "rule 2" in message
    assert "regex 'RFC(\\\\d+' → Ops/Change" in message
    assert "not valid: missing ), unterminated subpattern at position 3" in message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"rules": [{"kind": "keyword", "pattern": "x"}]}, r"rules\[0\]: the rule has no 'code'"),
        ({"rules": [{"code": "A", "kind": "word", "pattern": "x"}]}, r"rules\[0\] \(A\): kind must be one of"),
        ({"rules": [{"code": "A", "kind": "keyword"}]}, "has no 'pattern'"),
        ({"rules": [{"code": "A", "keywords": "x", "weight": 2}]}, r"unknown field\(s\) weight"),
        ({"rules": [{"code": "A", "keywords": [1]}]}, "'keywords' must be a list of text"),
        ({"rules": [{"code": "A", "kind": "phrase", "pattern": "  "}]}, "the phrase is empty"),
        ({"rule": []}, "a 'rules' list"),
    ],
)  # fmt: skip
def test_ruleset_errors(raw, message):
    with pytest.raises(RuleError, match=message):
        ruleset_from_mapping(raw, "test.yaml")


def test_grouped_yaml_expands_and_round_trips(tmp_path):
    rs = ruleset_from_mapping(
        {
            "name": "Starter",
            "codebook": "itsm-practices",
            "rules": [
                {"code": INC, "keywords": ["outage", "incident"], "phrases": ["went down"]},
                {"code": CHG, "regex": [r"\bCAB\b"], "case_sensitive": True},
                {"code": CHG, "kind": "keyword", "pattern": "change"},
            ],
        }
    )
    assert [(r.code, r.kind, r.pattern, r.case_sensitive) for r in rs.rules] == [
        (INC, "keyword", "outage", False),
        (INC, "keyword", "incident", False),
        (INC, "phrase", "went down", False),
        (CHG, "regex", r"\bCAB\b", True),
        (CHG, "keyword", "change", False),
    ]
    assert rs.codes() == [INC, CHG]
    assert rs.unknown_codes([INC]) == [CHG]
    ruleset_to_yaml(rs, tmp_path / "out.yaml")
    back = load_ruleset(tmp_path / "out.yaml")
    assert back.rules == rs.rules and back.name == "Starter" and back.codebook == "itsm-practices"


def test_no_overlapping_duplicates_for_one_code():
    rules = RuleSet(
        [
            Rule(INC, "keyword", "incident"),
            Rule(INC, "phrase", "major incident"),
            Rule(INC, "regex", r"incident\w*"),
            Rule(CHG, "keyword", "incident"),  # another code may match the same words
        ]
    )
    text = "A major incident, then incidents."
    found = preview(rules, [("n1", text)])
    assert spans(found) == [
        ("n1", INC, 2, 16),  # the longer of the overlapping matches starting first
        ("n1", CHG, 8, 16),
        ("n1", INC, 23, 32),
    ]
    assert found[0].rule.kind == "phrase"


def test_preview_over_several_sources_and_empty_matches():
    rules = RuleSet([Rule(INC, "keyword", "outage"), Rule(CHG, "regex", r"x*")])
    found = preview(rules, [("a", "An outage."), ("b", ""), ("c", "no match"), ("d", "outage")])
    assert spans(found) == [("a", INC, 3, 9), ("d", INC, 0, 6)]


def test_snippet_context():
    text = "word " * 30 + "outage" + " word" * 30
    (m,) = preview(RuleSet([Rule(INC, "keyword", "outage")]), [(1, text)])
    assert m.snippet.startswith("…") and m.snippet.endswith("…") and "outage" in m.snippet
    assert len(m.snippet) < 100


# -- suggester -----------------------------------------------------------------------
TRAINING = [
    ("The email server went down and nobody could work", INC),
    ("Outage of the network all morning, everything down", INC),
    ("Printer broken again, outage on floor two", INC),
    ("We raised a change request for the firewall rule", CHG),
    ("The change advisory board approved the release", CHG),
    ("Change request was rejected by the board", CHG),
]


def test_suggester_ranks_the_likely_code_first():
    model = Suggester.train(TRAINING)
    (top, p), (second, q) = model.suggest("another outage, the server is down", top=2)
    assert top == INC and second == CHG
    assert p > 0.8 and p + q == pytest.approx(1.0)
    assert model.suggest("the board approved my change request")[0][0] == CHG


def test_suggester_matches_hand_worked_naive_bayes():
    # Two one-word documents per code; alpha = 1, vocabulary {alpha, beta}.
    model = Suggester.train([("alpha", "A"), ("alpha", "A"), ("beta", "B")])
    # P(A) = 2/3, P(alpha|A) = (2+1)/(2+2) = 3/4; P(B) = 1/3, P(alpha|B) = (0+1)/(1+2) = 1/3.
    score_a, score_b = 2 / 3 * 3 / 4, 1 / 3 * 1 / 3
    (code, p), _ = model.suggest("alpha", top=2)
    assert code == "A" and p == pytest.approx(score_a / (score_a + score_b))


def test_suggester_edges():
    model = Suggester.train(TRAINING)
    assert model.suggest("zzz qqq") == []  # no known word: no suggestion
    assert model.suggest("outage", top=3, min_confidence=0.99) == []
    with pytest.raises(ValueError, match="at least one coded segment"):
        Suggester.train([("", INC), ("the and", CHG)])
    with pytest.raises(RuntimeError, match="train the suggester"):
        Suggester().suggest("x")
    assert tokenize("The CAB's 2 approvals!") == ["cab", "approvals"]
