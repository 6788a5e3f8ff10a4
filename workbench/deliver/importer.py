"""Importing survey responses from a spreadsheet (.xlsx, .xls, .ods or .csv).

``plan_import`` reads the sheet, matches its columns to the form's questions (by key and
by label) and to respondent fields, converts and checks every cell against its question,
and returns an :class:`ImportPlan` listing every bad cell with its sheet, row and column
(a row's cells are read by :mod:`workbench.deliver.import_cells`).
``apply_import`` (:mod:`workbench.deliver.import_writer`, importable from here too) writes
the plan in ONE transaction: every row lands, or none does.  Nothing is written while any
cell is bad unless the caller asks to skip the bad rows.

Memory stays bounded for a large CSV: rows are read one at a time, the plan keeps only
the bad rows, and ``apply_import`` reads the good ones again and writes them in
set-based batches.  Every file is checked first (a regular file; a workbook that does
not inflate without end; at most 16,384 columns: :mod:`workbench.deliver.sheet_files`
reads it), and a refusal lists the first 50 problems and counts the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.deliver.import_cells import (  # noqa: F401  (part of this module's interface)
    _NUMERIC_DATE,
    MEMO_CELLS,
    MEMO_TEXT,
    CellProblem,
    PlannedRow,
    _flat,
    _order_name,
    _plan_row,
    date_order,
)
from workbench.deliver.sheet_files import (  # noqa: F401  (part of this module's interface)
    MAX_COLUMNS,
    ImportFailed,
    TableRows,
    column_letter,
    csv_encoding,
    iter_table,
    read_table,
)

RESPONDENT_FIELDS = {
    "name": ("name", "respondent", "respondent name", "full name"),
    # SurveyMonkey and others give the name in two columns: joined "First Last"
    "first_name": ("first name", "given name", "forename"),
    "last_name": ("last name", "surname", "family name"),
    "role": ("role", "job title", "position"),
    "org_unit": (
        "org unit",
        "organisation unit",
        "organization unit",
        "department",
        "unit",
        "team",
    ),
    "segment": ("segment", "stakeholder group", "group"),
    "email": ("email", "e-mail", "email address"),
    "date": ("date", "interview date", "submitted", "submission date"),
    "interviewer": ("interviewer", "consultant"),
}


@dataclass
class ImportPlan:
    """A checked sheet: what is wrong (the bad rows with their problems), how many rows
    there are, and the good rows as they were checked, ready to write, up to
    ``KEEP_ANSWERS`` answers.  A larger file's good rows are read again from the file, one
    at a time, when the plan is applied, so a large CSV never sits in memory whole.
    ``rows`` always reads the file again."""

    source: Path
    sheet: str
    form: Any
    headers: list[str]
    # header -> "respondent.<field>" | "<question key>" | "<question key>.<item>" | "" (ignored)
    mapping: dict[str, str]
    bad: list[PlannedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)  # problems of the file itself
    warnings: list[CellProblem] = field(default_factory=list)  # required questions left empty
    row_count: int = 0
    text_keys: set[str] = field(default_factory=set)  # questions whose good rows hold text
    dayfirst: bool = False  # 03/04/2024 is 3 April (True) or 4 March (False)
    platform: str | None = None  # the survey platform whose export this is, if recognised
    # A plain sheet (no platform recognised): "sheet:<digest of the file>", so that a row
    # with no interviewer is kept as a response ("sheet:<digest>:<row>") and the same file
    # imported again is recognised row by row
    sheet_ref: str | None = None
    ref_column: int | None = None  # the column identifying a submission, if any
    unnamed: bool = False  # no name column: the e-mail address, else "Respondent <n>"
    first_number: int = 1  # the <n> of the first "Respondent <n>" (after those there are)
    # multi-select key -> (column index, choice value) of its per-option columns, left
    # unmapped beside its whole column: read when the whole column's cell cannot be
    option_columns: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # column index -> day first (True) or month first, one reading for a whole date column
    date_orders: dict[int, bool] = field(default_factory=dict)
    # how each date column is read, and whose names the respondents get: shown before import
    date_notes: list[str] = field(default_factory=list)
    # (sheet, data rows, why) of a workbook's other sheets, which are not imported
    sheets_not_imported: list[tuple[str, int, str]] = field(default_factory=list)
    # cells in a data row: the header's count, or the first row's when it carries empty
    # cells beyond it (an export that ends every line with a separator); see _plan_row
    row_width: int | None = None
    # rows naming people who already have an interview of this form in the wave the plan
    # was made for (see workbench.deliver.import_repeats): importing them counts them twice
    repeats: Any = None
    wave: str | None = None  # the wave asked for (None: the engagement's first)
    # the 0-based column of the sheet the table starts in (C: 2): cells are named by the
    # letters the spreadsheet shows (see ``letter``)
    first_column: int = 0
    # people named in more than one good row (import_repeats.Duplicates): importing them
    # gives each of them two interviews in the one wave
    duplicates: Any = None
    # segment given by the rows (or "": none) -> the people new to the engagement given it
    new_segments: dict[str, int] = field(default_factory=dict)
    known_named: int = 0  # respondents of the engagement the good rows name
    # what the good rows are (labels.material_kind of their source_ref): "response"…
    kinds: set[str] = field(default_factory=set)
    _questions: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # the good rows as checked, (row, respondent, answers, submission), while they hold at
    # most KEEP_ANSWERS answers; None for a larger file, whose rows are read again
    _kept: list[tuple[int, dict[str, Any], dict[str, Any], str | None]] | None = field(
        default_factory=list, repr=False, compare=False
    )
    # column -> cell text -> the cell's value or its problem: a sheet repeats the same few
    # ratings and choices in every row, each parsed and checked once (a date question's
    # column is not kept: its cells are read in the column's order of day and month)
    _cells: dict[int, dict[str, tuple[bool, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _memo_chars: int = field(default=0, repr=False, compare=False)  # of the texts in _cells
    # (the columns, each with its memo in _cells): see import_cells._with_memos
    _with_memos: Any = field(default=None, repr=False, compare=False)
    # what the check of relevance and required questions needs of the form, worked out
    # once per plan (see _check_relevance)
    _rules: Any = field(default=None, repr=False, compare=False)
    # (row, name, respondent id, source_ref) of the good rows naming a known respondent
    _known_people: list[tuple[int, str, str, str | None]] = field(
        default_factory=list, repr=False, compare=False
    )

    def letter(self, index: int) -> str:
        """The letter the spreadsheet shows for the plan's column ``index`` (0-based from
        the table's first column)."""
        return column_letter(index + self.first_column)

    def question(self, key: str) -> Any:
        """The form's question ``key`` (KeyError if none), looked up once per plan."""
        if not self._questions:
            self._questions = {q.key: q for q in self.form.iter_questions()}
        return self._questions[key]

    @property
    def rows(self) -> PlannedRows:
        """Every data row, planned again from the file as it is iterated."""
        return PlannedRows(self)

    @property
    def bad_rows(self) -> list[PlannedRow]:
        return self.bad

    @property
    def all_problems(self) -> list[CellProblem]:
        return self.problems + [p for r in self.bad for p in r.problems]

    def unmapped(self) -> list[str]:
        return [h for h in self.headers if not self.mapping.get(h)]

    @property
    def ref_header(self) -> str | None:
        """The column that identifies a submission (``_uuid``, ``KEY``): no answer, but
        used to recognise submissions already imported."""
        return self.headers[self.ref_column] if self.ref_column is not None else None

    def not_imported(self) -> list[str]:
        """The columns whose cells go nowhere: the unmapped ones but the submission id."""
        ref = self.ref_header
        return [h for h in self.unmapped() if h != ref]


