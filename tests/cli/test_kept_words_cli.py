"""Through the command line, on an engagement made by hand (respondents "Will Price" and
"Mark Green", a code "Price"): an anonymised workbook keeps "Price is too high" and
"Fine. Will renew next year." (each opens a sentence; "Price" names a code, "will" is a
function word the engagement writes in lowercase), says so in one line on stderr, and
--replace-word replaces the word.  First names that are content words ("Bill", "Frank",
"Rose", "Sandy") are replaced though the same answers write them in lowercase."""

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


#: A second consultant's answers: each opening name is a person, each lowercase word not.
NAMES = {
    "Bill Cross": "Bill sorted my laptop in a day. The bill for licences was wrong.",
    "Frank Wood": "To be frank, the desk is slow. Frank chased it for me.",
    "Rose Field": "Costs rose again. Rose was the only one who called back.",
    "Sandy Banks": "Sandy at the desk was great. The beach is sandy.",
    "Hope Young": "Bill, Hope and Rose fixed it. There is hope.",
    "Will Price": "Will renew next year. I will pay more.",
    "Ann Lee": "Price is too high.",
}


def test_first_names_that_open_a_sentence_are_replaced(tmp_path, capsys):
    path = tmp_path / "nm.wbk"
    code, out = run("new", str(path), "--client", "Acme", "--title", "Desk review")
    assert code == 0, out
    forms = builtin_forms()
    with open_engagement(path, backup=False) as store:
        store.add_code("Price")
        for name, said in NAMES.items():
            person = store.add_respondent(name, role="Buyer", segment="external customer")
            talk = store.new_interview(person.id, forms["stakeholder-interview"])
            store.set_answer(talk.id, "services_used", said)
            store.update_interview(talk.id, status="complete")
    cells = _export(path, tmp_path / "nm-anon.xlsx")
    for anonymised in (
        "[name] sorted my laptop in a day. The bill for licences was wrong.",
        "To be frank, the desk is slow. [name] chased it for me.",
        "Costs rose again. [name] was the only one who called back.",
        "[name] at the desk was great. The beach is sandy.",
        "[name], [name] and [name] fixed it. There is hope.",
        "Will renew next year. I will pay more.",
        "Price is too high.",
    ):
        assert anonymised in cells
    for name in ("Bill", "Frank", "Rose", "Sandy", "Hope"):
        assert not re.search(rf"\b{name}\b", cells), name
    assert LINE.findall(capsys.readouterr().err) == ["Price \u00d71, Will \u00d71"]
