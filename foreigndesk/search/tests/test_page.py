"""The reader's search page and the desk's, rendered."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from lxml import html as lxml_html

from foreigndesk.intake.models import Original
from foreigndesk.search.models import SearchEntry
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 5 + (connection.vendor == "postgresql")
# The desk's languages; the count of text matches and the search (PostgreSQL first builds its
# tsquery: one statement more);
# the page's translations; the labels of the facets (countries, outlets, topics, languages).


def get(client, status=200, **params):
    response = client.get("/search/", params)
    assert response.status_code == status
    return lxml_html.fromstring(response.content)


def test_page_shows_results_snippets_and_facets(client, archive):
    doc = get(client, q="sanctions")
    titles = [a.text_content() for a in doc.cssselect(".search-result__title a")]
    assert titles == [
        "GERMANY: Society under sanctions",
        "RUSSIA: The central bank keeps its key rate",
    ]
    assert doc.cssselect(".search-result__title mark")[0].text == "sanctions"
    facets = {a.get("data-value"): a.getnext().text for a in doc.cssselect(".facet__list a")}
    assert facets["DE"] == "1"
    assert facets["energy"] == "2"
    assert facets["2026"] == "1"
    assert doc.cssselect("meta[name=robots]")[0].get("content") == "noindex"


def test_snippet_from_the_original_is_marked_with_its_language(client, archive):
    doc = get(client, q="ставка")
    (text,) = doc.cssselect(".search-result__text")
    assert text.get("lang") == "ru"
    assert "In the original (Russian)" in doc.cssselect(".search-result__snippet")[0].text_content()


def test_facet_links_toggle_the_filter(client, archive):
    doc = get(client, q="sanctions")
    link = next(a for a in doc.cssselect(".facet__list a") if a.get("data-value") == "RU")
    assert "country=RU" in link.get("href")
    doc = get(client, q="sanctions", country="RU")
    assert len(doc.cssselect(".search-result")) == 1
    selected = doc.cssselect(".facet__list a[aria-current]")
    assert "country=" not in selected[0].get("href")


def test_sort_and_pagination_links(client, archive):
    doc = get(client, q="society", sort="date")
    assert doc.cssselect(".search-summary [aria-current]")[0].text == "date"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Type a word"),
        ({"q": "the of"}, "only very common words"),
        ({"q": '"civil society'}, "quotation mark"),
        ({"q": "sanctions", "outlet": "nonesuch"}, "No outlet"),
        ({"q": "sanctions", "year": "20x6"}, "not a year"),
        ({"q": "sanctions", "page": "abc"}, "page number"),
        ({"q": "sanctions", "sort": "random"}, "sorted by relevance"),
        ({"q": "sanctions", "country": "Germany"}, "not a country code"),
        ({"q": "x" * 2000}, "long"),
    ],
)
def test_bad_input_gets_a_clear_message(client, archive, params, message):
    doc = get(client, **params)
    assert message in doc.cssselect("main")[0].text_content()


def test_page_past_the_last_is_a_404_with_a_message(client, archive):
    doc = get(client, 404, q="sanctions", page="9")
    assert "no page 9" in doc.text_content()


def test_query_count_is_fixed(client, archive, django_assert_num_queries):
    with django_assert_num_queries(PAGE_QUERIES):
        client.get("/search/", {"q": "sanctions"})
    with django_assert_num_queries(PAGE_QUERIES):
        client.get("/search/", {"q": "society", "sort": "date", "page": "1"})


def test_desk_search_is_for_staff_only(client, archive):
    response = client.get("/search/desk/", {"q": "ставка"})
    assert response.status_code == 302
    # Staff without a role at the desk read nothing unpublished.
    client.force_login(get_user_model().objects.create_user("staff-only", is_staff=True))
    response = client.get("/search/desk/", {"q": "ставка"})
    assert response.status_code == 403
    assert "Центробанк" not in response.content.decode()
    editor = factories.translator("desk-editor")
    client.force_login(editor)
    response = client.get("/search/desk/", {"q": "ставка"})
    doc = lxml_html.fromstring(response.content)
    titles = [a.text_content() for a in doc.cssselect(".search-result__title a")]
    assert titles == ["RUSSIA: Центробанк оставил ключевую ставку без изменений"]
    response = client.get("/search/desk/", {"q": "ставка", "scope": "all"})
    doc = lxml_html.fromstring(response.content)
    assert len(doc.cssselect(".search-result")) == 2
    # A translation in the desk's results links to its paragraph pairs; readers see no such link.
    pairs = [a.get("href") for a in doc.cssselect(".search-result__pairs")]
    rate = archive["rate"]
    assert pairs == [f"/desk/translations/{rate.pk}/alignment/"]
    reader = lxml_html.fromstring(Client().get("/search/", {"q": "ставка"}).content)
    assert reader.cssselect(".search-result__pairs") == []


def test_desk_finds_new_originals_and_hints_at_duplicates(
    client, archive, django_capture_on_commit_callbacks
):
    editor = factories.translator("desk-editor")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = Original.objects.create(
            title="Niedrigwasser am Rhein: Binnenschiffer verringern Ladungen",
            language=archive["barges"].original.language,
            blocks=[{"kind": "paragraph", "text": "Der Pegel bei Kaub fiel auf einen Rekordwert."}],
            state=Original.State.SUGGESTED,
        )
    doc = lxml_html.fromstring(client.get("/search/desk/").content)
    hints = {
        item.cssselect("h3 a")[0].text_content(): item.cssselect(".search-duplicate")
        for item in doc.cssselect(".search-result")
    }
    assert "Low water on the Rhine squeezes barges" in hints[fresh.title][0].text_content()
    # Searching finds the new original: saving it queued its indexing, and a search writes nothing.
    doc = lxml_html.fromstring(client.get("/search/desk/", {"q": "Binnenschiffer"}).content)
    titles = [a.text_content() for a in doc.cssselect(".search-result__title a")]
    assert fresh.title in titles  # no outlet, so no country before it


def test_the_desk_search_writes_nothing(client, archive):
    """A GET of the desk's search reads: an original the index missed waits for
    ``reindex --stale``, which catches it up."""
    editor = factories.translator("desk-reader")
    client.force_login(editor)
    missed = Original.objects.create(  # saved outside a committed transaction: never announced
        title="Hochwasser an der Oder: Pegel steigt weiter",
        language=archive["barges"].original.language,
        blocks=[
            {"kind": "paragraph", "text": "Die Oder erreichte bei Frankfurt einen Höchststand."}
        ],
        state=Original.State.SUGGESTED,
    )
    before = SearchEntry.objects.count()
    doc = lxml_html.fromstring(client.get("/search/desk/", {"q": "Hochwasser"}).content)
    assert SearchEntry.objects.count() == before
    assert missed.title not in [a.text_content() for a in doc.cssselect(".search-result__title a")]
    out = io.StringIO()
    call_command("reindex", "--stale", stdout=out)
    assert "Indexed 1 originals" in out.getvalue()
    doc = lxml_html.fromstring(client.get("/search/desk/", {"q": "Hochwasser"}).content)
    assert missed.title in [a.text_content() for a in doc.cssselect(".search-result__title a")]
