"""The search page's results and facet values, written in Python (``search_markup``): the same
markup, addresses and dates as the template language and ``reverse()`` give."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse, set_script_prefix
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.models import Translation
from foreigndesk.search.actions import rebuild_index
from foreigndesk.search.selectors import SearchParams, search_articles
from foreigndesk.testing import factories

from .conftest import paragraphs

pytestmark = pytest.mark.django_db


def _published(*moments: datetime.datetime) -> list[Translation]:
    return [
        factories.translation(title=f"Harbour dues {number}", published_at=moment)
        for number, moment in enumerate(moments)
    ]


MOMENTS = [
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),  # the night clocks change
    datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC),  # another year in Berlin
    datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(999, 7, 1, 12, 0, tzinfo=datetime.UTC),  # a year of three digits
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
def test_article_addresses_are_those_reverse_gives(zone):
    translations = {t.pk: t for t in _published(*MOMENTS)}
    rebuild_index()
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        page = search_articles(SearchParams(q="harbour"))
        assert len(page.results) == len(MOMENTS)
        for result in page.results:
            when = timezone.localtime(translations[result.translation.pk].published_at)
            slug = translations[result.translation.pk].slug
            expected = reverse(
                "reader:article",
                kwargs={"year": when.year, "month": f"{when.month:02d}", "slug": slug},
            )
            assert result.url == expected


def test_article_addresses_keep_the_script_prefix():
    (translation,) = _published(MOMENTS[0])
    rebuild_index()
    set_script_prefix("/press-review/")
    try:
        (result,) = search_articles(SearchParams(q="harbour")).results
        assert result.url.startswith("/press-review/2026/03/")
        assert result.url == translation.public_url
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
def test_result_dates_are_those_of_the_date_filter(zone):
    _published(*MOMENTS)
    rebuild_index()
    filters = Template("{{ when|date:'c' }}|{{ when|date:'j F Y' }}")
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        page = search_articles(SearchParams(q="harbour"))
        assert len(page.results) == len(MOMENTS)
        for result in page.results:
            expected = filters.render(Context({"when": result.published_at}))
            assert f"{result.published_iso}|{result.published_label}" == expected


def test_a_result_is_escaped_and_carries_its_marks():
    factories.translation(
        title="Tariffs & <quotas> at the port",
        editor_note="Context the desk adds.",
        blocks=paragraphs('Port tariffs rose by 5 % for "bulk" cargo.'),
        original_obj=factories.original(
            title="Tarife im Hafen",
            outlet_obj=factories.outlet("Hafen & Handel", country_code="DE"),
        ),
        published_at=MOMENTS[2],
    )
    rebuild_index()
    response = Client().get("/search/", {"q": "tariffs"})
    content = response.content.decode()
    assert "</mark> &amp; &lt;quotas&gt; at the port</a>" in content
    assert "Hafen &amp; Handel · from German" in content
    assert "&quot;bulk&quot;" in content
    doc = lxml_html.fromstring(response.content)
    (result,) = doc.cssselect(".search-result")
    title = result.cssselect(".search-result__title")[0]
    assert title.text_content() == "GERMANY: Tariffs & <quotas> at the port*"
    assert title.cssselect("mark")[0].text == "Tariffs"
    assert title.cssselect(".asterisk")[0].get("title") == "With an editor's note"
    time = result.cssselect("time")[0]
    assert (time.get("datetime"), time.text) == ("2026-01-05T09:00:00+00:00", "5 January 2026")
    text = result.cssselect(".search-result__text")[0]
    assert (text.get("lang"), text.get("dir")) == ("en", "ltr")
    # No facet value is selected; each links to its filter, with its count.
    country = doc.cssselect('.facet__list a[data-facet="country"]')[0]
    assert (country.get("data-value"), country.text, country.getnext().text) == (
        "DE",
        "Germany",
        "1",
    )
    assert country.get("href") == "?q=tariffs&country=DE"
    assert country.get("aria-current") is None


def test_an_original_found_on_the_desk_is_titled_in_its_language(client, archive):
    client.force_login(factories.translator("markup-desk"))
    response = client.get("/search/desk/", {"q": "ставка"})
    doc = lxml_html.fromstring(response.content)
    (result,) = doc.cssselect(".search-result")
    link = result.cssselect(".search-result__title a")[0]
    assert (link.get("lang"), link.get("dir")) == ("ru", "ltr")
    assert link.get("href") == f"/desk/originals/{archive['suggested'].pk}/"
    assert result.cssselect(".search-result__state")[0].text == "Suggested"
    assert not result.cssselect(".search-result__pairs")
    assert not result.cssselect("time")
