from workbench.plural import noun, plural


def test_counted_nouns_read_as_english():
    assert plural(1, "person") == "1 person"
    assert plural(2, "person") == "2 people"
    assert plural(0, "interview") == "0 interviews"
    assert plural(1, "interview") == "1 interview"
    assert plural(1, "completed interview") == "1 completed interview"
    assert plural(3, "completed interview") == "3 completed interviews"
    assert plural(2, "code") == "2 codes"
    assert plural(2, "analysis") == "2 analyses"
    assert plural(2, "category") == "2 categories"
    assert plural(2, "day") == "2 days"
    assert plural(2, "match") == "2 matches"
    assert plural(1200, "segment") == "1,200 segments"
    assert plural(2, "criterion", "criteria") == "2 criteria"
    assert noun(1, "respondent") == "respondent" and noun(5, "respondent") == "respondents"
