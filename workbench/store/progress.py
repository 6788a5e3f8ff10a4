"""The interview list in a few set-based queries, with progress (answered of relevant).

Progress comes from SQL: the number of distinct questions answered per interview, less
the pairs with only one of E and P (a composite answer counts only when whole, see
``forms.schema.is_answered``).  Only forms with relevance conditions, grids or checklist
items need more: for their interviews the answers to the questions the conditions name
(and the grids and checklist items) are read and evaluated once, and the
outcome is kept per interview and per state of its answers (the interview's modification
time, which every answer edit moves, and its cell counts), so reopening the list replays
nothing that has not changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, text

ANSWERS_SQL = """
SELECT a.interview_id, a.question_key, a.item, a.value FROM answer a
WHERE a.interview_id IN :ids AND a.question_key IN :keys
"""


def conditional_keys(form: Any) -> tuple[set[str], set[str], set[str]] | None:
    """(keys the form's relevance conditions read, keys of the questions that have a
    condition, keys of grids and checklist items, answered only when whole); None for a
    form with none of them."""
    from workbench.forms.conditions import parse

    conditional = [q for q in form.iter_questions() if q.relevant]
    partial = {q.key for q in form.iter_questions() if q.type in ("matrix", "checklist")}
    if not conditional and not partial:
        return None
    read: set[str] = set()
    for q in conditional:
        read |= parse(q.relevant).keys()
    return read, {q.key for q in conditional}, partial


def interview_rows(
    store: Any,
    *,
    include_deleted: bool = False,
    ids: Sequence[str] | None = None,
    progress: bool = True,
) -> list[Any]:
    """The interview list (``glance.ROWS_SQL`` on the store's own connection), with
    progress unless ``progress=False``."""
    from workbench.store import glance

    if not progress:
        with store._raw_reading() as conn:
            return glance.interview_rows(
                glance.raw_interview_rows(conn, include_deleted=include_deleted, ids=ids)
            )
    with store.session() as s:
        conn = s.connection().connection.driver_connection
        raw = glance.raw_interview_rows(conn, include_deleted=include_deleted, ids=ids, counts=True)
        counted = _progress(store, s, raw)
    return glance.interview_rows(raw, counted)


def _progress(store: Any, s: Any, raw: list[Any]) -> dict[str, tuple[int, int]]:
    """interview id -> (answered, total relevant) for every row of ``raw``."""
    cache: dict[str, tuple[Any, tuple[int, int]]] = store.__dict__.setdefault("_progress_cache", {})
    out: dict[str, tuple[int, int]] = {}
    pending: dict[str, tuple[Any, Any, Any, int]] = {}  # id -> (stamp, form, keys, answered)
    for row in raw:
        iid, version_id, modified, answered, cells_count, half_pairs = row[0], *row[13:18]
        answered -= half_pairs  # (counted once per pair: only one of its two cells is there)
        form = store.form_definition(version_id)
        keys = conditional_keys_cached(store, version_id, form)
        if keys is None:
            out[iid] = (int(answered), form.question_count())
            continue
        stamp = (version_id, str(modified), answered, cells_count)
        hit = cache.get(iid)
        if hit is not None and hit[0] == stamp:
            out[iid] = hit[1]
        else:
            pending[iid] = (stamp, form, keys, int(answered))
    if pending:
        cells: dict[str, dict[str, list[tuple[str, Any]]]] = {}
        sql = text(ANSWERS_SQL).bindparams(
            bindparam("ids", expanding=True), bindparam("keys", expanding=True)
        )
        by_version: dict[str, list[str]] = {}
        for iid, (stamp, _form, _keys, _n) in pending.items():
            by_version.setdefault(stamp[0], []).append(iid)
        for todo in by_version.values():
            read, skippable, partial = pending[todo[0]][2]
            wanted = sorted(read | skippable | partial)
            for start in range(0, len(todo), 500):
                chunk = {"ids": todo[start : start + 500], "keys": wanted}
                for iid, key, item, value in s.execute(sql, chunk):
                    cells.setdefault(iid, {}).setdefault(key, []).append((item, value))
        for iid, (stamp, form, keys, answered) in pending.items():
            result = relevance_progress(form, keys, cells.get(iid, {}), answered)
            cache[iid] = (stamp, result)
            out[iid] = result
    return out


def conditional_keys_cached(
    store: Any, version_id: str, form: Any
) -> tuple[set[str], set[str]] | None:
    cache = store.__dict__.setdefault("_condition_keys", {})
    if version_id not in cache:
        cache[version_id] = conditional_keys(form)
    return cache[version_id]


def relevance_progress(
    form: Any,
    keys: tuple[set[str], set[str], set[str]],
    cells: dict[str, list[tuple[str, Any]]],
    answered: int,
) -> tuple[int, int]:
    """(answered in full, total) over the relevant questions.

    ``cells`` holds the cells of the questions the conditions read, of the questions
    that can be skipped and of the grids and checklist items; ``answered`` counts every
    answered question but the half-answered pairs.  Only the values the conditions read
    and the grids and checklist items are decoded.
    """
    import json

    from workbench.forms.answers import Cell, from_cells
    from workbench.forms.schema import is_answered

    read, _skippable, partial = keys
    values = {}
    for key in (read | partial) & set(cells):
        try:
            question = form.question(key)
        except KeyError:
            continue
        decoded = [
            Cell(item, json.loads(v) if isinstance(v, str) else v, None, None)
            for item, v in cells[key]
        ]
        values[key] = from_cells(question, decoded)
    relevant = form.relevant_keys(values)
    skipped_but_answered = sum(
        1 for key in cells if key not in relevant and not _half_pair(cells[key])
    )
    incomplete = sum(
        1
        for key in partial & relevant & set(values)
        if not is_answered(form.question(key), values[key])
    )
    return answered - skipped_but_answered - incomplete, len(relevant)


def _half_pair(cells: list[tuple[str, Any]]) -> bool:
    """Whether these cells are one part of a pair without the other (the SQL count left
    that question out already)."""
    items = {item for item, _v in cells}
    return len(items & {"E", "P"}) == 1
