"""The interview list in a few set-based queries, with progress (answered of relevant).

Each interview's progress is kept in ``interview_progress`` (answered, relevant), so the
list reads it with the rows and evaluates no form's relevance when it opens.  Triggers
delete an interview's row whenever one of its answers (or its form) changes, by whatever
program, except an answer's value changed in place on a form whose relevance no answer
decides (the row's ``fixed``: the counts stand); the store writes the rows again before its transaction commits
(:func:`store_missing`, :func:`store_progress`), and the list works out any row still
missing (a file changed by another program and opened read-only) the same way.

Progress itself comes from SQL: the number of distinct questions answered per interview,
less the pairs with only one of E and P (a composite answer counts only when whole, see
``forms.schema.is_answered``).  Only forms with relevance conditions, grids or checklist
items need more: for their interviews the answers to the questions the conditions name
(and the grids and checklist items) are read and evaluated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

# (distinct questions answered, cells of pairs without their other half) per interview
COUNTS_SQL = """
SELECT i.id, i.form_version_id,
       (SELECT COUNT(DISTINCT a.question_key) FROM answer a WHERE a.interview_id = i.id),
       (SELECT COUNT(*) FROM answer a WHERE a.interview_id = i.id AND a.item IN ('E', 'P')
          AND NOT EXISTS (SELECT 1 FROM answer b WHERE b.interview_id = a.interview_id
                          AND b.question_key = a.question_key
                          AND b.item = CASE a.item WHEN 'E' THEN 'P' ELSE 'E' END))
FROM interview i WHERE {where}
"""
MISSING = "NOT EXISTS (SELECT 1 FROM interview_progress p WHERE p.interview_id = i.id)"

ANSWERS_SQL = """
SELECT a.interview_id, a.question_key, a.item, a.value FROM answer a
WHERE a.interview_id IN ({ids}) AND a.question_key IN ({keys})
"""

# Schema 0010: any change to an interview's answers, or to its form, drops its progress.
# Schema 0013: an answer's value changed in place keeps the progress of an interview whose
# form's relevance no answer decides (``fixed``): the same cells are there, so the same
# questions are answered of the same ones (a pair counts when both halves are there).
_PROGRESS_UPDATE = {
    "0010": """CREATE TRIGGER answer_progress_update
    AFTER UPDATE OF interview_id, question_key, item, value ON answer BEGIN
        DELETE FROM interview_progress WHERE interview_id IN (old.interview_id, new.interview_id);
    END""",
    "0013": """CREATE TRIGGER answer_progress_update
    AFTER UPDATE OF interview_id, question_key, item, value ON answer BEGIN
        DELETE FROM interview_progress WHERE interview_id IN (old.interview_id, new.interview_id)
            AND (NOT fixed OR old.interview_id IS NOT new.interview_id
                 OR old.question_key IS NOT new.question_key OR old.item IS NOT new.item);
    END""",
}
PROGRESS_HEAD = "0013"


def progress_triggers(revision: str = PROGRESS_HEAD) -> list[str]:
    """The triggers that drop an interview's kept progress, as ``revision`` made them."""
    update = _PROGRESS_UPDATE["0013" if revision >= "0013" else "0010"]
    return [
        """CREATE TRIGGER answer_progress_insert AFTER INSERT ON answer BEGIN
        DELETE FROM interview_progress WHERE interview_id = new.interview_id;
    END""",
        update,
        """CREATE TRIGGER answer_progress_delete AFTER DELETE ON answer BEGIN
        DELETE FROM interview_progress WHERE interview_id = old.interview_id;
    END""",
        """CREATE TRIGGER interview_progress_form AFTER UPDATE OF id, form_version_id ON interview
    BEGIN
        DELETE FROM interview_progress WHERE interview_id IN (old.id, new.id);
    END""",
        """CREATE TRIGGER interview_progress_delete AFTER DELETE ON interview BEGIN
        DELETE FROM interview_progress WHERE interview_id = old.id;
    END""",
    ]


PROGRESS_TRIGGERS = progress_triggers()
# Whether some interview has no progress row (rows go with their interview, so the
# counts differ exactly then): two counts over the smallest indexes, cheap on every write.
ANY_MISSING_SQL = (
    "SELECT (SELECT COUNT(*) FROM interview) != (SELECT COUNT(*) FROM interview_progress)"
)
STORE_SQL = (
    "INSERT OR REPLACE INTO interview_progress(interview_id, answered, relevant, fixed) "
    "VALUES (?, ?, ?, ?)"
)
# As schema 0010 kept it (before the ``fixed`` column): for its migration.
STORE_SQL_0010 = (
    "INSERT OR REPLACE INTO interview_progress(interview_id, answered, relevant) VALUES (?, ?, ?)"
)

FormOf = Callable[[str], Any]  # form snapshot id -> FormDefinition


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

    with store._raw_reading() as conn:
        raw = glance.raw_interview_rows(
            conn, include_deleted=include_deleted, ids=ids, progress=progress
        )
        if not progress:
            return glance.interview_rows(raw)
        at = glance.PROGRESS_AT
        missing = [row[0] for row in raw if row[at] is None]
        shapes = store.__dict__.setdefault("_form_shapes", {})
        worked_out = compute(conn, store.form_definition, missing, shapes=shapes) if missing else {}
    counted = {
        row[0]: worked_out[row[0]] if row[at] is None else (row[at], row[at + 1]) for row in raw
    }
    return glance.interview_rows(raw, counted)


