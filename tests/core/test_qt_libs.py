"""The check that runs before a window opens: Qt's system libraries and the display."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import qt_libs

LDD_XCB = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibEGL.so.1 => /lib/x86_64-linux-gnu/libEGL.so.1 (0x00007f)
\tlibxkbcommon-x11.so.0 => not found
"""
LDD_GUI = (
    "\tlibxcb-icccm.so.4 => not found\n\tlibfontconfig.so.1 => /lib/libfontconfig.so.1 (0x1)\n"
)
LDCONFIG = """\
1200 libs found in cache `/etc/ld.so.cache'
\tlibxcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb.so.1
\tlibEGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libEGL.so.1
"""


def fake_qt(tmp_path: Path) -> Path:
    for name in qt_libs.QT_FILES[:3]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def fake_run(ldconfig: str = LDCONFIG):
    def run(cmd: list[str]) -> str:
        if cmd[0] == "ldd":
            return LDD_XCB if cmd[1].endswith("libqxcb.so") else LDD_GUI
        return ldconfig

    return run


def test_missing_libraries_are_the_ones_ldd_and_the_loader_lack(tmp_path):
    missing = qt_libs.missing_libraries(fake_qt(tmp_path), run=fake_run())
    assert missing == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libxkbcommon-x11.so.0",
        "libxcb-cursor.so.0",  # loaded at run time: only the loader's cache knows
    ]
    assert "libEGL.so.1" not in missing and "libfontconfig.so.1" not in missing
    packages, unknown = qt_libs.packages_for([*missing, "libweird.so.9"])
    assert packages == ["libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libxcb-cursor0"]
    assert unknown == ["libweird.so.9"]


def test_everything_present_means_nothing_missing(tmp_path):
    def run(cmd):
        return (
            "\tlibEGL.so.1 => /lib/libEGL.so.1 (0x1)\n"
            if cmd[0] == "ldd"
            else (LDCONFIG + "\tlibxcb-cursor.so.0 (libc6,x86-64) => /lib/libxcb-cursor.so.0\n")
        )

    assert qt_libs.missing_libraries(fake_qt(tmp_path), run=run) == []


def test_without_permission_it_prints_the_exact_command(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(qt_libs, "qt_dir", lambda: fake_qt(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(qt_libs, "can_sudo", lambda: False)
    ran = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a))
    out = io.StringIO()
    assert qt_libs.check(install=True, out=out, run=fake_run()) == 1
    text = out.getvalue()
    assert (
        "sudo apt-get install -y --no-install-recommends "
        "libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0" in text
    )
    assert "libEGL" not in text
    assert ran == []  # nothing installed without permission


def test_as_root_it_installs_and_checks_again(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(qt_libs, "qt_dir", lambda: fake_qt(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(qt_libs.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(qt_libs, "display_problem", lambda: "")
    monkeypatch.setattr(qt_libs, "probe_problem", lambda: "")
    installed = []

    class Done:
        returncode = 0

    def run_install(cmd, **_kw):
        installed.append(cmd)
        return Done()

    monkeypatch.setattr(subprocess, "run", run_install)
    state = {"done": False}

    def run(cmd):
        if installed:
            state["done"] = True
            return "" if cmd[0] == "ldd" else LDCONFIG + "\tlibxcb-cursor.so.0 (x) => /l\n"
        return fake_run()(cmd)

    out = io.StringIO()
    assert qt_libs.check(install=True, out=out, run=run) == 0
    assert installed[0][:4] == ["apt-get", "install", "-y", "--no-install-recommends"]
    assert "libxcb-cursor0" in installed[0]
    assert "Qt's system libraries are installed." in out.getvalue()


def test_a_display_that_cannot_be_reached_is_named_not_a_library():
    qt_abort = (
        "qt.qpa.xcb: could not connect to display :99\n"
        "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the "
        "Qt xcb platform plugin.\nThis application failed to start because no Qt platform "
        "plugin could be initialized.\n"
    )
    problem = qt_libs.probe_problem(lambda: (134, qt_abort))
    assert "could not connect to the display :99" in problem
    assert "cursor" not in problem
    assert qt_libs.probe_problem(lambda: (0, "")) == ""
    assert "DISPLAY" in qt_libs.display_problem({})
    assert qt_libs.display_problem({"QT_QPA_PLATFORM": "offscreen"}) == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_dev_demo_without_a_display_says_so_and_never_aborts(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    venv = Path(sys.executable).parent.parent
    env["WORKBENCH_VENV"] = str(venv)
    stamp = venv / ".workbench-installed"
    if not stamp.exists() or stamp.stat().st_mtime < (root / "pyproject.toml").stat().st_mtime:
        pytest.skip("./dev would install into this environment first")
    done = subprocess.run(
        [str(root / "dev"), "demo", str(tmp_path / "demo.wbk")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    err = done.stderr
    assert done.returncode == 1, err
    assert "==> Writing the demo engagement" in err and "==> Checking Qt's system libraries" in err
    assert "no display" in err or "Install them with" in err
    assert "could not load the Qt platform plugin" not in err.lower()
    assert "Aborted" not in err and done.returncode != 134
