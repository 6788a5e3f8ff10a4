"""REFI-QDA codebook exchange (``.qdc``), the format other QDA tools read and write.

Structure (Codebook.xsd, namespace ``urn:QDA-XML:codebook:1.0``)::

    <CodeBook origin="Workbench 0.1.0">
      <Codes>
        <Code guid="…" name="…" isCodable="true" color="#rrggbb">
          <Description>…</Description>
          <Code …/>            (children, nested)
        </Code>
      </Codes>
    </CodeBook>

The standard has one free-text ``Description`` per code.  Workbench writes its codebook
fields into it as labelled paragraphs, one label per line start, which other tools show
as readable text and :func:`import_qdc` parses back::

    Short definition: …
    Definition: …
    When to use: …
    When not to use: …
    Example: …
    Origin: deductive

A description without any of these labels (written by another tool) becomes the code's
full definition.  ``guid`` is the GUID the code came with (or the stored code's id), else
the entry's key when that is a GUID, otherwise a stable UUID5 of the codebook name and the
code path, so re-exporting gives the same GUIDs.  A category (``isCodable="false"``)
stays a category, and code sets (``<Sets>``) are read and written.

The namespace the tools write varies: NVivo writes ``urn:QDA-XML:codebook:1:0``, ATLAS.ti
``urn:QDA-XML:codebook:0:4``, MAXQDA and QualCoder ``urn:QDA-XML:codebook:1.0``; all are
read.  The standard's schema requires at least one code, so an empty codebook is refused
on export with that reason instead of being written invalid.  Parsing goes through
``defusedxml`` (no entity expansion, no external entities).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

import workbench
from workbench.coding.codebook import Codebook, CodebookError, CodeEntry, slug

NS = "urn:QDA-XML:codebook:1.0"
# Spellings of the codebook namespace written by NVivo (1:0), ATLAS.ti (0:4) and the
# standard (1.0); the project namespace of a .qdpx comes in the same variants.
CODEBOOK_NAMESPACES = frozenset(
    {NS, "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:0.4"}
)
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
_GUID = re.compile(
    r"^(\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?(1)\})$"
)
_LABELS = (
    ("description", "Short definition"),
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
    ("origin", "Origin"),
)
_LABEL_RE = re.compile(
    r"^(" + "|".join(re.escape(label) for _, label in _LABELS) + r"):[ \t]*", re.MULTILINE
)
MAX_QDC_BYTES = 50 * 1024**2
MAX_DEPTH = 32  # levels of codes within codes
MAX_CODES = 20_000
_WORKBENCH_NS = uuid.UUID("6f1c7a52-2d0e-4c55-9a1b-3a4f0e9d2b11")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def is_guid(text: str) -> bool:
    return bool(_GUID.match(text or ""))


def code_guid(book: Codebook, entry: CodeEntry) -> str:
    if is_guid(entry.guid):
        return entry.guid.strip("{}").lower()
    if _GUID.match(entry.key):
        return entry.key.strip("{}").lower()
    return str(uuid.uuid5(_WORKBENCH_NS, f"{book.name}\n{entry.path}"))


def format_description(entry: CodeEntry) -> str:
    """The code's fields as labelled paragraphs; a code that has only a full definition
    (and the "inductive" origin, which an unlabelled description is read as) is written
    as that text alone, and one with nothing as no description, so that a description
    another tool wrote comes back exactly as it was."""
    others = ("description", "when_to_use", "when_not_to_use", "example")
    if entry.origin == "inductive" and not any(getattr(entry, a) for a in others):
        text = entry.definition
        if not _LABEL_RE.search(text.strip()):
            return text
    parts = []
    for attr, label in _LABELS:
        value = getattr(entry, attr)
        if attr == "origin" or value:
            parts.append(f"{label}: {value}")
    return "\n\n".join(parts)


def parse_description(text: str) -> dict[str, str]:
    """Labelled paragraphs back into fields; unlabelled text is the full definition, kept
    exactly as written (line breaks and spaces at its ends too)."""
    raw = text or ""
    text = raw.strip()
    matches = list(_LABEL_RE.finditer(text))
    if not matches:
        return {"definition": raw} if text else {}
    by_label = {label: attr for attr, label in _LABELS}
    out: dict[str, str] = {}
    preamble = text[: matches[0].start()].strip()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out[by_label[m.group(1)]] = text[m.end() : end].strip()
    if preamble:
        out["definition"] = (preamble + "\n\n" + out.get("definition", "")).strip()
    return out


def add_codes(parent_el: ET.Element, book: Codebook, ns: str) -> dict[str, str]:
    """Write the codebook's codes under ``parent_el``; returns code path -> GUID."""
    guids: dict[str, str] = {}

    def add(el_parent: ET.Element, entry: CodeEntry) -> None:
        guid = code_guid(book, entry)
        guids[entry.path] = guid
        attrs = {
            "guid": guid,
            "name": entry.name,
            "isCodable": "true" if entry.codable else "false",
        }
        if entry.colour:
            attrs["color"] = entry.colour.upper()
        el = ET.SubElement(el_parent, f"{{{ns}}}Code", attrs)
        description = format_description(entry)
        if description:
            ET.SubElement(el, f"{{{ns}}}Description").text = description
        for child in book.children(entry.path):  # Description first, then Code: xsd order
            add(el, child)

    for entry in book.roots():
        add(parent_el, entry)
    return guids


