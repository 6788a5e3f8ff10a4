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


def test_the_window_is_built_without_the_store() -> None:
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.main_window import MainWindow\n"
        "app = QApplication([]); w = MainWindow(); w.show(); app.processEvents()"
    )
    assert _modules_after(code, ("sqlalchemy", "workbench.store")) == []


def test_the_window_shows_an_engagement_before_sqlalchemy_loads(tmp_path) -> None:
    """The first page is read with the sqlite3 module: SQLAlchemy, the models and the
    store are not imported until the window has shown the engagement; Alembic is not
    imported at all for a file of the current schema, not even for an edit."""
    from workbench.store import create_engagement

    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    store.add_respondent("Ana Lopez", segment="staff")
    store.close()
    code = (
        "import os, sys\n"
        f"os.environ['WORKBENCH_DATA_DIR'] = {str(tmp_path / 'data')!r}\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.main_window import MainWindow\n"
        "app = QApplication([]); w = MainWindow(); w.show()\n"
        f"assert w.open_file({str(path)!r})\n"
        "early = sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic',\n"
        "    'workbench.store.models', 'workbench.store.store', 'workbench.team.audit')))\n"
        "assert early == [], early\n"
        "overview = w.pages['overview']\n"
        "assert '<b>1</b> respondent' in overview.numbers.text(), overview.numbers.text()\n"
        "assert overview.client.text() == 'Acme'\n"
        "w.store.add_respondent('Ben Okafor')  # waits for the store\n"
        "assert w.store.counts()['respondents'] == 2\n"
        "w.store.wait_for_backup()"
    )
    loaded = _modules_after(code, ("sqlalchemy", "alembic"))
    assert "sqlalchemy.orm" in loaded  # (the edit went through the store)
    assert not [m for m in loaded if m.startswith("alembic")]


def test_the_command_line_refuses_a_bad_file_without_sqlalchemy(tmp_path) -> None:
    """Before the window appears the command line checks the file's header and schema
    (sqlite3 alone), and starts no thread of its own."""
    from workbench.store import create_engagement

    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    code = (
        "import sys, threading\n"
        "from workbench import cli\n"
        "import workbench.ui.app as app\n"
        "seen = []\n"
        "def run_app(file, before_open):\n"
        "    before_open(); seen.append(file); return 0\n"
        "app.run_app = run_app\n"
        f"assert cli.main([{str(path)!r}]) == 0 and seen == [{str(path)!r}]\n"
        "assert threading.active_count() == 1"
    )
    assert _modules_after(code, ("sqlalchemy", "alembic", "workbench.store.store")) == []
