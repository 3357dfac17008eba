import datetime
import json
import re

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom.actions import add_correction
from foreigndesk.newsroom.states import State
from foreigndesk.reader.actions import record_views, refresh_related, roll_week_views
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def page(client, translation, **params):
    response = client.get(translation.get_absolute_url(), params)
    assert response.status_code == 200
    return response, lxml_html.fromstring(response.content)


def text_of(tree, selector):
    found = tree.cssselect(selector)
    return " ".join(found[0].text_content().split()) if found else None


def test_parts_appear_in_reading_order(client):
    translation = factories.full_article(editor_note="Context from the desk.")
    add_correction(translation=translation, text="An earlier version misspelt a name.")
    response, tree = page(client, translation)
    body = response.content.decode()
    order = [
        'class="article__title"',
        'class="dateline"',
        'class="credits"',
        'id="editors-note"',
        'class="parallel__translation"',
        'class="parallel__original"',
        'id="corrections"',
        'class="article__topics"',
    ]
    positions = [body.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert (
        text_of(tree, ".dateline")
        == "Published in Rheinische Abendpost (Germany) on 2 November 2026 by Anna Keller"
    )
    assert (
        text_of(tree, ".credits") == "Translated from German by Jonas Berg. Edited by Ruth Calder."
    )
    assert tree.cssselect(".dateline a")[0].get("href") == "https://zeitung.example/artikel"
    assert "misspelt" in text_of(tree, "#corrections")
    assert text_of(tree, ".article__topics") == "Topics of this article Energy"


def test_standfirst_leads_between_title_and_dateline(client):
    translation = factories.full_article(
        standfirst="Low water on the Rhine strands barges & raises prices."
    )
    response, tree = page(client, translation)
    body = response.content.decode()
    lead = tree.cssselect(".article__header .article__standfirst")
    assert lead
    assert lead[0].text_content() == "Low water on the Rhine strands barges & raises prices."
    assert (
        body.index('class="article__title"')
        < body.index('class="article__standfirst"')
        < body.index('class="dateline"')
    )


def test_no_standfirst_no_empty_lead(client):
    _, tree = page(client, factories.full_article(standfirst=""))
    assert not tree.cssselect(".article__standfirst")


def test_title_asterisk_only_with_editors_note(client):
    with_note = factories.full_article(editor_note="Why we translated this.")
    _, tree = page(client, with_note)
    asterisk = tree.cssselect(".article__title a.asterisk")
    assert asterisk
    assert asterisk[0].get("href") == "#editors-note"
    assert "Why we translated this." in text_of(tree, "#editors-note")

    without = factories.translation(title="No note here")
    _, tree = page(client, without)
    assert not tree.cssselect(".article__title .asterisk")
    assert not tree.cssselect("#editors-note")


def test_translation_and_original_blocks_render_with_their_kinds(client):
    translation = factories.full_article(
        blocks=[
            {"kind": "paragraph", "text": "Opening paragraph."},
            {"kind": "heading", "text": "A subheading"},
            {"kind": "quotation", "text": "A quoted passage."},
        ],
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": [1]},
            {"original": [2], "translation": [2]},
        ],
    )
    _, tree = page(client, translation)
    translated = tree.cssselect(".parallel__translation")[0]
    assert translated.cssselect("h2.block--heading")[0].text_content() == "A subheading"
    assert translated.cssselect("blockquote p")[0].text_content() == "A quoted passage."
    original = tree.cssselect(".parallel__original")[0]
    assert original.get("lang") == "de"
    assert original.get("dir") == "ltr"
    assert original.cssselect("h3.block--heading")[0].text_content() == "Eine Zwischenüberschrift"
    assert original.cssselect("#original-title")[0].text_content() == "Ein Originalartikel"


def test_right_to_left_original_is_marked(client):
    source = factories.outlet("Sada al-Nil", country_code="EG")
    original = factories.original(
        title="عنوان المقال",
        language_code="ar",
        outlet_obj=source,
        authors=["مروة الجندي"],
        blocks=[{"kind": "paragraph", "text": "الفقرة الأولى."}],
    )
    translation = factories.translation(
        original_obj=original, blocks=[{"kind": "paragraph", "text": "The first paragraph."}]
    )
    _, tree = page(client, translation)
    section = tree.cssselect(".parallel__original")[0]
    assert (section.get("lang"), section.get("dir")) == ("ar", "rtl")
    label = tree.cssselect(".parallel__label")[0]
    assert (label.get("lang"), label.get("dir")) == ("en", "ltr")
    assert tree.cssselect(".dateline__author")[0].get("lang") == "ar"


