"""Every listing carries the topics box, and the front page the countries box: a change retires
those boxes (and with them every page that carries one) only when what the box shows changed.
A publication otherwise retires the pages that list the new article and nothing else, in the
page cache and in the cache tier in front; a draft's changes retire nothing readers see."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.core import cache as core_cache
from foreigndesk.newsroom.actions import add_correction, publish_translation
from foreigndesk.newsroom.models import Credit, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.transitions import withdraw
from foreigndesk.reader import fragments
from foreigndesk.reader.models import DailyViews
from foreigndesk.testing import factories
from foreigndesk.testing.frontend import RecordingFrontendCache, every_cache_on

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "http://desk.localhost"
MAY = timezone.make_aware(datetime.datetime(2026, 5, 12, 9, 0))

#: Pages that never show the article published in the tests: the Japanese article's listings.
UNRELATED = ("/countries/japan/", "/outlets/hokkaido-evening/", "/topics/weather/", "/2026/05/")


@pytest.fixture(autouse=True)
def caches():
    with every_cache_on(SITE):
        yield


def article(title: str, outlet: str, country: str, topic: str | None, **kwargs) -> Translation:
    return factories.translation(
        original_obj=factories.original(
            title=f"Original of {title}",
            outlet_obj=factories.outlet(outlet, country_code=country),
            authors=[f"Writer of {title}"],
        ),
        title=title,
        translators=[factories.contributor(f"Translator of {title}")],
        topics=[factories.topic(topic)] if topic else [],
        **kwargs,
    )


@pytest.fixture
def desk() -> dict[str, Translation]:
    """Three topics with two articles each, all in May (the topics box shows these three), and
    an approved draft from Germany, on Bridges, which has no published article yet."""
    day = datetime.timedelta(days=1)
    return {
        "snow": article(
            "Snow closes the passes", "Hokkaido Evening", "JP", "Weather", published_at=MAY
        ),
        "rain": article(
            "Rain floods Lisbon", "Diario do Tejo", "PT", "Weather", published_at=MAY - day
        ),
        "ferry": article(
            "The ferry runs again",
            "Le Courrier du Port",
            "FR",
            "Shipping",
            published_at=MAY - 2 * day,
        ),
        "tanker": article(
            "A tanker runs aground", "Het Havenblad", "NL", "Shipping", published_at=MAY - 3 * day
        ),
        "harvest": article(
            "Harvest comes early", "La Gazzetta Rurale", "IT", "Farming", published_at=MAY - 4 * day
        ),
        "olives": article(
            "Olive prices fall", "El Campo", "ES", "Farming", published_at=MAY - 5 * day
        ),
        "draft": article(
            "Bridges reopen on the Rhine",
            "Rheinische Abendpost",
            "DE",
            "Bridges",
            state=State.APPROVED,
        ),
    }


def visit(client, path: str) -> tuple[str, str]:
    """Whether the page came from the page cache, and the text of its topics box."""
    response = client.get(path)
    assert response.status_code == 200, path
    tree = lxml_html.fromstring(response.content)
    box = tree.cssselect("section[aria-labelledby=topics-heading]")
    return response["X-Page-Cache"], " ".join(box[0].text_content().split()) if box else ""


def warm(client, *paths: str) -> None:
    """Visit each page twice (cached from then on), and forget the purges made so far."""
    for path in paths:
        visit(client, path)
        assert visit(client, path)[0] == "hit", path
    RecordingFrontendCache.purged.clear()


def test_a_publication_in_a_quiet_topic_leaves_unrelated_listings_cached(client, desk):
    draft = desk["draft"]
    warm(client, "/", "/countries/germany/", *UNRELATED)
    box_before = visit(client, "/countries/japan/")[1]
    assert "Snow closes the passes" in box_before
    assert "Bridges" not in box_before

    published = publish_translation(translation=draft)

    # The box still shows the three busiest topics, Bridges not among them: nothing that
    # carries it is retired for it.
    for path in UNRELATED:
        assert visit(client, path) == ("hit", box_before), path
    # What lists the new article shows it at once.
    for path in ("/", "/countries/germany/", "/topics/bridges/"):
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert draft.title in response.content.decode(), path
    # The cache tier is told to drop exactly the pages and feeds that list it.
    month = f"/{published.published_at:%Y/%m}/"
    translator = "/people/translator-of-bridges-reopen-on-the-rhine/"
    author = draft.original.bylines.get().author_id
    listings = [
        "/",
        month,
        "/outlets/rheinische-abendpost/",
        "/countries/germany/",
        f"/authors/{author}/",
        "/topics/bridges/",
        translator,
    ]
    expected = {f"{SITE}{path}{feed}" for path in listings for feed in ("", "rss/", "atom/")}
    expected |= {f"{SITE}/sitemap.xml", f"{SITE}{published.public_url}"}
    # And the index pages: their counts changed.
    expected |= {f"{SITE}/countries/", f"{SITE}/topics/", f"{SITE}/feeds/"}
    assert set(RecordingFrontendCache.purged) == expected


def test_a_publication_that_changes_the_box_retires_the_listings_that_carry_it(client, desk):
    draft = desk["draft"]
    draft.topics.set([factories.topic("Weather")])
    warm(client, *UNRELATED)
    assert draft.title not in visit(client, "/countries/japan/")[1]

    publish_translation(translation=draft)

    # The newest article on Weather now heads that topic in the box every listing carries.
    for path in UNRELATED:
        state, box = visit(client, path)
        assert state == "miss", path
        assert draft.title in box, path
    # The cache tier keeps those listings until they expire (s-maxage): it is told to drop
    # only what lists the article.
    purged = set(RecordingFrontendCache.purged)
    assert f"{SITE}/topics/weather/" in purged
    assert not {f"{SITE}{path}" for path in UNRELATED if path != "/topics/weather/"} & purged


def test_an_edit_that_the_box_does_not_show_leaves_the_listings_cached(client, desk):
    harvest = desk["harvest"]
    elsewhere = [path for path in UNRELATED if path != "/2026/05/"]  # May lists the harvest
    warm(client, *elsewhere)
    # Harvest is listed in the box of every listing; a correction shows on its page only.
    assert harvest.title in visit(client, "/countries/japan/")[1]
    add_correction(translation=harvest, text="The harvest began in August, not July.")
    for path in elsewhere:
        assert visit(client, path)[0] == "hit", path
    # A new title shows in the box: every listing that carries it is retired.
    harvest.refresh_from_db()
    harvest.title = "Harvest comes three weeks early"
    harvest.save()
    for path in elsewhere:
        state, box = visit(client, path)
        assert state == "miss", path
        assert "Harvest comes three weeks early" in box, path


def test_a_withdrawal_from_the_box_retires_the_listings_that_carry_it(client, desk):
    olives = desk["olives"]
    warm(client, *UNRELATED)
    assert olives.title in visit(client, "/countries/japan/")[1]
    withdraw(actor=factories.editor(), translation=olives, reason="The figures were wrong.")
    state, box = visit(client, "/countries/japan/")
    assert state == "miss"
    assert olives.title not in box


def test_a_drafts_changes_retire_and_purge_nothing_readers_see(client, desk):
    draft = desk["draft"]
    pages = ("/", "/countries/germany/", "/outlets/rheinische-abendpost/", *UNRELATED)
    warm(client, *pages)
    draft.title = "Bridges reopen on the Rhine and the Main"
    draft.save()
    draft.topics.add(factories.topic("Weather"))
    draft.topics.remove(factories.topic("Bridges"))
    draft.credits.create(
        contributor=factories.contributor("Second translator"),
        role=Credit.Role.TRANSLATOR,
        position=1,
    )
    for path in pages:
        assert visit(client, path)[0] == "hit", path
    assert RecordingFrontendCache.purged == []


def boxes_retired() -> list[str]:
    """The boxes among the watched fragments a check retires."""
    boxes = set(fragments.WATCHED_BOXES.values())
    return [tag for tag in fragments.retire_changed_boxes() if tag in boxes]


def test_the_box_is_retired_when_what_it_showed_is_not_known(client, desk):
    warm(client, "/", "/countries/japan/")
    version = core_cache.tag_versions([fragments.TOPICS_BOX])[fragments.TOPICS_BOX]
    assert boxes_retired() == []
    assert visit(client, "/countries/japan/")[0] == "hit"
    # A change made behind the receivers' back (no signal) is found by comparison.
    Translation.objects.filter(pk=desk["snow"].pk).update(title="Snow closes every pass")
    assert boxes_retired() == [fragments.TOPICS_BOX]
    state, box = visit(client, "/countries/japan/")
    assert state == "miss"
    assert "Snow closes every pass" in box
    # What the box showed under this version lost from the cache: it may show anything.
    assert boxes_retired() == []
    new_version = core_cache.tag_versions([fragments.TOPICS_BOX])[fragments.TOPICS_BOX]
    assert new_version != version
    cache.delete(f"foreigndesk:box-shown:{fragments.TOPICS_BOX}:{new_version}")
    assert boxes_retired() == [fragments.TOPICS_BOX]
    assert visit(client, "/countries/japan/")[0] == "miss"


def test_renders_under_one_version_that_disagree_retire_the_box(client, desk):
    warm(client, "/", "/countries/japan/")
    version = core_cache.tag_versions([fragments.TOPICS_BOX])[fragments.TOPICS_BOX]
    # A render that read the data on the other side of a change, under the same version.
    fragments._remember_shown(fragments.TOPICS_BOX, version, "<section>older</section>")
    assert boxes_retired() == [fragments.TOPICS_BOX]
    assert visit(client, "/countries/japan/")[0] == "miss"


def hot_box(client, path: str) -> tuple[str, str]:
    """Whether the page came from the page cache, and the text of its "Hot this week" box."""
    response = client.get(path)
    assert response.status_code == 200, path
    box = lxml_html.fromstring(response.content).cssselect("section[aria-labelledby=hot-heading]")
    return response["X-Page-Cache"], " ".join(box[0].text_content().split())


def test_a_hot_article_retires_every_page_only_when_its_line_changes(client, desk):
    olives = desk["olives"]
    DailyViews.objects.create(translation=olives, day=timezone.localdate(), views=40)
    elsewhere = ["/countries/japan/", "/outlets/hokkaido-evening/", "/topics/weather/"]
    warm(client, *elsewhere)
    assert "ES: Olive prices fall" in hot_box(client, "/countries/japan/")[1]

    # Every page carries the box, which names the article: a correction does not show in it.
    add_correction(translation=olives, text="Prices fell by 12%, not 21%.")
    for path in elsewhere:
        assert hot_box(client, path)[0] == "hit", path

    # A note adds the asterisk to its line: every page that carries the box is retired.
    olives.refresh_from_db()
    olives.editor_note = "Spain grows nearly half of the world's olive oil."
    olives.save()
    for path in elsewhere:
        state, box = hot_box(client, path)
        assert state == "miss", path
        assert "ES: Olive prices fall*" in box, path

    # Withdrawn, it leaves the box at once.
    withdraw(actor=factories.editor(), translation=olives, reason="The figures were wrong.")
    state, box = hot_box(client, "/countries/japan/")
    assert state == "miss"
    assert "Olive prices fall" not in box
