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

Quasi-identifiers (role, organisation unit, segment, attribute values) are generalised to
``"Other"`` where fewer than ``k`` respondents share a value, and a whole column is
withheld while any combination of the shown columns still holds fewer than ``k`` people.
Every replacement and suppression is recorded in :attr:`Anonymiser.log`, which is what the
preview lists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from workbench.deliver.context import RespondentRow

NAME_PLACEHOLDER = "[name]"
TERM_PLACEHOLDER = "[withheld]"
OTHER = "Other"
WITHHELD = "[withheld]"
DEFAULT_K = 5
MIN_TOKEN = 2
# Name particles that identify nobody on their own ("van der Berg" -> scrub "Berg").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "del", "della", "das", "dos", "des", "les", "bin", "binti"}
)
_APOSTROPHES = "'\u2019"
#: Quasi-identifiers in the order they are withheld when counts are equal.
QUASI_COLUMNS = ("role", "org_unit", "segment")
#: Quasi-identifier columns made of the answers to identifying questions ("answer:role").
ANSWER_PREFIX = "answer:"


@dataclass(frozen=True)
class Replacement:
    """One change made by anonymisation: ``what`` at ``where`` became ``replaced_by``."""

    kind: str  # "name", "term", "quasi-identifier", "cell"
    where: str
    what: str
    replaced_by: str
    #: The words around a lone name part replaced ("… [Mark] my words the …").
    context: str = ""
    #: A lone capitalised name part that may be an ordinary word: it opens a sentence
    #: before a lowercase word ("Mark my words", "Summers are busy"), follows an article
    #: ("the Price"), or is a word of the engagement's own (see ``Anonymiser``).
    possible: bool = False


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
        own_words: Iterable[str] = (),
        texts: Iterable[str] = (),
    ) -> None:
        self.k = DEFAULT_K if k is None else int(k)
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
        self._vocabulary = {w.casefold() for w in vocabulary}
        # Name parts the consultant keeps as ordinary words ("Mark", "Summers"): full
        # names containing them are still replaced.
        self.keep_words = {w.strip().casefold() for w in keep_words if w and w.strip()}
        self._build_patterns(ordered, [t.strip() for t in terms if t and t.strip()])
        # Name parts that are also ordinary words of this engagement: words of its forms
        # and codebook (``own_words``: "Price" the measure) or of the register's roles,
        # units, segments and attributes, or written in lowercase in its text ("the
        # price", "grant us"); the preview marks each a possible name wherever replaced.
        self.ordinary = ordinary_parts(self._parts, [*own_words, *_register_words(ordered)], texts)
        self._ordinary = {p.casefold() for p in self.ordinary}
        self._quasi = self._generalise()

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
        return pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        key = _fold(found).replace("\u2019", "'")
        if key in self._replacement:
            kind, new = self._replacement[key]
            self.record(kind, found, new)
            return new
        text, start, end = match.string, match.start(), match.end()
        self.log.append(
            Replacement(
                "name",
                self.where,
                found,
                NAME_PLACEHOLDER,
                context=_around(text, start, end),
                possible=found.casefold() in self._ordinary or _possible_name(text, start, end),
            )
        )
        return NAME_PLACEHOLDER

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
            parts |= name_parts(name)
        for term in terms:
            whole.add(term)
            replacement[_key(term)] = ("term", TERM_PLACEHOLDER)
        self._replacement = replacement
        parts = {p for p in parts if p.casefold() not in self.keep_words}
        kept = {p for p in parts if p.casefold() not in self._vocabulary}
        self._whole, self._parts = whole, parts
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

    # -- tables ---------------------------------------------------------------------------

    def suppress_small_cells(self, result: Any) -> Any:
        """``result`` with the numbers of every table row that rests on fewer than k
        respondents replaced by a marker, and a note saying so (a copy; or ``result``)."""
        tables = []
        changed = small = False
        marker = f"n<{self.k}"
        hidden: set[str] = set()  # the labels of the rows suppressed
        for table in result.tables:
            if any(c.name == "interview_date" for c in table.columns):
                table = _without_dates(table)  # a visit's date can name who was observed
                self.record("column", "interview dates", "left out", where=table.title)
                changed = True
            col = _count_column(table)
            if col is None:
                tables.append(table)
                continue
            rows = []
            hit = False
            first_text = table.marker_column()
            for i, row in enumerate(table.rows):
                n = row[col]
                if isinstance(n, int | float) and n == n and 0 < n < self.k:
                    label = " / ".join(
                        str(v) for c, v in zip(table.columns, row, strict=False) if c.kind == "text"
                    )
                    if table.columns[first_text].kind == "text":
                        hidden.add(str(row[first_text]))
                    # A text cell beside the label that carries figures ("Feasibility
                    # (2.33)") rests on the same people: it goes too.
                    new = [
                        v
                        if c.kind == "text" and (j == first_text or not _DIGIT.search(str(v)))
                        else marker
                        for j, (c, v) in enumerate(zip(table.columns, row, strict=False))
                    ]
                    rows.append(new)
                    hit = True
                    self.record(
                        "cell",
                        f"row {i + 1} ({label or '—'}): {int(n)} respondent(s)",
                        marker,
                        where=f"{result.title}: {table.title}",
                    )
                else:
                    rows.append(row)
            if hit:
                note = (
                    f"Figures resting on fewer than {self.k} respondents are suppressed ({marker})."
                )
                table = replace(table, rows=rows, note=f"{table.note} {note}".strip())
                changed = small = True
            tables.append(table)
        if not changed:
            return result
        if not small:
            return replace(result, tables=tables)
        # A chart would show the suppressed numbers: it is left out, and the method says so.
        for spec in result.figures:
            self.record(
                "chart", spec.title or spec.name, "left out", where=f"{result.title}: charts"
            )
        findings = self._findings_kept(result, hidden)
        notes = list(result.method_notes)
        if len(findings) < len(result.findings):
            notes.append(
                f"Findings resting on fewer than {self.k} respondents are left out of this "
                "anonymised deliverable."
            )
        if result.figures:
            notes.append(
                f"Charts are left out of this anonymised deliverable because they would show "
                f"groups of fewer than {self.k} respondents."
            )
        return replace(result, tables=tables, figures=[], method_notes=notes, findings=findings)

    def _findings_kept(self, result: Any, hidden: set[str]) -> list[str]:
        """``result.findings`` without those that give a figure on fewer than k people:
        those naming a suppressed row ("6% are loyalists (1 apostle)") or a count below k
        ("-0.80 († 3 respondents)")."""
        stems = []
        for label in hidden:
            text = re.sub(r"^\s*(of which\s+)?", "", label.replace("\u2020", "")).strip()
            if text:
                stems.append(re.escape(text[:-1] if text.endswith("s") else text))
        named = re.compile(rf"\b(?:{'|'.join(stems)})", re.IGNORECASE) if stems else None
        kept = []
        for finding in result.findings:
            few = any(0 < int(n) < self.k for n in _FEW.findall(finding))
            if few or (named is not None and named.search(finding)):
                self.record("finding", finding, "left out", where=f"{result.title}: findings")
                continue
            kept.append(finding)
        return kept

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Anonymiser({len(self._rows)} respondents, k={self.k})"


