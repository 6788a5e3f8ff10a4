"""The shared store on a real PostgreSQL server: push and pull, several writers."""

from __future__ import annotations

import io
import shutil
import threading
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement
from workbench.team.merge import MergeRefused, read_source
from workbench.team.pg import SharedStoreError, merge_into_shared, pull, push
from workbench.team.state import ORDER, canonical

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
KEY = "satisfaction_reason"


def content(source: str | Path) -> dict[str, dict[str, str]]:
    copy = read_source(source)
    return {t: {k: canonical(r) for k, r in copy.rows[t].items()} for t in ORDER}


def test_push_then_pull_round_trips_unchanged(demo_master, pg_url, tmp_path) -> None:
    result = push(demo_master, pg_url)
    assert result.changed
    assert content(pg_url) == content(demo_master)
    back = tmp_path / "pulled.wbk"
    pull(pg_url, back)
    assert content(back) == content(demo_master)
    assert check_engagement(back) == []
    with open_engagement(back, read_only=True) as store:  # the search index is whole
        assert store.search("network services")
    # nothing new either way
    assert not push(back, pg_url).changed
    assert not pull(pg_url, back).changed


def test_two_writers_lose_nothing(demo_master, pg_url, tmp_path) -> None:
    push(demo_master, pg_url)
    copies = []
    for n, who in enumerate(("anna", "ben")):
        path = tmp_path / f"{who}.wbk"
        shutil.copyfile(demo_master, path)
        with open_engagement(path) as store:
            rows = [r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty"]
            store.set_answer(rows[0].id, KEY, f"{who}'s reading")  # the same answer
            store.set_answer(rows[1 + n].id, KEY, f"only {who}")  # one answer each
            store.add_respondent(f"New respondent of {who}")
        copies.append((path, rows[0].id, rows[1 + n].id))
    results: dict[str, object] = {}
    failures: list[BaseException] = []

    def writer(path: Path) -> None:
        try:
            results[path.name] = push(path, pg_url)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p, _, _ in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert failures == []
    merged = tmp_path / "manager.wbk"
    pull(pg_url, merged)
    with open_engagement(merged, read_only=True) as store:
        names = {r.name for r in store.respondents()}
        assert {"New respondent of anna", "New respondent of ben"} <= names
        assert store.answers(copies[0][2])[KEY] == "only anna"
        assert store.answers(copies[1][2])[KEY] == "only ben"
        # the same answer: one of the two readings stays, and the other push reports it
        assert store.answers(copies[0][1])[KEY] in ("anna's reading", "ben's reading")
    reported = [
        i
        for r in results.values()
        for i in r.items
        if i["kind"] == "conflict"  # type: ignore[attr-defined]
    ]
    assert len(reported) == 1 and reported[0]["field"] == "What is the main reason for your score?"


def test_an_unreachable_store_is_said_in_words(demo_master, tmp_path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/nowhere"
    with pytest.raises(SharedStoreError, match="cannot be reached"):
        push(demo_master, url)
    with pytest.raises(SharedStoreError, match="cannot be reached"):
        pull(url, tmp_path / "x.wbk")
    assert not (tmp_path / "x.wbk").exists()


def test_commands_push_pull_and_merge_with_a_url(demo_master, pg_url, tmp_path, capsys) -> None:
    from workbench.cli import main

    out = io.StringIO()
    assert main(["push", str(demo_master), pg_url], out=out) == 0
    pulled = tmp_path / "pulled.wbk"
    assert main(["pull", pg_url, str(pulled)], out=out) == 0
    assert content(pulled) == content(demo_master)
    assert main(["info", pg_url], out=out) == 0
    assert "Meridian IT Services" in out.getvalue()
    # a copy of another engagement is refused by the shared store too
    from workbench.store import create_engagement

    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    assert main(["push", str(other), pg_url], out=out) == 1
    assert "another engagement" in capsys.readouterr().err


def test_merge_into_shared_refuses_another_engagement_without_writing(
    demo_master, pg_url, tmp_path
) -> None:
    from workbench.store import create_engagement

    push(demo_master, pg_url)
    before = content(pg_url)
    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    with pytest.raises(MergeRefused, match="another engagement"):
        merge_into_shared(pg_url, read_source(other), str(other))
    assert content(pg_url) == before


def test_merge_report_shows_the_shared_stores_own_merges(
    demo_master, pg_url, tmp_path, capsys
) -> None:
    """``merge-report`` given the shared store's address shows the merges made into the
    store (the pushes), not the pull that fills a working copy."""
    from workbench.cli import main

    anna = tmp_path / "anna.wbk"
    shutil.copyfile(demo_master, anna)
    assert main(["push", str(demo_master), pg_url], out=io.StringIO()) == 0
    with open_engagement(anna) as store:
        row = next(r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty")
        store.set_answer(row.id, KEY, "Anna's later words")
    assert main(["push", str(anna), pg_url], out=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["merge-report", pg_url], out=out) == 0
    text = out.getvalue()
    assert str(anna) in text.splitlines()[0], text  # the last push, by its file
    assert "changed 1 interview, 1 answer" in text, text
    exported = tmp_path / "report.xlsx"
    assert main(["merge-report", pg_url, "-o", str(exported)], out=io.StringIO()) == 0
    assert exported.stat().st_size > 0
    # an empty shared store: said in words
    empty = pg_url.rsplit("/", 1)[0] + "/postgres"
    capsys.readouterr()
    assert main(["merge-report", empty], out=io.StringIO()) == 1
    assert "holds no engagement yet" in capsys.readouterr().err
