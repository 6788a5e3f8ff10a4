"""One engagement at a time: opening or creating an engagement resets every page; pages
follow edits made anywhere; hidden pages load only when shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit
from window_driver import strings_containing

from workbench.store import open_engagement
from workbench.ui.context import AppContext
from workbench.ui.interviews import ID_ROLE
from workbench.ui.main_window import PAGES, MainWindow

pytestmark = [
    pytest.mark.app_context(engagement=None, settings={"consultant/name": "Jo Whitfield"}),
    pytest.mark.window(shown=True),
]


def demo_names(path: Path) -> list[str]:
    store = open_engagement(path)
    try:
        return [r.name for r in store.respondents()]
    finally:
        store.close()


def visit_every_page(window: MainWindow) -> None:
    for key, *_rest in PAGES:
        window.show_page(key)
    window.ctx.tasks.wait()


def test_a_new_engagement_after_the_demo_shows_nothing_of_the_demo(
    qtbot, window: MainWindow, demo_file: Path, tmp_path: Path
):
    names = demo_names(demo_file)
    assert window.open_file(demo_file)
    # put the demo on every page: an interview in the coding document, a filter on the list
    codebook = window.show_page("codebook")
    assert codebook.document.interview_id is not None
    assert codebook.document.info.text()  # a respondent of the demo is shown
    interviews = window.show_page("interviews")
    interviews.filter.setText("ITSM")
    interviews.status.setCurrentIndex(interviews.status.findData("complete"))
    visit_every_page(window)
    assert strings_containing(window, names)  # the walk does see the demo's people

    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    assert strings_containing(window, names) == []  # hidden pages included
    visit_every_page(window)
    assert strings_containing(window, names) == []
    assert strings_containing(window, ["Meridian"]) == []

    interviews = window.pages["interviews"]
    assert interviews.filter.text() == ""
    assert interviews.status.currentIndex() == 0
    respondents = window.show_page("respondents")
    rid = respondents.add({"name": "Priya Shah", "segment": "internal customer"})
    window.show_page("interviews")
    from workbench.forms.library import builtin_forms

    interviews.create(rid, builtin_forms()["servqual"])
    assert interviews.proxy.rowCount() == 1
    assert interviews.count_label.text().startswith("1 ")


def test_the_demo_after_a_new_engagement_shows_nothing_of_it(
    qtbot, window: MainWindow, demo_file: Path, tmp_path: Path
):
    assert window.create_file(tmp_path / "acme.wbk", client="Acme Ltd", title="Desk review")
    respondents = window.show_page("respondents")
    rid = respondents.add({"name": "Zebedee Quartermaine", "segment": "management"})
    from workbench.forms.library import builtin_forms

    iid = window.pages["interviews"].create(rid, builtin_forms()["stakeholder-interview"])
    window.ctx.store.add_note(iid, "Quixotic ledger remark")
    codebook = window.show_page("codebook")
    cid = codebook.new_code("Chasing updates", colour="#4e79a7", definition="Nudging the desk")
    codebook.select_codes([cid])  # its definition on show in the details panel
    assert codebook.details.name.text() == "Chasing updates"
    visit_every_page(window)
    assert strings_containing(window, ["Zebedee", "Chasing updates", "#4e79a7"])
    foreign = ["Zebedee", "Quixotic", "Acme Ltd", "Desk review", "Chasing updates",
               "#4e79a7", "Nudging the desk"]

    assert window.open_file(demo_file)
    assert strings_containing(window, foreign) == []  # before any page is shown again
    visit_every_page(window)
    assert strings_containing(window, foreign) == []
    # and into a third engagement
    assert window.create_file(tmp_path / "third.wbk", client="Fullco", title="Third")
    visit_every_page(window)
    assert strings_containing(window, foreign) == []


def test_a_new_interview_with_a_note_is_pickable_on_the_codebook_page(
    qtbot, window: MainWindow, tmp_path: Path
):
    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    codebook = window.show_page("codebook")
    assert codebook.document.picker.count() == 0
    assert strings_containing(codebook, ["No interviews yet"])
    assert not strings_containing(codebook, ["This interview has no notes"])
    rid = window.show_page("respondents").add({"name": "Priya Shah", "segment": "management"})
    from workbench.forms.library import builtin_forms

    interviews = window.show_page("interviews")
    iid = interviews.create(rid, builtin_forms()["servqual"])
    window.show_page("codebook")
    assert strings_containing(codebook, ["No interview has notes or text answers yet"])
    window.show_page("interviews")
    editor = interviews.open_interview(iid)
    note_id = editor.notes.add_note("The ledger server is slow at month end.")
    assert note_id
    window.show_page("codebook")
    assert codebook.document.picker.findData(iid) >= 0


def test_hidden_pages_load_only_when_shown(qtbot, window: MainWindow, demo_file: Path):
    assert window.open_file(demo_file)
    assert window.current_page_key() == "overview"
    respondents = window.pages["respondents"]
    interviews = window.pages["interviews"]
    codebook = window.pages["codebook"]
    assert respondents.model.rowCount() == 0 and respondents.follower.stale
    assert interviews.model.rowCount() == 0 and interviews.follower.stale
    assert codebook.document.picker.count() == 0 and codebook.follower.stale
    window.show_page("respondents")
    assert respondents.model.rowCount() == 36 and not respondents.follower.stale
    window.show_page("codebook")
    assert codebook.document.picker.count() > 0


def test_a_completed_interview_reaches_every_page_without_a_reopen(
    qtbot, window: MainWindow, demo_file: Path
):
    assert window.open_file(demo_file)
    interviews = window.show_page("interviews")
    interviews.status.setCurrentIndex(interviews.status.findData("draft"))
    drafts = interviews.proxy.rowCount()
    assert drafts == 3
    iid = interviews.proxy.index(0, 0).data(ID_ROLE)
    editor = interviews.open_interview(iid)
    editor.status_button.click()  # mark complete
    assert window.ctx.store.interview(iid).status == "complete"
    editor.close_editor()
    assert interviews.proxy.rowCount() == drafts - 1
    overview = window.show_page("overview")
    assert "<b>151</b> complete" in overview.numbers.text()


def test_the_consultants_name_is_asked_once_and_used_for_new_interviews(
    qtbot, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("USER", "jwhitfield01")
    monkeypatch.setenv("LOGNAME", "jwhitfield01")
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert ctx.given_name() == ""  # never the login name
    assert ctx.user_name == "the consultant"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    dialog = window.name_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit), "Jo Whitfield")
    qtbot.keyClick(dialog.findChild(QLineEdit), Qt.Key.Key_Return)
    assert ctx.settings.value("consultant/name") == "Jo Whitfield"
    qtbot.waitUntil(lambda: window.name_dialog is None, timeout=3000)
    window.open_file(tmp_path / "acme.wbk")
    assert window.name_dialog is None  # asked once
    from workbench.ui.interviews import NewInterviewDialog

    window.pages["respondents"].add({"name": "Alice Brown", "segment": "management"})
    new = NewInterviewDialog(ctx, window)
    assert new.interviewer.text() == "Jo Whitfield"


def test_column_widths_do_not_carry_over_between_engagements(
    qtbot, window: MainWindow, demo_file: Path, tmp_path: Path
):
    def widths(page) -> list[int]:  # the last column fills what is left (scroll bar or not)
        header = page.view.horizontalHeader()
        return [header.sectionSize(i) for i in range(header.count() - 1)]

    def fits(page) -> bool:  # every column on screen, no horizontal scrolling
        return page.view.horizontalScrollBar().maximum() == 0

    window.resize(1280, 800)
    assert window.open_file(demo_file)
    interviews = window.show_page("interviews")
    qtbot.waitUntil(lambda: fits(interviews), timeout=3000)  # once laid out
    first = widths(interviews)

    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    rid = window.show_page("respondents").add({"name": "Priya Shah", "segment": "management"})
    from workbench.forms.library import builtin_forms

    window.show_page("interviews")
    interviews.create(rid, builtin_forms()["servqual"])
    qtbot.wait(20)

    assert window.open_file(demo_file)
    window.show_page("interviews")
    qtbot.waitUntil(lambda: fits(interviews), timeout=3000)  # the scroll bar settled
    assert widths(interviews) == first


def test_a_new_engagement_explains_its_empty_tables(qtbot, window: MainWindow, tmp_path: Path):
    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    respondents = window.show_page("respondents")
    interviews = window.show_page("interviews")
    findings = window.show_page("findings")
    assert findings.empty.isVisible() and findings.empty.text().startswith("No findings yet")
    assert not findings.trash_finding_button.isEnabled()
    assert not findings.link_segment_button.isEnabled()
    window.show_page("respondents")
    assert respondents.empty.isVisible() and "No respondents yet" in respondents.empty.text()
    rid = respondents.add({"name": "Priya Shah", "segment": "management"})
    assert not respondents.empty.isVisible()
    window.show_page("interviews")
    assert interviews.empty.isVisible() and "No interviews yet" in interviews.empty.text()
    from workbench.forms.library import builtin_forms

    interviews.create(rid, builtin_forms()["servqual"])
    assert not interviews.empty.isVisible()
    window.show_page("findings")
    findings.add_finding("Tickets are chased by customers")
    assert not findings.empty.isVisible()
    assert findings.trash_finding_button.isEnabled()  # the new finding is the current one
