"""File → Merge…: another consultant's copy merged into the open engagement, in the
background, then the merge report; and the History of a respondent or an interview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.plural import plural
from workbench.ui import style
from workbench.ui.file_dialogs import open_file_names, save_file_name

KINDS = (
    "respondents",
    "interviews",
    "answers",
    "notes",
    "codes",
    "segments",
    "memos",
    "findings",
    "report",
    "forms",
    "engagement",
)


def _table(headers: list[str], rows: list[list[Any]]) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QStandardItem("" if value is None else str(value))
            item.setEditable(False)
            model.setItem(r, c, item)
    view = QTableView()
    view.setModel(model)
    style.tune_table(view)
    view.setWordWrap(True)
    view.resizeColumnsToContents()
    for c in range(len(headers)):
        view.setColumnWidth(c, min(view.columnWidth(c), 320))
    return view


class MergeReportDialog(QDialog):
    """What a merge brought in and the conflicts it settled; exportable to CSV or Excel."""

    def __init__(self, report: Any, summary: str, parent: QWidget | None = None) -> None:
        from workbench.team.report import COLUMNS, report_rows

        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Merge report")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(style.title("Merge report"))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        rows = report_rows(report.items) if report is not None else []
        if rows:
            self.view = _table([c.capitalize() for c in COLUMNS], rows)
            layout.addWidget(self.view, 1)
        else:
            self.view = None
            layout.addWidget(style.muted(QLabel("No conflicts: every change came from one side.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("Export…")
        self.export_button.setEnabled(report is not None)
        self.export_button.clicked.connect(self.choose_export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose_export(self) -> None:
        path, _ = save_file_name(
            self, "Export the merge report", "merge report.xlsx", "Excel (*.xlsx);;CSV (*.csv)",
            kind="merge report",
        )  # fmt: skip
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        from workbench.team.report import export_report

        try:
            export_report(self.report, path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Export the merge report", str(exc))
            return False
        return True


class HistoryDialog(QDialog):
    """Who changed what in a record, and when (the audit trail), newest first."""

    def __init__(self, lines: list[Any], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}")
        layout = QVBoxLayout(self)
        layout.addWidget(style.title(f"History of {title}"))
        rows = [[f"{line.at:%Y-%m-%d %H:%M:%S}", line.who(), line.what] for line in lines]
        self.view = _table(["When (UTC)", "Who", "What"], rows)
        # What takes the width left and wraps; every line is as tall as its words (a
        # correction of a long answer is read whole), and whole on hover too.
        model = self.view.model()
        for r, line in enumerate(lines):
            model.item(r, 2).setToolTip(line.what)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if rows:
            layout.addWidget(style.muted(QLabel(f"{plural(len(rows), 'change')}, newest first")))
        layout.addWidget(self.view, 1)
        if not rows:
            layout.addWidget(style.muted(QLabel("No changes recorded yet.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(980, int(screen.width() * 0.9)), min(640, int(screen.height() * 0.85)))


# -- the window's actions -------------------------------------------------------------------
def choose_and_merge(window: Any) -> None:
    paths, _ = open_file_names(
        window,
        "Merge other copies of this engagement (one or several)",
        "Engagements (*.wbk);;All files (*)",
        kind="merge",
    )
    if paths:
        merge_files(window, paths)


def merge_files(window: Any, sources: list[str], *, merge_codes: bool | None = None) -> None:
    """Merge several copies one after the other, as one run with one merge report."""
    from workbench.store.models import new_id

    if sources:
        run = {"id": new_id(), "rest": list(sources[1:]), "summaries": [], "ask": merge_codes}
        merge_file(window, sources[0], merge_codes=merge_codes, run=run)


def merge_file(
    window: Any,
    source: str,
    *,
    merge_codes: bool | None = None,
    run: dict[str, Any] | None = None,
) -> None:
    """Read ``source`` in the background, ask about codes of one name, then merge."""
    ctx = window.ctx
    store = ctx.store
    if store is None or store.read_only:
        window.warn("Merge", "Open an engagement you can write to first.")
        return
    passphrase = None
    if not str(source).startswith("postgres"):
        from workbench.ui import encryption

        go_on, passphrase = encryption.passphrase_to_open(window, Path(source))
        if not go_on:
            return

    def read(state: Any) -> Any:
        from workbench.team.merge import read_source, read_store
        from workbench.team.state import merged

        state.progress(0.1, f"Reading {Path(source).name}")
        copy = read_source(source, passphrase)
        from workbench.team.merge import check_same_engagement

        mine = read_store(store)
        check_same_engagement(mine, copy, str(source))
        state.progress(0.6, "Comparing the copies")
        items = merged(mine, copy).items
        return copy, [i["record"] for i in items if i["kind"] == "same-name codes"]

    def read_done(found: Any) -> None:
        copy, clashes = found
        fold = merge_codes
        if fold is None:
            fold = bool(clashes) and ask_merge_codes(window, clashes)
        run_merge(window, source, copy, fold, run=run)

    ctx.tasks.run(window, "Merging", read, read_done, on_error=lambda e: _failed(window, e, run))


def ask_merge_codes(window: Any, clashes: list[str]) -> bool:
    shown = "\n".join(f"• {name}" for name in clashes[:12])
    more = f"\n…and {len(clashes) - 12} more" if len(clashes) > 12 else ""
    answer = QMessageBox.question(
        window,
        "Codes with the same name",
        "Both copies have codes of these names, made separately:\n\n"
        f"{shown}{more}\n\nMerge each pair into one code (their coding goes with it)?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def run_merge(
    window: Any,
    source: str,
    copy: Any,
    merge_codes: bool,
    *,
    run: dict[str, Any] | None = None,
) -> None:
    ctx = window.ctx
    store = ctx.store

    def work(state: Any) -> Any:
        from workbench.team.merge import merge_into
        from workbench.team.report import merge_reports

        result = merge_into(
            store,
            copy,
            source_label=str(source),
            merge_codes=merge_codes,
            progress=state.progress,
            run=run["id"] if run else None,
        )
        report = next((r for r in merge_reports(store) if r.id == result.report_id), None)
        return result, report

    def done(found: Any) -> None:
        result, report = found
        if result.changed:
            ctx.undo_stack.clear()  # edits before the merge cannot be undone over it
            for kind in KINDS:
                ctx.data_changed.emit(kind)
            ctx.saved.emit()
        summary = result.summary()
        if result.erased:
            summary += f". {result.erasure_words()}"
        if run is None:
            window.merge_dialog = MergeReportDialog(report, summary, window)
            window.merge_dialog.show()
            return
        run["summaries"].append(summary)
        run.setdefault("results", []).append(result)
        if run["rest"]:
            merge_file(window, run["rest"].pop(0), merge_codes=run["ask"], run=run)
        else:
            _finish(window, run, report)

    ctx.tasks.run(window, "Merging", work, done, on_error=lambda e: _failed(window, e, run))


def _failed(window: Any, exc: BaseException, run: dict[str, Any] | None = None) -> None:
    from workbench.failures import describe_failure

    message = describe_failure(exc) or f"The merge failed and changed nothing: {exc}"
    window.warn("Merge", message)
    if run is None:
        return
    run["summaries"].append(f"Refused: {message}")
    if run["rest"]:  # the other copies are still merged
        merge_file(window, run["rest"].pop(0), merge_codes=run["ask"], run=run)
    elif run.get("results"):
        _finish(window, run, None)


def _finish(window: Any, run: dict[str, Any], report: Any) -> None:
    """The report of a run: every copy's part when several were merged."""
    from workbench.settings import consultant_name
    from workbench.team.report import run_report

    if len(run["summaries"]) > 1 or report is None:
        report = run_report(run["results"], consultant_name())
    window.merge_dialog = MergeReportDialog(report, "\n".join(run["summaries"]), window)
    window.merge_dialog.show()


