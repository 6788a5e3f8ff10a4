"""Helpers shared by the built-in analyses: reading tagged questions, evidence, formats."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.analysis.api import Applicability
from workbench.analysis.data import EngagementData
from workbench.analysis.labels import NO_SEGMENT
from workbench.analysis.registry import NotApplicable
from workbench.analysis.result import Column, Evidence

GAP_FMT = "+0.00;-0.00;0.00"
MEAN_FMT = "0.00"
PCT_FMT = "0%"
INT_FMT = "0"

DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
DIMENSION_LABELS = {d: d.capitalize() for d in DIMENSIONS}


# -- chart layout: labels clear of bars, axes and legends --------------------------------
def legend_outside(ax: Any, **kwargs: Any) -> Any:
    """The legend above the plot area, in one row, so it never covers data (the figure's
    constrained layout makes room for it)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    return ax.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=min(len(handles), 4),
        frameon=False,
        borderaxespad=0.0,
        **kwargs,
    )


def bar_chart_height(bars: int, per_bar: float = 0.26, base: float = 1.3) -> float:
    """Inches of figure height for a horizontal bar chart of ``bars`` bars (3–10 in), so
    that each bar keeps the room of a line of text."""
    return max(3.0, min(10.0, base + per_bar * bars))


def category_axis(ax: Any, positions: Any, labels: list[str]) -> None:
    """Category names under a vertical bar chart; slanted when they would meet (judged at
    the width of half a window, where the charts of a result stand side by side)."""
    longest = max((len(str(label)) for label in labels), default=0)
    width_in = min(ax.figure.get_figwidth(), 4.5)
    room = width_in * 72 / max(len(labels), 1)  # points per category
    ax.set_xticks(positions, labels)
    if longest * 6.0 > room * 0.85:  # ~6 pt per character at the chart's font size
        for text in ax.get_xticklabels():
            text.set_rotation(30)
            text.set_horizontalalignment("right")
            text.set_rotation_mode("anchor")


def pretty(key: Any) -> str:
    """``"brush-off"`` → ``"Brush-off"``; ``"rule-book"`` → ``"Rule-book"``."""
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def gap_col(name: str, label: str) -> Column:
    return Column(name, label, "float", GAP_FMT, diverging=True)


def mean_col(name: str, label: str) -> Column:
    return Column(name, label, "float", MEAN_FMT)


def int_col(name: str, label: str) -> Column:
    return Column(name, label, "int", INT_FMT)


def pct_col(name: str, label: str) -> Column:
    return Column(name, label, "percent", PCT_FMT)


def text_col(name: str, label: str) -> Column:
    return Column(name, label, "text")


def evidence(interview_ids: Iterable[Any] = (), question_keys: Iterable[Any] = ()) -> Evidence:
    return Evidence(
        interview_ids=tuple(sorted({str(i) for i in interview_ids if _present(i)})),
        question_keys=tuple(dict.fromkeys(str(k) for k in question_keys if _present(k))),
    )


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def num(value: Any) -> float:
    """A float from a cell number (NaN for missing)."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def n_completed(data: EngagementData, form_id: str) -> int:
    return int(data.completed_interviews(form_id)["interview_id"].nunique())


def need_completed(
    data: EngagementData, form_id: str, what: str, minimum: int = 1
) -> Applicability:
    """``Applicability.no`` with a consultant's sentence when too few interviews are complete."""
    n = n_completed(data, form_id)
    if n >= minimum:
        return Applicability.yes()
    from workbench.analysis.labels import material_word

    of_form = data.interviews[data.interviews["form_id"] == form_id]
    noun = material_word(data.kinds(of_form["interview_id"]), plural=minimum != 1)
    has = "none" if n == 0 else str(n)
    return Applicability.no(
        f"{what} needs at least {minimum} completed {form_id} {noun}; this engagement has {has}."
    )


