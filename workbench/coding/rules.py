"""Automatic classification: rule sets that propose coded segments, and a learnt suggester.

A :class:`Rule` maps a pattern to a code (the code's path, e.g.
``"Service lifecycle/Operation/Incident management"``):

* ``keyword`` — one word, matched as a whole word (``incident`` does not match
  ``incidents``); a trailing ``*`` matches any ending (``incident*``);
* ``phrase`` — a sequence of words, word-bounded at both ends, any run of whitespace
  (line breaks included) between the words;
* ``regex`` — a Python regular expression, compiled when the rule set loads so a bad
  one is reported with the rule that holds it.

Matching ignores case unless ``case_sensitive``.  :func:`preview` lists the matches
without storing anything; the window turns accepted ones into pending segments.

The YAML form lists rules one by one, or grouped by code::

    name: ITSM starter rules
    rules:
      - {code: "A/B", kind: keyword, pattern: outage}
      - code: "A/C"
        keywords: [change, rfc]
        phrases: [change advisory board]
        regex: ['\\bCAB\\b']

:class:`Suggester` is a small multinomial naive Bayes classifier written with numpy:
scikit-learn is not a dependency of Workbench and a codebook's worth of labelled
segments does not need more.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

if TYPE_CHECKING:
    import numpy as np

RuleKind = Literal["keyword", "phrase", "regex"]
KINDS: tuple[str, ...] = ("keyword", "phrase", "regex")
_GROUPED = {"keywords": "keyword", "phrases": "phrase", "regex": "regex", "regexes": "regex"}
SNIPPET_CONTEXT = 40


class RuleError(ValueError):
    """A rule that cannot be used; the message names the rule."""


@dataclass(frozen=True)
class Rule:
    code: str
    kind: RuleKind
    pattern: str
    case_sensitive: bool = False

    def describe(self) -> str:
        return f"{self.kind} {self.pattern!r} → {self.code}"

    def compile(self) -> re.Pattern[str]:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        text = self.pattern.strip()
        if self.kind not in KINDS:
            raise RuleError(f"rule {self.describe()}: kind must be one of {', '.join(KINDS)}")
        if not text:
            raise RuleError(f"rule for {self.code!r}: the {self.kind} is empty")
        if not self.code.strip():
            raise RuleError(f"rule {self.kind} {self.pattern!r}: no code to apply")
        if self.kind == "keyword":
            if len(text.split()) > 1:
                raise RuleError(
                    f"rule {self.describe()}: a keyword is one word; use kind 'phrase' for several"
                )
            stem, star = (text[:-1], True) if text.endswith("*") else (text, False)
            body = re.escape(stem) + (r"\w*" if star else "")
            return re.compile(rf"(?<!\w){body}(?!\w)", flags)
        if self.kind == "phrase":
            words = [re.escape(w) for w in text.split()]
            return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", flags)
        try:
            return re.compile(self.pattern, flags)
        except re.error as exc:
            at = f" at position {exc.pos}" if exc.pos is not None else ""
            raise RuleError(
                f"rule {self.describe()}: the regular expression is not valid: {exc.msg}{at}"
            ) from None


@dataclass(frozen=True)
class Match:
    source_id: Any
    code: str
    start: int
    end: int
    snippet: str
    rule: Rule


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    name: str = ""
    description: str = ""
    codebook: str = ""  # the built-in codebook the codes come from, if any
    _compiled: list[re.Pattern[str]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rules = list(self.rules)

    def compiled(self) -> list[re.Pattern[str]]:
        if self._compiled is None or len(self._compiled) != len(self.rules):
            self._compiled = [r.compile() for r in self.rules]
        return self._compiled

    def validate(self) -> None:
        self._compiled = None
        self.compiled()

    def codes(self) -> list[str]:
        return list(dict.fromkeys(r.code for r in self.rules))

    def unknown_codes(self, known: Iterable[str]) -> list[str]:
        """Codes the rules apply that are not in ``known`` (e.g. ``codebook.paths()``)."""
        known = set(known)
        return [c for c in self.codes() if c not in known]


# -- YAML ------------------------------------------------------------------------------
def _rule_from_mapping(raw: Any, where: str) -> list[Rule]:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: a rule is a mapping with code, kind and pattern")
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise RuleError(f"{where}: the rule has no 'code'")
    case = raw.get("case_sensitive", False)
    if not isinstance(case, bool):
        raise RuleError(f"{where} ({code}): case_sensitive must be true or false")
    grouped = [k for k in raw if k in _GROUPED]
    rules: list[Rule] = []
    if grouped:
        for key in grouped:
            items = raw[key]
            items = [items] if isinstance(items, str) else items
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise RuleError(f"{where} ({code}): '{key}' must be a list of text")
            rules += [Rule(code.strip(), _GROUPED[key], p, case) for p in items]  # type: ignore[arg-type]
    else:
        kind, pattern = raw.get("kind"), raw.get("pattern")
        if kind not in KINDS:
            raise RuleError(
                f"{where} ({code}): kind must be one of {', '.join(KINDS)}, got {kind!r}"
            )
        if not isinstance(pattern, str):
            raise RuleError(f"{where} ({code}): the rule has no 'pattern'")
        rules.append(Rule(code.strip(), kind, pattern, case))
    unknown = sorted(set(raw) - {"code", "kind", "pattern", "case_sensitive", *_GROUPED})
    if unknown:
        raise RuleError(f"{where} ({code}): unknown field(s) {', '.join(unknown)}")
    return rules


def ruleset_from_mapping(raw: Any, source: str = "<rules>") -> RuleSet:
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise RuleError(f"{source}: a rule set is a mapping with a 'rules' list")
    rules: list[Rule] = []
    for i, item in enumerate(raw["rules"]):
        rules += _rule_from_mapping(item, f"{source}: rules[{i}]")
    ruleset = RuleSet(
        rules,
        name=str(raw.get("name", "") or ""),
        description=str(raw.get("description", "") or ""),
        codebook=str(raw.get("codebook", "") or ""),
    )
    for i, rule in enumerate(rules):
        try:
            rule.compile()
        except RuleError as exc:
            raise RuleError(f"{source}: rule {i + 1}: {exc}") from None
    ruleset.validate()
    return ruleset


def load_ruleset(path: str | Path) -> RuleSet:
    from workbench.limits import read_yaml_file

    return ruleset_from_mapping(read_yaml_file(path, "rules file", RuleError), str(path))


def ruleset_to_mapping(ruleset: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("name", "description", "codebook"):
        if getattr(ruleset, key):
            out[key] = getattr(ruleset, key)
    rules = []
    for r in ruleset.rules:
        item: dict[str, Any] = {"code": r.code, "kind": r.kind, "pattern": r.pattern}
        if r.case_sensitive:
            item["case_sensitive"] = True
        rules.append(item)
    out["rules"] = rules
    return out


def ruleset_to_yaml(ruleset: RuleSet, path: str | Path | None = None) -> str:
    text = yaml.safe_dump(ruleset_to_mapping(ruleset), sort_keys=False, allow_unicode=True)
    if path is not None:
        from workbench.paths import atomic_path

        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return text


save_ruleset = ruleset_to_yaml


# -- preview ---------------------------------------------------------------------------
def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """The match with some context either side, whitespace collapsed."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def preview(ruleset: RuleSet, texts: Iterable[tuple[Any, str]]) -> list[Match]:
    """Every match of every rule in every text, in source order then position.

    For one code in one text, overlapping matches collapse to one: the earliest, the
    longer on a tie, so ``incident`` and ``major incident`` on the same words give a
    single proposal.  Empty regex matches are ignored.
    """
    patterns = ruleset.compiled()
    out: list[Match] = []
    for source_id, text in texts:
        if not text:
            continue
        found: dict[str, list[tuple[int, int, Rule]]] = {}
        for rule, pattern in zip(ruleset.rules, patterns, strict=True):
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    found.setdefault(rule.code, []).append((m.start(), m.end(), rule))
        matches = []
        for code, spans in found.items():
            spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
            last_end = -1
            for start, end, rule in spans:
                if start < last_end:
                    continue
                matches.append(Match(source_id, code, start, end, snippet(text, start, end), rule))
                last_end = end
        matches.sort(key=lambda m: (m.start, m.end, m.code))
        out += matches
    return out


