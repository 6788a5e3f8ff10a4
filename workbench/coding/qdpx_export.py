"""REFI-QDA project export (``.qdpx``): the engagement's qualitative material for other
QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder), valid against Project.xsd.

* the codebook with each code's id as its GUID, categories as ``isCodable="false"``,
  and the code sets;
* each respondent is a case, their role, unit, segment, e-mail and attributes its
  variable values;
* each note of an interview is a text source (``Sources/<guid>.txt``, UTF-8), its coded
  segments plain-text selections with one coding each; the note's interview, time mark
  and speaker go into source variables named ``Workbench …`` so that a Workbench import
  gives the same interviews back;
* an interview whose notes are speaker turns (a transcript) is ONE text source whose text
  holds the turns as ``[time mark] Speaker: words`` lines, its coded segments' offsets
  moved into that text; the ``Workbench turns`` variable maps the turns back to notes;
* memos are notes, referred to from their code, segment or interview (or the project).

What a REFI-QDA project has no place for (answers to forms, segments coded in text
answers, automatic proposals not yet accepted) is counted in the report, not written.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import workbench
from workbench.coding.qdc import add_codes, add_sets
from workbench.coding.qdpx import (
    CASE_FIELDS,
    PROJECT_NS,
    SOURCE_REF,
    VAR_CLIENT,
    VAR_CONSENT,
    VAR_DATE,
    VAR_FORM,
    VAR_INTERVIEW,
    VAR_INTERVIEWER,
    VAR_SOURCE_NAME,
    VAR_SPEAKER,
    VAR_STAMP,
    VAR_STATUS,
    VAR_TURNS,
    VAR_WAVE,
)
from workbench.coding.qdpx_report import TransferReport

SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NS = uuid.UUID("3c0a61e2-7f59-4f0e-8d7e-6d2f1f8a4b55")
SOURCE_VARIABLES = (
    VAR_INTERVIEW,
    VAR_FORM,
    VAR_WAVE,
    VAR_DATE,
    VAR_INTERVIEWER,
    VAR_STATUS,
    VAR_STAMP,
    VAR_SPEAKER,
    VAR_TURNS,
    VAR_CLIENT,
    VAR_SOURCE_NAME,
)
COUNTED = ("accepted", "manual")
# the respondent attribute an import makes of a case's Description, written back as one
CASE_DESCRIPTION = "Description"


@dataclass
class ExportReport(TransferReport):
    cases: int = 0
    sources: int = 0
    codes: int = 0
    selections: int = 0
    notes: int = 0
    not_exported: list[str] = field(default_factory=list)

    def summary(self) -> str:
        from workbench.plural import plural

        return (
            f"{plural(self.codes, 'code')}, {plural(self.cases, 'case')}, "
            f"{plural(self.sources, 'text source')}, "
            f"{plural(self.selections, 'coded selection')}, {plural(self.notes, 'note')}"
        )

    def remarks(self) -> list[str]:
        return [f"  - not exported: {line}" for line in self.not_exported]


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, _q(tag), attrs or {})


def _stamp(when: Any) -> str:
    return when.replace(microsecond=0).isoformat() + "Z"


def _user_guid(name: str) -> str:
    return str(uuid.uuid5(_NS, f"user\n{name}"))


def variable_guid(name: str) -> str:
    return str(uuid.uuid5(_NS, f"variable\n{name}"))


def _kind(values: list[Any]) -> str:
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("Boolean")
        elif isinstance(v, int):
            kinds.add("Integer")
        elif isinstance(v, float):
            kinds.add("Float")
        else:
            kinds.add("Text")
    return kinds.pop() if len(kinds) == 1 else "Text"


def _value(parent: ET.Element, name: str, kind: str, value: Any) -> None:
    vv = _sub(parent, "VariableValue")
    _sub(vv, "VariableRef", {"targetGUID": variable_guid(name)})
    if kind == "Boolean":
        _sub(vv, "BooleanValue").text = "true" if value else "false"
    elif kind == "Integer":
        _sub(vv, "IntegerValue").text = str(int(value))
    elif kind == "Float":
        _sub(vv, "FloatValue").text = format(Decimal(repr(float(value))), "f")
    else:
        _sub(vv, "TextValue").text = "" if value is None else str(value)


def project_to_qdpx(store: Any) -> tuple[bytes, dict[str, str], ExportReport]:
    """(project.qde bytes, {Sources/ member: text}, report) for the open engagement."""
    from sqlalchemy import select

    from workbench.coding.service import store_codebook
    from workbench.store.models import (
        Answer,
        CodedSegment,
        FormVersion,
        Interview,
        Memo,
        Note,
        Respondent,
        Wave,
    )

    report = ExportReport()
    engagement = store.engagement()
    book = store_codebook(store)
    with store.session() as s:
        respondents = list(
            s.execute(
                select(Respondent).where(Respondent.deleted_at.is_(None)).order_by(Respondent.name)
            ).scalars()
        )
        live = {r.id for r in respondents}
        interviews = [
            iv
            for iv in s.execute(
                select(Interview)
                .where(Interview.deleted_at.is_(None))
                .order_by(Interview.date, Interview.created_at)
            ).scalars()
            if iv.respondent_id in live
        ]
        forms = {fv.id: fv for fv in s.execute(select(FormVersion)).scalars()}
        waves = {w.id: w.name for w in s.execute(select(Wave)).scalars()}
        notes = list(s.execute(select(Note).order_by(Note.position)).scalars())
        segments = list(
            s.execute(
                select(CodedSegment)
                .where(CodedSegment.deleted_at.is_(None))
                .order_by(CodedSegment.start, CodedSegment.end)
            ).scalars()
        )
        memos = list(
            s.execute(
                select(Memo).where(Memo.deleted_at.is_(None)).order_by(Memo.created_at)
            ).scalars()
        )
        answered = set(
            s.execute(select(Answer.interview_id).where(Answer.num.is_not(None))).scalars()
        ) | set(s.execute(select(Answer.interview_id).where(Answer.text.is_not(None))).scalars())
    notes_of: dict[str, list[Any]] = {}
    for note in notes:
        notes_of.setdefault(note.interview_id, []).append(note)
    live_codes = {c.id for c in store.codes()}
    exported_notes = {n.id for iv in interviews for n in notes_of.get(iv.id, [])}

    # an imported project's users keep their GUIDs (and all come back, coding or not)
    users: dict[str, str] = {}  # guid -> name
    guid_of: dict[str, str] = {}  # name -> guid
    for user in engagement.qda_users or []:
        users.setdefault(user["guid"], user.get("name", ""))
        guid_of.setdefault(user.get("name", ""), user["guid"])

    def by(name: str) -> dict[str, str]:
        """The creatingUser attribute of a named user; none for an unnamed one."""
        if not name:
            return {}
        guid = guid_of.setdefault(name, _user_guid(name))
        users.setdefault(guid, name)
        return {"creatingUser": guid}

    def made_by(seg: Any) -> tuple[dict[str, str], dict[str, str]]:
        """The creatingUser of a segment's selection and of its coding: the users its
        project named (only those), else the coder."""
        if seg.selection_user is None and seg.coding_user is None:
            return by(seg.coder), by(seg.coder)
        return tuple(  # type: ignore[return-value]
            {"creatingUser": g} if g in users else {} for g in (seg.selection_user, seg.coding_user)
        )

    ET.register_namespace("", PROJECT_NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        _q("Project"),
        {
            "name": engagement.title or "Workbench engagement",
            "origin": f"Workbench {workbench.__version__}",
            "creationDateTime": _stamp(engagement.created_at),
            "modifiedDateTime": _stamp(engagement.modified_at),
            f"{{{XSI}}}schemaLocation": f"{PROJECT_NS} {SCHEMA_LOCATION}",
        },
    )
    users_el = _sub(root, "Users")
    guids: dict[str, str] = {}
    if len(book):
        codebook_el = _sub(root, "CodeBook")
        guids = add_codes(_sub(codebook_el, "Codes"), book, PROJECT_NS)
        report.codes = len(book)
    # -- variables ----------------------------------------------------------------------
    attr_values: dict[str, list[Any]] = {}
    for r in respondents:
        for k, v in (r.attributes or {}).items():
            if k in CASE_FIELDS or k in SOURCE_VARIABLES or k == VAR_CONSENT:
                continue
            if not (k == CASE_DESCRIPTION and isinstance(v, str)):  # the case's own field
                attr_values.setdefault(k, []).append(v)
    attr_kinds = {k: _kind(v) for k, v in attr_values.items()}
    variables = {**{k: "Text" for k in CASE_FIELDS}, VAR_CONSENT: "Boolean", **attr_kinds}
    variables.update({k: "Text" for k in SOURCE_VARIABLES})
    vars_el = _sub(root, "Variables")
    for name, kind in variables.items():
        _sub(
            vars_el,
            "Variable",
            {"guid": variable_guid(name), "name": name, "typeOfVariable": kind},
        )
    # -- cases --------------------------------------------------------------------------
    from workbench.coding.qdpx_import import is_unassigned

    # the respondent an import made for a project's sources of no case is no case: its
    # sources go back with none, as they came
    cases = [r for r in respondents if not is_unassigned(r)]
    if cases:
        cases_el = _sub(root, "Cases")
        for r in cases:
            case = _sub(cases_el, "Case", {"guid": r.id, "name": r.name})
            described = (r.attributes or {}).get(CASE_DESCRIPTION)
            if isinstance(described, str) and described:
                _sub(case, "Description").text = described
            for label, attr in CASE_FIELDS.items():
                if getattr(r, attr):
                    _value(case, label, "Text", getattr(r, attr))
            if r.consent_given:  # no consent recorded is the default, not a value
                _value(case, VAR_CONSENT, "Boolean", True)
            for k, v in (r.attributes or {}).items():
                if k in attr_kinds:
                    _value(case, k, attr_kinds[k], v)
            for iv in interviews:
                if iv.respondent_id == r.id:
                    for unit in _units(iv, notes_of.get(iv.id, [])):
                        _sub(case, "SourceRef", {"targetGUID": unit.guid})
            report.cases += 1
    # -- sources ------------------------------------------------------------------------
    segs_of: dict[str, list[Any]] = {}
    skipped_answers = skipped_pending = 0
    for seg in segments:
        if seg.source_kind != "note":
            skipped_answers += 1
        elif seg.status not in COUNTED:
            skipped_pending += 1
        elif seg.code_id in live_codes and seg.source_id in exported_notes:
            segs_of.setdefault(seg.source_id, []).append(seg)
    memo_refs: dict[str, list[str]] = {}
    for memo in memos:
        memo_refs.setdefault(memo.target_id or "", []).append(memo.id)
    by_id = {memo.id: memo for memo in memos}
    as_description: set[str] = set()  # memos written as a source's or selection's Description

    def description(parent: ET.Element, target: str, titles: Any) -> None:
        """The memo an import made of another tool's Description (its title says so)
        written back as ``parent``'s Description (its first child), not as a note."""
        for memo_id in memo_refs.get(target, []):
            if titles(by_id[memo_id].title) and memo_id not in as_description:
                _sub(parent, "Description").text = by_id[memo_id].body
                as_description.add(memo_id)
                return

    def variables_memo(target: str, titles: Any) -> list[tuple[str, str]]:
        """The memo an import made of another tool's source variables ("Variables of
        <source>", a ``name: value`` line each), as the variables to write back."""
        for memo_id in memo_refs.get(target, []):
            memo = by_id[memo_id]
            if memo_id in as_description or not titles(memo.title):
                continue
            pairs = [tuple(line.split(": ", 1)) for line in memo.body.split("\n")]
            if (
                all(len(p) == 2 and p[0] and not p[0].startswith("Workbench") for p in pairs)
                and all(variables.get(p[0], "Text") == "Text" for p in pairs)
                and "\n".join(f"{a}: {b}" for a, b in pairs) == memo.body
            ):
                as_description.add(memo_id)
                return pairs  # type: ignore[return-value]
        return []

    files: dict[str, str] = {}
    referenced: set[str] = set()
    if exported_notes:
        sources_el = _sub(root, "Sources")
    names = {r.id: r.name for r in respondents}
    without_notes = 0
    taken: set[str] = set()  # the selection and coding GUIDs written
    source_names: set[str] = set()
    for iv in interviews:
        iv_notes = notes_of.get(iv.id, [])
        if not iv_notes:
            without_notes += 1
            continue
        form = forms.get(iv.form_version_id)
        label = " — ".join(
            p
            for p in (
                names[iv.respondent_id],
                form.title if form else "",
                iv.date.isoformat() if iv.date else "",
            )
            if p
        )
        units = _units(iv, iv_notes, names[iv.respondent_id])
        for k, unit in enumerate(units):
            member = f"{unit.guid}.txt"
            files[f"Sources/{member}"] = unit.text
            # a source from another tool keeps the name it came with
            came_with = ""
            if (iv.source_ref or "").startswith(SOURCE_REF):
                came_with = iv.source_ref[len(SOURCE_REF) :]
            base = came_with or label
            name = base if len(units) == 1 else f"{base} ({k + 1})"
            n = 1
            while name in source_names:  # two sources never share a name
                n += 1
                name = f"{base} ({n})" if len(units) == 1 else f"{base} ({k + 1}) ({n})"
            source_names.add(name)
            src = _sub(
                sources_el,
                "TextSource",
                {
                    "guid": unit.guid,
                    "name": name,
                    "plainTextPath": f"internal://{member}",
                    **by(iv.interviewer),
                    "creationDateTime": _stamp(unit.created),
                    "modifiedDateTime": _stamp(unit.modified),
                },
            )
            source_values: list[tuple[str, str]] = []
            if k == 0:
                description(
                    src, iv.id, {f"Description of {n}" for n in (name, came_with)}.__contains__
                )
                source_values = variables_memo(
                    iv.id, {f"Variables of {n}" for n in (name, came_with)}.__contains__
                )
            for note, offset in unit.notes:
                for group in _selections(segs_of.get(note.id, []), taken):
                    first = group[0]
                    sel_user, _ = made_by(first)
                    sel = _sub(
                        src,
                        "PlainTextSelection",
                        {
                            "guid": first.qda_selection or first.id,
                            "name": first.text[:60],
                            "startPosition": str(offset + first.start),
                            "endPosition": str(offset + first.end),
                            **sel_user,
                            "creationDateTime": _stamp(first.created_at),
                        },
                    )
                    for seg in group:
                        description(sel, seg.id, _selection_title(name, came_with))
                    for seg in group:
                        coding_guid = seg.qda_coding or str(uuid.uuid5(_NS, f"coding\n{seg.id}"))
                        if coding_guid in taken:
                            coding_guid = str(uuid.uuid5(_NS, f"coding\n{seg.id}"))
                        taken.add(coding_guid)
                        coding = _sub(
                            sel,
                            "Coding",
                            {
                                "guid": coding_guid,
                                **made_by(seg)[1],
                                "creationDateTime": _stamp(seg.created_at),
                            },
                        )
                        _sub(coding, "CodeRef", {"targetGUID": seg.code_id})
                    for seg in group:  # NoteRefs after every Coding (the schema's order)
                        for memo_id in memo_refs.get(seg.id, []):
                            if memo_id in as_description:
                                continue
                            _sub(sel, "NoteRef", {"targetGUID": memo_id})
                            referenced.add(memo_id)
                    report.selections += 1
            if k == 0:
                for memo_id in memo_refs.get(iv.id, []):
                    if memo_id in as_description:
                        continue
                    _sub(src, "NoteRef", {"targetGUID": memo_id})
                    referenced.add(memo_id)
            values = {
                VAR_INTERVIEW: iv.id,
                VAR_FORM: form.form_id if form else "",
                VAR_WAVE: waves.get(iv.wave_id or "", ""),
                VAR_DATE: iv.date.isoformat() if iv.date else "",
                VAR_INTERVIEWER: iv.interviewer,
                VAR_STATUS: iv.status,
                VAR_CLIENT: engagement.client,
                VAR_SOURCE_NAME: came_with,
                **unit.variables,
            }
            for var, value in values.items():
                if value:
                    _value(src, var, "Text", value)
            for var, value in source_values:  # another tool's source variables, back
                if var not in variables:
                    variables[var] = "Text"
                    _sub(
                        vars_el,
                        "Variable",
                        {"guid": variable_guid(var), "name": var, "typeOfVariable": "Text"},
                    )
                _value(src, var, "Text", value)
            report.sources += 1
    # -- code memos: a NoteRef after the code's Description, before its sub-codes --------
    if len(book):
        for code_el in root.iter(_q("Code")):
            refs = memo_refs.get(code_el.get("guid", ""), [])
            at = 1 if code_el.find(_q("Description")) is not None else 0
            for memo_id in refs:
                code_el.insert(at, ET.Element(_q("NoteRef"), {"targetGUID": memo_id}))
                referenced.add(memo_id)
                at += 1
    # -- notes (memos) --------------------------------------------------------------------
    project_refs = []
    if memos:
        notes_el = _sub(root, "Notes")
        for memo in memos:
            if memo.id in as_description:
                continue
            note = _sub(
                notes_el,
                "Note",
                {
                    "guid": memo.id,
                    "name": memo.title or "Memo",
                    **by(memo.author),
                    "creationDateTime": _stamp(memo.created_at),
                    "modifiedDateTime": _stamp(memo.modified_at),
                },
            )
            _sub(note, "PlainTextContent").text = memo.body
            if memo.id not in referenced:
                project_refs.append(memo.id)
                if memo.target_kind != "engagement":
                    report.not_exported.append(
                        f"memo {memo.title or memo.id!r} is about a {memo.target_kind} that is "
                        "not in the project; it is kept as a project note"
                    )
            report.notes += 1
        if not len(notes_el):  # every memo went back as a Description
            root.remove(notes_el)
    if book.sets:
        add_sets(root, book, guids, PROJECT_NS, member_attr="targetGUID")
    if engagement.scope:
        _sub(root, "Description").text = engagement.scope
    for memo_id in project_refs:
        _sub(root, "NoteRef", {"targetGUID": memo_id})
    for guid, name in users.items():
        _sub(users_el, "User", {"guid": guid, "name": name})
    if not users:
        root.remove(users_el)
    # only the variables a case or a source has a value of
    used = {ref.get("targetGUID") for ref in root.iter(_q("VariableRef"))}
    for var_el in list(vars_el):
        if var_el.get("guid") not in used:
            vars_el.remove(var_el)
    if not len(vars_el):
        root.remove(vars_el)
    if without_notes:
        report.not_exported.append(
            f"{without_notes} interview(s) without notes (answers to forms have no place in a "
            "REFI-QDA project; the Excel export carries them)"
        )
    if answered:
        report.not_exported.append(
            f"answers to forms of {len(answered)} interview(s) (the Excel export carries them)"
        )
    if skipped_answers:
        report.not_exported.append(f"{skipped_answers} segment(s) coded in text answers")
    if skipped_pending:
        report.not_exported.append(
            f"{skipped_pending} automatic proposal(s) not accepted (pending or rejected)"
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), files, report


