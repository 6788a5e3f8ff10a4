"""Codebooks: hierarchy, YAML, sheets (.xlsx/.csv), REFI-QDA .qdc, built-ins."""

from __future__ import annotations

import re
import textwrap

import pytest
from defusedxml import ElementTree as SafeET

from workbench.coding.codebook import (
    Codebook,
    CodebookError,
    CodeEntry,
    builtin_codebooks,
    codebook_to_yaml,
    load_codebook,
    load_codebook_sheet,
    load_codebook_yaml,
    write_codebook_sheet,
)
from workbench.coding.qdc import (
    NS,
    codebook_to_qdc,
    export_qdc,
    import_qdc,
    parse_description,
    qdc_to_codebook,
)
from workbench.coding.rules import load_ruleset
from workbench.paths import resources_dir

FIELDS = ("name", "parent", "key", "colour", "description", "definition", "when_to_use",
          "when_not_to_use", "example", "origin")  # fmt: skip


def sample() -> Codebook:
    book = Codebook("Sample", "A test codebook")
    book.add(CodeEntry("Service lifecycle", colour="#112233", description="All of it"))
    book.add(CodeEntry("Operation", parent="Service lifecycle", colour="#223344"))
    book.add(
        CodeEntry(
            "Incident management",
            parent="Service lifecycle/Operation",
            colour="#AA0000",
            description="Restoring service.",
            definition="Logging and resolving incidents.\n\nSecond paragraph.",
            when_to_use="Outages: faults, breakages.",
            when_not_to_use="Root causes (that is Problem).",
            example="“Email was down for a day.”",
        )
    )
    book.add(CodeEntry("Trust", colour="#00aa00", origin="inductive", example="We trust them"))
    return book


def same(a: Codebook, b: Codebook, fields=FIELDS) -> None:
    assert a.paths() == b.paths()
    for x, y in zip(a.codes, b.codes, strict=True):
        for f in fields:
            assert getattr(x, f) == getattr(y, f), (x.path, f)


def test_hierarchy_helpers():
    book = sample()
    assert book.paths()[2] == "Service lifecycle/Operation/Incident management"
    assert book.get("Service lifecycle / Operation / Incident management").colour == "#aa0000"
    assert [c.name for c in book.roots()] == ["Service lifecycle", "Trust"]
    assert [c.name for c in book.children("Service lifecycle")] == ["Operation"]
    assert [c.name for c in book.descendants("Service lifecycle")] == [
        "Operation",
        "Incident management",
    ]
    assert [c.name for c in book.ancestors("Service lifecycle/Operation/Incident management")] == [
        "Service lifecycle", "Operation"]  # fmt: skip
    assert [c.name for c in book.leaves()] == ["Incident management", "Trust"]
    assert book.get("Service lifecycle/Operation/Incident management").depth == 2
    assert book.get("Service lifecycle/Operation").key == "service-lifecycle.operation"
    assert "Trust" in book and "Nope" not in book
    with pytest.raises(CodebookError, match="no parent 'Missing'"):
        book.add(CodeEntry("X", parent="Missing"))
    with pytest.raises(CodebookError, match="already a code 'Trust'"):
        book.add(CodeEntry("Trust"))
    entry = book.ensure_path("New/Deeper/Leaf")
    assert entry.path == "New/Deeper/Leaf" and "New/Deeper" in book


def test_yaml_round_trip(tmp_path):
    book = sample()
    text = codebook_to_yaml(book, tmp_path / "book.yaml")
    assert "children:" in text  # nested form
    back = load_codebook_yaml(tmp_path / "book.yaml")
    assert back.name == "Sample" and back.description == "A test codebook"
    same(book, back)


