"""Requests past their rate get a clear 429, and the others are still served."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from foreigndesk.intake.models import ImportRequest
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_rates(settings):
    cache.clear()
    settings.RATE_LIMITS = {"api": "3/m", "search": "3/m", "hits": "3/m", "imports": "2/h"}
    yield
    cache.clear()


@pytest.mark.parametrize(
    "address", ["/api/v1/translations", "/search/?q=ferry", "/hit/1/"], ids=["api", "search", "hit"]
)
def test_a_client_past_its_rate_gets_a_429_then_others_are_served(client, address):
    factories.translation(title="Ferry")
    for _ in range(3):
        assert client.get(address, REMOTE_ADDR="10.1.1.1").status_code < 400
    refused = client.get(address, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert b"try again" in refused.content.lower() or b"wait a minute" in refused.content.lower()
    # Another reader is not held back by the first.
    assert client.get(address, REMOTE_ADDR="10.2.2.2").status_code < 400


def test_the_api_refuses_in_its_own_error_shape(client):
    for _ in range(3):
        client.get("/api/v1/topics", REMOTE_ADDR="10.1.1.1")
    body = client.get("/api/v1/topics", REMOTE_ADDR="10.1.1.1").json()
    assert body["error"]["parameter"] is None
    assert "Too many requests" in body["error"]["message"]


def test_imports_are_limited_per_person_and_nothing_is_queued_past_the_rate(client):
    editor = factories.editor("ruth")
    client.force_login(editor)
    text = "Ein Titel\n\nEin Absatz, der lang genug ist, um als Artikel zu gelten, und noch mehr."
    for _ in range(2):
        assert client.post("/desk/import/paste/", {"text": text}).status_code in (200, 302)
    queued = ImportRequest.objects.count()
    assert client.post("/desk/import/paste/", {"text": text}).status_code == 429
    assert ImportRequest.objects.count() == queued
