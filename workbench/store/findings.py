"""Findings and recommendations: the register behind the report's action plan."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workbench.store.models import Finding, Memo, Recommendation, utcnow

SEVERITIES = ("low", "medium", "high", "critical")
PDCA_STAGES = ("plan", "do", "check", "act")
LEVELS = ("low", "medium", "high")


class FindingOps:
    def add_finding(
        self, statement: str, severity: str = "medium", evidence: list | None = None
    ) -> Finding:
        if severity not in SEVERITIES:
            raise ValueError(f"severity must be one of: {', '.join(SEVERITIES)}")
        if not statement.strip():
            raise ValueError("a finding needs a statement")
        with self.writing() as s:
            last = s.execute(select(func.max(Finding.position))).scalar() or 0
            row = Finding(
                statement=statement.strip(),
                severity=severity,
                evidence=list(evidence or []),
                position=last + 1,
            )
            s.add(row)
            return row

    def update_finding(self, finding_id: str, **fields: Any) -> dict[str, Any]:
        if "severity" in fields and fields["severity"] not in SEVERITIES:
            raise ValueError(f"severity must be one of: {', '.join(SEVERITIES)}")
        with self.writing() as s:
            row = s.get(Finding, finding_id)
            if row is None:
                raise KeyError(finding_id)
            old = {k: getattr(row, k) for k in fields}
            for k, v in fields.items():
                setattr(row, k, list(v) if isinstance(v, list) else v)
            return old

    def findings(self) -> list[Finding]:
        with self.session() as s:
            return list(
                s.execute(
                    select(Finding).where(Finding.deleted_at.is_(None)).order_by(Finding.position)
                ).scalars()
            )

    def trash_finding(self, finding_id: str) -> None:
        self._set_deleted(Finding, finding_id, utcnow())

    def restore_finding(self, finding_id: str) -> None:
        self._set_deleted(Finding, finding_id, None)

    def add_recommendation(
        self, text: str, *, finding_ids: list[str] = (), **fields: Any
    ) -> Recommendation:
        if not text.strip():
            raise ValueError("a recommendation needs a text")
        self._check_rec_fields(fields)
        with self.writing() as s:
            last = s.execute(select(func.max(Recommendation.position))).scalar() or 0
            row = Recommendation(text=text.strip(), position=last + 1, **fields)
            row.findings = [s.get(Finding, fid) for fid in finding_ids]
            s.add(row)
            return row

    def update_recommendation(
        self, rec_id: str, *, finding_ids: list[str] | None = None, **fields: Any
    ) -> dict[str, Any]:
        self._check_rec_fields(fields)
        with self.writing() as s:
            row = s.get(Recommendation, rec_id)
            if row is None:
                raise KeyError(rec_id)
            old = {k: getattr(row, k) for k in fields}
            for k, v in fields.items():
                setattr(row, k, v)
            if finding_ids is not None:
                old["finding_ids"] = [f.id for f in row.findings]
                row.findings = [s.get(Finding, fid) for fid in finding_ids]
            return old

    def recommendations(self) -> list[Recommendation]:
        with self.session() as s:
            q = (
                select(Recommendation)
                .where(Recommendation.deleted_at.is_(None))
                .options(selectinload(Recommendation.findings))
                .order_by(Recommendation.position)
            )
            return list(s.execute(q).scalars())

    def trash_recommendation(self, rec_id: str) -> None:
        self._set_deleted(Recommendation, rec_id, utcnow())

    def restore_recommendation(self, rec_id: str) -> None:
        self._set_deleted(Recommendation, rec_id, None)

    @staticmethod
    def _check_rec_fields(fields: dict[str, Any]) -> None:
        allowed = {"text", "owner", "effort", "impact", "timing", "pdca_stage"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown recommendation fields: {', '.join(sorted(unknown))}")
        for name in ("effort", "impact"):
            if name in fields and fields[name] not in LEVELS:
                raise ValueError(f"{name} must be one of: {', '.join(LEVELS)}")
        if "pdca_stage" in fields and fields["pdca_stage"] not in PDCA_STAGES:
            raise ValueError(f"PDCA stage must be one of: {', '.join(PDCA_STAGES)}")

    # -- memos ----------------------------------------------------------------------------
    def add_memo(
        self,
        target_kind: str,
        target_id: str | None,
        body: str,
        *,
        title: str = "",
        author: str = "",
    ) -> Memo:
        if target_kind not in ("engagement", "code", "segment", "interview"):
            raise ValueError(f"a memo cannot be attached to a {target_kind}")
        with self.writing() as s:
            row = Memo(
                target_kind=target_kind, target_id=target_id, body=body, title=title, author=author
            )
            s.add(row)
            return row

    def update_memo(self, memo_id: str, body: str) -> str:
        with self.writing() as s:
            row = s.get(Memo, memo_id)
            if row is None:
                raise KeyError(memo_id)
            old, row.body = row.body, body
            return old

    def memos(self, target_kind: str | None = None, target_id: str | None = None) -> list[Memo]:
        with self.session() as s:
            q = select(Memo).where(Memo.deleted_at.is_(None)).order_by(Memo.created_at)
            if target_kind:
                q = q.where(Memo.target_kind == target_kind)
            if target_id:
                q = q.where(Memo.target_id == target_id)
            return list(s.execute(q).scalars())

    def trash_memo(self, memo_id: str) -> None:
        self._set_deleted(Memo, memo_id, utcnow())

    def restore_memo(self, memo_id: str) -> None:
        self._set_deleted(Memo, memo_id, None)
