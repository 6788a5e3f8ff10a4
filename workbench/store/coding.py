"""The codebook and coded segments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from workbench.store.models import (
    Answer,
    Code,
    CodedSegment,
    Note,
    time_ordered_id,
    utcnow,
)

CODE_FIELDS = (
    "name",
    "colour",
    "description",
    "definition",
    "when_to_use",
    "when_not_to_use",
    "example",
    "origin",
    "codable",
)
SEGMENT_STATUSES = ("pending", "accepted", "rejected")


# The first code in the trash among a code and the codes above it (UNION: a loop ends).
TRASHED_ABOVE_SQL = """
    WITH RECURSIVE up(id, parent_id, name, deleted_at) AS (
        SELECT id, parent_id, name, deleted_at FROM code WHERE id = ?
        UNION SELECT c.id, c.parent_id, c.name, c.deleted_at FROM code c JOIN up ON c.id = up.parent_id
    )
    SELECT name FROM up WHERE deleted_at IS NOT NULL LIMIT 1
"""


class CodingOps:
    # -- codes ----------------------------------------------------------------------------
    def add_code(
        self, name: str, *, parent_id: str | None = None, code_id: str | None = None, **fields: Any
    ) -> Code:
        name = name.strip()
        if not name:
            raise ValueError("a code needs a name")
        unknown = set(fields) - set(CODE_FIELDS)
        if unknown:
            raise ValueError(f"unknown code fields: {', '.join(sorted(unknown))}")
        if code_id:
            fields = {**fields, "id": code_id}
        with self.writing() as s:
            _refuse_twin(s, name, parent_id)
            return _insert_code(s, name, parent_id, fields)

    def update_code(self, code_id: str, **fields: Any) -> dict[str, Any]:
        unknown = set(fields) - set(CODE_FIELDS)
        if unknown:
            raise ValueError(f"unknown code fields: {', '.join(sorted(unknown))}")
        with self.writing() as s:
            row = s.get(Code, code_id)
            if row is None:
                raise KeyError(code_id)
            if "name" in fields and str(fields["name"]).strip() != row.name:
                _refuse_twin(s, str(fields["name"]).strip(), row.parent_id, code_id)
            old = {k: getattr(row, k) for k in fields}
            for k, v in fields.items():
                setattr(row, k, v)
            return old

    def move_code(self, code_id: str, new_parent_id: str | None) -> str | None:
        """Re-parent a code; returns the old parent. A code cannot move under itself."""
        with self.writing() as s:
            row = s.get(Code, code_id)
            if row is None:
                raise KeyError(code_id)
            ancestor = new_parent_id
            while ancestor is not None:
                if ancestor == code_id:
                    raise ValueError("a code cannot be moved under itself or its own sub-codes")
                ancestor = s.get(Code, ancestor).parent_id
            if new_parent_id != row.parent_id:
                _refuse_twin(s, row.name, new_parent_id, code_id)
            old, row.parent_id = row.parent_id, new_parent_id
            return old

    def merge_codes(self, source_id: str, target_id: str) -> int:
        """Move every segment of ``source`` (and its sub-codes) onto ``target``; trash ``source``.

        Returns the number of segments that moved.
        """
        if source_id == target_id:
            raise ValueError("a code cannot be merged into itself")
        with self.writing() as s:
            source, target = s.get(Code, source_id), s.get(Code, target_id)
            if source is None or target is None:
                raise KeyError(source_id if source is None else target_id)
            ancestor, seen = target.parent_id, set()
            while ancestor is not None and ancestor not in seen:
                if ancestor == source_id:  # its sub-codes would become their own parent
                    raise ValueError("a code cannot be merged into one of its own sub-codes")
                seen.add(ancestor)
                ancestor = s.execute(
                    select(Code.parent_id).where(Code.id == ancestor)
                ).scalar_one_or_none()
            moved = s.execute(
                update(CodedSegment)
                .where(CodedSegment.code_id == source_id)
                .values(code_id=target_id, modified_at=utcnow())
            ).rowcount
            s.execute(update(Code).where(Code.parent_id == source_id).values(parent_id=target_id))
            source.deleted_at = utcnow()
            return moved

    def codes(self, *, include_deleted: bool = False) -> list[Code]:
        with self.session() as s:
            q = select(Code).order_by(Code.position, Code.name)
            if not include_deleted:
                q = q.where(Code.deleted_at.is_(None))
            return list(s.execute(q).scalars())

    def code_paths(self) -> dict[str, str]:
        """code id → "Parent/Child" path."""
        codes = {c.id: c for c in self.codes(include_deleted=True)}

        def path(code_id: str) -> str:
            code = codes[code_id]
            return f"{path(code.parent_id)}/{code.name}" if code.parent_id in codes else code.name

        def live(code_id: str | None, seen: frozenset = frozenset()) -> bool:
            code = codes.get(code_id) if code_id else None
            if code is None or code_id in seen:
                return True
            return code.deleted_at is None and live(code.parent_id, seen | {code_id})

        # a code under a code in the trash is in the trash with it
        return {cid: path(cid) for cid in codes if live(cid)}

    def trash_code(self, code_id: str) -> None:
        self._set_deleted(Code, code_id, utcnow())

    def restore_code(self, code_id: str) -> None:
        self._set_deleted(Code, code_id, None)

    def purge_code(self, code_id: str) -> None:
        """Destroy a code in the trash, with its sub-codes and coded segments."""
        self._purge(Code, code_id)

    def ensure_code_path(self, path: str, **fields: Any) -> str:
        """The id of the code at ``path`` ("Parent/Child"), creating missing levels.

        Looked up and created in one write transaction, so two programs asking for the
        same new path at once get one code, not two.
        """
        names = [part.strip() for part in path.split("/") if part.strip()]
        if not names:
            raise ValueError("a code path needs at least one name")
        unknown = set(fields) - set(CODE_FIELDS)
        if unknown:
            raise ValueError(f"unknown code fields: {', '.join(sorted(unknown))}")
        parent_id: str | None = None
        with self.writing() as s:
            for depth, name in enumerate(names):
                found = s.execute(
                    select(Code.id)
                    .where(Code.name == name, Code.deleted_at.is_(None), _under(parent_id))
                    .order_by(Code.position, Code.created_at)
                    .limit(1)
                ).scalar()
                if found is None:
                    extra = fields if depth == len(names) - 1 else {}
                    found = _insert_code(s, name, parent_id, extra).id
                parent_id = found
        return parent_id

    def load_codebook(self, codebook: Any, *, under: str | None = None) -> int:
        """Add a codebook's codes (a ``workbench.coding.codebook.Codebook``); returns how many.

        ``under`` puts them below a top-level code of that name.  Codes whose path
        already exists are left as they are.
        """
        existing = {path: cid for cid, path in self.code_paths().items()}
        taken = {c.id for c in self.codes(include_deleted=True)}
        prefix = ""
        added = 0
        if under:
            if under not in existing:
                existing[under] = self.add_code(
                    under, description=getattr(codebook, "description", ""), origin="deductive"
                ).id
                added += 1
            prefix = f"{under}/"
        for entry in codebook.walk():  # parents before children
            path = prefix + entry.path
            if path in existing:
                continue
            parent_path = path.rsplit("/", 1)[0] if "/" in path else None
            row = self.add_code(
                entry.name,
                parent_id=existing.get(parent_path) if parent_path else None,
                colour=entry.colour or "#4e79a7",
                description=entry.description,
                definition=entry.definition,
                when_to_use=entry.when_to_use,
                when_not_to_use=entry.when_not_to_use,
                example=entry.example,
                origin=entry.origin,
                codable=getattr(entry, "codable", True),
                # A REFI-QDA code keeps its GUID as its id, unless that id is taken.
                code_id=guid if (guid := getattr(entry, "guid", "")) not in taken else None,
            )
            existing[path] = row.id
            taken.add(row.id)
            added += 1
        code_sets = [
            {**cs, "codes": [existing[prefix + p] for p in cs["codes"] if prefix + p in existing]}
            for cs in getattr(codebook, "sets", [])
        ]
        if code_sets:
            with self.writing() as s:
                from workbench.store.models import Engagement

                engagement = s.execute(select(Engagement)).scalar_one()
                known = {cs.get("guid") for cs in engagement.code_sets}
                engagement.code_sets = [
                    *engagement.code_sets,
                    *[cs for cs in code_sets if cs.get("guid") not in known],
                ]
        return added

    # -- segments ----------------------------------------------------------------------------
    def source_text(self, source_kind: str, source_id: str) -> tuple[str, str]:
        """(interview id, text) of a note or a text answer."""
        with self.session() as s:
            return _source_text(s, source_kind, source_id)

    def code_segment(
        self,
        code_id: str,
        source_kind: str,
        source_id: str,
        start: int,
        end: int,
        *,
        coder: str = "",
        automatic: bool = False,
        status: str | None = None,
    ) -> CodedSegment:
        status = status or ("pending" if automatic else "accepted")
        if status not in SEGMENT_STATUSES:
            raise ValueError(f"status must be one of: {', '.join(SEGMENT_STATUSES)}")
        now = utcnow()
        # Plain SQL on the transaction's own connection: for one row, a session's unit of
        # work costs more than the commit itself.
        with self.raw_writing() as conn:
            # The text is read under the write lock: the words coded are the words stored.
            interview_id, body = _raw_source_text(conn, source_kind, source_id)
            if not 0 <= start < end <= len(body):
                raise ValueError(
                    f"the selection {start}–{end} lies outside the text ({len(body)} characters)"
                )
            code = conn.execute(
                "SELECT codable, name FROM code WHERE id = ?", (code_id,)
            ).fetchone()
            if code is None:
                raise KeyError(code_id)
            trashed = conn.execute(TRASHED_ABOVE_SQL, (code_id,)).fetchone()
            if trashed is not None:
                under = "" if trashed[0] == code[1] else f" (with {trashed[0]!r})"
                raise ValueError(
                    f"{code[1]!r} is in the trash{under}; restore it from Edit ▸ Trash to "
                    "code with it"
                )
            if not code[0]:
                raise ValueError(
                    f"{code[1]!r} is a category that only groups codes; code the text with "
                    "one of its codes"
                )
            if _raw_twin_segment(conn, code_id, source_kind, source_id, start, end, coder):
                raise ValueError(f"this passage is already coded with {code[1]!r}")
            row = CodedSegment(
                id=time_ordered_id(),
                code_id=code_id,
                interview_id=interview_id,
                source_kind=source_kind,
                source_id=source_id,
                start=start,
                end=end,
                text=body[start:end],
                coder=coder,
                automatic=automatic,
                status=status,
                created_at=now,
                modified_at=now,
                deleted_at=None,
            )
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            conn.execute(
                "INSERT INTO coded_segment (id, code_id, interview_id, source_kind, source_id, "
                'start, "end", text, coder, automatic, status, created_at, modified_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.id,
                    code_id,
                    interview_id,
                    source_kind,
                    source_id,
                    start,
                    end,
                    row.text,
                    coder,
                    int(automatic),
                    status,
                    stamp,
                    stamp,
                ),
            )
            return row

    def twin_segment(
        self, code_id: str, source_kind: str, source_id: str, start: int, end: int, coder: str = ""
    ) -> str | None:
        """The id of the live segment (proposed or accepted) that already codes these very
        characters with this code for this coder, or None: ``code_segment`` refuses a
        second one, which would count the passage twice.  (Two coders coding the same
        passage is how their agreement is measured, so each has a segment of their own.)"""
        with self.session() as s:
            return s.execute(
                select(CodedSegment.id)
                .where(
                    CodedSegment.source_id == source_id,
                    CodedSegment.source_kind == source_kind,
                    CodedSegment.code_id == code_id,
                    CodedSegment.start == start,
                    CodedSegment.end == end,
                    CodedSegment.coder == coder,
                    CodedSegment.deleted_at.is_(None),
                    CodedSegment.status != "rejected",
                )
                .limit(1)
            ).scalar()

    def update_segment(self, segment_id: str, **fields: Any) -> dict[str, Any]:
        allowed = {"code_id", "status", "start", "end"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown segment fields: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in SEGMENT_STATUSES:
            raise ValueError(f"status must be one of: {', '.join(SEGMENT_STATUSES)}")
        with self.writing() as s:
            row = s.get(CodedSegment, segment_id)
            if row is None:
                raise KeyError(segment_id)
            old = {k: getattr(row, k) for k in fields}
            for k, v in fields.items():
                setattr(row, k, v)
            if "start" in fields or "end" in fields:
                _iid, body = _source_text(s, row.source_kind, row.source_id)
                row.text = body[row.start : row.end]
            return old

    def segments(
        self,
        *,
        code_id: str | None = None,
        interview_id: str | None = None,
        source_id: str | None = None,
        status: str | None = None,
    ) -> list[CodedSegment]:
        with self.session() as s:
            q = select(CodedSegment).where(CodedSegment.deleted_at.is_(None))
            if code_id:
                q = q.where(CodedSegment.code_id == code_id)
            if interview_id:
                q = q.where(CodedSegment.interview_id == interview_id)
            if source_id:
                q = q.where(CodedSegment.source_id == source_id)
            if status:
                q = q.where(CodedSegment.status == status)
            return list(s.execute(q.order_by(CodedSegment.created_at)).scalars())

    def uncode_segment(self, segment_id: str) -> None:
        self._set_deleted(CodedSegment, segment_id, utcnow())

    def restore_segment(self, segment_id: str) -> None:
        self._set_deleted(CodedSegment, segment_id, None)

    def purge_segment(self, segment_id: str) -> None:
        """Destroy a coded segment that is in the trash."""
        self._purge(CodedSegment, segment_id)

    def astray_passages(self, limit: int = 10) -> tuple[list[str], int]:
        """The live coded passages whose words are not their text at their offsets (at most
        ``limit`` of them, in words), and how many there are (see
        :func:`workbench.store.passages.astray_passages`); nothing is changed."""
        from workbench.store.passages import astray_passages

        with self._raw_reading() as conn:
            return astray_passages(conn, limit)

    def back_up_and_mend_passages(self) -> tuple[list[str], Any]:
        """:meth:`mend_passages` after a copy of the file as it was, kept beside it
        (``name.before-mend.bak``); what was done, in words, and the copy (None, and
        nothing written, when every passage is on its text)."""
        if not self.astray_passages(limit=0)[1]:
            return [], None
        saved = self.path.with_name(f"{self.path.name}.before-mend.bak")
        self.save_copy(saved)
        return self.mend_passages(), saved

    def mend_passages(self) -> list[str]:
        """Put every coded passage whose words are not its text at its offsets back on its
        text (see :func:`workbench.store.passages.mend_passages`); what was done, in words."""
        from workbench.store.passages import mend_passages

        with self.raw_writing() as conn:
            return mend_passages(conn, utcnow())


def _raw_twin_segment(
    conn: Any, code_id: str, source_kind: str, source_id: str, start: int, end: int, coder: str
) -> str | None:
    found = conn.execute(
        "SELECT id FROM coded_segment WHERE source_id = ? AND source_kind = ? AND code_id = ? "
        'AND start = ? AND "end" = ? AND coder = ? AND deleted_at IS NULL '
        "AND status != 'rejected' LIMIT 1",
        (source_id, source_kind, code_id, start, end, coder),
    ).fetchone()
    return found[0] if found else None


def _raw_source_text(conn: Any, source_kind: str, source_id: str) -> tuple[str, str]:
    """(interview id, text) of a note or a text answer, on a plain SQLite connection."""
    if source_kind == "note":
        row = conn.execute("SELECT interview_id, body FROM note WHERE id = ?", (source_id,))
    elif source_kind == "answer":
        row = conn.execute("SELECT interview_id, text FROM answer WHERE id = ?", (source_id,))
    else:
        raise ValueError(f"cannot code a {source_kind}")
    found = row.fetchone()
    if found is None or found[1] is None:
        raise KeyError(source_id)
    return found[0], found[1]


def _source_text(s: Any, source_kind: str, source_id: str) -> tuple[str, str]:
    """(interview id, text) of a note or a text answer, within the caller's transaction."""
    if source_kind == "note":
        row = s.execute(select(Note.interview_id, Note.body).where(Note.id == source_id)).first()
        if row is None:
            raise KeyError(source_id)
        return row[0], row[1]
    if source_kind == "answer":
        row = s.execute(
            select(Answer.interview_id, Answer.text).where(Answer.id == source_id)
        ).first()
        if row is None or row[1] is None:
            raise KeyError(source_id)
        return row[0], row[1]
    raise ValueError(f"cannot code a {source_kind}")


def _refuse_twin(s: Any, name: str, parent_id: str | None, code_id: str | None = None) -> None:
    """Refuse a second code of ``name`` (in any case) among the live codes under
    ``parent_id``: a codebook's paths name one code each, and its exports (a codebook
    file, a REFI-QDA project) could not tell the two apart."""
    twin = s.execute(
        select(Code.id).where(
            _under(parent_id),
            Code.deleted_at.is_(None),
            func.lower(Code.name) == name.lower(),
            Code.id != (code_id or ""),
        )
    ).first()
    if twin is not None:
        where = "at the top level" if parent_id is None else "under the same code"
        raise ValueError(f"there is already a code {name!r} {where}; choose another name")


def _under(parent_id: str | None) -> Any:
    return Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id


def _insert_code(s: Any, name: str, parent_id: str | None, fields: dict[str, Any]) -> Code:
    """A new code, last among its siblings, within the caller's transaction."""
    position = (
        s.execute(select(func.max(Code.position)).where(_under(parent_id))).scalar() or 0
    ) + 1
    row = Code(name=name, parent_id=parent_id, position=position, **fields)
    s.add(row)
    s.flush()
    return row
