"""A country's listing reads the publication-time index in order, testing each translation's
country, and lists exactly what the plain join lists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def archive(db):
    germany, france = factories.country("DE", "Germany"), factories.country("FR", "France")
    outlets = [
        factories.outlet("Morgenblatt", country_code="DE"),
        factories.outlet("Abendpost", country_code="DE"),
        factories.outlet("Le Matin", country_code="FR"),
    ]
    for number in range(15):
        outlet = outlets[number % 3]
        when = NOW - datetime.timedelta(hours=number if number not in (6, 7, 8) else 50)
        factories.translation(original_obj=factories.original(outlet_obj=outlet), published_at=when)
    factories.translation(
        original_obj=factories.original(outlet_obj=outlets[0]),
        published_at=NOW + datetime.timedelta(days=1),
    )
    factories.translation(
        original_obj=factories.original(outlet_obj=outlets[1]), state=State.IN_REVIEW
    )
    return germany, france


def test_a_country_listing_is_the_plain_join_newest_first(archive):
    for country in archive:
        plain = list(
            Translation.objects.published()
            .filter(original__outlet__country=country)
            .order_by("-published_at", "-id")
            .values_list("id", flat=True)
        )
        assert len(plain) >= 5
        assert list(published.in_country(country).values_list("id", flat=True)) == plain
        assert published.in_country(country).count() == len(plain)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan asserted is SQLite's")
def test_a_country_listing_walks_the_publication_index_with_no_sort(archive):
    page = published.in_country(archive[0]).values_list("id", flat=True)[:20]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "translation_public_recent" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
