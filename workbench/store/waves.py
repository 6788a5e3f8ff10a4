"""An engagement's waves: listed, added, renamed, put in order and deleted.

A wave is a round of interviews (a baseline, a re-audit months later); analyses compare
waves in the order the consultant gives them.  Every change goes through
:func:`set_waves`: it takes the whole list as it should be, checks it (names given,
distinct and short enough; a wave left out is deleted only when no interview or planned
interview uses it) and writes it in one transaction, returning the list as it was (the
window's undo writes that back, a deleted wave with its own id).  :func:`add_wave`,
:func:`rename_wave`, :func:`move_wave` and :func:`delete_wave` make that list for one
change.  A refused change raises :class:`WaveError`, naming the wave, and changes nothing.
The audit trail records each change as it records any edit (the file's triggers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_NAME = 100  # the wave table's name column
# The one order of the waves, wherever they are listed: their place, then (two merged
# copies of a file can give two waves one place) the wave added first, then the id.
ORDER_COLUMNS = ("ordinal", "created_at", "id")


def order_sql(alias: str = "") -> str:
    """The ``ORDER BY`` terms of :data:`ORDER_COLUMNS`, of the table called ``alias``."""
    return ", ".join(f"{alias}.{c}" if alias else c for c in ORDER_COLUMNS)


class WaveError(ValueError):
    """A change to the waves that cannot be made; the message names the wave."""


@dataclass(frozen=True)
class WaveSpec:
    """One wave as it should be: its id (a new one for a wave to add), name and dates."""

    id: str
    name: str
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class WaveUse:
    """A wave as listed: its place (from 1), name, dates and what uses it."""

    position: int
    id: str
    name: str
    start_date: date | None
    end_date: date | None
    interviews: int  # not in the trash
    trashed: int  # interviews in the trash
    planned: int  # planned interviews (the trash included)

    @property
    def used(self) -> bool:
        return bool(self.interviews or self.trashed or self.planned)

    def spec(self) -> WaveSpec:
        return WaveSpec(self.id, self.name, self.start_date, self.end_date)

    def refusal(self) -> str:
        """Why the wave cannot be deleted (when something uses it)."""
        many = self.interviews + self.trashed + self.planned > 1
        return (
            f"the wave {self.name!r} cannot be deleted: {self.uses()} "
            f"{'use' if many else 'uses'} it. Move them to another wave (or purge them "
            "from the trash) first."
        )

    def uses(self) -> str:
        """What uses the wave, in words ("" when nothing does)."""
        from workbench.plural import plural

        parts = []
        if self.interviews or self.trashed:
            n = self.interviews + self.trashed
            text = plural(n, "interview")
            if self.trashed:
                text += f" ({self.trashed} of them in the trash)"
            parts.append(text)
        if self.planned:
            parts.append(plural(self.planned, "planned interview"))
        return " and ".join(parts)


def wave_uses(store: Any) -> list[WaveUse]:
    """The engagement's waves in their order, each with what uses it."""
    with store._raw_reading() as conn:
        waves = conn.execute(
            f"SELECT id, name, start_date, end_date FROM wave ORDER BY {order_sql()}"
        ).fetchall()
        held = dict.fromkeys((w[0] for w in waves), (0, 0))
        for wave_id, live, trashed in conn.execute(
            "SELECT wave_id, SUM(deleted_at IS NULL), SUM(deleted_at IS NOT NULL) "
            "FROM interview WHERE wave_id IS NOT NULL GROUP BY wave_id"
        ):
            held[wave_id] = (int(live), int(trashed))
        planned = dict(
            conn.execute(
                "SELECT wave_id, COUNT(*) FROM planned_interview WHERE wave_id IS NOT NULL "
                "GROUP BY wave_id"
            ).fetchall()
        )
    return [
        WaveUse(
            position=i,
            id=wave_id,
            name=name,
            start_date=_day(start),
            end_date=_day(end),
            interviews=held.get(wave_id, (0, 0))[0],
            trashed=held.get(wave_id, (0, 0))[1],
            planned=int(planned.get(wave_id, 0)),
        )
        for i, (wave_id, name, start, end) in enumerate(waves, start=1)
    ]


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def tidied(name: Any) -> str:
    """A wave's name with its spaces tidied (none at the ends, one between words)."""
    return " ".join(str(name or "").split())


def clean_name(name: Any) -> str:
    """A wave's name with its spaces tidied; refused when empty or too long."""
    text = tidied(name)
    if not text:
        raise WaveError("a wave needs a name; nothing was changed")
    if len(text) > MAX_NAME:
        raise WaveError(
            f"the wave name {text[:40]!r}… is {len(text)} characters long; "
            f"{MAX_NAME} at most. Nothing was changed"
        )
    return text


def names_problem(wanted: Sequence[WaveSpec]) -> str:
    """What is wrong with the names and ids of ``wanted`` ("" when nothing is): a wave
    without a name or with too long a name, two waves of one name (letter case aside), no
    wave at all."""
    if not wanted:
        return "an engagement keeps at least one wave; nothing was changed"
    seen: set[str] = set()
    ids: set[str] = set()
    for spec in wanted:
        try:
            name = clean_name(spec.name)
        except WaveError as exc:
            return str(exc)
        if name.casefold() in seen:
            return (
                f"two waves would be called {name!r}; give each wave its own name. "
                "Nothing was changed"
            )
        seen.add(name.casefold())
        if spec.id in ids:
            return f"the wave {name!r} is listed twice; nothing was changed"
        ids.add(spec.id)
    return ""


