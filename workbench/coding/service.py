"""Coding work on an open engagement, without Qt: the window and the tests call these.

* :func:`interview_sources` — the codable texts of an interview (notes, then text answers);
* :func:`store_codebook`, :func:`import_codebook`, :func:`export_codebook` — codebook
  exchange between the store and :class:`~workbench.coding.codebook.Codebook` files;
* :func:`preview_rules`, :func:`apply_proposals` — automatic classification: every match
  listed first, then the chosen ones stored as pending automatic segments in one transaction;
* :func:`retrieve` — segments of one or several codes (AND = overlapping text, OR = any),
  with context and respondent filters;
* :func:`merge_codes`, :func:`unmerge_codes` — an undoable merge;
* :func:`train_suggester`, :func:`memos_export` — suggestions and memo export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from workbench.coding.codebook import Codebook, CodebookError, CodeEntry, load_codebook
from workbench.coding.retrieval import _clip_right
from workbench.coding.rules import RuleSet, Suggester, preview
from workbench.paths import atomic_path
from workbench.store.models import (
    Answer,
    Code,
    CodedSegment,
    Interview,
    Memo,
    Note,
    Respondent,
    Wave,
    utcnow,
)

CONTEXT_CHARS = 60


# -- sources ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    kind: str  # note | answer
    id: str
    interview_id: str
    label: str
    text: str
    speaker: str = ""  # a transcript turn's: "respondent:Alice Kent" (Note.speaker)

    @property
    def editable(self) -> bool:
        return self.kind == "note"


def interview_sources(store: Any, interview_id: str) -> list[Source]:
    """The codable texts of one interview: its notes, then its text answers in form order."""
    iv = store.interview(interview_id)
    out = [
        Source(
            "note",
            n.id,
            interview_id,
            f"Note {n.stamp}".strip() if n.stamp else "Notes",
            n.body,
            n.speaker or "",
        )  # fmt: skip
        for n in store.notes(interview_id)
    ]
    form = store.form_definition(iv.form_version_id)
    order = {q.key: (i, q.label) for i, q in enumerate(form.iter_questions())}
    with store.session() as s:
        answers = list(
            s.execute(
                select(Answer).where(Answer.interview_id == interview_id, Answer.text.is_not(None))
            ).scalars()
        )
    answers = [a for a in answers if a.text and a.text.strip()]
    answers.sort(key=lambda a: (order.get(a.question_key, (1 << 30, ""))[0], a.item))
    for a in answers:
        label = order.get(a.question_key, (0, a.question_key))[1]
        if a.item:
            label = f"{label} — {a.item}"
        out.append(Source("answer", a.id, interview_id, label, a.text or ""))
    return out


def all_texts(store: Any, interview_ids: Iterable[str] | None = None) -> list[Source]:
    """Every codable text of interviews not in the trash (optionally only some interviews)."""
    wanted = set(interview_ids) if interview_ids is not None else None
    with store.session() as s:
        live = (
            select(Interview.id)
            .join(Respondent)
            .where(Interview.deleted_at.is_(None), Respondent.deleted_at.is_(None))
        )
        ids = {row[0] for row in s.execute(live)}
        if wanted is not None:
            ids &= wanted
        notes = s.execute(select(Note.id, Note.interview_id, Note.body)).all()
        answers = s.execute(
            select(Answer.id, Answer.interview_id, Answer.text).where(Answer.text.is_not(None))
        ).all()
    out = [Source("note", i, iv, "Notes", body) for i, iv, body in notes if iv in ids and body]
    out += [Source("answer", i, iv, "Answer", t) for i, iv, t in answers if iv in ids and t]
    return out


# -- codebook exchange -----------------------------------------------------------------
def tree_order(codes: Iterable[Any]) -> list[Any]:
    """``codes`` as the codebook reads: each parent followed by its sub-codes, siblings in
    their stored order (position, then name), whatever order the list came in.

    A code whose parent is not among ``codes`` stands at the top level.
    """
    codes = list(codes)
    live = {c.id for c in codes}
    under: dict[str | None, list[Any]] = {}
    for c in sorted(codes, key=lambda c: (c.position or 0, c.name.casefold())):
        under.setdefault(c.parent_id if c.parent_id in live else None, []).append(c)
    out: list[Any] = []
    seen: set[str] = set()

    def visit(parent_id: str | None) -> None:
        for c in under.get(parent_id, []):
            if c.id not in seen:  # (a loop of parents is never walked twice)
                seen.add(c.id)
                out.append(c)
                visit(c.id)

    visit(None)
    return out


def store_codebook(store: Any, name: str = "") -> Codebook:
    """The engagement's codebook as a :class:`Codebook` (for YAML, sheet and .qdc export)."""
    codes = store.codes()
    paths: dict[str, str] = {}
    book = Codebook(name or store.engagement().title or "Codebook")

    def visit(parent_id: str | None) -> None:
        for c in [c for c in codes if c.parent_id == parent_id]:
            parent = paths.get(parent_id, "") if parent_id else ""
            entry = book.add(
                CodeEntry(
                    name=c.name.replace("/", "-"),
                    parent=parent,
                    colour=c.colour or "",
                    description=c.description or "",
                    definition=c.definition or "",
                    when_to_use=c.when_to_use or "",
                    when_not_to_use=c.when_not_to_use or "",
                    example=c.example or "",
                    origin=c.origin if c.origin in ("deductive", "inductive") else "inductive",
                    guid=c.id,
                    codable=c.codable,
                )
            )
            paths[c.id] = entry.path
            visit(c.id)

    visit(None)
    for code_set in store.engagement().code_sets or []:
        book.sets.append(
            {**code_set, "codes": [paths[c] for c in code_set.get("codes", []) if c in paths]}
        )
    return book


