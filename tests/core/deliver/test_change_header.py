"""A table of changes reads its header "Change (re-audit − baseline)" as one piece."""

from __future__ import annotations

from workbench.deliver.word_builder import keep_together


def test_a_difference_of_waves_is_kept_on_one_line():
    # The header wrapped with a lone "−" on a line of its own.
    assert keep_together("Change (re-audit − baseline)") == (
        "Change (re-\u2060audit\u00a0\u2212\u00a0baseline)"
    )
    assert keep_together("Difference of wave levels (follow-up − baseline)").endswith(
        "(follow-\u2060up\u00a0\u2212\u00a0baseline)"  # no break after the hyphen either
    )
    # The word before the bracket may still break from it; a long phrase is left alone.
    assert keep_together("Change (re-audit − baseline)").startswith("Change (")
    long = "(a very long first wave name − another very long wave name)"
    assert keep_together(long) == long
