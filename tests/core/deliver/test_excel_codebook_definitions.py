"""The workbook's Codebook sheet holds every field the Codebook page shows, the full
definition (a REFI-QDA project's code description) included, formula-safe."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from workbench.cli import main
from workbench.coding.service import tree_order
from workbench.store import open_engagement

QDPX = Path(__file__).parents[2] / "data" / "qdpx"


def run(*args: str) -> int:
    return main(list(args), out=io.StringIO())


def codebook_rows(book: Path) -> dict[str, dict[str, object]]:
    ws = load_workbook(book)["Codebook"]
    header = [c.value for c in ws[3]]
    return {
        str(row[0].value): {h: c for h, c in zip(header, row, strict=True)}
        for row in ws.iter_rows(min_row=4)
        if row[0].value
    }


def test_definitions_from_a_qualcoder_project_reach_the_codebook_sheet(tmp_path: Path) -> None:
    wbk, book = tmp_path / "e.wbk", tmp_path / "e.xlsx"
    assert run("qdpx", "import", str(QDPX / "qualcoder-4.0-course-feedback.qdpx"), "-o",
               str(wbk)) == 0  # fmt: skip
    with open_engagement(wbk) as store:
        codes = {c.name: c for c in store.codes()}
        defined = {n: c.definition for n, c in codes.items() if c.definition}
        assert len(defined) == 3  # what the Codebook page shows as each code's definition
        name = next(iter(defined))
        store.update_code(codes[name].id, definition="=HYPERLINK(\"http://x\",\"y\")")
        defined[name] = "=HYPERLINK(\"http://x\",\"y\")"
    assert run("export", str(wbk), "-o", str(book)) == 0
    rows = codebook_rows(book)
    by_name = {path.rsplit("/", 1)[-1].strip(): row for path, row in rows.items()}
    for code_name, definition in defined.items():
        cell = by_name[code_name]["definition"]
        assert cell.value == definition, code_name
    formula = by_name[name]["definition"]
    assert formula.data_type == "s" and formula.quotePrefix
    dictionary = load_workbook(book)["Data dictionary"]
    described = {
        (r[0].value, r[1].value): r for r in dictionary.iter_rows(min_row=4) if r[0].value
    }
    assert any(sheet == "Codebook" and column == "definition" for sheet, column in described)


def test_the_codebook_sheet_keeps_the_codebook_order(tmp_path: Path) -> None:
    # each code's position counts among its siblings: sorting the codes by position alone
    # put Alpha between Zeta's sub-codes, and a tool importing the sheet met children
    # before their parent
    from workbench.store import create_engagement

    wbk, book = tmp_path / "e.wbk", tmp_path / "e.xlsx"
    with create_engagement(wbk, client="Acme", title="Review") as store:
        zeta = store.add_code("Zeta")
        for name in ("low", "medium", "high"):
            store.add_code(name, parent_id=zeta.id)
        store.add_code("Alpha")
        shown = [store.code_paths()[c.id] for c in tree_order(store.codes())]
    assert shown == ["Zeta", "Zeta/low", "Zeta/medium", "Zeta/high", "Alpha"]
    assert run("export", str(wbk), "-o", str(book)) == 0
    assert list(codebook_rows(book)) == shown
