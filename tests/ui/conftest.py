"""The window's tests share their set-up here: the demo engagement (built once per session,
copied per test), ``ctx``, the AppContext every page and window is built on, ``window``,
the main window on it, ``codebook_page`` and ``report_page``, those pages on it, and
``open_interview``, which opens one of its interviews in the interview editor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

#: What ``ctx`` opens when a test says nothing else (see :func:`ctx`).
NEW_ENGAGEMENT = {"file": "acme.wbk", "client": "Acme", "title": "Review"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "app_context(engagement='demo', settings=None, **new): what the ctx fixture opens "
        "(see tests/ui/conftest.py)",
    )
    config.addinivalue_line(
        "markers",
        "window(shown=False, active=False): how the window fixture shows the main window "
        "(see tests/ui/conftest.py)",
    )


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo-master") / "demo.wbk"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_file(demo_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo engagement, free to change."""
    path = tmp_path / "meridian.wbk"
    shutil.copy(demo_master, path)
    return path


@pytest.fixture
def ctx(request: pytest.FixtureRequest, qtbot, tmp_path: Path):
    """An AppContext with settings of its own (``settings.ini`` in the test's folder) and
    an engagement open; after the test its background tasks finish and the engagement
    closes.

    A module (``pytestmark``) or a test says what it opens with
    ``@pytest.mark.app_context(...)``:

    - ``engagement="demo"`` (the default): a fresh copy of the demo engagement;
    - ``engagement="new"``: a new, empty engagement (``acme.wbk``, client "Acme", title
      "Review"); ``file=``, ``client=``, ``title=`` and ``waves=`` change it;
    - ``engagement=None``: nothing open, for a window that opens or creates its own;
    - ``settings={key: value}``: set before anything opens (the consultant's name, …).
    """
    from PySide6.QtCore import QSettings

    from workbench.store import create_engagement, open_engagement
    from workbench.ui.context import AppContext

    marker = request.node.get_closest_marker("app_context")
    options = dict(marker.kwargs) if marker is not None else {}
    engagement = options.pop("engagement", "demo")
    settings = options.pop("settings", None) or {}
    if engagement != "new" and options:
        raise TypeError(f"app_context: {sorted(options)} go with engagement='new' only")

    context = AppContext()
    context.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for key, value in settings.items():
        context.settings.setValue(key, value)
    if engagement == "demo":
        context.set_store(open_engagement(request.getfixturevalue("demo_file")))
    elif engagement == "new":
        new = {**NEW_ENGAGEMENT, **options}
        context.set_store(create_engagement(tmp_path / new.pop("file"), **new))
    elif engagement is not None:
        raise ValueError(f"app_context: engagement {engagement!r} is not 'demo', 'new' or None")
    yield context
    context.tasks.wait()
    if context.store is not None:
        context.set_store(None)


@pytest.fixture
def window(request: pytest.FixtureRequest, qtbot, ctx):
    """The main window on ``ctx`` (``app_context`` says what is open in it), closed after
    the test, after ``ctx`` has closed its engagement.

    ``@pytest.mark.window(shown=True)``: shown and exposed; ``active=True``: also the
    active window, with its background work finished (a keyboard test's start). A module
    whose window needs more (a file created through it, a page shown) overrides the fixture
    with one that takes this ``window`` and goes on from there.
    """
    from workbench.ui.main_window import MainWindow

    marker = request.node.get_closest_marker("window")
    options = dict(marker.kwargs) if marker is not None else {}
    active = options.pop("active", False)
    shown = options.pop("shown", False) or active
    if options:
        raise TypeError(f"window: unknown options {sorted(options)}")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    if shown:
        w.show()
        qtbot.waitExposed(w)
    if active:
        from window_driver import settle

        settle(qtbot, w)
    return w


@pytest.fixture
def codebook_page(qtbot, ctx):
    """Build the Codebook page on ``ctx`` once the test has put its codes and notes in
    the engagement: ``codebook_page(size=(1300, 800))`` gives the page, shown."""
    from workbench.ui.codebook_view import CodebookPage

    def build(size: tuple[int, int] | None = None) -> CodebookPage:
        page = CodebookPage(ctx)
        qtbot.addWidget(page)
        if size is not None:
            page.resize(*size)
        page.show()
        return page

    return build


@pytest.fixture
def open_interview(qtbot, ctx):
    """Open an interview of ``ctx``'s engagement in the interview editor, shown and the
    active window (the keyboard in it): ``open_interview(interview_id, size=(1280, 860))``."""
    from workbench.ui.interview_editor import InterviewEditor

    def open_(interview_id: str, size: tuple[int, int] = (1280, 860)) -> InterviewEditor:
        editor = InterviewEditor(ctx, interview_id)
        qtbot.addWidget(editor)
        editor.resize(*size)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
        return editor

    return open_


@pytest.fixture
def report_page(qtbot, ctx):
    """The Report page on ``ctx``, shown."""
    from workbench.ui.report_view import ReportPage

    page = ReportPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page