def test_yaml_flat_form_and_defaults(tmp_path):
    path = tmp_path / "flat.yaml"
    path.write_text(
        textwrap.dedent(
            """
            name: Flat
            codes:
              - {name: Top, color: "#ABCDEF", short: The top}
              - {name: Child, parent: Top}
              - Bare
            """
        ),
        encoding="utf-8",
    )
    book = load_codebook(path)
    assert book.paths() == ["Top", "Top/Child", "Bare"]
    assert book.get("Top").colour == "#abcdef" and book.get("Top").description == "The top"
    colours = [c.colour for c in book]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours) and len(set(colours)) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name: X\ncodes: []\n", "'codes' must be a non-empty list"),
        ("codes: [{name: A}]\n", "the codebook has no 'name'"),
        ("name: X\ncodes:\n  - {name: A, colour: red}\n", r"codes\[0\] \(A\): colour 'red' is not of the form #rrggbb"),
        ("name: X\ncodes:\n  - {name: A, colur: '#000000'}\n", r"codes\[0\]: unknown field\(s\) colur"),
        ("name: X\ncodes:\n  - {name: A, children: [{name: B}, {name: B}]}\n", r"codes\[0\]\.children\[1\]: there is already a code 'A/B'"),
        ("name: X\ncodes:\n  - {name: A, parent: Nowhere}\n", r"codes\[0\]: 'Nowhere/A' has no parent 'Nowhere'"),
        ("name: X\ncodes:\n  - {name: 'A/B'}\n", "contains '/'"),
        ("name: X\ncodes:\n  - {name: A, origin: imagined}\n", "origin 'imagined'"),
        ("name: X\ncodes: [\n", "line 3, column 1 is not valid YAML"),
    ],
)  # fmt: skip
def test_yaml_errors_name_file_and_entry(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook_yaml(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_sheet_round_trip(tmp_path, suffix):
    book = sample()
    path = tmp_path / f"book{suffix}"
    write_codebook_sheet(book, path)
    back = load_codebook_sheet(path, name="Sample")
    same(book, back)
    assert load_codebook(path).name == "book"


def test_sheet_minimal_columns_create_parents(tmp_path):
    path = tmp_path / "min.csv"
    path.write_text(
        "Path,Colour,Definition,When to use,When not to use,Example\n"
        "Design/Capacity,4e79a7,Enough capacity,Slowness,Outages,Disk full\n"
        "Design,#000000,The design stage,,,\n"
        "\n",
        encoding="utf-8",
    )
    book = load_codebook_sheet(path)
    assert book.paths() == ["Design", "Design/Capacity"]
    assert book.get("Design").definition == "The design stage"  # described after its child
    assert book.get("Design/Capacity").colour == "#4e79a7"
    assert book.get("Design/Capacity").when_not_to_use == "Outages"


def test_sheet_xlsx_written_by_openpyxl_read_by_calamine(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["path", "colour", "definition"])
    wb.active.append(["A", "#123456", "First"])
    wb.active.append(["A/B", None, 12])  # a number in a text column reads as text
    wb.save(tmp_path / "hand.xlsx")
    book = load_codebook_sheet(tmp_path / "hand.xlsx")
    assert book.paths() == ["A", "A/B"] and book.get("A/B").definition == "12"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("name,colour\nA,#000000\n", "row 1 needs a 'path' column"),
        (
            "path,colour,notes\nA,#000000,x\n",
            r"row 1, column C \('notes'\) is not a codebook column",
        ),
        (
            "path,colour\nA,#000000\nB,blue\n",
            r"row 3, column B \(colour\): 'blue' is not of the form #rrggbb",
        ),
        ("path,colour\nA,#000000\n,#111111\n", r"row 3, column A \(path\) is empty"),
        ("path,definition\nA,x\nA,y\n", "row 3: the code 'A' appears twice"),
        ("path,origin\nA,guessed\n", r"row 2, column B \(origin\)"),
        ("path\n", "header but no codes"),
    ],
)
def test_sheet_errors_name_row_and_column(tmp_path, rows, message):
    path = tmp_path / "bad.csv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook_sheet(path)
    assert str(path) in str(info.value)


def test_sheet_unsupported_or_unreadable(tmp_path):
    with pytest.raises(CodebookError, match="must be .xlsx"):
        write_codebook_sheet(sample(), tmp_path / "x.txt")
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook_sheet(tmp_path / "missing.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(CodebookError, match="broken.xlsx: cannot read the sheet"):
        load_codebook_sheet(tmp_path / "broken.xlsx")


# -- REFI-QDA .qdc -------------------------------------------------------------------
def test_qdc_structure():
    root = SafeET.fromstring(codebook_to_qdc(sample()))
    q = f"{{{NS}}}"
    assert root.tag == q + "CodeBook" and root.get("origin").startswith("Workbench")
    top = root.find(q + "Codes").findall(q + "Code")
    assert [c.get("name") for c in top] == ["Service lifecycle", "Trust"]
    operation = top[0].find(q + "Code")
    incident = operation.find(q + "Code")
    assert incident.get("name") == "Incident management"
    assert incident.get("color") == "#AA0000" and incident.get("isCodable") == "true"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", incident.get("guid")
    )
    # xsd order: Description before the child Codes.
    assert [child.tag for child in top[0]] == [q + "Description", q + "Code"]
    assert "When not to use: Root causes" in incident.find(q + "Description").text
    # stable GUIDs across exports
    assert codebook_to_qdc(sample()) == codebook_to_qdc(sample())


def test_qdc_round_trip(tmp_path):
    book = sample()
    export_qdc(book, tmp_path / "book.qdc")
    back = import_qdc(tmp_path / "book.qdc", name="Sample")
    same(book, back)


