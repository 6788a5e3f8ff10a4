"""EngagementData: the read-only snapshot of an engagement that analyses receive.

A snapshot is a handful of pandas DataFrames (see ARCHITECTURE.md, "EngagementData")
plus two question frames that let analyses find their questions by tag:

- ``questions``: ``form_id, question_key, type, label, section, reverse, scale_min,
  scale_max, tags`` (a dict) and one ``tag:<name>`` column per tag name seen.
- ``question_items``: ``form_id, question_key, item, label, tags`` for matrix rows,
  allocation options and pair parts.

The store builds one with ``from_store`` (elsewhere); tests and importers build one with
:meth:`EngagementData.build`.  Nothing here mutates a frame: :meth:`filter` returns a new
snapshot over copies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

RESPONDENT_COLUMNS = ("respondent_id", "name", "role", "org_unit", "segment", "consent")
INTERVIEW_COLUMNS = (
    "interview_id",
    "respondent_id",
    "form_id",
    "form_version",
    "wave",
    "wave_order",
    "date",
    "interviewer",
    "status",
    "source_ref",  # where an imported interview came from ("refi-qda:…", "kobo:…", …)
)
ANSWER_COLUMNS = (
    "interview_id",
    "respondent_id",
    "form_id",
    "question_key",
    "item",
    "value",
    "num",
    "text",
    "wave",
    "segment",
    "status",
)
NOTE_COLUMNS = ("note_id", "interview_id", "respondent_id", "body")
CODE_COLUMNS = ("code_id", "parent_id", "name", "path", "colour")
SEGMENT_COLUMNS = (
    "segment_id",
    "code_id",
    "interview_id",
    "respondent_id",
    "source_kind",
    "source_id",
    "start",
    "end",
    "text",
    "coder",
    "status",
)
QUESTION_COLUMNS = (
    "form_id",
    "question_key",
    "type",
    "label",
    "section",
    "reverse",
    "scale_min",
    "scale_max",
    "tags",
)
QUESTION_ITEM_COLUMNS = ("form_id", "question_key", "item", "label", "tags")

FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondents": RESPONDENT_COLUMNS,
    "interviews": INTERVIEW_COLUMNS,
    "answers": ANSWER_COLUMNS,
    "notes": NOTE_COLUMNS,
    "codes": CODE_COLUMNS,
    "segments": SEGMENT_COLUMNS,
    "questions": QUESTION_COLUMNS,
    "question_items": QUESTION_ITEM_COLUMNS,
}

#: Interview statuses that count as completed (analyses read only these by default).
COMPLETE_STATUSES = frozenset({"complete", "completed"})

#: The explicit choice of every wave at once: each person counts once, with their latest
#: completed interview of each form (``filter(wave=ALL_WAVES)``).
from workbench.analysis.labels import ALL_WAVES  # noqa: E402 (named here first; kept light)


def _frame(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``frame`` with every contract column present (missing ones empty)."""
    columns = FRAME_COLUMNS[name]
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in columns})
    out = frame.copy()
    for c in columns:
        if c not in out.columns:
            out[c] = pd.Series(index=out.index, dtype=_dtype(c))
    extra = [c for c in out.columns if c not in columns]
    return out[list(columns) + extra].reset_index(drop=True)


def _dtype(column: str) -> str:
    if column in ("num", "scale_min", "scale_max", "wave_order", "start", "end"):
        return "float64"
    return "object"


def _with_tag_columns(questions: pd.DataFrame) -> pd.DataFrame:
    """Add one ``tag:<name>`` column per tag name found in the ``tags`` dicts."""
    tags = questions["tags"].map(lambda t: t if isinstance(t, dict) else {})
    questions = questions.assign(tags=tags)
    names = sorted({name for t in tags for name in t})
    for name in names:
        col = f"tag:{name}"
        if col not in questions.columns:
            questions[col] = tags.map(lambda t, n=name: t.get(n))
    if "reverse" in questions.columns:
        from_tag = tags.map(lambda t: _truthy(t.get("reverse")))
        questions["reverse"] = questions["reverse"].map(_truthy) | from_tag
    return questions


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if value is None:
        return False
    try:
        return bool(value) and not pd.isna(value)
    except (TypeError, ValueError):
        return bool(value)


