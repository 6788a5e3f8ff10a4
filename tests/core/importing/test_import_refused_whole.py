"""An import refused half-way (the file changed after it was checked) leaves the file as
it was: the form's snapshot and the codes of its tags are stored in the import's own
transaction, not before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_refused_changes_nothing import file_rows
from workbench.deliver import importer
from workbench.deliver.importer import ImportFailed, apply_import, plan_import
from workbench.store import create_engagement

SHEET = (
    "name,observed_on,method,apathy observed,apathy severity,apathy evidence\n"
    "Cara Lind,2026-03-04,shadowing,yes,2,Nobody looked up from the screen\n"
    "Dev Rao,2026-03-05,recordings,yes,{severity},Left the caller on hold\n"
)


def test_a_file_changed_after_checking_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "KEEP_ANSWERS", 0)  # the rows are read again to be written
    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="Audit").close()
    sheet = tmp_path / "sins.csv"
    sheet.write_text(SHEET.format(severity=3), encoding="utf-8")
    before = file_rows(path)
    from workbench.store import open_engagement

    store = open_engagement(path, backup=False)
    try:
        assert "seven-sins" not in {f.id for f in store.engagement_forms()}
        plan = plan_import(store, sheet, "seven-sins")
        assert plan.all_problems == [] and plan._kept is None
        sheet.write_text(SHEET.format(severity=9), encoding="utf-8")  # changed meanwhile
        with pytest.raises(ImportFailed, match="the file changed after it was checked"):
            apply_import(store, plan)
    finally:
        store.close()
    assert file_rows(path) == before

    # as it was: the same file, checked again, lands whole with its form and codes
    sheet.write_text(SHEET.format(severity=3), encoding="utf-8")
    with open_engagement(path, backup=False) as store:
        summary = apply_import(store, plan_import(store, sheet, "seven-sins"))
        assert summary.interviews == 2
        assert "seven-sins" in {f.id for f in store.engagement_forms()}
        assert "Seven sins of service/Apathy" in store.code_paths().values()
        assert len(store.search("hold")) == 1


def test_the_stores_methods_join_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "e.wbk"
    with create_engagement(path, client="Acme", title="Audit") as store:
        before = file_rows(path)
        with pytest.raises(RuntimeError, match="refused"), store.one_transaction():
            ann = store.add_respondent("Ann Lee")  # through a session
            store.update_respondent(ann.id, role="Buyer")  # through the driver itself
            assert store.counts()["respondents"] == 1  # what it wrote so far, read
            assert [r.role for r in store.respondents()] == ["Buyer"]
            raise RuntimeError("refused half-way")
        assert file_rows(path) == before
        with store.one_transaction():
            store.add_respondent("Bob Ray")
        assert [r.name for r in store.respondents()] == ["Bob Ray"]