_DIGIT = re.compile(r"\d")
#: Where a sentence starts: the text's start, or after . ! ? or a line break.
_SENTENCE_START = re.compile(r"(?:^|[.!?\n])[\s\"'\u201c\u2018(]*$")
_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    """The words around ``text[start:end]``, the match in brackets."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    before = ("\u2026" + before.split(" ", 1)[-1]) if start > width else before
    after = (after.rsplit(" ", 1)[0] + "\u2026") if end + width < len(text) else after
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def lone_names(log: Iterable[Replacement]) -> list[tuple[str, int, bool, str]]:
    """The lone name parts replaced, as the preview lists them: (word, times, possibly an
    ordinary word, the first context), most frequent first."""
    counts: Counter[str] = Counter()
    possible: dict[str, bool] = {}
    context: dict[str, str] = {}
    for r in log:
        if r.kind == "name" and r.replaced_by == NAME_PLACEHOLDER and r.context:
            counts[r.what] += 1
            possible[r.what] = possible.get(r.what, False) or r.possible
            context.setdefault(r.what, r.context)
    return [
        (w, n, possible[w], context[w])
        for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    ]


def _possible_name(text: str, start: int, end: int) -> bool:
    """A single capitalised word opening a sentence and followed by a lowercase word, or
    following an article ("the Price of it", "a Grant")."""
    word = text[start:end]
    if " " in word or not word[:1].isupper():
        return False
    if _ARTICLE_BEFORE.search(text, 0, start):
        return True
    return bool(_SENTENCE_START.search(text[:start]) and _LOWER_NEXT.match(text, end))


#: An article or possessive just before a word: a name rarely follows one.
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?i:the|a|an|our|their|its|your)\s+$")


def ordinary_parts(parts: Iterable[str], words: Iterable[str], texts: Iterable[str]) -> set[str]:
    """The name ``parts`` that are also ordinary words of the engagement: among ``words``
    (whatever their case), or, for a capitalised part, written all in lowercase as a whole
    word in one of ``texts`` ("price", "grant")."""
    known = {w.casefold() for w in words}
    out = {p for p in parts if p.casefold() in known}
    lower = {p.lower(): p for p in parts if p[:1].isupper() and p not in out and p.lower() != p}
    for text in texts:
        if not lower:
            break
        if isinstance(text, str) and text:
            for hit in lower.keys() & set(_LOWER_WORD.findall(text)):
                out.add(lower.pop(hit))
    return out


#: A whole word, not in an address ("helen.price@…") or a file name ("price.xlsx").
_LOWER_WORD = re.compile(r"(?<![\w.@])[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?![\w@]|\.\w)")


def engagement_texts(store: Any, data: Any) -> Iterator[str]:
    """The engagement's own text, where an ordinary word is written in lowercase: its
    title and scope, the notes, the text answers, the findings and recommendations."""
    eng = store.engagement()
    yield from (eng.title or "", eng.scope or "")
    for frame, column in ((data.notes, "body"), (data.answers, "text")):
        if column in frame.columns:
            yield from (v for v in frame[column] if isinstance(v, str))
    yield from (f.statement for f in store.findings())
    yield from (r.text for r in store.recommendations())


def _register_words(rows: Iterable[RespondentRow]) -> set[str]:
    """The words of the register's roles, units, segments and attribute values."""
    words: set[str] = set()
    for row in rows:
        values = [row.role, row.org_unit, row.segment, *(row.attributes or {}).values()]
        for value in values:
            if isinstance(value, str):
                words.update(re.findall(r"\w+", value))
    return words


