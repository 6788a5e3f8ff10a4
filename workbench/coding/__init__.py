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
    "passages",
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


def passages(segments: pd.DataFrame) -> pd.DataFrame:
    """The coded passages a deliverable counts and quotes: segments of one code in one
    text (the same note or answer) that overlap — share at least one character —,
    whoever coded them, become one row spanning their union.

    The row keeps the other columns of the segment that starts first (the longest of
    those that start there); ``start`` and ``end`` are the union's, ``text`` its words,
    and ``segment_ids`` the ids of every segment it stands for, in text order (a frame
    that already has ``segment_ids`` — passages of passages — joins those).  Segments
    that only touch stay apart, and a segment without a source or span is a passage of
    its own.  Code frequency, co-occurrence, the framework matrix and the report's
    quotes read these; inter-coder agreement compares each coder's own segments.
    """
    import numpy as np
    import pandas as pd

    if segments is None:
        return segments
    frame = segments.reset_index(drop=True)
    n = len(frame)
    if "segment_ids" in frame.columns:
        ids = [tuple(v) if isinstance(v, tuple | list) else (str(v),) for v in frame["segment_ids"]]
    elif "segment_id" in frame.columns:
        ids = [(v,) for v in frame["segment_id"].astype(str).tolist()]
    else:
        ids = [()] * n
    keys = ["code_id", "source_kind", "source_id"]
    if n == 0 or any(c not in frame.columns for c in (*keys, "start", "end")):
        return frame.assign(segment_ids=pd.Series(ids, index=frame.index, dtype=object))
    starts = pd.to_numeric(frame["start"], errors="coerce").to_numpy(dtype=float)
    ends = pd.to_numeric(frame["end"], errors="coerce").to_numpy(dtype=float)
    placed = ~(frame[keys].isna().any(axis=1).to_numpy() | np.isnan(starts) | np.isnan(ends))
    text_of = frame[keys].astype(str)
    group = text_of.groupby(keys, sort=False).ngroup().to_numpy()
    rows = np.flatnonzero(placed)
    # Text order within each code and text: by start, the longest first, then row order.
    order = rows[np.lexsort((rows, -ends[rows], starts[rows], group[rows]))]
    g, s, e = group[order], starts[order], ends[order]
    reach = pd.Series(e).groupby(g).cummax().to_numpy()  # the furthest end so far
    new = np.ones(len(order), dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (s[1:] >= reach[:-1])
    first = np.flatnonzero(new)
    sizes = np.diff(np.append(first, len(order)))
    texts = frame["text"].tolist() if "text" in frame.columns else [None] * n
    out_ends = np.maximum.reduceat(e, first) if len(order) else e
    joined_text = [texts[r] for r in order[first]]
    joined_ids = [ids[r] for r in order[first]]
    for k in np.flatnonzero(sizes > 1):  # a passage of several segments: join them
        members = order[first[k] : first[k] + sizes[k]]
        lo, hi, words = starts[members[0]], ends[members[0]], texts[members[0]]
        for r in members[1:]:
            if ends[r] > hi:
                words = _joined(words, lo, hi, r, starts, ends, texts)
                hi = ends[r]
        joined_text[k] = words
        joined_ids[k] = tuple(dict.fromkeys(x for r in members for x in ids[r]))
    # One row per passage (its first segment's) and per unplaced segment, in row order.
    reps = np.concatenate([order[first], np.flatnonzero(~placed)]).astype(int)
    place = np.concatenate(
        [np.minimum.reduceat(order, first) if len(order) else order, np.flatnonzero(~placed)]
    )
    arrange = np.argsort(place, kind="stable")
    end_col = frame["end"].to_numpy(copy=True)
    end_col[order[first]] = out_ends
    text_col = list(texts)
    id_col = list(ids)
    for k, r in enumerate(order[first].tolist()):
        text_col[r], id_col[r] = joined_text[k], joined_ids[k]
    picked = reps[arrange]
    out = frame.iloc[picked].copy()
    out["end"] = end_col[picked]
    if "text" in out.columns:
        out["text"] = [text_col[r] for r in picked]
    out["segment_ids"] = pd.Series([id_col[r] for r in picked], index=out.index, dtype=object)
    return out.reset_index(drop=True)


def _joined(
    text: Any, start: float, end: float, i: int, starts: list, ends: list, texts: list
) -> Any:
    """The words of a passage ``[start, end)`` with ``text`` extended by row ``i``'s
    words past ``end``; the longer of the two when either text is not its span's."""
    more = texts[i]
    if (
        isinstance(text, str)
        and isinstance(more, str)
        and len(text) == end - start
        and len(more) == ends[i] - starts[i]
    ):
        return text + more[int(end - starts[i]) :]
    if not isinstance(more, str):
        return text
    return more if not isinstance(text, str) or len(more) > len(text) else text
