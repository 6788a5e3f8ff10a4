"""What a new interview of an engagement most likely is: its form, interviewer and wave.

Read from the engagement file alone (interviews in the trash left out), so each
engagement proposes its own, whichever engagement was open before:

- the form this engagement uses most (the one used last among equals); before any
  interview, the form imported into it last (a firm's own form, brought in for it);
- the interviewer named last in this engagement ("" when none is: the window then
  proposes the consultant's own name);
- the latest wave, in the consultant's order, that holds an interview, or a later wave
  added since the last interview was made (a re-audit just set up); the first wave
  while there is no interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.store.waves import order_sql


@dataclass(frozen=True)
class InterviewDefaults:
    form_id: str | None
    interviewer: str
    wave_id: str | None


def interview_defaults(store: Any) -> InterviewDefaults:
    with store._raw_reading() as conn:
        form = conn.execute(
            "SELECT f.form_id FROM interview i JOIN form_version f ON f.id = i.form_version_id "
            "WHERE i.deleted_at IS NULL GROUP BY f.form_id "
            "ORDER BY COUNT(*) DESC, MAX(i.created_at) DESC LIMIT 1"
        ).fetchone()
        if form is None:
            form = conn.execute(
                "SELECT form_id FROM form_version WHERE source = 'imported' "
                "ORDER BY created_at DESC LIMIT 1"
            ).fetchone()
        named = conn.execute(
            "SELECT interviewer FROM interview WHERE deleted_at IS NULL "
            "AND TRIM(interviewer) != '' ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
        waves = conn.execute(
            "SELECT w.id, w.created_at, "
            "EXISTS (SELECT 1 FROM interview i WHERE i.wave_id = w.id AND i.deleted_at IS NULL) "
            f"FROM wave w ORDER BY {order_sql('w')}"
        ).fetchall()
        last_made = conn.execute(
            "SELECT MAX(created_at) FROM interview WHERE deleted_at IS NULL"
        ).fetchone()[0]
    return InterviewDefaults(
        form_id=form[0] if form else None,
        interviewer=str(named[0]).strip() if named else "",
        wave_id=_wave(waves, last_made),
    )


def _wave(waves: list[Any], last_made: Any) -> str | None:
    if not waves:
        return None
    in_use = [i for i, (_id, _made, used) in enumerate(waves) if used]
    if not in_use:
        return waves[0][0]
    latest = in_use[-1]
    added_since = [
        wave_id
        for wave_id, made, _used in waves[latest + 1 :]
        if made is not None and last_made is not None and str(made) > str(last_made)
    ]
    return added_since[-1] if added_since else waves[latest][0]
