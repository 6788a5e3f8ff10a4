"""REFI-QDA project import (``.qdpx``): another QDA tool's project as engagement material.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, Project.xsd) and the sources under
``Sources/``.  What comes across:

* the codebook (``CodeBook``): codes with their GUIDs (kept as the codes' ids), colours,
  descriptions, categories (``isCodable="false"``) and the code sets (``Sets``);
* cases become respondents, their variable values the respondents' attributes;
* each text source becomes an interview (of the respondent whose case holds it; sources
  that no case holds all go to one respondent, "Unassigned (from <project>)") with the
  source's text as its note, kept exactly as
  written so that the selections' character positions stay on their words; a PDF's text
  representation is read the same way;
* every coded text selection becomes a coded segment anchored in that note (one per
  coding), a coding of a whole source one over its whole text;
* notes (memos) become memos on the code, interview, segment or engagement they refer to
  (a note marking words of its source, as QualCoder's annotations do, names them in its
  title); another tool's source variables become a memo on the interview;
* the project's users (GUIDs and names) are kept with the engagement, and each segment
  keeps the users the project names as making its selection and its coding, so that an
  export names them again.

What Workbench cannot carry (pictures, audio, video, a PDF without text, links, graphs,
sources outside the project file) is listed with the reason in
:attr:`ProjectImport.not_carried`; nothing is dropped silently.  The import is all or
nothing: the whole project is read and checked before one row is written, and then
written in one transaction, so a broken project changes nothing and the message names
what is wrong and where.  A project Workbench exported (:mod:`workbench.coding.qdpx_export`)
carries its interviews, notes, time marks and speakers in source variables whose names
start with ``Workbench``, and comes back as it left.

:func:`read_project` reads and checks; :func:`workbench.coding.qdpx_import.import_project`
writes what was read.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from workbench.coding.codebook import Codebook, CodebookError
from workbench.coding.qdc import is_guid, namespace, parse_xml, read_codes, read_sets

PROJECT_NS = "urn:QDA-XML:project:1.0"
PROJECT_NAMESPACES = frozenset(
    {PROJECT_NS, "urn:QDA-XML:project:1:0", "urn:QDA-XML:project:0:4", "urn:QDA-XML:project:0.4"}
)
MAX_QDE_BYTES = 100 * 1024**2
IMPORT_NS = uuid.UUID("0d7f4b7e-5a86-4a43-9d43-2b8f0c6e7a10")

# Source variables a Workbench export writes, read back on import.
VAR_INTERVIEW = "Workbench interview"
VAR_FORM = "Workbench form"
VAR_WAVE = "Workbench wave"
VAR_STAMP = "Workbench time mark"
VAR_SPEAKER = "Workbench speaker"
VAR_STATUS = "Workbench status"
VAR_DATE = "Workbench date"
VAR_INTERVIEWER = "Workbench interviewer"
# An interview of speaker turns is one source: its text holds the turns as
# "[time mark] Speaker: words" lines, and this variable maps them back to notes (JSON:
# [[note id, start, end, time mark, speaker], ...], start and end the words' offsets).
VAR_TURNS = "Workbench turns"
# The engagement's client (the project's name is its title), on each source.
VAR_CLIENT = "Workbench client"
# An interview made from another tool's source: its source_ref is this and the source's name.
SOURCE_REF = "refi-qda:"
# The name such a source came with, on a Workbench export's source (read back on import).
VAR_SOURCE_NAME = "Workbench source name"
# Case variables that are respondent fields rather than free attributes.
CASE_FIELDS = {
    "Role": "role",
    "Organisational unit": "org_unit",
    "Segment": "segment",
    "E-mail": "email",
}
VAR_CONSENT = "Consent given"  # a Boolean case variable: the respondent's consent
DEFAULT_FORM = "stakeholder-interview"


class ProjectError(CodebookError):
    """A REFI-QDA project that cannot be imported; the message says what and where."""


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    codings: list[tuple[str, str, str]]  # (coding guid, code guid, user guid)
    created: datetime | None
    description: str = ""
    user: str = ""  # the GUID of the user who made the selection


@dataclass
class SourceTurn:
    """One speaker turn of a transcript source: its words are ``text[start:end]``."""

    note_id: str
    start: int
    end: int
    stamp: str
    speaker: str


@dataclass
class Source:
    guid: str
    name: str
    text: str
    where: str
    created: datetime | None
    creator: str
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    turns: list[SourceTurn] = field(default_factory=list)
    placement: Any = field(default=None, repr=False, compare=False)  # qdpx_positions


@dataclass
class Case:
    guid: str
    name: str
    description: str
    attributes: dict[str, Any]
    sources: list[str]
    selections: list[str]


@dataclass
class ProjectNote:
    guid: str
    title: str
    text: str
    author: str
    created: datetime | None


@dataclass
class ProjectImport:
    """A project read and checked, nothing written yet."""

    name: str
    origin: str
    book: Codebook
    code_paths: dict[str, str]  # code GUID -> path
    users: dict[str, str]
    cases: list[Case]
    sources: list[Source]
    notes: dict[str, ProjectNote]
    note_targets: dict[str, tuple[str, str]]  # note guid -> (kind, target guid)
    description: str = ""
    not_carried: list[str] = field(default_factory=list)
    client: str = ""  # the client a Workbench export names
    converted: list[str] = field(default_factory=list)  # positions re-counted, per source
    reshaped: list[str] = field(default_factory=list)  # carried in another form
    # QualCoder's memos keep the consultant's personal notes below PERSONAL_MARK: the whole
    # memo (personal part included) of the project, and of each code (code GUID -> memo)
    project_memo: str = ""
    unmarked: list[str] = field(default_factory=list)  # sources with no speaker turns
    code_memos: dict[str, str] = field(default_factory=dict)

    def case_of_source(self) -> dict[str, str]:
        """source GUID -> the GUID of the case that holds it (by SourceRef, or through a
        SelectionRef to one of its selections); sources of no case are missing."""
        owner: dict[str, str] = {}
        for case in self.cases:
            for g in case.sources:
                owner.setdefault(g, case.guid)
        sel_source = {sel.guid: src.guid for src in self.sources for sel in src.selections}
        for case in self.cases:
            for g in case.selections:
                if g in sel_source:
                    owner.setdefault(sel_source[g], case.guid)
        return owner

    def counts(self) -> dict[str, int]:
        """What an import adds: sources, cases, codes, coded selections, sources without
        a case, users, notes (memos) and the variables the cases and sources carry."""
        owner = self.case_of_source()
        variables = {
            str(k)
            for holder in (*self.cases, *self.sources)
            for k in ((holder.attributes if isinstance(holder, Case) else holder.variables) or {})
            if not str(k).startswith("Workbench")
        }
        return {
            "users": len(self.users),
            "notes": len(self.notes),
            "variables": len(variables),
            "sources": len(self.sources),
            "cases": len(self.cases),
            "codes": len(self.book),
            "selections": sum(1 for src in self.sources for sel in src.selections if sel.codings),
            "without_case": sum(1 for src in self.sources if src.guid not in owner),
        }

    def summary(self) -> str:
        from workbench.plural import plural

        segments = sum(len(sel.codings) for src in self.sources for sel in src.selections)
        return (
            f"{plural(len(self.book), 'code')}, {plural(len(self.cases), 'case')}, "
            f"{plural(len(self.sources), 'text source')}, {plural(segments, 'coding')}, "
            f"{plural(len(self.notes), 'note')}"
        )


# QualCoder's mark in any memo: what follows it is the author's personal note, which
# QualCoder never sends on (its ``ai_memo.split_public_private_memo``: from the first mark).
PERSONAL_MARK = "#####"


def split_personal(text: str) -> tuple[str, str]:
    """(the memo's public part, its personal part from the mark on); ``(text, "")``
    when the memo has no mark."""
    at = text.find(PERSONAL_MARK)
    if at < 0:
        return text, ""
    return text[:at].rstrip(), text[at:]


def _personal_notes(out: ProjectImport) -> None:
    """A QualCoder project's memos that reach deliverables (the project memo becomes the
    scope, a code's memo its description) keep only their public part there; each whole
    memo is kept as a memo of the engagement (on the code), and the report says so."""
    if not out.origin.lower().startswith("qualcoder"):
        return
    public, personal = split_personal(out.description)
    if personal:
        out.project_memo, out.description = out.description, public
        out.reshaped.append(
            f"Project memo: its personal note below {PERSONAL_MARK!r} ({len(personal):,} "
            "characters) is kept back from the scope and every deliverable; the whole memo "
            f"is the engagement memo 'Project memo ({out.name}) with personal notes'"
        )
    for entry in out.book.walk():
        # the memo is the code's Description, read as its definition (or labelled fields)
        kept = []
        for name in ("description", "definition", "when_to_use", "when_not_to_use", "example"):
            public, personal = split_personal(getattr(entry, name))
            if personal:
                kept.append(getattr(entry, name))
                setattr(entry, name, public)
        if kept and entry.guid:
            out.code_memos[entry.guid] = "\n\n".join(kept)
            out.reshaped.append(
                f"Code {entry.path!r}: its memo's personal note below {PERSONAL_MARK!r} is "
                "kept back from the codebook and every deliverable; the whole memo is a memo "
                "on the code"
            )


def _local(el: ET.Element) -> str:
    return el.tag.split("}")[-1]


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _guid(el: ET.Element, where: str, source: str, attr: str = "guid") -> str:
    value = el.get(attr) or ""
    if not is_guid(value):
        raise ProjectError(f"{source}: {where}: {attr} {value!r} is not a GUID")
    return value.strip("{}").lower()


class _Reader:
    def __init__(self, zf: zipfile.ZipFile, source: str) -> None:
        self.zf = zf
        self.source = source
        self.names = {info.filename: info for info in zf.infolist()}
        self.lower = {name.lower(): name for name in self.names}

    def member_text(self, path: str, where: str) -> str:
        """The text of an ``internal://`` file: Sources/<name> inside the project."""
        name = path[len("internal://") :]
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            raise ProjectError(f"{self.source}: {where}: {path!r} is not a file in Sources/")
        member = self.lower.get(f"sources/{name}".lower())
        if member is None:
            raise ProjectError(
                f"{self.source}: {where}: the project has no Sources/{name} (named by {path!r})"
            )
        data = self.zf.read(member)
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                break
            return text
        raise ProjectError(f"{self.source}: {where}: Sources/{name} is not UTF-8 text")


def read_project(path: str | Path) -> ProjectImport:
    """Read and check a ``.qdpx`` (or a bare ``.qde``); raises :class:`ProjectError`."""
    from workbench.limits import InputLimitError, check_zip

    path = Path(path)
    source = str(path)
    try:
        check_zip(path, "REFI-QDA project")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                reader = _Reader(zf, source)
                qde = [
                    n
                    for n in reader.names
                    if PurePosixPath(n).suffix.lower() == ".qde" and "/" not in n.strip("/")
                ]
                if not qde:
                    raise ProjectError(f"{source}: no project.qde inside; not a REFI-QDA project")
                if reader.names[qde[0]].file_size > MAX_QDE_BYTES:
                    raise ProjectError(f"{source}: {qde[0]} is over 100 MB; refused")
                return _parse(zf.read(qde[0]), reader, f"{source}: {qde[0]}")
        if path.suffix.lower() == ".qde":
            if path.stat().st_size > MAX_QDE_BYTES:
                raise ProjectError(f"{source}: over 100 MB; refused")
            return _parse(path.read_bytes(), None, source)
        if path.suffix.lower() == ".qdc" or _is_codebook(path):
            raise ProjectError(
                f"{source}: a REFI-QDA codebook (.qdc), not a project; add its codes with "
                f"`workbench codebook import ENGAGEMENT {path.name}` (or Codebook ▸ Import "
                "codebook… in the codebook view)"
            )
        with path.open("rb") as head:
            if head.read(4) == b"PK\x03\x04":  # a zip's start, its index unreadable
                raise ProjectError(f"{source}: truncated or damaged: it starts as a zip "
                                   "archive (as a .qdpx project is) but cannot be read")  # fmt: skip
        raise ProjectError(f"{source}: not a zip archive; a .qdpx project is a zip file")
    except ProjectError:
        raise
    except (InputLimitError, CodebookError) as exc:
        raise ProjectError(str(exc)) from None
    except zipfile.BadZipFile as exc:
        raise ProjectError(f"{source}: damaged zip archive ({exc})") from None
    except OSError as exc:
        raise ProjectError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _is_codebook(path: Path) -> bool:
    """Whether the file starts as a REFI-QDA codebook (a ``CodeBook`` root element)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"<CodeBook" in head and b"QDA-XML:codebook" in head


def _parse(data: bytes, reader: _Reader | None, source: str) -> ProjectImport:
    root = parse_xml(data, source)
    ns = namespace(root.tag)
    if _local(root) != "Project" or ns not in PROJECT_NAMESPACES:
        raise ProjectError(
            f"{source}: not a REFI-QDA project (root element is {root.tag!r}, expected "
            f"Project in namespace {PROJECT_NS})"
        )

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}"

    name = (root.get("name") or "").strip() or "Imported project"
    book = Codebook(name=name, description=f"Imported from {root.get('origin') or 'REFI-QDA'}")
    users: dict[str, str] = {}
    for i, el in enumerate(root.findall(f"{q('Users')}/{q('User')}"), start=1):
        users[_guid(el, f"Users/User[{i}]", source)] = el.get("name") or el.get("id") or ""
    code_paths: dict[str, str] = {}
    codes_el = root.find(f"{q('CodeBook')}/{q('Codes')}")
    if codes_el is not None:
        code_paths = read_codes(book, codes_el, ns, source, "Project/CodeBook/Codes")
    out = ProjectImport(
        name=name,
        origin=root.get("origin") or "",
        book=book,
        code_paths=code_paths,
        users=users,
        cases=[],
        sources=[],
        notes={},
        note_targets={},
    )
    out.not_carried += read_sets(book, root.find(q("Sets")), ns, code_paths, source)
    # codes without a colour keep none: the window shows them grey, an export leaves it out
    variables = _variables(root, q, source)
    _variable_guids(out, variables)
    for i, el in enumerate(root.findall(f"{q('Cases')}/{q('Case')}"), start=1):
        where = f"Cases/Case[{i}]"
        desc = el.find(q("Description"))
        case = Case(
            guid=_guid(el, where, source),
            name=(el.get("name") or "").strip() or f"Case {i}",
            description=(desc.text or "").strip() if desc is not None else "",
            attributes=_values(el, q, variables, source, where),
            sources=[
                _guid(r, f"{where}/SourceRef", source, "targetGUID")
                for r in el.findall(q("SourceRef"))
            ],
            selections=[
                _guid(r, f"{where}/SelectionRef", source, "targetGUID")
                for r in el.findall(q("SelectionRef"))
            ],
        )
        if el.findall(q("CodeRef")):
            out.not_carried.append(
                f"{where} ({case.name}): {len(el.findall(q('CodeRef')))} code(s) applied to "
                "the case as a whole (Workbench codes text, not people)"
            )
        out.cases.append(case)
    note_spans: dict[str, tuple[str, list[ET.Element]]] = {}
    for i, el in enumerate(root.findall(f"{q('Notes')}/{q('Note')}"), start=1):
        where = f"Notes/Note[{i}]"
        guid = _guid(el, where, source)
        text = _source_text(el, q, reader, source, where, out)
        if text is None:
            continue
        out.notes[guid] = ProjectNote(
            guid,
            (el.get("name") or "").strip(),
            text,
            users.get((el.get("creatingUser") or "").strip("{}").lower(), ""),
            _when(el.get("creationDateTime")),
        )
        spans = el.findall(q("PlainTextSelection"))
        if spans:
            note_spans[guid] = (where, spans)
    sources_el = root.find(q("Sources"))
    for i, el in enumerate(list(sources_el) if sources_el is not None else [], start=1):
        kind = _local(el)
        where = f"Sources/{kind}[{i}]"
        label = el.get("name") or _guid(el, where, source)
        if kind == "TextSource":
            src = _text_source(el, el, q, reader, source, where, users, variables, out)
        elif kind == "PDFSource" and el.find(q("Representation")) is not None:
            src = _text_source(
                el,
                el.find(q("Representation")),
                q,
                reader,
                source,
                f"{where}/Representation",
                users,
                variables,
                out,
            )
            if src is not None:
                out.not_carried.append(
                    f"{where} ({label}): the PDF itself ({el.get('path') or 'no path'}); its "
                    "text representation came across"
                )
            if src is not None and el.findall(q("PDFSelection")):
                out.not_carried.append(
                    f"{where} ({label}): {len(el.findall(q('PDFSelection')))} selection(s) of "
                    "areas on the PDF's pages (its text representation came across)"
                )
        else:
            reason = {
                "PictureSource": "a picture",
                "AudioSource": "an audio recording",
                "VideoSource": "a video",
                "PDFSource": "a PDF without a text representation",
            }.get(kind, f"a {kind}")
            codings = len(list(el.iter(q("Coding"))))
            out.not_carried.append(
                f"{where} ({label}): {reason}, with {codings} coding(s); Workbench holds text "
                "material only"
            )
            continue
        if src is not None:
            out.sources.append(src)
    for tag, what in (
        ("Links", "links between codes and selections"),
        ("Graphs", "graphs (network views)"),
    ):
        el = root.find(q(tag))
        if el is not None and len(el):
            out.not_carried.append(f"{tag}: {len(el)} {what}; Workbench has no place for them")
    desc = root.find(q("Description"))
    out.description = (desc.text or "").strip() if desc is not None else ""
    _personal_notes(out)
    _note_targets(root, q, out, source)
    _case_sources(out, reader)
    _annotations(out, note_spans, q)
    from workbench.coding.qdpx_speakers import mark_speakers

    mark_speakers(out)
    return out


def _case_sources(out: ProjectImport, reader: _Reader | None) -> None:
    """Each case's sources, checked.  A ``SourceRef`` that names no source of the project
    but a file in ``sources/`` holding exactly one source's text (QualCoder 4 refers to the
    copy of the original document it puts there) is taken as that source; any other is
    listed as not carried."""
    texts: dict[str, list[str]] = {}
    for src in out.sources:
        texts.setdefault(src.text, []).append(src.guid)
    known = set().union(*texts.values()) if texts else set()
    for i, case in enumerate(out.cases, start=1):
        kept: list[str] = []
        for guid in case.sources:
            if guid in known:
                kept.append(guid)
                continue
            match: list[str] = []
            if reader is not None:
                member = next(
                    (n for low, n in reader.lower.items() if low.startswith(f"sources/{guid}.")),
                    None,
                )
                if member is not None:
                    try:
                        text = reader.member_text(f"internal://{member.split('/', 1)[1]}", "")
                    except ProjectError:
                        text = None
                    match = texts.get(text, []) if text is not None else []
            if len(match) == 1:
                kept.append(match[0])
            else:
                out.not_carried.append(
                    f"Cases/Case[{i}] ({case.name}): its link to source {guid}, which the "
                    "project does not hold"
                )
        case.sources = kept


def _annotations(
    out: ProjectImport, note_spans: dict[str, tuple[str, list[ET.Element]]], q: Any
) -> None:
    """A note that marks words of the source it is attached to (``PlainTextSelection``
    inside the note, as QualCoder writes its annotations) keeps those words in its title;
    selections that are coded, or that no source of the note holds, are listed."""
    texts = {src.guid: src.text for src in out.sources}
    placed = {src.guid: src.placement for src in out.sources}
    for guid, (where, spans) in note_spans.items():
        note = out.notes[guid]
        kind, target = out.note_targets.get(guid, ("", ""))
        text = texts.get(target) if kind == "source" else None
        marked: list[str] = []
        for j, sel in enumerate(spans, start=1):
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                start, end = -1, -1
            at = placed[target].place(start, end) if text is not None else None
            if sel.findall(q("Coding")):
                why = "a coded selection inside a note (Workbench codes interview material)"
            elif text is None:
                why = "a selection inside a note that is attached to no source"
            elif at is None or at[0] == at[1]:
                why = f"a selection inside a note at {start}–{end}, outside its source's text"
            else:
                why = ""
            if why:
                out.not_carried.append(f"{where}/PlainTextSelection[{j}]: {why}")
                continue
            start, end = at or (0, 0)
            marked.append(f"“{text[start:end]}” ({start}–{end})")
        if marked:
            note.title = f"{note.title or 'Note'} on {', '.join(marked)}"
            out.reshaped.append(
                f"{where}: a note anchored to {', '.join(marked)} becomes a memo on the "
                "interview without its anchor (Workbench memos mark no words); the words are "
                "in its title"
            )


def _variable_guids(out: ProjectImport, variables: dict[str, tuple[str, str]]) -> None:
    """Workbench names a variable by its name: one whose GUID differs from the one a
    Workbench export gives that name is listed (an export writes that other GUID)."""
    from workbench.coding.qdpx_export import variable_guid

    renewed = [name for guid, (name, _) in variables.items() if variable_guid(name) != guid]
    if renewed:
        out.reshaped.append(
            f"Variables: {len(renewed)} variable(s) ({', '.join(renewed)}) kept by name; an "
            "export gives them new GUIDs"
        )


def _variables(root: ET.Element, q: Any, source: str) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for i, el in enumerate(root.findall(f"{q('Variables')}/{q('Variable')}"), start=1):
        found[_guid(el, f"Variables/Variable[{i}]", source)] = (
            (el.get("name") or "").strip() or f"Variable {i}",
            el.get("typeOfVariable") or "Text",
        )
    return found


def _values(
    el: ET.Element, q: Any, variables: dict[str, tuple[str, str]], source: str, where: str
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for j, vv in enumerate(el.findall(q("VariableValue")), start=1):
        ref = vv.find(q("VariableRef"))
        if ref is None:
            raise ProjectError(f"{source}: {where}/VariableValue[{j}] has no VariableRef")
        guid = _guid(ref, f"{where}/VariableValue[{j}]/VariableRef", source, "targetGUID")
        if guid not in variables:
            raise ProjectError(
                f"{source}: {where}/VariableValue[{j}] names variable {guid}, which the "
                "project does not declare"
            )
        name, _kind = variables[guid]
        value: Any = None
        for child in vv:
            tag = _local(child)
            if tag == "VariableRef":
                continue
            text = (child.text or "").strip()
            if tag == "BooleanValue":
                value = text.lower() in ("true", "1")
            elif tag == "IntegerValue":
                value = int(text) if text.lstrip("-").isdigit() else text
            elif tag == "FloatValue":
                try:
                    value = float(text)
                except ValueError:
                    value = text
            else:
                value = text
        if value is not None:
            values[name] = value
    return values


def _source_text(
    el: ET.Element, q: Any, reader: _Reader | None, source: str, where: str, out: ProjectImport
) -> str | None:
    content = el.find(q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    path = el.get("plainTextPath") or ""
    if path.startswith("internal://"):
        if reader is None:
            raise ProjectError(f"{source}: {where}: {path!r} needs the .qdpx it came in")
        return reader.member_text(path, where)
    # a bare file name (qc writes them) for a file the project holds in sources/
    bare = path and not any(c in path for c in ":/\\")
    if reader is not None and bare and f"sources/{path}".lower() in reader.lower:
        return reader.member_text(f"internal://{path}", where)
    label = el.get("name") or where
    out.not_carried.append(
        f"{where} ({label}): its text is outside the project file "
        f"({path or 'no plainTextPath'}); export the project with its sources embedded"
    )
    return None


def _text_source(
    el: ET.Element,
    text_el: ET.Element,
    q: Any,
    reader: _Reader | None,
    source: str,
    where: str,
    users: dict[str, str],
    variables: dict[str, tuple[str, str]],
    out: ProjectImport,
) -> Source | None:
    from workbench.coding.qdpx_positions import UTF16, placement

    raw = _source_text(text_el, q, reader, source, where, out)
    if raw is None:
        return None
    spans: list[tuple[int, int, str]] = []
    for j, sel in enumerate(text_el.findall(q("PlainTextSelection")), start=1):
        try:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            raise ProjectError(
                f"{source}: {where}/PlainTextSelection[{j}]: start and end positions must be "
                "numbers"
            ) from None
        spans.append((start, end, sel.get("name") or ""))
    placed = placement(raw, spans, out.origin, own=out.origin.startswith("Workbench"))
    text = placed.text
    guid = _guid(el, where, source)
    # a source without a name is called by its file when that is not one inside the project
    path = text_el.get("plainTextPath") or ""
    file_name = "" if path.startswith("internal://") else PurePosixPath(path.split("://")[-1]).name
    src = Source(
        guid=guid,
        name=(el.get("name") or "").strip() or file_name or f"Source {guid[:8]}",
        text=text,
        where=where,
        created=_when(el.get("creationDateTime")),
        creator=users.get((el.get("creatingUser") or "").strip("{}").lower(), ""),
        variables=_values(el, q, variables, source, where),
        description=_description(el, q),
        placement=placed,
    )
    if placed.counting == UTF16 and spans:
        out.converted.append(
            f"{where} ({src.name}): its selections' positions fit UTF-16 units (an emoji "
            "counts two), not characters; converted to characters"
        )
    if "\r" in raw and text != raw:
        out.converted.append(
            f"{where} ({src.name}): Windows (CRLF) line ends stored as LF, positions moved "
            "to match"
        )
    if text_el.get("richTextPath"):
        out.not_carried.append(
            f"{where} ({src.name}): its rich text (formatting, {text_el.get('richTextPath')}); "
            "the plain text came across"
        )
    for j, sel in enumerate(text_el.findall(q("PlainTextSelection")), start=1):
        here = f"{where}/PlainTextSelection[{j}]"
        start, end, _name = spans[j - 1]
        at = placed.place(start, end)
        if at is None:
            raise ProjectError(
                f"{source}: {here}: positions {start}–{end} fall outside the source's "
                f"{placed.length:,} {placed.counting} (or split a character)"
            )
        start, end = at
        src.selections.append(
            Selection(
                guid=_guid(sel, here, source),
                start=start,
                end=end,
                codings=_codings(sel, q, source, here, out),
                created=_when(sel.get("creationDateTime")),
                description=_description(sel, q),
                user=(sel.get("creatingUser") or "").strip("{}").lower(),
            )
        )
        if not src.selections[-1].codings and not src.selections[-1].description:
            out.not_carried.append(
                f"{here}: a selection with no code and no description (Workbench keeps "
                "coded text only)"
            )
    whole = _codings(text_el, q, source, where, out)
    if whole:
        src.selections.append(
            Selection(
                str(uuid.uuid5(IMPORT_NS, f"whole\n{guid}")), 0, len(text), whole, src.created
            )
        )
    client = src.variables.pop(VAR_CLIENT, "")
    if client and not out.client:
        out.client = str(client)
    if VAR_TURNS in src.variables:
        src.turns = _turns(src, source, where, out)
    return src


def _turns(src: Source, source: str, where: str, out: ProjectImport) -> list[SourceTurn]:
    """The speaker turns a Workbench export listed for a transcript source, checked: each
    turn's words inside the text, in order, not overlapping."""
    import json

    value = src.variables.pop(VAR_TURNS)
    try:
        rows = json.loads(str(value))
        turns = [
            SourceTurn(str(r[0]).strip("{}").lower(), int(r[1]), int(r[2]), str(r[3]), str(r[4]))
            for r in rows
        ]
    except (ValueError, TypeError, IndexError, KeyError):
        out.not_carried.append(
            f"{where} ({src.name}): its '{VAR_TURNS}' value is not a list of turns; the "
            "source came across as one note"
        )
        return []
    last = 0
    for k, turn in enumerate(turns, start=1):
        at = src.placement.place(turn.start, turn.end) if src.placement else None
        if at is not None:
            turn.start, turn.end = at
        if not is_guid(turn.note_id):
            raise ProjectError(
                f"{source}: {where}: '{VAR_TURNS}' turn {k}: {turn.note_id!r} is not a GUID"
            )
        if not last <= turn.start <= turn.end <= len(src.text):
            raise ProjectError(
                f"{source}: {where}: '{VAR_TURNS}' turn {k}: words at {turn.start}–{turn.end} "
                f"fall outside the source's {len(src.text):,} characters or overlap the turn "
                "before"
            )
        last = turn.end
    if len({t.note_id for t in turns}) != len(turns):
        raise ProjectError(f"{source}: {where}: '{VAR_TURNS}' names one note twice")
    return turns


