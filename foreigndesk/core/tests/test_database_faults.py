"""The database unreachable during a save: the PostgreSQL server cuts the connection of the
request (``pg_terminate_backend``, as a restart or a failover does); the translator gets a 503
page saying nothing was saved, with the text they typed shown back, and nothing is stored."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.models import AuditEvent, Revision, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "The ferry to Gedser sailed three hours late in the fog."


def _cut_the_connection() -> None:
    """Have the server end this process's database session, from a second connection."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or "5432",
    )
    with psycopg.connect(conninfo, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_save_whose_database_connection_is_cut_stores_nothing_and_says_so():
    if connection.vendor != "postgresql":
        pytest.skip("cutting a connection needs a database server: run on PostgreSQL")
    translator = factories.translator("fog-translator")
    translation = factories.translation(title="Ferries in the fog", state=State.ACCEPTED)
    transitions.claim(actor=translator, translation=translation)
    translation.refresh_from_db()
    before = (
        Translation.objects.filter(pk=translation.pk).values("title", "blocks", "revision").get(),
        Revision.objects.count(),
        AuditEvent.objects.count(),
    )
    client = Client(raise_request_exception=False)
    client.force_login(translator)
    address = reverse("desk:translate", args=[translation.pk])
    assert client.get(address).status_code == 200

    connection.ensure_connection()
    _cut_the_connection()
    response = client.post(
        address,
        {
            "revision": translation.revision,
            "title": "Ferries sail late in the fog",
            "row": ["0"],
            "kind": ["paragraph"],
            "text": [TYPED],
            "save": "1",
        },
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert TYPED in page
    assert "Ferries sail late in the fog" in page

    connection.close()  # the next query connects again, as the next request would
    after = (
        Translation.objects.filter(pk=translation.pk).values("title", "blocks", "revision").get(),
        Revision.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    # With the database back, the same save goes through.
    assert client.get(address).status_code == 200


def test_a_reader_page_without_its_database_says_so_rather_than_failing():
    if connection.vendor != "postgresql":
        pytest.skip("cutting a connection needs a database server: run on PostgreSQL")
    factories.translation(title="Ferries in the fog")
    client = Client(raise_request_exception=False)
    connection.ensure_connection()
    _cut_the_connection()
    response = client.get("/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()
    connection.close()
    assert client.get("/").status_code == 200
