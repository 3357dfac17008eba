"""The revisions of a translation: the list, any two compared word by word, and restoring one
as a new revision (editors, after a confirmation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.newsroom.editing import save_translation_text
from foreigndesk.newsroom.models import AuditEvent, Revision, Translation
from foreigndesk.testing import factories

from .conftest import TRANSLATION, in_translation

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(response: Any) -> Any:
    return lxml_html.fromstring(response.content.decode())


@pytest.fixture
def edited(people):
    """A translation saved three times: by Tina, then Edna, then Tina again."""
    translation = in_translation(people)
    blocks = [dict(block) for block in TRANSLATION]
    blocks[0]["text"] = "The Sorel ferry is back in service on Monday morning."
    translation = save_translation_text(
        actor=people.translator, translation=translation, expected_revision=1, blocks=blocks
    )
    translation = save_translation_text(
        actor=people.editor, translation=translation, expected_revision=2, title="Sorel's ferry"
    )
    blocks = [*blocks[:3], {"kind": "paragraph", "text": "Tickets cost two euros."}]
    return save_translation_text(
        actor=people.translator, translation=translation, expected_revision=3, blocks=blocks
    )


def test_the_list_shows_each_revision_with_its_author_and_words_changed(people, edited):
    response = client_for(people.translator).get(reverse("desk:revisions", args=[edited.pk]))
    assert response.status_code == 200
    page = page_of(response)
    items = page.xpath("//ol[@id='revision-list']/li")
    assert [item.get("id") for item in items] == ["revision-4", "revision-3", "revision-2"]
    newest = items[0].text_content()
    assert "Tina Ross" in newest
    assert "+4 −8 words" in " ".join(newest.split())
    assert "Edna Hale" in items[1].text_content()
    assert "the oldest revision kept" in items[2].text_content()
    link = items[0].xpath(".//a[starts-with(text(), 'Compare')]/@href")[0]
    assert link == reverse("desk:revision_compare", args=[edited.pk, 3, 4])
    # Translators compare; only editors restore.
    assert not page.xpath("//a[contains(@href, '/restore/')]")
    editor_page = page_of(
        client_for(people.editor).get(reverse("desk:revisions", args=[edited.pk]))
    )
    restore_links = editor_page.xpath("//a[contains(@href, '/restore/')]/@href")
    assert restore_links == [
        reverse("desk:revision_restore", args=[edited.pk, 3]),
        reverse("desk:revision_restore", args=[edited.pk, 2]),
    ]


def test_two_revisions_compared_block_by_block_word_by_word(people, edited):
    client = client_for(people.translator)
    picked = client.get(reverse("desk:revisions", args=[edited.pk]), {"a": "2", "b": "4"})
    assert picked.status_code == 302
    response = client.get(picked["Location"])
    assert response.status_code == 200
    page = page_of(response)
    title = page.get_element_by_id("diff-title")
    assert title.xpath("./del/text()") == ["The ", " is back"]
    assert title.xpath("./ins/text()") == ["'s"]
    blocks = page.xpath("//ol[@id='diff-blocks']/li")
    assert [block.get("data-status") for block in blocks] == [
        "same",
        "same",
        "same",
        "changed",
    ]
    assert blocks[3].xpath(".//del/text()") == ["The ferry company did not answer our questions"]
    assert blocks[3].xpath(".//ins/text()") == ["Tickets cost two euros"]
    assert page.xpath("//p[@id='diff-key']/ins/text()") == ["added"]
    assert page.xpath("//p[@id='diff-key']/del/text()") == ["removed"]


def test_chinese_is_compared_character_by_character(people):
    translation = factories.translation(
        title="港口", blocks=[{"kind": "paragraph", "text": "东京今天晴天。"}]
    )
    translation.language = factories.language("zh")
    translation.save(update_fields=["language"])
    for number, text in ((2, "东京今天晴天。"), (3, "东京明天晴天。")):
        Revision.objects.create(
            translation=translation,
            number=number,
            title="港口",
            blocks=[{"kind": "paragraph", "text": text}],
            author_name="Tina Ross",
        )
    page = page_of(
        client_for(people.editor).get(reverse("desk:revision_compare", args=[translation.pk, 2, 3]))
    )
    changed = page.xpath("//ol[@id='diff-blocks']/li/p")[0]
    assert changed.get("lang") == "zh"
    assert changed.xpath("./del/text()") == ["今"]
    assert changed.xpath("./ins/text()") == ["明"]


def test_an_unknown_revision_is_a_404(people, edited):
    response = client_for(people.editor).get(
        reverse("desk:revision_compare", args=[edited.pk, 1, 4])
    )
    assert response.status_code == 404


def test_an_editor_restores_a_revision_after_confirming(people, edited):
    client = client_for(people.editor)
    restore_url = reverse("desk:revision_restore", args=[edited.pk, 2])
    confirm = page_of(client.get(restore_url))
    form = confirm.get_element_by_id("restore-form")
    assert form.xpath("./input[@name='revision']/@value") == ["4"]
    # What restoring would change, from the text as it stands.
    assert "Tickets cost two euros" in confirm.xpath("//ol[@id='diff-blocks']//del/text()")
    response = client.post(restore_url, {"revision": "4"})
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.revision == 5
    assert edited.title == "The Sorel ferry is back"
    assert edited.blocks[0]["text"] == "The Sorel ferry is back in service on Monday morning."
    assert AuditEvent.objects.filter(action="restore_revision").count() == 1
    listing = client.get(response["Location"]).content.decode()
    assert "Revision 2 restored as revision 5." in listing


def _unchanged(translation: Translation) -> tuple[Any, ...]:
    return (
        Translation.objects.filter(pk=translation.pk).values().get(),
        Revision.objects.count(),
        AuditEvent.objects.count(),
    )


def test_restore_refusals(people, edited):
    restore_url = reverse("desk:revision_restore", args=[edited.pk, 2])
    before = _unchanged(edited)
    by_translator = client_for(people.translator).post(restore_url, {"revision": "4"})
    assert by_translator.status_code == 403
    assert "Only an editor can restore" in by_translator.content.decode()
    stale = client_for(people.editor).post(restore_url, {"revision": "3"})
    assert stale.status_code == 409
    page = page_of(stale)
    assert (
        "Tina Ross saved this translation (revision 4)"
        in page.get_element_by_id("restore-error").text
    )
    assert page.get_element_by_id("restore-form").xpath("./input[@name='revision']/@value") == ["4"]
    missing = client_for(people.editor).post(restore_url, {})
    assert missing.status_code == 400
    assert _unchanged(edited) == before
    assert client_for(people.nobody).get(restore_url).status_code == 403
