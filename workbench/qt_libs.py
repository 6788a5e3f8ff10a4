"""Are Qt's system libraries present?  Checked before a window opens, so that a missing
library gives a sentence and the command that installs it, never Qt's abort ("could not
load the Qt platform plugin xcb").

Linux only.  The libraries that Qt's xcb platform plugin and Qt's GUI libraries link to
are read with ``ldd`` (whatever it reports "not found" is missing); the ones Qt loads at
run time (``libxcb-cursor``) are looked up with ``ldconfig -p``.  Each missing library is
named with the Debian/Ubuntu package that carries it.

``python -m workbench.qt_libs [--install]`` prints what is missing (and with
``--install`` installs it with apt-get, as root or through sudo); exit status 0 when
everything is present, 1 otherwise.  No Qt import: it runs when Qt cannot.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

# soname → Debian/Ubuntu package
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
}
# loaded by Qt at run time, so ldd does not see them
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)
# what ldd reads: the xcb platform plugin and the Qt libraries the window uses
QT_FILES = (
    "plugins/platforms/libqxcb.so",
    "lib/libQt6XcbQpa.so.6",
    "lib/libQt6Gui.so.6",
    "lib/libQt6Widgets.so.6",
    "lib/libQt6Svg.so.6",
)

Run = Callable[[list[str]], str]


def _run(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr


def qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def not_found(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` could not resolve, in order, once each."""
    found = re.findall(r"^\s*(\S+)\s+=>\s+not found", ldd_output, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def known_to_loader(ldconfig_output: str) -> set[str]:
    return set(re.findall(r"^\s*(\S+)\s+\(", ldconfig_output, flags=re.MULTILINE))


def missing_libraries(qt: Path | None = None, run: Run = _run) -> list[str]:
    """Sonames the window needs that this system lacks (empty: all present)."""
    qt = qt or qt_dir()
    missing: list[str] = []
    if qt is not None:
        for name in QT_FILES:
            path = qt / name
            if path.exists():
                missing += not_found(run(["ldd", str(path)]))
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    known = known_to_loader(run([ldconfig, "-p"]))
    if known:  # an empty answer tells nothing
        missing += [lib for lib in LOADED_AT_RUN_TIME if lib not in known]
    return list(dict.fromkeys(missing))


def packages_for(libraries: Iterable[str]) -> tuple[list[str], list[str]]:
    """(packages to install, libraries no package is known for)."""
    packages: list[str] = []
    unknown: list[str] = []
    for lib in libraries:
        package = PACKAGES.get(lib)
        if package is None:
            unknown.append(lib)
        elif package not in packages:
            packages.append(package)
    return packages, unknown


def install_command(packages: list[str], *, root: bool) -> list[str]:
    head = [] if root else ["sudo"]
    return [*head, "apt-get", "install", "-y", "--no-install-recommends", *packages]


def can_sudo() -> bool:
    if shutil.which("sudo") is None:
        return False
    try:
        done = subprocess.run(["sudo", "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 or sys.stdin.isatty()  # a terminal can answer the password


def display_problem(env: dict[str, str] | None = None) -> str:
    """Why no window can open here ("" when one can)."""
    env = dict(os.environ if env is None else env)
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return ""
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return (
            "There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set). Run it from a desktop session, or over ssh with X forwarding (ssh -X)."
        )
    return ""


# run in a child process, so that a Qt abort ends the probe, not this process
PROBE = "import importlib; importlib.import_module('PySide6.QtGui').QGuiApplication([])"


def probe_problem(run_probe: Callable[[], tuple[int, str]] | None = None) -> str:
    """Start Qt's GUI in a child process: "" if it starts, else why not, in words."""
    if run_probe is None:

        def run_probe() -> tuple[int, str]:
            try:
                done = subprocess.run(
                    [sys.executable, "-c", PROBE],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return 1, str(exc)
            return done.returncode, done.stdout + done.stderr

    code, output = run_probe()
    if code == 0:
        return ""
    display = re.search(r"could not connect to display\s*(\S*)", output)
    if display:
        return (
            f"Qt could not connect to the display {display.group(1)}".rstrip()
            + ": is the desktop session running, and may this user draw on it "
            "(over ssh: ssh -X)?"
        )
    lines = [ln for ln in output.splitlines() if ln.strip()][-4:]
    return "Qt could not start a window here:\n    " + "\n    ".join(lines)


def check(install: bool = False, out=sys.stderr, run: Run = _run) -> int:  # noqa: ANN001
    """Print what is missing; install it when asked and allowed. 0 = ready for a window."""
    if not sys.platform.startswith("linux"):
        return 0
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return 0
    missing = missing_libraries(run=run)
    if missing:
        packages, unknown = packages_for(missing)
        print(f"Qt needs system libraries that are missing: {', '.join(missing)}.", file=out)
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        apt = shutil.which("apt-get") is not None
        if packages and apt and install and (root or can_sudo()):
            command = install_command(packages, root=root)
            print("Installing them: " + shlex.join(command), file=out, flush=True)
            done = subprocess.run(command, check=False)
            if done.returncode != 0:  # perhaps the package lists are empty (a fresh system)
                update = ([] if root else ["sudo"]) + ["apt-get", "update"]
                subprocess.run(update, check=False)
                subprocess.run(command, check=False)
            missing = missing_libraries(run=run)
            if not missing:
                print("Qt's system libraries are installed.", file=out)
            else:
                print(f"Still missing: {', '.join(missing)}.", file=out)
        if missing:
            packages, unknown = packages_for(missing)
            if packages:
                print(
                    "Install them with:\n    " + shlex.join(install_command(packages, root=root)),
                    file=out,
                )
            if unknown:
                print(
                    "No package is known here for: " + ", ".join(unknown) + " (install the "
                    "package that provides it with your system's package manager).",
                    file=out,
                )
            return 1
    problem = display_problem() or probe_problem()
    if problem:
        print(problem, file=out)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(check(install="--install" in sys.argv[1:]))
