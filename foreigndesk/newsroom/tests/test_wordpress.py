"""``foreigndesk import-wordpress``: a WordPress export (WXR, written here in WordPress's
documented format, with text written for these tests) becomes the desk's archive."""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import FormerAddress, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.wordpress import ExportError, page_document, read_export
from foreigndesk.testing.fixtures import snapshot

pytestmark = pytest.mark.django_db

RUSSIAN_POST = """<div class="meta">Published in <a href="http://volga-vestnik.localhost/2024/ferry">Volzhsky Vestnik</a> (Russia) on 14 May 2024 by Olga Petrova</div>
<p>Translated from Russian by Mark Hale. Edited by Ruth Calder.</p>
<p>The river ferry between the two banks of the town will run again from June, the district administration said on Tuesday.</p>
<p>The ferry stopped last autumn after its engine failed. A new engine cost the district 12 million roubles.</p>
<h2 lang="ru">Паром через Волгу снова пойдёт в июне</h2>
<p lang="ru">Речной паром между двумя берегами города снова начнёт ходить с июня, сообщила во вторник администрация района.</p>
<p lang="ru">Паром остановился прошлой осенью после поломки двигателя. Новый двигатель обошёлся району в 12 миллионов рублей.</p>"""

SPANISH_POST = """Published in El Diario del Valle (Chile) on 3 March 2023 by Lucía Andrade
Translated from Spanish by Tom Reyes. Edited by Ruth Calder.
The valley's farmers will share the water of the reservoir by turns this summer, after the driest winter in thirty years.
Each farm will get water two days a week, the irrigation board decided after a long meeting.
Los agricultores del valle se turnarán el agua del embalse
Los agricultores del valle compartirán por turnos el agua del embalse este verano, después del invierno más seco en treinta años.
Cada finca recibirá agua dos días por semana, decidió la junta de riego tras una larga reunión."""


def item(
    post_id: int,
    title: str,
    content: str,
    *,
    slug: str = "",
    status: str = "publish",
    post_type: str = "post",
    date: str = "2024-05-20 07:30:00",
    categories: tuple[tuple[str, str], ...] = (),
) -> str:
    cats = "".join(
        f'<category domain="{domain}" nicename="{escape(name.lower())}"><![CDATA[{name}]]></category>'
        for domain, name in categories
    )
    return f"""
  <item>
    <title>{escape(title)}</title>
    <link>http://old-desk.localhost/{date[:4]}/{date[5:7]}/{slug or post_id}/</link>
    <pubDate>Mon, 20 May 2024 07:30:00 +0000</pubDate>
    <dc:creator><![CDATA[webeditor]]></dc:creator>
    <guid isPermaLink="false">http://old-desk.localhost/?p={post_id}</guid>
    <description></description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{slug}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    {cats}
  </item>"""