def show_last_report(window: Any) -> None:
    from workbench.team.report import kept_apart_words, last_run

    report = last_run(window.ctx.store)
    if report is None:
        QMessageBox.information(
            window, "Merge report", "No merge has been made in this engagement."
        )
        return
    apart = kept_apart_words(report.items)
    summary = report.heading() + "." + (f" {apart[0].upper()}{apart[1:]}." if apart else "")
    window.merge_dialog = MergeReportDialog(report, summary, window)
    window.merge_dialog.show()


def show_history(window: Any) -> None:
    """The history of the interview open or selected, or of the respondent selected."""
    from workbench.team.audit import history

    store = window.ctx.store
    key = window.current_page_key()
    page = window.pages[key] if key in ("interviews", "respondents") else None
    record, title = None, ""
    if key == "interviews" and page is not None:
        record = getattr(page, "editor_id", "") or next(iter(page.selected_ids()), None)
        if record:
            iv = store.interview(record)
            title = f"{iv.respondent.name} — {iv.form_version.title}"
    elif key == "respondents" and page is not None:
        record = next(iter(page.selected_ids()), None)
        if record:
            title = store.respondent(record).name
    if not record:
        QMessageBox.information(
            window, "History", "Select a respondent or an interview to see its history."
        )
        return
    window.history_dialog = HistoryDialog(history(store, record), title, window)
    window.history_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.history_dialog.show()


