"""Coded passages an earlier version left on words their text no longer reads: the window
says so once the file has opened, and repairs them on request (the file copied first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.store import check_engagement

pytestmark = pytest.mark.app_context(engagement=None)


def _astray(path: Path) -> tuple[str, str]:
    """Move one coded passage of a note one character on, its words kept (what an earlier
    version left behind); its id and words."""
    with sqlite3.connect(path) as conn:
        seg_id, start, end, words, body = conn.execute(
            'SELECT g.id, g.start, g."end", g.text, n.body FROM coded_segment g '
            "JOIN note n ON n.id = g.source_id WHERE g.source_kind = 'note' "
            'AND g.deleted_at IS NULL AND g."end" < length(n.body) - 1 '
            'AND substr(n.body, g.start + 2, g."end" - g.start) != g.text '
            "ORDER BY g.id LIMIT 1"
        ).fetchone()
        assert body[start:end] == words
        conn.execute(
            'UPDATE coded_segment SET start = ?, "end" = ? WHERE id = ?',
            (start + 1, end + 1, seg_id),
        )
    return seg_id, words


def test_the_window_names_astray_passages_and_repairs_them(window, demo_file, qtbot, tmp_path):
    seg_id, words = _astray(demo_file)
    assert any(seg_id in p for p in check_engagement(demo_file))
    window.resize(1200, 800)
    window.show()
    assert window.open_file(demo_file)
    notice = window.passage_notice
    qtbot.waitUntil(lambda: notice.isVisible(), timeout=30000)
    assert notice.count == 1
    assert "1 coded passage holds words the text no longer reads" in notice.text.text()
    assert seg_id in notice.toolTip() and seg_id in notice.text.text()  # which one
    assert "'s interview, a note, characters" in notice.text.text()  # and where
    window.grab().save(str(tmp_path / "passage-notice.png"))
    # the window's exports are written as asked, and say so too
    messages: list[str] = []
    window.ctx.status.connect(messages.append)
    report = window.show_page("report")
    target = tmp_path / "tables.xlsx"
    with qtbot.waitSignal(report.export_finished, timeout=120000):
        report.export_excel(target)
    assert target.exists()
    assert "1 coded passage holds words the text no longer reads" in report.done_label.text()
    assert "Edit ▸ Repair Coded Passages" in messages[-1]
    window.show_page("overview")

    notice.repair_button.click()
    assert not notice.isVisible()
    said = window.statusBar().currentMessage()
    assert "Repaired 1 coded passage" in said and "meridian.wbk.before-mend.bak" in said
    assert (demo_file.parent / "meridian.wbk.before-mend.bak").exists()
    store = window.ctx.store
    mended = next(s for s in store.segments() if s.id == seg_id)
    assert mended.text == words
    assert store.astray_passages()[1] == 0
    # nothing left: the Edit menu's command says so and changes nothing
    window.repair_passages_action.trigger()
    assert window.statusBar().currentMessage() == "Every coded passage is on its text."


def test_a_file_whose_passages_are_on_their_text_shows_no_notice(
    window, demo_file, qtbot, monkeypatch
):
    from workbench.ui.passage_notice import PassageNotice

    found = []
    shown = PassageNotice.show_found
    monkeypatch.setattr(
        PassageNotice, "show_found", lambda self, *a: (found.append(a), shown(self, *a))
    )
    assert window.open_file(demo_file)
    qtbot.waitUntil(lambda: bool(found), timeout=30000)  # it looked, off the UI thread
    assert found == [([], 0)]
    assert not window.passage_notice.isVisible() and window.passage_notice.count == 0