def add_sets(
    parent_el: ET.Element,
    book: Codebook,
    guids: dict[str, str],
    ns: str,
    member_attr: str = "guid",
) -> None:
    """``<Sets>`` with each set's member codes (only when the codebook has sets)."""
    if not book.sets:
        return
    sets_el = ET.SubElement(parent_el, f"{{{ns}}}Sets")
    for code_set in book.sets:
        guid = code_set.get("guid") or str(uuid.uuid5(_WORKBENCH_NS, f"set\n{code_set['name']}"))
        el = ET.SubElement(sets_el, f"{{{ns}}}Set", {"guid": guid, "name": code_set["name"]})
        if code_set.get("description"):
            ET.SubElement(el, f"{{{ns}}}Description").text = code_set["description"]
        for path in code_set.get("codes", []):
            if path in guids:
                ET.SubElement(el, f"{{{ns}}}MemberCode", {member_attr: guids[path]})


def codebook_to_qdc(book: Codebook) -> bytes:
    if not len(book):
        raise CodebookError(
            "the codebook has no codes, and a REFI-QDA codebook must hold at least one "
            "(Codebook.xsd); nothing was written"
        )
    ET.register_namespace("", NS)
    root = ET.Element(_q("CodeBook"), {"origin": f"Workbench {workbench.__version__}"})
    codes_el = ET.SubElement(root, _q("Codes"))
    guids = add_codes(codes_el, book, NS)
    add_sets(root, book, guids, NS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_qdc(book: Codebook, path: str | Path) -> None:
    from workbench.paths import atomic_path

    data = codebook_to_qdc(book)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def parse_xml(data: bytes | str, source: str) -> ET.Element:
    """Parse safely; refusals name the file, and the line and column of bad XML."""
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise CodebookError(f"{source}: refused unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        line, col = exc.position
        raise CodebookError(
            f"{source}: line {line}, column {col + 1}: not well-formed XML"
        ) from None


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def read_codes(
    book: Codebook, codes_el: ET.Element, ns: str, source: str, where: str
) -> dict[str, str]:
    """Add the ``<Code>`` elements under ``codes_el`` to ``book``; returns GUID -> path."""
    by_guid: dict[str, str] = {}
    count = 0

    def visit(el: ET.Element, parent: str, here_prefix: str, depth: int = 1) -> None:
        nonlocal count
        for i, code_el in enumerate(el.findall(f"{{{ns}}}Code"), start=1):
            count += 1
            here = f"{here_prefix}/Code[{i}]"
            if depth > MAX_DEPTH:
                raise CodebookError(
                    f"{source}: codes are nested more than {MAX_DEPTH} levels deep "
                    f"(at {here}); refused"
                )
            if count > MAX_CODES:
                raise CodebookError(f"{source}: more than {MAX_CODES:,} codes; refused")
            code_name = (code_el.get("name") or "").strip()
            if not code_name:
                raise CodebookError(f"{source}: {here} has no name attribute")
            guid = code_el.get("guid") or ""
            if not _GUID.match(guid):
                raise CodebookError(f"{source}: {here} ({code_name}): guid {guid!r} is not a GUID")
            guid = guid.strip("{}").lower()
            if guid in by_guid:
                raise CodebookError(f"{source}: {here} ({code_name}): guid {guid} is used twice")
            codable = (code_el.get("isCodable") or "true").strip().lower()
            if codable not in ("true", "false", "1", "0"):
                raise CodebookError(
                    f"{source}: {here} ({code_name}): isCodable {codable!r} is not true or false"
                )
            desc_el = code_el.find(f"{{{ns}}}Description")
            fields = parse_description(desc_el.text if desc_el is not None else "")
            origin = fields.pop("origin", "").strip().lower()
            colour = (code_el.get("color") or "").lower()
            if re.fullmatch(r"#[0-9a-f]{3}", colour):
                colour = "#" + "".join(ch * 2 for ch in colour[1:])
            clean_name = code_name.replace("/", "-")  # "/" separates path levels
            entry = CodeEntry(
                name=clean_name,
                parent=parent,
                colour=colour if re.fullmatch(r"#[0-9a-f]{6}", colour) else "",
                origin=origin if origin in ("deductive", "inductive") else "inductive",
                guid=guid,
                codable=codable in ("true", "1"),
                **fields,
            )
            if entry.path in book:
                raise CodebookError(f"{source}: {here}: two codes are called {entry.path!r}")
            entry.key = slug(entry.path)
            book.add(entry)
            by_guid[guid] = entry.path
            visit(code_el, entry.path, here, depth + 1)

    visit(codes_el, "", where)
    return by_guid


def read_sets(
    book: Codebook, sets_el: ET.Element | None, ns: str, by_guid: dict[str, str], source: str
) -> list[str]:
    """Code sets into ``book.sets``; returns what could not be carried (members not codes)."""
    dropped: list[str] = []
    if sets_el is None:
        return dropped
    for i, set_el in enumerate(sets_el.findall(f"{{{ns}}}Set"), start=1):
        name = (set_el.get("name") or "").strip()
        guid = set_el.get("guid") or ""
        if not name or not _GUID.match(guid):
            raise CodebookError(f"{source}: Sets/Set[{i}] needs a name and a GUID")
        members = []
        for m in set_el.findall(f"{{{ns}}}MemberCode"):
            g = (m.get("targetGUID") or m.get("guid") or "").strip("{}").lower()
            if g not in by_guid:
                raise CodebookError(
                    f"{source}: Sets/Set[{i}] ({name}) names code {g!r}, which is not in "
                    "the codebook"
                )
            members.append(by_guid[g])
        others = [el for el in set_el if el.tag.split("}")[-1] in ("MemberSource", "MemberNote")]
        if others:
            dropped.append(
                f"set {name!r}: {len(others)} member source(s)/note(s) (Workbench sets hold codes)"
            )
        desc = set_el.find(f"{{{ns}}}Description")
        book.sets.append(
            {
                "guid": guid.strip("{}").lower(),
                "name": name,
                "description": (desc.text or "").strip() if desc is not None else "",
                "codes": members,
            }
        )
    return dropped


def qdc_to_codebook(data: bytes | str, source: str = "<qdc>", name: str | None = None) -> Codebook:
    root = parse_xml(data, source)
    ns = namespace(root.tag)
    if root.tag.split("}")[-1] != "CodeBook" or ns not in CODEBOOK_NAMESPACES:
        raise CodebookError(
            f"{source}: not a REFI-QDA codebook (root element is {root.tag!r}, "
            f"expected CodeBook in namespace {NS})"
        )
    codes_el = root.find(f"{{{ns}}}Codes")
    if codes_el is None:
        raise CodebookError(f"{source}: the CodeBook has no Codes element")
    book = Codebook(name=name or Path(source).stem or "Imported codebook")
    book.description = f"Imported from {root.get('origin')}" if root.get("origin") else ""
    by_guid = read_codes(book, codes_el, ns, source, "CodeBook/Codes")
    if not by_guid:
        raise CodebookError(f"{source}: the codebook has no codes")
    read_sets(book, root.find(f"{{{ns}}}Sets"), ns, by_guid, source)
    book.fill_colours()
    return book


def import_qdc(path: str | Path, name: str | None = None) -> Codebook:
    from workbench.limits import InputLimitError, check_input_file

    path = Path(path)
    try:
        check_input_file(path, "codebook")
        if path.stat().st_size > MAX_QDC_BYTES:
            raise CodebookError(
                f"{path}: the codebook is over {MAX_QDC_BYTES // 1024**2} MB; refused"
            )
        data = path.read_bytes()
    except InputLimitError as exc:
        raise CodebookError(str(exc)) from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return qdc_to_codebook(data, str(path), name=name)
