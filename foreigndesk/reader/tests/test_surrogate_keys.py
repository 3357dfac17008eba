"""Each reader page names, in its Surrogate-Key header, the page cache's tags it rests on, so
that a cache tier in front drops exactly the pages a retired tag covers; and a retired tag is
purged from the tiers that file pages by key."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from foreigndesk.core.cache import EVERY_CHANGE, invalidate_tags, path_tag
from foreigndesk.core.frontend_cache import SURROGATE_HEADER, surrogate_key
from foreigndesk.reader import fragments
from foreigndesk.reader.fragments import item_tag, translation_tag
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_cache", [300, 0])
def test_a_page_names_its_own_address_and_the_articles_it_shows(client, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    cache.clear()
    shown = factories.full_article(title="The ferry runs again")
    other = factories.translation(title="Rain in the valley")
    article_keys = client.get(shown.public_url)[SURROGATE_HEADER].split(" ")
    assert surrogate_key(path_tag(shown.public_url)) in article_keys
    assert surrogate_key(translation_tag(shown.pk)) in article_keys
    assert surrogate_key(translation_tag(other.pk)) not in article_keys
    # An article page vouches for what it shows: it is not retired by every change.
    assert surrogate_key(EVERY_CHANGE) not in article_keys
    front = client.get("/")[SURROGATE_HEADER].split(" ")
    # A listing names its articles' items, not the articles: an edit of the text leaves it.
    assert {surrogate_key(item_tag(a.pk)) for a in (shown, other)} <= set(front)
    assert surrogate_key(translation_tag(shown.pk)) not in front
    # A hit names the same keys as the miss that stored it.
    again = client.get(shown.public_url)
    assert again[SURROGATE_HEADER].split(" ") == article_keys


def test_a_search_page_rests_on_every_change(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    response = client.get("/search/", {"q": "grid"})
    assert surrogate_key(EVERY_CHANGE) in response[SURROGATE_HEADER].split(" ")


def test_an_index_page_rests_on_its_list_not_on_every_change(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    keys = client.get("/topics/")[SURROGATE_HEADER].split(" ")
    assert surrogate_key(fragments.TOPICS_INDEX) in keys
    assert surrogate_key(EVERY_CHANGE) not in keys


def test_a_retired_tag_is_purged_by_key_only_where_keys_are_purged(settings, monkeypatch):
    sent: list[tuple[list[str], list[str] | None]] = []
    monkeypatch.setattr(
        "foreigndesk.reader.receivers.purge_later",
        lambda urls, *, keys=None: sent.append((urls, keys)),
    )
    invalidate_tags(["path:/topics/energy/"])
    assert sent == []  # no cache tier configured
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        "cdn": {
            "BACKEND": "foreigndesk.core.frontend_cache.CloudflareBackend",
            "OPTIONS": {"ZONE_ID": "z", "API_TOKEN": "t"},
        }
    }
    invalidate_tags(["path:/topics/energy/"])
    assert sent == []  # a tier that purges by URL only
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        "varnish": {
            "BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    invalidate_tags(["path:/topics/energy/", "every-change"])
    assert sent == [
        ([], sorted([surrogate_key("every-change"), surrogate_key("path:/topics/energy/")]))
    ]