#: A count of people in a finding: "3 respondents", "1 apostle", "2 managers".
_FEW = re.compile(
    r"\b(\d+)\s+(?:respondents?|people|persons?|managers?|apostles?|terrorists?|"
    r"loyalists?|mercenar(?:y|ies)|hostages?|defectors?|interviews?)\b",
    re.IGNORECASE,
)


def _without_dates(table: Any) -> Any:
    """``table`` without its interview-date column (anonymised deliverables give none)."""
    keep = [i for i, c in enumerate(table.columns) if c.name != "interview_date"]
    return replace(
        table,
        columns=[table.columns[i] for i in keep],
        rows=[[row[i] for i in keep] for row in table.rows],
        cell_formats={},
    )


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


#: Raw-data columns that hold verbatim text (what people said or the consultant wrote).
_VERBATIM = frozenset({"text", "body", "example"})


def anonymise_frames(anonymiser: Anonymiser, frames: dict[str, Any]) -> dict[str, Any]:
    """The workbook's raw-data frames anonymised: a respondent's name becomes their
    pseudonym, quasi-identifiers are generalised, verbatim text is scrubbed; keys, codes,
    column headers and labels are left as they are."""
    import pandas as pd

    out = {}
    by_interview: dict[Any, str] = {}
    interviews = frames.get("interviews")
    if interviews is not None and {"interview_id", "respondent"} <= set(interviews.columns):
        by_interview = dict(zip(interviews["interview_id"], interviews["respondent"], strict=True))
    for key, frame in frames.items():
        sheet = f"workbook: {key}"
        if key == "respondents":
            records = []
            for rec in frame.to_dict("records"):
                person = rec.get("name", "")
                quasi = anonymiser.quasi(person)
                new = {"respondent": anonymiser.short_label(person)}
                anonymiser.record("name", str(person), new["respondent"], where=sheet)
                for column in frame.columns:
                    if column in quasi:
                        new[column] = quasi[column]
                    elif column not in ("name", "email", *QUASI_COLUMNS) and not str(
                        column
                    ).startswith("attr:"):
                        new[column] = rec[column]
                records.append(new)
            out[key] = pd.DataFrame(records)
            continue
        frame = frame.copy()
        people = frame["respondent"] if "respondent" in frame.columns else None
        if people is not None and "segment" in frame.columns:
            frame["segment"] = [
                anonymiser.quasi(p).get("segment", WITHHELD) for p in people.fillna("")
            ]
        if people is not None:
            frame["respondent"] = [anonymiser.short_label(p) if p else p for p in people]
        wide = key.startswith("answers_wide")
        if people is None and wide:  # one row per interview, by id
            ids = frame["interview_id"] if "interview_id" in frame.columns else frame.index
            people = pd.Series([by_interview.get(i, "") for i in ids], index=frame.index)
        if people is not None:
            _identifying_cells(anonymiser, frame, people.fillna(""), wide, sheet)
        for column in frame.columns:
            if column == "respondent" or (wide and _base_key(column) in anonymiser.identifying):
                continue
            if not (wide or column in _VERBATIM or (column == "value" and "text" in frame)):
                continue
            values = frame[column]
            if column == "value" and not wide:
                is_text = frame["text"].notna() & (frame["text"].astype(str) != "")
            else:
                is_text = pd.Series(True, index=frame.index)
            with anonymiser.at(f"{sheet}, column {column}"):
                frame[column] = [
                    anonymiser.scrub(v) if flag else v
                    for v, flag in zip(values, is_text, strict=True)
                ]
        out[key] = frame
    return _fieldwork_coarsened(anonymiser, out)


