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


@pytest.mark.parametrize("suffix", ["", "rss/", "atom/"])
def test_people_with_only_unpublished_work_have_no_public_page(client, suffix):
    from foreigndesk.intake.models import Author
    from foreigndesk.newsroom.models import Credit
    from foreigndesk.newsroom.states import State

    volunteer = factories.contributor("Nadia Volunteer")
    draft = factories.translation(
        title="Draft",
        state=State.IN_REVIEW,
        original_obj=factories.original(authors=["Unpublished Author"]),
    )
    Credit.objects.create(translation=draft, contributor=volunteer, role=Credit.Role.TRANSLATOR)
    author = Author.objects.get(name="Unpublished Author")
    for address in (f"/people/{volunteer.slug}/{suffix}", f"/authors/{author.pk}/{suffix}"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"Nadia Volunteer" not in response.content
        assert b"Unpublished Author" not in response.content
    published = factories.translation(title="Published")
    Credit.objects.create(translation=published, contributor=volunteer, role=Credit.Role.TRANSLATOR)
    assert client.get(f"/people/{volunteer.slug}/{suffix}").status_code == 200
