"""A country's and an outlet's listings, and the API's filters, read their rows in order off an
index (the translations' copy of their outlet and country, the taggings' copy of the time),
and list exactly what the plain join through the original lists."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from foreigndesk.core.models import Country
from foreigndesk.intake.models import Outlet
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Topic, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .conftest import query_plan

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def archive(db) -> tuple[Country, Country]:
    """Three outlets in two countries and one with no country yet, with published translations
    (some at the same time), one still to come, one in review, one withdrawn, one of an
    original with no outlet and one with no original; two topics across them."""
    germany, france = factories.country("DE", "Germany"), factories.country("FR", "France")
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    outlets = [
        factories.outlet("Morgenblatt", country_code="DE"),
        factories.outlet("Abendpost", country_code="DE"),
        factories.outlet("Le Matin", country_code="FR"),
        factories.outlet("Unplaced Weekly", country_code=None),
    ]
    for number in range(16):
        outlet = outlets[number % 4]
        when = NOW - datetime.timedelta(hours=number if number not in (6, 7, 8) else 50)
        factories.translation(
            original_obj=factories.original(outlet_obj=outlet),
            published_at=when,
            topics=[energy] if number % 2 else [energy, ports],
        )
    factories.translation(
        original_obj=factories.original(outlet_obj=outlets[0]),
        published_at=NOW + datetime.timedelta(days=1),
        topics=[energy],
    )
    factories.translation(
        original_obj=factories.original(outlet_obj=outlets[1]),
        state=State.IN_REVIEW,
        topics=[energy],
    )
    factories.translation(
        original_obj=factories.original(outlet_obj=outlets[2]),
        state=State.WITHDRAWN,
        published_at=NOW - datetime.timedelta(hours=2),
        topics=[ports],
    )
    factories.translation(original_obj=factories.original(outlet_obj=None), topics=[ports])
    factories.translation(topics=[energy])
    return germany, france


def plain(**join: object) -> list[int]:
    """Ids of published translations filtered through the original, newest first."""
    return list(
        Translation.objects.published()
        .filter(**join)
        .order_by("-published_at", "-id")
        .values_list("id", flat=True)
    )


def ids(rows) -> list[int]:
    return list(rows.values_list("id", flat=True))


def test_a_country_listing_is_the_plain_join_newest_first(archive):
    for country in archive:
        want = plain(original__outlet__country=country)
        assert len(want) >= 4
        assert ids(published.in_country(country)) == want
        assert published.in_country(country).count() == len(want)


def test_an_outlet_listing_is_the_plain_join_newest_first(archive):
    for outlet in Outlet.objects.all():
        want = plain(original__outlet=outlet)
        assert len(want) >= 4
        assert ids(published.from_outlet(outlet)) == want
        assert published.from_outlet(outlet).count() == len(want)


def test_the_apis_filters_are_the_plain_join(archive):
    germany, _france = archive
    energy, ports = Topic.objects.get(slug="energy"), Topic.objects.get(slug="ports")
    morgenblatt = Outlet.objects.get(slug="morgenblatt")
    cases = [
        ({"country": "DE"}, plain(original__outlet__country=germany)),
        ({"country": "de"}, plain(original__outlet__country=germany)),
        ({"outlet": "le-matin"}, plain(original__outlet__slug="le-matin")),
        ({"topic": "ports"}, plain(topics=ports)),
        (
            {"topic": "energy", "country": "fr"},
            plain(topics=energy, original__outlet__country_id="FR"),
        ),
        (
            {"topic": "energy", "outlet": "morgenblatt"},
            plain(topics=energy, original__outlet=morgenblatt),
        ),
        ({"country": "DE", "outlet": "le-matin"}, []),
        ({"country": "ZZ"}, []),
        ({"country": "ß"}, []),
        ({"outlet": "no-such-outlet"}, []),
        ({"topic": "no-such-topic"}, []),
    ]
    for filters, want in cases:
        rows = published.published_translations(**filters)
        assert ids(rows) == want, filters
        assert rows.count() == len(want), filters
    assert len(plain(topics=ports)) >= 4


def test_the_apis_dates_bound_a_topics_rows_as_they_bound_the_rest(archive):
    today = timezone.localdate(NOW)
    yesterday = today - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    for topic in ("energy", "ports"):
        rows = published.published_translations(topic=topic, published_after=today)
        assert ids(rows) == plain(topics__slug=topic, published_at__gte=start)
        rows = published.published_translations(topic=topic, published_before=yesterday)
        assert ids(rows) == plain(topics__slug=topic, published_at__lt=start)


# The plans: each listing's page of ids is a range of its index, in order, with no sort (SQLite's
# temporary B-tree, PostgreSQL's Sort) and no reading of the whole table.


def assert_read_in_order_off(index: str, plan: str) -> None:
    # PostgreSQL picks between the indexes that give the order by statistics, which a test's
    # few rows (and what earlier tests left in them) do not settle; at any rate it must
    # neither sort nor read the whole table.
    if connection.vendor == "sqlite":
        assert index in plan, plan
    assert "TEMP B-TREE" not in plan, plan
    assert "Sort" not in plan, plan
    assert not re.search(r"Seq Scan on newsroom_translation\b", plan), plan
    assert not re.search(r"SCAN newsroom_translation\b", plan), plan


def test_a_country_listing_is_a_range_of_the_country_index(archive):
    page = published.in_country(archive[0]).values_list("id", flat=True)[:20]
    plan = query_plan(*page.query.sql_with_params())
    assert_read_in_order_off("translation_public_by_country", plan)


def test_an_outlet_listing_is_a_range_of_the_outlet_index(archive):
    outlet = Outlet.objects.get(slug="abendpost")
    page = published.from_outlet(outlet).values_list("id", flat=True)[:20]
    plan = query_plan(*page.query.sql_with_params())
    assert_read_in_order_off("translation_public_by_outlet", plan)


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"country": "de"}, "translation_public_by_country"),
        ({"outlet": "le-matin"}, "translation_public_by_outlet"),
        ({"topic": "energy"}, "tagging_public_by_topic"),
    ],
)
def test_the_apis_filters_read_the_listings_indexes(archive, filters, index):
    page = published.published_translations(**filters)[:20]
    plan = query_plan(*page.query.sql_with_params())
    assert_read_in_order_off(index, plan)
    # The topic is not found by reading every tagging of the topic through a bitmap either.
    assert "Bitmap" not in plan, plan
    assert "SCAN newsroom_translation_topics" not in plan, plan