#: Coders that are no person (automatic coding) keep their name.
_MACHINE_CODERS = frozenset({"", "form tags", "rules", "suggester", "import", "imported"})


#: The ``attrs`` key under which an anonymised frame keeps the interview ids of its rows,
#: never written to the workbook.
HIDDEN_IDS = "interview_ids"


def _fieldwork_coarsened(anonymiser: Anonymiser, frames: dict[str, Any]) -> dict[str, Any]:
    """As the report: interview dates to the month, the firm's people "Consultant N"
    (the same person the same number), and no interview ids."""

    people: set[str] = set()
    for key, column in (("interviews", "interviewer"), ("segments", "coder")):
        frame = frames.get(key)
        if frame is not None and column in frame.columns:
            people |= {
                str(v).strip()
                for v in frame[column].dropna()
                if str(v).strip().casefold() not in _MACHINE_CODERS
            }
    colleague = {n: f"Consultant {i}" for i, n in enumerate(sorted(people, key=str.casefold), 1)}
    out = {}
    for key, frame in frames.items():
        sheet = f"workbook: {key}"
        frame = frame.copy()
        if "interview_id" in frame.columns:
            ids = frame["interview_id"].tolist()
            frame = frame.drop(columns=["interview_id"])
            # kept off the sheet, for the evidence columns to name and link the rows by
            # their pseudonym and month (``excel_sheets.interview_ids``)
            frame.attrs[HIDDEN_IDS] = ids
            anonymiser.record("column", "interview ids", "left out", where=sheet)
        for column in ("interviewer", "coder"):
            if column in frame.columns:
                frame[column] = [
                    colleague.get(str(v).strip(), v) if isinstance(v, str) else v
                    for v in frame[column]
                ]
                if colleague:
                    anonymiser.record(
                        "column", f"{column} names", "\u201cConsultant N\u201d", where=sheet
                    )
        if "date" in frame.columns:
            frame["date"] = [month_only(d) for d in frame["date"]]
            anonymiser.record("column", "interview dates", "the month only", where=sheet)
        if _date_answers_coarsened(anonymiser, key, frame):
            anonymiser.record("column", "date answers", "the month only", where=sheet)
        out[key] = frame
    return out


