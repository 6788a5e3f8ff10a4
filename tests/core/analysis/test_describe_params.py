from workbench.analysis.api import Analysis, Param


class Options(Analysis):
    id = "options"
    title = "Options"
    params = (
        Param("weighted", "Importance-weighted score", "bool", True),
        Param("by_segment", "By segment", "bool", False),
        Param("coder_a", "First coder", "text", ""),
        Param("model", "Model", "choice", "a", choices=(("a", "Model A"), ("b", "Model B"))),
        Param("alpha", "Acceptable alpha", "number", 0.7),
    )


def test_options_read_as_words_never_raw():
    text = Options().describe_params({"coder_a": "  "})
    assert text == (
        "Importance-weighted score: Yes; By segment: No; First coder: automatic; "
        "Model: Model A; Acceptable alpha: 0.7"
    )
    assert "True" not in text and ": ;" not in text


def test_booleans_in_tables_read_as_words():
    from workbench.analysis.result import Column, format_value

    assert format_value(True, Column("ok", "Observed", "text")) == "Yes"
    assert format_value(False, Column("ok", "Observed", "int")) == "No"
    import numpy as np

    assert format_value(np.bool_(True), Column("ok", "Observed", "text")) == "Yes"


def test_a_whole_number_set_as_a_decimal_reads_as_the_method_note_writes_it():
    """The window's number boxes give 5.0 where the report's defaults give 5: both read
    "5", as the method note's own "≥ 5" does."""
    from analyses.satisfaction_loyalty import SatisfactionLoyalty

    analysis = SatisfactionLoyalty()
    given = analysis.resolve_params({"satisfaction_cutoff": 5.0, "loyalty_cutoff": 3.5})
    assert analysis.describe_params(given) == (
        "High satisfaction from: 5; High loyalty from: 3.5; By segment: Yes; Form: automatic"
    )
    assert analysis.describe_params(given) == analysis.describe_params(
        analysis.resolve_params({"loyalty_cutoff": 3.5})
    )
