"""The anonymised method counts the respondents by segment as the anonymised table of
respondents shows the segments: a segment of fewer than k people within "Other", and no
breakdown at all while the segment is withheld ("12 staff and 4 management" gave a group
of 4 under k = 5 that the table beside it had merged)."""

from __future__ import annotations

from docx import Document

from workbench.deliver.anonymise import Anonymiser, segments_generalised
from workbench.deliver.context import RespondentRow
from workbench.deliver.word import build_report


def _people(**by_segment: int) -> list[RespondentRow]:
    rows = []
    for segment, n in by_segment.items():
        for i in range(n):
            name = f"{segment.title()} Person{chr(65 + i)}"
            rows.append(RespondentRow(f"{segment[:2]}{i}", name, "", "", segment.replace("_", " ")))
    return rows


def test_a_segment_under_k_is_counted_within_other():
    # management 2 < 5 becomes Other, which takes staff (5, the smallest) to reach 5
    people = _people(internal_customer=6, staff=5, management=2)
    a = Anonymiser(people, k=5)
    counts = {"internal customer": 6, "staff": 5, "management": 2}
    assert segments_generalised(a, counts) == {"internal customer": 6, "Other": 7}
    # the interviewed may be fewer than the register: counted by the register's groups
    assert segments_generalised(a, {"internal customer": 4, "management": 1}) == {
        "internal customer": 4,
        "Other": 1,
    }
    assert [r.what for r in a.log if r.where == "report: method"] == ["respondents by segment"] * 2


def test_a_withheld_segment_gives_no_breakdown_and_shown_ones_are_unchanged():
    people = _people(internal_customer=6, staff=5)
    assert segments_generalised(Anonymiser(people, k=20), {"internal customer": 6, "staff": 5}) == {
        "[withheld]": 11
    }
    a = Anonymiser(people, k=5)
    assert segments_generalised(a, {"internal customer": 6, "staff": 5}) == {
        "internal customer": 6,
        "staff": 5,
    }
    assert not [r for r in a.log if r.where == "report: method"]


def test_the_anonymised_reports_method_names_no_group_under_k(tmp_path, make_ctx):
    # 24 respondents: 14 internal customer, 7 staff and 3 management; four in the register
    # (k = 5), so the segment is withheld
    named, anon = tmp_path / "named.docx", tmp_path / "anon.docx"
    build_report(named, make_ctx())
    build_report(anon, make_ctx(anonymise=True))

    def text(path):
        return "\n".join(p.text for p in Document(str(path)).paragraphs)

    assert "14 internal customer, 7 staff and 3 management" in text(named)
    said = text(anon)
    assert "3 management" not in said and "7 staff" not in said
    assert "with 24 respondents" in said
