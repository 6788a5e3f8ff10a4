"""Anonymising a deliverable: pseudonyms, name scrubbing, quasi-identifiers, small cells.

``Anonymiser(respondents, terms=..., k=5)`` numbers the respondents by a sorted key, so the
same engagement always gives the same pseudonyms (``"Respondent 7"``).

Names are removed at three strengths, by what kind of text is being written:

- :meth:`Anonymiser.scrub` — verbatim text (notes, text answers, quotes, checklist
  evidence): full names become ``"[Respondent 7]"``, every name part ``"[name]"``, and the
  consultant's extra terms ``"[withheld]"``.
- :meth:`Anonymiser.scrub_prose` — the consultant's own prose (findings, recommendations,
  the engagement's title and scope): as above, except that a name part that is also a
  word of the engagement's vocabulary (its forms and codebook: "Price", "Grant") is kept.
- :meth:`Anonymiser.scrub_label` — labels, keys, codes, column headers, measure names and
  the analyses' own text: as prose, with the analyses' method text and headers added to
  the vocabulary.  Raw-data keys and codes are never scrubbed at all.

Matching is by whole words (Unicode-aware) and case-sensitive for a capitalised name
part: "Grant said" loses the name, "grant … grace period … price" does not.

A full name is always replaced.  A name part standing alone is replaced where it can only
be the name; it is KEPT where it reads as an ordinary word: it opens a sentence, it is a
word of a code's name or an English function word ("will", "may") the engagement also
writes in lowercase, no possessive follows it, and it stands in no list with, nor next
to, a part of a respondent's name ("Price is too high", "Fine. Will renew next year").
A content word is replaced though the engagement writes it in lowercase ("Bill sorted my
laptop" beside "the bill"; "Bill, Hope and Rose fixed it").  Each word kept is logged (kind ``"kept"``) and every anonymised
deliverable says which it kept; ``replace_words`` replaces such a word wherever it stands,
``keep_words`` keeps a word wherever it stands alone.

Quasi-identifiers (role, organisation unit, segment, attribute values) are generalised to
``"Other"`` where fewer than ``k`` respondents share a value, and a whole column is
withheld while any combination of the shown columns still holds fewer than ``k`` people.
Every replacement and suppression is recorded in :attr:`Anonymiser.log`, which is what the
preview lists; a lone name part that may be an ordinary word of the engagement is marked
there as a possible name (``anonymise_words``).

The parts live beside this module, and everything is imported from here:
``anonymise_text`` (matching names in text), ``anonymise_words`` (the preview's word
list), ``anonymise_quasi`` (generalising quasi-identifiers), ``anonymise_tables`` (small
cells) and ``anonymise_frames`` (the workbook's raw data, dates to the month).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from workbench.deliver import anonymise_tables
from workbench.deliver.anonymise_frames import (
    HIDDEN_IDS,
    anonymise_frames,
    consultant_numbers,
    month_only,
    months_only,
)
from workbench.deliver.anonymise_quasi import (
    ANSWER_PREFIX,
    OTHER,
    QUASI_COLUMNS,
    WITHHELD,
    _column_rank,
    _column_words,
    _withheld_why,
    generalise,
    smallest_group,
)
from workbench.deliver.anonymise_text import (
    MIN_TOKEN,
    NAME_PLACEHOLDER,
    TERM_PLACEHOLDER,
    _compile,
    _fold,
    _key,
    merged_terms,
    name_parts,
    name_scrubber,
    result_vocabulary,
    vocabulary,
)
from workbench.deliver.anonymise_words import (
    KEPT,
    KEPT_WHY,
    Replacement,
    _around,
    _possible_name,
    _register_words,
    changes,
    engagement_texts,
    keepable_parts,
    kept_summary,
    kept_words,
    listed_with,
    lone_names,
    opens_sentence,
    ordinary_parts,
    ordinary_reasons,
    possessive_after,
    possible_reasons,
)
from workbench.deliver.context import RespondentRow

__all__ = [
    "ANSWER_PREFIX",
    "DEFAULT_K",
    "HIDDEN_IDS",
    "KEPT",
    "MIN_TOKEN",
    "NAME_PLACEHOLDER",
    "OTHER",
    "QUASI_COLUMNS",
    "TERM_PLACEHOLDER",
    "WITHHELD",
    "Anonymiser",
    "Replacement",
    "anonymise_context",
    "anonymise_frames",
    "changes",
    "engagement_texts",
    "generalise",
    "kept_summary",
    "kept_words",
    "lone_names",
    "merged_terms",
    "month_only",
    "months_only",
    "name_parts",
    "name_scrubber",
    "ordinary_parts",
    "ordinary_reasons",
    "possible_reasons",
    "result_vocabulary",
    "segments_generalised",
    "smallest_group",
    "vocabulary",
]

DEFAULT_K = 5


class Anonymiser:
    def __init__(
        self,
        respondents: Iterable[RespondentRow],
        *,
        terms: Iterable[str] = (),
        k: int | None = DEFAULT_K,
        vocabulary: Iterable[str] = (),
        answers: dict[str, dict[str, str]] | None = None,
        date_questions: Iterable[tuple[str, str]] = (),
        keep_words: Iterable[str] = (),
        replace_words: Iterable[str] = (),
        own_words: Iterable[str] = (),
        code_words: Iterable[str] = (),
        texts: Iterable[str] = (),
        consultants: Iterable[Any] = (),
    ) -> None:
        self.k = DEFAULT_K if k is None else int(k)
        # The firm's people of the material (interviewers, coders): "Consultant N".
        self.consultant_names = set(consultant_numbers(consultants))
        # Questions answered by a date (a visit's "observed_on"), as (form id, key): their
        # answers date the interview as surely as its own date does.
        self.date_questions = {(str(f), str(q)) for f, q in date_questions}
        # Answers to identifying questions (role, unit, contact…), by respondent name and
        # question key: quasi-identifiers like the respondent's own role.
        self._answers = {_fold(n): dict(a) for n, a in (answers or {}).items() if n}
        self.identifying = {key for a in self._answers.values() for key in a}
        rows = list(respondents)
        ordered = sorted(rows, key=_sort_key)
        self._number: dict[int, int] = {}
        self._by_key: dict[str, RespondentRow] = {}
        for n, row in enumerate(ordered, start=1):
            self._number[id(row)] = n
        for row in ordered:
            for key in (row.label, row.name):
                if key:
                    self._by_key.setdefault(_fold(key), row)
        self._rows = ordered
        self.log: list[Replacement] = []
        self.where = ""
        # Words kept as ordinary words so far, and the texts that keep one (by how
        # strictly they were scrubbed: 2 verbatim, 1 prose or label).
        self._kept_count = 0
        self._settled: dict[str, int] = {}
        self._kept_at: set[tuple[str, int]] = set()
        self._vocabulary = {w.casefold() for w in vocabulary}
        # Name parts the consultant keeps as ordinary words ("Mark", "Summers"): full
        # names containing them are still replaced.
        self.keep_words = {w.strip().casefold() for w in keep_words if w and w.strip()}
        # Name parts the consultant has replaced wherever they stand, even where they read
        # as an ordinary word ("Price is too high"); replacing wins over keeping.
        self.replace_words = {w.strip().casefold() for w in replace_words if w and w.strip()}
        self.keep_words -= self.replace_words
        self._build_patterns(ordered, [t.strip() for t in terms if t and t.strip()])
        texts = [t for t in texts if isinstance(t, str) and t]
        # Name parts that are also ordinary words of this engagement: words of its forms
        # and codebook (``own_words``: "Price" the measure) or of the register's roles,
        # units, segments and attributes, or written in lowercase in its text ("the
        # price", "grant us"); the preview marks each a possible name wherever replaced.
        why = ordinary_reasons(self._parts, own_words, _register_words(ordered), texts)
        self.ordinary = set(why)
        self._ordinary = {_key(p): reason for p, reason in why.items()}
        # Name parts that may be kept as ordinary words: a word of a code's name ("Price"),
        # or a function word ("Will", "May") the engagement writes in lowercase in its own
        # text (not the forms' library wording).  A content word written in lowercase
        # ("the bill", "to be frank") is not enough.  At a sentence's start, standing in no
        # list and beside no other name, they are kept.
        plain = keepable_parts(self._parts, code_words, texts)
        self._plain = {_key(p) for p in plain if p.casefold() not in self.replace_words}
        self._quasi = self._generalise()
        self._regrouped: dict[tuple[int, frozenset[str]], tuple[Any, Any]] = {}

    # -- pseudonyms -----------------------------------------------------------------------

    def number(self, respondent: RespondentRow | str) -> int | None:
        row = self._find(respondent)
        return self._number[id(row)] if row is not None else None

    def short_label(self, respondent: RespondentRow | str) -> str:
        """``"Respondent 7"`` (``"Respondent"`` for someone not on the list)."""
        n = self.number(respondent)
        return f"Respondent {n}" if n is not None else "Respondent"

    def label(self, respondent: RespondentRow | str) -> str:
        """``"Respondent 7 (internal customer)"``: the pseudonym and, where at least k
        respondents share it, the segment — never the unit, the role or a date."""
        row = self._find(respondent)
        if row is None:
            return "Respondent"
        segment = self.quasi(row).get("segment", "")
        text = self.short_label(row)
        return f"{text} ({segment})" if segment not in ("", WITHHELD, OTHER) else text

    def consultant(self, name: str) -> str:
        """An interviewer or coder as anonymised deliverables give them ("Consultant 2"),
        numbered as on the workbook's sheets."""
        numbers = consultant_numbers({*self.consultant_names, name})
        return numbers.get(str(name).strip(), name)

    def rows(self) -> list[RespondentRow]:
        """The respondents in pseudonym order."""
        return list(self._rows)

    def quasi(self, respondent: RespondentRow | str) -> dict[str, str]:
        """The respondent's quasi-identifiers as an anonymised deliverable may show them."""
        row = self._find(respondent)
        return dict(self._quasi[id(row)]) if row is not None else {}

    def owner(self, text: str) -> str:
        """An action's owner as an anonymised plan shows it: a respondent by their role,
        generalised under k like every quasi-identifier (else their segment), so that the
        plan still says who acts; when neither is shared by k, "Owner withheld (fewer than
        k share the role)" — never "Other", and never the pseudonym, which would tie the
        owner the client knows to that respondent's quotes.  Anyone else as the
        consultant's prose."""
        row = self._find(" ".join((text or "").split()))
        if row is None:
            return self.scrub_prose(text)
        quasi = self.quasi(row)
        for column in ("role", "segment"):
            if quasi.get(column, "") not in ("", WITHHELD, OTHER):
                self.record("name", text, quasi[column])
                return quasi[column]
        withheld = f"Owner withheld (fewer than {self.k} share the role)"
        self.record("name", text, withheld)
        return withheld

    # -- scrubbing ------------------------------------------------------------------------

    def scrub(self, text: Any) -> Any:
        """Verbatim text: every name, name part and extra term is replaced."""
        return self._sub(self._strict, text)

    def scrub_prose(self, text: Any) -> Any:
        """The consultant's prose: as :meth:`scrub`, but vocabulary words are kept."""
        return self._sub(self._prose, text)

    def scrub_label(self, text: Any) -> Any:
        """Labels, keys and the analyses' text: as :meth:`scrub_prose` (vocabulary words,
        the measure "Price" among them, are kept)."""
        return self._sub(self._prose, text)

    def protect(self, words: Iterable[str]) -> None:
        """Add words to the vocabulary that :meth:`scrub_prose` keeps (the analyses' own
        method text and column headers: "Martilla & James" is a citation)."""
        new = {w.casefold() for w in words} - self._vocabulary
        if new:
            self._vocabulary |= new
            kept = {p for p in self._parts if p.casefold() not in self._vocabulary}
            self._prose = _compile(self._whole | kept)

    @contextmanager
    def at(self, where: str) -> Iterator[None]:
        """Record the replacements made inside the block as made at ``where``."""
        before, self.where = self.where, where
        try:
            yield
        finally:
            self.where = before

    def record(self, kind: str, what: str, replaced_by: str, where: str | None = None) -> None:
        self.log.append(
            Replacement(kind, self.where if where is None else where, what, replaced_by)
        )

    def _sub(self, pattern: re.Pattern[str] | None, text: Any) -> Any:
        if not isinstance(text, str) or pattern is None or not text:
            return text
        # A text that keeps a word, scrubbed again as it is written (a sheet's cell, a
        # label): the words it keeps were decided and counted once, at least as strictly.
        strength = 2 if pattern is self._strict else 1
        if self._settled.get(text, 0) >= strength:
            return text
        kept = self._kept_count
        out = pattern.sub(self._replace, text)
        if self._kept_count != kept:
            self._settled[out] = max(self._settled.get(out, 0), strength)
        return out

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        key = _fold(found).replace("\u2019", "'")
        if key in self._replacement:
            kind, new = self._replacement[key]
            self.record(kind, found, new)
            return new
        text, start, end = match.string, match.start(), match.end()
        if self._reads_as_word(key, text, start, end):
            # Each passage that keeps the word counts once, however many cells repeat it.
            if (text, start) not in self._kept_at:
                self._kept_at.add((text, start))
                self.log.append(
                    Replacement(
                        KEPT, self.where, found, found, context=_around(text, start, end),
                        possible=True, why=KEPT_WHY,
                    )
                )  # fmt: skip
            self._kept_count += 1
            return found
        why = self._ordinary.get(key) or _possible_name(text, start, end)
        self.log.append(
            Replacement(
                "name",
                self.where,
                found,
                NAME_PLACEHOLDER,
                context=_around(text, start, end),
                possible=bool(why),
                why=why,
            )
        )
        return NAME_PLACEHOLDER

    def _reads_as_word(self, key: str, text: str, start: int, end: int) -> bool:
        """Whether the lone name part ``text[start:end]`` reads as an ordinary word where
        it stands: it may be one (see ``_plain``), it opens a sentence, no possessive
        follows it ("Will's fix"), and it stands in no list with, nor next to, a part of
        a respondent's name ("Price, Will", "Will and Hope fixed it")."""
        if key not in self._plain or not opens_sentence(text, start):
            return False
        if possessive_after(text, end):
            return False
        names = self._fellows.get(key, set()) | self._part_keys
        beside = listed_with(text, start, end)
        return not any(w[:1].isupper() and _key(w) in names for w in beside)

    def _find(self, respondent: RespondentRow | str) -> RespondentRow | None:
        if isinstance(respondent, RespondentRow):
            if id(respondent) in self._number:
                return respondent
            respondent = respondent.label or respondent.name
        if not respondent:
            return None
        return self._by_key.get(_fold(respondent))

    def _build_patterns(self, rows: list[RespondentRow], terms: list[str]) -> None:
        replacement: dict[str, tuple[str, str]] = {}
        whole: set[str] = set()  # full names, respondent codes, extra terms
        parts: set[str] = set()
        # Each name part's fellows: the other parts of the names it is a part of.
        fellows: dict[str, set[str]] = {}
        for row in rows:
            # Respondent codes such as "R07" would let a reader match rows to people.
            code = " ".join((row.label or "").split())
            if len(code) >= 3 and re.search(r"\d", code) and re.search(r"[^\W\d]", code):
                whole.add(code)
                replacement.setdefault(_fold(code), ("name", f"[{self.short_label(row)}]"))
            name = " ".join((row.name or "").split())
            if not name:
                continue
            whole.add(name)
            replacement.setdefault(_key(name), ("name", f"[{self.short_label(row)}]"))
            own = name_parts(name)
            parts |= own
            for part in own:
                fellows.setdefault(_key(part), set()).update(_key(p) for p in own - {part})
        for term in terms:
            whole.add(term)
            replacement[_key(term)] = ("term", TERM_PLACEHOLDER)
        self._replacement = replacement
        self._fellows = fellows
        parts = {p for p in parts if p.casefold() not in self.keep_words}
        kept = {p for p in parts if p.casefold() not in self._vocabulary}
        self._whole, self._parts = whole, parts
        self._part_keys = {_key(p) for p in parts}
        self._strict = _compile(whole | parts)
        self._prose = _compile(whole | kept)

    # -- quasi-identifiers ----------------------------------------------------------------

    def _generalise(self) -> dict[int, dict[str, str]]:
        records = []
        for row in self._rows:
            rec = {
                "role": _blank(row.role),
                "org_unit": _blank(row.org_unit),
                "segment": _blank(row.segment),
            }
            for name, value in sorted((row.attributes or {}).items()):
                rec[f"attr:{name}"] = "" if value is None else str(value)
            for key, value in sorted(self._answers.get(_fold(row.name or ""), {}).items()):
                rec[f"{ANSWER_PREFIX}{key}"] = value
            records.append(rec)
        columns = sorted({c for r in records for c in r}, key=_column_rank)
        # Free-text answers go before the register's columns, which the analyses group by.
        answers = [c for c in columns if c.startswith(ANSWER_PREFIX)]
        reasons: list[tuple[str, list[str], int]] = []
        out = generalise(
            records,
            columns,
            self.k,
            withhold_first=answers,
            withhold_last=("segment",),
            reasons=reasons,
        )
        for column, others, singled in reasons:
            self.record(
                "quasi-identifier",
                f"{_column_words(column)} withheld for all",
                _withheld_why(column, others, singled, self.k),
                where="every respondent",
            )
        #: Why each withheld column is withheld, as the preview says it.
        self.withheld_columns = {c: _withheld_why(c, o, n, self.k) for c, o, n in reasons}
        for row, before, after in zip(self._rows, records, out, strict=True):
            for column in columns:
                was = before.get(column, "")
                if was != after[column] and not (was == "" and after[column] == WITHHELD):
                    self.record(
                        "quasi-identifier",
                        str(before.get(column, "")),
                        after[column],
                        where=f"{self.short_label(row)}, {_column_words(column)}",
                    )
        return {id(row): rec for row, rec in zip(self._rows, out, strict=True)}

    def identifying_answer(self, respondent: RespondentRow | str, key: str, value: Any) -> Any:
        """What an anonymised deliverable shows for the respondent's answer ``value`` to the
        identifying question ``key``: the answer as generalised for k (``"Other"``,
        ``"[withheld]"``, or the answer itself where at least k people gave it)."""
        if value is None or value != value or str(value).strip() == "":
            return value
        row = self._find(respondent)
        if row is None:
            return WITHHELD
        original = self._answers.get(_fold(row.name or ""), {}).get(key)
        shown = self._quasi[id(row)].get(f"{ANSWER_PREFIX}{key}", WITHHELD)
        # Another answer than the one counted (a second interview): never shown.
        return shown if original is not None and _fold(str(value)) == _fold(original) else WITHHELD

    def regrouped(self, data: Any, keep: Iterable[str] = ()) -> Any:
        """``data`` (the analyses' ``EngagementData``) with each respondent's segment as
        this deliverable shows it: a segment of fewer than k people within "Other", all of
        them "[withheld]" while the segment is withheld.  The analyses of an anonymised
        deliverable run on it, so that a breakdown by segment has the groups of the table
        of respondents and never names a segment it generalised away.  The segments named
        in ``keep`` (an analysis's parameter: the gaps model's managers) stay as they are."""
        from workbench.analysis.labels import segment_label

        shown = {row.segment: self.quasi(row).get("segment", WITHHELD) for row in self._rows}
        if all(label == new for label, new in shown.items()):
            return data  # every segment shown as it is
        folded = {" ".join(str(label).split()).casefold() for label in shown}
        kept = {" ".join(str(k).split()).casefold() for k in keep} & folded
        # The same data regrouped alike is the same snapshot: the analyses share its
        # one-wave copies (``EngagementData.in_scope``) as they share the original's.
        key = (id(data), frozenset(kept))
        done = self._regrouped.get(key)
        if done is not None and done[0] is data:
            return done[1]

        memo: dict[Any, Any] = {}

        def as_shown(value: Any) -> Any:
            raw = None if value is None or value != value else value
            if raw not in memo:
                label = segment_label(raw)
                new = shown.get(label, WITHHELD)
                same = new == label or " ".join(label.split()).casefold() in kept
                memo[raw] = value if same else new
            return memo[raw]

        frames = {}
        for name in ("respondents", "answers"):
            frame = getattr(data, name, None)
            if frame is not None and "segment" in frame.columns and len(frame):
                frames[name] = frame.assign(segment=frame["segment"].map(as_shown))
        out = replace(data, **frames) if frames else data
        self._regrouped[key] = (data, out)
        return out

    # -- tables ---------------------------------------------------------------------------

    def segment_shown(self, segment: str) -> str:
        """A segment as this deliverable shows it: itself where at least k respondents
        share it, else what the table of respondents prints for them ("[withheld]")."""
        key = " ".join(str(segment).split()).casefold()
        for row in self._rows:
            if " ".join(str(row.segment or "").split()).casefold() == key:
                return self.quasi(row).get("segment", WITHHELD)
        return WITHHELD

    def scope_shown(self, scope: str) -> str:
        """An analysis's scope ("segment: internal customer; wave: baseline") naming its
        segment only as the deliverable shows it."""
        parts = []
        for part in (scope or "").split("; "):
            if part.startswith("segment: "):
                name = part[len("segment: ") :]
                shown = self.segment_shown(name)
                if shown != name:
                    self.record("segment", name, shown, where="scope")
                    part = f"segment: {shown}"
            parts.append(part)
        return "; ".join(parts)

    def suppress_small_cells(self, result: Any) -> Any:
        """``result`` with the numbers of every table row that rests on fewer than k
        respondents replaced by a marker, and a note saying so (a copy; or ``result``);
        its scope names a segment only as the deliverable shows it."""
        out = anonymise_tables.suppress_small_cells(self, result)
        scope = self.scope_shown(getattr(out, "scope", "") or "")
        return out if scope == (out.scope or "") else replace(out, scope=scope)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Anonymiser({len(self._rows)} respondents, k={self.k})"


