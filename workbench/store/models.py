"""The domain model of an engagement (SQLAlchemy 2 typed ORM).

Every row carries a UUID primary key and created/modified times so that two
consultants' files of the same engagement can be merged.  Deletable rows carry
``deleted_at``: deletion moves them to the trash, purging is a second explicit step.
Types are portable (no SQLite-only column types), so the same models run on PostgreSQL.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# A naming convention lets Alembic alter SQLite tables in batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SEGMENTS = ("external customer", "internal customer", "staff", "management", "supplier")
INTERVIEW_STATUSES = ("draft", "complete")


def new_id() -> str:
    return str(uuid.uuid4())


def time_ordered_id() -> str:
    """A UUID version 7 as text: the time in milliseconds, the version, then 74 random
    bits.  For the rows an everyday edit adds (an answer's history, a coded segment, a
    note): ids made later sort later, so each new row's key lands on the last pages of the
    indexes it goes in, already cached and written, where a random key would dirty one
    more page of a large index on every commit."""
    ms = time.time_ns() // 1_000_000
    bits = int.from_bytes(os.urandom(10), "big")
    rand_a, rand_b = bits >> 68, bits & ((1 << 62) - 1)  # 12 and 62 random bits
    h = f"{(ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"  # as str(uuid.UUID) writes it


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Tracked:
    """UUID key and the times a merge needs."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Trashable:
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None, index=True)


class Engagement(Tracked, Base):
    __tablename__ = "engagement"

    client: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(Text, default="")
    consultants: Mapped[list[Any]] = mapped_column(default=list)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    # Anonymised deliverables suppress what fewer than this many respondents share.
    anonymise_k: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # Client product names, places and other words the consultant wants anonymised.
    anonymise_terms: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # Personal data may be kept until this date; the window reminds once it has passed.
    retain_until: Mapped[date | None] = mapped_column(Date, default=None)
    # Named groups of codes (REFI-QDA sets): [{"guid", "name", "description", "codes": [id]}]
    code_sets: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # The users of an imported REFI-QDA project, kept for its export: [{"guid", "name"}]
    qda_users: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")

    waves: Mapped[list[Wave]] = relationship(
        back_populates="engagement",
        order_by=lambda: list(wave_order()),
        cascade="all, delete-orphan",
    )


class Wave(Tracked, Base):
    __tablename__ = "wave"
    __table_args__ = (UniqueConstraint("engagement_id", "name"),)

    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)

    engagement: Mapped[Engagement] = relationship(back_populates="waves")


def wave_order() -> tuple[Any, ...]:
    """The waves' one order (:data:`workbench.store.waves.ORDER_COLUMNS`) as columns."""
    from workbench.store.waves import ORDER_COLUMNS

    return tuple(getattr(Wave, c) for c in ORDER_COLUMNS)


class Respondent(Tracked, Trashable, Base):
    __tablename__ = "respondent"

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    org_unit: Mapped[str] = mapped_column(String(200), default="")
    segment: Mapped[str] = mapped_column(String(40), default="external customer")
    email: Mapped[str] = mapped_column(String(200), default="")
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    # The database removes a purged respondent's interviews (ON DELETE CASCADE).
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="respondent", passive_deletes=True
    )


