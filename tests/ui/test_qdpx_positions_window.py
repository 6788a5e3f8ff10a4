"""An imported source with CRLF line ends and emoji: the window highlights the words that
Retrieve quotes."""

from __future__ import annotations

from tests.core.coding.test_qdpx import new_store
from tests.core.coding.test_qdpx_positions import IDS, _project
from workbench.coding.qdpx import read_project
from workbench.coding.qdpx_import import import_project
from workbench.ui.coding_text import CodingTextEdit, SegmentMark


def test_highlight_and_retrieve_agree_on_an_imported_crlf_source(qtbot, tmp_path):
    store = new_store(tmp_path)
    import_project(store, read_project(_project(tmp_path)))
    (note,) = store.notes(IDS["s"])
    view = CodingTextEdit(note.body, read_only=True)
    qtbot.addWidget(view)
    segs = store.segments()
    view.set_marks(
        [SegmentMark(s.id, s.code_id, "Waiting", "#4e79a7", s.start, s.end) for s in segs]
    )
    shown = {m.segment_id: m.cursor.selectedText() for m in view.marks}
    assert shown == {s.id: s.text for s in segs}
    assert shown == {IDS["p1"]: "three days", IDS["p2"]: "desk was closed"}