# -- which form an analysis reads: the one whose tags fit, never a form id --------------
@dataclass(frozen=True)
class Wanted:
    """A question an analysis reads: tagged ``tag`` (with ``value`` when given), of one of
    ``types`` (any type when empty); ``kind`` says the types in a consultant's words."""

    tag: str
    value: str | None = None
    types: tuple[str, ...] = ()
    kind: str = ""

    def words(self) -> str:
        tag = f"`{self.tag}: {self.value}`" if self.value else f"`{self.tag}`"
        return f"{tag} ({self.kind})" if self.kind else tag

    def fits(self, tags: Any, qtype: Any) -> bool:
        tags = tags if isinstance(tags, dict) else {}
        if tags.get(self.tag) is None:
            return False
        if self.value is not None and str(tags[self.tag]).strip().lower() != self.value.lower():
            return False
        return not self.types or str(qtype) in self.types


@dataclass(frozen=True)
class FormNeed:
    """What a form needs for an analysis to read it: for each group, a question fitting
    one of the group's :class:`Wanted`. ``builtin`` names the built-in form that has it
    (preferred when two forms fit equally)."""

    builtin: str
    groups: tuple[tuple[Wanted, ...], ...]
    noun: str = "question"
    #: What each question gives, where the need is one of several.
    hint: str = ""
    #: The one form to read, chosen by the consultant (its id); "" reads the best fit.
    only: str = ""

    def choosing(self, form_id: Any) -> FormNeed:
        """This need restricted to the form ``form_id`` (an analysis's "form" option);
        itself when none is given."""
        import dataclasses

        chosen = str(form_id or "").strip()
        return dataclasses.replace(self, only=chosen) if chosen else self

    def words(self) -> str:
        """``a question tagged `construct: satisfaction` (a rating) and one tagged …``."""
        parts = []
        for i, group in enumerate(self.groups):
            lead = f"a {self.noun}" if i == 0 else "one"
            words = [w.words() for w in group]
            listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
            parts.append(f"{lead} tagged {listed}")
        return " and ".join(parts) + (f" ({self.hint})" if self.hint else "")

    def fits_form(self, form: Any) -> bool:
        """Whether a :class:`~workbench.forms.schema.FormDefinition` has what it needs."""
        try:
            questions = [(q.tags, q.type) for q in form.iter_questions()]
        except AttributeError:
            return False
        return self._covered(questions) > 0

    def _covered(self, pairs: list[tuple[Any, Any]]) -> int:
        """How many of the wanted questions ``(tags, type)`` pairs hold; 0 when a group
        has none of its questions."""
        found = [sum(any(w.fits(t, k) for t, k in pairs) for w in g) for g in self.groups]
        return sum(found) if all(found) else 0

    def coverage(self, data: EngagementData) -> dict[str, int]:
        """form id → how many of the wanted questions it has, for the engagement's forms
        that have what it needs (in form order)."""
        q = data.questions
        if q.empty:
            return {}
        out = {}
        for form_id, rows in q.groupby("form_id", sort=False):
            if self.only and str(form_id) != self.only:
                continue
            covered = self._covered(list(zip(rows["tags"], rows["type"], strict=True)))
            if covered:
                out[str(form_id)] = covered
        return out

    def fitting(self, data: EngagementData) -> list[str]:
        """The ids of the engagement's forms that have what it needs, in form order."""
        return list(self.coverage(data))


def form_for(data: EngagementData, need: FormNeed) -> str:
    """The form an analysis reads: of the engagement's forms whose tags fit ``need``, the
    one with the most of the wanted questions, then the most completed interviews (the
    built-in one first on a tie); the built-in form's id when none fits (its reads then
    find nothing)."""
    coverage = need.coverage(data)
    if not coverage:
        return need.builtin
    if len(coverage) == 1:
        return next(iter(coverage))
    from workbench.analysis.data import COMPLETE_STATUSES

    iv = data.interviews
    done = iv[iv["status"].isin(COMPLETE_STATUSES)].groupby("form_id")["interview_id"].nunique()
    return max(coverage, key=lambda f: (coverage[f], int(done.get(f, 0)), f == need.builtin))


