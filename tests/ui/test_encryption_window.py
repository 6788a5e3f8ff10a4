"""The window and encrypted engagements: a passphrase asked for at Open, File → Encrypt…"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QLineEdit

from workbench.store import create_engagement, open_engagement
from workbench.store.database import SQLITE_MAGIC
from workbench.ui import encryption

pytestmark = pytest.mark.app_context(engagement=None)

PASS = "correct horse battery"


def _answers(monkeypatch, *answers: str | None) -> list[str]:
    """Type these into the passphrase prompts, in turn; gives back the prompts' labels."""
    asked: list[str] = []
    queue = list(answers)

    def fake(parent, title, label, echo):
        assert echo == QLineEdit.EchoMode.Password  # never shown as typed
        asked.append(label)
        value = queue.pop(0)
        return ("", False) if value is None else (value, True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    return asked


def test_open_asks_for_the_passphrase_and_refuses_a_wrong_one(window, tmp_path, monkeypatch):
    path = tmp_path / "secret.wbk"
    create_engagement(path, client="Acme", title="Review", passphrase=PASS).close()
    before = path.read_bytes()
    asked = _answers(monkeypatch, "wrong passphrase", None, PASS)
    assert not window.open_file(path)
    assert "passphrase is wrong" in window.last_message.text()
    window.last_message.close()
    assert not window.open_file(path)  # cancelled: nothing happens
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini"] == ["secret.wbk"]
    assert window.open_file(path)
    assert asked == ["Passphrase for secret.wbk:"] * 3
    assert window.ctx.store.engagement().client == "Acme"
    # a copy saved from the window is encrypted with the same passphrase
    copy = tmp_path / "copy.wbk"
    assert window.save_copy_to(copy)
    assert not copy.read_bytes().startswith(SQLITE_MAGIC)
    with open_engagement(copy, backup=False, passphrase=PASS) as other:
        assert other.engagement().client == "Acme"


def test_a_plain_file_opens_without_a_prompt(window, tmp_path, monkeypatch):
    path = tmp_path / "plain.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    asked = _answers(monkeypatch)
    assert window.open_file(path) and asked == []


def test_file_encrypt(window, tmp_path, monkeypatch):
    path = tmp_path / "plain.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    assert window.open_file(path)
    window.ctx.store.add_respondent("Ana Quibblethwaite")
    assert window.encrypt_action.isEnabled()

    _answers(monkeypatch, "short")
    assert not encryption.encrypt_open_file(window)
    assert "at least 8 characters" in window.last_message.text()
    window.last_message.close()
    _answers(monkeypatch, PASS, "something else")
    assert not encryption.encrypt_open_file(window)
    assert "differ" in window.last_message.text()
    window.last_message.close()
    asked = _answers(monkeypatch, PASS, None)  # cancelled at the second prompt
    assert not encryption.encrypt_open_file(window)
    assert "cannot be recovered" in asked[0]
    assert window.last_message is None or not window.last_message.isVisible()
    assert path.read_bytes().startswith(SQLITE_MAGIC)

    _answers(monkeypatch, PASS, PASS)
    window.encrypt_action.trigger()
    data = path.read_bytes()
    assert not data.startswith(SQLITE_MAGIC) and b"Quibblethwaite" not in data
    assert [r.name for r in window.ctx.store.respondents()] == ["Ana Quibblethwaite"]
    window.ctx.store.add_respondent("Ben")  # still open, for writing
    names = {p.name for p in tmp_path.iterdir()} - {
        "settings.ini",
        "plain.wbk-wal",
        "plain.wbk-shm",
    }
    assert names == {"plain.wbk"}  # no plain copy left beside it
    assert not encryption.encrypt_open_file(window)  # already encrypted
    window.last_message.close()
