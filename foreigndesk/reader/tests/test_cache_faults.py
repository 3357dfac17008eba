"""The cache unreachable: with django-redis (``CACHE_BACKEND=django_redis.cache.RedisCache``)
pages, feeds, search and the API are still served, uncached, when the Redis server they were
cached in is stopped, and cached again once it is back. A real redis-server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from foreigndesk.testing import factories
from foreigndesk.testing.daemon import free_port

pytestmark = pytest.mark.django_db


class RedisServer:
    """A redis-server of the test's own on a free loopback port, which the test may stop."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    caches_setting = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    with override_settings(
        CACHES=caches_setting,
        PAGE_CACHE_SECONDS=600,
        BOX_CACHE_SECONDS=60,
        FRAGMENT_CACHE_SECONDS=600,
    ):
        caches["default"].clear()
        try:
            yield server
        finally:
            server.kill()
            caches["default"].close()


def test_pages_are_served_uncached_while_the_cache_is_down(redis):
    article = factories.translation(title="Barges wait for the river to rise")
    month = f"/{article.published_at:%Y}/{article.published_at:%m}/"
    addresses = [
        "/",
        f"{month}{article.slug}/",
        "/rss/",
        "/search/?q=barges",
        "/api/v1/translations",
    ]
    client = Client()
    for address in addresses:
        assert client.get(address).status_code == 200, address
    cached_keys = len(caches["default"].keys("*"))
    assert cached_keys > 0  # the cache was used while it was up

    redis.kill()
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        if address in addresses[:3]:
            assert b"Barges wait for the river to rise" in response.content, address
    # A change while the cache is down is shown at once: nothing stale is served.
    article.title = "Barges sail again"
    article.save(update_fields=["title"])
    assert b"Barges sail again" in client.get(f"{month}{article.slug}/").content

    redis.start()
    assert client.get("/").status_code == 200
