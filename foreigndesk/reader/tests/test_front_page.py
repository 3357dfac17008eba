import datetime

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.states import State
from foreigndesk.reader.actions import record_views, roll_week_views
from foreigndesk.reader.views import FRONT_PAGE_SIZE
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def titles(response):
    tree = lxml_html.fromstring(response.content)
    return [" ".join(h.text_content().split()) for h in tree.cssselect(".article-list__title")]


def test_lists_published_translations_newest_first(client):
    now = timezone.now()
    source = factories.original(outlet_obj=factories.outlet("Alpenblick", country_code="DE"))
    factories.translation(
        title="Older", original_obj=source, published_at=now - datetime.timedelta(days=2)
    )
    factories.translation(
        title="Newer", editor_note="Note.", published_at=now - datetime.timedelta(hours=1)
    )
    factories.translation(title="Draft", state=State.IN_TRANSLATION)
    response = client.get("/")
    assert response.status_code == 200
    assert titles(response) == ["Newer*", "GERMANY: Older"]


def test_paginates_with_page_parameter(client):
    now = timezone.now()
    for number in range(FRONT_PAGE_SIZE + 3):
        factories.translation(
            title=f"Article {number:02d}", published_at=now - datetime.timedelta(hours=number)
        )
    first = titles(client.get("/"))
    second = titles(client.get("/", {"page": 2}))
    assert len(first) == FRONT_PAGE_SIZE
    assert len(second) == 3
    assert first[0] == "Article 00"
    assert second[-1] == f"Article {FRONT_PAGE_SIZE + 2:02d}"


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_pages_out_of_range_are_404(client, page):
    factories.translation()
    assert client.get("/", {"page": page}).status_code == 404


def test_empty_site_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Nothing has been published here yet." in response.content


def test_query_count_is_fixed(client, django_assert_num_queries):
    for _ in range(5):
        read = factories.full_article(editor_note="Note.")
    roll_week_views()  # as the worker's schedule does
    record_views(translation_id=read.pk, day=timezone.localdate(), views=2)
    client.get("/")
    with django_assert_num_queries(8):
        client.get("/")
    for _ in range(10):
        factories.full_article()
    with django_assert_num_queries(8):
        client.get("/")


def test_listed_items_come_from_the_fragment_cache(client, django_assert_num_queries, settings):
    from django.core.cache import cache

    settings.BOX_CACHE_SECONDS = 60
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    for number in range(3):
        factories.full_article(title=f"Listed {number}")
    first = client.get("/")
    # The database still picks the page's articles; their count and markup are stored.
    with django_assert_num_queries(1):
        again = client.get("/")
    assert again.content == first.content
    assert titles(again) == ["GERMANY: Listed 0", "GERMANY: Listed 1", "GERMANY: Listed 2"]
    cache.clear()
