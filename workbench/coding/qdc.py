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
full definition.  ``guid`` is the entry's key when that is a GUID, otherwise a stable
UUID5 of the codebook name and the code path, so re-exporting gives the same GUIDs.
Parsing goes through ``defusedxml`` (no entity expansion, no external entities).
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


def code_guid(book: Codebook, entry: CodeEntry) -> str:
    if _GUID.match(entry.key):
        return entry.key.strip("{}").lower()
    return str(uuid.uuid5(_WORKBENCH_NS, f"{book.name}\n{entry.path}"))


def format_description(entry: CodeEntry) -> str:
    parts = []
    for attr, label in _LABELS:
        value = getattr(entry, attr)
        if attr == "origin" or value:
            parts.append(f"{label}: {value}")
    return "\n\n".join(parts)


def parse_description(text: str) -> dict[str, str]:
    """Labelled paragraphs back into fields; unlabelled text is the full definition."""
    text = (text or "").strip()
    matches = list(_LABEL_RE.finditer(text))
    if not matches:
        return {"definition": text} if text else {}
    by_label = {label: attr for attr, label in _LABELS}
    out: dict[str, str] = {}
    preamble = text[: matches[0].start()].strip()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out[by_label[m.group(1)]] = text[m.end() : end].strip()
    if preamble:
        out["definition"] = (preamble + "\n\n" + out.get("definition", "")).strip()
    return out


def codebook_to_qdc(book: Codebook) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(_q("CodeBook"), {"origin": f"Workbench {workbench.__version__}"})
    codes_el = ET.SubElement(root, _q("Codes"))

    def add(parent_el: ET.Element, entry: CodeEntry) -> None:
        attrs = {"guid": code_guid(book, entry), "name": entry.name, "isCodable": "true"}
        if entry.colour:
            attrs["color"] = entry.colour.upper()
        el = ET.SubElement(parent_el, _q("Code"), attrs)
        description = format_description(entry)
        if description:
            ET.SubElement(el, _q("Description")).text = description
        for child in book.children(entry.path):  # Description first, then Code: xsd order
            add(el, child)

    for entry in book.roots():
        add(codes_el, entry)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_qdc(book: Codebook, path: str | Path) -> None:
    from workbench.paths import atomic_path

    data = codebook_to_qdc(book)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def qdc_to_codebook(data: bytes | str, source: str = "<qdc>", name: str | None = None) -> Codebook:
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise CodebookError(f"{source}: refused unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        line, col = exc.position
        raise CodebookError(
            f"{source}: line {line}, column {col + 1}: not well-formed XML"
        ) from None
    if root.tag != _q("CodeBook"):
        raise CodebookError(
            f"{source}: not a REFI-QDA codebook (root element is {root.tag!r}, "
            f"expected CodeBook in namespace {NS})"
        )
    codes_el = root.find(_q("Codes"))
    if codes_el is None:
        raise CodebookError(f"{source}: the CodeBook has no Codes element")
    book = Codebook(name=name or Path(source).stem or "Imported codebook")
    book.description = f"Imported from {root.get('origin')}" if root.get("origin") else ""
    count = 0

    def visit(el: ET.Element, parent: str, where: str, depth: int = 1) -> None:
        nonlocal count
        for i, code_el in enumerate(el.findall(_q("Code")), start=1):
            count += 1
            here = f"{where}/Code[{i}]"
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
            desc_el = code_el.find(_q("Description"))
            fields = parse_description(desc_el.text if desc_el is not None else "")
            origin = fields.pop("origin", "").strip().lower()
            colour = (code_el.get("color") or "").lower()
            clean_name = code_name.replace("/", "-")  # "/" separates path levels
            entry = CodeEntry(
                name=clean_name,
                parent=parent,
                colour=colour if re.fullmatch(r"#[0-9a-f]{6}", colour) else "",
                origin=origin if origin in ("deductive", "inductive") else "inductive",
                **fields,
            )
            if entry.path in book:
                raise CodebookError(f"{source}: {here}: two codes are called {entry.path!r}")
            entry.key = slug(entry.path)
            book.add(entry)
            visit(code_el, entry.path, here, depth + 1)

    visit(codes_el, "", "CodeBook/Codes")
    if not count:
        raise CodebookError(f"{source}: the codebook has no codes")
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