def test_side_by_side_pairs_follow_the_stored_alignment(client):
    original = factories.original(
        blocks=[
            {"kind": "paragraph", "text": "O1."},
            {"kind": "paragraph", "text": "O2."},
            {"kind": "paragraph", "text": "O3 left out."},
            {"kind": "paragraph", "text": "O4."},
        ]
    )
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": "T1 renders O1 and O2."},
            {"kind": "paragraph", "text": "T2 added for readers."},
            {"kind": "paragraph", "text": "T3."},
        ],
        alignment=[
            {"original": [0, 1], "translation": [0]},
            {"original": [2], "translation": []},
            {"original": [], "translation": [1]},
            {"original": [3], "translation": [2]},
        ],
    )
    _, tree = page(client, translation, mode="side")
    assert tree.cssselect("#article")[0].get("class") == "article article--side"
    rows = {}
    for bead in tree.cssselect(".bead"):
        row = re.search(r"--row: (\d+)", bead.get("style")).group(1)
        side = "t" if bead.getparent().get("class") == "parallel__translation" else "o"
        rows.setdefault(row, {})[side] = bead
    assert rows["0"]["o"].text_content().split() == ["O1.", "O2."]
    assert "T1 renders" in rows["0"]["t"].text_content()
    assert "bead--omission" in rows["1"]["o"].get("class")
    assert "bead--gap" in rows["1"]["t"].get("class")
    assert "bead--addition" in rows["2"]["t"].get("class")
    assert "bead--gap" in rows["2"]["o"].get("class")
    assert "Translator's addition" in rows["2"]["t"].text_content()
    legend = text_of(tree, ".reading-modes__legend")
    assert legend == "1 paragraph not translated 1 translator's addition"


def test_a_moved_paragraph_stands_beside_its_original_and_in_the_translations_order(client):
    original = factories.original(
        blocks=[{"kind": "paragraph", "text": f"O{k}."} for k in range(1, 5)]
    )
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": "T1."},
            {"kind": "paragraph", "text": "T2."},
            {"kind": "paragraph", "text": "T3."},
            {"kind": "paragraph", "text": "T4 translates O2, moved down."},
        ],
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": [3], "moved": True},
            {"original": [2], "translation": [1]},
            {"original": [3], "translation": [2]},
        ],
    )
    _, tree = page(client, translation, mode="side")
    # The translation column is written in the translation's order; each bead keeps its row.
    beads = tree.cssselect(".parallel__translation > .bead")
    assert [b.get("style") for b in beads] == [f"--row: {k}" for k in (0, 2, 3, 1)]
    moved = tree.cssselect("#t1")[0]
    assert "bead--moved" in moved.get("class")
    assert "Moved by the translator: paragraph 4 of the translation" in moved.text_content()
    beside = tree.cssselect("#o1")[0]
    assert "bead--moved" in beside.get("class")
    assert "Translated elsewhere: paragraph 4 of the translation" in beside.text_content()
    assert "O2." in beside.text_content()
    assert text_of(tree, ".reading-modes__legend") == "1 paragraph moved"
    # Read translation first, the paragraphs come in the translator's order.
    _, tree = page(client, translation)
    column = tree.cssselect(".parallel__translation")[0].text_content()
    assert column.index("T3.") < column.index("T4 translates")


def test_reading_mode_links_work_without_javascript(client):
    translation = factories.full_article()
    _, tree = page(client, translation)
    assert tree.cssselect("#article")[0].get("data-mode") == "stacked"
    links = {a.get("data-mode"): a for a in tree.cssselect(".reading-modes a")}
    assert links["side"].get("href") == "?mode=side"
    assert links["stacked"].get("aria-current") == "true"
    _, tree = page(client, translation, mode="side")
    assert tree.cssselect("#article")[0].get("data-mode") == "side"
    _, tree = page(client, translation, mode="bogus")
    assert tree.cssselect("#article")[0].get("data-mode") == "stacked"


