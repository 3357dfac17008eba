"""A change retires the cached pages and fragments that show the changed article, and only
those: pages of unrelated articles and listings that do not show it stay cached."""

from __future__ import annotations

import warnings

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.test import override_settings

from foreigndesk.core import cache as core_cache
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.actions import add_correction, publish_translation
from foreigndesk.newsroom.states import State
from foreigndesk.reader import fragments
from foreigndesk.reader.actions import refresh_related
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    core_cache.forget_remembered()
    with override_settings(
        PAGE_CACHE_SECONDS=600, FRAGMENT_CACHE_SECONDS=600, BOX_CACHE_SECONDS=600
    ):
        yield
    cache.clear()


def article_in(country: str, outlet: str, title: str, topic: str | None, text: str, **kwargs):
    source = factories.outlet(outlet, country_code=country)
    return factories.translation(
        original_obj=factories.original(
            title=f"Original of {title}", outlet_obj=source, authors=[f"Writer of {title}"]
        ),
        title=title,
        blocks=[{"kind": "paragraph", "text": text}],
        translators=[factories.contributor(f"Translator of {title}")],
        topics=[factories.topic(topic)] if topic else [],
        **kwargs,
    )


def fetch(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Page-Cache"], response.content.decode()


@pytest.fixture
def desk():
    """B, published in France on farming; A, a draft from Germany without topics, about to be
    published; the pages readers would look at, each visited once so that it is cached."""
    # Texts with no word in common: neither is among the other's related articles.
    other = article_in(
        "FR",
        "Le Courrier du Matin",
        "Harvest comes early",
        "Farming",
        "Vineyards picked grapes three weeks sooner after a dry, hot summer.",
    )
    draft = article_in(
        "DE",
        "Rheinische Abendpost",
        "Bridges reopen on the Rhine",
        None,
        "Engineers finished repairing steel girders; traffic crosses again tomorrow.",
        state=State.APPROVED,
    )
    pages = {
        "other": other.get_absolute_url(),
        "other country": f"/countries/{other.original.outlet.country.slug}/",
        "front": "/",
        "draft country": f"/countries/{draft.original.outlet.country.slug}/",
    }
    return other, draft, pages


def warm(client, pages: dict[str, str]) -> None:
    for path in pages.values():
        fetch(client, path)
        assert fetch(client, path)[0] == "hit"


def test_publishing_an_article_retires_only_the_pages_that_show_it(client, desk):
    _other, draft, pages = desk
    warm(client, pages)
    publish_translation(translation=draft)
    title = "Bridges reopen on the Rhine"
    # The unrelated article and a listing that does not show the new one stay cached.
    assert fetch(client, pages["other"])[0] == "hit"
    assert fetch(client, pages["other country"]) == (
        "hit",
        fetch(client, pages["other country"])[1],
    )
    assert title not in fetch(client, pages["other country"])[1]
    # The front page, the new article's country listing and the feed show it at once.
    for name in ("front", "draft country"):
        state, content = fetch(client, pages[name])
        assert state == "miss", name
        assert title in content, name
    assert title in client.get("/rss/").content.decode()
    assert title in client.get(pages["draft country"] + "rss/").content.decode()
    draft.refresh_from_db()
    assert title in fetch(client, draft.get_absolute_url())[1]


def test_an_edit_reaches_every_page_that_shows_the_article_and_no_other(client, desk):
    _other, draft, pages = desk
    publish_translation(translation=draft)
    draft.refresh_from_db()
    pages["draft"] = draft.get_absolute_url()
    warm(client, pages)
    add_correction(translation=draft, text="The bridge is on the Main, not the Rhine.")
    assert "not the Rhine" in fetch(client, pages["draft"])[1]
    assert fetch(client, pages["other"])[0] == "hit"
    assert fetch(client, pages["other country"])[0] == "hit"
    # A new title shows in the listings that show the article.
    draft.title = "Bridges reopen on the Main"
    draft.save()
    for name in ("front", "draft country"):
        state, content = fetch(client, pages[name])
        assert state == "miss"
        assert "Bridges reopen on the Main" in content
    assert fetch(client, pages["other"])[0] == "hit"


def test_a_renamed_outlet_still_retires_every_page(client, desk):
    other, _draft, pages = desk
    warm(client, pages)
    outlet = other.original.outlet
    outlet.name = "Le Courrier du Soir"
    outlet.save()
    state, content = fetch(client, pages["other"])
    assert state == "miss"
    assert "Le Courrier du Soir" in content
    assert fetch(client, pages["draft country"])[0] == "miss"


def test_a_topic_given_to_an_article_reaches_that_topics_listing(client, desk):
    other, draft, _pages = desk
    publish_translation(translation=draft)
    farming = "/topics/farming/"
    fetch(client, farming)
    assert fetch(client, farming)[0] == "hit"
    draft.topics.add(other.topics.get())
    state, content = fetch(client, farming)
    assert state == "miss"
    assert "Bridges reopen on the Rhine" in content
    draft.topics.clear()
    assert "Bridges reopen on the Rhine" not in fetch(client, farming)[1]


def test_a_tag_version_lost_from_the_cache_retires_what_depended_on_it(client, desk):
    _other, _draft, pages = desk
    warm(client, pages)
    # An evicted version comes back as a new one: entries stored under the old one are stale.
    cache.delete("foreigndesk:tag:" + core_cache.path_tag(pages["other"]))
    core_cache.forget_remembered()  # as when this process's memory of versions expires
    assert fetch(client, pages["other"])[0] == "miss"
    assert fetch(client, pages["other country"])[0] == "hit"


def published_in_listings(client, desk):
    """The draft published with a second paragraph, and every page warmed: its own, the
    listings that show it, and the rest."""
    _other, draft, pages = desk
    draft.blocks = [
        *draft.blocks,
        {"kind": "paragraph", "text": "Barges wait downstream until the inspection ends."},
    ]
    draft.save()
    publish_translation(translation=draft)
    draft.refresh_from_db()
    pages["draft"] = draft.get_absolute_url()
    warm(client, pages)
    return draft, pages


def test_a_correction_leaves_the_listings_that_show_the_article_cached(client, desk):
    draft, pages = published_in_listings(client, desk)
    add_correction(translation=draft, text="The girders are iron, not steel.")
    state, content = fetch(client, pages["draft"])
    assert (state, "iron, not steel" in content) == ("miss", True)
    # The listings show its line, outlet, date and standfirst, none of which changed.
    for name in ("front", "draft country", "other", "other country"):
        assert fetch(client, pages[name])[0] == "hit", name


def test_an_edit_retires_the_listings_only_when_their_item_changes(client, desk):
    draft, pages = published_in_listings(client, desk)
    # The second paragraph shows on the article's page only.
    draft.blocks = [draft.blocks[0], {"kind": "paragraph", "text": "Barges sail again."}]
    draft.save()
    assert "Barges sail again." in fetch(client, pages["draft"])[1]
    for name in ("front", "draft country"):
        assert fetch(client, pages[name])[0] == "hit", name
    # The first paragraph stands in the listings for a standfirst the article lacks.
    draft.blocks = [{"kind": "paragraph", "text": "Welders finished the last girder."}]
    draft.save()
    for name in ("front", "draft country"):
        state, content = fetch(client, pages[name])
        assert (state, "Welders finished the last girder." in content) == ("miss", True), name
    assert fetch(client, pages["other country"])[0] == "hit"


def test_a_withdrawal_takes_the_article_out_of_every_listing(
    client, desk, django_capture_on_commit_callbacks
):
    draft, pages = published_in_listings(client, desk)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.withdraw(actor=factories.editor(), translation=draft, reason="Retracted.")
    for name in ("front", "draft country"):
        state, content = fetch(client, pages[name])
        assert (state, "Bridges reopen on the Rhine" in content) == ("miss", False), name
    assert fetch(client, pages["other country"])[0] == "hit"


def test_an_original_given_its_first_outlet_brings_its_article_to_that_listing(client, desk):
    other, _draft, _pages = desk
    original = factories.original(title="Ohne Quelle", outlet_obj=None)
    factories.translation(original_obj=original, title="A source found at last")
    outlet = other.original.outlet
    listing = f"/outlets/{outlet.slug}/"
    fetch(client, listing)
    assert fetch(client, listing)[0] == "hit"
    original.outlet = outlet
    original.save()
    state, content = fetch(client, listing)
    assert (state, "A source found at last" in content) == ("miss", True)


def test_an_article_page_naming_another_is_retired_only_when_that_ones_line_changes(client):
    shown = article_in(
        "FR", "Le Courrier du Matin", "Harvest comes early", "Farming", "Grapes picked early."
    )
    shown.blocks = [*shown.blocks, {"kind": "paragraph", "text": "Cellars fill slowly."}]
    shown.save()
    reading = article_in(
        "FR", "Le Courrier du Matin", "Orchards flower in March", "Farming", "Early blossom."
    )
    page = reading.get_absolute_url()
    refresh_related()  # as the desk's publications left them: each lists the other as related
    # The page's related and topics boxes list the other article, by its line.
    assert fetch(client, page)[1].count("Harvest comes early") == 2
    assert fetch(client, page)[0] == "hit"
    shown.blocks = [shown.blocks[0], {"kind": "paragraph", "text": "Cellars fill at last."}]
    shown.save()
    add_correction(translation=shown, text="The grapes were white, not red.")
    assert fetch(client, page)[0] == "hit"
    shown.title = "Harvest comes three weeks early"
    shown.save()
    state, content = fetch(client, page)
    assert (state, "Harvest comes three weeks early" in content) == ("miss", True)
    # A note from the editor adds its asterisk to the line.
    fetch(client, page)
    shown.editor_note = "Figures from the growers' union."
    shown.save()
    state, content = fetch(client, page)
    assert state == "miss"
    assert 'title="With an editor\'s note"' in content


INDEXES = ("/countries/", "/topics/", "/feeds/")


def test_a_correction_or_an_edit_leaves_the_index_pages_cached(client, desk):
    draft, _pages = published_in_listings(client, desk)
    warm(client, {path: path for path in INDEXES})
    add_correction(translation=draft, text="The girders are iron, not steel.")
    draft.blocks = [{"kind": "paragraph", "text": "Welders finished the last girder."}]
    draft.save()
    # They list countries, topics and outlets with counts, none of which changed.
    for path in INDEXES:
        assert fetch(client, path)[0] == "hit", path


def test_a_publication_retires_the_index_pages_whose_lists_change(client, desk):
    _other, draft, _pages = desk
    warm(client, {path: path for path in INDEXES})
    assert "Germany" not in fetch(client, "/countries/")[1]
    publish_translation(translation=draft)
    # A new country with its count, and its feeds; the topics page lists no new topic.
    state, content = fetch(client, "/countries/")
    assert (state, 'Germany</a> <span class="count">(1)</span>' in content) == ("miss", True)
    state, content = fetch(client, "/feeds/")
    assert (state, "/countries/germany/rss/" in content) == ("miss", True)
    assert fetch(client, "/topics/")[0] == "hit"
    # A topic given to it changes the topics page's list alone (the topics box, on every
    # page, changes too: the tags tell the lists apart).
    warm(client, {path: path for path in INDEXES})
    before = index_versions()
    draft.topics.add(factories.topic("Farming"))
    state, content = fetch(client, "/topics/")
    assert (state, 'Farming</a> <span class="count">(2)</span>' in content) == ("miss", True)
    after = index_versions()
    assert [after[tag] == before[tag] for tag in sorted(after)] == [True, True, False]


def index_versions() -> dict[str, str]:
    """The current versions of the index pages' tags (feeds, countries, topics by name)."""
    tags = [fragments.COUNTRIES_INDEX, fragments.FEEDS_INDEX, fragments.TOPICS_INDEX]
    return core_cache.tag_versions(tags, fresh=True)


def test_an_index_page_changed_behind_the_receivers_back_is_found_by_comparison(client, desk):
    other, _draft, _pages = desk
    warm(client, {path: path for path in INDEXES})
    other.topics.through.objects.filter(translation_id=other.pk).delete()  # no signal
    retired = fragments.retire_changed_boxes()
    assert fragments.TOPICS_INDEX in retired
    assert fragments.COUNTRIES_INDEX not in retired
    state, content = fetch(client, "/topics/")
    assert (state, "Farming" in content) == ("miss", False)


def test_an_outlets_domains_and_languages_retire_its_page_alone(client, desk):
    other, _draft, pages = desk
    source = other.original.outlet
    listing = f"/outlets/{source.slug}/"
    pages["outlet"] = listing
    warm(client, pages)
    domain = source.domains.create(domain="courrier-matin.localhost")
    state, content = fetch(client, listing)
    assert (state, "courrier-matin.localhost" in content) == ("miss", True)
    for name in ("other", "front", "other country"):
        assert fetch(client, pages[name])[0] == "hit", name
    # A language given from the outlet's side, then taken from the language's side.
    french = factories.language("fr")
    source.languages.add(french)
    state, content = fetch(client, listing)
    assert (state, f"in {french.name}" in content) == ("miss", True)
    french.outlets.remove(source)
    state, content = fetch(client, listing)
    assert (state, f"in {french.name}" in content) == ("miss", False)
    domain.delete()
    state, content = fetch(client, listing)
    assert (state, "courrier-matin.localhost" in content) == ("miss", False)
    assert fetch(client, pages["front"])[0] == "hit"


def test_an_outlet_created_at_an_address_that_was_not_found_is_shown(client, desk):
    other, _draft, _pages = desk
    assert client.get("/outlets/la-gazette-du-quai/").status_code == 404
    source = factories.outlet("La Gazette du Quai", country_code="FR")
    original = other.original
    original.outlet = source
    original.save()
    state, content = fetch(client, "/outlets/la-gazette-du-quai/")
    assert (state, "Harvest comes early" in content) == ("miss", True)


def test_a_line_read_before_a_change_and_versioned_after_it_is_never_kept():
    """A box of related articles reads its lines before their versions (which lines it shows is
    known only then): a change committed in between must not leave the old line resting on the
    version the change made current."""
    shown = factories.full_article(title="Ferries stop for the winter")
    # Seen by an earlier page, so that its line is known under its version.
    with core_cache.collecting():
        fragments.shows_lines([fragments.title_line(shown)])

    with core_cache.collecting() as racing:
        old_line = fragments.title_line(shown)  # read ...
        before = core_cache.tag_versions([fragments.line_tag(shown.pk)], fresh=True)
        shown.title = "Ferries run all winter"  # ... then the change commits, and retires it
        shown.save()
        fragments.retire_changed_lines([shown.pk])
        assert core_cache.tag_versions([fragments.line_tag(shown.pk)], fresh=True) != before
        fragments.shows_lines([old_line])  # ... then the versions are read
    assert not core_cache.still_current(racing)

    # A render that read the line after the change rests on the new version, and is kept.
    with core_cache.collecting() as later:
        fragments.shows_lines([fragments.title_line(shown)])
    assert core_cache.still_current(later)
    # The racing render did not spoil what is known of the line: an edit elsewhere in the
    # article, which leaves its line as it is, retires nothing.
    shown.blocks = [{"kind": "paragraph", "text": "A paragraph nobody lists."}]
    shown.save()
    assert fragments.retire_changed_lines([shown.pk]) == []


def test_a_line_unknown_before_a_change_is_recorded_by_the_change():
    shown = factories.full_article(title="Bridge closed for repairs")
    with core_cache.collecting() as racing:
        old_line = fragments.title_line(shown)
        shown.title = "Bridge open again"
        shown.save()
        fragments.retire_changed_lines([shown.pk])
        fragments.shows_lines([old_line])
    assert not core_cache.still_current(racing)


@pytest.mark.parametrize(
    "path",
    ["/topics/" + "x" * 300 + "/", "/topics/a b/", "/wp/\n/"],
    ids=["long", "space", "newline"],
)
def test_any_addresss_tag_is_kept_and_retired_under_a_key_every_cache_backend_takes(path):
    neighbour = path[:-2] + "y/"
    with warnings.catch_warnings():
        # Django warns of a key memcached would refuse: longer than 250 bytes, or with a space
        # or a control character in it.
        warnings.simplefilter("error", CacheKeyWarning)
        tag, other = core_cache.path_tag(path), core_cache.path_tag(neighbour)
        first = core_cache.tag_versions([tag, other])
        core_cache.forget_remembered()
        assert core_cache.tag_versions([tag, other]) == first
        core_cache.invalidate_tags([tag])
        core_cache.forget_remembered()
        after = core_cache.tag_versions([tag, other])
    assert after[tag] != first[tag]
    assert after[other] == first[other]