def form_label(data: EngagementData, form_id: str) -> str:
    """``"Acme satisfaction (acme-sat)"``: a form as the consultant knows it."""
    title = getattr(data.forms.get(form_id), "title", "") or ""
    return f"{title} ({form_id})" if title and title != form_id else form_id


def need_form(data: EngagementData, need: FormNeed, what: str, minimum: int = 1) -> Applicability:
    """``Applicability.no`` saying what a form needs when none of the engagement's forms
    fits ``need``, or how many completed interviews are missing when one does."""
    if need.fitting(data):
        return need_completed(data, form_for(data, need), what, minimum)
    forms = list(dict.fromkeys(str(f) for f in data.questions["form_id"].dropna()))
    if need.only:
        chosen = (
            f"the form {form_label(data, need.only)} chosen does not have it"
            if need.only in forms
            else f"no form {need.only!r} is in this engagement's interviews"
        )
        return Applicability.no(
            f"{what} needs a form with {need.words()}; {chosen} (forms: "
            f"{', '.join(forms) or 'none'})."
        )
    if forms:
        listed = "; ".join(form_label(data, f) for f in forms)
        has = f"none of this engagement's forms has it ({listed})"
    else:
        has = "this engagement has no interviews of any form yet"
    return Applicability.no(
        f"{what} needs a form with {need.words()}, as the built-in {need.builtin} form has; {has}."
    )


def form_note(data: EngagementData, need: FormNeed) -> list[str]:
    """A method note naming the form read when it is not the built-in one, or when more
    than one form fits (empty otherwise)."""
    fitting = need.fitting(data)
    used = form_for(data, need)
    if need.only and fitting:
        return [f"Data: the form {form_label(data, used)}, as chosen (the Form option)."]
    if used == need.builtin and len(fitting) < 2:
        return []
    note = f"Data: the form {form_label(data, used)}, whose questions carry the tags read here"
    others = [f for f in fitting if f != used]
    if others:
        one = len(others) == 1
        note += (
            f"; {', '.join(form_label(data, f) for f in others)} also "
            f"{'fits' if one else 'fit'} (with fewer of those questions or fewer completed "
            f"interviews) and {'is' if one else 'are'} not read (the Form option chooses "
            "another)"
        )
    return [note + "."]


def require(frame: pd.DataFrame, reason: str) -> None:
    """Raise NotApplicable with ``reason`` when ``frame`` is empty (nothing usable to analyse)."""
    if len(frame) == 0:
        raise NotApplicable(reason)


def first_failure(*checks: Applicability) -> Applicability:
    for c in checks:
        if not c.ok:
            return c
    return Applicability.yes()


def tagged_cells(data: EngagementData, form_id: str, tag: str, value: Any = None) -> pd.DataFrame:
    """Completed answer cells of questions tagged ``tag``, merged with the question metadata.

    Columns: the answer columns plus ``label, type, reverse, scale_min, scale_max`` and
    ``group`` (the tag's value).
    """
    q = data.questions_tagged(form_id, tag, value)
    a = data.completed(form_id)
    if q.empty or a.empty:
        cols = [*a.columns, "label", "type", "reverse", "scale_min", "scale_max", "group"]
        return pd.DataFrame(columns=cols)
    meta = q[["question_key", "label", "type", "reverse", "scale_min", "scale_max"]].assign(
        group=q[f"tag:{tag}"].astype(str), order=range(len(q))
    )
    out = a.merge(meta, on="question_key", how="inner")
    out["num"] = pd.to_numeric(out["num"], errors="coerce")
    out["item"] = out["item"].fillna("").astype(str)
    return out.sort_values(["order", "interview_id"], kind="stable").reset_index(drop=True)


def scale_name(frame: pd.DataFrame, default: tuple[float, float] = (1, 7)) -> str:
    """ "(1–7)": the scale of the ratings in ``frame`` (its first ``scale_min`` and
    ``scale_max``, else ``default``), as a measure's name gives it, so that a mean of
    them is shown on its scale ("5.61 of 7") beside the scores of other scales."""
    ends = []
    for col, fallback in zip(("scale_min", "scale_max"), default, strict=True):
        given = pd.to_numeric(frame[col], errors="coerce").dropna() if col in frame else []
        ends.append(float(given.iloc[0]) if len(given) else float(fallback))
    return f"({ends[0]:g}–{ends[1]:g})"