def months_only(anonymiser: Anonymiser, info: Any, where: str) -> Any:
    """The engagement or method summary with its fieldwork dates to the month: the first
    and last day of fieldwork are the days of an interview (a copy)."""
    fields = {"start_date", "end_date", "date_from", "date_to"} & set(vars(info))
    changes: dict[str, Any] = {f: month_only(getattr(info, f)) for f in fields}
    parts = getattr(info, "by_origin", None)
    if parts:
        changes["by_origin"] = {
            k: replace(p, date_from=month_only(p.date_from), date_to=month_only(p.date_to))
            for k, p in parts.items()
        }
    if any(getattr(info, f) is not None for f in fields):
        anonymiser.record("column", "fieldwork dates", "the month only", where=where)
    return replace(info, **changes)


def month_only(value: Any) -> Any:
    """A date as an anonymised deliverable gives it: its month (``"2026-03"``), the one
    rule for interview dates and date answers on every sheet; empty stays empty and text
    that is no date is withheld (it could still be one in another spelling)."""
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and not value.strip():
        return value
    try:
        day = pd.to_datetime(value, errors="coerce")
    except (TypeError, ValueError):
        day = pd.NaT
    if pd.isna(day):
        return value if _MONTH.fullmatch(str(value).strip()) else WITHHELD
    return day.strftime("%Y-%m")


_MONTH = re.compile(r"\d{4}-\d{2}")


def _date_answers_coarsened(anonymiser: Anonymiser, key: str, frame: Any) -> bool:
    """In place: the answers to date questions to the month; whether any column held one."""
    asked = anonymiser.date_questions
    if not asked:
        return False
    if key.startswith("answers_wide_"):
        form = key[len("answers_wide_") :]
        columns = [
            c
            for c in frame.columns
            if (form, _base_key(c).removesuffix(" (answer)")) in asked and c != "date"
        ]
        for column in columns:
            frame[column] = [month_only(v) for v in frame[column]]
        return bool(columns)
    if not {"form_id", "question_key"} <= set(frame.columns):
        return False
    hit = [
        (str(f), str(q)) in asked
        for f, q in zip(frame["form_id"], frame["question_key"], strict=True)
    ]
    if not any(hit):
        return False
    for column in ("value", "text"):
        if column in frame.columns:
            frame[column] = [
                month_only(v) if h else v for v, h in zip(frame[column], hit, strict=True)
            ]
    return True


def _base_key(column: Any) -> str:
    return str(column).split(".", 1)[0]


