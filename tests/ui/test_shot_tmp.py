import pytest
@pytest.mark.window(shown=True)
@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)])
def test_shot(qtbot, window, size, request):
    window.resize(*size)
    page = window.show_page("codebook")
    qtbot.wait(300)
    doc = page.document
    # an interview with a role
    ivs = [doc.picker.itemData(i) for i in range(doc.picker.count())]
    store = window.ctx.store
    best = max(ivs, key=lambda i: len((store.interview(i).respondent.role or "")) + len(store.interview(i).respondent.org_unit or ""))
    doc.set_interview(best)
    qtbot.wait(300)
    tag = request.config.getoption("-k") or ""
    window.grab().save(f"/tmp/shots/{size[0]}-{__import__('os').environ.get('SHOT','before')}.png")
    print(size, "doc width", doc.width(), "scroll", doc.scroll.viewport().width(), "sizes", page.splitter.sizes(), "info", doc.info.text())