class FormVersion(Tracked, Base):
    """The stored snapshot of one version of a form definition."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("fingerprint"),)

    form_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    fingerprint: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column()
    source: Mapped[str] = mapped_column(String(20), default="builtin")  # builtin | imported


class PlannedInterview(Tracked, Trashable, Base):
    """The interview schedule: who is to be interviewed, with which form, when."""

    __tablename__ = "planned_interview"

    respondent_id: Mapped[str] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"))
    wave_id: Mapped[str | None] = mapped_column(ForeignKey("wave.id", ondelete="SET NULL"))
    form_id: Mapped[str] = mapped_column(String(100))
    planned_date: Mapped[date | None] = mapped_column(Date, default=None)
    interviewer: Mapped[str] = mapped_column(String(200), default="")
    interview_id: Mapped[str | None] = mapped_column(
        ForeignKey("interview.id", ondelete="SET NULL"), default=None
    )


class Interview(Tracked, Trashable, Base):
    __tablename__ = "interview"

    respondent_id: Mapped[str] = mapped_column(
        ForeignKey("respondent.id", ondelete="CASCADE"), index=True
    )
    form_version_id: Mapped[str] = mapped_column(ForeignKey("form_version.id"), index=True)
    wave_id: Mapped[str | None] = mapped_column(ForeignKey("wave.id", ondelete="SET NULL"))
    interviewer: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[date | None] = mapped_column(Date, default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # the survey platform's submission this interview was imported from ("kobo:<uuid>")
    source_ref: Mapped[str | None] = mapped_column(String(300), default=None)

    respondent: Mapped[Respondent] = relationship(back_populates="interviews")
    form_version: Mapped[FormVersion] = relationship()
    wave: Mapped[Wave | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="interview", cascade="all, delete-orphan"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", order_by="Note.position"
    )


class Answer(Tracked, Base):
    """One cell of an answer: (interview, question key, item) → typed value.

    ``value`` is the typed JSON value, ``num`` its numeric reading for aggregation and
    ``text`` the searchable text (text answers and evidence), indexed by FTS5.
    """

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("interview_id", "question_key", "item"),)

    interview_id: Mapped[str] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(100))
    item: Mapped[str] = mapped_column(String(100), default="")
    value: Mapped[Any] = mapped_column(JSON)
    num: Mapped[float | None] = mapped_column(Float, default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None)

    interview: Mapped[Interview] = relationship(back_populates="answers")


class AnswerChange(Tracked, Base):
    """A correction to a completed interview: who changed what, when, and the old value."""

    __tablename__ = "answer_change"
    __table_args__ = {"sqlite_with_rowid": False}  # (schema 0013)

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    changed_by: Mapped[str] = mapped_column(String(200), default="")


class Note(Tracked, Base):
    """Free-form interview notes; ``stamp`` is an optional time mark such as "00:12:30"."""

    __tablename__ = "note"
    # A note's place in its interview is its own: no two notes share one.
    __table_args__ = (
        Index("ix_note_interview_id_position", "interview_id", "position", unique=True),
    )

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    stamp: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Who speaks in this note (a transcript's turn): "respondent", "interviewer:<name>"
    # or "" (the consultant's own note, or not known).
    speaker: Mapped[str] = mapped_column(String(200), default="", server_default="")

    interview: Mapped[Interview] = relationship(back_populates="notes")


class SearchPending(Base):
    """A note or answer whose text changed since the search index last caught up.

    Triggers fill it; the store empties it into the FTS5 index within the same
    transaction (a trigger may not write into FTS5 when the schema is distrusted).
    """

    __tablename__ = "search_pending"

    ref_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # note | answer


class SearchRef(Base):
    """Which row of the FTS5 index holds a note's or an answer's text."""

    __tablename__ = "search_ref"

    ref_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entry: Mapped[int] = mapped_column(Integer)


class Code(Tracked, Trashable, Base):
    __tablename__ = "code"

    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    colour: Mapped[str] = mapped_column(String(9), default="#4e79a7")
    description: Mapped[str] = mapped_column(Text, default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    when_to_use: Mapped[str] = mapped_column(Text, default="")
    when_not_to_use: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(20), default="inductive")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # False for a category that only groups codes (REFI-QDA isCodable="false").
    codable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())

    children: Mapped[list[Code]] = relationship(order_by="Code.position", passive_deletes=True)
    parent: Mapped[Code | None] = relationship(remote_side="Code.id", overlaps="children")


class CodedSegment(Tracked, Trashable, Base):
    """A stretch of text (a note or a text answer) with a code applied to it."""

    __tablename__ = "coded_segment"

    code_id: Mapped[str] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    source_kind: Mapped[str] = mapped_column(String(10))  # note | answer
    source_id: Mapped[str] = mapped_column(String(36), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    coder: Mapped[str] = mapped_column(String(200), default="")
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="accepted")  # pending|accepted|rejected
    # The GUIDs of the users an imported REFI-QDA project names as creating the selection
    # and its coding (``engagement.qda_users``), written back on export; None for others.
    selection_user: Mapped[str | None] = mapped_column(String(36), default=None)
    coding_user: Mapped[str | None] = mapped_column(String(36), default=None)
    # The GUIDs of that selection and coding (a selection coded several times is one
    # segment per coding), so that the export writes the same selections and codings.
    qda_selection: Mapped[str | None] = mapped_column(String(36), default=None)
    qda_coding: Mapped[str | None] = mapped_column(String(36), default=None)

    code: Mapped[Code] = relationship()


class Memo(Tracked, Trashable, Base):
    __tablename__ = "memo"

    target_kind: Mapped[str] = mapped_column(String(20))  # engagement|code|segment|interview
    target_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")


finding_evidence = Table(
    "recommendation_finding",
    Base.metadata,
    Column(
        "recommendation_id",
        String(36),
        ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "finding_id", String(36), ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Finding(Tracked, Trashable, Base):
    __tablename__ = "finding"

    statement: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(20), default="medium")  # low|medium|high|critical
    # Links to evidence: [{"kind": "segment"|"analysis"|"interview", "id": ..., "label": ...}]
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Recommendation(Tracked, Trashable, Base):
    __tablename__ = "recommendation"

    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    effort: Mapped[str] = mapped_column(String(20), default="medium")
    impact: Mapped[str] = mapped_column(String(20), default="medium")
    timing: Mapped[str] = mapped_column(String(100), default="")
    pdca_stage: Mapped[str] = mapped_column(String(10), default="plan")
    position: Mapped[int] = mapped_column(Integer, default=0)

    findings: Mapped[list[Finding]] = relationship(secondary=finding_evidence)


class ReportEntry(Tracked, Trashable, Base):
    """An analysis chosen for the engagement's report: its options and the subset it covers."""

    __tablename__ = "report_entry"

    analysis_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300), default="")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"segment": ..., "wave": ..., "attribute": [name, value]}; empty = the whole engagement
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)


