"""Respondents: the stakeholder register, with the trash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from workbench.store.models import SEGMENTS, Respondent, utcnow

RESPONDENT_FIELDS = (
    "name",
    "role",
    "org_unit",
    "segment",
    "email",
    "attributes",
    "consent_given",
    "consent_at",
)

#: Fields written as plain text (no JSON, no flag, no time).
TEXT_FIELDS = frozenset({"name", "role", "org_unit", "segment", "email"})


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RESPONDENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown respondent fields: {', '.join(sorted(unknown))}")
    if "name" in fields and not str(fields["name"]).strip():
        raise ValueError("a respondent needs a name")
    if "segment" in fields and fields["segment"] not in SEGMENTS:
        raise ValueError(f"segment {fields['segment']!r} is not one of: {', '.join(SEGMENTS)}")


class RespondentOps:
    def add_respondent(self, name: str, **fields: Any) -> Respondent:
        fields["name"] = name.strip()
        _check_fields(fields)
        if fields.get("consent_given") and not fields.get("consent_at"):
            fields["consent_at"] = utcnow()
        with self.writing() as s:
            row = Respondent(**fields)
            s.add(row)
            return row

    def update_respondent(self, respondent_id: str, **fields: Any) -> dict[str, Any]:
        """Change fields; returns the old values (for undo)."""
        _check_fields(fields)
        if fields.get("consent_given") is True and "consent_at" not in fields:
            fields["consent_at"] = utcnow()
        if fields and set(fields) <= TEXT_FIELDS:
            return self._update_text_fields(respondent_id, fields)
        with self.writing() as s:
            row = s.get(Respondent, respondent_id)
            if row is None:
                raise KeyError(respondent_id)
            old = {name: getattr(row, name) for name in fields}
            for name, value in fields.items():
                setattr(row, name, dict(value) if isinstance(value, dict) else value)
            return old

    def _update_text_fields(self, respondent_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The register's everyday edit (a name, role, unit, segment or email) in plain SQL
        on the write transaction's connection: the ORM's unit of work would cost several
        times the commit.  Stored as the model stores it (``modified_at`` stamped too)."""
        from workbench.store.interviews import _stamp

        names = sorted(fields)
        with self.raw_writing() as conn:
            found = conn.execute(
                f"SELECT {', '.join(names)} FROM respondent WHERE id = ?", (respondent_id,)
            ).fetchone()
            if found is None:
                raise KeyError(respondent_id)
            sets = ", ".join(f"{n} = ?" for n in names)
            conn.execute(
                f"UPDATE respondent SET {sets}, modified_at = ? WHERE id = ?",
                (*(str(fields[n]) for n in names), _stamp(utcnow()), respondent_id),
            )
            return dict(zip(names, found, strict=True))

    def respondent(self, respondent_id: str) -> Respondent:
        with self.session() as s:
            row = s.get(Respondent, respondent_id)
            if row is None:
                raise KeyError(respondent_id)
            return row

    def respondents(self, *, include_deleted: bool = False) -> list[Respondent]:
        with self.session() as s:
            q = select(Respondent).order_by(Respondent.name)
            if not include_deleted:
                q = q.where(Respondent.deleted_at.is_(None))
            return list(s.execute(q).scalars())

    def interview_counts(self) -> dict[str, int]:
        """respondent id → number of interviews not in the trash."""
        from sqlalchemy import func

        from workbench.store.models import Interview

        with self.session() as s:
            rows = s.execute(
                select(Interview.respondent_id, func.count())
                .where(Interview.deleted_at.is_(None))
                .group_by(Interview.respondent_id)
            ).all()
        return {rid: n for rid, n in rows}

    def attribute_names(self) -> list[str]:
        names: set[str] = set()
        for row in self.respondents():
            names.update(row.attributes or {})
        return sorted(names)

    def trash_respondent(self, respondent_id: str) -> None:
        self._set_deleted(Respondent, respondent_id, utcnow())

    def restore_respondent(self, respondent_id: str) -> None:
        self._set_deleted(Respondent, respondent_id, None)

    def purge_respondent(self, respondent_id: str) -> None:
        """Destroy a respondent that is already in the trash (the second, explicit step)."""
        self._purge(Respondent, respondent_id)

    # -- shared by every trashable row -----------------------------------------------------
    def _set_deleted(self, model: type, row_id: str, when: datetime | None) -> None:
        with self.writing() as s:
            row = s.get(model, row_id)
            if row is None:
                raise KeyError(row_id)
            row.deleted_at = when

    def _purge(self, model: type, row_id: str) -> None:
        with self.writing() as s:
            row = s.get(model, row_id)
            if row is None:
                raise KeyError(row_id)
            if row.deleted_at is None:
                raise ValueError(
                    "only items in the trash can be destroyed; move it to the trash first"
                )
            s.delete(row)
