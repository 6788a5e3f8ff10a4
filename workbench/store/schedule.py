"""The interview schedule: who is to be interviewed, with which form, in which wave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from workbench.store.models import Interview, PlannedInterview, Respondent, Wave, utcnow


@dataclass(frozen=True)
class PlanRow:
    id: str
    respondent_id: str
    respondent: str
    segment: str
    form_id: str
    wave: str
    planned_date: date | None
    interviewer: str
    interview_id: str | None
    done: bool  # the linked interview exists and is complete


class ScheduleOps:
    def plan_interview(
        self,
        respondent_id: str,
        form_id: str,
        *,
        wave_id: str | None = None,
        planned_date: date | None = None,
        interviewer: str = "",
    ) -> PlannedInterview:
        with self.writing() as s:
            if s.get(Respondent, respondent_id) is None:
                raise KeyError(respondent_id)
            row = PlannedInterview(
                respondent_id=respondent_id,
                form_id=form_id,
                wave_id=wave_id,
                planned_date=planned_date,
                interviewer=interviewer,
            )
            s.add(row)
            return row

    def link_planned(self, plan_id: str, interview_id: str | None) -> str | None:
        """Tie a planned interview to the interview that carried it out; returns the old link."""
        with self.writing() as s:
            row = s.get(PlannedInterview, plan_id)
            if row is None:
                raise KeyError(plan_id)
            old, row.interview_id = row.interview_id, interview_id
            return old

    def trash_planned(self, plan_id: str) -> None:
        self._set_deleted(PlannedInterview, plan_id, utcnow())

    def schedule(self) -> list[PlanRow]:
        with self.session() as s:
            plans = s.execute(
                select(PlannedInterview, Respondent, Wave)
                .join(Respondent, Respondent.id == PlannedInterview.respondent_id)
                .outerjoin(Wave, Wave.id == PlannedInterview.wave_id)
                .where(PlannedInterview.deleted_at.is_(None), Respondent.deleted_at.is_(None))
                .order_by(PlannedInterview.planned_date, Respondent.name)
            ).all()
            status = dict(
                s.execute(
                    select(Interview.id, Interview.status).where(Interview.deleted_at.is_(None))
                ).all()
            )
        return [
            PlanRow(
                id=plan.id,
                respondent_id=person.id,
                respondent=person.name,
                segment=person.segment,
                form_id=plan.form_id,
                wave=wave.name if wave else "",
                planned_date=plan.planned_date,
                interviewer=plan.interviewer,
                interview_id=plan.interview_id,
                done=status.get(plan.interview_id) == "complete",
            )
            for plan, person, wave in plans
        ]

    def progress_by_segment_and_wave(self) -> list[dict[str, Any]]:
        """People interviewed of people to interview, per (segment, wave) and per segment
        in any wave: the overview's table (``glance.progress_by_segment_and_wave``)."""
        from workbench.store import glance

        with self._raw_reading() as conn:
            return glance.progress_by_segment_and_wave(conn)
