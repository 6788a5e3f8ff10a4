"""The main window: the engagement file (new, open, recent, save a copy, close), the
navigation between the pages, undo/redo, search, the trash and the status bar."""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# (the store, SQLAlchemy and the models are imported when a file is opened: the first
# page is read with the sqlite3 module while they load on a thread, see workbench.store.early)
from workbench.ui import file_dialogs, style
from workbench.ui.context import AppContext, ask
from workbench.ui.dialogs import FILE_FILTER

RECENT_KEY = "recent/files"
#: The exports' keys, window-wide (the Report page's export buttons name the same keys).
EXPORT_KEYS = {"word": "Ctrl+E", "excel": "Ctrl+Shift+E", "deck": "Ctrl+Alt+E"}
RECENT_MAX = 8
# (key, title, module, class): the pages down the side, in order (Go menu: Ctrl+1 … Ctrl+7)
PAGES = (
    ("overview", "Overview", "workbench.ui.overview", "OverviewPage"),
    ("respondents", "Respondents", "workbench.ui.respondents", "RespondentsPage"),
    ("interviews", "Interviews", "workbench.ui.interviews", "InterviewsPage"),
    ("codebook", "Codebook", "workbench.ui.codebook_view", "CodebookPage"),
    ("analyses", "Analyses", "workbench.ui.analyses_view", "AnalysesPage"),
    ("findings", "Findings", "workbench.ui.findings_view", "FindingsPage"),
    ("report", "Report", "workbench.ui.report_view", "ReportPage"),
)


class _PageSlot(QWidget):
    """A page's place in the stack; the page itself is built when first shown or asked for."""

    def __init__(self, build: Any) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._build = build
        self.page: QWidget | None = None

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self._build()
            self.layout().addWidget(self.page)
            self.page.show()
        return self.page

    def showEvent(self, event: Any) -> None:
        self.ensure()
        super().showEvent(event)


#: The list, table or tree of each page that takes the keyboard when the page is switched
#: to (the attribute of the page holding it), for pages without a ``main_view()`` of their own.
MAIN_VIEWS = {
    "respondents": "view",
    "codebook": "tree",
    "analyses": "list_view",
    "findings": "findings_view",
    "report": "sections",
}