# -- the shared store --------------------------------------------------------------------------
def working_copy_path(url: str) -> Path:
    """Where the window keeps its working copy of a shared store (in the user data folder),
    so the consultant goes on working offline and synchronises when back online."""
    import hashlib

    from workbench.paths import user_data_dir
    from workbench.team.pg import shown

    name = shown(url).rstrip("/").rpartition("/")[2].split("?")[0] or "shared"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40]
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    folder = user_data_dir() / "shared"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe}-{digest}.wbk"


def ask_shared_url(window: Any) -> None:
    from PySide6.QtWidgets import QInputDialog

    url, ok = QInputDialog.getText(
        window,
        "Open a shared store",
        "The shared store's address (postgresql://user@server/database?sslmode=verify-full):",
    )
    if ok and url.strip():
        open_shared(window, url.strip())


def open_shared(window: Any, url: str) -> bool:
    """Pull the shared store into the working copy (in the background), then open that."""
    from workbench.team import is_url

    if not is_url(url):
        window.warn("Open a shared store", f"{url}: not a postgresql:// address")
        return False
    local = working_copy_path(url)

    def work(state: Any) -> Any:
        from workbench.team.pg import pull

        return pull(url, local, progress=state.progress)

    def done(result: Any) -> None:
        if window.open_file(local):
            window.shared_url = url
            window.ctx.status.emit(f"Working copy of the shared store: {result.summary()}")

    window.ctx.tasks.run(
        window, "Opening the shared store", work, done, on_error=lambda e: _failed(window, e)
    )
    return True


def synchronise(window: Any) -> None:
    """Push the working copy's edits to the shared store, then bring in everyone else's."""
    url = getattr(window, "shared_url", None)
    ctx = window.ctx
    store = ctx.store
    if not url or store is None or Path(store.path) != working_copy_path(url).resolve():
        window.warn("Synchronise", "Open a shared store first (File → Open Shared Store…).")
        return

    def work(state: Any) -> Any:
        from workbench.team.merge import merge_into, read_source
        from workbench.team.pg import push, shown
        from workbench.team.report import merge_reports

        state.progress(0.05, "Sending your changes")
        push(store.path, url)
        state.progress(0.5, "Bringing in the team's changes")
        result = merge_into(store, read_source(url), source_label=shown(url))
        report = next((r for r in merge_reports(store) if r.id == result.report_id), None)
        return result, report

    def done(found: Any) -> None:
        result, report = found
        if result.changed:
            ctx.undo_stack.clear()
            for kind in KINDS:
                ctx.data_changed.emit(kind)
            ctx.saved.emit()
        window.merge_dialog = MergeReportDialog(report, result.summary(), window)
        window.merge_dialog.show()

    ctx.tasks.run(window, "Synchronising", work, done, on_error=lambda e: _failed(window, e))
