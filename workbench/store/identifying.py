"""Answers that tell who a respondent is, and where other texts name a person.

A form marks such questions ``identifying: true`` (the stakeholder form's role and contact);
a file made before the marker is read with its built-in namesake's marks.  Erasure,
pseudonymisation and the erasure of all personal data clear these answers (with their
correction history and coded passages), as they clear the respondent's role and unit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text


def identifying_answers(s: Any, respondent_ids: list[str] | None = None) -> list[tuple]:
    """(answer id, interview id, question key, text) of every answer to an identifying
    question (of the given respondents' interviews, else of all)."""
    from workbench.forms.library import identifying_keys
    from workbench.forms.schema import FormDefinition

    keys: dict[str, set[str]] = {}
    for fv_id, definition in s.execute(text("SELECT id, definition FROM form_version")):
        if isinstance(definition, str):
            import json

            definition = json.loads(definition)
        try:
            keys[fv_id] = identifying_keys(FormDefinition.model_validate(definition))
        except ValueError:  # a definition this version cannot read: nothing marked
            keys[fv_id] = set()
    sql = (
        "SELECT a.id, a.interview_id, a.question_key, coalesce(a.text, ''), "
        "i.form_version_id FROM answer a JOIN interview i ON i.id = a.interview_id"
    )
    params: dict[str, Any] = {}
    if respondent_ids is not None:
        marks = ", ".join(f":r{n}" for n in range(len(respondent_ids)))
        sql += f" WHERE i.respondent_id IN ({marks or 'NULL'})"
        params = {f"r{n}": rid for n, rid in enumerate(respondent_ids)}
    return [
        (aid, iid, key, txt)
        for aid, iid, key, txt, fv in s.execute(text(sql), params)
        if key in keys.get(fv, set())
    ]


def clear_identifying_answers(s: Any, rows: list[tuple]) -> int:
    """Within a write transaction: delete those answers, their correction history and the
    passages coded in them (the search index follows through its triggers)."""
    for aid, iid, key, _ in rows:
        s.execute(text("DELETE FROM coded_segment WHERE source_id = :a"), {"a": aid})
        s.execute(
            text("DELETE FROM answer_change WHERE interview_id = :i AND question_key = :k"),
            {"i": iid, "k": key},
        )
        s.execute(text("DELETE FROM answer WHERE id = :a"), {"a": aid})
    return len(rows)


def phrase_scrubber(phrases: dict[str, str]) -> Any:
    """A function replacing each phrase (a job title, a unit) as whole words, its first
    letter in either case, by its replacement."""
    import re

    wanted = {" ".join(p.split()): new for p, new in phrases.items() if p and len(p.strip()) > 2}
    if not wanted:
        return lambda value: value
    alternatives = sorted(wanted, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            f"[{re.escape(p[0].upper())}{re.escape(p[0].lower())}]"
            + r"\s+".join(re.escape(w) for w in p[1:].split(" "))
            for p in alternatives
        )
        + r")(?!\w)"
    )
    folded = {p[0].lower() + p[1:]: new for p, new in wanted.items()}

    def scrub(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value

        def sub(m: re.Match[str]) -> str:
            found = " ".join(m.group(0).split())
            return folded.get(found[0].lower() + found[1:], "[withheld]")

        return pattern.sub(sub, value)

    return scrub