class InterviewProgress(Base):
    """An interview's progress as the interview list shows it: the questions answered in
    full of those relevant, given its answers (a relevance condition may leave questions
    out).  Kept so that the list never replays every form's relevance when it opens.

    Triggers delete an interview's row when any of its answers changes (whatever program
    writes the file; a value changed in place on a ``fixed`` form keeps it); the store writes it again before the transaction commits, and the
    list works out any row missing.  A merge does not carry it: each copy keeps its own.
    """

    __tablename__ = "interview_progress"

    interview_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    answered: Mapped[int] = mapped_column(Integer)
    relevant: Mapped[int] = mapped_column(Integer)
    # The form's relevance depends on no answer: a value changed in place keeps the row.
    fixed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


# -- team work: deletions carried by a merge, who changed what, and the merges made ------
class Tombstone(Base):
    """A row destroyed for good (or folded into another), so that a merge carries it.

    Triggers write it when a row is deleted (``replaced_by`` is then empty); a merge that
    folds one record into another (two codes of one name) writes it with the survivor.
    """

    __tablename__ = "tombstone"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_by: Mapped[str | None] = mapped_column(String(36), default=None)


# The events History finds by their row (see ``AuditEvent.row_id``).
RECORD_EVENTS = "table_name IN ('respondent', 'interview')"


class AuditEvent(Base):
    """One change to one record: who (the consultant's name), when, and which fields.

    Written by triggers on every edit, so that no path into the file escapes it.  Kept
    without a rowid (schema 0013): the table is its primary-key index, and each event is
    written once, not into a table and an index of its ids."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index(
            "ix_audit_event_row_id",
            "row_id",
            sqlite_where=text(RECORD_EVENTS),
            postgresql_where=text(RECORD_EVENTS),
        ),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # No index on the time: every edit writes an event, and nothing looks events up by
    # time (History sorts the few of one record; a merge reads them all).
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200), default="")
    table_name: Mapped[str] = mapped_column(String(40))
    # Looked up by row only for the records History starts from (a respondent or an
    # interview, schema 0013): the events of answers, notes and coding are found by their
    # interview (``parent_id``), and an index of every event's row would take a page write
    # on a random page of it per edit.
    row_id: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    action: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    fields: Mapped[str] = mapped_column(Text, default="")  # comma-separated column names
    detail: Mapped[str | None] = mapped_column(String(200), default=None)


class MergeReport(Tracked, Base):
    """What one merge brought in and the conflicts it settled, kept with the engagement."""

    __tablename__ = "merge_report"

    source: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items: Mapped[list[Any]] = mapped_column(default=list)


class TeamState(Base):
    """One row: whose edits the audit trail records, and whether a merge is writing."""

    __tablename__ = "team_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    merging: Mapped[int] = mapped_column(Integer, default=0)