def _selection_title(*names: str) -> Any:
    """Whether a memo's title is the one an import gives a selection's Description
    ("Selection 13–30 of transcript.txt") for a source of one of these names."""
    import re

    pattern = re.compile(
        r"Selection \d+–\d+ of (?:" + "|".join(re.escape(n) for n in names if n) + r")\Z"
    )
    return lambda title: bool(pattern.match(title or ""))


def _selections(segments: list[Any], taken: set[str]) -> list[list[Any]]:
    """The segments of one note as REFI-QDA selections: the codings of a selection another
    tool made (its GUID kept in ``qda_selection``) together while they still cover the same
    words, every other segment a selection of its own (a coding moved off its selection's
    words too).  ``taken`` holds the GUIDs already written; none is written twice."""
    groups: dict[tuple[str, int, int], list[Any]] = {}
    for seg in segments:
        groups.setdefault((seg.qda_selection or seg.id, seg.start, seg.end), []).append(seg)
    # when a selection's codings were moved apart, the least recently edited keep its GUID
    owner: dict[str, tuple[str, int, int]] = {}
    for key, group in groups.items():
        edited = max(seg.modified_at for seg in group)
        if key[0] not in owner or edited < max(seg.modified_at for seg in groups[owner[key[0]]]):
            owner[key[0]] = key
    out: list[list[Any]] = []
    for (guid, _start, _end), group in groups.items():
        if guid in taken or owner[guid] != (guid, _start, _end):  # each on its own
            for seg in group:
                seg_guid = str(uuid.uuid5(_NS, f"selection\n{seg.id}"))
                taken.add(seg_guid)
                out.append([_Renamed(seg, seg_guid)])
            continue
        taken.add(guid)
        out.append(group)
    return out


