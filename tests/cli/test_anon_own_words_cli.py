"""Through the command line, on an engagement made by hand: a respondent's surname that is
also a word of the engagement's own vocabulary (the total-customer-service measure
"Price") or written in lowercase in its notes ("the grant ran out") is listed as a
possible name in the anonymisation preview, and --keep-word keeps it in the workbook."""

from __future__ import annotations

from pathlib import Path

from cli_driver import run

from workbench.forms.library import builtin_forms
from workbench.store import open_engagement

SAID = "They told us Price rose again. We asked Grant twice. I asked Quill about it."


def _engagement(tmp_path: Path) -> Path:
    path = tmp_path / "own.wbk"
    code, out = run("new", str(path), "--client", "Acme", "--title", "Supplier review")
    assert code == 0, out
    forms = builtin_forms()
    with open_engagement(path, backup=False) as store:
        people = {
            name: store.add_respondent(name, role="Buyer", segment="external customer")
            for name in ("Helen Price", "Oliver Grant", "Sam Quill", "Ann Lee", "Raj Das")
        }
        tcs = store.new_interview(people["Ann Lee"].id, forms["total-customer-service"])
        store.update_interview(tcs.id, status="complete")
        talk = store.new_interview(people["Raj Das"].id, forms["stakeholder-interview"])
        store.set_answer(talk.id, "services_used", SAID)
        store.add_note(talk.id, "Funding: the grant ran out in May.")
        store.update_interview(talk.id, status="complete")
    return path


def _listed(out: str) -> dict[str, str]:
    lines = out.split("Words replaced as parts of a name", 1)[1].splitlines()[1:]
    return {line.split("\t")[0].strip(): line for line in lines if line.strip()}


def test_the_preview_marks_a_form_word_and_a_lowercase_word_as_possible_names(tmp_path):
    path = _engagement(tmp_path)
    code, out = run("export", str(path), "--anonymise", "--preview", "--analysis", "servqual")
    assert code == 0, out
    words = _listed(out)
    assert set(words) == {"Price", "Grant", "Quill"}, out
    assert "[Price] rose again" in words["Price"]
    assert words["Price"].endswith("possible name")  # the TCS form's measure "price"
    assert words["Grant"].endswith("possible name")  # "the grant ran out" in a note
    assert not words["Quill"].endswith("possible name")  # no word of this engagement

    from openpyxl import load_workbook

    kept = tmp_path / "kept.xlsx"
    keep = ["--anonymise", "--analysis", "servqual", "--keep-word", "Price"]
    code, out = run("export", str(path), "-o", str(kept), *keep)
    assert code == 0, out
    sheets = load_workbook(kept)
    cells = "\n".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row)
    assert "They told us Price rose again. We asked [name] twice. I asked [name]" in cells
    assert "Helen Price" not in cells
