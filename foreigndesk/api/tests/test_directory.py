"""Outlets, countries, topics and contributors: listed once published work names them."""

import pytest

from foreigndesk.intake.models import OutletDomain
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .helpers import get_json, rich_article, rich_articles

pytestmark = pytest.mark.django_db

OUTLET_LIST_QUERIES = 4  # count, page, languages, domains
OUTLET_QUERIES = 3  # outlet, languages, domains
SIMPLE_LIST_QUERIES = 2  # count, page
CONTRIBUTOR_QUERIES = 1


def names(body):
    return [item["name"] for item in body["results"]]


def published_from(outlet, state=State.PUBLISHED, **kwargs):
    return factories.translation(
        original_obj=factories.original(outlet_obj=outlet), state=state, **kwargs
    )


# Outlets


def test_outlet_has_its_country_languages_domains_profile_and_published_count(client):
    outlet = factories.outlet("Rheinische Abendpost", country_code="DE")
    outlet.profile = "A regional daily."
    outlet.save()
    outlet.languages.set([factories.language("de")])
    OutletDomain.objects.create(outlet=outlet, domain="www.abendpost.example")
    published_from(outlet)
    published_from(outlet)
    published_from(outlet, state=State.IN_REVIEW)
    published_from(outlet, state=State.WITHDRAWN)
    expected = {
        "slug": "rheinische-abendpost",
        "name": "Rheinische Abendpost",
        "country": {"code": "DE", "name": "Germany"},
        "languages": [{"code": "de", "name": "German", "direction": "ltr"}],
        "domains": ["abendpost.example"],
        "profile": "A regional daily.",
        "published_count": 2,
    }
    assert get_json(client, "outlets")["results"] == [expected]
    assert get_json(client, "outlets/rheinische-abendpost") == expected


def test_outlets_without_published_work_are_not_shown(client):
    published_from(factories.outlet("Published Daily"))
    drafted = factories.outlet("Drafted Weekly")
    published_from(drafted, state=State.IN_TRANSLATION)
    factories.outlet("Idle Monthly")
    assert names(get_json(client, "outlets")) == ["Published Daily"]
    body = get_json(client, "outlets/drafted-weekly", status=404)
    assert body["error"]["parameter"] == "slug"
    get_json(client, "outlets/idle-monthly", status=404)
    get_json(client, "outlets/no-such-outlet", status=404)


def test_outlets_are_in_name_order(client):
    for name in ("Zeit", "Asahi", "Monde"):
        published_from(factories.outlet(name))
    assert names(get_json(client, "outlets")) == ["Asahi", "Monde", "Zeit"]


# Countries


def test_countries_count_published_translations_of_their_outlets(client):
    published_from(factories.outlet("Zeitung", country_code="DE"))
    published_from(factories.outlet("Blatt", country_code="DE"))
    published_from(factories.outlet("Shimbun", country_code="JP"))
    published_from(factories.outlet("Gazeta", country_code="RU"), state=State.APPROVED)
    factories.country("EG")
    assert get_json(client, "countries")["results"] == [
        {"code": "DE", "name": "Germany", "slug": "germany", "published_count": 2},
        {"code": "JP", "name": "Japan", "slug": "japan", "published_count": 1},
    ]


# Topics


def test_topics_count_only_published_translations(client):
    energy, rail = factories.topic("Energy"), factories.topic("Rail")
    factories.topic("Unused")
    factories.translation(topics=[energy, rail])
    factories.translation(topics=[energy])
    factories.translation(topics=[rail], state=State.SUGGESTED)
    factories.translation(topics=[factories.topic("Secret")], state=State.IN_REVIEW)
    assert get_json(client, "topics")["results"] == [
        {"slug": "energy", "name": "Energy", "description": "", "published_count": 2},
        {"slug": "rail", "name": "Rail", "description": "", "published_count": 1},
    ]


# Contributors


def test_contributors_count_what_they_translated_and_edited(client):
    ana, ben = factories.contributor("Ana Lind"), factories.contributor("Ben Okafor")
    ana.bio = "Translates from Russian."
    ana.save()
    factories.translation(translators=[ana], editors=[ben])
    factories.translation(translators=[ana, ben])
    factories.translation(translators=[ana], state=State.IN_REVIEW)
    factories.translation(editors=[ana], state=State.WITHDRAWN)
    assert get_json(client, "contributors")["results"] == [
        {
            "slug": "ana-lind",
            "name": "Ana Lind",
            "bio": "Translates from Russian.",
            "translated_count": 2,
            "edited_count": 0,
        },
        {
            "slug": "ben-okafor",
            "name": "Ben Okafor",
            "bio": "",
            "translated_count": 1,
            "edited_count": 1,
        },
    ]
    assert get_json(client, "contributors/ben-okafor")["edited_count"] == 1


def test_contributor_with_only_unpublished_work_is_not_shown(client):
    newcomer = factories.contributor("New Volunteer")
    factories.translation(translators=[newcomer], state=State.IN_TRANSLATION)
    factories.contributor("Never Credited")
    assert get_json(client, "contributors")["count"] == 0
    get_json(client, "contributors/new-volunteer", status=404)
    body = get_json(client, "contributors/never-credited", status=404)
    assert body["error"]["parameter"] == "slug"


# Query counts


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("outlets", OUTLET_LIST_QUERIES),
        ("countries", SIMPLE_LIST_QUERIES),
        ("topics", SIMPLE_LIST_QUERIES),
        ("contributors", SIMPLE_LIST_QUERIES),
    ],
)
def test_list_query_counts_are_fixed(client, django_assert_num_queries, path, queries):
    rich_articles(3)
    with django_assert_num_queries(queries):
        small = get_json(client, path)["count"]
    rich_articles(15)
    with django_assert_num_queries(queries):
        large = get_json(client, path, page_size=100)["count"]
    assert large > small > 0


def test_detail_query_counts_are_fixed(client, django_assert_num_queries):
    rich_articles(15)
    article = rich_article()
    outlet = article.original.outlet
    translator = article.credits.filter(role="translator").first().contributor
    with django_assert_num_queries(OUTLET_QUERIES):
        assert len(get_json(client, f"outlets/{outlet.slug}")["domains"]) == 2
    with django_assert_num_queries(CONTRIBUTOR_QUERIES):
        assert get_json(client, f"contributors/{translator.slug}")["translated_count"] == 1
