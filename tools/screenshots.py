"""Grab the window's pages on the demo engagement into docs/ (offscreen).

QT_QPA_PLATFORM=offscreen python tools/screenshots.py [NAME ...]

With names (``screenshot-trash``), only those pictures are written again.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DOCS = Path(__file__).resolve().parent.parent / "docs"


def main(only: set[str] | None = None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.demo import build_demo
    from workbench.ui import style
    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)
    folder = Path(tempfile.mkdtemp())
    os.environ["WORKBENCH_DATA_DIR"] = str(folder)
    path = folder / "meridian.wbk"
    build_demo(path).close()
    ctx = AppContext()
    ctx.settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    ctx.set_user_name("Jo Whitfield")
    window = MainWindow(ctx)
    window.resize(1400, 880)
    window.show()
    window.open_file(str(path))

    def settle(ms: int = 300) -> None:
        ctx.tasks.wait()
        for _ in range(max(ms // 20, 1)):
            app.processEvents()
            QApplication.sendPostedEvents()
        ctx.tasks.wait()
        app.processEvents()

    def grab(name: str, widget: Any = None) -> None:
        if only and name not in only:
            return
        settle()
        (widget or window).grab().save(str(DOCS / f"{name}.png"))
        print("wrote", DOCS / f"{name}.png")

    window.show_page("overview")
    grab("screenshot-overview")
    window.show_page("respondents")
    grab("screenshot-respondents")
    interviews = window.show_page("interviews")
    rows = ctx.store.interview_rows()
    servqual = next(r for r in rows if r.form_id == "servqual" and r.respondent == "Sofia Rossi")
    interviews.open_interview(servqual.id)
    grab("screenshot-interview")
    window.show_page("codebook")
    grab("screenshot-coding")
    analyses = window.show_page("analyses")
    settle(600)
    analyses.select_analysis("servqual")
    analyses.run()
    settle(1500)
    grab("screenshot-main")
    window.show_page("findings")
    grab("screenshot-findings")
    window.show_page("report")
    grab("screenshot-report")
    # the trash, last (what goes there is deleted in this copy of the demo alone): a
    # respondent, an interview and a coded passage
    store = ctx.store
    store.trash_respondent(next(r.id for r in store.respondents() if r.name == "Chloe Dubois"))
    store.trash_interview(next(r.id for r in rows if r.respondent == "Yusuf Demir"))
    passage = next(s for s in store.segments() if len(s.text) > 60)
    store.uncode_segment(passage.id)
    trash = window.show_trash()
    grab("screenshot-trash", trash)
    trash.close()
    ctx.set_store(None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(set(sys.argv[1:])))