def export_codebook(store: Any, path: str | Path) -> Path:
    """Write the engagement's codebook; the format follows the extension."""
    from workbench.coding.codebook import codebook_to_yaml, write_codebook_sheet
    from workbench.coding.qdc import export_qdc

    path = Path(path)
    book = store_codebook(store)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        codebook_to_yaml(book, path)
    elif suffix == ".qdc":
        export_qdc(book, path)
    elif suffix in (".xlsx", ".csv"):
        write_codebook_sheet(book, path)
    else:
        raise CodebookError(f"{path.name}: choose .yaml, .xlsx, .csv or .qdc")
    return path


def read_codebook(path: str | Path) -> Codebook:
    """Load and check a codebook file; raises :class:`CodebookError` naming what is wrong."""
    book = load_codebook(path)
    problems = book.problems()
    if problems:
        raise CodebookError(f"{Path(path).name}: " + "; ".join(problems[:5]))
    if not len(book):
        raise CodebookError(f"{Path(path).name}: the codebook has no codes")
    return book


def import_codebook(store: Any, book: Codebook, under: str | None = None) -> list[str]:
    """Add a codebook's codes; returns the ids of the codes created (for undo)."""
    before = {c.id for c in store.codes(include_deleted=True)}
    store.load_codebook(book, under=under)
    return [c.id for c in store.codes() if c.id not in before]


# -- merging ---------------------------------------------------------------------------
def merge_codes(store: Any, source_id: str, target_id: str) -> dict[str, Any]:
    """Merge ``source`` into ``target`` (segments and sub-codes follow); returns the undo state."""
    with store.session() as s:
        segs = [
            r[0]
            for r in s.execute(select(CodedSegment.id).where(CodedSegment.code_id == source_id))
        ]
        kids = [r[0] for r in s.execute(select(Code.id).where(Code.parent_id == source_id))]
    store.merge_codes(source_id, target_id)
    return {"source": source_id, "segments": segs, "children": kids}


def unmerge_codes(store: Any, state: dict[str, Any]) -> None:
    with store.writing() as s:
        source = state["source"]
        if state["segments"]:
            s.execute(
                update(CodedSegment)
                .where(CodedSegment.id.in_(state["segments"]))
                .values(code_id=source, modified_at=utcnow())
            )
        if state["children"]:
            s.execute(update(Code).where(Code.id.in_(state["children"])).values(parent_id=source))
        s.get(Code, source).deleted_at = None


# -- automatic classification ----------------------------------------------------------
@dataclass(frozen=True)
class Proposal:
    interview_id: str
    respondent: str
    source_kind: str
    source_id: str
    code_id: str
    code_path: str
    start: int
    end: int
    text: str
    snippet: str
    rule: str


