"""Writing a read REFI-QDA project (:class:`~workbench.coding.qdpx.ProjectImport`) into an
engagement: one transaction, all or nothing (see :mod:`workbench.coding.qdpx`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from workbench.coding.qdc import is_guid
from workbench.coding.qdpx import (
    CASE_FIELDS,
    DEFAULT_FORM,
    IMPORT_NS,
    SOURCE_REF,
    VAR_CONSENT,
    VAR_DATE,
    VAR_FORM,
    VAR_INTERVIEW,
    VAR_INTERVIEWER,
    VAR_SOURCE_NAME,
    VAR_SPEAKER,
    VAR_STAMP,
    VAR_STATUS,
    VAR_WAVE,
    ProjectError,
    ProjectImport,
    SourceTurn,
)
from workbench.coding.qdpx_report import TransferReport


# -- writing into an engagement ------------------------------------------------------------
@dataclass
class ImportReport(TransferReport):
    respondents: int = 0
    interviews: int = 0
    notes: int = 0
    codes: int = 0
    codes_reused: int = 0
    segments: int = 0
    memos: int = 0
    sets: int = 0
    without_case: int = 0
    unassigned: str = ""  # the respondent that holds the sources of no case
    wave: str = ""  # the wave of the sources that name none
    drafts: int = 0  # interviews of sources with no form answers, left as drafts
    completed: int = 0  # interviews of sources marked complete at import, as asked
    not_carried: list[str] = field(default_factory=list)
    converted: list[str] = field(default_factory=list)  # sources whose positions were re-counted
    reshaped: list[str] = field(default_factory=list)  # what is carried in another form
    unmarked: list[str] = field(default_factory=list)  # sources with no speaker turns
    client_from_name: str = ""  # the project's name, taken as the new engagement's client

    def summary(self) -> str:
        from workbench.plural import plural

        return (
            f"{plural(self.respondents, 'respondent')}, {plural(self.interviews, 'interview')} "
            f"with {plural(self.notes, 'note')}, {plural(self.codes, 'code')}"
            + (f" ({self.codes_reused:,} already in the engagement)" if self.codes_reused else "")
            + f", {plural(self.segments, 'coded segment')}, {plural(self.memos, 'memo')}, "
            f"{plural(self.sets, 'code set')}"
        )

    def remarks(self) -> list[str]:
        from workbench.plural import plural

        out = []
        if self.client_from_name:
            out.append(
                f"The client is named after the project ({self.client_from_name!r}), which "
                "names none: the report's cover says \"Prepared for "
                f"{self.client_from_name}\" until you change it (Overview ▸ Edit "
                "details… ▸ Client in the window, or import with --client NAME)"
            )
        if self.drafts:
            out.append(placement_line(self.drafts, self.wave))
        if self.completed:
            out.append(placement_line(self.completed, self.wave, complete=True))
        if self.without_case:
            out.append(
                f"{plural(self.without_case, 'source')} belonged to no case; their interviews "
                f"are with the respondent {self.unassigned!r}"
            )
        if self.converted:
            out.append(f"Positions converted ({len(self.converted)}):")
            out += [f"  - {line}" for line in self.converted]
        if self.reshaped:
            out.append(f"Carried in another form ({len(self.reshaped)}):")
            out += [f"  - {line}" for line in self.reshaped]
        if self.unmarked:
            out.append(
                f"No speaker marks ({len(self.unmarked)}): no \"Name: words\" turns were found "
                "in these sources, so whose words they are is not known and \"Respondents' "
                "words\" cannot filter them:"
            )
            out += [f"  - {name}" for name in self.unmarked]
        if self.not_carried:
            out.append(f"Not carried ({len(self.not_carried)}):")
            out += [f"  - {line}" for line in self.not_carried]
        return out


IMPORTED_STATUS = "draft"


#: What marks another tool's sources complete at import, in the window and the command
#: line (the draft line of an import names both).
COMPLETE_CHOICE = "Mark the sources complete, so that their coding counts at once"
COMPLETE_FLAG = "--complete"


def placement_line(interviews: int, wave: str, complete: bool = False) -> str:
    """Where the interviews of another tool's sources go and in which state (the
    confirmation and the report say it alike): drafts, or complete when the import was
    asked to mark them so."""
    from workbench.plural import plural

    go = "goes" if interviews == 1 else "go"
    where = f"{plural(interviews, 'interview')} from the project's sources {go} " + (
        f"to the wave {wave!r} " if wave else ""
    )
    if complete:
        return (
            where.rstrip()
            + ", marked complete as asked: their coding counts in the analyses and the "
            "report at once; their forms stay unanswered"
        )
    return (
        where + "as drafts: they carry no form answers, so they count as completed interviews "
        "(and their segments are quoted) only once answered and marked complete — or "
        f"import with “{COMPLETE_CHOICE}” ({COMPLETE_FLAG} on the command line)"
    )


def unassigned_name(project_name: str) -> str:
    """The respondent that holds a project's sources of no case."""
    return f"Unassigned (from {project_name})"[:200]