def shown_header(header: str, limit: int = 160) -> str:
    """A column's name to show in a line of text: whole, or a long one cut at a word (or
    a ``/`` of a group path) before ``limit`` characters, ending in "…"."""
    if len(header) <= limit:
        return header
    cut = header[: limit - 1]
    at = max(cut.rfind(" "), cut.rfind("/"))
    return (cut[:at] if at > limit // 2 else cut).rstrip(" /,;:") + "…"


class PlannedRows:
    """The rows of a plan: ``len`` without reading, iteration reads the file again."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan

    def __len__(self) -> int:
        return self.plan.row_count

    def __bool__(self) -> bool:
        return self.plan.row_count > 0

    def __iter__(self) -> Iterator[PlannedRow]:
        plan = self.plan
        _, (_, data) = _data_rows(plan.source)
        columns = _columns(plan)
        for number, ordinal, row in data:
            yield _plan_row(plan, number, row, columns, ordinal)

    def __getitem__(self, index: int) -> PlannedRow:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        for i, row in enumerate(self):
            if i == index:
                return row
        raise IndexError(index)  # pragma: no cover - the file shrank


@dataclass(frozen=True)
class ImportSummary:
    interviews: int
    respondents_created: int
    respondents_matched: int
    skipped_rows: list[int]
    already_imported: int = 0  # submissions found in the engagement already: skipped
    #: answers imported as given that the window flags: not offered by their choice filter
    #: (an answer that breaks its question's rule is a bad cell)
    flagged: int = 0
    #: (sheet row, name as written) of each row skipped for its bad cells
    skipped_people: tuple[tuple[int, str], ...] = ()
    #: (sheet row, name as written) of each row left out because its person already has an
    #: interview (or response) of the form in the wave (``apply_import(only_new=True)``)
    left_out: tuple[tuple[int, str], ...] = ()


#: rows named in a summary's list of rows skipped or left out; the others are counted
LISTED_ROWS = 20


def rows_named(rows: tuple[tuple[int, str], ...] | list[tuple[int, str]]) -> str:
    """``row 5 (Dan Dorsey), row 6 (Eve Evans)``: sheet rows with their people's names
    (a row with no name is its number alone), the first ``LISTED_ROWS``, then a count."""
    shown = [f"row {row} ({name})" if name else f"row {row}" for row, name in rows[:LISTED_ROWS]]
    more = len(rows) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


def left_out_text(summary: Any, plan: Any) -> str:
    """The rows left out, for the summary: "left out 6 rows naming people who already
    have a 'Survey' response in wave 'baseline': row 2 (Ann Lee), …" (the command line
    and the window say the same)."""
    from workbench.plural import plural

    repeats = plan.repeats
    had = (
        f"a {repeats.form!r} {repeats.word} "
        + (f"in wave {repeats.wave!r}" if repeats.wave is not None else "with no wave")
        if repeats is not None
        else "one of the form in the wave"
    )
    count = len(summary.left_out)
    return (
        f"left out {plural(count, 'row')} naming "
        + ("a person who already has " if count == 1 else "people who already have ")
        + f"{had}: {rows_named(summary.left_out)}"
    )


# -- reading: the sheet's rows come from workbench.deliver.sheet_files -----------------------
MAX_LISTED_PROBLEMS = 50  # problems listed in a refusal; the rest are counted
MAX_WARNINGS = 10_000  # warnings a plan keeps (a large file's empty required cells)


def listed(problems: list[Any], limit: int = MAX_LISTED_PROBLEMS) -> str:
    """The first ``limit`` problems, one a line, then how many more there are."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit:,} more")
    return "\n".join(lines)


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def auto_mapping(headers: list[str], form: Any) -> dict[str, str]:
    """Match columns to respondent fields and questions by key and by label."""
    by_name: dict[str, str] = {}
    for field_name, spellings in RESPONDENT_FIELDS.items():
        for spelling in spellings:
            by_name.setdefault(_norm(spelling), f"respondent.{field_name}")
    for q in form.iter_questions():
        by_name[_norm(q.key)] = q.key
        by_name.setdefault(_norm(q.label), q.key)
        items = [r.key for r in getattr(q, "rows", None) or []]
        items += [o.key for o in getattr(q, "options", None) or []]
        if q.type == "pair":
            items += ["E", "P"]
        if q.type == "checklist":
            items += ["observed", "severity", "touchpoint", "evidence"]
        for item in items:
            by_name[_norm(f"{q.key} {item}")] = f"{q.key}.{item}"
    mapping = {}
    used: set[str] = set()
    name_spellings = {_norm(s) for s in RESPONDENT_FIELDS["name"]}
    name_headers = [h for h in headers if _norm(h) in name_spellings]
    named_otherwise = any(
        by_name.get(_norm(h)) in ("respondent.first_name", "respondent.last_name")
        for h in headers
    )
    for header in headers:
        target = by_name.get(_norm(header), "")
        if (
            header in name_headers
            and target != "respondent.name"
            and len(name_headers) == 1
            and not named_otherwise
        ):
            # a question keyed "name" (or "respondent") and the one column that can hold
            # the respondent's name: the respondent's name, unless another column holds it
            target = "respondent.name"
        if target and target not in used:
            mapping[header] = target
            used.add(target)
        else:
            mapping[header] = ""
    from workbench.deliver.survey_exports import detect, propose, without_redundant_options

    for header, target in propose(headers, form, detect(headers)).items():
        if not mapping.get(header) and target not in used:
            mapping[header] = target
            used.add(target)
    return without_redundant_options(mapping, form)


