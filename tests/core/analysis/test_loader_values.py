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
