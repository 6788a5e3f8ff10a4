"""Qualitative coding: codebooks, their exchange formats, anchors, automatic rules.

Everything here is plain data and functions (no Qt, no database):

* :mod:`workbench.coding.codebook` — :class:`CodeEntry`, :class:`Codebook`, YAML and
  sheet (.xlsx/.csv) exchange, the built-in codebooks;
* :mod:`workbench.coding.qdc` — REFI-QDA ``.qdc`` export and import;
* :mod:`workbench.coding.anchors` — :func:`rebase` coded spans after a text is edited;
* :mod:`workbench.coding.rules` — keyword/phrase/regex rule sets, :func:`preview`, and a
  naive Bayes :class:`Suggester`.

The helpers below are shared by the coding analyses (``analyses/code_*.py``) and work
on the ``codes`` and ``segments`` frames of ``EngagementData``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.coding.codebook import (
    Codebook,
    CodebookError,
    CodeEntry,
    builtin_codebooks,
    codebook_to_yaml,
    load_codebook,
    load_codebook_sheet,
    load_codebook_yaml,
    write_codebook_sheet,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COUNTED_STATUSES",
    "CodeEntry",
    "Codebook",
    "CodebookError",
    "builtin_codebooks",
    "code_labels",
    "codebook_to_yaml",
    "counted_segments",
    "load_codebook",
    "load_codebook_sheet",
    "load_codebook_yaml",
    "respondent_words",
    "write_codebook_sheet",
]

# Segments that count in analyses: coded by hand, or proposed automatically and
# accepted.  Automatic proposals still pending review (and rejected ones) do not.
COUNTED_STATUSES = frozenset({"accepted", "manual"})


def counted_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments analyses count (status accepted or manual), with a clean index."""
    if segments is None or len(segments) == 0:
        return segments.iloc[0:0] if segments is not None else segments
    if "status" not in segments.columns:
        return segments.reset_index(drop=True)
    status = segments["status"].fillna("").astype(str).str.strip().str.lower()
    return segments[status.isin(COUNTED_STATUSES)].reset_index(drop=True)


def respondent_words(segments: pd.DataFrame) -> pd.DataFrame:
    """Only what respondents said or wrote: segments of their text answers, and of
    transcript turns whose speaker is the respondent (``speaker`` ``"respondent:…"``).

    Interviewers' turns and the consultant's own notes (no speaker) are left out.
    """
    if segments is None or len(segments) == 0:
        return segments
    kind = segments["source_kind"].astype(str) if "source_kind" in segments.columns else None
    if "speaker" in segments.columns:
        speaker = segments["speaker"].fillna("").astype(str)
    else:
        speaker = segments.index.to_series().map(lambda _: "")
    keep = speaker.str.startswith("respondent:") | speaker.eq("respondent")
    if kind is not None:
        keep = keep | kind.eq("answer")
    return segments[keep.to_numpy()].reset_index(drop=True)


def code_labels(codes: pd.DataFrame, segments: pd.DataFrame | None = None) -> dict[Any, str]:
    """code_id -> its path (or name), in codebook order; unknown ids used by segments too."""
    labels: dict[Any, str] = {}
    if codes is not None and len(codes):
        has_path = "path" in codes.columns
        for row in codes.itertuples(index=False):
            path = getattr(row, "path", None) if has_path else None
            label = path if isinstance(path, str) and path else getattr(row, "name", None)
            labels[row.code_id] = str(label or row.code_id)
        labels = dict(sorted(labels.items(), key=lambda kv: kv[1].lower()))
    if segments is not None and len(segments):
        for code_id in segments["code_id"].unique():
            labels.setdefault(code_id, str(code_id))
    return labels
