"""Start-up stays light: the command and the window load no analysis or export library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = (
    "pandas",
    "numpy",
    "matplotlib",
    "docx",
    "docxtpl",
    "openpyxl",
    "python_calamine",
    "alembic",
)


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_parser_imports_nothing_heavy() -> None:
    assert _loaded_after("from workbench.cli import build_parser; build_parser()") == []


def test_the_main_window_module_imports_nothing_heavy() -> None:
    assert _loaded_after("import workbench.ui.app, workbench.ui.main_window") == []


def test_showing_the_window_with_its_pages_imports_nothing_heavy() -> None:
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.main_window import MainWindow\n"
        "app = QApplication([]); w = MainWindow(); w.show(); app.processEvents()"
    )
    assert _loaded_after(code) == []


def test_opening_an_engagement_in_the_window_imports_nothing_heavy(tmp_path) -> None:
    """The window shows an engagement (the Overview, its rolling backup written meanwhile)
    without pandas, numpy, matplotlib or the export libraries."""
    from workbench.store import create_engagement

    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    store.add_respondent("Ana Lopez", segment="staff")
    store.close()
    code = (
        "import os\n"
        f"os.environ['WORKBENCH_DATA_DIR'] = {str(tmp_path / 'data')!r}\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.main_window import MainWindow\n"
        "app = QApplication([]); w = MainWindow(); w.show()\n"
        f"assert w.open_file({str(path)!r}); app.processEvents()\n"
        "assert w.store is not None and w.store.counts()['respondents'] == 1\n"
        "w.store.wait_for_backup()"
    )
    assert _loaded_after(code) == []