class _Renamed:
    """A segment written under another selection GUID than the one it came with."""

    def __init__(self, seg: Any, guid: str) -> None:
        self._seg, self.qda_selection = seg, guid

    def __getattr__(self, name: str) -> Any:
        return getattr(self._seg, name)


@dataclass
class _Unit:
    """What one text source holds: one note, or every turn of a transcript interview."""

    guid: str
    text: str
    notes: list[tuple[Any, int]]  # (note, where its words start in the text)
    variables: dict[str, str]
    created: Any
    modified: Any


def speaker_label(speaker: str, respondent: str = "") -> str:
    """The name a turn is written under: ``"respondent:Alice Kent"`` → ``"Alice Kent"``; a
    role without a name → the respondent's name, or the role."""
    role, _, name = speaker.partition(":")
    if name.strip():
        return name.strip()
    if role == "respondent" and respondent:
        return respondent
    return role.capitalize()


def _units(iv: Any, notes: list[Any], respondent: str = "") -> list[_Unit]:
    """An interview's notes as text sources: one per note, or one for the whole interview
    when its notes are speaker turns."""
    import json

    if not any(getattr(n, "speaker", "") for n in notes):
        return [
            _Unit(
                n.id,
                n.body,
                [(n, 0)],
                {VAR_STAMP: n.stamp, VAR_SPEAKER: getattr(n, "speaker", "")},
                n.created_at,
                n.modified_at,
            )
            for n in notes
        ]
    from workbench.coding.transcripts import text_turns

    parts: list[str] = []
    placed: list[tuple[Any, int]] = []
    turns: list[list[Any]] = []
    at = 0
    for n in notes:
        prefix = f"[{n.stamp}] " if n.stamp else ""
        if n.speaker:
            prefix += f"{speaker_label(n.speaker, respondent)}: "
        # a turn of another tool's source holds its own "Name:" line as the source wrote it
        if n.speaker:
            head = text_turns("\n".join(n.body.split("\n", 4)[:4]))
            if head and head[0].named and head[0].speaker == speaker_label(n.speaker):
                prefix = ""
        if parts and not parts[-1].endswith("\n"):
            parts[-1] += "\n"  # the line break before this turn
            at += 1
        start = at + len(prefix)
        parts.append(prefix + n.body)
        at += len(prefix) + len(n.body)
        placed.append((n, start))
        turns.append([n.id, start, start + len(n.body), n.stamp, n.speaker])
    # another tool's source keeps its GUID; a transcript's gets one of its interview's
    ours = not (iv.source_ref or "").startswith(SOURCE_REF)
    return [
        _Unit(
            str(uuid.uuid5(_NS, f"transcript\n{iv.id}")) if ours else iv.id,
            "".join(parts),
            placed,
            {VAR_TURNS: json.dumps(turns, ensure_ascii=False, separators=(",", ":"))},
            min(n.created_at for n in notes),
            max(n.modified_at for n in notes),
        )
    ]


def export_project(store: Any, path: str | Path) -> ExportReport:
    """Write the engagement as a ``.qdpx`` (whole or not at all)."""
    from workbench.paths import atomic_path

    qde, files, report = project_to_qdpx(store)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
    return report