def resolve_codes(store: Any, codes: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Map rule code paths to code ids: an exact path, else the one code whose path ends with it.

    Returns (path → id, paths that match no code or several).
    """
    paths = store.code_paths()
    by_path = {p: cid for cid, p in paths.items()}
    found: dict[str, str] = {}
    missing: list[str] = []
    for code in codes:
        if code in by_path:
            found[code] = by_path[code]
            continue
        tails = [cid for cid, p in paths.items() if p.endswith("/" + code)]
        if len(tails) == 1:
            found[code] = tails[0]
        else:
            missing.append(code)
    return found, missing


def preview_rules(
    store: Any,
    ruleset: RuleSet,
    interview_ids: Iterable[str] | None = None,
    state: Any = None,
    speaker: str | None = None,
) -> tuple[list[Proposal], list[str]]:
    """Every match of the rules in the engagement's texts; nothing is stored.

    Matches already coded with the same code on overlapping text are left out, and so are
    categories (codes that only group codes).  ``speaker="respondent"`` keeps to the
    respondents' words (their transcript turns and text answers).  Returns (proposals,
    rule codes that match no code of the codebook).
    """
    ruleset.validate()
    code_ids, missing = resolve_codes(store, ruleset.codes())
    categories = {c.id for c in store.codes() if not c.codable}
    missing = [*missing, *(f"{n} (a category)" for n, c in code_ids.items() if c in categories)]
    code_ids = {name: cid for name, cid in code_ids.items() if cid not in categories}
    paths = store.code_paths()
    sources = all_texts(store, interview_ids)
    if speaker:
        with store.session() as s:
            spoken = dict(s.execute(select(Note.id, Note.speaker)).all())
        sources = [
            src
            for src in sources
            if (src.kind == "answer" and speaker == "respondent")
            or (spoken.get(src.id) or "").split(":", 1)[0] == speaker
        ]
    by_id = {src.id: src for src in sources}
    existing: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for seg in store.segments():
        if seg.status != "rejected":
            existing.setdefault((seg.source_id, seg.code_id), []).append((seg.start, seg.end))
    names = _respondent_names(store)
    out: list[Proposal] = []
    total = max(len(sources), 1)
    for i, src in enumerate(sources):
        if state is not None and i % 50 == 0:
            state.progress(i / total, "Matching rules…")
        for m in preview(ruleset, [(src.id, src.text)]):
            cid = code_ids.get(m.code)
            if cid is None:
                continue
            spans = existing.get((src.id, cid), [])
            if any(s < m.end and m.start < e for s, e in spans):
                continue
            out.append(
                Proposal(
                    interview_id=by_id[src.id].interview_id,
                    respondent=names.get(src.interview_id, ""),
                    source_kind=src.kind,
                    source_id=src.id,
                    code_id=cid,
                    code_path=paths[cid],
                    start=m.start,
                    end=m.end,
                    text=src.text[m.start : m.end],
                    snippet=m.snippet,
                    rule=m.rule.describe(),
                )
            )
    return out, missing


def apply_proposals(store: Any, proposals: Iterable[Proposal], coder: str = "rules") -> list[str]:
    """Store the chosen proposals as pending automatic segments, all in one transaction."""
    rows = [
        CodedSegment(
            code_id=p.code_id,
            interview_id=p.interview_id,
            source_kind=p.source_kind,
            source_id=p.source_id,
            start=p.start,
            end=p.end,
            text=p.text,
            coder=coder,
            automatic=True,
            status="pending",
        )
        for p in proposals
    ]
    with store.writing() as s:
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def set_segments_deleted(store: Any, segment_ids: list[str], deleted: bool) -> None:
    with store.writing() as s:
        s.execute(
            update(CodedSegment)
            .where(CodedSegment.id.in_(segment_ids))
            .values(deleted_at=utcnow() if deleted else None)
        )


def train_suggester(store: Any) -> Suggester | None:
    """A suggester trained on segments coded by hand (or accepted); ``None`` without any."""
    paths = store.code_paths()
    pairs = [
        (seg.text, paths[seg.code_id])
        for seg in store.segments(status="accepted")
        if seg.code_id in paths and seg.text
    ]
    try:
        return Suggester.train(pairs)
    except ValueError:
        return None


def _respondent_names(store: Any) -> dict[str, str]:
    with store.session() as s:
        rows = s.execute(select(Interview.id, Respondent.name).join(Respondent)).all()
    return dict(rows)


def segment_counts(store: Any) -> dict[str, tuple[int, int]]:
    """code id → (segments, of which pending), not counting rejected or removed ones, nor
    those of interviews in the trash (``workbench.coding.counts``)."""
    from workbench.coding.counts import code_counts, stored_statuses

    counts = code_counts(store.codes(), stored_statuses(store))
    return {
        cid: (n.segments + n.awaiting, n.awaiting)
        for cid, n in counts.items()
        if n.segments or n.awaiting
    }


def pending_segments(store: Any) -> list[Any]:
    """Automatic proposals awaiting review, in the order they were made."""
    live = set(store.code_paths())
    return [seg for seg in store.segments(status="pending") if seg.code_id in live]


# -- memos -----------------------------------------------------------------------------
def memo_target_label(store: Any, memo: Memo) -> str:
    if memo.target_kind == "engagement":
        return "Engagement"
    if memo.target_kind == "code":
        return "Code: " + store.code_paths().get(memo.target_id, "(removed)")
    if memo.target_kind == "interview":
        try:
            iv = store.interview(memo.target_id)
        except KeyError:
            return "Interview (removed)"
        return f"Interview: {iv.respondent.name}"
    if memo.target_kind == "segment":
        with store.session() as s:
            seg = s.get(CodedSegment, memo.target_id)
        if seg is None:
            return "Segment (removed)"
        return f"Segment: “{_clip_right(seg.text, 40)}”"
    return memo.target_kind


def memos_export(store: Any, path: str | Path, memos: list[Memo] | None = None) -> Path:
    """Write memos to .docx, .md or .txt (by extension)."""
    path = Path(path)
    memos = store.memos() if memos is None else memos
    items = [
        (m.title or memo_target_label(store, m), memo_target_label(store, m), m.author, m.body, m)
        for m in memos
    ]
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        doc = docx.Document()
        doc.add_heading("Memos", level=1)
        for title, target, author, body, m in items:
            doc.add_heading(title, level=2)
            meta = f"{target} · {author or 'unknown'} · {m.created_at:%Y-%m-%d}"
            doc.add_paragraph().add_run(meta).italic = True
            for para in body.split("\n\n"):
                doc.add_paragraph(para)
        with atomic_path(path) as tmp:
            doc.save(str(tmp))
        return path
    if suffix not in (".md", ".txt"):
        raise ValueError(f"{path.name}: choose .docx, .md or .txt")
    lines = ["# Memos", ""] if suffix == ".md" else ["MEMOS", ""]
    for title, target, author, body, m in items:
        head = f"## {title}" if suffix == ".md" else title.upper()
        meta = f"{target} · {author or 'unknown'} · {m.created_at:%Y-%m-%d}"
        lines += [head, f"*{meta}*" if suffix == ".md" else meta, "", body.strip(), ""]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines), encoding="utf-8")
    return path


def interview_choices(store: Any) -> list[tuple[str, str]]:
    """(interview id, "Respondent — Form · wave · date") for interviews with codable text."""
    with_text = {src.interview_id for src in all_texts(store)}
    with store.session() as s:
        from workbench.store.models import FormVersion

        rows = s.execute(
            select(Interview.id, Respondent.name, FormVersion.title, Wave.name, Interview.date)
            .join(Respondent, Respondent.id == Interview.respondent_id)
            .join(FormVersion, FormVersion.id == Interview.form_version_id)
            .outerjoin(Wave, Wave.id == Interview.wave_id)
            .where(Interview.deleted_at.is_(None), Respondent.deleted_at.is_(None))
            .order_by(Respondent.name, Interview.date)
        ).all()
    out = []
    for iid, name, form, wave, when in rows:
        if iid in with_text:
            bits = [b for b in (wave, when.isoformat() if when else "") if b]
            out.append((iid, f"{name} — {form}" + (f" · {' · '.join(bits)}" if bits else "")))
    return out


def answer_source(
    store: Any, interview_id: str, question_key: str, item: str = ""
) -> tuple[str, str] | None:
    """(answer id, stored text) of one text answer cell, for coding it where it is shown."""
    with store.session() as s:
        row = s.execute(
            select(Answer.id, Answer.text).where(
                Answer.interview_id == interview_id,
                Answer.question_key == question_key,
                Answer.item == item,
            )
        ).first()
    if row is None or not row[1]:
        return None
    return row[0], row[1]
