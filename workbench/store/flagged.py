"""The answers of an engagement kept as given but flagged (they break their question's
rule, or their choice filter does not offer them), interview by interview: what the
window marks beside each answer, for ``workbench check --answers``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["FlaggedAnswer", "flagged_answers"]


@dataclass(frozen=True)
class FlaggedAnswer:
    interview_id: str
    respondent: str
    date: str | None  # YYYY-MM-DD
    form_id: str
    form_version: int
    question: str  # the key
    label: str
    answer: str  # as stored, a list's values joined by "; "
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def flagged_answers(store: Any) -> list[FlaggedAnswer]:
    """Every flagged answer of the interviews not in the trash, by respondent, date and
    interview, then in the form's order.  Interviews of forms with no rule and no choice
    filter are not read."""
    from workbench.forms.flags import has_rules, rule_breaks

    versions = {(v.form_id, v.version): v.id for v in store.form_versions()}
    forms: dict[str, Any] = {}
    out = []
    rows = store.interview_rows(progress=False)
    rows.sort(key=lambda r: (r.respondent.lower(), r.date.isoformat() if r.date else "", r.id))
    for row in rows:
        version_id = versions.get((row.form_id, row.form_version))
        if version_id is None:
            continue
        if version_id not in forms:
            form = store.form_definition(version_id)
            forms[version_id] = form if has_rules(form) else None
        form = forms[version_id]
        if form is None:
            continue
        values = store.answers(row.id)
        for key, reason in rule_breaks(form, values).items():
            out.append(
                FlaggedAnswer(
                    interview_id=row.id,
                    respondent=row.respondent,
                    date=row.date.isoformat() if row.date else None,
                    form_id=row.form_id,
                    form_version=row.form_version,
                    question=key,
                    label=form.question(key).label,
                    answer=_shown(values[key]),
                    reason=reason,
                )
            )
    return out
