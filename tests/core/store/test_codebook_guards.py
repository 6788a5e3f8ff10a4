"""The codebook stays a tree of uniquely named codes whatever the window asks: a code is
not merged into its own sub-code, two live siblings never share a name, and a code in the
trash (or under one) codes nothing and is offered nowhere."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form


@pytest.fixture
def tree(store):
    trust = store.add_code("Trust").id
    honest = store.add_code("Honest estimates", parent_id=trust).id
    owner = store.add_code("Ticket ownership", parent_id=honest).id
    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "They never said when it would be fixed.").id
    store.code_segment(owner, "note", note, 0, 4)
    return store, trust, honest, owner, note


def test_a_code_is_not_merged_into_its_own_sub_code(tree) -> None:
    store, trust, honest, owner, _ = tree
    before = store.code_paths()
    for target in (honest, owner):
        with pytest.raises(ValueError, match="into one of its own sub-codes"):
            store.merge_codes(trust, target)
    assert store.code_paths() == before  # nothing changed, nothing lost
    assert store.merge_codes(owner, trust) == 1  # upwards it merges


def test_two_live_siblings_never_share_a_name(tree) -> None:
    store, trust, honest, owner, _ = tree
    with pytest.raises(ValueError, match="already a code 'honest estimates' under the same"):
        store.add_code("honest estimates", parent_id=trust)
    with pytest.raises(ValueError, match="already a code 'Trust' at the top level"):
        store.add_code(" Trust ")
    other = store.add_code("Jargon", parent_id=trust).id
    with pytest.raises(ValueError, match="already a code"):
        store.update_code(other, name="Honest Estimates")
    store.update_code(other, name="Jargon")  # its own name again
    loose = store.add_code("Ticket ownership").id  # the same name elsewhere is another code
    with pytest.raises(ValueError, match="already a code"):
        store.move_code(loose, honest)
    store.trash_code(other)
    assert store.add_code("Jargon", parent_id=trust)  # a twin in the trash is no twin


def test_the_codebook_exports_after_the_window_s_edits(tree, tmp_path) -> None:
    """What a duplicate name broke: the codebook file is written, each path once."""
    from workbench.coding.service import export_codebook

    store, trust, *_ = tree
    store.add_code("Channels", parent_id=trust)
    with pytest.raises(ValueError):
        store.add_code("Channels", parent_id=trust)
    out = export_codebook(store, tmp_path / "cb.csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum("Trust/Channels" in line for line in lines) == 1


def test_a_code_in_the_trash_codes_nothing_and_is_offered_nowhere(tree) -> None:
    store, trust, honest, owner, note = tree
    store.trash_code(honest)
    assert set(store.code_paths().values()) == {"Trust"}  # its sub-code is in the trash too
    with pytest.raises(ValueError, match="'Honest estimates' is in the trash; restore it"):
        store.code_segment(honest, "note", note, 5, 9)
    with pytest.raises(ValueError, match="'Ticket ownership' is in the trash \\(with 'Honest"):
        store.code_segment(owner, "note", note, 5, 9)
    store.restore_code(honest)
    assert store.code_segment(owner, "note", note, 5, 9).code_id == owner