def test_metadata_describes_a_translation_of_the_original(client):
    translation = factories.full_article(standfirst="A short summary.")
    _, tree = page(client, translation)
    data = json.loads(tree.cssselect('script[type="application/ld+json"]')[0].text)
    assert data["@type"] == "NewsArticle"
    assert data["inLanguage"] == "en"
    assert data["translator"] == [{"@type": "Person", "name": "Jonas Berg"}]
    work = data["translationOfWork"]
    assert work["inLanguage"] == "de"
    assert work["headline"] == "Ein Originalartikel"
    assert work["url"] == "https://zeitung.example/artikel"
    assert work["publisher"]["name"] == "Rheinische Abendpost"
    og = {m.get("property"): m.get("content") for m in tree.cssselect("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == translation.title
    assert og["og:description"] == "A short summary."
    canonical = tree.cssselect('link[rel="canonical"]')[0].get("href")
    assert canonical.endswith(translation.get_absolute_url())
    assert og["og:url"] == canonical


def test_metadata_cannot_break_out_of_its_script(client):
    translation = factories.translation(title="</script><script>alert(1)</script>")
    response, _ = page(client, translation)
    assert b"<script>alert(1)" not in response.content


def test_article_without_original_author_or_translator_still_renders(client):
    bare = factories.translation(title="A bare translation")
    _, tree = page(client, bare)
    assert tree.cssselect(".dateline") == []
    assert tree.cssselect(".credits") == []
    assert tree.cssselect(".parallel__original") == []
    assert tree.cssselect(".reading-modes") == []

    no_author = factories.translation(
        original_obj=factories.original(
            outlet_obj=factories.outlet("Alpenblick", country_code=None)
        )
    )
    _, tree = page(client, no_author)
    assert text_of(tree, ".dateline") == "Published in Alpenblick on 2 November 2026"
    assert text_of(tree, ".credits") == "Translated from German."


def test_original_without_text_points_to_the_outlet(client):
    translation = factories.translation(
        original_obj=factories.original(blocks=[], outlet_obj=factories.outlet("Alpenblick"))
    )
    _, tree = page(client, translation)
    assert "does not hold the full text" in text_of(tree, ".parallel__missing")
    assert tree.cssselect(".reading-modes") == []


def test_unknown_and_unpublished_articles_are_404_in_the_site_design(client):
    response = client.get("/2026/11/no-such-article/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b'class="site-header"' in response.content
    draft = factories.translation(state=State.IN_REVIEW)
    assert client.get(f"/2026/11/{draft.slug}/").status_code == 404
    future = factories.translation(published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(future.public_url).status_code == 404
    assert client.get("/2026/13/whatever/").status_code == 404


def test_wrong_year_or_month_redirects_to_the_canonical_address(client):
    translation = factories.translation(
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 12))
    )
    response = client.get(f"/2025/07/{translation.slug}/?mode=side")
    assert response.status_code == 301
    assert response["Location"] == f"/2026/03/{translation.slug}/?mode=side"


def test_boxes_list_items_as_country_and_title(client):
    hot = factories.full_article(title="Barges wait on a shallow Rhine", editor_note="Note.")
    other = factories.full_article(title="Grid operators wait for transformers")
    record_views(translation_id=hot.pk, day=timezone.localdate(), views=40)
    refresh_related()
    _, tree = page(client, other)
    hot_items = [
        " ".join(li.text_content().split()) for li in tree.cssselect("#hot-heading + ol li")
    ]
    assert hot_items == ["GERMANY: Barges wait on a shallow Rhine*"]
    related = [
        " ".join(li.text_content().split()) for li in tree.cssselect("#related-heading + ul li")
    ]
    assert related == ["GERMANY: Barges wait on a shallow Rhine*"]
    topics = [
        " ".join(li.text_content().split()) for li in tree.cssselect("#topics-heading ~ h3 + ul li")
    ]
    assert [h3.text_content() for h3 in tree.cssselect("#topics-heading ~ h3")] == ["Energy"]
    assert topics == ["GERMANY: Barges wait on a shallow Rhine*"]


def test_query_count_is_fixed_whatever_the_archive_size(client, django_assert_num_queries):
    translation = factories.full_article(editor_note="Note.", standfirst="The desk's lead.")
    add_correction(translation=translation, text="Fixed a date.", block_index=0)
    roll_week_views()  # as the worker's schedule does
    record_views(translation_id=translation.pk, day=timezone.localdate(), views=1)
    refresh_related()
    client.get(translation.get_absolute_url())
    with django_assert_num_queries(10):
        response = client.get(translation.get_absolute_url())
    assert b'class="article__standfirst"' in response.content
    for number in range(15):
        extra = factories.full_article(title=f"More news {number}", editor_note="Note.")
        record_views(translation_id=extra.pk, day=timezone.localdate(), views=number + 1)
    refresh_related()
    with django_assert_num_queries(10):
        response = client.get(translation.get_absolute_url(), {"mode": "side"})
    assert response.status_code == 200


def test_rendered_parts_are_kept_between_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, settings
):
    from django.core.cache import cache

    settings.BOX_CACHE_SECONDS = 60
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    translation = factories.full_article()
    record_views(translation_id=translation.pk, day=timezone.localdate(), views=3)
    first = client.get(translation.get_absolute_url())
    # Without the page cache, the database is still asked whether the article is published;
    # its rendered body and the boxes come from the fragment cache.
    with django_assert_num_queries(1):
        again = client.get(translation.get_absolute_url())
    assert again.content == first.content
    with django_assert_num_queries(1):
        side = client.get(translation.get_absolute_url(), {"mode": "side"})
    assert b'class="article article--side"' in side.content
    # An edit shows at once.
    translation.title = "A corrected headline"
    with django_capture_on_commit_callbacks(execute=True):
        translation.save()
    assert b"A corrected headline" in client.get(translation.get_absolute_url()).content
    cache.clear()
