"""Two programs editing one engagement at once: edits follow each other, none is raised raw."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from workbench.forms.library import builtin_form
from workbench.store import check_engagement, open_engagement

EDITS = 120

EDITOR = textwrap.dedent(
    """
    import json, sys, traceback
    from workbench.store import open_engagement

    path, iv, who, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    errors = []
    store = open_engagement(path, backup=False)
    for i in range(count):
        try:
            store.set_answer(iv, "apathy", {
                "observed": True, "severity": 1 + i % 3, "touchpoint": "phone",
                "evidence": f"{who} saw it, edit {i}",
            })
            store.add_note(iv, f"{who} note {i}")
            if i % 10 == 0:
                store.set_answer(iv, "apathy", None)
        except Exception:
            errors.append(traceback.format_exc())
    store.close()
    print(json.dumps(errors))
    """
)


@pytest.fixture
def checklist_interview(engagement_path: Path) -> str:
    with open_engagement(engagement_path) as store:
        ana = store.add_respondent("Ana Lopez")
        return store.new_interview(ana.id, builtin_form("seven-sins")).id


def _final_state(path: Path, iv: str) -> tuple[dict, list]:
    with open_engagement(path, read_only=True) as store:
        return store.answers(iv), store.notes(iv)


@pytest.mark.slow
def test_two_programs_editing_one_answer(engagement_path: Path, checklist_interview) -> None:
    iv = checklist_interview
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(engagement_path), iv, who, str(EDITS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("A", "B")
    ]
    results = [proc.communicate(timeout=240) for proc in procs]
    for out, err in results:
        assert json.loads(out) == [], err
    answers, notes = _final_state(engagement_path, iv)
    # The answer is the last edit of one of the two programs.
    assert answers["apathy"]["evidence"] in {f"{who} saw it, edit {EDITS - 1}" for who in "AB"}
    assert len(notes) == 2 * EDITS
    assert len({n.position for n in notes}) == len(notes)
    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path, read_only=True) as store:
        cells = [s for s in store.segments(interview_id=iv) if s.coder == "form tags"]
        assert len(cells) == 1  # the evidence is coded once, not once per racing edit
        assert len(store.search("saw")) == 1


def test_threads_sharing_one_store(store, checklist_interview, engagement_path: Path) -> None:
    iv = checklist_interview
    errors: list[BaseException] = []

    def edit(who: str) -> None:
        for i in range(40):
            try:
                store.set_answer(iv, "apathy", {"observed": True, "evidence": f"{who} {i}"})
                store.add_note(iv, f"{who} {i}")
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                errors.append(exc)

    threads = [threading.Thread(target=edit, args=(who,)) for who in "AB"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    notes = store.notes(iv)
    assert sorted(n.position for n in notes) == list(range(80))
    assert store.answers(iv)["apathy"]["evidence"] in {"A 39", "B 39"}
    store.close()
    assert check_engagement(engagement_path) == []


def test_two_programs_asking_for_one_new_code_get_one(engagement_path: Path) -> None:
    stores = [open_engagement(engagement_path, backup=False) for _ in range(2)]
    paths = [f"Seven sins of service/Sin {i}/Variant" for i in range(15)]
    barrier = threading.Barrier(2)
    got: dict[int, list[str]] = {0: [], 1: []}
    errors: list[BaseException] = []

    def ask(n: int) -> None:
        try:
            for path in paths:
                barrier.wait()
                got[n].append(stores[n].ensure_code_path(path))
        except BaseException as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert got[0] == got[1]  # both were handed the same code for every path
    paths_held = sorted(stores[0].code_paths().values())
    assert len(paths_held) == len(set(paths_held)) == 1 + 2 * len(paths)
    for store in stores:
        store.close()


def test_a_writer_that_holds_the_file_too_long_is_named(
    store, checklist_interview, engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3 as sqlite

    from workbench.store import FileBusy
    from workbench.store import sqlite as store_sqlite

    store.close()
    monkeypatch.setattr(store_sqlite, "BUSY_TIMEOUT_S", 0.2)
    again = open_engagement(engagement_path, backup=False)
    other = sqlite.connect(engagement_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program takes the write lock and keeps it
    try:
        with pytest.raises(FileBusy, match="another program is writing"):
            again.add_note(checklist_interview, "waits")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert again.notes(checklist_interview) == []
    again.add_note(checklist_interview, "goes through once the lock is free")
    assert len(again.notes(checklist_interview)) == 1
    again.close()