def _identifying_cells(
    anonymiser: Anonymiser, frame: Any, people: Any, wide: bool, sheet: str
) -> None:
    """In place: the answers to identifying questions as generalised for k (the frame's
    respondent column still holds the names)."""
    keys = anonymiser.identifying
    if not keys:
        return
    if wide:
        for column in frame.columns:
            key = _base_key(column)
            if key in keys:
                frame[column] = [
                    anonymiser.identifying_answer(p, key, v)
                    for p, v in zip(people, frame[column], strict=True)
                ]
        return
    if "question_key" not in frame.columns:
        return
    hit = frame["question_key"].isin(keys)
    if not hit.any():
        return
    for column in ("value", "text"):
        if column in frame.columns:
            frame[column] = frame[column].astype(object)
            frame.loc[hit, column] = [
                anonymiser.identifying_answer(p, k, v)
                for p, k, v in zip(
                    people[hit], frame.loc[hit, "question_key"], frame.loc[hit, column], strict=True
                )
            ]


def generalise(
    records: list[dict[str, str]],
    columns: list[str],
    k: int,
    withhold_first: Iterable[str] = (),
    withhold_last: Iterable[str] = (),
    reasons: list[tuple[str, list[str], int]] | None = None,
) -> list[dict[str, str]]:
    """Generalise quasi-identifiers so that every value and every combination of the
    columns still shown is shared by at least ``k`` records.

    A value held by fewer than ``k`` becomes ``OTHER`` (the smallest other values join it
    until it holds ``k``); an empty value (not given) stays empty, never a category.
    While some combination still holds fewer than ``k``, the shown column with the most
    distinct values is withheld whole: of ``withhold_first`` while one is shown, and of
    ``withhold_last`` (the segment, which the analyses' tables show) only when no other
    is.  Each withheld column is added to ``reasons`` as (column, the other columns shown
    with it, how many records its combinations singled out under ``k``).
    """
    out = [{c: r.get(c, "") for c in columns} for r in records]
    if not out:
        return out
    for column in columns:
        if len(out) < k:
            for r in out:
                r[column] = WITHHELD
            if reasons is not None:
                reasons.append((column, [], len(out)))
            continue
        counts = Counter(r[column] for r in out)
        rare = {v for v, m in counts.items() if m < k and v != ""}
        if not rare:
            continue
        held = sum(counts[v] for v in rare)
        rest = sorted((m, v) for v, m in counts.items() if v not in rare and v != "")
        while held < k and rest:
            m, v = rest.pop(0)
            rare.add(v)
            held += m
        for r in out:
            if r[column] in rare:
                r[column] = OTHER
    while True:
        shown = [c for c in columns if any(r[c] != WITHHELD for r in out)]
        combos = Counter(tuple(r[c] for c in shown) for r in out)
        if not shown or min(combos.values()) >= k:
            return out
        first = [c for c in shown if c in set(withhold_first)]
        middle = [c for c in shown if c not in set(withhold_last)]
        worst = max(
            first or middle or shown, key=lambda c: (len({r[c] for r in out}), -columns.index(c))
        )
        if reasons is not None:
            singled = sum(m for m in combos.values() if m < k)
            reasons.append((worst, [c for c in shown if c != worst], singled))
        for r in out:
            r[worst] = WITHHELD


def name_parts(name: str) -> set[str]:
    """The parts of a name that identify someone on their own ("O'Neill" gives "O'Neill"
    and "Neill"; particles such as "van" and one-letter initials are left out)."""
    parts = set()
    for part in name.split():
        pieces = {part, *re.split(r"[-\u2010\u2013.,]+", part)}
        pieces |= {p for piece in list(pieces) for p in re.split(r"['\u2019]", piece)}
        for piece in pieces:
            piece = piece.strip('.,;:"()').strip(_APOSTROPHES)
            if len(piece) >= MIN_TOKEN and piece.casefold() not in _PARTICLES:
                parts.add(piece)
    return parts


