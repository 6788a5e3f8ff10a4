"""Rebasing coded spans when their text is edited after coding."""

from __future__ import annotations

import random

import pytest

from workbench.coding.anchors import rebase, rebase_one

TEXT = "The service desk never calls back. Changes break things every week."
DESK = (TEXT.index("service desk"), TEXT.index("service desk") + len("service desk"))
CHANGES = (TEXT.index("Changes"), len(TEXT))


def spans_text(text, spans):
    return [None if s is None else text[s[0] : s[1]] for s in spans]


def test_unchanged_text_keeps_spans():
    assert rebase(TEXT, TEXT, [DESK, CHANGES]) == [DESK, CHANGES]


def test_insertion_before_shifts():
    new = "Honestly, " + TEXT
    out = rebase(TEXT, new, [DESK, CHANGES])
    assert out == [(DESK[0] + 10, DESK[1] + 10), (CHANGES[0] + 10, CHANGES[1] + 10)]
    assert spans_text(new, out) == ["service desk", TEXT[CHANGES[0] :]]


def test_insertion_after_leaves_span_alone():
    new = TEXT + " Really."
    assert rebase(TEXT, new, [DESK]) == [DESK]
    assert rebase(TEXT, new, [CHANGES]) == [CHANGES]  # text appended at the end edge stays out


def test_insertion_inside_extends():
    new = TEXT.replace("service desk", "service (IT) desk")
    (out,) = rebase(TEXT, new, [DESK])
    assert new[out[0] : out[1]] == "service (IT) desk"


def test_insertion_at_either_edge_stays_outside():
    new = TEXT.replace("service desk", "[service desk]")
    assert spans_text(new, rebase(TEXT, new, [DESK])) == ["service desk"]


def test_deletion_before_shifts_back():
    new = TEXT.replace("The ", "", 1)
    assert spans_text(new, rebase(TEXT, new, [DESK, CHANGES])) == [
        "service desk",
        TEXT[CHANGES[0] :],
    ]


def test_deletion_inside_shrinks():
    new = TEXT.replace(" every week", "")
    (out,) = rebase(TEXT, new, [CHANGES])
    assert new[out[0] : out[1]] == "Changes break things."


def test_deletion_over_an_edge_shrinks_from_that_side():
    new = TEXT.replace("The service ", "")  # removes the first word of the span
    (out,) = rebase(TEXT, new, [DESK])
    assert new[out[0] : out[1]] == "desk"
    new = TEXT.replace("desk never", "never")
    (out,) = rebase(TEXT, new, [DESK])
    assert new[out[0] : out[1]].strip() == "service"


def test_fully_deleted_span_is_none():
    new = TEXT.replace("Changes break things every week.", "")
    assert rebase(TEXT, new, [DESK, CHANGES]) == [DESK, None]
    assert rebase_one(TEXT, "", *DESK) is None


def test_rewritten_words_of_a_span_become_its_words():
    """A passage whose own words were rewritten takes the new words, longer or shorter."""
    for words in ("QQQQQQQQQQQQ", "help line", "support centre staff"):
        new = TEXT.replace("service desk", words)
        assert spans_text(new, rebase(TEXT, new, [DESK, CHANGES])) == [
            words,
            "Changes break things every week.",
        ]


def test_a_span_inside_a_larger_rewritten_stretch_is_none():
    """Part of a stretch rewritten as a whole has no words of its own left to follow."""
    new = TEXT.replace("service desk never calls", "portal is slow")
    desk = TEXT.index("desk")
    assert rebase(TEXT, new, [(desk, desk + 4)]) == [None]


def test_a_text_rewritten_whole_leaves_no_span():
    """Every word replaced ("No comment."): the words coded are gone, punctuation kept aside;
    no span follows onto words it was never given."""
    whole = (0, len(TEXT))
    for new in ("No comment.", "Nothing to add", "."):
        assert rebase(TEXT, new, [whole, DESK, CHANGES]) == [None, None, None]
    # a word of the text left keeps the rewritten span's rule
    new = "No comment. Changes break things every week."
    assert spans_text(new, rebase(TEXT, new, [whole, CHANGES])) == [
        new,
        "Changes break things every week.",
    ]


def test_same_length_replacement_keeps_offsets():
    old = "Teh service desk"
    new = "The service desk"
    assert rebase(old, new, [(0, 3), (4, 16)]) == [(0, 3), (4, 16)]


def test_multiple_edits_and_empty_span():
    new = "Frankly: " + TEXT.replace(" never calls back", " rarely calls") + " (Ana)"
    desk, changes, empty = rebase(TEXT, new, [DESK, CHANGES, (DESK[1], DESK[1])])
    assert new[desk[0] : desk[1]] == "service desk"
    assert new[changes[0] : changes[1]] == "Changes break things every week."
    assert empty[0] == empty[1] == desk[1]


def test_bad_span_is_an_error():
    with pytest.raises(ValueError, match="outside the old text"):
        rebase("abc", "abcd", [(2, 5)])
    with pytest.raises(ValueError):
        rebase("abc", "abcd", [(2, 1)])


def test_long_text_aligns_without_autojunk():
    # Over 200 characters: with autojunk, spaces and 'e' would be junk and alignment poor.
    old = " ".join(f"sentence {i} has some text here" for i in range(40))
    i = old.index("sentence 30")
    span = (i, i + len("sentence 30"))
    new = "Inserted at the start. " + old.replace("sentence 5 ", "sentence five ")
    (out,) = rebase(old, new, [span])
    assert new[out[0] : out[1]] == "sentence 30"


def test_random_edits_keep_surviving_words():
    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)]
    old = " ".join(words)
    for _ in range(30):
        keep = sorted(rng.sample(range(60), 40))
        new_words = [words[k] for k in keep]
        pos = rng.randrange(len(new_words))
        new_words.insert(pos, "NEW")
        new = " ".join(new_words)
        spans = [(old.index(f"w{k} "), old.index(f"w{k} ") + len(f"w{k}")) for k in range(10, 50)]
        for k, out in zip(range(10, 50), rebase(old, new, spans), strict=True):
            if k in keep and out is not None:
                assert new[out[0] : out[1]] == f"w{k}", k
            if k in keep:
                assert out is not None, k


def test_a_local_edit_of_a_long_note_is_diffed_between_the_unchanged_ends():
    """Only the stretch between the words both texts start and end with is compared; the
    common ends are cut where a word begins, so a change inside a word is still seen as a
    change of that word."""
    from workbench.coding.anchors import opcodes

    words = [f"word{i}" for i in range(400)]
    old = " ".join(words) + " the cat sat. " + " ".join(reversed(words))
    new = old.replace(" the cat sat.", " the cart sat.")  # the common start ends in "ca"
    cat, sat = old.index("cat"), old.index("sat")
    first, last = (0, 5), (len(old) - 5, len(old))
    out = rebase(old, new, [(cat, cat + 3), (sat, sat + 3), first, last])
    assert spans_text(new, out) == ["cart", "sat", "word0", "word0"]
    r = cat + 2  # the letter typed into "cat"
    assert opcodes(old, new) == [
        ("equal", 0, r, 0, r),
        ("insert", r, r, r, r + 1),
        ("equal", r, len(old), r + 1, len(new)),
    ]


def test_whitespace_added_at_the_end_moves_no_span():
    old = "The desk never calls back."
    out = rebase(old, old + " ", [(4, 8), (20, 26)])
    assert out == [(4, 8), (20, 26)]
    assert rebase(old + " ", old, out) == [(4, 8), (20, 26)]
