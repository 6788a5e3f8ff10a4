import pytest, os
@pytest.mark.window(shown=True)
@pytest.mark.parametrize("size", [(1280, 800)])
def test_shot(qtbot, window, size):
    window.resize(*size)
    store = window.ctx.store
    rows = store.interview_rows(progress=False)
    best = max(rows, key=lambda r: len((store.respondent(r.respondent_id).role or "")))
    page = window.show_page("interviews")
    page.open_interview(best.id)
    qtbot.wait(300)
    window.grab().save(f"/tmp/shots/editor-{size[0]}-{os.environ.get('SHOT','before')}.png")
    ed = page.editor
    print("who", ed.who.text(), ed.who.width(), ed.who.sizeHint().width(), ed.name.text())