def export(*items: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old desk</title>
  <link>http://old-desk.localhost</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  {"".join(items)}
</channel>
</rss>""".encode()


ARCHIVE = export(
    item(
        101,
        "The Volga ferry runs again in June",
        RUSSIAN_POST,
        slug="volga-ferry-june",
        categories=(("category", "Russia"), ("post_tag", "Transport")),
    ),
    item(
        102,
        "Valley farmers to share reservoir water by turns",
        SPANISH_POST,
        slug="valley-water-turns",
        date="2023-03-05 18:00:00",
        categories=(("category", "Uncategorized"), ("post_tag", "Water")),
    ),
    item(103, "A draft nobody finished", "Nothing yet.", status="draft"),
    item(104, "About us", "<p>We translate the press.</p>", post_type="page"),
    item(105, "ferry-photo", "", post_type="attachment", status="inherit"),
)


def run(tmp_path, data: bytes, *flags: str) -> tuple[str, str]:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_published_posts_become_translations_with_their_times_slugs_and_topics(tmp_path, client):
    out, _ = run(tmp_path, ARCHIVE)
    assert "2 posts imported, 1 passed over, 0 could not be read." in out
    assert "post 103 “A draft nobody finished”: its status is “draft”" in out
    ferry = Translation.objects.get(slug="volga-ferry-june")
    assert ferry.state == State.PUBLISHED
    assert ferry.published_at == datetime.datetime(2024, 5, 20, 7, 30, tzinfo=datetime.UTC)
    assert sorted(ferry.topics.values_list("name", flat=True)) == ["Russia", "Transport"]
    assert ferry.original.language_id == "ru"
    assert ferry.original.title == "Паром через Волгу снова пойдёт в июне"
    credits = [(c.role, c.contributor.name) for c in ferry.credits.select_related("contributor")]
    assert sorted(credits) == [("editor", "Ruth Calder"), ("translator", "Mark Hale")]
    water = Translation.objects.get(slug="valley-water-turns")
    assert water.original.language_id == "es"
    assert list(water.topics.values_list("name", flat=True)) == ["Water"]
    assert len(water.block_list) == 2
    assert len(water.original.block_list) == 2

    old = client.get("/2024/05/volga-ferry-june/")
    assert old.status_code in (200, 301)  # the new address may equal the old one
    moved = client.get("/2023/03/valley-water-turns/")
    assert moved.status_code == 200
    gone = FormerAddress.objects.get(translation=ferry)
    assert gone.path == "/2024/05/volga-ferry-june/"


def test_an_old_address_redirects_to_the_new_page(tmp_path, client):
    run(tmp_path, export(item(7, "The Volga ferry runs again in June", RUSSIAN_POST, slug="")))
    translation = Translation.objects.get()
    response = client.get("/2024/05/7/")
    assert response.status_code == 301
    assert response["Location"] == translation.get_absolute_url()
    assert client.get("/2024/05/8/").status_code == 404


def test_a_second_run_imports_only_what_is_new(tmp_path):
    run(tmp_path, ARCHIVE)
    before = snapshot()
    out, _ = run(tmp_path, ARCHIVE)
    assert "0 posts imported, 3 passed over" in out
    assert "already imported as translation #" in out
    assert snapshot() == before


def test_a_post_that_cannot_be_read_is_reported_and_the_rest_imported(tmp_path):
    broken = "<p>Just a paragraph in English with no original after it, as a note to readers.</p>"
    huge = "<p>" + "x" * (6 * 1024 * 1024) + "</p>"
    out, err = run(
        tmp_path,
        export(
            item(1, "A note to readers", broken),
            item(2, "A very long post", huge),
            item(3, "The Volga ferry runs again in June", RUSSIAN_POST),
        ),
    )
    assert "1 posts imported, 0 passed over, 2 could not be read." in out
    assert "Not imported: post 1 “A note to readers”: " in err
    assert "Not imported: post 2 “A very long post”: its content is" in err
    assert "over the limit" in err
    assert Translation.objects.count() == 1
    assert Original.objects.count() == 1
    assert FormerAddress.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ARCHIVE[: len(ARCHIVE) // 2], "cut short"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"This is not XML at all, just text.", "not well-formed XML"),
        (
            ARCHIVE.replace("Паром".encode(), "Caf\xe9".encode("latin-1")),
            "not in the encoding it declares",
        ),
        (b'<?xml version="1.0"?><rss><channel><title>A feed</title></channel></rss>', "RSS feed"),
        (b"<html><body>No export</body></html>", "not a WordPress export"),
        (b"   ", "empty"),
    ],
    ids=["truncated", "binary", "not-xml", "wrong-encoding", "plain-rss", "html", "empty"],
)
def test_a_file_that_is_no_export_changes_nothing(tmp_path, data, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(tmp_path, data)
    assert snapshot() == before


def test_content_without_paragraph_tags_has_one_paragraph_per_line():
    posts = read_export(export(item(1, "Title", "First line.\n\nSecond line.\nThird line.")))
    document = page_document(posts[0])
    assert "<p>First line.</p>\n<p>Second line.</p>\n<p>Third line.</p>" in document


def test_entities_are_not_expanded():
    data = ARCHIVE.replace(
        b'<?xml version="1.0" encoding="UTF-8" ?>',
        b'<?xml version="1.0" encoding="UTF-8" ?><!DOCTYPE rss [<!ENTITY boom "BOOM">]>',
    ).replace(b"<title>Old desk</title>", b"<title>&boom;</title>")
    posts = read_export(data)
    assert len(posts) == 5
    with pytest.raises(ExportError):
        read_export(b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><x/>')


@pytest.mark.parametrize("path", ["/2024/05/%00/", "/" + "x" * 600 + "/", "/wp/%0a/"])
def test_an_odd_address_is_a_plain_404(client, path):
    assert client.get(path).status_code == 404