def is_unassigned(respondent: Any) -> bool:
    """Whether ``respondent`` is the one an import made for a project's sources of no case
    (its name and id say so) and has been given nothing since: an export writes its
    sources with no case again, as they came."""
    name = str(respondent.name)
    if not (name.startswith("Unassigned (from ") and name.endswith(")")):
        return False
    project = name[len("Unassigned (from ") : -1]
    given = (respondent.role, respondent.org_unit, respondent.email, respondent.segment,
             respondent.consent_given, respondent.attributes)  # fmt: skip
    return respondent.id == _stable("unassigned", project) and not any(given)


def default_wave(store: Any) -> str:
    """The wave that an imported source naming none goes to: the engagement's latest."""
    waves = store.waves()
    return waves[-1].name if waves else ""


def _stable(*parts: str) -> str:
    return str(uuid.uuid5(IMPORT_NS, "\n".join(parts)))


def import_project(
    store: Any,
    project: ProjectImport,
    *,
    interviewer: str = "",
    description_memo: bool = True,
    wave: str | None = None,
    complete: bool = False,
) -> ImportReport:
    """Write a read project into the engagement in one transaction (all or nothing).

    ``description_memo=False`` when the engagement was made for this project and took its
    description as its scope.  A source that names no wave (another tool's) goes to
    ``wave`` (made when new; default: the engagement's latest wave) and, carrying no form
    answers, is a draft interview (a completed one with ``complete=True``, so that its
    coding counts at once); a Workbench export's source keeps its wave and status.
    """
    from sqlalchemy import func, select

    from workbench.forms.library import builtin_forms
    from workbench.store.models import (
        Code,
        CodedSegment,
        Engagement,
        FormVersion,
        Interview,
        Memo,
        Note,
        Respondent,
        Wave,
        utcnow,
        wave_order,
    )

    report = ImportReport(
        not_carried=list(project.not_carried),
        converted=list(project.converted),
        reshaped=list(project.reshaped),
        unmarked=list(project.unmarked),
    )
    forms = builtin_forms()
    now = utcnow()
    with store.writing() as s:

        def taken(model: Any, ids: set[str]) -> set[str]:
            ids = {i for i in ids if i}
            return (
                set(s.execute(select(model.id).where(model.id.in_(ids))).scalars())
                if ids
                else set()
            )

        src_interview = _source_interviews(project)
        _refuse_if_imported(s, project, src_interview)
        # -- codes: kept with their GUIDs; a code whose path exists is reused --------------
        existing_paths = store.code_paths()
        by_path = {path: cid for cid, path in existing_paths.items()}
        used_ids = taken(Code, set(project.code_paths))
        code_ids: dict[str, str] = {}  # path -> id
        for entry in project.book.walk():
            if entry.path in by_path:
                code_ids[entry.path] = by_path[entry.path]
                report.codes_reused += 1
                continue
            parent_id = code_ids.get(entry.parent) if entry.parent else None
            position = (
                s.execute(
                    select(func.max(Code.position)).where(
                        Code.parent_id.is_(None)
                        if parent_id is None
                        else Code.parent_id == parent_id
                    )
                ).scalar()
                or 0
            ) + 1
            cid = entry.guid if entry.guid and entry.guid not in used_ids else None
            row = Code(
                id=cid or _stable("code", project.name, entry.path),
                name=entry.name,
                parent_id=parent_id,
                position=position,
                colour=entry.colour,  # "" when the project gave none
                description=entry.description,
                definition=entry.definition,
                when_to_use=entry.when_to_use,
                when_not_to_use=entry.when_not_to_use,
                example=entry.example,
                origin=entry.origin,
                codable=entry.codable,
            )
            s.add(row)
            s.flush()
            code_ids[entry.path] = row.id
            report.codes += 1
        code_by_guid = {g: code_ids[p] for g, p in project.code_paths.items()}
        # -- respondents ---------------------------------------------------------------------
        owner = project.case_of_source()
        known_respondents = taken(Respondent, {c.guid for c in project.cases})
        for case in project.cases:
            if case.guid in known_respondents:
                continue
            # a segment only when the case gives one: no invented stakeholder group
            fields: dict[str, Any] = {"segment": ""}
            attributes: dict[str, Any] = {}
            for key, value in case.attributes.items():
                if key == VAR_CONSENT and isinstance(value, bool):
                    fields["consent_given"] = value
                    continue
                target = CASE_FIELDS.get(key)
                if target == "segment" and value not in _segments():
                    target = None
                if target:
                    fields[target] = str(value)
                else:
                    attributes[key] = value
            if case.description:
                attributes.setdefault("Description", case.description)
                report.reshaped.append(
                    f"Case {case.name!r}: its description becomes the respondent's variable "
                    "'Description'"
                )
            s.add(Respondent(id=case.guid, name=case.name[:200], attributes=attributes, **fields))
            report.respondents += 1
        # -- interviews and their notes -------------------------------------------------------
        waves = {w.name: w for w in s.execute(select(Wave).order_by(*wave_order())).scalars()}
        if wave is None:
            wave = list(waves)[-1] if waves else ""
        wave = wave.strip()[:100]
        engagement = s.execute(select(Engagement)).scalar_one()
        versions: dict[str, str] = {}

        def version_id(form_id: str) -> str:
            form = forms.get(form_id) or forms[DEFAULT_FORM]
            if form.id not in versions:
                row = s.execute(
                    select(FormVersion).where(FormVersion.fingerprint == form.fingerprint)
                ).scalar_one_or_none()
                if row is None:
                    row = FormVersion(
                        form_id=form.id,
                        version=form.version,
                        title=form.title,
                        fingerprint=form.fingerprint,
                        definition=form.model_dump(mode="json"),
                        source="builtin",
                    )
                    s.add(row)
                    s.flush()
                versions[form.id] = row.id
            return versions[form.id]

        def wave_id(name: str) -> str | None:
            if name and name not in waves:
                last = max((w.ordinal for w in waves.values()), default=0)
                waves[name] = Wave(engagement_id=engagement.id, name=name, ordinal=last + 1)
                s.add(waves[name])
                s.flush()
            if name:
                return waves[name].id
            return None

        def unassigned() -> str:
            """The one respondent of the sources that no case holds (made when needed)."""
            rid = _stable("unassigned", project.name)
            if not report.unassigned:
                report.unassigned = unassigned_name(project.name)
                if s.get(Respondent, rid) is None:
                    s.add(
                        Respondent(
                            id=rid,
                            name=report.unassigned,
                            segment="",
                            attributes={},  # nothing the project does not say
                        )
                    )
                    s.flush()
                    report.respondents += 1
            return rid

        # a coding of no user: unnamed in a Workbench export, else the tool that made it
        unnamed = "" if project.origin.startswith("Workbench") else project.origin or "imported"
        interviews: dict[str, Interview] = {}
        positions: dict[str, int] = {}
        segment_of_selection: dict[str, str] = {}
        segment_ids: set[str] = set()
        for src in project.sources:
            iv_id = src_interview[src.guid]
            v = src.variables
            if iv_id not in interviews:
                respondent_id = owner.get(src.guid)
                if respondent_id is None:
                    respondent_id = unassigned()
                # A Workbench export says the date (or that there is none); another tool's
                # source has the day it was made.
                when = v.get(VAR_DATE) or (
                    src.created.date().isoformat() if src.created and VAR_INTERVIEW not in v else ""
                )
                try:
                    day = date.fromisoformat(str(when)) if when else None
                except ValueError:
                    day = None
                ours = VAR_INTERVIEW in v  # a Workbench export's source
                status = str(v.get(VAR_STATUS, ""))
                if not ours or status not in ("draft", "complete"):
                    status = "complete" if complete else IMPORTED_STATUS
                    if complete:
                        report.completed += 1
                    else:
                        report.drafts += 1
                    report.wave = wave
                interviews[iv_id] = Interview(
                    id=iv_id,
                    respondent_id=respondent_id,
                    form_version_id=version_id(str(v.get(VAR_FORM, DEFAULT_FORM))),
                    wave_id=wave_id(str(v.get(VAR_WAVE, "")) or wave),
                    # (a Workbench export names the interviewer, or has none)
                    interviewer=str(
                        v.get(VAR_INTERVIEWER, "")
                        if VAR_INTERVIEW in v
                        else src.creator or interviewer
                    )[:200],
                    date=day,
                    status=status,
                    # another tool's source keeps its name (written back on export)
                    # (a Workbench export carries that name in a variable)
                    source_ref=(
                        f"{SOURCE_REF}{v[VAR_SOURCE_NAME]}"[:300]
                        if v.get(VAR_SOURCE_NAME)
                        else None
                        if VAR_INTERVIEW in v
                        else f"{SOURCE_REF}{src.name}"[:300]
                    ),
                )
                s.add(interviews[iv_id])
                s.flush()
                report.interviews += 1
            if src.guid not in owner:
                report.without_case += 1
            turns = src.turns or [SourceTurn(src.guid, 0, len(src.text), "", "")]
            plain = not src.turns
            for turn in turns:
                position = positions.get(iv_id, 0)
                positions[iv_id] = position + 1
                s.add(
                    Note(
                        id=turn.note_id,
                        interview_id=iv_id,
                        body=src.text[turn.start : turn.end],
                        stamp=str(v.get(VAR_STAMP, "") if plain else turn.stamp)[:20],
                        speaker=str(v.get(VAR_SPEAKER, "") if plain else turn.speaker)[:200],
                        position=position,
                        created_at=src.created or now,
                        modified_at=src.created or now,
                    )
                )
                report.notes += 1
            s.flush()
            for sel in src.selections:
                turn, start, end = _in_turn(turns, sel.start, sel.end)
                if (start, end) != (sel.start - turn.start, sel.end - turn.start):
                    report.not_carried.append(
                        f"{src.where} ({src.name}): selection {sel.start}–{sel.end} runs past "
                        "one speaker's words; it was kept within the turn it starts in"
                    )
                text = src.text[turn.start : turn.end]
                for k, (coding_guid, code_guid, user) in enumerate(sel.codings):
                    seg_id = sel.guid if len(sel.codings) == 1 else coding_guid
                    if seg_id in segment_ids:
                        seg_id = _stable("segment", sel.guid, coding_guid, str(k))
                    segment_ids.add(seg_id)
                    segment_of_selection.setdefault(sel.guid, seg_id)
                    s.add(
                        CodedSegment(
                            id=seg_id,
                            code_id=code_by_guid[code_guid],
                            interview_id=iv_id,
                            source_kind="note",
                            source_id=turn.note_id,
                            start=start,
                            end=end,
                            text=text[start:end],
                            # the coder is whoever applied the code (the coding's user);
                            # the selection's user only stands in when the coding names none
                            coder=(
                                project.users.get(user) or project.users.get(sel.user) or unnamed
                            )[:200],
                            selection_user=sel.user if sel.user in project.users else None,
                            coding_user=user if user in project.users else None,
                            qda_selection=sel.guid,
                            qda_coding=coding_guid,
                            automatic=False,
                            status="accepted",
                            created_at=sel.created or now,
                            modified_at=sel.created or now,
                        )
                    )
                    report.segments += 1
        # -- memos ----------------------------------------------------------------------------
        source_interview = {src.guid: src_interview[src.guid] for src in project.sources}
        known_memos = taken(Memo, set(project.notes))
        for guid, note in project.notes.items():
            if guid in known_memos:
                continue
            kind, target = project.note_targets.get(guid, ("engagement", ""))
            target_kind, target_id = "engagement", None
            if kind == "code" and target in code_by_guid:
                target_kind, target_id = "code", code_by_guid[target]
            elif kind == "source" and target in source_interview:
                target_kind, target_id = "interview", source_interview[target]
            elif kind == "selection" and target in segment_of_selection:
                target_kind, target_id = "segment", segment_of_selection[target]
            s.add(
                Memo(
                    id=guid,
                    target_kind=target_kind,
                    target_id=target_id,
                    title=(note.title or "Note")[:300],
                    body=note.text,
                    author=note.author[:200],
                    created_at=note.created or now,
                    modified_at=note.created or now,
                )
            )
            report.memos += 1
        for src in project.sources:
            iv_id = src_interview[src.guid]
            texts = [(src.description, "interview", iv_id, f"Description of {src.name}")]
            # another tool's source variables (document attributes) stay with the interview
            values = [
                f"{k}: {v}"
                for k, v in src.variables.items()
                if not str(k).startswith("Workbench") and v not in ("", None)
            ]
            texts.append(("\n".join(values), "interview", iv_id, f"Variables of {src.name}"))
            if values:
                report.reshaped.append(
                    f"Source {src.name!r}: its variables ("
                    + ", ".join(
                        str(k)
                        for k, v in src.variables.items()
                        if not str(k).startswith("Workbench") and v not in ("", None)
                    )
                    + f") become a memo 'Variables of {src.name}' on its interview"
                )
            texts += [
                (
                    sel.description,
                    "segment" if sel.guid in segment_of_selection else "interview",
                    segment_of_selection.get(sel.guid, iv_id),
                    f"Selection {sel.start}–{sel.end} of {src.name}",
                )
                for sel in src.selections
            ]
            for body, kind, target_id, title in texts:
                if body:
                    s.add(
                        Memo(
                            id=_stable("description", target_id, title, body),
                            target_kind=kind,
                            target_id=target_id,
                            title=title[:300],
                            body=body,
                        )
                    )
                    report.memos += 1
        # a QualCoder memo whole, its personal part included (kept out of deliverables)
        whole = [("engagement", None, f"Project memo ({project.name}) with personal notes",
                  project.project_memo)] if project.project_memo else []  # fmt: skip
        whole += [
            ("code", code_by_guid[g], f"Memo of {project.code_paths[g]} with personal notes", m)
            for g, m in project.code_memos.items()
            if g in code_by_guid
        ]
        for kind, target_id, title, body in whole:
            s.add(
                Memo(
                    id=_stable("personal", project.name, title, body),
                    target_kind=kind,
                    target_id=target_id,
                    title=title[:300],
                    body=body,
                )
            )
            report.memos += 1
        if project.description and description_memo and not project.project_memo:
            s.add(
                Memo(
                    id=_stable("description", project.name, project.description),
                    target_kind="engagement",
                    target_id=None,
                    title=f"Project description ({project.name})"[:300],
                    body=project.description,
                )
            )
            report.memos += 1
        # -- the project's users, kept for its export -----------------------------------------
        known_users = {u.get("guid") for u in engagement.qda_users or []}
        new_users = [
            {"guid": guid, "name": name}
            for guid, name in project.users.items()
            if guid not in known_users
        ]
        if new_users:
            engagement.qda_users = [*(engagement.qda_users or []), *new_users]
        # -- code sets ------------------------------------------------------------------------
        known_sets = {cs.get("guid") for cs in engagement.code_sets or []}
        new_sets = [
            {**cs, "codes": [code_ids[p] for p in cs["codes"] if p in code_ids]}
            for cs in project.book.sets
            if cs.get("guid") not in known_sets
        ]
        if new_sets:
            engagement.code_sets = [*(engagement.code_sets or []), *new_sets]
            report.sets = len(new_sets)
    return report


