"""Feeds survive what Word and restored files put into titles: control characters."""

from __future__ import annotations

import pytest
from django.db import connection
from lxml import etree

from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["/rss/", "/atom/"])
def test_a_control_character_stored_in_a_title_does_not_break_the_feed(client, address):
    translation = factories.translation(title="Grain convoys", topics=[factories.topic("Food")])
    # Stored behind the desk's back (an old row, a database edited by hand; PostgreSQL holds
    # every control character but NUL, which a load on SQLite could once write).
    title = "Grain\x0bconvoys" if connection.vendor == "postgresql" else "Grain\x0bconvoys\x00"
    Translation.objects.filter(pk=translation.pk).update(
        title=title, standfirst="Ships\x1fwait", editor_note="Note\x07"
    )
    response = client.get(address)
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    text = etree.tostring(document, encoding="unicode")
    assert "Grain convoys" in text  # the vertical tab read as the space it stood for
    assert "\x0b" not in text
    assert "\x00" not in text


def test_the_desk_removes_control_characters_from_what_it_writes():
    translation = factories.translation(title="x")
    from foreigndesk.newsroom.actions import create_translation

    made = create_translation(
        original=translation.original,
        language_code="en",
        title="A\x0btitle\x00 with  spaces",
        slug="control-characters",
        blocks=[{"kind": "paragraph", "text": "One\x0btwo\x00"}],
        standfirst="Lead\x1f",
        alignment=[],
        announce=False,
    )
    made.refresh_from_db()
    assert made.title == "A title with spaces"
    assert made.blocks == [{"kind": "paragraph", "text": "One two"}]
    assert made.standfirst == "Lead"
