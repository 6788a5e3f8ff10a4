from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

# -- a throwaway PostgreSQL cluster for the shared-store tests --------------------------
# A throwaway PostgreSQL cluster for the shared-store tests.
#
# ``WORKBENCH_TEST_PG_URL`` names a server to use instead (its user must be allowed to
# create databases).  Otherwise a cluster is made in a temporary folder with the server's
# own ``initdb`` and started on a free loopback port; as root (CI runs in a container as
# root, and initdb refuses root) it runs as the ``postgres`` user.  Without server binaries
# the tests are skipped with the reason, except under CI, where they must run.

ENV_URL = "WORKBENCH_TEST_PG_URL"


class NoServer(Exception):
    pass


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.folder: Path | None = None
        self.url = os.environ.get(ENV_URL, "")
        self.bin: Path | None = None
        self.as_user: list[str] = []

    def start(self) -> str:
        if self.url:
            return self.url
        self.bin = _bin_dir()
        if self.bin is None:
            raise NoServer(
                f"no PostgreSQL server binaries (initdb) on this machine and {ENV_URL} is not "
                "set; install PostgreSQL (Debian: postgresql) to run the shared-store tests"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = self.folder / "data"
        port = _free_port()
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "workbench",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ]
        )
        options = f"-h 127.0.0.1 -p {port} -k {self.folder} -F -c fsync=off"
        self._run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "start",
            ]
        )
        self.url = f"postgresql://workbench@127.0.0.1:{port}/postgres"
        return self.url

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(
            [*self.as_user, *command], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}\n{done.stderr}")

    def stop(self) -> None:
        if self.folder is None or self.bin is None:
            return
        subprocess.run(
            [
                *self.as_user,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_database(self, name: str) -> str:
        """A fresh, empty database on the server; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        head, _, _ = self.url.rpartition("/")
        return f"{head}/{name}"


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.wbk"
    build_demo(path).close()
    return path


@pytest.fixture()
def two_copies(demo_master: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two consultants' copies of the same demo engagement."""
    a, b = tmp_path / "anna.wbk", tmp_path / "ben.wbk"
    shutil.copyfile(demo_master, a)
    shutil.copyfile(demo_master, b)
    return a, b


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster()
    try:
        cluster.start()
    except NoServer as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the shared-store tests: {exc}")
        pytest.skip(str(exc))
    yield cluster
    cluster.stop()


@pytest.fixture()
def pg_url(pg_cluster, request) -> str:
    """An empty database of its own for each test."""
    import re

    name = "wb_" + re.sub(r"\W", "_", request.node.name)[:50].lower()
    return pg_cluster.new_database(name)
