"""An engagement file in a cloud-synchronised folder or on a network share gets a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.paths import cloud_service, location_warning, network_filesystem
from workbench.store import create_engagement, open_engagement

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /mnt/team nfs4 rw,relatime 0 0
//fs01/consulting /mnt/fs01\\040share cifs rw 0 0
ana@host:/home/ana /home/ana/remote fuse.sshfs rw 0 0
tmpfs /mnt/team/local tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("OneDrive", "OneDrive"),
        ("OneDrive - Contoso Ltd", "OneDrive"),
        ("Dropbox (Personal)", "Dropbox"),
        ("Google Drive/My Drive", "Google Drive"),
        ("GoogleDrive-ana@example.com", "Google Drive"),
        ("iCloud Drive", "iCloud Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
    ],
)
def test_cloud_folders_are_recognised_by_name(tmp_path: Path, folder: str, service: str) -> None:
    place = tmp_path / folder / "Clients"
    place.mkdir(parents=True)
    assert cloud_service(place / "acme.wbk") == service
    assert service in location_warning(place / "acme.wbk")
    assert "local disk" in location_warning(place / "acme.wbk")


def test_a_dropbox_marker_in_an_ancestor_counts(tmp_path: Path) -> None:
    (tmp_path / "Work" / ".dropbox").mkdir(parents=True)
    (tmp_path / "Work" / "Clients").mkdir()
    assert cloud_service(tmp_path / "Work" / "Clients" / "acme.wbk") == "Dropbox"


def test_an_ordinary_folder_gets_no_warning(tmp_path: Path) -> None:
    assert cloud_service(tmp_path / "Clients" / "acme.wbk") is None
    assert network_filesystem("/home/ana/acme.wbk", MOUNTS) is None


def test_network_shares_are_recognised_from_the_mount_table() -> None:
    assert network_filesystem("/mnt/team/acme.wbk", MOUNTS) == "nfs4"
    assert network_filesystem("/mnt/fs01 share/acme.wbk", MOUNTS) == "cifs"
    assert network_filesystem("/home/ana/remote/acme.wbk", MOUNTS) == "fuse.sshfs"
    # A local file system mounted inside a share is local.
    assert network_filesystem("/mnt/team/local/acme.wbk", MOUNTS) is None
    assert network_filesystem("/mnt/teamwork/acme.wbk", MOUNTS) is None


def test_opening_from_a_cloud_folder_warns(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "OneDrive - Contoso"
    folder.mkdir()
    path = folder / "acme.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    with open_engagement(path) as store:
        assert "OneDrive" in store.notice and "local disk" in store.notice
    capsys.readouterr()
    assert main(["info", str(path)]) == 0
    assert "OneDrive" in capsys.readouterr().err
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert "OneDrive" in captured.err and "OK" in captured.out
