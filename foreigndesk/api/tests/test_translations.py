import datetime

import pytest
from django.utils import timezone

from foreigndesk.newsroom.actions import add_correction
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .helpers import days_ago, get_json, rich_article, rich_articles

pytestmark = pytest.mark.django_db

LIST_QUERIES = 5  # count, page, topics, credits with contributors, bylines with authors
DETAIL_QUERIES = 5  # translation, topics, credits with contributors, bylines, corrections


def slugs(body):
    return [item["slug"] for item in body["results"]]


def test_list_item_has_every_listing_field_and_no_text(client):
    article = factories.full_article(
        editor_note="Why we translated it.", standfirst="In two sentences."
    )
    body = get_json(client, "translations")
    assert body["count"] == 1
    (item,) = body["results"]
    assert item == {
        "id": article.id,
        "slug": article.slug,
        "url": f"http://testserver{article.get_absolute_url()}",
        "kind": "translation",
        "title": article.title,
        "standfirst": "In two sentences.",
        "editor_note": "Why we translated it.",
        "published_at": item["published_at"],
        "language": {"code": "en", "name": "English", "direction": "ltr"},
        "country": {"code": "DE", "name": "Germany"},
        "outlet": {"slug": "rheinische-abendpost", "name": "Rheinische Abendpost"},
        "topics": [{"slug": "energy", "name": "Energy"}],
        "translators": [{"slug": "jonas-berg", "name": "Jonas Berg"}],
        "editors": [{"slug": "ruth-calder", "name": "Ruth Calder"}],
        "original": {
            "title": "Ein Originalartikel",
            "language": {"code": "de", "name": "German", "direction": "ltr"},
            "url": "https://zeitung.example/artikel",
            "published_on": "2026-11-02",
            "authors": ["Anna Keller"],
            "authors_romanized": [""],
        },
    }
    # JSON times carry milliseconds, as JavaScript's Date does.
    published_at = datetime.datetime.fromisoformat(item["published_at"])
    assert abs(published_at - article.published_at) < datetime.timedelta(milliseconds=1)


def test_list_is_newest_first_and_credits_keep_their_order(client):
    older = factories.translation(published_at=days_ago(3))
    first, second = factories.contributor("Zoe First"), factories.contributor("Adam Second")
    newer = factories.translation(published_at=days_ago(1), translators=[first, second])
    body = get_json(client, "translations")
    assert slugs(body) == [newer.slug, older.slug]
    assert [person["name"] for person in body["results"][0]["translators"]] == [
        "Zoe First",
        "Adam Second",
    ]


def test_article_without_original_or_outlet_has_nulls(client):
    factories.translation(original_obj=factories.original(outlet_obj=None))
    factories.translation(original_obj=None)
    with_original, without = get_json(client, "translations")["results"]
    assert with_original["outlet"] is None
    assert with_original["country"] is None
    assert with_original["original"]["authors"] == []
    assert without["original"] is None


def test_url_is_on_the_configured_site(client, settings):
    settings.SITE_URL = "https://desk.example.org"
    article = factories.translation()
    (item,) = get_json(client, "translations")["results"]
    assert item["url"] == f"https://desk.example.org{article.get_absolute_url()}"


@pytest.mark.parametrize("state", [s for s in State if s not in (State.PUBLISHED, State.CORRECTED)])
def test_unpublished_work_is_never_listed_nor_served(client, state):
    draft = factories.translation(state=state, topics=[factories.topic("Energy")])
    public = factories.translation(topics=[factories.topic("Energy")])
    assert slugs(get_json(client, "translations")) == [public.slug]
    assert slugs(get_json(client, "translations", topic="energy")) == [public.slug]
    get_json(client, f"translations/{draft.slug}", status=404)


