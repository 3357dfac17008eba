"""A listing's pages of ids, read through prepared queries, are the pages the ORM's queryset
gives: every listing kind, every page (prepared or not), articles not yet due or withdrawn."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom import published
from foreigndesk.newsroom.states import State
from foreigndesk.reader import selectors
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

SIZE = 3


@pytest.fixture
def archive():
    """Fourteen articles of one outlet on one topic, an hour apart, one scheduled for tomorrow,
    one withdrawn, and one of another country."""
    source = factories.outlet("Harbour Gazette", country_code="JP")
    topic = factories.topic("Shipping")
    start = timezone.now() - datetime.timedelta(days=2)
    for number in range(14):
        factories.translation(
            original_obj=factories.original(title=f"Original {number}", outlet_obj=source),
            title=f"Ships {number}",
            topics=[topic],
            published_at=start + datetime.timedelta(hours=number),
        )
    factories.translation(
        original_obj=factories.original(title="Later", outlet_obj=source),
        title="Not yet",
        topics=[topic],
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    factories.translation(
        original_obj=factories.original(title="Gone", outlet_obj=source),
        title="Withdrawn",
        topics=[topic],
        state=State.WITHDRAWN,
        published_at=start,
    )
    factories.translation(
        original_obj=factories.original(
            title="Elsewhere", outlet_obj=factories.outlet("Rhine Post", country_code="DE")
        ),
        title="Bridges",
    )
    return source, topic


def test_each_page_of_each_listing_is_the_querysets(archive, monkeypatch):
    source, topic = archive
    monkeypatch.setattr(selectors, "PREPARED_PAGES", 2)  # pages 3 and later through the ORM
    listings = {
        "front": ({}, published.public_listing()),
        "country": ({"key": source.country.pk}, published.in_country(source.country)),
        "outlet": ({"key": source.pk}, published.from_outlet(source)),
        "topic": ({"key": topic.pk}, published.on_topic(topic)),
    }
    for name, (values, queryset) in listings.items():
        ids = selectors.ListingIds(name, SIZE, **values)
        expected = list(queryset.values_list("id", flat=True))
        assert ids.count() == len(expected), name
        pages = [ids[start : start + SIZE] for start in range(0, len(expected) + SIZE, SIZE)]
        assert [pk for page in pages for pk in page] == expected, name
        # A window that is not a page, as the paginator asks for the last page's orphans.
        assert ids[1:5] == expected[1:5], name
    assert len(selectors.ListingIds("outlet", SIZE, key=source.pk)[0:SIZE]) == SIZE


def test_a_listing_page_shows_its_articles_newest_first(archive, client):
    source, _topic = archive
    page = lxml_html.fromstring(client.get(f"/outlets/{source.slug}/").content)
    shown = [link.text_content() for link in page.cssselect(".article-list__title a")]
    assert shown == [f"JAPAN: Ships {number}" for number in range(13, -1, -1)]
    # Fourteen articles make one page of twenty.
    assert client.get(f"/outlets/{source.slug}/?page=2").status_code == 404
