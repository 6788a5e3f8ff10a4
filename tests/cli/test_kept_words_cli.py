"""Through the command line, on an engagement made by hand (respondents "Will Price" and
"Mark Green", a code "Price"): an anonymised workbook keeps "Price is too high" and
"Fine. Will renew next year." (each opens a sentence and is an ordinary word of the
engagement), says so in one line on stderr, and --replace-word replaces the word."""

from __future__ import annotations

import re
from pathlib import Path

from cli_driver import run

from workbench.forms.library import builtin_forms
from workbench.store import open_engagement

HUGH = "Price is too high and the team is friendly. I will pay more. We asked Will twice."
WILL = "Fine. Will renew next year. Mark on the desk is great."
LINE = re.compile(
    r"^workbench: Kept as ordinary words \(not replaced\): (.*) \u2014 "
    r"--replace-word WORD to replace$",
    re.M,
)


def _engagement(tmp_path: Path) -> Path:
    path = tmp_path / "an.wbk"
    code, out = run("new", str(path), "--client", "Acme", "--title", "Supplier review")
    assert code == 0, out
    forms = builtin_forms()
    with open_engagement(path, backup=False) as store:
        store.add_code("Price")
        people = {
            name: store.add_respondent(name, role="Buyer", segment="external customer")
            for name in ("Will Price", "Mark Green", "Hugh Moss", "Ann Lee", "Raj Das")
        }
        tcs = store.new_interview(people["Ann Lee"].id, forms["total-customer-service"])
        store.update_interview(tcs.id, status="complete")
        for name, said in (("Hugh Moss", HUGH), ("Will Price", WILL)):
            talk = store.new_interview(people[name].id, forms["stakeholder-interview"])
            store.set_answer(talk.id, "services_used", said)
            store.update_interview(talk.id, status="complete")
    return path


def _cells(path: Path) -> str:
    from openpyxl import load_workbook

    return "\n".join(
        str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row
    )


def _export(path: Path, target: Path, *more: str) -> str:
    code, out = run("export", str(path), "-o", str(target), "--anonymise", "--analysis",
                    "servqual", *more)  # fmt: skip
    assert code == 0, out
    return _cells(target)


def test_ordinary_words_are_kept_and_said_in_one_line(tmp_path, capsys):
    path = _engagement(tmp_path)
    cells = _export(path, tmp_path / "anon.xlsx")
    assert (
        "Price is too high and the team is friendly. I will pay more. We asked [name] twice."
        in cells
    )
    assert "Fine. Will renew next year. [name] on the desk is great." in cells
    assert "Will Price" not in cells and "Mark Green" not in cells
    said = LINE.findall(capsys.readouterr().err)
    # each passage that keeps a word once, though the workbook writes it in several cells
    assert cells.count("Price is too high") >= 2 and cells.count("Will renew") >= 2
    assert said == ["Price \u00d71, Will \u00d71"]

    cells = _export(path, tmp_path / "replaced.xlsx", "--replace-word", "Price")
    assert "[name] is too high and the team is friendly." in cells
    assert "Price is too high" not in cells and "Fine. Will renew next year." in cells
    assert LINE.findall(capsys.readouterr().err) == ["Will \u00d71"]


def test_the_preview_lists_the_words_kept(tmp_path):
    path = _engagement(tmp_path)
    code, out = run("export", str(path), "--anonymise", "--preview", "--analysis", "servqual")
    assert code == 0, out
    kept = out.split("Words kept as ordinary words", 1)[1].splitlines()[1:]
    rows = {line.split("\t")[0].strip(): line for line in kept if line.startswith("  ")}
    assert set(rows) == {"Price", "Will"}, out
    assert "[Price] is too high" in rows["Price"] and "Fine. [Will] renew" in rows["Will"]
    assert "Kept as ordinary words (not replaced): Price \u00d7" in out


def test_a_word_both_kept_and_replaced_is_refused(tmp_path, capsys):
    path = _engagement(tmp_path)
    target = tmp_path / "x.xlsx"
    code, out = run("export", str(path), "-o", str(target), "--anonymise",
                    "--keep-word", "Price", "--replace-word", "price")  # fmt: skip
    assert code == 1, out
    assert "Price: either --keep-word or --replace-word, not both" in capsys.readouterr().err
    assert not target.exists()