def compute(
    conn: Any,
    form_of: FormOf,
    ids: Iterable[str] | None = None,
    *,
    skip_unreadable: bool = False,
    shapes: dict[str, Any] | None = None,
    fixed: set[str] | None = None,
) -> dict[str, tuple[int, int]]:
    """interview id -> (answered, relevant) of the interviews ``ids`` (of every interview
    without a stored row when None), worked out from their answers on ``conn`` (an SQLite
    connection).  ``skip_unreadable`` leaves out the interviews whose form snapshot does
    not read as a form (instead of raising).  ``shapes`` keeps what each form snapshot's
    questions are (:func:`shape`) from one call to the next.  ``fixed``, when given, gets
    the ids of the interviews whose form's relevance no answer decides."""
    if ids is None:
        counted = conn.execute(COUNTS_SQL.format(where=MISSING)).fetchall()
    else:
        ids = list(ids)
        counted = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            where = f"i.id IN ({', '.join('?' * len(chunk))})"
            counted += conn.execute(COUNTS_SQL.format(where=where), chunk).fetchall()
    out: dict[str, tuple[int, int]] = {}
    pending: dict[str, list[tuple[str, int]]] = {}  # form snapshot -> (id, answered)
    keys: dict[str, Any] = {} if shapes is None else shapes
    for iid, version_id, answered, half_pairs in counted:
        answered -= half_pairs  # (counted once per pair: only one of its two cells is there)
        try:
            form = form_of(version_id)
        except Exception:
            if not skip_unreadable:
                raise
            continue
        if version_id not in keys:
            keys[version_id] = shape(form)
        if keys[version_id][0] is None:
            out[iid] = (int(answered), keys[version_id][1])
            if fixed is not None:
                fixed.add(iid)
        else:
            pending.setdefault(version_id, []).append((iid, int(answered)))
    for version_id, todo in pending.items():
        form, conditions = form_of(version_id), keys[version_id][0]
        read, skippable, partial = conditions
        wanted = sorted(read | skippable | partial)
        cells: dict[str, dict[str, list[tuple[str, Any]]]] = {}
        for start in range(0, len(todo), 500):
            chunk = [iid for iid, _n in todo[start : start + 500]]
            marks = (", ".join("?" * len(chunk)), ", ".join("?" * len(wanted)))
            sql = ANSWERS_SQL.format(ids=marks[0], keys=marks[1])
            for iid, key, item, value in conn.execute(sql, (*chunk, *wanted)):
                cells.setdefault(iid, {}).setdefault(key, []).append((item, value))
        for iid, answered in todo:
            out[iid] = relevance_progress(form, conditions, cells.get(iid, {}), answered)
    return out


def answered_of(cells: Iterable[tuple[str, str]]) -> int:
    """The questions an interview's cells, ``(question key, item)`` each, answer, as
    :data:`COUNTS_SQL` counts them: the distinct keys, less the pairs with only one of E
    and P (for a writer that holds the cells it is about to store)."""
    halves: dict[str, int] = {}
    for key, item in cells:
        halves[key] = halves.get(key, 0) + (item in ("E", "P"))
    return sum(1 for n in halves.values() if n != 1)


def shape(form: Any) -> tuple[Any, int]:
    """(:func:`conditional_keys` of ``form``, its number of questions)."""
    return conditional_keys(form), form.question_count()


def store_progress(
    conn: Any,
    form_of: FormOf,
    ids: Iterable[str] | None = None,
    shapes: dict[str, Any] | None = None,
    *,
    revision: str = PROGRESS_HEAD,
) -> int:
    """Within the caller's write transaction on ``conn``: work out and store the progress
    of the interviews ``ids`` (of every interview without a row when None); returns how
    many rows were written.  An interview whose form snapshot does not read as a form
    gets no row (the list says why when it shows it); nothing else stops the write.
    ``revision``: the schema the rows are written for (a migration's own)."""
    fixed: set[str] = set()
    found = compute(conn, form_of, ids, skip_unreadable=True, shapes=shapes, fixed=fixed)
    if revision < "0013":
        conn.executemany(STORE_SQL_0010, [(iid, a, r) for iid, (a, r) in found.items()])
    else:
        rows = [(iid, a, r, iid in fixed) for iid, (a, r) in found.items()]
        conn.executemany(STORE_SQL, rows)
    return len(found)


def store_missing(conn: Any, form_of: FormOf, shapes: dict[str, Any] | None = None) -> int:
    """:func:`store_progress` of every interview without a row, if there is one."""
    if not conn.execute(ANY_MISSING_SQL).fetchone()[0]:
        return 0
    return store_progress(conn, form_of, shapes=shapes)


def forms_from(conn: Any) -> FormOf:
    """The form snapshots of the file on ``conn``, read when first asked for (for a
    writer that has no store, such as a migration)."""
    from workbench.forms.schema import FormDefinition

    cache: dict[str, Any] = {}

    def form_of(version_id: str) -> Any:
        if version_id not in cache:
            (definition,) = conn.execute(
                "SELECT definition FROM form_version WHERE id = ?", (version_id,)
            ).fetchone()
            if isinstance(definition, str):
                definition = json.loads(definition)
            cache[version_id] = FormDefinition.model_validate(definition)
        return cache[version_id]

    return form_of


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