def name_scrubber(people: dict[str, str], *, parts: bool = True) -> Any:
    """A function that replaces, in verbatim text, each full name of ``people`` by its
    replacement and (with ``parts``) every part of one by ``"[name]"``, matched as
    :meth:`Anonymiser.scrub` matches them; it returns the text unchanged when nobody is
    named."""
    whole = {" ".join(n.split()) for n in people if n and n.strip()}
    parts = {p for n in whole for p in name_parts(n)} if parts else set()
    pattern = _compile(whole | parts)
    replacement = {_key(n): new for n, new in people.items() if n and n.strip()}

    def scrub(text: Any) -> Any:
        if pattern is None or not isinstance(text, str) or not text:
            return text
        return pattern.sub(lambda m: replacement.get(_key(m.group(0)), NAME_PLACEHOLDER), text)

    return scrub


def merged_terms(*lists: Iterable[str]) -> list[str]:
    """The terms of every list, in order, each once (whatever its case or spacing)."""
    out, seen = [], set()
    for terms in lists:
        for term in terms:
            text = " ".join(str(term).split())
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(text)
    return out


def smallest_group(records: list[dict[str, str]], columns: Iterable[str]) -> int:
    """The number of records in the smallest combination of ``columns`` (withheld
    columns count as one value)."""
    columns = list(columns)
    combos = Counter(tuple(r.get(c, "") for c in columns) for r in records)
    return min(combos.values()) if combos else 0


def vocabulary(forms: Iterable[Any], codes: Iterable[str] = ()) -> set[str]:
    """Every word of the forms (labels, keys, choices, tags) and the codebook's paths."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            words.update(re.findall(r"\w+", value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for form in forms:
        walk(form.model_dump() if hasattr(form, "model_dump") else form)
    for code in codes:
        walk(code)
    return words


def result_vocabulary(results: Iterable[Any]) -> set[str]:
    """The words of the analyses' own text: method notes, table titles' column headers."""
    words: set[str] = set()
    for result in results:
        for text in result.method_notes:
            words.update(re.findall(r"\w+", text))
        for table in result.tables:
            for col in table.columns:
                words.update(re.findall(r"\w+", col.label))
    return words


def _compile(names: set[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first so a full name wins over its parts.
    alternatives = [_word_pattern(n) for n in sorted(names, key=lambda s: (-len(s), s))]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _word_pattern(name: str) -> str:
    """A name's parts separated by any whitespace; a capitalised part must keep its
    capital ("Grant", "GRANT"; not "grant"); apostrophes match either form."""
    out = []
    for part in name.split():
        head, tail = part[0], part[1:]
        body = "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in tail)
        if head.isupper():
            out.append(re.escape(head) + (f"(?i:{body})" if body else ""))
        else:
            first = f"[{_APOSTROPHES}]" if head in _APOSTROPHES else re.escape(head)
            out.append(f"(?i:{first}{body})")
    return r"\s+".join(out)


def _count_column(table: Any) -> int | None:
    for i, col in enumerate(table.columns):
        label = col.label.casefold()
        if col.kind == "int" and (
            "respondent" in label or "cases" in label or label.strip() == "n"
        ):
            return i
    return None


def _withheld_why(column: str, others: list[str], singled: int, k: int) -> str:
    """``"with role and org unit it would single out 3 people (groups under 5)"``."""
    people = f"{singled} {'person' if singled == 1 else 'people'}"
    if not others:
        return f"fewer than {k} respondents in all ({people})"
    words = [_column_words(c) for c in others]
    shown = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
    return f"with {shown} it would single out {people} (groups under {k})"


def _column_words(column: str) -> str:
    if column.startswith(ANSWER_PREFIX):
        return f"answer to {column[len(ANSWER_PREFIX) :]!r}"
    if column.startswith("attr:"):
        return f"attribute {column[len('attr:') :]!r}"
    return column.replace("_", " ")


def _column_rank(column: str) -> tuple[int, str]:
    if column in QUASI_COLUMNS:
        return (QUASI_COLUMNS.index(column) if column != "segment" else 9, column)
    return (1, column)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _key(text: str) -> str:
    return _fold(text).replace("\u2019", "'")


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
