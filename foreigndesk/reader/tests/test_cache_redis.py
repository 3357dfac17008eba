"""The page cache against a real Redis, as production runs it (several processes, one cache)."""

import os
import socket

import pytest
from django.core.cache import cache
from django.test import override_settings

from foreigndesk.core.cache import invalidate_pages
from foreigndesk.testing import factories

REDIS_URL = os.environ.get("FOREIGNDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_listening() -> bool:
    host, port = "127.0.0.1", 6379
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not _redis_listening():
        if os.environ.get("CI"):
            pytest.fail("Redis is not listening on 127.0.0.1:6379")
        pytest.skip("Redis is not listening on 127.0.0.1:6379")
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "foreigndesk-tests",
        }
    }
    with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=600, BOX_CACHE_SECONDS=60):
        from django.core.cache import caches as handler

        handler["default"].clear()
        yield handler["default"]
        handler["default"].clear()


@pytest.mark.django_db
def test_pages_cached_in_redis_and_retired_by_a_change(
    client, redis_cache, django_assert_num_queries
):
    translation = factories.full_article()
    assert client.get(translation.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(translation.get_absolute_url())["X-Page-Cache"] == "hit"
    generation = cache.get("foreigndesk:page-generation")
    invalidate_pages()
    assert cache.get("foreigndesk:page-generation") == generation + 1
    assert client.get(translation.get_absolute_url())["X-Page-Cache"] == "miss"
