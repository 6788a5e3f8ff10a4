"""A process killed with SIGKILL in the middle of a stream of edits loses nothing that returned."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement

EDITOR = textwrap.dedent(
    """
    import sys
    from workbench.store import open_engagement

    store = open_engagement(sys.argv[1])
    i = 0
    while True:
        r = store.add_respondent(f"Respondent {i}", role="Analyst")
        store.update_respondent(r.id, org_unit=f"Unit {i}")
        print(f"{r.id} {i}", flush=True)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_stream_loses_no_returned_edit(engagement_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(engagement_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    confirmed: dict[str, int] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        rid, index = line.split()
        confirmed[rid] = int(index)
        if len(confirmed) >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Anything printed after our last read was also committed first.
    for line in proc.stdout:
        if line.strip():
            rid, index = line.split()
            confirmed[rid] = int(index)

    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path) as store:
        stored = {r.id: r for r in store.respondents()}
    for rid, index in confirmed.items():
        assert rid in stored, f"edit {index} returned before the kill but is missing"
        assert stored[rid].org_unit == f"Unit {index}"
    assert check_engagement(engagement_path) == []


# -- many kills, every kind of edit -------------------------------------------------------------
KILLS = 60
# One observer process forks a fresh editor for every round and kills it with SIGKILL
# after a random number of acknowledged edits: answers (new and edited texts), notes,
# coding and respondent imports.  What the editor printed is what it acknowledged; the
# observer collects it, including what was still in the pipe when the editor died.
OBSERVER = textwrap.dedent(
    """
    import csv, json, os, random, signal, sys, tempfile
    from workbench.forms.library import builtin_form
    from workbench.store import open_engagement
    from workbench.store.respondent_import import apply_import, preview_import

    path, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    form = builtin_form("stakeholder-interview")
    keys = [q.key for q in form.iter_questions() if q.type in ("text", "longtext")][:4]
    with open_engagement(path, backup=False) as store:
        ana = store.add_respondent("Ana Lopez")
        code = store.add_code("Escalation")
    sheets = tempfile.mkdtemp()

    def ack(fd, record):
        os.write(fd, (json.dumps(record) + "\\n").encode())

    def editor(r, fd):
        store = open_engagement(path, backup=False)
        iv = store.new_interview(ana.id, form)
        ack(fd, {"kind": "interview", "id": iv.id, "round": r})
        note = store.add_note(iv.id, f"r{r} first note")
        ack(fd, {"kind": "note", "id": note.id, "body": note.body})
        i = 0
        while True:
            i += 1
            step = i % 4
            if step == 0:
                key = keys[i % len(keys)]
                store.set_answer(iv.id, key, f"r{r} i{i}")
                ack(fd, {"kind": "answer", "iv": iv.id, "key": key, "i": i})
            elif step == 1:
                row = store.add_note(iv.id, f"r{r} note {i}")
                ack(fd, {"kind": "note", "id": row.id, "body": row.body})
            elif step == 2:
                seg = store.code_segment(code.id, "note", note.id, 0, 2 + i % 5)
                ack(fd, {"kind": "segment", "id": seg.id})
            else:
                sheet = os.path.join(sheets, f"r{r}-{i}.csv")
                with open(sheet, "w", newline="", encoding="utf-8") as fh:
                    out = csv.writer(fh)
                    out.writerow(["Name", "Segment"])
                    for k in range(5):
                        out.writerow([f"imp r{r} i{i} #{k}", "staff"])
                apply_import(store, preview_import(sheet))
                ack(fd, {"kind": "import", "prefix": f"imp r{r} i{i} #", "rows": 5})

    acknowledged = []
    for r in range(rounds):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                editor(r, write_end)
            finally:
                os._exit(3)
        os.close(write_end)
        wanted, seen, data = rng.randint(2, 14), 0, b""
        with os.fdopen(read_end, "rb") as pipe:
            while seen < wanted:
                chunk = pipe.read1(65536)
                if not chunk:
                    break
                data += chunk
                seen = data.count(b"\\n")
            os.kill(pid, signal.SIGKILL)
            data += pipe.read()  # what it printed before it died
        _, status = os.waitpid(pid, 0)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            sys.exit(f"round {r}: the editor stopped by itself ({status})")
        lines = data.split(b"\\n")
        acknowledged += [json.loads(line) for line in lines[:-1]]  # whole lines only
    print(json.dumps(acknowledged))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_many_kills_across_answers_notes_coding_and_import(engagement_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OBSERVER, str(engagement_path), str(KILLS), "15"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    acknowledged = json.loads(done.stdout)
    kinds = {record["kind"] for record in acknowledged}
    assert kinds == {"interview", "note", "answer", "segment", "import"}

    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path, read_only=True) as store:
        notes = {}
        for iv in {r["id"] for r in acknowledged if r["kind"] == "interview"}:
            notes.update({n.id: n.body for n in store.notes(iv)})
        segments = {s.id for s in store.segments()}
        names = [r.name for r in store.respondents()]
        last_answer: dict[tuple[str, str], int] = {}
        for record in acknowledged:
            if record["kind"] == "note":
                assert notes.get(record["id"]) == record["body"], "an acknowledged note is lost"
            elif record["kind"] == "segment":
                assert record["id"] in segments, "an acknowledged coded segment is lost"
            elif record["kind"] == "import":
                found = [n for n in names if n.startswith(record["prefix"])]
                assert len(found) == record["rows"], "an acknowledged import is lost"
            elif record["kind"] == "answer":
                last_answer[(record["iv"], record["key"])] = record["i"]
        for (iv, key), i in last_answer.items():
            stored = store.answers(iv)[key]
            # The last acknowledged text, or one written after it that the kill cut off
            # before it could be acknowledged.
            assert int(stored.rsplit(" i", 1)[1]) >= i, f"{key}: an acknowledged edit is lost"
            assert store.search(stored.split()[1]), "an edited answer dropped out of search"
        # Imports are whole or absent, never half there.
        batches: dict[str, int] = {}
        for name in names:
            if name.startswith("imp "):
                batches[name.rsplit(" #", 1)[0]] = batches.get(name.rsplit(" #", 1)[0], 0) + 1
        assert set(batches.values()) <= {5}
