"""Deliverables written from a file whose coded passages an earlier version left on old
words: written as asked, with a warning naming the fix; ``--mend-passages`` says where
the file as it was is kept."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.forms.library import builtin_form

OLD = "The portal is fine but the depot printers are never fixed on the first visit."
NEW = "The portal is fine but the warehouse scanners are never fixed on the first visit."
KEY = "satisfaction_reason"


@pytest.fixture
def astray(store, engagement_path):
    """A file whose coded passage holds the words its answer had before a correction."""
    from workbench.coding.service import answer_source

    person = store.add_respondent("Olga Brennan")
    iv = store.new_interview(person.id, builtin_form("satisfaction-loyalty"))
    store.set_answer(iv.id, KEY, OLD)
    cell = answer_source(store, iv.id, KEY)[0]
    seg = store.code_segment(store.add_code("First-time fix").id, "answer", cell, 0, len(OLD))
    assert store.astray_passages() == ([], 0)
    store.close()
    with sqlite3.connect(engagement_path) as conn:
        conn.execute("UPDATE answer SET text = ?, value = ? WHERE text = ?", (NEW, f'"{NEW}"', OLD))
    return seg.id


def test_export_warns_of_passages_on_old_words_and_still_writes(
    astray, engagement_path, tmp_path, capsys
):
    from workbench.cli import main

    out = tmp_path / "tables.xlsx"
    assert main(["export", str(engagement_path), "-o", str(out)]) == 0
    assert out.exists()
    err = capsys.readouterr().err
    assert f"coded passage {astray}" in err and "depot printers" in err
    assert "1 coded passage holds words the text no longer reads" in err
    assert f"`workbench check {engagement_path} --mend-passages`" in err


@pytest.mark.parametrize(
    ("command", "name"),
    [(["report"], "report.docx"), (["deck"], "deck.pptx"), (["qdpx", "export"], "p.qdpx")],
)
def test_report_deck_and_qdpx_warn_too(astray, engagement_path, tmp_path, capsys, command, name):
    from workbench.cli import main

    out = tmp_path / name
    assert main([*command, str(engagement_path), "-o", str(out)]) == 0
    assert out.exists() and "--mend-passages" in capsys.readouterr().err


def test_mend_passages_says_where_the_file_as_it_was_is_kept(astray, engagement_path, capsys):
    from workbench.cli import main
    from workbench.store import open_engagement

    assert main(["check", str(engagement_path), "--mend-passages"]) == 0
    kept = engagement_path.with_name(f"{engagement_path.name}.before-mend.bak")
    assert f"The file as it was is kept as {kept}." in capsys.readouterr().out
    with open_engagement(kept, read_only=True) as before:  # the copy holds the old words
        assert before.astray_passages()[1] == 1
    with open_engagement(engagement_path, read_only=True) as after:
        assert after.astray_passages() == ([], 0)
        assert next(s for s in after.segments() if s.id == astray).text == NEW
    # nothing left to mend: no copy is made again, and nothing is warned of
    kept.unlink()
    assert main(["check", str(engagement_path), "--mend-passages"]) == 0
    assert not kept.exists() and "kept as" not in capsys.readouterr().out
