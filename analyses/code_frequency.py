"""Code frequency: how often each code was applied, and in how many respondents' words.

Segments per code counts coded segments; cases per code counts the distinct respondents
with at least one segment of the code.  Grouped by respondent segment, wave or role,
each group gets its own counts, and the case share is over the respondents of that group
who have any coded text.  Only accepted (or manual) segments count, and segments of one
code on overlapping words of one text count once, whoever coded them (their union).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from analyses._common import legend_outside, without_drafts
from workbench.analysis.api import Analysis, Applicability, Param, ParamError, TaskState
from workbench.analysis.numbers import join_names, rounded, ties
from workbench.analysis.result import AnalysisResult, Column, Evidence, FigureSpec, Table
from workbench.coding import code_labels, counted_segments, passages, respondent_words

if TYPE_CHECKING:
    from workbench.analysis.data import EngagementData

GROUPS = {
    "none": "No grouping",
    "segment": "Respondent segment",
    "wave": "Wave",
    "role": "Role",
    "attribute": "Respondent attribute",
}
NO_GROUP = "All"
MAX_BARS = 25


def segments_with_context(data: Any) -> pd.DataFrame:
    """Counted passages (:func:`workbench.coding.passages`: one code's overlapping
    segments in one text as one, whoever coded them) with the respondent's segment and
    role and the interview's wave."""
    segs = passages(counted_segments(data.segments))
    if "respondent_id" not in segs.columns or segs["respondent_id"].isna().any():
        interviews = data.interviews[["interview_id", "respondent_id"]]
        segs = segs.drop(columns=["respondent_id"], errors="ignore").merge(
            interviews, on="interview_id", how="left"
        )
    people = data.respondents
    cols = [c for c in ("respondent_id", "segment", "role", "name") if c in people.columns]
    cols += [c for c in people.columns if str(c).startswith("attr:")]
    segs = segs.merge(
        people[cols].rename(columns={"segment": "r_segment", "role": "r_role", "name": "r_name"}),
        on="respondent_id",
        how="left",
    )
    if "wave" in data.interviews.columns:
        segs = segs.merge(
            data.interviews[["interview_id", "wave"]].rename(columns={"wave": "i_wave"}),
            on="interview_id",
            how="left",
        )
    for col in ("r_segment", "r_role", "r_name", "i_wave"):
        if col not in segs.columns:
            segs[col] = None
    return segs


def group_values(segs: pd.DataFrame, group: str, attribute: str = "") -> pd.Series:
    column = {"segment": "r_segment", "wave": "i_wave", "role": "r_role"}.get(group)
    if group == "attribute":
        column = f"attr:{attribute}"
        if column not in segs.columns:
            segs = segs.assign(**{column: None})
    if column is None:
        return pd.Series([NO_GROUP] * len(segs), index=segs.index, dtype=object)
    return segs[column].astype(object).where(segs[column].notna(), "(not set)").astype(str)


def code_ancestors(labels: dict[Any, str]) -> dict[Any, list[Any]]:
    """code_id -> the ids of itself and its ancestors (matched by path prefix)."""
    by_path = {label: code_id for code_id, label in labels.items()}
    out: dict[Any, list[Any]] = {}
    for code_id, label in labels.items():
        parts = label.split("/")
        ids = [
            by_path["/".join(parts[:i])]
            for i in range(1, len(parts))
            if "/".join(parts[:i]) in by_path
        ]
        out[code_id] = [*ids, code_id]
    return out


def _not_respondents(segs: pd.DataFrame) -> str:
    """How many segments keeping to the respondents' words leaves out, and why."""
    if not len(segs):
        return ""
    speaker = segs["speaker"].fillna("").astype(str) if "speaker" in segs.columns else None
    kind = segs["source_kind"].astype(str) if "source_kind" in segs.columns else None
    if speaker is None or kind is None:
        return ""
    notes = kind.eq("note")
    theirs = speaker.str.startswith("respondent:") | speaker.eq("respondent")
    nobody = int((notes & speaker.eq("")).sum())
    others = int((notes & speaker.ne("") & ~theirs).sum())
    parts = []
    if others:
        parts.append(f"{others} in other speakers' turns")
    if nobody:
        parts.append(f"{nobody} in notes with no speaker")
    return "; ".join(parts)