def import_as_new_engagement(
    project: ProjectImport,
    target: str | Path,
    *,
    client: str = "",
    interviewer: str = "",
    complete: bool = False,
) -> ImportReport:
    """A new engagement file made from the project (its name, description as the scope);
    refused when ``target`` exists, and removed again when the import fails."""
    from workbench.store import create_engagement

    target = Path(target)
    if target.exists():
        raise ProjectError(
            f"{target}: the file exists; choose a new name for the engagement. Nothing was changed"
        )
    from workbench.coding.markdown_text import plain_text

    # the scope shows the memo's words, not its Markdown; the memo as written is kept
    scope = plain_text(project.description)
    try:
        store = create_engagement(
            target,
            client=client or project.client or project.name,
            title=project.name,
            scope=scope,
        )
        with store:
            report = import_project(
                store,
                project,
                interviewer=interviewer,
                description_memo=scope != project.description,
                complete=complete,
            )
            if not (client or project.client):
                report.client_from_name = project.name
            return report
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise


def backup_before_import(store: Any, project: ProjectImport) -> Path:
    """A copy of the engagement as it is, in its backups folder, to go back to after an
    import into it (kept apart from the rolling backups, which replace each other)."""
    from datetime import datetime

    from workbench.store.database import backups_dir_for

    path = Path(store.path)
    folder = backups_dir_for(path) / "before imports"
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = "".join(c if c.isalnum() or c in " -_" else "-" for c in project.name)[:60]
    return Path(store.save_copy(folder / f"{path.stem} before {name} {when}.wbk"))