def reversed_num(cells: pd.DataFrame, default_min: float, default_max: float) -> pd.Series:
    """``num`` with ``min + max − x`` applied to questions marked reverse."""
    lo = pd.to_numeric(cells["scale_min"], errors="coerce").fillna(default_min)
    hi = pd.to_numeric(cells["scale_max"], errors="coerce").fillna(default_max)
    rev = cells["reverse"].fillna(False).astype(bool)
    return cells["num"].where(~rev, lo + hi - cells["num"])


def pair_scores(
    data: EngagementData, form_id: str, tag: str, scale: tuple[float, float] = (1, 7)
) -> pd.DataFrame:
    """One row per (interview, pair question) with both parts: E, P (reversed) and gap P − E.

    Columns: ``interview_id, respondent_id, segment, question_key, label, group, order,
    E, P, gap``.
    """
    cells = tagged_cells(data, form_id, tag)
    cols = ["interview_id", "respondent_id", "segment", "question_key", "label", "group"]
    if cells.empty:
        return pd.DataFrame(columns=[*cols, "order", "E", "P", "gap"])
    cells = cells[cells["item"].isin(["E", "P"])].copy()
    cells["score"] = reversed_num(cells, *scale)
    cells["label"] = cells["label"].fillna(cells["question_key"])
    cells["segment"] = cells["segment"].fillna(NO_SEGMENT)
    wide = (
        cells.groupby([*cols, "order", "item"], dropna=False, sort=False)["score"]
        .first()
        .unstack("item")
        .reset_index()
    )
    wide.columns.name = None
    for part in ("E", "P"):
        if part not in wide.columns:
            wide[part] = math.nan
    wide = wide.dropna(subset=["E", "P"])
    wide["gap"] = wide["P"] - wide["E"]
    return wide.sort_values(["order", "interview_id"], kind="stable").reset_index(drop=True)


def allocations(
    data: EngagementData, form_id: str, tag: str, value: Any, total: float = 100.0
) -> tuple[pd.DataFrame, pd.Series]:
    """Allocation answers as (points frame: interview × option, valid mask per interview).

    An allocation is valid when every point is ≥ 0 and they sum to ``total``.
    """
    cells = tagged_cells(data, form_id, tag, value)
    if cells.empty:
        return pd.DataFrame(), pd.Series(dtype=bool)
    first_q = cells["question_key"].iloc[0]
    cells = cells[(cells["question_key"] == first_q) & (cells["item"] != "")]
    points = cells.pivot_table(
        index="interview_id", columns="item", values="num", aggfunc="first"
    ).astype(float)
    points.columns.name = None
    valid = (points.fillna(0) >= 0).all(axis=1) & (
        (points.fillna(0).sum(axis=1) - total).abs() < 1e-6
    )
    return points, valid


def interview_segments(data: EngagementData, form_id: str) -> pd.Series:
    """interview id → respondent segment (``NO_SEGMENT`` when unset)."""
    a = data.completed(form_id)[["interview_id", "segment"]].drop_duplicates("interview_id")
    return a.set_index("interview_id")["segment"].fillna(NO_SEGMENT).astype(str)


def respondent_scores_frame(
    data: EngagementData, per_interview: pd.DataFrame, better: str = "higher"
) -> pd.DataFrame:
    """A wide frame (index interview id, one column per measure label) as the long
    ``respondent_id, measure, score, better`` frame a wave comparison reads."""
    if per_interview is None or per_interview.empty:
        return pd.DataFrame(columns=["respondent_id", "measure", "score", "better"])
    who = data.interviews.set_index("interview_id")["respondent_id"]
    wide = per_interview.copy()
    wide.index = wide.index.map(who)
    wide.index.name = "respondent_id"
    wide.columns.name = "measure"
    long = wide.stack(future_stack=True).rename("score").reset_index()
    long["score"] = pd.to_numeric(long["score"], errors="coerce")
    order = {m: i for i, m in enumerate(per_interview.columns)}
    long = long.dropna(subset=["score", "respondent_id"])
    long = long.sort_values("measure", key=lambda s: s.map(order), kind="stable")
    return long.assign(better=better).reset_index(drop=True)