def test_qdc_foreign_description_and_missing_colour():
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
    <CodeBook xmlns="{NS}" origin="MAXQDA">
      <Codes>
        <Code guid="{{0B4E36D6-2C0A-4D2A-9E3A-1E2B3C4D5E6F}}" name="Trust" isCodable="false">
          <Description>When customers believe the provider.
Example: but from another tool</Description>
          <Code guid="1b4e36d6-2c0a-4d2a-9e3a-1e2b3c4d5e6f" name="Broken/kept promises" isCodable="true" color="#FF0000"/>
        </Code>
      </Codes>
    </CodeBook>"""
    book = qdc_to_codebook(xml.encode(), "other.qdc")
    assert book.paths() == ["Trust", "Trust/Broken-kept promises"]
    trust = book.get("Trust")
    assert trust.definition == "When customers believe the provider."
    assert trust.example == "but from another tool"
    assert trust.origin == "inductive" and re.fullmatch(r"#[0-9a-f]{6}", trust.colour)
    assert book.get("Trust/Broken-kept promises").colour == "#ff0000"
    assert book.description == "Imported from MAXQDA"


def test_parse_description_plain_text():
    assert parse_description("Just some words") == {"definition": "Just some words"}
    assert parse_description("") == {}


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<CodeBook", "not well-formed XML"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0'/>", "not a REFI-QDA codebook"),
        (f"<CodeBook xmlns='{NS}'/>".encode(), "has no Codes element"),
        (f"<CodeBook xmlns='{NS}'><Codes/></CodeBook>".encode(), "has no codes"),
        (f"<CodeBook xmlns='{NS}'><Codes><Code guid='x' name='A' isCodable='true'/></Codes></CodeBook>".encode(),
         r"Code\[1\] \(A\): guid 'x' is not a GUID"),
        (b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><b>&b;</b>',
         "refused unsafe XML"),
    ],
)  # fmt: skip
def test_qdc_errors(tmp_path, xml, message):
    path = tmp_path / "bad.qdc"
    path.write_bytes(xml)
    with pytest.raises(CodebookError, match=message):
        import_qdc(path)


# -- built-ins -----------------------------------------------------------------------
EXPECTED_BUILTINS = {
    "itsm-practices": ["Service lifecycle/Operation/Incident management",
                       "Service lifecycle/Strategy/Financial management",
                       "Service lifecycle/Continual improvement"],
    "service-quality-dimensions": ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"],
    "seven-sins": ["Apathy", "Brush-off", "Coldness", "Condescension", "Robotism", "Rule book", "Runaround"],
    "pdca": ["Plan", "Do", "Check", "Act"],
    "moments-of-truth": ["First contact", "Logging a request", "Diagnosis", "Updates", "Resolution",
                         "Closure and feedback", "Billing"],
}  # fmt: skip


def test_builtin_codebooks_load_complete():
    books = builtin_codebooks()
    assert set(EXPECTED_BUILTINS) <= set(books)
    for key, paths in EXPECTED_BUILTINS.items():
        book = books[key]
        for p in paths:
            assert p in book, (key, p)
        assert not book.problems()
        colours = [c.colour for c in book]
        assert len(set(colours)) == len(colours), f"{key}: colours repeat"
        for c in book:
            for f in ("description", "definition", "when_to_use", "when_not_to_use", "example"):
                assert getattr(c, f).strip(), (key, c.path, f)
            assert c.origin == "deductive"
    itsm = books["itsm-practices"]
    stages = [c.name for c in itsm.children("Service lifecycle")]
    assert stages == ["Strategy", "Design", "Transition", "Operation", "Continual improvement"]
    for practice in ("Problem management", "Change management", "Configuration management",
                     "Service level management", "Supplier management", "Business relationship management",
                     "Capacity management", "Availability management", "Continuity management",
                     "Knowledge management", "Release and deployment management", "Request fulfilment"):  # fmt: skip
        assert any(c.name == practice for c in itsm), practice


def test_builtins_survive_every_format(tmp_path):
    for key, book in builtin_codebooks().items():
        export_qdc(book, tmp_path / f"{key}.qdc")
        same(book, import_qdc(tmp_path / f"{key}.qdc", name=book.name))
        write_codebook_sheet(book, tmp_path / f"{key}.xlsx")
        same(book, load_codebook_sheet(tmp_path / f"{key}.xlsx", name=book.name))


def test_starter_rules_use_codes_of_their_codebook():
    rules = load_ruleset(resources_dir() / "codebooks" / "rules" / "itsm-practices.rules.yaml")
    book = builtin_codebooks()[rules.codebook]
    assert rules.unknown_codes(book.paths()) == []
    assert len(rules.rules) > 50
