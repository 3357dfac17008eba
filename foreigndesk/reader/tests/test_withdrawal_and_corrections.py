"""What readers see of the desk's second thoughts: a withdrawn article's notice (410), and
corrections announced at the top of the page and marked on the paragraph they correct."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.actions import add_correction, publish_translation
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def text_of(tree, selector):
    found = tree.cssselect(selector)
    return " ".join(found[0].text_content().split()) if found else None


@pytest.fixture
def published(django_capture_on_commit_callbacks) -> Translation:
    """An article published through the desk's publishing step, so the index has it."""
    draft = factories.full_article(
        title="Ferries return to the Elbe",
        state=State.APPROVED,
        blocks=[
            {"kind": "paragraph", "text": "The Elbe ferries run again from Tuesday."},
            {"kind": "heading", "text": "Timetables"},
            {"kind": "paragraph", "text": "Boats leave every twenty minutes."},
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        return publish_translation(translation=draft)


def withdraw(translation, django_capture_on_commit_callbacks, reason="The outlet retracted it."):
    with django_capture_on_commit_callbacks(execute=True):
        return transitions.withdraw(
            actor=factories.editor(), translation=translation, reason=reason
        )


# --- Withdrawal -------------------------------------------------------------------------------


def test_a_withdrawn_article_answers_410_with_the_desks_notice(
    client, published, django_capture_on_commit_callbacks
):
    url = published.public_url
    withdrawn = withdraw(published, django_capture_on_commit_callbacks)
    response = client.get(url)
    assert response.status_code == 410
    tree = lxml_html.fromstring(response.content)
    assert tree.cssselect(".site-header")  # the site's design
    assert text_of(tree, ".withdrawn__title") == "Ferries return to the Elbe"
    when = timezone.localtime(withdrawn.withdrawn_at)
    assert text_of(tree, ".withdrawn__date") == f"Withdrawn on {when.day} {when:%B %Y}"
    assert text_of(tree, ".withdrawn__reason") == "The outlet retracted it."
    body = response.content.decode()
    for text in ["The Elbe ferries run again", "Boats leave", "Erster Absatz", "Anna Keller"]:
        assert text not in body
    assert tree.cssselect('meta[name="robots"]')[0].get("content") == "noindex"


def test_the_notice_is_not_kept_for_long(
    client, published, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_MAX_AGE = 60
    cache.clear()
    withdraw(published, django_capture_on_commit_callbacks)
    first = client.get(published.public_url)
    again = client.get(published.public_url)
    assert (first.status_code, again.status_code) == (410, 410)
    assert again["X-Page-Cache"] == "miss"  # never stored whole
    assert "max-age=60" in again["Cache-Control"]
    cache.clear()


def test_a_restored_article_is_back_at_the_same_address(
    client, published, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    url = published.public_url
    withdraw(published, django_capture_on_commit_callbacks)
    assert client.get(url).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        restored = transitions.restore(actor=factories.editor(), translation=published)
    assert restored.public_url == url
    response = client.get(url)
    assert response.status_code == 200
    assert b"Boats leave every twenty minutes." in response.content
    cache.clear()


def test_a_withdrawn_article_under_another_month_is_sent_to_its_address(
    client, published, django_capture_on_commit_callbacks
):
    withdraw(published, django_capture_on_commit_callbacks)
    response = client.get(f"/2001/01/{published.slug}/")
    assert (response.status_code, response["Location"]) == (301, published.public_url)


def test_a_withdrawn_article_leaves_feeds_sitemap_search_and_listings(
    client, published, django_capture_on_commit_callbacks
):
    pages = ["/rss/", "/atom/", "/sitemap.xml", "/search/?q=ferries", "/", "/topics/energy/"]
    address = published.public_url.encode()
    for url in pages:
        assert address in client.get(url).content, url
    withdraw(published, django_capture_on_commit_callbacks)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert address not in response.content, url
        assert b"Ferries return to the Elbe" not in response.content, url


def test_withdrawing_twice_keeps_the_first_notice(
    client, published, django_capture_on_commit_callbacks
):
    withdraw(published, django_capture_on_commit_callbacks, reason="Retracted.")
    with pytest.raises(transitions.IllegalMove):
        withdraw(published, django_capture_on_commit_callbacks, reason="Something else.")
    assert "Retracted." in client.get(published.public_url).content.decode()


# --- Corrections at the top ----------------------------------------------------------------------


def test_a_correction_is_announced_at_the_top_and_marks_its_paragraph(client, published):
    correction = transitions.correct(
        actor=factories.editor(),
        translation=published,
        text="An earlier version said boats leave every thirty minutes.",
        block_index=2,
    )
    response = client.get(published.public_url)
    tree = lxml_html.fromstring(response.content)
    day = timezone.localtime(correction.published_at)
    notice = text_of(tree, ".correction-notice")
    assert notice.startswith(
        f"Corrected on {day.day} {day:%B %Y}: An earlier version said boats leave every thirty "
        "minutes. Read the correction · See the corrected paragraph"
    )
    links = [a.get("href") for a in tree.cssselect(".correction-notice a")]
    assert links == [f"#correction-{correction.pk}", "#block-2"]
    # The notice comes before the text, the full correction after it.
    body = response.content.decode()
    assert body.index("correction-notice") < body.index("parallel__translation")
    assert body.index(f'id="correction-{correction.pk}"') > body.index("parallel__original")
    # The corrected paragraph carries the anchor and a visible mark leading to the correction.
    paragraph = tree.cssselect("#block-2")[0]
    assert "block--corrected" in paragraph.get("class")
    mark = paragraph.cssselect(".correction-mark")[0]
    assert (mark.text_content(), mark.get("href")) == ("Corrected", f"#correction-{correction.pk}")
    assert paragraph.getparent().getparent().get("class") == "parallel__translation"
    assert len(tree.cssselect(".block--corrected")) == 1
    assert len(tree.cssselect(".parallel__translation [id^=block-]")) == 3
    bottom = tree.cssselect(f"#correction-{correction.pk} a")[0]
    assert bottom.get("href") == "#block-2"


def test_a_correction_of_the_whole_marks_no_paragraph(client, published):
    add_correction(translation=published, text="The byline was incomplete.")
    tree = lxml_html.fromstring(client.get(published.public_url).content)
    assert "The byline was incomplete." in text_of(tree, ".correction-notice")
    assert [a.text_content() for a in tree.cssselect(".correction-notice a")] == [
        "Read the correction"
    ]
    assert not tree.cssselect(".block--corrected")


def test_an_article_without_corrections_has_no_notice(client, published):
    tree = lxml_html.fromstring(client.get(published.public_url).content)
    assert not tree.cssselect(".correction-notice")


def test_a_long_correction_is_shortened_at_the_top_and_whole_at_the_bottom(client, published):
    text = " ".join(["word"] * 40) + " end."
    correction = add_correction(translation=published, text=text)
    tree = lxml_html.fromstring(client.get(published.public_url).content)
    assert "end." not in text_of(tree, ".correction-notice")
    assert text_of(tree, f"#correction-{correction.pk}").endswith("end.")


def test_a_correction_of_a_paragraph_that_does_not_exist_changes_nothing(client, published):
    from django.core.exceptions import ValidationError

    before = client.get(published.public_url).content
    with pytest.raises(ValidationError, match="has no paragraph 4: it has 3, numbered from 1"):
        add_correction(translation=published, text="Fixed.", block_index=3)
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    assert not published.corrections.exists()
    assert client.get(published.public_url).content == before


def test_the_page_takes_no_query_more_for_corrections_of_paragraphs(client, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(published.public_url, {"mode": "side"}).status_code == 200
        return len(context)

    add_correction(translation=published, text="The byline was incomplete.")
    whole = queries()
    add_correction(translation=published, text="Fixed a time.", block_index=0)
    add_correction(translation=published, text="Fixed a name.", block_index=2)
    assert queries() == whole


def test_corrections_published_later_than_now_are_still_dated(client, published):
    later = timezone.now() + datetime.timedelta(minutes=5)
    add_correction(translation=published, text="Dated ahead.", at=later)
    assert b"Dated ahead." in client.get(published.public_url).content
