from tests.ui.test_analyses_view import ctx, page, run_and_wait, Qt  # noqa
def test_dbg(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    tv = view.table_views[0]
    idx = tv.proxy.index(0, 0)
    print(tv.isVisible(), tv.geometry(), tv.visualRect(idx), idx.data(), tv.table.evidence.keys())
    got = []
    tv.doubleClicked.connect(lambda i: got.append(i))
    qtbot.mouseDClick(tv.viewport(), Qt.MouseButton.LeftButton, pos=tv.visualRect(idx).center())
    print(got, view.evidence_dialog)
