"""Writing a checked import plan into the engagement: every row lands, or none does.

``apply_import`` writes an :class:`~workbench.deliver.importer.ImportPlan` in ONE
transaction, in set-based batches: one ``INSERT`` per table and batch, values converted by
the columns' own types exactly as the ORM stores them, no ORM object per cell.  On SQLite
the rows go through :class:`workbench.team.triggers.BulkInsert`, which holds the per-row
insert triggers back for the transaction and writes their audit events, tombstone checks
and search-index queue one statement per batch.  An imported interview's own event
records its answers (History reads "interview … added"), so the answers write none of their
own: an import of 10,000 responses writes 20,000 events, not 510,000.  The rows' ids are
time-ordered, so every insert appends to the indexes it goes in.  Only cells that hold text
are tag-coded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from workbench.deliver.import_cells import MEMO_CELLS, MEMO_TEXT, PlannedRow, _flat
from workbench.deliver.importer import (
    ImportFailed,
    ImportPlan,
    ImportSummary,
    listed,
    next_respondent_number,
    same_person,
)

# the tables an import inserts into, in the order of their foreign keys
TABLES = ("respondent", "interview", "answer", "coded_segment")
# an imported interview's audit event records its answers: one act, not an event per cell
TOLD_BY_INTERVIEW = ("answer",)


def apply_import(
    store: Any,
    plan: ImportPlan,
    *,
    wave: str | None = None,
    skip_bad_rows: bool = False,
    progress: Callable[[float, str], Any] | None = None,
    interviewer: str = "",
    only_new: bool = False,
) -> ImportSummary:
    """Write the plan in one transaction; raise ImportFailed (nothing written) on bad cells.

    Rows are written in set-based batches (one INSERT per table and batch, no ORM object
    per cell, the audit events one statement per batch), inside the one transaction, so
    the import still lands whole or not at all.  Only cells that hold
    text are coded with their question's tags.  ``interviewer``
    names the consultant for rows whose file gives no interviewer.  ``only_new`` leaves
    out the rows naming people who already have an interview (or response) of the form in
    the wave (a corrected sheet sent again after its bad rows were skipped): the summary's
    ``left_out`` names them.
    """
    from sqlalchemy import select

    from workbench.forms.answers import to_cells
    from workbench.plural import plural
    from workbench.store.models import (
        Answer,
        CodedSegment,
        FormVersion,
        Interview,
        Respondent,
        Wave,
        utcnow,
        wave_order,
    )
    from workbench.store.progress import STORE_SQL as PROGRESS_SQL
    from workbench.store.progress import answered_of
    from workbench.store.progress import shape as progress_shape

    if plan.problems:
        raise ImportFailed("the columns do not fit the form:\n" + listed(plan.problems))
    bad = plan.bad_rows
    if bad and not skip_bad_rows:
        problems = [p for r in bad for p in r.problems]
        raise ImportFailed(
            f"{len(bad):,} row(s) have bad cells; nothing was imported (to import the other "
            f"{plural(plan.row_count - len(bad), 'row')}, skip the bad ones: --skip-bad-rows, "
            '"Skip rows with bad cells" in the window):\n' + listed(problems)
        )
    questions = {q.key: q for q in plan.form.iter_questions()}
    known_bad = {r.row for r in bad}
    good_count = plan.row_count - len(bad)
    written = 0
    created = already = flagged = 0
    added: set[str] = set()  # the people this import adds; their second rows are no one new
    matched: set[str] = set()  # the engagement's people the rows name, each counted once
    from workbench.forms.flags import has_rules, rule_breaks

    ruled = has_rules(plan.form)
    new_id = _new_ids()
    # the form's snapshot and its tags' codes are stored in the import's own transaction
    with store.one_transaction() as s:
        version = store.ensure_form_version(plan.form)
        tag_codes = store.tag_codes([q for k, q in questions.items() if k in plan.text_keys])
        if wave:
            wave_id = _wave_id(store, wave)
        else:
            wave_id = s.execute(select(Wave.id).order_by(*wave_order())).scalars().first()
        people: dict[str, list[tuple[str, str]]] = {}  # name -> (id, e-mail) of each
        for rid, name, email in s.execute(
            select(Respondent.id, Respondent.name, Respondent.email).where(
                Respondent.deleted_at.is_(None)
            )
        ):
            people.setdefault(name.strip().lower(), []).append((rid, email or ""))
        # the people who have the form in the wave already: their rows are left out
        in_wave = _people_in_wave(s, plan.form.id, wave_id) if only_new else set()
        left_out: list[tuple[int, str]] = []
        known_refs = set(
            s.execute(
                select(Interview.source_ref)
                .join(FormVersion, Interview.form_version_id == FormVersion.id)
                .where(
                    FormVersion.form_id == plan.form.id,
                    Interview.deleted_at.is_(None),
                    Interview.source_ref.is_not(None),
                )
            ).scalars()
        )
        next_number = next_respondent_number(people)
        new_people: list[dict[str, Any]] = []
        interviews: list[dict[str, Any]] = []
        answers: list[tuple[Any, ...]] = []  # as stored, in the order of ANSWER_COLUMNS
        segments: list[dict[str, Any]] = []
        now = utcnow()
        total = max(good_count, 1)

        connection = s.connection()
        bulk: Any = contextlib.nullcontext()
        if connection.dialect.name == "sqlite":
            from workbench.team.triggers import BulkInsert

            bulk = BulkInsert(
                connection.connection.driver_connection, TABLES, told_by_parent=TOLD_BY_INTERVIEW
            )
        encoded, same = _cell_encoder(s, questions, to_cells)
        # A form whose relevance no answer decides: each new interview's progress is its
        # cells' count of the form's questions, kept with its rows (the store would
        # otherwise read every imported answer back to count them before the commit).
        kept_progress: list[tuple[str, int, int, bool]] | None = None
        conditions, question_count = progress_shape(plan.form)
        if connection.dialect.name == "sqlite" and conditions is None:
            kept_progress = []
        stamp = _convert_column([now], Answer.__table__.c.created_at.type.bind_processor(
            connection.dialect))[0]  # fmt: skip
        with bulk as held:
            write_rows = _raw_inserter(s, held)

            def flush_batch() -> None:
                for model, batch in (
                    (Respondent, new_people),
                    (Interview, interviews),
                    (Answer, answers),
                    (CodedSegment, segments),
                ):
                    if batch:
                        names = ANSWER_COLUMNS if model is Answer else None
                        write_rows(model.__table__, batch, names)
                        batch.clear()
                if kept_progress:  # after the answers, whose insert drops kept progress
                    held.conn.executemany(PROGRESS_SQL, kept_progress)
                    kept_progress.clear()

            for planned in _rows_to_write(plan):
                if planned.row in known_bad:
                    continue
                if planned.problems:
                    raise ImportFailed(
                        f"{plan.source}: the file changed after it was checked (row {planned.row}); "
                        "nothing was imported"
                    )
                ref = planned.source_ref
                if ref and interviewer and ref.startswith("sheet:"):
                    ref = None  # a plain sheet's rows, interviews the named consultant held
                if ref and ref in known_refs:
                    already += 1  # the same submission (or sheet row), imported again: skipped
                    continue
                if in_wave:
                    name = str(planned.respondent.get("name") or "").strip()
                    there = name and same_person(
                        people.get(name.lower(), []), str(planned.respondent.get("email") or "")
                    )
                    if there and there in in_wave:
                        left_out.append((planned.row, name))
                        continue
                if ref:
                    known_refs.add(ref)
                row_cells: list[tuple[Any, ...]] = []
                for key, value in planned.answers.items():
                    known = same[key].get(id(value))  # a value the rows share, encoded
                    row_cells += (
                        known[1] if known is not None and known[0] is value
                        else encoded(key, value)
                    )  # fmt: skip
                if ruled:
                    flagged += len(rule_breaks(plan.form, planned.answers))
                if progress and written % 200 == 0:
                    progress(written / total, f"Importing row {written + 1:,} of {good_count:,}")
                written += 1
                info = dict(planned.respondent)
                when = info.pop("date", None)
                row_interviewer = info.pop("interviewer", "") or interviewer
                if not info.get("name"):  # no name column: numbered, the submission id kept
                    info["name"] = f"Respondent {next_number}"
                    next_number += 1
                person = same_person(people.get(info["name"].lower(), []), info.get("email", ""))
                if person is None:
                    person = new_id()
                    new_people.append(_respondent_row(info, person, now))
                    people.setdefault(info["name"].lower(), []).append(
                        (person, info.get("email", ""))
                    )
                    created += 1
                    added.add(person)
                elif person not in added:  # a person the engagement had before the import
                    matched.add(person)
                interview_id = new_id()
                interviews.append(
                    {
                        "id": interview_id,
                        "created_at": now,
                        "modified_at": now,
                        "respondent_id": person,
                        "form_version_id": version.id,
                        "wave_id": wave_id,
                        "interviewer": row_interviewer,
                        "date": when,
                        "status": "complete",
                        "source_ref": ref,
                    }
                )
                if tag_codes:  # each text cell's segments follow it
                    for cell in row_cells:
                        answer_id = new_id()
                        answers.append((answer_id, stamp, stamp, interview_id) + cell)
                        key, text = cell[0], cell[4]
                        if text and key in tag_codes:
                            segments.extend(
                                _segment_row(new_id(), code_id, interview_id, answer_id, text, now)
                                for code_id in tag_codes[key]
                            )
                else:  # the row's answers, their ids made in one go
                    ids = new_id.many(len(row_cells))
                    answers += [
                        (answer_id, stamp, stamp, interview_id, key, item, value, num, text)
                        for answer_id, (key, item, value, num, text) in zip(
                            ids, row_cells, strict=True
                        )
                    ]
                if kept_progress is not None:
                    answered = answered_of((cell[0], cell[1]) for cell in row_cells)
                    kept_progress.append((interview_id, answered, question_count, True))
                if len(answers) >= BATCH_CELLS:
                    flush_batch()
            # raised inside the transaction: it is rolled back
            if written + already + len(left_out) != good_count:
                raise ImportFailed(
                    f"{plan.source}: the file changed after it was checked; nothing was imported"
                )
            flush_batch()
        getattr(write_rows, "restore", lambda: None)()
    if progress:
        progress(1.0, "Imported")
    return ImportSummary(
        written,
        created,
        len(matched),
        [r.row for r in bad],
        already,
        flagged,
        skipped_people=tuple((r.row, str(r.respondent.get("name") or "").strip()) for r in bad),
        left_out=tuple(left_out),
    )


def _people_in_wave(s: Any, form_id: str, wave_id: str | None) -> set[str]:
    """The respondents who have an interview (or response) of the form in the wave."""
    from sqlalchemy import select

    from workbench.store.models import FormVersion, Interview

    in_wave = Interview.wave_id == wave_id if wave_id is not None else Interview.wave_id.is_(None)
    return set(
        s.execute(
            select(Interview.respondent_id)
            .join(FormVersion, Interview.form_version_id == FormVersion.id)
            .where(FormVersion.form_id == form_id, Interview.deleted_at.is_(None), in_wave)
        ).scalars()
    )


def _rows_to_write(plan: ImportPlan) -> Iterator[PlannedRow]:
    """The rows to write: the good rows kept as they were checked, or, for a file too large
    to keep, every row planned again from the file (a bad one found there means the file
    changed since it was checked)."""
    if plan._kept is None:
        yield from plan.rows
        return
    for number, respondent, answers, source_ref in plan._kept:
        yield PlannedRow(number, respondent, answers, source_ref=source_ref)


BATCH_CELLS = 20_000
ANSWER_COLUMNS = (
    "id", "created_at", "modified_at", "interview_id", "question_key", "item", "value", "num", "text"
)  # fmt: skip
Cells = list[tuple[Any, ...]]  # an answer's rows as stored, from question_key on


def _cell_encoder(
    s: Any, questions: dict[str, Any], to_cells: Callable[[Any, Any], Any]
) -> tuple[Callable[[str, Any], Cells], dict[str, dict[int, tuple[Any, Cells]]]]:
    """(``encoded``, ``same``): ``encoded(key, value)`` is the answer's cells as stored, each ``(key, item, value,
    num, text)`` (the answer row from its question's key on) with the value JSON-encoded by
    the column's own type, exactly as the ORM stores it.  A sheet repeats the same answers
    row after row, and the plan hands the rows that hold the same text one and the same
    value: each value is encoded once (known by its identity, else told apart from an
    equal one by its ``repr``, so 1, 1.0 and True stay apart).  ``same[key]`` maps the id
    of each value encoded so far to (the value, its cells), for a caller to look up first:
    the id is that value's only while the value it holds is the one asked about."""
    from workbench.store.models import Answer

    dialect = s.connection().dialect
    to_json = Answer.__table__.c.value.type.bind_processor(dialect) or (lambda v: v)
    to_num = Answer.__table__.c.num.type.bind_processor(dialect) or (lambda v: v)
    memo: dict[tuple[str, str], Cells] = {}
    # key -> id of a value -> (the value, its cells); the value is held so that its id
    # stays its own
    same: dict[str, dict[int, tuple[Any, Cells]]] = {key: {} for key in questions}
    held = [0]

    def encode(key: str, value: Any) -> Cells:
        return [
            (
                key,
                c.item,
                None if c.value is None else to_json(c.value),
                None if c.num is None else to_num(c.num),
                c.text,
            )
            for c in to_cells(questions[key], value)
        ]

    def encoded(key: str, value: Any) -> Cells:
        seen = same[key]
        known = seen.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if not _flat(value) or (isinstance(value, str) and len(value) > MEMO_TEXT):
            return encode(key, value)
        mark = (key, repr(value))
        cells = memo.get(mark)
        if cells is None:
            cells = encode(key, value)
            if len(memo) < MEMO_CELLS:
                memo[mark] = cells
        if held[0] < MEMO_CELLS:
            seen[id(value)] = (value, cells)
            held[0] += 1
        return cells

    return encoded, same


IMPORT_CACHE_KB = 65_536


def _wave_id(store: Any, name: str) -> str:
    """The id of the wave called ``name`` (found as :func:`~workbench.store.waves.find_wave`
    finds it); a wave not there yet is added at the end of the list by
    :func:`~workbench.store.waves.set_waves`, which checks its name, in the import's own
    transaction.  A name it refuses refuses the import."""
    from workbench.store.models import new_id
    from workbench.store.waves import WaveError, WaveSpec, find_wave, set_waves, wave_uses

    current = wave_uses(store)
    found = find_wave(current, name)
    if found is not None:
        return found.id
    spec = WaveSpec(new_id(), name)
    try:
        set_waves(store, [*(w.spec() for w in current), spec])
    except WaveError as exc:
        raise ImportFailed(f"the new wave cannot be added: {exc}") from None
    return spec.id


def _new_ids() -> _Ids:
    """``new_id()``: UUIDs as text, time-ordered (the layout of version 7): the time in
    milliseconds, the version, 42 random bits drawn once per import, then the import's
    count of ids.  One import's ids sort in the order they are made, so its rows append to
    the id indexes (random keys would scatter them over every page of those indexes), and
    ids made by two imports, even in the same millisecond, differ in their random bits."""
    import os
    import time

    ms = int(time.time() * 1000)
    bits = int.from_bytes(os.urandom(8), "big")
    rand_a, rand_b = bits & 0xFFF, (bits >> 12) & 0x3FFF_FFFF  # 12 and 30 random bits
    tail = (0b10 << 30) | rand_b  # the variant, then rand_b: 32 bits before the count
    prefix = f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-7{rand_a:03x}-{tail >> 16:04x}-{tail & 0xFFFF:04x}"
    return _Ids(prefix)


class _Ids:
    """``ids()``: the next id; ``ids.many(n)``: the next ``n``, made in one go."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count:08x}"

    def many(self, n: int) -> list[str]:
        """The same ids as ``n`` calls would give: within a run of 256 counts only the
        last two hex digits change, so each run's head is formatted once."""
        out: list[str] = []
        i, end = self.count + 1, self.count + n + 1
        while i < end:
            high, low = i >> 8, i & 0xFF
            k = min(end - i, 256 - low)
            head = f"{self.prefix}{high:06x}"
            out += [head + digits for digits in _LOW_DIGITS[low : low + k]]
            i += k
        self.count = end - 1
        return out


_LOW_DIGITS = tuple(f"{i:02x}" for i in range(256))


def _raw_inserter(s: Any, bulk: Any = None) -> Callable[..., None]:
    """``write(table, rows, names=None)``: one ``executemany`` on the session's own
    connection (so in its transaction), through ``bulk`` (a
    :class:`~workbench.team.triggers.BulkInsert`) when given, with values converted by
    the columns' own SQLAlchemy types exactly as the ORM would store them, but without
    building a statement per row.  ``names`` says the rows are tuples already as stored."""
    connection = s.connection()
    dialect = connection.dialect
    processors: dict[Any, Any] = {}
    previous = None
    if dialect.name == "sqlite":
        # An import writes a lot in one transaction: give it pages to stay in (64 MB for
        # this connection; SQLite's default of 2 MB makes a large import spill to disk).
        previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}")

    def execute(table: Any, names: Any, rows: list[Any]) -> None:
        if bulk is not None:
            bulk.insert(table.name, names, rows)
            return
        sql = (
            f"INSERT INTO {table.name} ({', '.join(dialect.identifier_preparer.quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        connection.exec_driver_sql(sql, rows)

    def write(table: Any, rows: list[Any], names: tuple[str, ...] | None = None) -> None:
        if names is not None:  # rows already as stored, one value per name
            execute(table, names, rows)
            return
        given = set(rows[0])
        # columns the rows leave out get their Python-side default, as an ORM insert would
        for column in table.columns:
            default = column.default
            if column.name in given or default is None:
                continue
            if default.is_scalar:
                for row in rows:
                    row[column.name] = default.arg
            elif default.is_callable:
                for row in rows:
                    row[column.name] = default.arg(None)
        names = list(rows[0])
        columns = [table.c[name] for name in names]
        procs = []
        for column in columns:
            if column not in processors:
                processors[column] = column.type.bind_processor(dialect)
            procs.append(processors[column])
        # Each column's values are converted once per distinct value (an import repeats the
        # same timestamps, keys and small answer values over and over).
        converted = [
            _convert_column([row[name] for row in rows], proc)
            for name, proc in zip(names, procs, strict=True)
        ]
        execute(table, names, list(zip(*converted, strict=True)))

    def restore() -> None:
        if previous is not None:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")

    write.restore = restore  # type: ignore[attr-defined]
    return write


def _convert_column(values: list[Any], proc: Any) -> list[Any]:
    """``values`` as the driver stores them: through the column type's bind processor,
    datetimes and dates as the sqlite3 module's own adapters write them; each distinct
    (hashable) value converted once."""
    memo: dict[tuple[type, Any], Any] = {}
    out = []
    append = out.append
    for value in values:
        if value is None:
            append(None)
            continue
        try:
            key = (type(value), value)
            got = memo.get(key, _MISSING)
        except TypeError:  # unhashable (a dict or list answer value)
            append(proc(value) if proc is not None else value)
            continue
        if got is _MISSING:
            got = proc(value) if proc is not None else value
            if isinstance(got, datetime):
                got = got.isoformat(" ")
            elif isinstance(got, date):
                got = got.isoformat()
            memo[key] = got
        append(got)
    return out


_MISSING = object()


def _respondent_row(info: dict[str, Any], rid: str, now: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "created_at": now,
        "modified_at": now,
        "name": info["name"],
        "role": info.get("role", ""),
        "org_unit": info.get("org_unit", ""),
        "segment": info.get("segment", "external customer"),
        "email": info.get("email", ""),
        "attributes": {},
        "consent_given": False,
        "consent_at": None,
        "deleted_at": None,
    }


def _segment_row(
    sid: str, code_id: str, interview_id: str, answer_id: str, text: str, now: Any
) -> Any:
    from workbench.store.tagcoding import FORM_CODER

    return {
        "id": sid,
        "created_at": now,
        "modified_at": now,
        "code_id": code_id,
        "interview_id": interview_id,
        "source_kind": "answer",
        "source_id": answer_id,
        "start": 0,
        "end": len(text),
        "text": text,
        "coder": FORM_CODER,
        "automatic": False,
        "status": "accepted",
        "deleted_at": None,
    }