def main_view(page: QWidget, key: str = "") -> QWidget | None:
    """The widget of ``page`` (the page ``key``) that takes the keyboard when the page is
    switched to: what its ``main_view()`` names, or its entry in ``MAIN_VIEWS``, or else
    its first list, table or tree that takes focus.

    (The page's focus chain is not walked with ``nextInFocusChain()``: PySide makes the
    widget it is called on the Python owner of the one it returns, so a button deleted
    later, such as a favourite's, took with it on the Python side whatever came next in the
    chain, the window and its menu bar included: "Internal C++ object already deleted".)
    """
    named = getattr(page, "main_view", None)
    if callable(named):
        return named()
    attribute = getattr(page, MAIN_VIEWS.get(key, ""), None)
    if isinstance(attribute, QWidget):
        return attribute
    for widget in page.findChildren(QAbstractItemView):
        if (
            widget.window() is page.window()  # (not a combo box's list, a popup of its own)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
    return None


class Pages:
    """The window's pages by key (``window.pages["respondents"]``), each built on first use."""

    def __init__(self) -> None:
        self.slots: dict[str, _PageSlot] = {}

    def __getitem__(self, key: str) -> QWidget:
        return self.slots[key].ensure()

    def __contains__(self, key: object) -> bool:
        return key in self.slots

    def __iter__(self) -> Any:
        return iter(self.slots)

    def built(self) -> list[QWidget]:
        """The pages built so far (the others hold nothing to save or reset)."""
        return [s.page for s in self.slots.values() if s.page is not None]


class _AfterPainting(QObject):
    """Run ``then`` once ``widget`` has been painted (the page that shows an engagement
    just opened: what loads meanwhile does not hold up its first paint), or at the
    latest after ``wait_ms``."""

    def __init__(self, widget: QWidget, then: Any, wait_ms: int = 1000) -> None:
        super().__init__(widget)
        self._then: Any = then
        widget.installEventFilter(self)
        QTimer.singleShot(wait_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._run)  # once the paint is done
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            if self.parent() is not None:
                self.parent().removeEventFilter(self)
            self.deleteLater()
            then()


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return style.muted(label)


class MainWindow(QMainWindow):
    # (store, refusal): the whole-file check of an opened file ended, on its own thread;
    # the refusal's words, "" when the file passed (text: no None crosses the threads)
    _checked = Signal(object, str)

    def __init__(self, ctx: AppContext | None = None) -> None:
        super().__init__()
        self._checked.connect(self._on_checked)
        file_dialogs.install()  # a file dialog must never release the open file's locks
        self.ctx = ctx or AppContext(self)
        self.pages = Pages()
        self.last_message: QMessageBox | None = None
        self._search: Any = None
        self.setWindowTitle("Workbench")
        self.setMinimumSize(900, 600)
        self._build_central()
        self._build_menus()
        from workbench.ui.menu_keys import esc_leaves_menu_bar

        esc_leaves_menu_bar(self.menuBar())
        self._build_status()
        self.ctx.store_changed.connect(self._on_store_changed)
        self.ctx.saved.connect(self._on_saved)
        self.ctx.status.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        self.ctx.open_interview_requested.connect(self._open_interview)
        self.ctx.open_respondent_requested.connect(self._open_respondent)
        self.ctx.failed.connect(self.warn)
        self.name_dialog: Any = None
        from workbench.ui.protection import install_retention_notice

        self.retention_notice = install_retention_notice(self)
        from workbench.ui.passage_notice import install_passage_notice

        self.passage_notice = install_passage_notice(self)
        self._restore_geometry()
        self._on_store_changed(self.ctx.store)
        self.retention_notice.refresh()

    # -- building ---------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.sidebar = QFrame()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(200)
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(0, 0, 0, 8)
        side.setSpacing(0)
        self.brand = QLabel("Workbench")
        self.brand.setObjectName("brand")
        self.brand.setWordWrap(True)
        self.brand_sub = style.muted(QLabel(""))
        self.brand_sub.setObjectName("brandSub")
        self.brand_sub.setWordWrap(True)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side.addWidget(self.brand)
        side.addWidget(self.brand_sub)
        side.addWidget(self.nav, 1)

        self.stack = QStackedWidget()
        for key, title, module, cls in PAGES:
            item = QListWidgetItem(style.icon(key), title)
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
            slot = _PageSlot(lambda t=title, m=module, c=cls: self._make_page(t, m, c))
            self.pages.slots[key] = slot
            self.stack.addWidget(slot)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._focus_page)

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(16, 8, 8, 8)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Hide this message")
        close.clicked.connect(self.banner.hide)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(close)
        self.banner.hide()

        main = QWidget()
        right = QVBoxLayout(main)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)

        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(main, 1)

        self.welcome = self._build_welcome()
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.workspace)
        self.setCentralWidget(self.central)

    def _make_page(self, title: str, module: str, cls: str) -> QWidget:
        try:
            page_class = getattr(importlib.import_module(module), cls)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                return _placeholder(f"{title} is not available: {exc}")
            return _placeholder(f"{title} is coming soon.")
        except Exception as exc:  # a broken page must not take the window down
            return _placeholder(f"{title} could not be loaded: {exc}")
        return page_class(self.ctx, self)

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addStretch(2)
        box = QVBoxLayout()
        box.setSpacing(10)
        box.addWidget(style.title("Workbench", "bigTitle"), 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(
            style.muted(QLabel("Open an engagement, or start a new one.")),
            0,
            Qt.AlignmentFlag.AlignHCenter,
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        new = QPushButton("New engagement…")
        new.clicked.connect(self.new_engagement)
        open_ = QPushButton("Open…")
        open_.setDefault(True)
        open_.clicked.connect(self.choose_and_open)
        buttons.addWidget(new)
        buttons.addWidget(open_)
        buttons.addStretch(1)
        box.addSpacing(8)
        box.addLayout(buttons)
        self.welcome_recent = QListWidget()
        self.welcome_recent.setFixedWidth(520)
        self.welcome_recent.setIconSize(QSize(18, 18))
        self.welcome_recent.itemActivated.connect(
            lambda item: self.open_file(item.data(Qt.ItemDataRole.UserRole))
        )
        self.welcome_recent_title = style.muted(QLabel("Recent engagements"))
        box.addSpacing(16)
        box.addWidget(self.welcome_recent_title, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.welcome_recent, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(box)
        outer.addStretch(3)
        return page

    def _action(
        self, menu: QMenu, text: str, slot: Any, keys: Any = None, *, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            seqs = keys if isinstance(keys, list) else [keys]
            action.setShortcuts([QKeySequence(k) for k in seqs])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _encrypt(self) -> None:
        from workbench.ui.encryption import encryption_of_open_file

        encryption_of_open_file(self)

    def edit_protection(self) -> None:
        from workbench.ui.protection import edit_protection

        edit_protection(self.ctx, self)

    def _open_shared(self) -> None:
        from workbench.ui.team import ask_shared_url

        ask_shared_url(self)

    def _synchronise(self) -> None:
        from workbench.ui.team import synchronise

        synchronise(self)

    def _merge(self) -> None:
        from workbench.ui.team import choose_and_merge

        choose_and_merge(self)

    def _merge_report(self) -> None:
        from workbench.ui.team import show_last_report

        show_last_report(self)

    def _history(self) -> None:
        from workbench.ui.team import show_history

        show_history(self)

    def _import_responses(self) -> None:
        from workbench.ui.form_files import import_responses

        import_responses(self.ctx, self)

    def _repair_passages(self) -> None:
        from workbench.ui.passage_notice import repair_passages

        repair_passages(self)

    def _import_form(self) -> None:
        from workbench.ui.form_files import import_form_file

        import_form_file(self.ctx, self)

    def _export_deck(self) -> None:
        """Export → Slide deck: the Report page's selection and options, as a deck (the
        slide design and the file's name asked at once; see ``export_from_window``)."""
        from workbench.ui.report_view import export_from_window

        export_from_window(self, "deck")

    def _export_from_report(self, method: str) -> None:
        """Export → Word report / Excel workbook: the Report page's selection and options."""
        from workbench.ui.report_view import export_from_window

        export_from_window(self, method.removeprefix("export_"))

    def _export_form(self) -> None:
        from workbench.ui.form_files import export_form_file

        export_form_file(self.ctx, self)

    def _import_qdpx(self) -> None:
        from workbench.ui.qdpx_files import import_qdpx

        import_qdpx(self.ctx, self)

    def _export_qdpx(self) -> None:
        from workbench.ui.qdpx_files import export_qdpx

        export_qdpx(self.ctx, self)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        # (no shortcut: Ctrl+Shift+N adds a note in the interview editor)
        self.new_action = self._action(file, "&New Engagement…", self.new_engagement)
        self.new_interview_action = self._action(
            file, "New &Interview…", self.new_interview, QKeySequence.StandardKey.New
        )
        self.new_respondent_action = self._action(
            file, "New Responden&t…", self.new_respondent, "Ctrl+Shift+R"
        )
        self.open_action = self._action(file, "&Open…", self.choose_and_open, "Ctrl+O")
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.open_shared_action = self._action(file, "Open S&hared Store…", self._open_shared)
        self.sync_action = self._action(file, "&Synchronise with Shared Store", self._synchronise)
        file.addSeparator()
        self.import_responses_action = self._action(
            file, "Im&port Responses…", self._import_responses, "Ctrl+Shift+I"
        )
        self.import_form_action = self._action(file, "Import &Form…", self._import_form)
        self.export_form_action = self._action(file, "&Export Form…", self._export_form)
        # The exports' keys work from every page (the Report page's buttons show them).
        self.export_word_action = self._action(
            file,
            "Export &Word Report…",
            lambda: self._export_from_report("export_word"),
            EXPORT_KEYS["word"],
        )
        self.export_excel_action = self._action(
            file,
            "Export E&xcel Workbook…",
            lambda: self._export_from_report("export_excel"),
            EXPORT_KEYS["excel"],
        )
        self.export_deck_action = self._action(
            file, "Export Slide &Deck…", self._export_deck, EXPORT_KEYS["deck"]
        )
        self.import_qdpx_action = self._action(
            file, "Import REFI-QDA Pro&ject…", self._import_qdpx,
            tip="A .qdpx from NVivo, ATLAS.ti, MAXQDA or QualCoder",
        )  # fmt: skip
        self.export_qdpx_action = self._action(
            file, "Export REFI-QD&A Project…", self._export_qdpx,
            tip="The interviews' notes, codes, coded segments and memos as a .qdpx",
        )  # fmt: skip
        file.addSeparator()
        self.save_copy_action = self._action(file, "Sa&ve a Copy…", self.save_copy, "Ctrl+Shift+S")
        self.encrypt_action = self._action(file, "Encr&yption…", self._encrypt)
        self.merge_action = self._action(file, "&Merge…", self._merge)
        self.merge_report_action = self._action(file, "&Last Merge Report…", self._merge_report)
        self.close_action = self._action(file, "&Close Engagement", self.close_engagement, "Ctrl+W")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.find_action = self._action(edit, "&Find…", self.show_search, ["Ctrl+F", "Ctrl+K"])
        self.trash_action = self._action(edit, "&Trash…", self.show_trash, "Ctrl+Shift+T")
        self.engagement_action = self._action(edit, "&Engagement Details…", self.edit_engagement)
        self.protection_action = self._action(edit, "Data &Protection…", self.edit_protection)
        self.history_action = self._action(edit, "&History…", self._history)
        self.repair_passages_action = self._action(
            edit, "Repair &Coded Passages", self._repair_passages
        )
        edit.addSeparator()
        self.name_action = self._action(edit, "Your &Name…", self.ask_name)

        go = bar.addMenu("&Go")
        self.go_actions = []
        for i, (key, title, _m, _c) in enumerate(PAGES):
            action = self._action(go, title, lambda k=key: self.show_page(k), f"Ctrl+{i + 1}")
            self.go_actions.append(action)

        help_ = bar.addMenu("&Help")
        self._action(help_, "&Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/")
        self._action(help_, "&About Workbench", self.show_about)
        self._store_actions = [
            self.new_interview_action,
            self.new_respondent_action,
            self.import_responses_action,
            self.import_form_action,
            self.export_form_action,
            self.export_qdpx_action,
            self.save_copy_action,
            self.close_action,
            self.encrypt_action,
            self.merge_action,
            self.sync_action,
            self.merge_report_action,
            self.history_action,
            self.find_action,
            self.trash_action,
            self.engagement_action,
            self.protection_action,
            *self.go_actions,
        ]

    def _build_status(self) -> None:
        self.file_label = QLabel()
        self.saved_label = style.muted(QLabel())
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.file_label)

    # -- the engagement file --------------------------------------------------------------------
    @property
    def store(self) -> Any:
        return self.ctx.store

    def open_file(self, path: str | Path) -> bool:
        """Open an engagement; a refused file shows why and changes nothing."""
        from workbench.team import is_url

        if is_url(path):  # a shared store: its working copy, pulled in the background
            from workbench.ui.team import open_shared

            return open_shared(self, str(path))
        path = Path(path)
        from workbench.store import EngagementFileError, open_engagement
        from workbench.ui import encryption

        go_on, passphrase = encryption.passphrase_to_open(self, path)
        if not go_on:
            return False
        try:
            # The window shows the engagement while the file is read whole on a thread
            # (writes wait for that check; the rolling backup is written after it), and
            # shows it before SQLAlchemy has loaded: the first page is read with the
            # sqlite3 module, and what needs the store waits for it.
            store = open_engagement(
                path, passphrase=passphrase, backup="background", check="later", load="background"
            )
        except EngagementFileError as exc:
            from workbench.store.database import DamagedFile
            from workbench.store.integrity import refusal_text

            if isinstance(exc, DamagedFile):
                self.warn("Cannot open the engagement", refusal_text(path, exc))
                self._forget_recent(path)
            else:
                self.warn("Cannot open the engagement", str(exc))
                self._forget_recent(path, only_if_missing=True)
            return False
        except Exception as exc:  # e.g. a database error while upgrading
            self.warn("Cannot open the engagement", f"{path.name}: {exc}")
            return False
        self._switch_to(store)
        start_check = self._check_whole_file(store)
        load = getattr(store, "load_in_background", None)

        def after_painting() -> None:
            """The whole-file check and the store's loading (SQLAlchemy, the models) go
            ahead once the engagement is on screen, not while it is being painted."""
            if self.store is not store:
                return  # closed meanwhile
            if start_check is not None:
                start_check()
            if load is not None:
                load()
            if start_check is None:  # read whole before it opened
                self.passage_notice.look(store)

        if self.isVisible():
            _AfterPainting(self.stack.currentWidget(), after_painting)
        else:
            QTimer.singleShot(0, after_painting)
        return True

    def _check_whole_file(self, store: Any) -> Any:
        """Say that the file just opened is being read whole; returns what starts that
        check (a damaged file is then closed with the reason, nothing was written to it
        meanwhile), or None when the file was read whole before it opened."""
        check = getattr(store, "integrity", None)
        if check is None:
            return None
        from workbench.store.integrity import refusal_text

        self.statusBar().showMessage(f"Checking {Path(store.path).name}…")
        if not store.read_only:  # nothing is saved before the check passed
            self.saved_label.setText("Checking the file…")
        path = Path(store.path)
        return lambda: check.start(
            lambda problem: self._checked.emit(
                store, "" if problem is None else refusal_text(path, problem)
            )
        )

    def _on_checked(self, store: Any, problem: str) -> None:
        current = self.store is store
        if current:
            self.statusBar().clearMessage()
        if not problem:
            if current and not store.read_only and self.saved_label.text() == "Checking the file…":
                self.saved_label.setText("All changes saved")
            if current:
                self.passage_notice.look(store)
            return
        if current:
            self.ctx.set_store(None)
        self._forget_recent(Path(store.path))
        self.warn("Cannot open the engagement", problem)

    def _flush_typing(self) -> None:
        """Save typing still waiting for its pause, to the file it was typed in."""
        for page in self.pages.built():
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()

    def _switch_to(self, store: Any) -> None:
        """Make ``store`` the open engagement: typing still waiting for its pause goes to
        the file it was typed in, then every page starts afresh."""
        self._flush_typing()
        self.ctx.set_store(store)
        self._add_recent(store.path)
        if not self.ctx.name_asked() and self.isVisible():
            self.ask_name()

    def ask_name(self) -> Any:
        """Ask the consultant's name (once, on first use; Edit ▸ Your Name… changes it):
        the interviewer of new interviews and the coder of their coding."""
        from PySide6.QtWidgets import QInputDialog

        if self.name_dialog is not None:
            return self.name_dialog
        dialog = QInputDialog(self)
        dialog.setObjectName("nameDialog")
        dialog.setWindowTitle("Your name")
        dialog.setLabelText("Your name, as it should appear on your interviews and your coding:")
        dialog.setTextValue(self.ctx.given_name())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(text: str) -> None:
            self.ctx.set_user_name(text)
            if text.strip():
                self.statusBar().showMessage(f"Your name is set to {text.strip()}", 6000)

        dialog.textValueSelected.connect(chosen)
        dialog.rejected.connect(lambda: self.ctx.name_asked() or self.ctx.set_user_name(""))
        dialog.destroyed.connect(lambda *_: setattr(self, "name_dialog", None))
        self.name_dialog = dialog
        dialog.open()
        return dialog

    def choose_and_open(self) -> None:
        folder = str(Path(self.store.path).parent) if self.store else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open an engagement", folder, FILE_FILTER)
        if path:
            self.open_file(path)

    def new_engagement(self) -> None:
        from workbench.ui.dialogs import NewEngagementDialog

        folder = str(Path(self.store.path).parent) if self.store else ""
        values = ask(NewEngagementDialog(self, folder))
        if values is not None:
            self.create_file(**values)

    def create_file(self, path: str | Path, **fields: Any) -> bool:
        from workbench.store import EngagementFileError, create_engagement

        try:
            store = create_engagement(path, **fields)
        except (EngagementFileError, ValueError, OSError) as exc:
            self.warn("Cannot create the engagement", str(exc))
            return False
        self._switch_to(store)
        self.show_page("overview")
        return True

    def save_copy(self) -> None:
        if self.store is None:
            return
        src = Path(self.store.path)
        suggestion = str(src.with_name(f"{src.stem} copy{src.suffix}"))
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy as", suggestion, FILE_FILTER)
        if path:
            self.save_copy_to(path)

    def save_copy_to(self, path: str | Path) -> bool:
        path = Path(path)
        if path.resolve() == Path(self.store.path).resolve():
            self.warn("Save a copy", "Choose another name: that is the open file itself.")
            return False
        try:
            self.store.save_copy(path)
        except Exception as exc:
            self.warn("Save a copy", f"The copy could not be written: {exc}")
            return False
        self.statusBar().showMessage(f"Saved a copy as {path.name}", 6000)
        return True

    def close_engagement(self) -> None:
        self._flush_typing()
        self.ctx.set_store(None)

    def _on_store_changed(self, store: Any) -> None:
        for action in self._store_actions:
            action.setEnabled(store is not None)
        if store is None:
            self.setWindowTitle("Workbench")
            self.setWindowFilePath("")
            self.file_label.clear()
            self.saved_label.clear()
            self.banner.hide()
            self._fill_welcome_recent()
            self.central.setCurrentWidget(self.welcome)
            return
        eng = store.engagement()
        self.setWindowTitle(f"{eng.client} — {eng.title}")
        self.setWindowFilePath(str(store.path))
        self.brand.setText(eng.client)
        self.brand_sub.setText(eng.title)
        name = Path(store.path).name
        self.file_label.setText(f"{name} (read-only)" if store.read_only else name)
        self.file_label.setToolTip(str(store.path))
        self.saved_label.setText("All changes saved" if not store.read_only else "")
        if store.notice:
            self.banner_text.setText(store.notice)
            self.banner.show()
        else:
            self.banner.hide()
        self.central.setCurrentWidget(self.workspace)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def _on_saved(self) -> None:
        self.saved_label.setText(f"Saved {datetime.now():%H:%M:%S}")
        if self.store is not None:
            eng = self.store.engagement()
            self.setWindowTitle(f"{eng.client} — {eng.title}")
            self.brand.setText(eng.client)
            self.brand_sub.setText(eng.title)

    # -- recent files ---------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.ctx.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        files = [str(v) for v in value or []]
        present = [f for f in files if Path(f).is_file()]
        if present != files:
            self.ctx.settings.setValue(RECENT_KEY, present)
        return present[:RECENT_MAX]

    def _add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != path]
        self.ctx.settings.setValue(RECENT_KEY, [path, *files][:RECENT_MAX])

    def _forget_recent(self, path: Path, *, only_if_missing: bool = False) -> None:
        if only_if_missing and path.exists():
            return
        resolved = str(path.resolve())
        files = [f for f in self.recent_files() if f != resolved]
        self.ctx.settings.setValue(RECENT_KEY, files)

    def _fill_recent_menu(self) -> None:
        from workbench.ui.recent import recent_labels

        self.recent_menu.clear()
        files = self.recent_files()
        for i, (f, label) in enumerate(zip(files, recent_labels(files), strict=True)):
            action = self.recent_menu.addAction(f"&{i + 1}  {label.replace('&', '&&')}")
            action.setToolTip(f)
            action.setStatusTip(f)
            action.triggered.connect(lambda _c=False, f=f: self.open_file(f))
        if not files:
            self.recent_menu.addAction("No recent engagements").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(
                "Clear the List", lambda: self.ctx.settings.setValue(RECENT_KEY, [])
            )

    def _fill_welcome_recent(self) -> None:
        self.welcome_recent.clear()
        files = self.recent_files()
        for f in files:
            item = QListWidgetItem(style.icon("open"), f"{Path(f).name}   ·   {Path(f).parent}")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(f)
            item.setSizeHint(QSize(0, 30))
            self.welcome_recent.addItem(item)
        self.welcome_recent.setFixedHeight(30 * max(1, len(files)) + 6)
        self.welcome_recent.setVisible(bool(files))
        self.welcome_recent_title.setVisible(bool(files))

    # -- navigation -----------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        index = [p[0] for p in PAGES].index(key)
        self.nav.setCurrentRow(index)
        return self.pages[key]

    def current_page_key(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    def _focus_page(self, index: int) -> None:
        """The page switched to gives the keyboard to its main list or table (Enter opens
        the highlighted row), not to whichever button or filter comes first; a page without
        one holds the keyboard itself, so that Enter does nothing unasked."""
        slot = self.stack.widget(index)
        if not isinstance(slot, _PageSlot) or not slot.isVisible():
            return
        target = main_view(slot.ensure(), PAGES[index][0] if index < len(PAGES) else "")
        if target is None:
            slot.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QAbstractItemView) and target.model() is not None:
            model, current = target.model(), target.currentIndex()
            if not current.isValid() and model.rowCount() > 0:  # a row for Enter to open
                target.selectionModel().setCurrentIndex(
                    model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def new_interview(self) -> None:
        # The respondent highlighted on the Respondents page is the one chosen.
        on_people = self.current_page_key() == "respondents"
        chosen = self.pages["respondents"].selected_ids() if on_people else []
        page = self.show_page("interviews")
        if hasattr(page, "new_interview"):
            page.new_interview(chosen[0] if len(chosen) == 1 else "")

    def new_respondent(self) -> None:
        page = self.show_page("respondents")
        if hasattr(page, "add_respondent") and not self.store.read_only:
            page.add_respondent()

    def _open_interview(self, interview_id: str, highlight: Any = None) -> None:
        page = self.show_page("interviews")
        if hasattr(page, "open_interview"):
            page.open_interview(interview_id, highlight)

    def _open_respondent(self, respondent_id: str, where: str = "person") -> None:
        """The Respondents page with ``respondent_id`` highlighted (no filter hiding them),
        the keyboard in its table; ``where="interviews"``: the Interviews list of the
        person's own interviews."""
        if where == "interviews":
            self._interviews_of(respondent_id)
            return
        page = self.show_page("respondents")
        if not hasattr(page, "select_id"):
            return
        page.filter.clear()
        page.segment.setCurrentIndex(0)
        page.reload()  # the person may be new since the page was last shown
        page.view.clearSelection()
        page.select_id(respondent_id)
        page.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _interviews_of(self, respondent_id: str) -> None:
        page = self.show_page("interviews")
        if not hasattr(page, "show_person") or self.store is None:
            return
        page.show_person(respondent_id, self.store.respondent(respondent_id).name)
        if page.proxy.rowCount():
            page.view.selectRow(0)
        page.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_engagement(self) -> None:
        page = self.show_page("overview")
        if hasattr(page, "edit_engagement"):
            page.edit_engagement()

    # -- dialogs --------------------------------------------------------------------------------
    def show_search(self) -> Any:
        if self.store is None:
            return None
        from workbench.ui.search import SearchDialog

        if self._search is None:
            self._search = SearchDialog(self.ctx, self)
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        self._search.focus_query()
        return self._search

    def show_trash(self) -> Any:
        if self.store is None:
            return None
        from workbench.ui.trash import TrashDialog

        dialog = TrashDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> None:
        from workbench.ui.dialogs import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        from workbench.ui.dialogs import about_text

        QMessageBox.about(self, "About Workbench", about_text())

    def warn(self, title: str, text: str) -> QMessageBox:
        """Show a message without blocking (window-modal); kept for tests as last_message."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.destroyed.connect(lambda *_: setattr(self, "last_message", None))
        box.open()
        return box

    # -- window state ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.ctx.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light ↔ dark: re-tint the icons
            for i, (key, *_rest) in enumerate(PAGES):
                item = self.nav.item(i)
                if item is not None:
                    item.setIcon(style.icon(key))
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.tasks.wait()
        if self.ctx.store is not None:
            self._flush_typing()  # the words typed just before quitting are kept too
            self.ctx.set_store(None)
        super().closeEvent(event)
