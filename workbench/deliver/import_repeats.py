"""Rows of a sheet that name people who already have an interview (or response) of the
same form in the wave the sheet goes to, and rows of one sheet that name the same person.

Importing them adds a second interview of each of those people in that wave, and every
count the client reads would count them twice.  The plan finds them before anything is
written (:func:`find_repeats`); the window asks the consultant to tick a box, the command
line stops unless ``--add-again`` is given.

A row names a known person exactly as the import would match it
(:func:`workbench.deliver.importer.same_person`): the same name, and the same e-mail
address when the row and the respondent both have one.  A row with no name is numbered
("Respondent <n>") as a new respondent when imported: it never names anyone already
there.  A row named by its e-mail address alone (no name column) names the respondent of
that address.  A submission already imported (its ``source_ref`` known: the same sheet, or
the same platform submission) is skipped by the import anyway and is not counted here.

Two rows of one sheet naming the same person by that rule (:func:`find_duplicates`) would
give that person two interviews in the wave the sheet goes to: they are stopped the same
way (the same box, the same ``--add-again``), since either they are that person's second
interview, or two people of one name whom only an e-mail column tells apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: names listed in the warning; the others are counted
LISTED_NAMES = 3
#: ids per ``IN (…)`` of a query (well under SQLite's limit of bound variables)
_CHUNK = 500


@dataclass(frozen=True)
class Repeats:
    """The rows (row number, name as written) naming people who already have a
    ``form`` interview in ``wave`` (None: the engagement has no wave)."""

    form: str  # the form's title
    wave: str | None
    rows: tuple[tuple[int, str], ...]
    word: str = "interview"  # what the material already there is: "interview", "response"…

    @property
    def words(self) -> str:
        """The material's noun in the plural: "interviews", "interviews or responses"."""
        return " or ".join(f"{w}s" for w in self.word.split(" or "))

    def __len__(self) -> int:
        return len(self.rows)

    def names(self, limit: int = LISTED_NAMES) -> list[str]:
        """The first ``limit`` different names, in the order of the rows."""
        seen: dict[str, str] = {}
        for _row, name in self.rows:
            seen.setdefault(name.strip().casefold(), name.strip())
            if len(seen) == limit:
                break
        return list(seen.values())

    def message(self) -> str:
        """ "12 rows name people who already have a 'SERVQUAL' interview in wave
        'baseline': Ann Lee, Bob Ray, Cy Dee, …" """
        from workbench.plural import plural

        count = len(self.rows)
        people = "names a person who already has" if count == 1 else "name people who already have"
        where = f"in wave {self.wave!r}" if self.wave is not None else "with no wave"
        names = self.names()
        more = len({n.strip().casefold() for _r, n in self.rows}) > len(names)
        return (
            f"{plural(count, 'row')} {people} a {self.form!r} {self.word} {where}: "
            + ", ".join(names)
            + (", …" if more else "")
        )


class KnownPeople:
    """The engagement's respondents by name, as the import matches a row to one; the rows
    of the plan that name one of them are collected by :meth:`note`."""

    def __init__(self, store: Any) -> None:
        from sqlalchemy import select

        from workbench.store.models import Respondent

        self.people: dict[str, list[tuple[str, str]]] = {}
        with store.session() as s:
            for rid, name, email in s.execute(
                select(Respondent.id, Respondent.name, Respondent.email).where(
                    Respondent.deleted_at.is_(None)
                )
            ):
                self.people.setdefault(name.strip().lower(), []).append((rid, email or ""))
        # (row, name as written, respondent id, the row's source_ref)
        self.rows: list[tuple[int, str, str, str | None]] = []

    def note(self, row: int, respondent: dict[str, Any], source_ref: str | None) -> None:
        """Keep the row when it names a known respondent (a row with no name never does)."""
        from workbench.deliver.importer import same_person

        name = str(respondent.get("name") or "").strip()
        if not name:
            return
        known = self.people.get(name.lower())
        if not known:
            return
        person = same_person(known, str(respondent.get("email") or ""))
        if person is not None:
            self.rows.append((row, name, person, source_ref))