def anonymise_context(anonymiser: Anonymiser, context: Any) -> Any:
    """A report context made safe to render: quotes scrubbed as verbatim text, findings and
    recommendations as the consultant's prose, tables with small cells suppressed.  What
    remains (headings, labels, the analyses' text) is scrubbed as labels when written."""
    with anonymiser.at("report: quotes"):
        quotes = [replace(q, text=anonymiser.scrub(q.text)) for q in context.quotes]
    with anonymiser.at("report: findings"):
        findings = [
            replace(f, statement=anonymiser.scrub_prose(f.statement)) for f in context.findings
        ]
    with anonymiser.at("report: recommendations"):
        recommendations = [
            replace(r, text=anonymiser.scrub_prose(r.text), owner=anonymiser.owner(r.owner))
            for r in context.recommendations
        ]
    changes = list(getattr(context, "changes", []))
    anonymiser.protect(result_vocabulary([*context.results, *changes]))
    results = [anonymiser.suppress_small_cells(r) for r in context.results]
    extra = {}
    for name, where in (("engagement", "report: fieldwork"), ("method", "report: method")):
        info = getattr(context, name, None)
        if info is not None:
            extra[name] = months_only(anonymiser, info, where)
    held_by = getattr(extra.get("method"), "interviewers", None)
    if held_by:
        # As on the workbook's sheets: the firm's people "Consultant N", never by name.
        named = sorted({anonymiser.consultant(n) for n in held_by}, key=lambda c: (len(c), c))
        extra["method"] = replace(extra["method"], interviewers=named)
        anonymiser.record(
            "column", "interviewer names", "\u201cConsultant N\u201d", where="report: method"
        )
    by_segment = getattr(extra.get("method"), "respondent_count_by_segment", None)
    if by_segment:
        extra["method"] = replace(
            extra["method"],
            respondent_count_by_segment=segments_generalised(anonymiser, by_segment),
        )
    if changes:
        extra["changes"] = [anonymiser.suppress_small_cells(r) for r in changes]
    anonymiser.where = "report"
    return replace(
        context,
        **extra,
        quotes=quotes,
        findings=findings,
        recommendations=recommendations,
        results=results,
        anonymiser=anonymiser,
    )


def segments_generalised(anonymiser: Anonymiser, counts: dict[str, int]) -> dict[str, int]:
    """The number of respondents by segment (the method's) counted by their segments as
    generalised for k: a segment of fewer than k people within "Other", and all of them
    as one "[withheld]" while the segment is withheld.  The method's sentence then counts
    the groups its table of respondents by segment shows."""
    shown = {
        row.segment: anonymiser.quasi(row).get("segment", WITHHELD) for row in anonymiser.rows()
    }
    out: dict[str, int] = {}
    for segment, n in counts.items():
        key = shown.get(segment, WITHHELD)
        out[key] = out.get(key, 0) + n
    if len(out) > 1 and WITHHELD in out:
        return {WITHHELD: sum(out.values())}
    if out != dict(counts):
        anonymiser.record(
            "quasi-identifier", "respondents by segment", "as generalised", "report: method"
        )
    return out


def _blank(value: Any) -> str:
    """An optional field as text: "" when unset (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _sort_key(row: RespondentRow) -> tuple[str, str, str, str]:
    return (
        _fold(_blank(row.segment)),
        _fold(_blank(row.org_unit)),
        _fold(_blank(row.label)),
        _fold(_blank(row.name)),
    )
