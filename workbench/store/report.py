"""The report selection: which analyses the engagement's report holds, in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from workbench.store.models import ReportEntry, utcnow

SCOPE_KEYS = ("segment", "wave", "attribute", "waves")  # waves: [a, b] compares two waves


class ReportOps:
    def report_entries(self) -> list[ReportEntry]:
        with self.session() as s:
            return list(
                s.execute(
                    select(ReportEntry)
                    .where(ReportEntry.deleted_at.is_(None))
                    .order_by(ReportEntry.position, ReportEntry.created_at)
                ).scalars()
            )

    def add_report_entry(
        self,
        analysis_id: str,
        title: str = "",
        params: dict[str, Any] | None = None,
        scope: dict[str, Any] | None = None,
    ) -> ReportEntry:
        scope = {k: v for k, v in (scope or {}).items() if v not in (None, "", [])}
        unknown = set(scope) - set(SCOPE_KEYS)
        if unknown:
            raise ValueError(f"unknown scope keys: {', '.join(sorted(unknown))}")
        with self.writing() as s:
            last = s.execute(select(func.max(ReportEntry.position))).scalar() or 0
            row = ReportEntry(
                analysis_id=analysis_id,
                title=title,
                params=dict(params or {}),
                scope=scope,
                position=last + 1,
            )
            s.add(row)
            return row

    def remove_report_entry(self, entry_id: str) -> None:
        self._set_deleted(ReportEntry, entry_id, utcnow())

    def restore_report_entry(self, entry_id: str) -> None:
        self._set_deleted(ReportEntry, entry_id, None)

    def reorder_report_entries(self, entry_ids: list[str]) -> list[str]:
        """Put the entries in the given order; returns the previous order (for undo)."""
        with self.writing() as s:
            rows = {
                r.id: r
                for r in s.execute(
                    select(ReportEntry).where(ReportEntry.deleted_at.is_(None))
                ).scalars()
            }
            old = [r.id for r in sorted(rows.values(), key=lambda r: r.position)]
            for i, entry_id in enumerate(entry_ids, start=1):
                if entry_id in rows:
                    rows[entry_id].position = i
            return old
