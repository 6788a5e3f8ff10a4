"""The wave an import goes to: a wave not there yet is added as any wave is added (its
name checked and tidied, at the end of the list), in the import's own transaction, so
that a name refused refuses the import and leaves the file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_refused_changes_nothing import file_rows
from workbench.deliver.importer import ImportFailed, apply_import, plan_import
from workbench.store import create_engagement, open_engagement
from workbench.store.waves import wave_uses


def _sheet(tmp_path: Path, name: str = "answers.csv", rows: str = "Ann Lee,4\nBob Ray,3") -> Path:
    path = tmp_path / name
    path.write_text(f"Name,overall_satisfaction\n{rows}\n", encoding="utf-8")
    return path


def test_a_new_wave_is_added_at_the_end_with_its_name_tidied(tmp_path: Path) -> None:
    with create_engagement(
        tmp_path / "e.wbk", client="Acme", title="Survey", waves=("baseline", "pilot")
    ) as store:
        plan = plan_import(store, _sheet(tmp_path), "satisfaction-loyalty")
        apply_import(store, plan, wave="  re-audit   2027 ")
        waves = wave_uses(store)
        assert [(w.position, w.name, w.interviews) for w in waves] == [
            (1, "baseline", 0),
            (2, "pilot", 0),
            (3, "re-audit 2027", 2),
        ]
        assert [w.ordinal for w in store.waves()] == [0, 1, 2]
        # the same wave named again, in other letters and spaces: the wave there, not a new one
        plan = plan_import(
            store, _sheet(tmp_path, "more.csv", "Cy Dee,5\nDi Fox,2"), "satisfaction-loyalty"
        )
        apply_import(store, plan, wave="Re-Audit 2027")
        assert [(w.name, w.interviews) for w in wave_uses(store)] == [
            ("baseline", 0),
            ("pilot", 0),
            ("re-audit 2027", 4),
        ]


def test_a_wave_name_refused_refuses_the_import_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="Survey").close()
    before = file_rows(path)
    with open_engagement(path, backup=False) as store:
        plan = plan_import(store, _sheet(tmp_path), "satisfaction-loyalty")
        with pytest.raises(
            ImportFailed,
            match=r"^the new wave cannot be added: the wave name 'xxx.*101 "
            r"characters long; 100 at most",
        ):
            apply_import(store, plan, wave="x" * 101)
        assert [w.name for w in store.waves()] == ["baseline"]
    assert file_rows(path) == before  # no wave, interview, respondent, form or event written
