"""Addresses and parameters out of any range answer 404 or 400, never 500."""

from __future__ import annotations

import pytest

from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/0000/01/", 404),
        ("/0000/01/rss/", 404),
        ("/0000/01/atom/", 404),
        ("/9999/12/", 404),
        ("/9999/12/rss/", 404),
        ("/2026/13/", 404),
        ("/api/v1/translations?published_before=9999-12-31", 200),
        ("/api/v1/translations?published_after=0001-01-01", 200),
        ("/api/v1/search?q=grain&page=" + "1" + "0" * 23, 404),
        ("/api/v1/search?q=grain&country=" + "x" * 3000, 400),
        ("/api/v1/search?q=grain&language=" + "x" * 3000, 400),
        ("/api/v1/translations?country=" + "x" * 3000, 400),
        ("/hit/" + "1" + "0" * 23 + "/", 404),
        ("/search/?q=grain&page=" + "1" + "0" * 23, 200),
    ],
)
def test_out_of_range_addresses_never_answer_500(client, address, status):
    factories.translation(title="Grain convoys")
    response = client.get(address)
    assert response.status_code == status, response.content[:300]
