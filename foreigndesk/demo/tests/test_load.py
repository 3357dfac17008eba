import re

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import html as lxml_html

from foreigndesk.demo.actions import DEMO_EDITOR, DEMO_PASSWORD, load_demo
from foreigndesk.demo.content import read_articles
from foreigndesk.newsroom.models import Translation
from foreigndesk.reader.models import DailyViews, RelatedArticle
from foreigndesk.reader.selectors import hot_this_week

EMPTY_SLOTS = re.compile(
    r"from by|from \.|by \.|by and|\(\)|on by|Published in  |Translated by \.|Edited by \."
)


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_demo()
    counts = (
        Translation.objects.count(),
        DailyViews.objects.count(),
        RelatedArticle.objects.count(),
    )
    second = load_demo()
    assert first.created == len(read_articles())
    assert second.created == 0
    assert second.existing == first.created
    assert (
        Translation.objects.count(),
        DailyViews.objects.count(),
        RelatedArticle.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_command_reports_and_the_editor_can_log_in(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "articles created" in out
    assert DEMO_EDITOR in out
    client = Client()
    assert client.login(username=DEMO_EDITOR, password=DEMO_PASSWORD)
    assert client.get("/admin/newsroom/translation/").status_code == 200


@pytest.mark.django_db
def test_every_demo_article_renders_with_no_empty_credit_slot(client):
    load_demo()
    assert hot_this_week()
    for translation in Translation.objects.published():
        for mode in ("stacked", "side"):
            response = client.get(translation.get_absolute_url(), {"mode": mode})
            assert response.status_code == 200, translation.slug
            tree = lxml_html.fromstring(response.content)
            header = " ".join(tree.cssselect(".article__header")[0].text_content().split())
            assert not EMPTY_SLOTS.search(header), (translation.slug, header)
            assert tree.cssselect(".credits"), translation.slug
            section = tree.cssselect(".parallel__original")[0]
            assert section.get("lang") == translation.original.language_id
            assert section.get("dir") == translation.original.language.direction
            blocks = len(tree.cssselect(".parallel__original .block"))
            assert blocks == len(translation.original.blocks), translation.slug
            assert len(tree.cssselect(".parallel__translation .block")) == len(translation.blocks)
        assert tree.cssselect("#related-heading"), translation.slug