def load_mapping(path: str | Path) -> dict[str, str]:
    import yaml

    from workbench.limits import InputLimitError, check_input_file, safe_load_yaml

    try:
        check_input_file(path, "mapping")
        data = safe_load_yaml(Path(path).read_text(encoding="utf-8"), str(path))
    except InputLimitError as exc:
        raise ImportFailed(str(exc)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportFailed(f"{path}: cannot read the mapping ({exc})") from None
    columns = (data or {}).get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise ImportFailed(f"{path}: a mapping file needs a 'columns:' map of header: target")
    return {str(k): str(v or "") for k, v in columns.items()}


def save_mapping(plan: ImportPlan, path: str | Path) -> None:
    import yaml

    from workbench.paths import atomic_path

    body = {"form": plan.form.id, "columns": dict(plan.mapping)}
    with atomic_path(path) as tmp:
        tmp.write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")


# -- planning --------------------------------------------------------------------------------
def sheet_ref(path: Any) -> str:
    """``sheet:<digest>``: what the rows of a plain sheet are known by (its content, not its
    name: another file called responses.csv is other responses)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"sheet:{digest.hexdigest()[:20]}"


def plan_import(
    store: Any,
    data_path: str | Path,
    form_id: str,
    mapping: dict[str, str] | None = None,
    *,
    remembered: dict[str, str] | None = None,
    dayfirst: bool = False,
    wave: str | None = None,
    interviewer: str = "",
    progress: Callable[[float, str], Any] | None = None,
) -> ImportPlan:
    """``mapping`` must name columns of this sheet; ``remembered`` (the mapping used for the
    last file of this form) applies to whichever of its columns this sheet has.  ``wave``
    and ``interviewer`` as they will be given to ``apply_import``: the plan's ``repeats``
    are the rows naming people who already have an interview of the form in that wave.
    ``progress(fraction, step)`` is told how far the check is (a CSV file's rows are
    counted without a fraction: it is read as it goes)."""
    from workbench.forms.library import builtin_forms

    path = Path(data_path)
    if progress:
        progress(0.0, "Reading the file")
    forms = {f.id: f for f in store.engagement_forms()}
    form = forms.get(form_id) or builtin_forms().get(form_id)
    if form is None:
        raise ImportFailed(f"there is no form {form_id!r} in the engagement or the library")
    sheet, (headers, rows) = _data_rows(path)
    first_column = rows.first_column
    if path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        # a workbook is read whole anyway: its rows are walked twice (the date columns
        # first) without reading the file again; a CSV file is streamed, and read again
        rows = list(rows)  # type: ignore[assignment]
    base = auto_mapping(headers, form)
    base.update({h: t for h, t in (remembered or {}).items() if h in base})
    if mapping:
        unknown = [h for h in mapping if h not in headers]
        if unknown:
            raise ImportFailed(
                f"the mapping names columns the sheet does not have: {', '.join(unknown)}"
            )
        base.update(mapping)
    from workbench.deliver.survey_exports import detect, sheets_not_imported, submission_column

    plan = ImportPlan(path, sheet, form, headers, base, dayfirst=dayfirst)
    plan.first_column = first_column
    plan.sheets_not_imported = sheets_not_imported(path)
    plan.platform = detect(headers)
    plan.ref_column = submission_column(headers, plan.platform)
    if not plan.platform:
        plan.sheet_ref = sheet_ref(path)
    plan.option_columns = _option_columns(plan)
    _check_mapping(plan, store)
    columns = _columns(plan)
    _decide_date_orders(plan, columns, rows if isinstance(rows, list) else None)
    text_columns = {key for _, _, _, key, _, q in columns if q is not None and _may_hold_text(q)}
    kept_answers = 0
    check_email = _email_check(plan, store)
    from workbench.analysis.labels import material_kind
    from workbench.deliver.import_repeats import (
        FilePeople,
        KnownPeople,
        find_duplicates,
        find_repeats,
        imported_refs,
    )

    known_people = KnownPeople(store)
    file_people = FilePeople(known_people.people, imported_refs(store, form.id, interviewer))
    total = len(rows) if isinstance(rows, list) else 0
    for number, ordinal, row in rows:
        if progress and plan.row_count % PROGRESS_ROWS == 0:
            done = plan.row_count
            progress(
                done / total if total else 0.0,
                f"Checking row {done + 1:,} of {total:,}" if total else f"Checking row {done + 1:,}",
            )
        planned = _plan_row(plan, number, row, columns, ordinal)
        plan.row_count += 1
        if len(plan.warnings) < MAX_WARNINGS:
            plan.warnings.extend(planned.warnings[: MAX_WARNINGS - len(plan.warnings)])
        if planned.problems:
            planned.answers.clear()  # the problems are what is kept of a bad row
            plan.bad.append(planned)
        else:
            if check_email is not None:
                check_email(planned)
            known_people.note(planned.row, planned.respondent, planned.source_ref)
            file_people.note(planned.row, planned.respondent, planned.source_ref)
            plan.kinds.add(material_kind(planned.source_ref))
            for key in text_columns - plan.text_keys:
                if _holds_text(planned.answers.get(key)):
                    plan.text_keys.add(key)
            if plan._kept is not None:
                kept_answers += len(planned.answers)
                if kept_answers <= KEEP_ANSWERS:
                    plan._kept.append(
                        (number, planned.respondent, planned.answers, planned.source_ref)
                    )
                else:  # a large file: its good rows are read again when written
                    plan._kept = None
    plan._known_people = known_people.rows
    plan.wave = wave
    if progress:
        progress(1.0, "Looking for people named twice or already in the wave")
    plan.repeats = find_repeats(store, plan, wave, interviewer)
    plan.duplicates = find_duplicates(file_people)
    plan.new_segments = file_people.segments
    plan.known_named = len(file_people.known_named)
    return plan


def imported_kinds(plan: ImportPlan, interviewer: str = "") -> set[str]:
    """What the plan's rows are once imported (``labels.material_kind``), for the words
    that count them ("3 responses", "2 interviews"): a plain sheet's rows are interviews
    when a consultant is named as their interviewer, else responses (as is a survey
    platform's export); a row naming its interviewer is an interview."""
    kinds = set(plan.kinds)
    if not kinds:  # no good row: what a row would be
        kinds = {"response" if plan.platform or plan.sheet_ref else "interview"}
    if interviewer and plan.sheet_ref and "response" in kinds:
        kinds = (kinds - {"response"}) | {"interview"}
    return kinds


def _decide_date_orders(
    plan: ImportPlan, columns: list[Any], rows: list[tuple[int, int, list[Any]]] | None = None
) -> None:
    """One reading for each date column (the respondent's date, date questions): day first
    when asked; otherwise the order its unambiguous cells prove (the more frequent one,
    should they disagree: the others are refused as bad cells); month first when every
    cell could be read either way.  A CSV file is read once more, for these columns only;
    a workbook's ``rows`` are those read already."""
    dated = [
        (i, label)
        for i, target, label, _key, _item, q in columns
        if target == "respondent.date" or (q is not None and q.type == "date")
    ]
    if not dated:
        return
    # column -> order -> (cells proving it, the first row that does, its text)
    seen: dict[int, dict[bool, list[Any]]] = {i: {} for i, _ in dated}
    data: Any = ()
    if not plan.dayfirst:  # the sheet's rows as read already, else read again
        data = rows if rows is not None else _data_rows(plan.source)[1][1]
    either: set[int] = set()  # columns with a date such as 3/4/22, read either way
    for number, _ordinal, row in data:
        for i, _ in dated:
            order = date_order(row[i]) if i < len(row) else None
            cell = row[i] if i < len(row) else None
            if order is None and isinstance(cell, str) and _NUMERIC_DATE.match(cell):
                either.add(i)
            if order is not None:
                proof = seen[i].setdefault(order, [0, number, row[i]])
                proof[0] += 1
    for i, label in dated:
        proofs = seen[i]
        if not plan.dayfirst and not proofs and i not in either:
            continue  # no date written day and month (ISO dates, spreadsheet dates)
        if plan.dayfirst:
            order, why = True, "as asked"
        elif proofs:
            order = max(proofs, key=lambda o: (proofs[o][0], -proofs[o][1]))
            _count, row, text = proofs[order]
            why = f"row {row} holds {str(text).strip()!r}, which reads only that way"
        else:
            order = False
            why = (
                "every date in it reads either way; month first is the default (ask for "
                "day first: --dayfirst, or the Dates box in the window)"
            )
        plan.date_orders[i] = order
        plan.date_notes.append(f"dates in column {label} are read {_order_name(order)}: {why}")


def _option_columns(plan: ImportPlan) -> dict[str, list[tuple[int, str]]]:
    """The per-option (ticked or not) columns of each multi-select whose whole column is
    mapped: Kobo's and ODK's exports give both."""
    from workbench.deliver.survey_exports import propose

    whole = {t for t in plan.mapping.values() if t and "." not in t}
    out: dict[str, list[tuple[int, str]]] = {}
    for header, target in propose(plan.headers, plan.form, plan.platform).items():
        key, _, option = target.partition(".")
        if option and key in whole and not plan.mapping.get(header):
            out.setdefault(key, []).append((plan.headers.index(header), option))
    return out


DataRows = TableRows  # of (row number, ordinal, cells)


def _data_rows(path: Path) -> tuple[str, tuple[list[str], DataRows]]:
    """(sheet, (headers, data rows)): blank rows skipped, each data row as (its row number
    as a spreadsheet shows it, its ordinal, its cells).  The ordinal numbers the non-blank
    rows from the header on (the header 1, the first data row 2, or 3 under a second
    header row): a plain sheet's rows are known by it (``sheet:<digest>:<ordinal>``), as
    they were imported before blank rows were counted in the row numbers."""
    sheet, table = iter_table(path)
    filled = (
        (number, row)
        for number, row in enumerate(table, start=1)
        if any(str(c).strip() for c in row if c is not None)
    )
    head = next(filled, None)
    if head is None:
        raise ImportFailed(f"{path}: the sheet {sheet!r} is empty")
    first = head[1]
    headers = [str(h).strip() if h is not None else "" for h in first]
    second = next(filled, None)
    from workbench.deliver.survey_exports import is_second_header, merge_header_rows

    if second is not None and is_second_header(first, second[1]):  # SurveyMonkey: two rows
        rows = TableRows(_ordinals(filled, 3), table.first_column)
        return sheet, (merge_header_rows(first, second[1]), rows)
    rest = filled if second is None else _chain([second], filled)
    return sheet, (headers, TableRows(_ordinals(rest, 2), table.first_column))


def _ordinals(
    rows: Iterator[tuple[int, list[Any]]], start: int
) -> Iterator[tuple[int, int, list[Any]]]:
    for ordinal, (number, row) in enumerate(rows, start=start):
        yield number, ordinal, row


def _chain(*parts: Any) -> Iterator[list[Any]]:
    for part in parts:
        yield from part


def _may_hold_text(question: Any) -> bool:
    return question.type in ("text", "longtext", "checklist")


def _holds_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, dict) and bool(value.get("evidence"))


def _check_mapping(plan: ImportPlan, store: Any = None) -> None:
    keys = set(plan.form.keys())
    for i, header in enumerate(plan.headers):
        target = plan.mapping.get(header, "")
        if not target or target.startswith("respondent."):
            if target and target.split(".", 1)[1] not in RESPONDENT_FIELDS:
                plan.problems.append(
                    CellProblem(
                        plan.sheet,
                        1,
                        f"{plan.letter(i)} ({header})",
                        f"unknown respondent field {target!r}",
                    )
                )
            continue
        key = target.split(".", 1)[0]
        if key not in keys:
            plan.problems.append(
                CellProblem(
                    plan.sheet,
                    1,
                    f"{plan.letter(i)} ({header})",
                    f"the form {plan.form.id} has no question {key!r}",
                )
            )
    if not any(t and not t.startswith("respondent.") for t in plan.mapping.values()):
        # rows of nothing: every response would be an empty interview
        shown = ", ".join(repr(h) for h in plan.headers[:3]) + (
            ", …" if len(plan.headers) > 3 else ""
        )
        read_as = (
            f"the file was read as {len(plan.headers)} column{'s' if len(plan.headers) != 1 else ''}"
            f" ({shown})"
        )
        plan.problems.append(
            CellProblem(
                plan.sheet,
                1,
                "",
                f"no column matches a question of the form {plan.form.title!r}, so the "
                f"import would bring only empty responses; {read_as}. Map a column to a "
                "question, or check the file's separator and header row",
            )
        )
    _warn_unanswered(plan)
    values = set(plan.mapping.values())
    if values & {"respondent.first_name", "respondent.last_name"}:
        values.add("respondent.name")  # joined "First Last"
    if "respondent.name" not in values:
        # numbered "Respondent 1", "Respondent 2"… when imported, or the e-mail address
        plan.unnamed = True
        if store is not None:
            plan.first_number = next_respondent_number(_respondent_names(store))
        plan.date_notes.append(_unnamed_note(plan))
    else:
        plan.date_notes.extend(_name_question_notes(plan))


def _warn_unanswered(plan: ImportPlan) -> None:
    """A warning naming the form's required questions that no column answers: every
    response is imported without them (shown complete, their progress short of full)."""
    answered = {
        t.split(".", 1)[0] for t in plan.mapping.values() if t and not t.startswith("respondent.")
    }
    if not answered:
        return  # the file fits no question at all: that is the problem said
    answered.update(_name_questions(plan).values())
    missing = [q.key for q in plan.form.iter_questions() if q.required and q.key not in answered]
    if not missing:
        return
    shown = ", ".join(repr(k) for k in missing[:10]) + (", …" if len(missing) > 10 else "")
    plan.warnings.append(
        CellProblem(
            plan.sheet,
            1,
            "",
            f"no column answers the form's required question{'s' if len(missing) > 1 else ''} "
            f"{shown}: every response is imported without {'these answers' if len(missing) > 1 else 'that answer'} "
            f"(map a column to {'each' if len(missing) > 1 else 'it'} with \"Goes to\" in the "
            "import window, or a --mapping file)",
        )
    )


_NUMBERED = re.compile(r"respondent (\d+)")


def next_respondent_number(names: Iterable[str]) -> int:
    """The <n> the next "Respondent <n>" gets: one past the highest such name among
    ``names`` (the respondents there are), 1 when there is none."""
    found = (_NUMBERED.fullmatch(name.strip().lower()) for name in names)
    return 1 + max((int(m.group(1)) for m in found if m), default=0)


def _respondent_names(store: Any) -> list[str]:
    """The names of the engagement's respondents (not those in the trash)."""
    from sqlalchemy import select

    from workbench.store.models import Respondent

    with store.session() as s:
        return list(
            s.execute(select(Respondent.name).where(Respondent.deleted_at.is_(None))).scalars()
        )


def _name_spelling(header: str) -> bool:
    return _norm(header) in {_norm(s) for s in RESPONDENT_FIELDS["name"]}


def _unnamed_note(plan: ImportPlan) -> str:
    """What the respondents are called when no column holds their names, and why."""
    how = (
        "the e-mail address names each respondent, else they are numbered"
        if "respondent.email" in plan.mapping.values()
        else "the respondents are numbered"
    )
    n = plan.first_number
    numbers = f'"Respondent {n}", "Respondent {n + 1}"…'
    taken = [
        (i, header)
        for i, header in enumerate(plan.headers)
        if _name_spelling(header) and plan.mapping.get(header)
    ]
    if not taken:
        return (
            f"no column holds the respondent's name: {how} {numbers} "
            "(call a column 'name' or 'respondent', or map one to respondent.name, to name them)"
        )
    i, header = taken[0]
    return (
        f"no column holds the respondent's name: {how} {numbers}; "
        f"column {plan.letter(i)} ({header}) is read as the form's question "
        f"{plan.mapping[header]!r}: to read it as the respondent's name, map it to "
        f"respondent.name (a --mapping file with columns: {{{header}: respondent.name}}, or "
        "\"Goes to\" in the import window)"
    )


def _name_questions(plan: ImportPlan) -> dict[int, str]:
    """Column index -> the question of the form that the column read as the respondent's
    name also fits (by key or label), where that question takes text and no column of its
    own answers it: the one cell is both the respondent's name and that answer (the form's
    own "Your name", left empty, would leave a response marked complete unanswered)."""
    questions = list(plan.form.iter_questions())
    keys = {_norm(q.key): q.key for q in questions}
    keys.update({_norm(q.label): q.key for q in questions if q.label})
    answered = {t.split(".", 1)[0] for t in plan.mapping.values() if t}
    out = {}
    for i, header in enumerate(plan.headers):
        key = keys.get(_norm(header))
        if (
            key
            and key not in answered
            and plan.mapping.get(header) == "respondent.name"
            and _name_spelling(header)
            and plan.question(key).type in ("text", "longtext")
        ):
            out[i] = key
    return out


def _name_question_notes(plan: ImportPlan) -> list[str]:
    """A column read as the respondent's name that a question of the form also fits."""
    keys = {_norm(q.key): q.key for q in plan.form.iter_questions()}
    keys.update({_norm(q.label): q.key for q in plan.form.iter_questions() if q.label})
    both = _name_questions(plan)
    notes = []
    for i, header in enumerate(plan.headers):
        key = keys.get(_norm(header))
        if i in both:
            notes.append(
                f"column {plan.letter(i)} ({header}) is read as the respondent's name and "
                f"as the answer to the form's question {key!r} (to import it as that answer "
                f"only, map it to {key}: a --mapping file with columns: {{{header}: {key}}}, "
                'or "Goes to" in the import window)'
            )
        elif key and plan.mapping.get(header) == "respondent.name" and _name_spelling(header):
            notes.append(
                f"column {plan.letter(i)} ({header}) is read as the respondent's name, not "
                f"as the form's question {key!r}: to import it as that answer, map it to {key} "
                f"(a --mapping file with columns: {{{header}: {key}}}, or \"Goes to\" in the "
                "import window)"
            )
    return notes


def _columns(plan: ImportPlan) -> list[tuple[int, str, str, str, str, Any]]:
    """(index, target, column label, key, item, question) of every mapped column."""
    out = []
    for i, header in enumerate(plan.headers):
        target = plan.mapping.get(header, "")
        if not target:
            continue
        key, _, item = target.partition(".")
        question = None
        if not target.startswith("respondent."):
            try:
                question = plan.question(key)
            except KeyError:
                continue
            if item and question.type == "pair":
                item = item.upper()
        out.append((i, target, f"{plan.letter(i)} ({header})", key, item, question))
    for i, key in _name_questions(plan).items():  # the name's cell answers that question too
        out.append((i, key, f"{plan.letter(i)} ({plan.headers[i]})", key, "", plan.question(key)))
    return out


PROGRESS_ROWS = 500  # rows checked between two reports of progress
KEEP_ANSWERS = 500_000  # answers of the good rows a plan keeps for writing (~40 MB)


def same_person(known: list[tuple[str, str]], email: str) -> str | None:
    """Which of the respondents of a row's name (id, e-mail) the row is: the one with its
    e-mail, else one with no e-mail, else the first when the row gives none; None (a new
    respondent of the same name) when every one has an e-mail other than the row's: two
    people who share a name are never merged on the name alone."""
    email = str(email or "").strip().lower()
    if not email:
        return known[0][0] if known else None
    for rid, theirs in known:
        if theirs.strip().lower() == email:
            return rid
    return next((rid for rid, theirs in known if not theirs.strip()), None)


def _email_check(plan: ImportPlan, store: Any) -> Callable[[PlannedRow], None] | None:
    """``check(row)``: a warning on the plan when the row's respondent has the name of a
    known respondent (or of an earlier row) but another e-mail address than theirs, so
    that it is imported as a new respondent; None when no column gives e-mail addresses."""
    label = next(
        (f"{plan.letter(i)} ({h})" for i, h in enumerate(plan.headers)
         if plan.mapping.get(h) == "respondent.email"),
        None,
    )  # fmt: skip
    if label is None:
        return None
    people: dict[str, list[tuple[str, str]]] = {}
    for r in store.respondents():
        people.setdefault(r.name.strip().lower(), []).append((r.id, r.email or ""))

    def check(planned: PlannedRow) -> None:
        name = str(planned.respondent.get("name") or "").strip()
        email = str(planned.respondent.get("email") or "").strip()
        if not name:
            return
        known = people.setdefault(name.lower(), [])
        if email and known and same_person(known, email) is None:
            others = ", ".join(sorted({e for _, e in known if e}))
            if len(plan.warnings) < MAX_WARNINGS:
                plan.warnings.append(
                    CellProblem(
                        plan.sheet,
                        planned.row,
                        label,
                        f"{name!r} is known with the e-mail {others}, not {email}: imported "
                        "as a new respondent of the same name, not merged",
                    )
                )
        if not known or same_person(known, email) is None:
            known.append((f"row {planned.row}", email))

    return check


def __getattr__(name: str) -> Any:
    """The writer's public function, where it has always been imported from; the writer
    module imports the planner, so it is imported only when asked for."""
    if name == "apply_import":
        from workbench.deliver.import_writer import apply_import

        return apply_import
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