def find_repeats(
    store: Any, plan: Any, wave: str | None = None, interviewer: str = ""
) -> Repeats | None:
    """The plan's rows naming people who already have an interview of its form in
    ``wave`` (as :func:`apply_import` reads it: None is the engagement's first wave; a
    wave not there yet is new, and holds no one), or None when there is none.
    ``interviewer`` as given to the import: a plain sheet's rows are then interviews that
    consultant held, not recognised as imported already."""
    candidates = getattr(plan, "_known_people", None) or []
    if not candidates:
        return None
    from sqlalchemy import select

    from workbench.analysis.labels import MATERIAL_NOUNS, material_kind
    from workbench.store.models import FormVersion, Interview, Wave, wave_order
    from workbench.store.waves import find_wave, wave_uses

    found = find_wave(wave_uses(store), wave) if wave else None
    if wave and found is None:
        return None
    with store.session() as s:
        if found is not None:
            wave_row = s.get(Wave, found.id)
        else:
            wave_row = s.execute(select(Wave).order_by(*wave_order())).scalars().first()

        def of_form(columns: Iterable[Any]) -> Any:
            return (
                select(*columns)
                .join(FormVersion, Interview.form_version_id == FormVersion.id)
                .where(FormVersion.form_id == plan.form.id, Interview.deleted_at.is_(None))
            )

        refs = {
            ref for *_, ref in candidates
            if ref and not (interviewer and ref.startswith("sheet:"))
        }  # fmt: skip
        known_refs = set(
            _chunked(
                s, refs, lambda part: of_form([Interview.source_ref]).where(
                    Interview.source_ref.in_(part)
                )
            )
        )  # fmt: skip
        in_wave = (
            Interview.wave_id == wave_row.id
            if wave_row is not None
            else Interview.wave_id.is_(None)
        )
        had: dict[str, set[str]] = {}  # respondent id -> kinds of their material in the wave
        for rid, ref in _chunked(
            s,
            {rid for _r, _n, rid, _ref in candidates},
            lambda part: of_form([Interview.respondent_id, Interview.source_ref]).where(
                in_wave, Interview.respondent_id.in_(part)
            ),
            rows=True,
        ):
            had.setdefault(rid, set()).add(material_kind(ref))
    rows = tuple(
        (row, name) for row, name, rid, ref in candidates if rid in had and ref not in known_refs
    )
    if not rows:
        return None
    kinds = {k for _r, _n, rid, _ref in candidates for k in had.get(rid, ())}
    word = " or ".join(MATERIAL_NOUNS[k] for k in MATERIAL_NOUNS if k in kinds) or "interview"
    return Repeats(plan.form.title, wave_row.name if wave_row is not None else None, rows, word)


#: people, and rows of each, listed in the warning about rows naming the same person
LISTED_PEOPLE = 5
LISTED_ROWS = 6


@dataclass(frozen=True)
class Duplicates:
    """The people named in more than one row of the sheet: (name as the second of those
    rows writes it, their rows in the sheet's order), in the order of their first rows."""

    people: tuple[tuple[str, tuple[int, ...]], ...]

    def __len__(self) -> int:
        return len(self.people)

    @property
    def rows(self) -> int:
        """The rows beyond each person's first: the interviews a person would get twice."""
        return sum(len(rows) - 1 for _name, rows in self.people)

    def message(self) -> str:
        """ "2 people are named in more than one row of the file: Ann Lee (rows 3 and 7),
        Bob Ray (rows 4, 5 and 9)" """
        count = len(self.people)
        head = (
            "1 person is named in more than one row of the file"
            if count == 1
            else f"{count:,} people are named in more than one row of the file"
        )
        listed = [f"{name} ({_rows_text(rows)})" for name, rows in self.people[:LISTED_PEOPLE]]
        more = count - len(listed)
        return f"{head}: " + ", ".join(listed) + (f", and {more:,} more" if more else "")


def duplicates_left(duplicates: Duplicates | None, repeats: Repeats | None) -> Duplicates | None:
    """The people still named in more than one row once the rows of ``repeats`` (people
    with an interview of the form in the wave already) are left out, or None."""
    if duplicates is None or repeats is None:
        return duplicates
    out = set(row for row, _name in repeats.rows)
    left = []
    for name, rows in duplicates.people:
        kept = tuple(r for r in rows if r not in out)
        if len(kept) > 1:
            left.append((name, kept))
    return Duplicates(tuple(left)) if left else None


def _rows_text(rows: tuple[int, ...]) -> str:
    """ "rows 3 and 7", "rows 3, 7, 9, 12, 15, 18 and 4 more" """
    shown = [str(r) for r in rows[:LISTED_ROWS]]
    rest = len(rows) - len(shown)
    if rest:
        return f"rows {', '.join(shown)} and {rest:,} more"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"


