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


def _modules_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    probe = (
        f"{code}\nimport sys, json\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_building_the_parser_imports_no_deliverable_and_the_help_still_lists_sections() -> None:
    assert (
        _modules_after(
            "from workbench.cli import build_parser; build_parser()", ("workbench.deliver",)
        )
        == []
    )
    from workbench.cli import build_parser
    from workbench.deliver.context import SECTIONS

    report = build_parser()._subparsers._group_actions[0].choices["report"]  # type: ignore[union-attr]
    assert f"from: {', '.join(SECTIONS)}" in " ".join(report.format_help().split())


def test_the_window_is_built_without_the_store_which_loads_meanwhile() -> None:
    """SQLAlchemy and the models load on a thread while Qt loads and the window is built."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.main_window import MainWindow\n"
        "app = QApplication([]); w = MainWindow(); w.show(); app.processEvents()"
    )
    assert _modules_after(code, ("sqlalchemy", "workbench.store")) == []


def test_opening_a_file_from_the_command_line_loads_the_store_on_a_thread(tmp_path) -> None:
    from workbench.store import create_engagement

    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    code = (
        "import threading\n"
        "from workbench import cli\n"
        f"cli._load_the_store_meanwhile([{str(path)!r}])\n"
        "assert cli._loading is not None and cli._loading is not threading.current_thread()\n"
        "cli._loading.join()\n"
        "cli._loading = None\n"
        "cli._load_the_store_meanwhile(['--help'])\n"
        "assert cli._loading is None"
    )
    assert "workbench.store.store" in _modules_after(code, ("workbench.store",))
