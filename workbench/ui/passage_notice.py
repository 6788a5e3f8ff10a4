"""A bar above the pages while coded passages hold words their text no longer reads.

An earlier version could leave a coded passage on the words an answer or note had before
it was corrected: the pages and the deliverables then quote the old words.  Once an
opened engagement has passed its whole-file check, the window looks for such passages
off the UI thread (:meth:`~workbench.store.Store.astray_passages`) and, when there are
any, says how many and where, with a button that repairs them
(:meth:`~workbench.store.Store.back_up_and_mend_passages`: the file as it was is kept
beside it first).  Edit ▸ Repair Coded Passages does the same.
"""

from __future__ import annotations

from typing import Any

from workbench.ui.notice_bar import NoticeBar, install_below_banner

SHOWN = 3  # passages named in the bar's tooltip


class PassageNotice(NoticeBar):
    """The bar (hidden while every coded passage is on its text)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window, "Hide this notice until the engagement is opened again")
        self.count = 0
        self.repair_button = self.add_button(
            "Repair Coded Passages", lambda: repair_passages(self.window_)
        )

    def look(self, store: Any) -> None:
        """Look for astray passages in ``store`` on the task thread; show what was found
        if ``store`` is still the open engagement then."""
        self.hide()
        ctx = self.window_.ctx
        if store is None or ctx.store is not store:
            return

        def found(result: tuple[list[str], int]) -> None:
            if ctx.store is store:
                self.show_found(*result)

        ctx.tasks.run(
            self.window_,
            "Looking at the coded passages",
            lambda _state: store.astray_passages(limit=SHOWN),
            found,
            on_error=lambda _exc: None,  # a closed or damaged file says so elsewhere
            on_progress=lambda _f, _m: None,
        )

    def show_found(self, lines: list[str], count: int) -> None:
        self.count = count
        if not count:
            self.hide()
            return
        from workbench.store.passages import astray_warning

        more = f"\n… and {count - len(lines)} more" if count > len(lines) else ""
        first = lines[0] if lines else ""
        if count > 1 and first:
            first += f" (and {count - 1} more: see the tooltip)"
        self.text.setText(f"{astray_warning(count, fix='Repair Coded Passages')}\n{first}")
        self.setToolTip("\n".join(lines) + more)
        self.repair_button.setEnabled(not self.window_.ctx.store.read_only)
        self.show()


def install_passage_notice(window: Any) -> PassageNotice:
    """Put the notice above the pages, below the window's banner."""
    bar = PassageNotice(window)
    install_below_banner(window, bar)
    window.ctx.store_changed.connect(lambda _store: bar.hide())
    return bar


def repair_passages(window: Any) -> None:
    """Put every astray coded passage back on its text (the file copied beside itself
    first); the status bar says what was done and where the copy is."""
    ctx = window.ctx
    store = ctx.store
    if store is None:
        return
    if store.read_only:
        window.statusBar().showMessage(
            f"{store.path.name} is open read-only; no coded passage was changed", 10000
        )
        return
    try:
        done, saved = store.back_up_and_mend_passages()
    except Exception as exc:  # a full disk, a lock held elsewhere: nothing was changed
        ctx.failed.emit("Cannot repair the coded passages", str(exc))
        return
    window.passage_notice.hide()
    if not done:
        window.statusBar().showMessage("Every coded passage is on its text.", 10000)
        return
    ctx.undo_stack.clear()  # undo steps made before may hold the passages' old places
    ctx.data_changed.emit("segments")
    n = len(done)
    window.statusBar().showMessage(
        f"Repaired {n} coded passage{'s' if n != 1 else ''}; the file as it was is kept "
        f"as {saved.name}.",
        20000,
    )
