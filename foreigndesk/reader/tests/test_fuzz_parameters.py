"""Hypothesis on the reader site's address parameters and the search syntax: whatever a reader
or a crawler puts in a year, a month, a page number, an id, a slug or a search, the site answers
with a page, a redirect, a 400 or a 404, never a server error."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foreigndesk.search.query import parse
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

#: Statuses a reader may get; a 500 is never one of them.
ANSWERS = {200, 204, 301, 302, 400, 404, 405, 410, 429}

fuzz = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Numbers as addresses carry them: small, zero, negative, beyond any integer column.
numbers = st.one_of(
    st.integers(min_value=-10, max_value=10_000),
    st.integers(min_value=10**9, max_value=10**30),
    st.sampled_from(["0", "00", "0000", "-1", "1e3", "１２", "٣", "NaN", ""]),
).map(str)

#: Free text: any Unicode (control characters included), ASCII punctuation heavy.
texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet='"-*():^~+ AND OR NOT NEAR ab', max_size=40),
    st.sampled_from(['"', '""', "-", "--x", "*", "NEAR(", "a OR", "(", ")", "\x00", "\u202e"]),
)


@pytest.fixture
def archive() -> None:
    factories.translation(
        title="Grain convoys cross the border",
        original_obj=factories.original(authors=["Vera Nowak"]),
        translators=[factories.contributor("Lena Hart")],
        topics=[factories.topic("Trade")],
    )


@fuzz
@given(year=numbers, month=numbers, page=numbers)
def test_month_pages_and_their_feeds(archive, year, month, page):
    client = Client()
    for suffix in ("", "rss/", "atom/"):
        address = f"/{quote(year)}/{quote(month)}/{suffix}?{urlencode({'page': page})}"
        response = client.get(address)
        assert response.status_code in ANSWERS, (address, response.status_code)


@fuzz
@given(page=numbers, slug=texts)
def test_listings_with_any_page_and_slug(archive, page, slug):
    client = Client()
    query = urlencode({"page": page})
    for address in (
        f"/?{query}",
        f"/topics/{quote(slug, safe='')}/?{query}",
        f"/countries/{quote(slug, safe='')}/?{query}",
        f"/outlets/{quote(slug, safe='')}/?{query}",
        f"/people/{quote(slug, safe='')}/?{query}",
        f"/2026/01/{quote(slug, safe='')}/",
    ):
        response = client.get(address)
        assert response.status_code in ANSWERS, (address, response.status_code)


@fuzz
@given(pk=numbers)
def test_ids_in_addresses(archive, pk):
    client = Client()
    for address in (f"/authors/{quote(pk)}/", f"/authors/{quote(pk)}/rss/", f"/hit/{quote(pk)}/"):
        response = client.get(address)
        assert response.status_code in ANSWERS, (address, response.status_code)
    response = client.post(f"/hit/{quote(pk)}/")
    assert response.status_code in ANSWERS


@fuzz
@given(text=texts)
def test_the_search_syntax_never_raises_and_keeps_no_nul(text):
    parsed = parse(text)
    assert "\x00" not in str(parsed)
    if not parsed.is_searchable:
        assert parsed.problem or not parsed.required


@fuzz
@given(text=texts, page=numbers, sort=st.sampled_from(["relevance", "date", "", "x"]))
def test_any_search_on_the_page_and_the_api(archive, text, page, sort):
    client = Client()
    page_answer = client.get("/search/", {"q": text, "page": page, "sort": sort})
    assert page_answer.status_code in ANSWERS, page_answer.status_code
    api_answer = client.get("/api/v1/search", {"q": text, "page": page})
    assert api_answer.status_code in ANSWERS, api_answer.status_code
    assert api_answer["Content-Type"].startswith("application/json")
