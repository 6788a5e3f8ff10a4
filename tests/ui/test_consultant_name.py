"""The window names the consultant by the name they gave, never by the login name."""

from __future__ import annotations

import getpass

from workbench import settings


def test_user_name_is_the_given_name_never_the_login(ctx, monkeypatch):
    monkeypatch.setenv("USER", "root")
    ctx.settings.remove("user/name")
    assert ctx.user_name == settings.UNNAMED
    assert ctx.user_name != getpass.getuser()
    settings.set_consultant_name("Jo Whitfield")
    assert ctx.user_name == "Jo Whitfield"
