"""The workbench page: segments beside the original, saved one by one through plain forms,
merges and splits, stale and refused saves that change nothing, and who may use it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.newsroom.models import Translation
from foreigndesk.workbench.models import Segment

from .conftest import People, client_for

pytestmark = pytest.mark.django_db


def page(client: Client, translation: Translation, query: str = "") -> Any:
    response = client.get(reverse("desk:workbench", args=[translation.pk]) + query)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def form_of(tree: Any, position: int) -> dict[str, Any]:
    form = tree.get_element_by_id(f"form-{position}")
    data = {
        name: form.xpath(f".//input[@name='{name}']/@value")[0]
        for name in ("key", "version", "revision")
    }
    data["target"] = form.xpath(".//textarea[@name='target']")[0].text or ""
    return data


def post(client: Client, translation: Translation, position: int, data: dict[str, Any]) -> Any:
    url = reverse("desk:segment_save", args=[translation.pk, position])
    return client.post(url, data)


def sources(tree: Any) -> list[str]:
    return [
        " ".join(p.text_content().split())
        for p in tree.xpath("//div[@class='segment__source']/p[@class='segment__text']")
    ]


def test_the_page_shows_the_original_sentence_by_sentence_with_the_translation(
    translation: Translation, people: People
) -> None:
    tree = page(client_for(people.translator), translation)
    assert sources(tree)[:2] == [
        "Le bac de Sorel reprend son service lundi matin.",
        "Un quai tout neuf",
    ]
    assert form_of(tree, 0)["target"] == "The Sorel ferry returns to service on Monday morning."
    # The untranslated quotation is the segment the page opens at.
    current = tree.xpath("//li[contains(@class,'segment--current')]")[0]
    assert "Nous attendions" in current.text_content()
    assert "No match in the translation memory." in current.text_content()
    # The translator's own line stays a paragraph of its own.
    assert tree.xpath("//li[contains(@class,'workbench-paragraph--addition')]")
    assert not Segment.objects.exists()  # nothing is written by looking


def test_confirming_a_segment_saves_it_and_the_text_and_goes_to_the_next_empty_one(
    translation: Translation, people: People
) -> None:
    client = client_for(people.translator)
    data = form_of(page(client, translation), 2)
    data.update(target="“We have waited two winters for this day,” says the mayor.", step="confirm")
    response = post(client, translation, 2, data)
    assert response.status_code == 302
    translation.refresh_from_db()
    texts = [b["text"] for b in translation.block_list]
    assert "“We have waited two winters for this day,” says the mayor." in texts
    assert translation.block_list[2]["kind"] == "quotation"
    segment = Segment.objects.get(translation=translation, position=2)
    assert (segment.state, segment.origin, segment.version) == ("translated", "human", 2)
    assert response.headers["Location"].endswith("#s-3")


def test_a_stale_segment_save_is_refused_with_the_text_kept(
    translation: Translation, people: People
) -> None:
    client = client_for(people.translator)
    opened = form_of(page(client, translation), 0)
    first = dict(opened, target="The Sorel ferry is back on Monday.", step="draft")
    assert post(client, translation, 0, first).status_code == 302
    translation.refresh_from_db()
    before = (translation.revision, list(Segment.objects.values_list("target", "version")))
    second = dict(opened, target="My own older version.", step="draft")
    response = post(client, translation, 0, second)
    assert response.status_code == 409
    tree = lxml_html.fromstring(response.content.decode())
    assert "after you opened the page" in tree.get_element_by_id("workbench-error").text_content()
    assert "My own older version." in tree.xpath("//textarea[@class='kept__text']")[0].text
    translation.refresh_from_db()
    assert (translation.revision, list(Segment.objects.values_list("target", "version"))) == before


def test_merge_and_split_from_the_page(translation: Translation, people: People) -> None:
    client = client_for(people.translator)
    original = translation.original
    original.blocks = [
        {"kind": "paragraph", "text": "Le bac reprend lundi. Il part à huit heures."},
        *original.blocks[1:],
    ]
    original.save()
    tree = page(client, translation)
    assert tree.xpath("//form[@id='form-0']//button[@value='split']")
    response = post(client, translation, 0, dict(form_of(tree, 0), op="split"))
    assert response.status_code == 302
    tree = page(client, translation)
    assert sources(tree)[:2] == ["Le bac reprend lundi.", "Il part à huit heures."]
    response = post(client, translation, 0, dict(form_of(tree, 0), op="merge"))
    assert response.status_code == 302
    assert sources(page(client, translation))[0] == "Le bac reprend lundi. Il part à huit heures."


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"key": "0" * 16}, 409, "merged or split"),
        ({"version": "x"}, 400, "reload the page"),
        ({"step": "publish"}, 400, "publish"),
        ({"target": "x" * 20_001}, 400, "at most 20,000"),
        ({"step": "confirm", "target": "   "}, 400, "empty"),
    ],
)
def test_bad_segment_posts_are_refused_and_change_nothing(
    translation: Translation, people: People, change: dict[str, str], status: int, message: str
) -> None:
    client = client_for(people.translator)
    data = dict(form_of(page(client, translation), 2), **change)
    revision = translation.revision
    response = post(client, translation, 2, data)
    assert response.status_code == status
    assert message in response.content.decode()
    translation.refresh_from_db()
    assert translation.revision == revision
    assert not Segment.objects.exists()


def test_who_may_use_the_workbench(translation: Translation, people: People) -> None:
    url = reverse("desk:workbench", args=[translation.pk])
    assert Client().get(url).status_code == 302
    assert client_for(people.nobody).get(url).status_code == 403
    # Another translator's draft is not theirs to open.
    assert client_for(people.other_translator).get(url).status_code == 404
    editor_page = lxml_html.fromstring(client_for(people.editor).get(url).content.decode())
    assert editor_page.xpath("//button[@value='review']")
    data = form_of(page(client_for(people.translator), translation), 2)
    data.update(target="Some text.", step="review")
    response = post(client_for(people.translator), translation, 2, data)
    assert response.status_code == 403
    assert not Segment.objects.exists()


def test_the_help_fragment_for_one_segment(translation: Translation, people: People) -> None:
    client = client_for(people.translator)
    url = reverse("desk:segment_help", args=[translation.pk, 2])
    response = client.get(url)
    assert response.status_code == 200
    assert "No match in the translation memory." in response.content.decode()
    assert client.get(reverse("desk:segment_help", args=[translation.pk, 99])).status_code == 404


LIBRE = "foreigndesk.workbench.engines.libretranslate.LibreTranslate"


@pytest.fixture
def libre(settings: Any) -> Any:
    from foreigndesk.testing.mt_servers import FakeLibreTranslate

    with FakeLibreTranslate() as server:
        settings.FOREIGNDESK_MT_ENGINES = {
            "libre": {"BACKEND": LIBRE, "OPTIONS": {"url": server.url, "timeout": 0.5}}
        }
        yield server


def prefill(client: Client, translation: Translation, **data: Any) -> Any:
    return client.post(reverse("desk:prefill", args=[translation.pk]), data)


def test_prefill_fills_the_empty_segments_as_machine_drafts(
    translation: Translation, people: People, libre: Any
) -> None:
    client = client_for(people.translator)
    tree = page(client, translation)
    assert tree.xpath("//form[@id='prefill-form']//option[@value='libre']")
    # A self-hosted engine: no third-party warning.
    assert not tree.xpath("//p[@class='workbench-third-party']")
    response = prefill(client, translation, engine="libre", revision=translation.revision)
    assert response.status_code == 302
    segment = Segment.objects.get(translation=translation, position=2)
    assert (segment.origin, segment.state) == ("machine", "draft")
    assert segment.target.startswith("[fr>en]")
    translation.refresh_from_db()
    assert any(b["text"].startswith("[fr>en]") for b in translation.block_list)
    # The segments translated by hand were not sent, nor changed.
    assert Segment.objects.get(translation=translation, position=0).origin == "human"
    assert len(libre.requests) == 1


def test_an_engine_failure_changes_no_text(
    translation: Translation, people: People, settings: Any
) -> None:
    from foreigndesk.testing.mt_servers import FakeLibreTranslate

    client = client_for(people.translator)
    with FakeLibreTranslate(mode="server_error") as server:
        settings.FOREIGNDESK_MT_ENGINES = {
            "libre": {"BACKEND": LIBRE, "OPTIONS": {"url": server.url, "timeout": 0.5}}
        }
        revision = translation.revision
        response = prefill(client, translation, engine="libre", revision=revision)
    assert response.status_code == 502
    assert "Nothing was filled." in response.content.decode()
    translation.refresh_from_db()
    assert translation.revision == revision
    assert not Segment.objects.filter(origin="machine").exists()


def test_prefill_with_an_unknown_engine_or_none_configured_is_refused(
    translation: Translation, people: People, libre: Any
) -> None:
    client = client_for(people.translator)
    response = prefill(client, translation, engine="elsewhere", revision=translation.revision)
    assert response.status_code == 400
    assert "is not a machine-translation engine of this desk" in response.content.decode()
    assert not Segment.objects.exists()