def per_person(
    data: EngagementData, per_interview: pd.DataFrame
) -> tuple[pd.DataFrame, dict[Any, list[Any]]]:
    """One row per respondent from a frame with one row per interview (numeric columns):
    a person with several interviews gets the mean of each column, the one reduction a
    wave comparison and the report's headline scores use
    (:func:`workbench.analysis.compare.per_respondent`).

    Returns (frame indexed by respondent id, columns as given; respondent → their
    interview ids, for evidence and counts)."""
    from workbench.analysis.compare import per_respondent

    who = data.interviews.set_index("interview_id")["respondent_id"]
    ids: dict[Any, list[Any]] = {}
    for interview in per_interview.index:
        person = who.get(interview)
        if person is not None and not (isinstance(person, float) and math.isnan(person)):
            ids.setdefault(person, []).append(interview)
    means = per_respondent(respondent_scores_frame(data, per_interview))
    frame = pd.DataFrame(
        {c: means[str(c)] if str(c) in means else pd.Series(dtype=float) for c in per_interview}
    )
    frame = frame.reindex(list(ids))
    frame.index.name = "respondent_id"
    return frame, ids


def person_of(data: EngagementData, interview_ids: Iterable[Any]) -> pd.Series:
    """interview id → the person it counts for: its respondent (the interview itself
    where none is recorded)."""
    ids = pd.Index(pd.unique(pd.Series(list(interview_ids), dtype=object)))
    who = data.interviews.drop_duplicates("interview_id").set_index("interview_id")
    rid = who["respondent_id"].reindex(ids).astype(object)
    return pd.Series(rid.where(rid.notna(), ids.to_series(index=ids)), index=ids)


def by_person(frame: pd.DataFrame, person: pd.Series) -> pd.DataFrame:
    """A numeric frame indexed by interview (or by interview × further levels) as one row
    per person (× the same levels): a person with several interviews in the scope gets
    the mean of their interviews' values (missing ones skipped), the reduction a wave
    comparison and the report's headline scores use
    (:func:`workbench.analysis.compare.per_respondent`)."""
    if isinstance(frame.index, pd.MultiIndex):
        first, *levels = frame.index.names
        keyed = frame.reset_index()
        keyed.insert(0, "person", keyed[first].map(person))
        keyed = keyed.drop(columns=[first])
        return keyed.groupby(["person", *levels], sort=False).mean()
    out = frame.groupby(frame.index.map(person), sort=False).mean()
    out.index.name = "person"
    return out


def without_drafts(data: EngagementData, segs: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The segments of completed interviews (and of notes kept on a respondent, outside
    any interview), and the method note saying what was left out ("" when nothing was):
    analyses count completed interviews only."""
    from workbench.analysis.data import COMPLETE_STATUSES

    interviews = data.interviews
    if "status" not in interviews.columns or not len(segs) or "interview_id" not in segs:
        return segs, ""
    status = interviews.set_index("interview_id")["status"].astype(str).str.strip().str.lower()
    done = set(status[status.isin(COMPLETE_STATUSES)].index)
    drafts = segs["interview_id"].notna() & ~segs["interview_id"].isin(done)
    if not drafts.any():
        return segs, ""
    from workbench.analysis.labels import material_kind, material_noun, material_word

    n, ids = int(drafts.sum()), set(segs.loc[drafts, "interview_id"])
    left = interviews[interviews["interview_id"].isin(ids)]
    kinds = {material_kind(r) for r in left.get("source_ref", [None] * len(left))}
    note = (
        f"Only completed {material_word(kinds)} count: {n} coded "
        f"segment{'s' if n != 1 else ''} in {material_noun(len(ids), kinds)} not yet "
        f"marked complete {'are' if n != 1 else 'is'} left out."
    )
    return segs[~drafts].reset_index(drop=True), note