class FilePeople:
    """Who each good row of the sheet is, as the import decides it row by row: a known
    respondent (:func:`~workbench.deliver.importer.same_person` over the engagement's
    respondents), or a person an earlier row of the sheet introduced; ``note`` keeps the
    rows naming a person once a second row names them.  Also counts the segments the rows
    give the people the sheet introduces (see :mod:`workbench.deliver.import_people`).

    A large sheet names many people: each new one is kept as little as the matching needs
    (their first row's number, under their name; with their e-mail address if any)."""

    def __init__(
        self, known: dict[str, list[tuple[str, str]]], imported: set[str] | None = None
    ) -> None:
        from workbench.deliver.importer import same_person

        self._same = same_person  # looked up once, not once a row
        self.known = known  # read only: KnownPeople's respondents by name
        self.imported = imported or set()  # submissions imported already: skipped
        # name -> the first row of the one person of that name (no e-mail address), or
        # the (e-mail, first row) of each person of that name
        self.new: dict[str, int | list[tuple[str, int]]] = {}
        # a person named again (a known respondent's id, or their first row) -> the
        # (row, name as written) naming them, the first included
        self.again: dict[str | int, list[tuple[int, str]]] = {}
        self.refs: set[int] = set()  # the sheet's submissions: a second row of one is skipped
        self.segments: dict[str, int] = {}  # segment given (or "") -> new people given it
        self.known_named: set[str] = set()  # the engagement's respondents the rows name
        self._seen_known: dict[str, tuple[int, str]] = {}  # their first row in the sheet

    def note(self, row: int, respondent: dict[str, Any], source_ref: str | None) -> None:
        if source_ref:
            if source_ref in self.imported:
                return  # imported already: the import skips it
            if not source_ref.startswith("sheet:"):
                mark = hash(source_ref)  # kept small: a platform's export may be large
                if mark in self.refs:
                    return  # the same submission twice: the import skips the second
                self.refs.add(mark)
        name = str(respondent.get("name") or "").strip()
        segment = str(respondent.get("segment") or "")
        if not name:  # numbered "Respondent <n>" when imported: a new person each
            self.segments[segment] = self.segments.get(segment, 0) + 1
            return
        email = str(respondent.get("email") or "")
        key = name.lower()
        known = self.known.get(key)
        person: str | int | None = None
        if known:
            ours = self.new.get(key)
            if isinstance(ours, int):
                ours = [("", ours)]
            person = self._same(known + [(r, e) for e, r in ours or ()], email)  # type: ignore[misc]
        else:
            person = self._new_person(key, email)
        if person is None:  # a new person: their first row stands for them
            self._add(key, email, row)
            self.segments[segment] = self.segments.get(segment, 0) + 1
            return
        if isinstance(person, str):  # a respondent of the engagement
            self.known_named.add(person)
            first = self._seen_known.setdefault(person, (row, name))
            if first[0] == row:
                return
            self.again.setdefault(person, [first]).append((row, name))
            return
        self.again.setdefault(person, [(person, "")]).append((row, name))

    def _new_person(self, key: str, email: str) -> int | None:
        """The first row of the person of this name an earlier row introduced, by the
        rule of ``same_person``; None when the row is someone else."""
        ours = self.new.get(key)
        if ours is None:
            return None
        if isinstance(ours, int):
            return ours  # one person of that name, with no e-mail: any row is them
        found = self._same([(str(r), e) for e, r in ours], email)
        return int(found) if found is not None else None

    def _add(self, key: str, email: str, row: int) -> None:
        ours = self.new.get(key)
        if ours is None and not email:
            self.new[key] = row
            return
        if isinstance(ours, int):
            ours = [("", ours)]
        self.new[key] = [*(ours or ()), (email, row)]

    def groups(self) -> list[tuple[str, tuple[int, ...]]]:
        """(name, rows) of each person named in more than one row, by their first row: the
        name as the second row writes it when the first row's is not kept."""
        out = []
        for rows in self.again.values():
            name = next((n for _r, n in rows if n), "")
            out.append((name, tuple(r for r, _n in rows)))
        return sorted(out, key=lambda group: group[1][0])


def find_duplicates(people: FilePeople) -> Duplicates | None:
    """The people the plan's good rows (noted in ``people``) name more than once, or None."""
    found = people.groups()
    return Duplicates(tuple(found)) if found else None


def imported_refs(store: Any, form_id: str, interviewer: str = "") -> set[str]:
    """The submissions of the form imported already, which the import skips (a plain
    sheet's rows are not, when a consultant is named as their interviewer)."""
    from sqlalchemy import select

    from workbench.store.models import FormVersion, Interview

    with store.session() as s:
        refs = s.execute(
            select(Interview.source_ref)
            .join(FormVersion, Interview.form_version_id == FormVersion.id)
            .where(
                FormVersion.form_id == form_id,
                Interview.deleted_at.is_(None),
                Interview.source_ref.is_not(None),
            )
        ).scalars()
        return {r for r in refs if not (interviewer and r.startswith("sheet:"))}


def _chunked(
    s: Any, values: set[Any], query: Callable[[list[Any]], Any], rows: bool = False
) -> list[Any]:
    """The results of ``query(part)`` for each part of ``values`` (scalars, or rows)."""
    items = sorted(values)
    out: list[Any] = []
    for at in range(0, len(items), _CHUNK):
        result = s.execute(query(items[at : at + _CHUNK]))
        out += [tuple(r) for r in result] if rows else list(result.scalars())
    return out