# -- learnt suggestions ----------------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "too",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def tokenize(text: str) -> list[str]:
    return [t for t in (w.lower() for w in _TOKEN.findall(text)) if t not in STOPWORDS]


class Suggester:
    """Multinomial naive Bayes over word counts, with Laplace smoothing (``alpha``).

    ``suggest`` returns the codes by posterior probability; with several codes per
    segment in training, each (text, code) pair is one example.  A text with no word
    seen in training gets no suggestion rather than the prior.
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
        self.codes: list[str] = []
        self.vocabulary: dict[str, int] = {}
        self._log_prior: np.ndarray | None = None
        self._log_likelihood: np.ndarray | None = None

    @classmethod
    def train(cls, labelled: Iterable[tuple[str, str]], alpha: float = 1.0) -> Suggester:
        model = cls(alpha)
        model.fit(labelled)
        return model

    def fit(self, labelled: Iterable[tuple[str, str]]) -> Suggester:
        docs = [(tokenize(text), code) for text, code in labelled]
        docs = [(tokens, code) for tokens, code in docs if tokens]
        if not docs:
            raise ValueError("the suggester needs at least one coded segment with words in it")
        import numpy as np  # only when a suggester is trained: start-up stays light

        self.codes = sorted({code for _, code in docs})
        words = sorted({w for tokens, _ in docs for w in tokens})
        self.vocabulary = {w: i for i, w in enumerate(words)}
        code_index = {c: i for i, c in enumerate(self.codes)}
        counts = np.zeros((len(self.codes), len(words)))
        doc_counts = np.zeros(len(self.codes))
        for tokens, code in docs:
            k = code_index[code]
            doc_counts[k] += 1
            for w, n in Counter(tokens).items():
                counts[k, self.vocabulary[w]] += n
        self._log_prior = np.log(doc_counts / doc_counts.sum())
        smoothed = counts + self.alpha
        self._log_likelihood = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
        return self

    def suggest(
        self, text: str, top: int = 3, min_confidence: float = 0.0
    ) -> list[tuple[str, float]]:
        if self._log_prior is None or self._log_likelihood is None:
            raise RuntimeError("train the suggester before asking it for suggestions")
        counts = Counter(w for w in tokenize(text) if w in self.vocabulary)
        if not counts:
            return []
        import numpy as np

        x = np.zeros(len(self.vocabulary))
        for w, n in counts.items():
            x[self.vocabulary[w]] = n
        scores = self._log_prior + self._log_likelihood @ x
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        order = np.argsort(-probs, kind="stable")[: max(top, 0)]
        return [
            (self.codes[i], float(probs[i]))
            for i in order
            if probs[i] >= min_confidence and not math.isnan(probs[i])
        ]
