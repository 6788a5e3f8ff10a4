"""Answers arrive already classified: a question's tags act as codes on its text.

A text answer (or a checklist's evidence) to a question tagged ``dimension``, ``sin`` or
``practice`` is coded with the matching code of the codebook — "Runaround" for
``sin: runaround``, "Change management" for ``practice: change-management`` — so the
structured answers and the free text meet in one codebook.  The store keeps these
segments in step with the text: they cover the whole text, follow its edits and go when
it is cleared.  Their coder is :data:`FORM_CODER`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from workbench.store.models import Answer, CodedSegment

FORM_CODER = "form tags"
# tag name → the top-level code its values live under (the built-in codebooks' names)
TAG_ROOTS = {
    "dimension": "Service quality dimensions",
    "sin": "Seven sins of service",
    "practice": "ITSM practices",
}


def carries_tag_codes(question: Any) -> bool:
    return any(tag in TAG_ROOTS for tag in (question.tags or {}))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pretty(value: str) -> str:
    words = re.split(r"[-_ ]+", value.strip())
    return " ".join(words).capitalize()


class TagCodingOps:
    def tag_codes(self, questions: list[Any]) -> dict[str, list[str]]:
        """question key → the code ids its tags stand for (codes created where missing)."""
        wanted = {
            q.key: [(tag, str(v)) for tag, v in (q.tags or {}).items() if tag in TAG_ROOTS]
            for q in questions
        }
        wanted = {k: v for k, v in wanted.items() if v}
        if not wanted:
            return {}
        paths = self.code_paths()
        out: dict[str, list[str]] = {}
        for key, tags in wanted.items():
            for tag, value in tags:
                root = TAG_ROOTS[tag]
                matches = [
                    cid
                    for cid, path in paths.items()
                    if slug(path.rsplit("/", 1)[-1]) == slug(value)
                    and (path.startswith(root + "/") or path.count("/") == 0)
                ]
                if matches:
                    code_id = sorted(matches, key=lambda c: paths[c].count("/"))[0]
                else:
                    code_id = self.ensure_code_path(f"{root}/{_pretty(value)}", origin="deductive")
                    paths = self.code_paths()
                out.setdefault(key, []).append(code_id)
        return out


def sync_tag_segments(
    s: Any, interview_id: str, key: str, code_ids: list[str], earlier_cells: set[str]
) -> None:
    """Within the caller's transaction: make the form-tag segments of one question's text
    cells cover their whole text, or vanish with it.  ``earlier_cells`` are the ids of the
    question's cells before this edit (a cleared cell takes its segments along)."""
    s.flush()
    cells = list(
        s.execute(
            select(Answer).where(Answer.interview_id == interview_id, Answer.question_key == key)
        ).scalars()
    )
    live = {c.id: c for c in cells if c.text}
    ours = earlier_cells | {c.id for c in cells}
    have: dict[tuple[str, str], CodedSegment] = {}
    for seg in s.execute(
        select(CodedSegment).where(
            CodedSegment.source_kind == "answer",
            CodedSegment.coder == FORM_CODER,
            CodedSegment.source_id.in_(ours),
        )
    ).scalars():
        if seg.source_id in live and seg.code_id in code_ids:
            have[(seg.source_id, seg.code_id)] = seg
        else:
            s.delete(seg)
    for cell_id, cell in live.items():
        for code_id in code_ids:
            seg = have.get((cell_id, code_id))
            if seg is None:
                s.add(
                    CodedSegment(
                        code_id=code_id,
                        interview_id=interview_id,
                        source_kind="answer",
                        source_id=cell_id,
                        start=0,
                        end=len(cell.text),
                        text=cell.text,
                        coder=FORM_CODER,
                        status="accepted",
                    )
                )
            elif (seg.start, seg.end, seg.text) != (0, len(cell.text), cell.text):
                seg.start, seg.end, seg.text = 0, len(cell.text), cell.text