def _description(el: ET.Element, q: Any) -> str:
    desc = el.find(q("Description"))
    return (desc.text or "").strip() if desc is not None else ""


def _codings(
    el: ET.Element, q: Any, source: str, where: str, out: ProjectImport
) -> list[tuple[str, str, str]]:
    found = []
    for k, coding in enumerate(el.findall(q("Coding")), start=1):
        here = f"{where}/Coding[{k}]"
        ref = coding.find(q("CodeRef"))
        if ref is None:
            raise ProjectError(f"{source}: {here} has no CodeRef")
        code = _guid(ref, f"{here}/CodeRef", source, "targetGUID")
        if code not in out.code_paths:
            raise ProjectError(
                f"{source}: {here}/CodeRef names code {code}, which is not in the codebook"
            )
        # the coding's own creating user (none when it names none: the selection's counts)
        user = (coding.get("creatingUser") or "").strip("{}").lower()
        found.append((_guid(coding, here, source), code, user))
    return found


def _note_targets(root: ET.Element, q: Any, out: ProjectImport, source: str) -> None:
    """Where each note is referred to from: a code, a source, a selection or the project."""
    targets: dict[str, tuple[str, str]] = {}
    for code_el in root.iter(q("Code")):
        for ref in code_el.findall(q("NoteRef")):
            targets.setdefault(
                _guid(ref, "Code/NoteRef", source, "targetGUID"),
                ("code", _guid(code_el, "Code", source)),
            )
    for el in root.iter():
        tag = _local(el)
        kind = {
            "TextSource": "source",
            "PDFSource": "source",
            "PlainTextSelection": "selection",
        }.get(tag)
        if kind is None or el.get("guid") is None:
            continue
        for ref in el.findall(q("NoteRef")):
            targets.setdefault(
                _guid(ref, f"{tag}/NoteRef", source, "targetGUID"), (kind, _guid(el, tag, source))
            )
    for ref in root.findall(q("NoteRef")):
        targets.setdefault(_guid(ref, "Project/NoteRef", source, "targetGUID"), ("engagement", ""))
    out.note_targets = {k: v for k, v in targets.items() if k in out.notes}