def check_waves(store: Any, wanted: Sequence[WaveSpec]) -> list[WaveUse]:
    """Refuse ``wanted`` (with a :class:`WaveError`) unless it can be written: see
    :func:`names_problem`, and every wave left out must be unused.  Returns the waves as
    they are."""
    problem = names_problem(wanted)
    if problem:
        raise WaveError(problem)
    current = wave_uses(store)
    ids = {spec.id for spec in wanted}
    for wave in current:
        if wave.id not in ids and wave.used:
            raise WaveError(f"{wave.refusal()} Nothing was changed")
    return current


def set_waves(store: Any, wanted: Sequence[WaveSpec]) -> list[WaveSpec]:
    """Make the engagement's waves ``wanted``, in that order, in one transaction: waves
    of an id not stored are added (with that id), the others renamed and re-dated where
    they differ, and stored waves left out deleted (only unused ones: see
    :func:`check_waves`).  Returns the waves as they were, for undo."""
    from sqlalchemy import select

    from workbench.store.models import Engagement, Wave

    wanted = [WaveSpec(s.id, tidied(s.name), s.start_date, s.end_date) for s in wanted]
    current = check_waves(store, wanted)
    before = [w.spec() for w in current]
    with store.writing() as s:
        engagement = s.execute(select(Engagement)).scalar_one()
        rows = {w.id: w for w in s.execute(select(Wave)).scalars()}
        keep = {spec.id for spec in wanted}
        for wave_id, row in rows.items():
            if wave_id not in keep:
                s.delete(row)
        s.flush()
        # A name passed from one wave to another (a swap) would meet the other wave's
        # name on the way: such waves take a passing name first.
        taken = {row.name.casefold(): wave_id for wave_id, row in rows.items() if wave_id in keep}
        for spec in wanted:
            holder = taken.get(spec.name.casefold())
            if holder is not None and holder != spec.id:
                rows[holder].name = f"\x00{holder}"
        s.flush()
        for ordinal, spec in enumerate(wanted):
            row = rows.get(spec.id)
            if row is None:
                s.add(
                    Wave(
                        id=spec.id,
                        engagement_id=engagement.id,
                        name=spec.name,
                        ordinal=ordinal,
                        start_date=spec.start_date,
                        end_date=spec.end_date,
                    )
                )
                continue
            for field, value in (
                ("name", spec.name),
                ("ordinal", ordinal),
                ("start_date", spec.start_date),
                ("end_date", spec.end_date),
            ):
                if getattr(row, field) != value:
                    setattr(row, field, value)
        renamed = {
            old.name: spec.name
            for old in before
            for spec in wanted
            if spec.id == old.id and spec.name != old.name
        }
        if renamed:
            _rename_in_report_scopes(s, renamed)
    return before


def _rename_in_report_scopes(session: Any, renamed: dict[str, str]) -> None:
    """The report's analyses name their wave (or the two they compare) in their scope: a
    renamed wave is renamed there too, the trash included (so a restored entry still
    finds its wave)."""
    from sqlalchemy import select

    from workbench.store.models import ReportEntry

    for entry in session.execute(select(ReportEntry)).scalars():
        scope = dict(entry.scope or {})
        changed = False
        if scope.get("wave") in renamed:
            scope["wave"] = renamed[scope["wave"]]
            changed = True
        if isinstance(scope.get("waves"), list) and any(w in renamed for w in scope["waves"]):
            scope["waves"] = [renamed.get(w, w) for w in scope["waves"]]
            changed = True
        if changed:
            entry.scope = scope


def find_wave(current: Sequence[WaveUse], name: Any) -> WaveUse | None:
    """The wave of ``current`` called ``name``, its spaces tidied and letter case aside (as
    :func:`names_problem` tells two names apart); None when there is none."""
    key = tidied(name).casefold()
    return next((wave for wave in current if wave.name.casefold() == key), None)


def _find(current: Sequence[WaveUse], name: str) -> WaveUse:
    wave = find_wave(current, name)
    if wave is not None:
        return wave
    names = ", ".join(w.name for w in current) or "none"
    raise WaveError(f"there is no wave called {name!r} (the waves: {names}); nothing was changed")


def add_wave(store: Any, name: str, position: int | None = None) -> WaveSpec:
    """Add a wave called ``name`` at ``position`` (from 1; the end by default)."""
    from workbench.store.models import new_id

    current = wave_uses(store)
    spec = WaveSpec(new_id(), clean_name(name))
    specs = [w.spec() for w in current]
    specs.insert(_index(position, len(specs) + 1), spec)
    set_waves(store, specs)
    return spec


def rename_wave(store: Any, name: str, new_name: str) -> WaveSpec:
    current = wave_uses(store)
    wave = _find(current, name)
    new = clean_name(new_name)
    specs = [
        WaveSpec(w.id, new, w.start_date, w.end_date) if w.id == wave.id else w.spec()
        for w in current
    ]
    set_waves(store, specs)
    return specs[wave.position - 1]


def move_wave(store: Any, name: str, position: int) -> list[WaveSpec]:
    """Put the wave ``name`` at ``position`` (from 1); the waves in their new order."""
    current = wave_uses(store)
    wave = _find(current, name)
    specs = [w.spec() for w in current if w.id != wave.id]
    specs.insert(_index(position, len(current)), wave.spec())
    set_waves(store, specs)
    return specs


def delete_wave(store: Any, name: str) -> WaveSpec:
    """Delete the wave ``name``; refused while an interview or a planned interview uses it."""
    current = wave_uses(store)
    wave = _find(current, name)
    set_waves(store, [w.spec() for w in current if w.id != wave.id])
    return wave.spec()


def _index(position: int | None, count: int) -> int:
    if position is None:
        return count - 1
    if isinstance(position, bool) or not 1 <= int(position) <= count:
        raise WaveError(
            f"position {position} is not a place in the list of waves: give 1 to {count}. "
            "Nothing was changed"
        )
    return int(position) - 1
