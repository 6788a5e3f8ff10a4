"""Answer values are decoded once per distinct stored value, whatever the driver returns."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.loader import decode_values


def test_stored_json_is_decoded_per_value() -> None:
    raw = pd.Series(["6", '"x"', None, "[1, 2]", '{"a": 1}', "6", "true", "1.5", "not json"])
    got = decode_values(raw).tolist()
    assert got == [6, "x", None, [1, 2], {"a": 1}, 6, True, 1.5, "not json"]
    assert [type(v) for v in got[:2]] == [int, str] and got[6] is True
    assert decode_values(raw).index.equals(raw.index)


def test_values_a_driver_has_already_decoded_pass_through() -> None:
    raw = pd.Series([{"E": 6, "P": 4}, [1], "2", None], index=[5, 6, 7, 8], dtype=object)
    assert decode_values(raw).tolist() == [{"E": 6, "P": 4}, [1], 2, None]
    assert list(decode_values(raw).index) == [5, 6, 7, 8]


def test_nothing_to_decode() -> None:
    assert decode_values(pd.Series([], dtype=object)).tolist() == []


def _connection(rows: list[tuple]) -> object:
    """A stand-in for the SQLAlchemy connection the loader reads through."""
    import sqlite3
    from types import SimpleNamespace

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id TEXT, key TEXT, num REAL, body TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    return SimpleNamespace(connection=SimpleNamespace(dbapi_connection=db))


def test_repeated_text_is_held_once_per_value_across_batches(monkeypatch) -> None:
    from workbench.analysis import loader

    monkeypatch.setattr(loader, "_BATCH", 3)  # several batches
    rows = [(f"iv-{i % 2}", f"q{i % 3}", i if i % 4 else None, f"text {i % 2}") for i in range(10)]
    sql = "SELECT id, key, num, body FROM t ORDER BY rowid"
    got = loader._frame(_connection(rows), sql, repeated=("id", "key"))
    expected = pd.DataFrame.from_records(rows, columns=["id", "key", "num", "body"])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    # one object per distinct id and key, from whichever batch it first came in
    for column, distinct in (("id", 2), ("key", 3)):
        assert len({id(v) for v in got[column].tolist()}) == distinct
    # the other text columns are left as the driver made them
    assert len({id(v) for v in got["body"].tolist()}) == 10


def test_no_rows_give_the_columns_empty() -> None:
    from workbench.analysis import loader

    got = loader._frame(_connection([]), "SELECT id, key FROM t", repeated=("id",))
    assert list(got.columns) == ["id", "key"] and len(got) == 0


def test_a_load_holds_the_cycle_collector_back_and_gives_it_back(monkeypatch) -> None:
    """The collector waits while a load makes its objects, and runs again after it, also
    after a failed load; a caller that had paused it keeps it paused."""
    import gc

    import pytest

    from workbench.analysis import loader

    seen: list[bool] = []

    def load(store: object, progress: object) -> str:
        seen.append(gc.isenabled())
        if store == "broken":
            raise RuntimeError("the file went away")
        return "data"

    monkeypatch.setattr(loader, "_load", load)
    assert gc.isenabled()
    assert loader.load_engagement_data("store") == "data"
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        loader.load_engagement_data("broken")
    assert gc.isenabled() and seen == [False, False]
    gc.disable()
    try:
        loader.load_engagement_data("store")
        assert not gc.isenabled()  # the caller's pause is left as it was
    finally:
        gc.enable()
