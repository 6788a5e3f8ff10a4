"""Hostile or odd response files: refused quickly with one message, or read properly."""

from __future__ import annotations

import io
import os
import sqlite3
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.deliver import import_writer, importer
from workbench.deliver.importer import ImportFailed, apply_import, plan_import
from workbench.store import create_engagement
from workbench.store.tagcoding import FORM_CODER


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="Acme", title="Survey")
    yield s
    s.close()


def _refused_quickly(store, path: Path, form: str = "satisfaction-loyalty") -> str:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ImportFailed) as info:
            plan_import(store, path, form)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 10, elapsed
    assert peak < 64 * 1024**2, peak
    return str(info.value)


def test_a_zip_bomb_is_refused_before_it_is_inflated(store, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    assert bomb.stat().st_size < 2 * 1024**2
    message = _refused_quickly(store, bomb)
    assert "zip bomb" in message and "bomb.xlsx" in message


def test_a_zip_that_lies_about_its_sizes_is_refused(store, tmp_path: Path) -> None:
    liar = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<x>" + b"a" * (20 * 1024**2) + b"</x>")
    data = bytearray(liar.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    message = _refused_quickly(store, liar)
    assert "liar.xlsx" in message and ("damaged" in message or "declares" in message)


def test_a_fifo_and_a_symlink_loop_are_refused(store, tmp_path: Path) -> None:
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)
    assert "named pipe" in _refused_quickly(store, fifo)
    loop = tmp_path / "loop.csv"
    loop.symlink_to(tmp_path / "loop.csv")
    assert "loop" in _refused_quickly(store, loop)


def _utf16_sheet() -> str:
    return "Name\tSegment\toverall_satisfaction\nZoë Ärger\tstaff\t4\nŁukasz\tstaff\t5\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_exports_are_read(store, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes(_utf16_sheet().encode(encoding))  # "utf-16" writes a BOM
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert plan.all_problems == []
    assert [r.respondent["name"] for r in plan.rows] == ["Zoë Ärger", "Łukasz"]
    assert [r.answers["overall_satisfaction"] for r in plan.rows] == [4, 5]


def test_windows_1252_still_reads(store, tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("Name;overall_satisfaction\nZoë;4\n".encode("cp1252"))
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert plan.rows[0].respondent["name"] == "Zoë"


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e400", "9" * 400])
def test_numbers_must_be_finite(store, tmp_path: Path, text: str) -> None:
    from workbench.forms.schema import FormDefinition

    form = FormDefinition.model_validate(
        {
            "id": "numbers",
            "title": "Numbers",
            "version": 1,
            "sections": [
                {
                    "key": "s",
                    "title": "S",
                    "questions": [{"key": "n", "type": "number", "label": "N"}],
                }
            ],
        }
    )
    store.ensure_form_version(form)
    path = tmp_path / "n.csv"
    path.write_text(f"name,n\nAna,{text}\n", encoding="utf-8")
    plan = plan_import(store, path, "numbers")
    (problem,) = plan.all_problems
    assert "number" in problem.message and len(problem.message) < 200
    with pytest.raises(ImportFailed):
        apply_import(store, plan)
    assert store.counts()["interviews"] == 0


def test_a_million_columns_give_one_message(
    store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("name," + ",".join(["x"] * 1_000_000) + "\nAna\n", encoding="utf-8")
    message = _refused_quickly(store, path)
    assert "1,000,001 columns" in message
    code = main(
        ["import", str(store.path), str(path), "--form", "satisfaction-loyalty"], out=io.StringIO()
    )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1


def test_reported_errors_are_capped(
    store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,overall_satisfaction\n" + "".join(f"P{i},99\n" for i in range(500)), encoding="utf-8"
    )
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert len(plan.all_problems) == 500
    with pytest.raises(ImportFailed) as info:
        apply_import(store, plan)
    lines = str(info.value).splitlines()
    assert len(lines) == 52 and lines[-1] == "… and 450 more"
    store.close()
    code = main(
        ["import", str(tmp_path / "e.wbk"), str(path), "--form", "satisfaction-loyalty"],
        out=io.StringIO(),
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) <= 53 and "… and 450 more problems" in err


def test_a_failure_between_batches_leaves_nothing(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        "name,overall_satisfaction\n" + "".join(f"P{i},3\n" for i in range(300)), encoding="utf-8"
    )
    plan = plan_import(store, path, "satisfaction-loyalty")
    monkeypatch.setattr(import_writer, "BATCH_CELLS", 50)
    real = import_writer._raw_inserter

    def failing(s, *args):
        write = real(s, *args)
        calls = {"n": 0}

        def maybe(table, rows, *names):
            calls["n"] += 1
            if calls["n"] == 5:
                raise OSError(28, "No space left on device")
            write(table, rows, *names)

        return maybe

    monkeypatch.setattr(import_writer, "_raw_inserter", failing)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"
    with sqlite3.connect(store.path) as conn:
        before = conn.execute(triggers).fetchall()
    with pytest.raises(OSError):
        apply_import(store, plan)
    assert store.counts()["interviews"] == 0 and store.counts()["respondents"] == 0
    with sqlite3.connect(store.path) as conn:  # the insert triggers held back are back
        assert conn.execute(triggers).fetchall() == before
        assert conn.execute(
            "SELECT count(*) FROM audit_event WHERE table_name = 'answer'"
        ).fetchone() == (0,)


def test_only_text_cells_are_tag_coded(store, tmp_path: Path) -> None:
    path = tmp_path / "sins.csv"
    path.write_text(
        "name,apathy observed,apathy severity,apathy evidence\n"
        "Ana,yes,2,Nobody looked up from the screen\n"
        "Ben,no,0,\n",
        encoding="utf-8",
    )
    plan = plan_import(store, path, "seven-sins")
    assert plan.all_problems == []
    summary = apply_import(store, plan)
    assert summary.interviews == 2
    (segment,) = store.segments()
    assert segment.coder == FORM_CODER and segment.text == "Nobody looked up from the screen"
    assert store.code_paths()[segment.code_id].endswith("Apathy")
    assert store.interview(segment.interview_id).respondent.name == "Ana"
    assert store.answers(segment.interview_id)["apathy"] == {
        "observed": True,
        "severity": 2,
        "evidence": "Nobody looked up from the screen",
    }


def test_respondent_lists_get_the_same_checks(tmp_path: Path) -> None:
    from workbench.store.respondent_import import RespondentImportError, read_table

    path = tmp_path / "people.csv"
    path.write_bytes("Name\tRole\nZoë\tLead\n".encode("utf-16"))
    assert read_table(path) == (["Name", "Role"], [["Zoë", "Lead"]])
    bomb = tmp_path / "people.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh,
    ):
        for _ in range(250):
            fh.write(b"\0" * (1 << 20))
    with pytest.raises(RespondentImportError, match="zip bomb"):
        read_table(bomb)


def test_the_plan_keeps_only_the_bad_rows(store, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        "name,overall_satisfaction\n" + "".join(f"P{i},{9 if i == 7 else 3}\n" for i in range(300)),
        encoding="utf-8",
    )
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert len(plan.rows) == 300 and [r.row for r in plan.bad] == [9]
    assert plan.bad[0].answers == {}  # a bad row keeps its problems, not its cells
    assert plan.rows[0].answers == {"overall_satisfaction": 3}  # read again on demand
    summary = apply_import(store, plan, skip_bad_rows=True)
    assert summary.interviews == 299 and summary.skipped_rows == [9]


def test_a_file_changed_after_the_check_imports_nothing(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "KEEP_ANSWERS", 1)  # too large to keep: read again
    path = tmp_path / "moving.csv"
    path.write_text("name,overall_satisfaction\nAna,3\nBen,4\n", encoding="utf-8")
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert plan._kept is None
    path.write_text("name,overall_satisfaction\nAna,3\nBen,99\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="changed after it was checked"):
        apply_import(store, plan)
    assert store.counts()["interviews"] == 0 and store.counts()["respondents"] == 0


def test_a_kept_plan_writes_the_rows_as_they_were_checked(store, tmp_path: Path) -> None:
    path = tmp_path / "moving.csv"
    path.write_text("name,overall_satisfaction\nAna,3\nBen,4\n", encoding="utf-8")
    plan = plan_import(store, path, "satisfaction-loyalty")
    assert [row[0] for row in plan._kept] == [2, 3]  # small enough to keep: planned once
    path.write_text("name,overall_satisfaction\nAna,3\nBen,99\n", encoding="utf-8")
    assert apply_import(store, plan).interviews == 2
    ben = next(r for r in store.interview_rows() if r.respondent == "Ben")
    assert store.answers(ben.id)["overall_satisfaction"] == 4
