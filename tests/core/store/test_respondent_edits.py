"""A respondent's everyday edit is written in plain SQL, stored as the ORM stores it."""

from __future__ import annotations

import sqlite3

import pytest


def _stored(store, rid: str) -> tuple:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(
            "SELECT name, role, org_unit, segment, email, attributes, consent_given,"
            " typeof(modified_at), length(modified_at), substr(modified_at, 11, 1)"
            " FROM respondent WHERE id = ?",
            (rid,),
        ).fetchone()
    finally:
        conn.close()


def test_a_text_field_edit_is_stored_as_the_orm_stores_it(store) -> None:
    plain = store.add_respondent("Ana Lopez", segment="staff").id
    orm = store.add_respondent("Ana Lopez", segment="staff").id
    before = store.respondent(plain).modified_at
    old = store.update_respondent(plain, role="Service desk lead", segment="management")
    assert old == {"role": "", "segment": "staff"}
    # attributes go through the ORM: the same text edit there, for the stored form
    store.update_respondent(orm, role="Service desk lead", segment="management", attributes={})
    assert _stored(store, plain) == _stored(store, orm)
    assert store.respondent(plain).role == "Service desk lead"
    assert store.respondent(plain).modified_at > before


def test_a_text_field_edit_of_a_missing_respondent_changes_nothing(store) -> None:
    with pytest.raises(KeyError):
        store.update_respondent("no-such-id", role="x")
    with pytest.raises(ValueError, match="segment"):
        store.update_respondent(store.add_respondent("Ben").id, segment="aliens")