def _source_interviews(project: ProjectImport) -> dict[str, str]:
    """source GUID -> the id of the interview it becomes (a Workbench export's own)."""
    return {
        src.guid: (
            src.variables.get(VAR_INTERVIEW, "").strip().lower()
            if is_guid(str(src.variables.get(VAR_INTERVIEW, "")))
            else src.guid
        )
        for src in project.sources
    }


def check_not_imported(store: Any, project: ProjectImport) -> None:
    """Refuse (:class:`ProjectError`) a project the engagement already holds, before a
    backup copy or anything else is made for its import."""
    with store.session() as s:
        _refuse_if_imported(s, project, _source_interviews(project))


def _refuse_if_imported(s: Any, project: ProjectImport, src_interview: dict[str, str]) -> None:
    """The same project twice is refused, not doubled."""
    from sqlalchemy import select

    from workbench.store.models import CodedSegment, Interview, Note

    def taken(model: Any, ids: set[str]) -> set[str]:
        ids = {i for i in ids if i}
        return (
            set(s.execute(select(model.id).where(model.id.in_(ids))).scalars()) if ids else set()
        )

    held_interviews = taken(Interview, set(src_interview.values()))
    held_notes = taken(
        Note,
        {src.guid for src in project.sources}
        | {t.note_id for src in project.sources for t in src.turns},
    )
    held_segments = taken(
        CodedSegment,
        {sel.guid for src in project.sources for sel in src.selections}
        | {c[0] for src in project.sources for sel in src.selections for c in sel.codings},
    )
    known_sources = {
        src.guid
        for src in project.sources
        if src_interview[src.guid] in held_interviews
        or ({src.guid} | {t.note_id for t in src.turns}) & held_notes
    }
    known_selections = {
        sel.guid
        for src in project.sources
        for sel in src.selections
        if ({sel.guid} | {c[0] for c in sel.codings}) & held_segments
    }
    if known_sources or known_selections:
        from workbench.plural import plural

        held = [
            plural(len(found), what)
            for found, what in ((known_sources, "source"), (known_selections, "selection"))
            if found
        ]
        example = sorted(known_sources or known_selections)[0]
        raise ProjectError(
            f"{project.name}: the engagement already holds {' and '.join(held)} of this "
            f"project (e.g. {example}); it was imported before. Nothing was changed"
        )


def _in_turn(turns: list[SourceTurn], start: int, end: int) -> tuple[SourceTurn, int, int]:
    """The turn a selection of the whole source's text falls in, and the selection within
    that turn's words (clipped to them when it runs past)."""
    turn = next((t for t in turns if t.start <= start < t.end), None)
    if turn is None:  # in a speaker's name or between turns: the next turn's words
        turn = next((t for t in turns if t.start >= start), turns[-1])
    lo = min(max(start, turn.start), turn.end)
    hi = max(min(end, turn.end), lo)
    return turn, lo - turn.start, hi - turn.start


def _segments() -> tuple[str, ...]:
    from workbench.store.models import SEGMENTS

    return SEGMENTS
