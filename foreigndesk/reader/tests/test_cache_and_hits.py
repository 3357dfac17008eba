import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from foreigndesk.core import cache as core_cache
from foreigndesk.newsroom.actions import add_correction, publish_translation
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.selectors import suggested_topics
from foreigndesk.newsroom.states import State
from foreigndesk.reader import hits
from foreigndesk.reader.models import DailyViews
from foreigndesk.testing import factories

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Safari/537.36"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    cache.clear()
    # The generation each process remembers for a second would outlive the cleared cache.
    monkeypatch.setattr(core_cache, "_memo", (0, 0, 0.0))
    hits.tally.flush()
    yield
    cache.clear()


@pytest.fixture
def page_cache():
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    translation = factories.full_article()
    first = client.get(translation.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(translation.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert not second.cookies


@pytest.mark.django_db
def test_query_strings_the_page_does_not_read_never_fill_the_cache(client, page_cache):
    translation = factories.full_article()
    address = translation.get_absolute_url()
    assert client.get(address, {"mode": "side"})["X-Page-Cache"] == "miss"
    assert client.get(f"{address}?mode=side")["X-Page-Cache"] == "hit"
    entries_before = len(getattr(cache, "_cache", {}))
    for number in range(50):
        response = client.get(address, {"utm_source": f"mail-{number}"})
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "bypass"
    assert len(getattr(cache, "_cache", {})) == entries_before


@pytest.mark.django_db
@override_settings(SITE_URL="", ALLOWED_HOSTS=["desk.example", "other.example"])
def test_without_a_site_address_each_host_and_scheme_has_its_own_copy(client, page_cache):
    translation = factories.full_article()
    address = translation.get_absolute_url()
    first = client.get(address, HTTP_HOST="desk.example")
    assert first["X-Page-Cache"] == "miss"
    assert b"http://desk.example/" in first.content
    other = client.get(address, HTTP_HOST="other.example", secure=True)
    assert other["X-Page-Cache"] == "miss"
    assert b"https://other.example/" in other.content
    assert b"desk.example" not in other.content
    assert client.get(address, HTTP_HOST="desk.example")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_logged_in_editors_bypass_the_cache(client, page_cache, admin_user):
    translation = factories.full_article()
    client.get(translation.get_absolute_url())
    client.force_login(admin_user)
    response = client.get(translation.get_absolute_url())
    assert "X-Page-Cache" not in response


@pytest.mark.django_db(transaction=True)
def test_changes_retire_cached_pages_including_boxes_elsewhere(client, page_cache):
    listed = factories.full_article(title="First title")
    other = factories.full_article(title="Another article")
    client.get(other.get_absolute_url())
    client.get("/")
    # Publishing a new article shows up on the front page at once.
    draft = factories.translation(title="Fresh from the desk", state=State.APPROVED)
    publish_translation(translation=draft)
    assert "Fresh from the desk" in client.get("/").content.decode()
    # An edit of one article's title reaches the boxes of another article's page.
    Translation.objects.filter(pk=listed.pk).update(title="Quietly renamed")
    listed.refresh_from_db()
    listed.title = "Renamed title"
    listed.save()
    response = client.get(other.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed title" in response.content.decode()
    # A correction and a withdrawal too.
    add_correction(translation=other, text="A date was wrong.")
    assert "A date was wrong." in client.get(other.get_absolute_url()).content.decode()
    other.state = State.WITHDRAWN
    other.save()
    assert client.get(other.get_absolute_url()).status_code == 410
    # Renaming an outlet changes every page that names it.
    outlet = listed.original.outlet
    outlet.name = "Abendpost am Rhein"
    outlet.save()
    assert "Abendpost am Rhein" in client.get(listed.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_reads_are_tallied_then_written_in_one_go(client):
    translation = factories.translation()
    for _ in range(3):
        response = client.post(f"/hit/{translation.pk}/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 204
        assert not response.cookies
    client.get(f"/hit/{translation.pk}/", HTTP_USER_AGENT=BROWSER)  # the no-script pixel
    assert DailyViews.objects.count() == 0
    assert hits.tally.pending() == 4
    assert hits.tally.flush() == 4
    assert DailyViews.objects.get(translation=translation, day=timezone.localdate()).views == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.5.0",
        "Mozilla/5.0 HeadlessChrome/130",
        "python-requests/2.32",
    ],
)
def test_bots_are_not_counted(client, agent):
    translation = factories.translation()
    client.post(f"/hit/{translation.pk}/", HTTP_USER_AGENT=agent)
    assert hits.tally.pending() == 0


@pytest.mark.django_db
def test_staff_and_prefetches_are_not_counted(client, admin_user):
    translation = factories.translation()
    client.post(f"/hit/{translation.pk}/", HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    client.force_login(admin_user)
    client.post(f"/hit/{translation.pk}/", HTTP_USER_AGENT=BROWSER)
    assert hits.tally.pending() == 0


@pytest.mark.django_db
def test_unknown_or_unpublished_ids_are_dropped_at_write(client):
    draft = factories.translation(state=State.IN_REVIEW)
    client.post("/hit/987654/", HTTP_USER_AGENT=BROWSER)
    client.post(f"/hit/{draft.pk}/", HTTP_USER_AGENT=BROWSER)
    assert hits.tally.flush() == 0
    assert DailyViews.objects.count() == 0
    assert client.put("/hit/1/", HTTP_USER_AGENT=BROWSER).status_code == 405


@pytest.mark.django_db
def test_tally_writes_itself_when_due(client):
    translation = factories.translation()
    with override_settings(VIEWS_FLUSH_SECONDS=0):
        client.post(f"/hit/{translation.pk}/", HTTP_USER_AGENT=BROWSER)
    assert DailyViews.objects.get(translation=translation).views == 1


@pytest.mark.django_db
def test_article_page_asks_for_a_read_beacon(client):
    translation = factories.translation()
    body = client.get(translation.get_absolute_url()).content.decode()
    assert f'data-hit-url="/hit/{translation.pk}/"' in body
    assert f'<img src="/hit/{translation.pk}/"' in body


@pytest.mark.django_db
def test_topic_suggestions_come_from_similar_labelled_articles():
    grain = factories.topic("Agriculture")
    energy = factories.topic("Energy")
    for number in range(3):
        factories.translation(
            title=f"Grain convoys and wheat prices {number}",
            blocks=[
                {"kind": "paragraph", "text": "Wheat grain harvest convoys bread prices farmers."}
            ],
            topics=[grain],
        )
        factories.translation(
            title=f"Transformers delay wind farms {number}",
            blocks=[
                {"kind": "paragraph", "text": "Grid transformers turbines solar power cables."}
            ],
            topics=[energy],
        )
    draft = factories.translation(
        title="Farmers fear wheat prices",
        blocks=[
            {
                "kind": "paragraph",
                "text": "Farmers say bread and wheat prices depend on the harvest.",
            }
        ],
        state=State.IN_TRANSLATION,
    )
    assert suggested_topics(draft)[0] == grain
    draft.topics.add(grain)
    assert grain not in suggested_topics(draft)


def test_topic_suggestions_vectorise_the_archive_once_until_it_changes(db, monkeypatch):
    from foreigndesk.newsroom import selectors

    loads = []
    real = selectors.load_archive
    monkeypatch.setattr(selectors, "load_archive", lambda: loads.append(1) or real())
    energy = factories.topic("Energy")
    factories.translation(
        title="Turbines wait for transformers",
        blocks=[{"kind": "paragraph", "text": "Transformers for the wind turbines are late."}],
        topics=[energy],
    )
    draft = factories.translation(
        title="Transformers again",
        blocks=[{"kind": "paragraph", "text": "The wind turbines still lack transformers."}],
        state=State.IN_TRANSLATION,
    )
    assert suggested_topics(draft) == [energy]
    assert suggested_topics(draft) == [energy]
    assert len(loads) == 1
    factories.translation(title="Another published article", topics=[energy])
    suggested_topics(draft)
    assert len(loads) == 2


@pytest.mark.django_db
def test_a_listing_counts_its_articles_once_per_change(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        factories.full_article()

    def counts(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return sum("COUNT(" in query["sql"].upper() for query in queries.captured_queries)

    settings = {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 600, "BOX_CACHE_SECONDS": 600}
    with override_settings(**settings):
        assert counts("/") >= 1
        assert counts("/") == 0
        assert counts("/?page=1") == 0
        factories.full_article()
        core_cache.invalidate_pages()
        assert counts("/") >= 1


def test_a_generation_memo_lasts_until_every_page_is_retired_or_the_process_forgets():
    cache.clear()
    core_cache.forget_remembered()
    core_cache.generation_memo("kept")["name"] = "Outlet"
    assert core_cache.generation_memo("kept") == {"name": "Outlet"}
    assert core_cache.generation_memo("other") == {}

    core_cache.invalidate_pages()
    assert core_cache.generation_memo("kept") == {}

    core_cache.generation_memo("kept")["name"] = "Renamed"
    core_cache.forget_remembered()  # the cache was swapped: the generation read again is the same
    assert core_cache.generation_memo("kept") == {}