def test_scheduled_article_stays_hidden_until_its_time(client):
    scheduled = factories.translation(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert get_json(client, "translations")["count"] == 0
    error = get_json(client, f"translations/{scheduled.slug}", status=404)
    assert error["error"]["parameter"] == "slug"


def test_corrected_article_is_public(client):
    article = factories.translation()
    add_correction(translation=article, text="A name was misspelt.")
    assert slugs(get_json(client, "translations")) == [article.slug]


# Filters


def test_filter_by_country_code_in_either_case(client):
    german = factories.translation(
        original_obj=factories.original(outlet_obj=factories.outlet("Zeitung", country_code="DE"))
    )
    factories.translation(
        original_obj=factories.original(outlet_obj=factories.outlet("Shimbun", country_code="JP"))
    )
    assert slugs(get_json(client, "translations", country="DE")) == [german.slug]
    assert slugs(get_json(client, "translations", country="de")) == [german.slug]


def test_filter_by_outlet_slug(client):
    chosen = factories.translation(
        original_obj=factories.original(outlet_obj=factories.outlet("Le Quotidien"))
    )
    factories.translation(original_obj=factories.original(outlet_obj=factories.outlet("Other")))
    assert slugs(get_json(client, "translations", outlet="le-quotidien")) == [chosen.slug]


def test_filter_by_topic_slug(client):
    energy = factories.translation(topics=[factories.topic("Energy"), factories.topic("Rail")])
    factories.translation(topics=[factories.topic("Rail")])
    assert slugs(get_json(client, "translations", topic="energy")) == [energy.slug]
    assert len(slugs(get_json(client, "translations", topic="rail"))) == 2


def test_filter_by_language_of_the_original(client):
    russian = factories.translation(original_obj=factories.original(language_code="ru"))
    factories.translation(original_obj=factories.original(language_code="de"))
    assert slugs(get_json(client, "translations", language="ru")) == [russian.slug]
    assert slugs(get_json(client, "translations", language="RU")) == [russian.slug]


def test_date_filters_are_inclusive_days(client):
    old = factories.translation(published_at=days_ago(10))
    middle = factories.translation(published_at=days_ago(5))
    new = factories.translation(published_at=days_ago(1))
    day = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert slugs(get_json(client, "translations", published_after=day)) == [new.slug, middle.slug]
    assert slugs(get_json(client, "translations", published_before=day)) == [
        middle.slug,
        old.slug,
    ]
    assert slugs(get_json(client, "translations", published_after=day, published_before=day)) == [
        middle.slug
    ]


def test_filters_combine(client):
    energy = factories.topic("Energy")
    zeitung = factories.outlet("Zeitung", country_code="DE")
    match = factories.translation(
        original_obj=factories.original(outlet_obj=zeitung, language_code="de"), topics=[energy]
    )
    factories.translation(original_obj=factories.original(outlet_obj=zeitung), topics=[])
    factories.translation(
        original_obj=factories.original(outlet_obj=factories.outlet("Shimbun", country_code="JP")),
        topics=[energy],
    )
    body = get_json(client, "translations", country="DE", topic="energy", language="de")
    assert slugs(body) == [match.slug]


def test_blank_filters_count_as_not_given(client):
    factories.translation()
    body = get_json(
        client, "translations", country="", topic="", published_after="", page="", page_size=""
    )
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 20)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("country", "ZZ"),
        ("country", "Germany"),
        ("outlet", "no-such-outlet"),
        ("topic", "nope"),
        ("language", "xx"),
        ("published_after", "2999-01-01"),
        ("published_before", "1900-01-01"),
    ],
)
def test_unknown_filter_values_give_an_empty_list(client, name, value):
    factories.full_article()
    body = get_json(client, "translations", **{name: value})
    assert body == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "next": None,
        "previous": None,
        "results": [],
    }


# Detail


def test_detail_has_texts_alignment_and_corrections(client):
    article = factories.full_article(
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": []},
            {"original": [2], "translation": [1, 2]},
        ]
    )
    add_correction(
        translation=article,
        text="An earlier version misspelt a name.",
        at=timezone.now() - datetime.timedelta(minutes=5),
    )
    body = get_json(client, f"translations/{article.slug}")
    assert body["slug"] == article.slug
    assert body["translators"] == [{"slug": "jonas-berg", "name": "Jonas Berg"}]
    assert body["blocks"] == article.blocks
    assert body["original"]["blocks"] == article.original.blocks
    assert body["original"]["authors"] == ["Anna Keller"]
    assert body["alignment"] == [
        {"original": [0], "translation": [0], "moved": False},
        {"original": [1], "translation": [], "moved": False},
        {"original": [2], "translation": [1, 2], "moved": False},
    ]
    assert body["alignment_origin"] == "assumed"
    (correction,) = body["corrections"]
    assert correction["text"] == "An earlier version misspelt a name."
    assert datetime.datetime.fromisoformat(correction["published_at"]) < timezone.now()


def test_detail_without_stored_alignment_pairs_block_by_block(client):
    article = factories.translation(
        original_obj=factories.original(),
        blocks=[{"kind": "paragraph", "text": "Only one paragraph."}],
    )
    body = get_json(client, f"translations/{article.slug}")
    assert body["alignment"] == [
        {"original": [0], "translation": [0], "moved": False},
        {"original": [1], "translation": [], "moved": False},
        {"original": [2], "translation": [], "moved": False},
    ]
    assert body["corrections"] == []


def test_detail_of_right_to_left_original_says_so(client):
    article = factories.translation(original_obj=factories.original(language_code="ar"))
    body = get_json(client, f"translations/{article.slug}")
    assert body["original"]["language"] == {"code": "ar", "name": "Arabic", "direction": "rtl"}


def test_unknown_slug_is_a_json_404(client):
    body = get_json(client, "translations/no-such-article", status=404)
    assert body["error"]["parameter"] == "slug"
    assert "no-such-article" in body["error"]["message"]


# Query counts


def test_list_query_count_is_fixed_whatever_the_archive_size(client, django_assert_num_queries):
    rich_articles(3)
    with django_assert_num_queries(LIST_QUERIES):
        assert get_json(client, "translations")["count"] == 3
    rich_articles(15)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(get_json(client, "translations", page_size=100)["results"]) == 18
    with django_assert_num_queries(LIST_QUERIES):
        body = get_json(
            client,
            "translations",
            topic="shared-topic",
            language="de",
            published_after="2000-01-01",
        )
        assert body["count"] == 18


def test_detail_query_count_is_fixed(client, django_assert_num_queries):
    rich_articles(3)
    article = rich_article()
    add_correction(translation=article, text="First correction.")
    add_correction(translation=article, text="Second correction.")
    with django_assert_num_queries(DETAIL_QUERIES):
        body = get_json(client, f"translations/{article.slug}")
    assert len(body["corrections"]) == 2
    assert len(body["translators"]) == 2
