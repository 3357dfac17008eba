"""The desk's people and translations in every workflow state (the newsroom's workflow
fixtures), and logged-in clients for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from foreigndesk.newsroom.tests import conftest as newsroom
from foreigndesk.newsroom.tests.conftest import Desk, snapshot, suggested_original, translation_in

__all__ = ["Desk", "client_for", "snapshot", "suggested_original", "translation_in"]

#: The desk's people: two translators, an editor, an admin, a login with no role, a chief editor.
desk = newsroom.desk


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_translator(desk: Desk) -> Client:
    return client_for(desk.claimant)


@pytest.fixture
def as_editor(desk: Desk) -> Client:
    return client_for(desk.editor)


@pytest.fixture
def as_nobody(desk: Desk) -> Client:
    return client_for(desk.nobody)
