"""Rows of a sheet that name people who already have an interview (or response) of the
same form in the wave the sheet goes to.

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
    from workbench.store.models import FormVersion, Interview, Wave

    with store.session() as s:
        if wave:
            wave_row = s.execute(select(Wave).where(Wave.name == wave)).scalar_one_or_none()
            if wave_row is None:
                return None
        else:
            wave_row = s.execute(select(Wave).order_by(Wave.ordinal)).scalars().first()

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