@dataclass(frozen=True)
class EngagementData:
    """A read-only snapshot of an engagement (see the module docstring)."""

    respondents: pd.DataFrame
    interviews: pd.DataFrame
    answers: pd.DataFrame
    notes: pd.DataFrame
    codes: pd.DataFrame
    segments: pd.DataFrame
    questions: pd.DataFrame
    question_items: pd.DataFrame
    forms: dict[str, Any] = field(default_factory=dict)
    #: Describes the subset, e.g. "wave: baseline; segment: staff" ("" = everything).
    scope: str = ""
    #: The wave an analysis runs on: ``None`` until chosen (``in_scope`` then picks the
    #: latest wave with data), a wave name, :data:`ALL_WAVES`, or ``""`` when the
    #: engagement has no named wave with completed interviews.
    wave_scope: str | None = None
    #: Sentences for an analysis's method notes saying how the scope was chosen.
    scope_notes: tuple[str, ...] = ()
    #: One-wave snapshots made by ``in_scope`` (by wave name, and by check), kept so that
    #: checking every analysis does not copy the frames again for each.
    _waves: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def build(
        cls,
        *,
        respondents: pd.DataFrame | None = None,
        interviews: pd.DataFrame | None = None,
        answers: pd.DataFrame | None = None,
        notes: pd.DataFrame | None = None,
        codes: pd.DataFrame | None = None,
        segments: pd.DataFrame | None = None,
        questions: pd.DataFrame | None = None,
        question_items: pd.DataFrame | None = None,
        forms: dict[str, Any] | None = None,
        scope: str = "",
    ) -> EngagementData:
        """A snapshot from frames; a missing frame or column becomes an empty one."""
        return cls(
            respondents=_frame("respondents", respondents),
            interviews=_frame("interviews", interviews),
            answers=_frame("answers", answers),
            notes=_frame("notes", notes),
            codes=_frame("codes", codes),
            segments=_frame("segments", segments),
            questions=_with_tag_columns(_frame("questions", questions)),
            question_items=_frame("question_items", question_items),
            forms=dict(forms or {}),
            scope=scope,
        )

    @classmethod
    def empty(cls) -> EngagementData:
        return cls.build()

    # -- subsets ------------------------------------------------------------------------
    def filter(
        self,
        segment: str | None = None,
        wave: str | None = None,
        attribute: tuple[str, Any] | None = None,
    ) -> EngagementData:
        """A new snapshot restricted to a respondent segment, a wave and/or an attribute.

        ``attribute`` is ``(name, value)`` over a free attribute (``attr:<name>``) or a
        respondent column (``role``, ``org_unit``...).  ``wave`` is a wave name or
        :data:`ALL_WAVES`: every wave, each person counted once (their latest completed
        interview of each form).  Without a wave the choice is left to :meth:`in_scope`.
        """
        respondents = self.respondents
        interviews = self.interviews
        parts = [self.scope] if self.scope else []
        scope_notes = list(self.scope_notes)
        wave_scope = self.wave_scope
        if segment is not None:
            respondents = respondents[respondents["segment"] == segment]
            parts.append(f"segment: {segment}")
        if attribute is not None:
            name, value = attribute
            col = name if name in respondents.columns else f"attr:{name}"
            if col not in respondents.columns:
                respondents = respondents.iloc[0:0]
            else:
                respondents = respondents[respondents[col].astype(str) == str(value)]
            parts.append(f"{name}: {value}")
        if segment is not None or attribute is not None:
            interviews = interviews[interviews["respondent_id"].isin(respondents["respondent_id"])]
        if wave == ALL_WAVES:
            interviews, dropped = _latest_per_person(interviews)
            parts.append("all waves, each respondent once")
            scope_notes.append(
                "All waves: each respondent is counted once, with their latest completed "
                f"interview of each form ({_plural(dropped, 'earlier interview')} left out)."
            )
            wave_scope = ALL_WAVES
        elif wave is not None:
            interviews = interviews[interviews["wave"] == wave]
            parts.append(f"wave: {wave}")
            wave_scope = wave
        ids = interviews["interview_id"]

        def by_interview(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["interview_id"].isin(ids)].reset_index(drop=True)

        segments = self.segments
        if segment is not None or attribute is not None or wave is not None:
            # Coded segments of notes without an interview follow the respondent.
            keep = segments["interview_id"].isin(ids) | (
                segments["interview_id"].isna()
                & segments["respondent_id"].isin(respondents["respondent_id"])
                & (wave is None or wave == ALL_WAVES)
            )
            segments = segments[keep]
            notes = self.notes[
                self.notes["interview_id"].isin(ids)
                | (
                    self.notes["interview_id"].isna()
                    & self.notes["respondent_id"].isin(respondents["respondent_id"])
                    & (wave is None or wave == ALL_WAVES)
                )
            ]
        else:
            notes = self.notes
        return replace(
            self,
            respondents=respondents.reset_index(drop=True).copy(),
            interviews=interviews.reset_index(drop=True).copy(),
            answers=by_interview(self.answers).copy(),
            notes=notes.reset_index(drop=True).copy(),
            segments=segments.reset_index(drop=True).copy(),
            codes=self.codes.copy(),
            questions=self.questions.copy(),
            question_items=self.question_items.copy(),
            forms=dict(self.forms),
            scope="; ".join(parts),
            wave_scope=wave_scope,
            scope_notes=tuple(scope_notes),
        )

    def waves_with_data(self) -> list[str]:
        """Wave names (in order) that hold at least one completed interview."""
        iv = self.interviews
        done = set(iv.loc[iv["status"].isin(COMPLETE_STATUSES), "wave"].dropna().astype(str))
        return [w for w in self.waves() if w in done]

    def in_scope(self, check: Callable[[EngagementData], Any] | None = None) -> EngagementData:
        """The snapshot an analysis runs on: one wave, or all waves with each person once.

        When no wave was chosen (``wave_scope is None``) this is the latest wave with
        completed interviews — the latest for which ``check(data).ok`` holds when ``check``
        is given (an analysis whose form was not asked again in the latest wave runs on the
        wave that has it) — and the method notes say so.  Pooling waves would count a
        person who answered twice as two people.  Idempotent.
        """
        if self.wave_scope is not None:
            return self
        key = (getattr(check, "__self__", None), getattr(check, "__func__", check))
        try:
            if key not in self._waves:
                self._waves[key] = self._choose_wave(check)
            return self._waves[key]
        except TypeError:  # a check whose owner cannot be a key: choose every time
            return self._choose_wave(check)

    def _choose_wave(self, check: Callable[[EngagementData], Any] | None) -> EngagementData:
        waves = self.waves_with_data()
        if not waves:
            return replace(self, wave_scope="")
        chosen = None
        for name in reversed(waves):
            candidate = self._one_wave(name)
            if check is None or getattr(check(candidate), "ok", True):
                chosen = candidate
                break
        if chosen is None:
            chosen = self._one_wave(waves[-1])
        if len(waves) > 1:
            name = chosen.wave_scope
            chosen = replace(
                chosen,
                scope_notes=(
                    *chosen.scope_notes,
                    f"Scope: wave ‘{name}’ only, the latest with completed data for "
                    f"this analysis; the engagement has {len(waves)} waves "
                    f"({', '.join(waves)}). Waves are not pooled: compare waves to see the "
                    "change.",
                ),
            )
        return chosen

    def _one_wave(self, name: str) -> EngagementData:
        if name not in self._waves:
            self._waves[name] = self.filter(wave=name)
        return self._waves[name]

    def people(self, interview_ids: Any = None) -> tuple[int, int]:
        """(respondents, interviews): distinct people and completed interviews.

        Over all completed interviews, or over ``interview_ids`` (any iterable of ids).
        """
        iv = self.interviews
        iv = iv[iv["status"].isin(COMPLETE_STATUSES)]
        if interview_ids is not None:
            iv = iv[iv["interview_id"].isin(list(interview_ids))]
        return int(iv["respondent_id"].nunique()), int(iv["interview_id"].nunique())

    def people_phrase(self, interview_ids: Any = None) -> str:
        """:func:`people_phrase` over all completed interviews or over ``interview_ids``,
        the material named for what it is (interviews, responses, sources)."""
        return people_phrase(*self.people(interview_ids), kinds=self.kinds(interview_ids))

    def kinds(self, interview_ids: Any = None) -> list[str]:
        """The kinds of material (``labels.material_kind``: "interview", "response",
        "source") among the completed interviews, or among ``interview_ids``."""
        from workbench.analysis.labels import material_kind

        iv = self.interviews
        iv = iv[iv["status"].isin(COMPLETE_STATUSES)]
        if interview_ids is not None:
            iv = iv[iv["interview_id"].isin(list(interview_ids))]
        refs = iv["source_ref"] if "source_ref" in iv else [None] * len(iv)
        return sorted({material_kind(r) for r in refs})

    def waves(self) -> list[str]:
        """Wave names in their order (``wave_order``, then first appearance)."""
        frame = self.interviews[["wave", "wave_order"]].dropna(subset=["wave"])
        if frame.empty:
            return []
        order = frame.groupby("wave", sort=False)["wave_order"].min()
        return [str(w) for w in order.sort_values(kind="stable", na_position="last").index]

    def segment_names(self) -> list[str]:
        return sorted(str(s) for s in self.respondents["segment"].dropna().unique())

    # -- answers ------------------------------------------------------------------------
    def completed_interviews(self, form_id: str) -> pd.DataFrame:
        """Interviews of ``form_id`` whose status counts as completed."""
        iv = self.interviews
        return iv[(iv["form_id"] == form_id) & iv["status"].isin(COMPLETE_STATUSES)].reset_index(
            drop=True
        )

    def completed(self, form_id: str) -> pd.DataFrame:
        """The answers (long) of the completed interviews of ``form_id``."""
        a = self.answers
        return a[(a["form_id"] == form_id) & a["status"].isin(COMPLETE_STATUSES)].reset_index(
            drop=True
        )

    def wide(self, form_id: str, complete_only: bool = True) -> pd.DataFrame:
        """One row per interview (index ``interview_id``), one column per cell.

        Columns are ``key`` for simple questions and ``key.item`` for composite ones; a
        cell holds its number where it has one, else its value.
        """
        if complete_only:
            a = self.completed(form_id)
        else:
            a = self.answers[self.answers["form_id"] == form_id]
        if a.empty:
            return pd.DataFrame(index=pd.Index([], name="interview_id"))
        item = a["item"].fillna("").astype(str)
        column = a["question_key"].astype(str).where(item == "", a["question_key"] + "." + item)
        cell = a["num"].astype(object).where(a["num"].notna(), a["value"])
        long = pd.DataFrame({"interview_id": a["interview_id"], "column": column, "cell": cell})
        wide = long.pivot_table(
            index="interview_id", columns="column", values="cell", aggfunc="first", sort=False
        )
        wide.columns.name = None
        return wide.reindex(columns=self._column_order(form_id, list(wide.columns)))

    def _column_order(self, form_id: str, columns: list[str]) -> list[str]:
        keys = list(self.questions.loc[self.questions["form_id"] == form_id, "question_key"])
        rank = {k: i for i, k in enumerate(keys)}
        return sorted(columns, key=lambda c: (rank.get(c.split(".", 1)[0], len(rank)), c))

    # -- questions ----------------------------------------------------------------------
    def questions_of(self, form_id: str) -> pd.DataFrame:
        return self.questions[self.questions["form_id"] == form_id].reset_index(drop=True)

    def questions_tagged(self, form_id: str, tag: str, value: Any = None) -> pd.DataFrame:
        """Questions of ``form_id`` carrying ``tag`` (optionally with ``value``), in form order."""
        q = self.questions_of(form_id)
        col = f"tag:{tag}"
        if col not in q.columns:
            return q.iloc[0:0]
        present = q[col].notna()
        if value is not None:
            present &= q[col].map(lambda v: str(v).lower()) == str(value).lower()
        return q[present].reset_index(drop=True)

    def items_of(self, form_id: str, question_key: str) -> pd.DataFrame:
        qi = self.question_items
        return qi[(qi["form_id"] == form_id) & (qi["question_key"] == question_key)].reset_index(
            drop=True
        )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def count_noun(n: int, noun: str, plural: str | None = None) -> str:
    """``"1 respondent"``, ``"3 respondents"`` (``plural`` for irregular nouns)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def people_phrase(respondents: int, interviews: int | None = None, kinds: Any = None) -> str:
    """How many people a figure rests on: ``"24 respondents"``, or, where the number of
    interviews differs, ``"3 interviews with 2 respondents"`` (``"6 responses with 5
    respondents"`` when ``kinds`` says the material is survey responses).

    Every count of people that an analysis prints goes through this phrase, so that a
    respondent (a distinct person) is never confused with an interview.
    """
    from workbench.analysis.labels import material_noun

    if interviews is None or interviews == respondents:
        return count_noun(respondents, "respondent")
    return f"{material_noun(interviews, kinds)} with {count_noun(respondents, 'respondent')}"


def _latest_per_person(interviews: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Interviews less every completed one that a later completed interview of the same
    person and form supersedes (later = later wave, then later date, then later row).
    Returns (kept interviews, number left out)."""
    done = interviews["status"].isin(COMPLETE_STATUSES)
    if not done.any():
        return interviews, 0
    frame = interviews[done].assign(
        _order=pd.to_numeric(interviews.loc[done, "wave_order"], errors="coerce"),
        _date=pd.to_datetime(interviews.loc[done, "date"], errors="coerce"),
        _row=range(int(done.sum())),
    )
    frame = frame.sort_values(["_order", "_date", "_row"], na_position="first", kind="stable")
    latest = frame.drop_duplicates(["respondent_id", "form_id"], keep="last")
    dropped = set(frame["interview_id"]) - set(latest["interview_id"])
    return interviews[~interviews["interview_id"].isin(dropped)], len(dropped)