class CodeFrequency(Analysis):
    id = "code-frequency"
    title = "Code frequency"
    description = (
        "How often each code was applied (segments) and how many respondents it came up "
        "with (cases), overall or by segment, wave or role."
    )
    params = (
        Param("group", "Group by", "choice", "none", tuple(GROUPS.items())),
        Param(
            "attribute",
            "Attribute (when grouping by one)",
            "text",
            "",
            help="The name of a respondent attribute, e.g. site or contract.",
        ),
        Param(
            "include_children",
            "Count child codes under their parents",
            "bool",
            False,
            help="A segment coded 'Operation/Incident management' also counts for 'Operation'.",
        ),
        Param(
            "words",
            "Whose words count",
            "choice",
            "all",
            (("all", "Everyone's"), ("respondent", "Only the respondents'")),
            help="Only the respondents' leaves out interviewers' turns in transcripts and "
            "the consultant's own notes; text answers always count.",
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        if data.segments is None or len(data.segments) == 0:
            return Applicability.no("Nothing has been coded yet: code some interview text first.")
        if len(counted_segments(data.segments)) == 0:
            return Applicability.no(
                "All the coded segments are automatic suggestions still waiting for review; "
                "accept some in the coding view first."
            )
        return Applicability.yes()

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        params = self.resolve_params(params)
        group = params["group"]
        state.progress(0.1, "Collecting coded segments")
        segs = segments_with_context(data)
        applied = set(segs["code_id"])
        segs, drafts_note = without_drafts(data, segs)
        in_drafts = applied - set(segs["code_id"])
        in_complete = set(segs["code_id"])
        left_out = _not_respondents(segs) if params["words"] == "respondent" else ""
        if params["words"] == "respondent":
            segs = respondent_words(segs)
        labels = code_labels(data.codes, segs)
        # codes applied, but only where this run does not count (drafts, others' words)
        ancestry = code_ancestors(labels)

        elsewhere: dict[Any, str] = {}
        for where, codes in (("drafts", in_drafts), ("words", in_complete - set(segs["code_id"]))):
            for c in codes:
                elsewhere.setdefault(labels.get(c), where)
        for c in in_drafts | in_complete:  # their parents hold them, unused or not
            for a in ancestry.get(c, [c]):
                elsewhere.setdefault(labels.get(a), "parent")
        if group == "attribute":
            names = sorted(c[5:] for c in data.respondents.columns if str(c).startswith("attr:"))
            if params["attribute"] not in names:
                raise ParamError(
                    f"attribute: respondents have no attribute {params['attribute']!r}; "
                    f"they have: {', '.join(names) or 'none'}"
                )
        segs["group"] = group_values(segs, group, params["attribute"])
        if params["include_children"]:
            ancestry = code_ancestors(labels)
            segs["code_id"] = segs["code_id"].map(lambda c: ancestry.get(c, [c]))
            segs = segs.explode("code_id").reset_index(drop=True)
            segs = segs.drop_duplicates(["segment_id", "code_id"])

        groups = [NO_GROUP] if group == "none" else sorted(segs["group"].unique(), key=str)
        coded_cases = segs.groupby("group")["respondent_id"].nunique().to_dict()
        state.progress(0.5, "Counting")
        records: list[dict[str, Any]] = []
        evidence: dict[int, Evidence] = {}
        cells = _cells(segs)
        for code_id, label in labels.items():
            for g in groups:
                cell = cells.get((code_id, g))
                cases = len(cell[1]) if cell else 0
                denominator = coded_cases.get(g, 0)
                records.append(
                    {
                        "code": label,
                        "group": g,
                        "segments": len(cell[3]) if cell else 0,
                        "cases": cases,
                        # Stored as shown, rounded once (as every analysis's shares).
                        "case_share": rounded(cases / denominator, "percent", "0%")
                        if denominator
                        else None,
                    }
                )
                if cell:
                    evidence[len(records) - 1] = Evidence(
                        interview_ids=tuple(cell[2]), segment_ids=tuple(cell[3])
                    )
        columns = [Column("code", "Code")]
        if group != "none":
            columns.append(
                Column("group", params["attribute"] if group == "attribute" else GROUPS[group])
            )
        columns += [
            Column("segments", "Segments", "int", "0"),
            Column("cases", "Cases (respondents)", "int", "0"),
            Column("case_share", "Share of coded respondents", "percent", "0%"),
        ]
        rows = [[rec[c.name] for c in columns] for rec in records]
        table = Table(
            "frequency",
            "Segments and cases per code"
            + ("" if group == "none" else f" by {GROUPS[group].lower()}"),
            columns,
            rows,
            evidence,
            note="Cases are respondents with at least one segment of the code; the share is over "
            "respondents with any coded text in the group.",
        )

        totals = (
            pd.DataFrame(records).groupby("code", sort=False)[["segments"]].sum()["segments"]
            if records
            else pd.Series(dtype=int)
        )
        case_totals = segs.groupby("code_id")["respondent_id"].nunique()
        findings, caveats = self._findings(labels, totals, case_totals, segs, elsewhere)
        state.progress(0.9, "Drawing")
        figure = FigureSpec(
            "frequency",
            "Segments per code",
            _bar_drawer(records, groups, group != "none"),
            height_in=max(3.0, min(9.0, 0.3 * min(len(labels), MAX_BARS) + 1.2)),
            caption="Coded segments per code"
            + ("" if group == "none" else f", by {GROUPS[group].lower()}")
            + (f" (the {MAX_BARS} most frequent codes)" if len(labels) > MAX_BARS else ""),
        )
        notes = [
            "Only segments coded by hand or automatic suggestions a consultant accepted are "
            "counted; suggestions still pending review are not.",
            "A segment is one coded stretch of text; one respondent can give many segments of "
            "a code, so cases show how widely a theme is shared and segments how much it is "
            "talked about.",
            "Passages of one code that overlap count once, whoever coded them: segments of "
            "the same code on overlapping words of one answer or note are one segment, their "
            "words joined.",
        ]
        if params["include_children"]:
            notes.append("Segments of a child code also count for each of its parent codes.")
        if params["words"] == "respondent":
            notes.append(
                "Only the respondents' words count: segments in interviewers' turns of "
                "transcripts and in the consultant's own notes are left out"
                + (f" ({left_out})." if left_out else ".")
            )
        if drafts_note:
            notes.append(drafts_note)
        notes.extend(caveats)  # (what was left out is a caveat of the method, not a finding)
        return AnalysisResult(
            self.id,
            self.title,
            findings=findings,
            tables=[table],
            figures=[figure],
            method_notes=notes,
            params=params,
            scope=str(getattr(data, "scope", "") or ""),
        )

    @staticmethod
    def _findings(
        labels: dict[Any, str],
        totals: pd.Series,
        case_totals: pd.Series,
        segs: pd.DataFrame,
        elsewhere: dict[Any, str] | None = None,
    ) -> tuple[list[str], list[str]]:
        """The findings, and the caveats on codes left out (method notes)."""
        findings: list[str] = []
        caveats: list[str] = []
        if len(totals) and totals.max() > 0:
            tops = ties(totals.to_dict(), 0)
            quoted = join_names([f"'{t}'" for t in tops])
            findings.append(
                f"{quoted} "
                f"{'was' if len(tops) == 1 else 'were jointly'} coded most often: "
                f"{int(totals.max())} segments{' each' if len(tops) > 1 else ''}."
            )
        if len(case_totals):
            tops = ties(case_totals.to_dict(), 0)
            n_cases = int(segs["respondent_id"].nunique())
            names = join_names([f"'{labels.get(t, t)}'" for t in tops])
            findings.append(
                f"{names} came up with the most respondents"
                f"{' (tied)' if len(tops) > 1 else ''}: {int(case_totals.max())} of {n_cases}."
            )
        # A parent whose children were used is a container, not an unused code.
        ancestry = code_ancestors(labels)
        live = {labels.get(a) for c in segs["code_id"].unique() for a in ancestry.get(c, [c])}
        unused = [label for label, n in totals.items() if n == 0 and label not in live]
        elsewhere = elsewhere or {}
        for where, said in (
            ("", "were never applied"),
            ("drafts", "were applied only in interviews not yet marked complete, left out here"),
            ("words", "were applied only outside the respondents' own words, left out here"),
        ):
            these = [u for u in unused if elsewhere.get(u, "") == where]
            if these:
                shown = ", ".join(f"'{u}'" for u in these[:5]) + (" …" if len(these) > 5 else "")
                (caveats if where else findings).append(f"{len(these)} code(s) {said}: {shown}.")
        return findings, caveats


def _cells(segs: pd.DataFrame) -> dict[tuple[Any, Any], tuple[Any, set, dict, list]]:
    """(code, group) -> (the key, its respondents, its interview ids in order, its
    passages' ids in order: one segment id each, so that the evidence counts what the
    table counts), in one pass over the passages."""
    out: dict[tuple[Any, Any], tuple[Any, set, dict, list]] = {}
    for code_id, g, r, iid, sid in zip(
        segs["code_id"].tolist(),
        segs["group"].tolist(),
        segs["respondent_id"].tolist(),
        segs["interview_id"].astype(str).tolist(),
        segs["segment_id"].astype(str).tolist(),
        strict=True,
    ):
        cell = out.get((code_id, g))
        if cell is None:
            cell = out[(code_id, g)] = ((code_id, g), set(), {}, [])
        if r is not None and r == r:  # a missing respondent is not a case
            cell[1].add(r)
        cell[2][iid] = None
        cell[3].append(sid)
    return out


def _bar_drawer(records: list[dict[str, Any]], groups: list[str], grouped: bool):
    def draw(fig: Any) -> None:
        import numpy as np

        frame = pd.DataFrame(records)
        ax = fig.add_subplot(111)
        if frame.empty:
            ax.text(0.5, 0.5, "No coded segments", ha="center", va="center")
            ax.set_axis_off()
            return
        order = frame.groupby("code", sort=False)["segments"].sum().sort_values(ascending=False)
        codes = list(order.index[:MAX_BARS])[::-1]
        y = np.arange(len(codes))
        height = 0.8 / len(groups)
        for i, g in enumerate(groups):
            sub = frame[frame["group"] == g].set_index("code")["segments"]
            values = [int(sub.get(c, 0)) for c in codes]
            ax.barh(y + (i - (len(groups) - 1) / 2) * height, values, height, label=str(g))
        ax.set_yticks(y, [c.rsplit("/", 1)[-1] for c in codes], fontsize=8)
        ax.set_xlabel("Segments")
        ax.xaxis.get_major_locator().set_params(integer=True)
        if grouped:
            legend_outside(ax, fontsize=8)

    return draw
