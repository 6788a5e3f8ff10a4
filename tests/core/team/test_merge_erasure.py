"""A merge that brings in an erasure leaves the target file as ``erase`` would: vacuumed,
its write-ahead log emptied, no byte of the erased person left."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.store import open_engagement
from workbench.store.erasure import erase, find_respondent, plan_erasure, scrub_file
from workbench.team.merge import merge_into


def test_a_merge_carrying_an_erasure_vacuums_the_target(two_copies) -> None:
    target, source = two_copies
    with open_engagement(source) as store:
        person = store.respondents()[0]
        name = person.name
        erase(store, plan_erasure(store, find_respondent(store, name), name))
    scrub_file(source)
    assert name.encode() not in source.read_bytes()
    wal = Path(f"{target}-wal")
    with open_engagement(target, backup=False) as store:
        with open_engagement(source, read_only=True) as other:
            result = merge_into(store, other, source_label=str(source), backup=False)
        assert result.erased == [person.id]
        # while the target is still open: nothing of them in the file or its log
        assert not wal.exists() or wal.stat().st_size == 0
        assert name.encode() not in target.read_bytes()
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        finally:
            conn.close()
        assert result.vacuumed is True
        assert name not in [r.name for r in store.respondents()]  # the store still works
        store.add_respondent("After the merge")
    assert "the file vacuumed and its log emptied" in result.erasure_words()


def test_a_merge_without_an_erasure_does_not_vacuum(two_copies) -> None:
    target, source = two_copies
    with open_engagement(source) as store:
        store.add_respondent("Newcomer")
    with (
        open_engagement(target, backup=False) as store,
        open_engagement(source, read_only=True) as other,
    ):
        result = merge_into(store, other, source_label=str(source), backup=False)
    assert result.changed and result.erased == [] and result.vacuumed is None
