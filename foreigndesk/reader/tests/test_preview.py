"""The desk's preview of unpublished translations: as readers will see them, for the desk only,
never cached, never indexed, never listed."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.admin import TranslationAdmin
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Translation:
    """A translation in review, with every part of the article page filled in."""
    return factories.full_article(
        title="Ferries return to the Elbe", state=State.IN_REVIEW, editor_note="Context."
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tree_of(response):
    return lxml_html.fromstring(response.content)


def text_of(tree, selector):
    found = tree.cssselect(selector)
    return " ".join(found[0].text_content().split()) if found else None


@pytest.mark.parametrize("role", ["translator", "editor", "admin"])
def test_the_desk_sees_the_page_as_readers_will_under_a_banner(draft, role):
    client = logged_in(factories.user(role=role))
    response = client.get(draft.preview_url)
    assert response.status_code == 200
    tree = tree_of(response)
    banner = text_of(tree, "#preview-banner")
    assert banner.startswith("Preview: not published · In review.")
    assert tree.cssselect("#preview-banner a")[0].get("href") == reverse(
        "desk:translation", args=[draft.pk]
    )
    # The article page's own parts, from the same templates.
    assert text_of(tree, ".article__title") == "Ferries return to the Elbe*"
    assert text_of(tree, ".dateline") == (
        "Published in Rheinische Abendpost (Germany) on 2 November 2026 by Anna Keller"
    )
    assert (
        text_of(tree, ".credits") == "Translated from German by Jonas Berg. Edited by Ruth Calder."
    )
    assert text_of(tree, ".article__published") == "Translation not yet published"
    assert len(tree.cssselect(".parallel__translation .block")) == 3
    assert len(tree.cssselect(".parallel__original .block")) == 3
    assert tree.cssselect("#article")[0].get("data-mode") == "stacked"
    side = tree_of(client.get(draft.preview_url, {"mode": "side"}))
    assert side.cssselect("#article")[0].get("class") == "article article--side"


def test_a_preview_is_private_never_stored_and_never_indexed(draft):
    response = logged_in(factories.editor()).get(draft.preview_url)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert response["X-Robots-Tag"] == "noindex"
    tree = tree_of(response)
    assert tree.cssselect('meta[name="robots"]')[0].get("content") == "noindex"
    assert not tree.cssselect('link[rel="canonical"]')
    assert b"count-read.js" not in response.content  # a preview is not a read
    assert "X-Page-Cache" not in response


def test_a_preview_never_fills_nor_reads_the_page_or_fragment_cache(draft, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    client = logged_in(factories.editor())
    client.get(draft.preview_url)
    assert not [key for key in cache._cache if ":page:" in key or ":article:" in key]  # type: ignore[attr-defined]
    # A change that retires no cache generation shows at once: nothing was kept.
    Translation.objects.filter(pk=draft.pk).update(title="Ferries return to the Elbe at last")
    assert b"Ferries return to the Elbe at last" in client.get(draft.preview_url).content
    cache.clear()


def test_a_scheduled_translation_says_when_it_will_appear(draft):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Translation.objects.filter(pk=draft.pk).update(state=State.APPROVED, scheduled_at=tomorrow)
    tree = tree_of(logged_in(factories.editor()).get(draft.preview_url))
    assert "Approved, to be published" in text_of(tree, "#preview-banner")
    assert text_of(tree, ".article__published").startswith("Translation to be published")


def test_anonymous_visitors_are_sent_to_log_in(client, draft):
    response = client.get(draft.preview_url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={draft.preview_url}"


def test_someone_without_a_desk_role_gets_the_same_404_as_for_no_article(draft):
    """A 404, not a 403: whether an id is work in progress, and its title, do not leak."""
    client = logged_in(factories.user("visitor"))  # staff, but in no role's group
    response = client.get(draft.preview_url)
    assert response.status_code == 404
    assert b"Ferries return" not in response.content
    missing = logged_in(factories.editor()).get(reverse("reader:preview", args=[draft.pk + 999]))
    assert missing.status_code == 404


def test_a_published_translation_is_previewed_at_its_article_page(draft):
    published = factories.full_article(title="Already out")
    response = logged_in(factories.editor()).get(published.preview_url)
    assert (response.status_code, response["Location"]) == (302, published.public_url)


def test_drafts_stay_out_of_feeds_sitemap_and_search(client, draft):
    factories.full_article(title="A published neighbour")
    for url in ["/rss/", "/atom/", "/sitemap.xml", "/search/?q=Elbe", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Ferries return" not in response.content, url
        assert draft.preview_url.encode() not in response.content, url
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()


def test_view_on_site_leads_to_the_preview_until_readers_can_see_it(admin_client, draft):
    assert draft.get_absolute_url() == draft.preview_url
    admin = TranslationAdmin(Translation, None)
    assert admin.view_on_site(draft) == draft.preview_url
    content_type = ContentType.objects.get_for_model(Translation)
    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))
    assert response["Location"].endswith(draft.preview_url)
    page = admin_client.get(reverse("admin:newsroom_translation_change", args=[draft.pk]))
    assert draft.preview_url.encode() in page.content
    published = factories.full_article(title="Out now")
    assert published.get_absolute_url() == published.public_url
    future = factories.translation(published_at=timezone.now() + datetime.timedelta(days=1))
    assert future.get_absolute_url() == future.preview_url


def test_the_preview_takes_a_fixed_number_of_queries(draft, django_assert_num_queries):
    client = logged_in(factories.editor())
    client.get(draft.preview_url)
    # Session and user (2), permissions (2), the translation with its parts (5), related
    # articles (1), and the boxes "Hot this week" and topics (3; their cache is off in tests, and
    # with no week rolled up "Hot this week" sums the daily counts after finding no leaders).
    with django_assert_num_queries(13):
        assert client.get(draft.preview_url).status_code == 200
    for number in range(5):
        factories.full_article(title=f"More {number}", state=State.IN_TRANSLATION)
    with django_assert_num_queries(13):
        assert client.get(draft.preview_url, {"mode": "side"}).status_code == 200


def test_a_withdrawn_translation_is_previewed_with_its_withdrawal(draft):
    published = factories.full_article(title="Taken down")
    editor = factories.editor()
    transitions.withdraw(actor=editor, translation=published, reason="Retracted by the outlet.")
    published.refresh_from_db()
    assert published.get_absolute_url() == published.public_url
    tree = tree_of(logged_in(editor).get(published.preview_url))
    assert "Withdrawn, withdrawn on" in text_of(tree, "#preview-banner")
