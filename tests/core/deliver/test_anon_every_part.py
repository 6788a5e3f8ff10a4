"""No respondent's name anywhere in an anonymised deliverable, read as raw bytes: every
part of the .docx / .xlsx / .pptx archive (body, tables, headers, footers, comments,
document properties, relationships, chart XML, shared strings, every sheet), with the
engagement's own protection settings (k, extra terms) applied.

The demo's register has Catherine Price (the total-customer-service measure "Price"):
"Price" is the one name part allowed, as the measure, and never beside a first name.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from workbench.deliver.anonymise import name_parts
from workbench.deliver.build import AnalysisChoice, export_report, export_workbook
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo
from workbench.store.protection import set_protection

CHOICES = [
    AnalysisChoice("total-customer-service"),
    AnalysisChoice("seven-sins"),
    AnalysisChoice("servqual"),
    AnalysisChoice("code-frequency", {"group": "role"}),
]
TERM = "Zephyrdesk"  # a client product, set as an extra term of the engagement
MEASURES = {"Price"}  # name parts that are also measure names in the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("anon-parts")
    store = build_demo(folder / "demo.wbk")
    people = [r.name for r in store.respondents()]
    store.add_finding(f"{people[0]} and {people[1]} both blame {TERM} for the delays.")
    store.add_recommendation(f"Replace {TERM} before the re-audit.", owner=people[2])
    set_protection(store, k=5, terms=[TERM])
    yield store, folder, people
    store.close()


def _parts_text(path: Path) -> dict[str, str]:
    """Every member of the archive, decoded (XML entities resolved)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.lower().endswith((".png", ".jpeg", ".jpg", ".emf", ".wmf", ".bin")):
                continue
            out[name] = html.unescape(z.read(name).decode("utf-8", errors="replace"))
    return out


def _traces(path: Path, people: list[str]) -> list[str]:
    parts = {p for name in people for p in name_parts(name)} - MEASURES
    firsts = {name.split()[0] for name in people}
    found = []
    for member, text in _parts_text(path).items():
        for name in people:
            if name in text or name.casefold() in text.casefold():
                found.append(f"{member}: {name}")
        for part in parts:
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text):
                found.append(f"{member}: {part}")
        for first in firsts:
            if re.search(rf"{re.escape(first)}\s+Price", text):
                found.append(f"{member}: {first} Price")
        if TERM in text:
            found.append(f"{member}: {TERM}")
    return found


def test_the_anonymised_report_names_nobody_in_any_part(demo):
    store, folder, people = demo
    path = export_report(store, folder / "r.docx", ReportOptions(anonymise=True), choices=CHOICES)
    named = export_report(store, folder / "named.docx", ReportOptions(), choices=CHOICES)
    assert _traces(named, people), "the check finds the names in a report that has them"
    assert _traces(path, people) == []
    text = "\n".join(_parts_text(path).values())
    assert re.search(r">Price<", text), "the measure Price survives"


def test_the_anonymised_workbook_names_nobody_in_any_part(demo):
    store, folder, people = demo
    path = export_workbook(
        store, folder / "w.xlsx", choices=CHOICES, options=ReportOptions(anonymise=True)
    )
    named = export_workbook(store, folder / "named.xlsx", choices=CHOICES)
    assert _traces(named, people)
    assert _traces(path, people) == []
    text = "\n".join(_parts_text(path).values())
    assert ">price<" in text and ">Price<" in text  # the question key and the measure


def test_the_anonymised_deck_names_nobody_in_any_part(demo):
    """The slide deck goes through the same anonymiser (``build.make_anonymiser``)."""
    from workbench.deliver.deck import export_deck

    store, folder, people = demo
    path = Path(
        export_deck(store, folder / "d.pptx", ReportOptions(anonymise=True), choices=CHOICES)
    )
    named = Path(export_deck(store, folder / "named.pptx", ReportOptions(), choices=CHOICES))
    assert _traces(named, people)
    assert _traces(path, people) == []
