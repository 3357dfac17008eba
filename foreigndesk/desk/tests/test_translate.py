"""The translating page: the pairs it shows, saves along the stored pairs, lost edits kept on a
stale save, comments on a paragraph, topics and credits, and every refusal leaving the
database as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.newsroom.editing import save_translation_text
from foreigndesk.newsroom.models import AuditEvent, Comment, Credit, Revision, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .conftest import TRANSLATION, in_translation

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(translation: Translation, name: str = "desk:translate", *args: Any) -> str:
    return reverse(name, args=[translation.pk, *args])


def page_of(response: Any) -> Any:
    return lxml_html.fromstring(response.content.decode())


def form_data(translation: Translation, **changes: Any) -> dict[str, Any]:
    """What the translating form posts when sent as the page shows it (``changes`` replace
    fields; ``texts`` replaces the paragraphs' texts in page order)."""
    client = changes.pop("client")
    page = page_of(client.get(url(translation)))
    form = page.get_element_by_id("translate-form")
    data: dict[str, Any] = {
        "revision": form.xpath(".//input[@name='revision']/@value")[0],
        "title": form.xpath(".//input[@name='title']/@value")[0],
        "row": form.xpath(".//input[@name='row']/@value"),
        "kind": [
            select.xpath("./option[@selected]/@value")[0]
            for select in form.xpath(".//select[@name='kind']")
        ],
        "text": [area.text or "" for area in form.xpath(".//textarea[@name='text']")],
        "save": "1",
    }
    for name in ("standfirst", "editor_note"):
        found = form.xpath(f".//textarea[@name='{name}']")
        if found:
            data[name] = found[0].text or ""
    if "texts" in changes:
        data["text"] = changes.pop("texts")
    data.update(changes)
    return data


def row_of(translation: Translation) -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    return {
        "translation": Translation.objects.filter(pk=translation.pk).values().get(),
        "revisions": Revision.objects.count(),
        "events": AuditEvent.objects.count(),
        "comments": list(Comment.objects.values()),
        "credits": list(Credit.objects.values()),
        "topics": list(translation.topics.values_list("pk", flat=True)),
    }


# --- What the page shows ---------------------------------------------------------------------------


def test_the_page_pairs_the_original_with_editable_paragraphs(people, translation):
    response = client_for(people.translator).get(url(translation))
    assert response.status_code == 200
    page = page_of(response)
    pairs = page.xpath("//li[contains(@class, 'pair ')]")
    assert [pair.get("data-kind") for pair in pairs] == [
        "pair",
        "pair",
        "omission",
        "pair",
        "addition",
    ]
    original = page.xpath("//div[@class='pair__original']")[0]
    assert (original.get("lang"), original.get("dir")) == ("fr", "ltr")
    # Headings and quotations of the original are kept as such.
    assert page.xpath("//li[@id='pair-2']//h3")[0].text == "Un quai tout neuf"
    assert "deux hivers" in page.xpath("//li[@id='pair-3']//blockquote/p")[0].text
    # The untranslated quotation has an empty field of its kind; the addition stands alone.
    omission = page.get_element_by_id("text-3")
    assert (omission.text or "") == ""
    assert page.xpath("//select[@id='kind-3']/option[@selected]/@value") == ["quotation"]
    assert page.xpath("//li[@id='pair-5']//p[@class='pair__label']")[0].text.startswith(
        "Not in the original"
    )
    assert [area.text or "" for area in page.xpath("//textarea[@name='text']")] == [
        TRANSLATION[0]["text"],
        TRANSLATION[1]["text"],
        "",
        TRANSLATION[2]["text"],
        TRANSLATION[3]["text"],
    ]
    assert page.xpath("//form[@id='translate-form']/input[@name='revision']/@value") == [
        str(translation.revision)
    ]
    assert page.get_element_by_id("title").get("value") == "The Sorel ferry is back"
    assert "Alt" in page.get_element_by_id("translate-keys").text_content()
    assert page.xpath("//script[contains(@src, 'translate.js')]")
    # The claimant writes no editor's note.
    assert not page.xpath("//textarea[@name='editor_note']")


def test_people_who_may_not_edit_read_the_page(people):
    # In review, the translator who did the work reads it; only an editor changes it now.
    translation = in_translation(people, state=State.IN_REVIEW)
    page = page_of(client_for(people.translator).get(url(translation)))
    assert not page.xpath("//textarea[@name='text']")
    assert (
        "only the translator working on it"
        in page.get_element_by_id("translate-readonly").text_content()
    )
    assert "The Sorel ferry returns" in page.get_element_by_id("pair-1").text_content()


def test_another_translators_draft_is_not_shown(people, translation):
    client = client_for(people.other_translator)
    for address in (url(translation), f"/desk/translations/{translation.pk}/revisions/"):
        response = client.get(address)
        assert response.status_code == 404
        assert "The Sorel ferry" not in response.content.decode()


def test_anonymous_people_log_in_and_people_without_a_role_are_refused(people, translation):
    response = Client().get(url(translation))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client_for(people.nobody).get(url(translation)).status_code == 403
    assert client_for(people.nobody).post(url(translation), {}).status_code == 403


# --- Saving ----------------------------------------------------------------------------------------


def test_the_translator_fills_the_untranslated_paragraph_and_saves(people, translation):
    client = client_for(people.translator)
    quote = "“We had waited for this day for two winters,” the mayor said."
    texts = [
        "The Sorel ferry is back in service on Monday morning.",
        TRANSLATION[1]["text"],
        quote,
        TRANSLATION[2]["text"],
        TRANSLATION[3]["text"],
    ]
    response = client.post(url(translation), form_data(translation, client=client, texts=texts))
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.revision == 2
    assert translation.state == State.IN_TRANSLATION
    assert [block["text"] for block in translation.blocks] == texts
    assert translation.blocks[2]["kind"] == "quotation"
    # The pairs corrected by hand are carried over: the omission is now a pair.
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert translation.alignment == [
        {"original": [0], "translation": [0]},
        {"original": [1], "translation": [1]},
        {"original": [2], "translation": [2]},
        {"original": [3], "translation": [3]},
        {"original": [], "translation": [4]},
    ]
    revision = Revision.objects.get(translation=translation, number=2)
    assert revision.author == people.translator
    page = page_of(client.get(response["Location"]))
    assert "Saved as revision 2." in page.get_element_by_id("desk-messages").text_content()


def test_a_paragraph_added_after_another_joins_its_pair(people, translation):
    client = client_for(people.translator)
    data = form_data(translation, client=client, add_after="0")
    del data["save"]
    before = row_of(translation)
    response = client.post(url(translation), data)
    assert response.status_code == 200
    assert row_of(translation) == before
    page = page_of(response)
    assert "Save to keep it" in page.get_element_by_id("translate-notice").text
    areas = page.xpath("//li[@id='pair-1']//textarea[@name='text']")
    assert [area.get("id") for area in areas] == ["text-1", "text-2"]
    # Type the new paragraph and save: pair 1 renders one original paragraph with two.
    data = form_data(translation, client=client)
    data["row"].insert(1, "0")
    data["kind"].insert(1, "paragraph")
    data["text"].insert(1, "Crossings had stopped in 2024.")
    assert client.post(url(translation), data).status_code == 302
    translation.refresh_from_db()
    assert translation.blocks[1]["text"] == "Crossings had stopped in 2024."
    assert translation.alignment[0] == {"original": [0], "translation": [0, 1]}


def test_an_emptied_paragraph_is_removed_and_only_empty_ones_can_be_taken_off(people, translation):
    client = client_for(people.translator)
    data = form_data(translation, client=client, remove="0")
    del data["save"]
    before = row_of(translation)
    response = client.post(url(translation), data)
    assert response.status_code == 400
    assert "is not empty" in page_of(response).get_element_by_id("translate-error").text_content()
    assert row_of(translation) == before
    # Cleared and saved, the translator's addition is gone, and its pair with it.
    data = form_data(translation, client=client)
    data["text"][4] = "   "
    assert client.post(url(translation), data).status_code == 302
    translation.refresh_from_db()
    assert len(translation.blocks) == 3
    assert translation.alignment[-1] == {"original": [3], "translation": [2]}


def test_the_editor_writes_the_note_and_the_standfirst(people, translation):
    client = client_for(people.editor)
    data = form_data(
        translation,
        client=client,
        editor_note="The ferry is the only crossing for 40 km.",
        standfirst="A quay, two winters late.",
    )
    assert client.post(url(translation), data).status_code == 302
    translation.refresh_from_db()
    assert translation.editor_note == "The ferry is the only crossing for 40 km."
    assert translation.standfirst == "A quay, two winters late."


def test_a_translator_cannot_slip_in_an_editors_note(people, translation):
    client = client_for(people.translator)
    before = row_of(translation)
    response = client.post(
        url(translation), form_data(translation, client=client, editor_note="Mine.")
    )
    assert response.status_code == 403
    error = page_of(response).get_element_by_id("translate-error").text_content()
    assert "Only an editor can write the editor's note." in error
    assert row_of(translation) == before


def test_an_unchanged_save_stores_nothing(people, translation):
    client = client_for(people.translator)
    before = row_of(translation)
    response = client.post(url(translation), form_data(translation, client=client), follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert row_of(translation) == before


# --- Refusals --------------------------------------------------------------------------------------


def test_someone_who_may_not_edit_is_refused(people, translation):
    data = form_data(translation, client=client_for(people.translator), title="Hijacked")
    before = row_of(translation)
    # Another translator does not even see the draft.
    assert client_for(people.other_translator).post(url(translation), data).status_code == 404
    assert row_of(translation) == before
    # Its own translator, once it is in review, may no longer change it.
    Translation.objects.filter(pk=translation.pk).update(state=State.IN_REVIEW)
    before = row_of(translation)
    response = client_for(people.translator).post(url(translation), data)
    assert response.status_code == 403
    assert "Only the translator working on" in response.content.decode()
    assert row_of(translation) == before


def test_a_withdrawn_translation_is_not_edited(people):
    translation = in_translation(people, state=State.WITHDRAWN)
    client = client_for(people.editor)
    page = page_of(client.get(url(translation)))
    assert "withdrawn" in page.get_element_by_id("translate-readonly").text
    assert not page.xpath("//textarea[@name='text']")
    data = {
        "revision": translation.revision,
        "title": "Back from the dead",
        "row": ["0"],
        "kind": ["paragraph"],
        "text": ["Text"],
    }
    before = row_of(translation)
    response = client.post(url(translation), data)
    assert response.status_code == 409
    assert "is withdrawn; its text cannot be edited" in response.content.decode()
    assert row_of(translation) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"row": ["0", "1", "2", "3", "9"]}, "belongs to pair 10, which does not exist"),
        ({"row": ["0", "1", "3", "2", "4"]}, "Paragraph 4 is out of order"),
        ({"row": ["0", "1", "x", "3", "4"]}, "pair is not a number"),
        ({"row": ["0", "1"]}, "arrived incomplete"),
        ({"kind": ["paragraph", "heading", "poem", "paragraph", "paragraph"]}, "unknown kind"),
        ({"text": ["x" * 2 * 1024 * 1024, "", "", "", ""]}, "2,097,152 characters long"),
        ({"revision": ""}, "which revision it was opened at"),
        ({"title": "  "}, "A translation needs a title."),
        ({"title": "T" * 501}, "at most 500 characters"),
        ({"add_after": "99"}, "There is no paragraph 100 on this page"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    people, translation, change, message
):
    client = client_for(people.translator)
    data = form_data(translation, client=client)
    data.update(change)
    if "add_after" in change:
        del data["save"]
    before = row_of(translation)
    response = client.post(url(translation), data)
    assert response.status_code == 400
    error = page_of(response).get_element_by_id("translate-error").text_content()
    assert message in error
    assert row_of(translation) == before


# --- No lost edits ---------------------------------------------------------------------------------


def test_two_people_save_from_the_same_revision_one_wins_the_other_keeps_their_text(
    people, translation
):
    tina, edna = client_for(people.translator), client_for(people.editor)
    tinas = form_data(translation, client=tina)
    ednas = form_data(translation, client=edna)
    assert tinas["revision"] == ednas["revision"] == "1"
    ednas["text"][0] = "The Sorel ferry resumes service on Monday morning."
    assert edna.post(url(translation), ednas).status_code == 302

    tinas["text"][0] = "The Sorel ferry runs again from Monday morning."
    tinas["text"][2] = "“We had waited two winters for this day,” said the mayor."
    response = tina.post(url(translation), tinas)
    assert response.status_code == 409
    page = page_of(response)
    error = page.get_element_by_id("translate-error").text_content()
    assert "Edna Hale saved this translation at" in error
    assert "(revision 2)" in error
    # The form holds the text as saved now, at the current revision ...
    assert page.get_element_by_id("text-1").text == ednas["text"][0]
    assert page.xpath("//form[@id='translate-form']/input[@name='revision']/@value") == ["2"]
    # ... and Tina's own text beside each paragraph where it differs, with what she changed.
    kept = page.xpath("//textarea[contains(@class, 'kept__text')]")
    assert [(area.get("data-for"), area.text) for area in kept] == [
        ("text-1", tinas["text"][0]),
        ("text-3", tinas["text"][2]),
    ]
    diff = page.xpath("//li[@id='pair-1']//p[@class='kept__diff']")[0]
    assert diff.xpath("./del/text()") == ["resumes service on"]
    assert diff.xpath("./ins/text()") == ["runs again from"]
    # The database holds the winner's text.
    translation.refresh_from_db()
    assert translation.revision == 2
    assert translation.blocks[0]["text"] == ednas["text"][0]
    assert Revision.objects.filter(translation=translation).count() == 1

    # Tina merges and saves again from the page she was given.
    merged = form_data(translation, client=tina)
    merged["text"][2] = tinas["text"][2]
    assert tina.post(url(translation), merged).status_code == 302
    translation.refresh_from_db()
    assert translation.revision == 3
    assert translation.blocks[0]["text"] == ednas["text"][0]
    assert translation.blocks[2]["text"] == tinas["text"][2]


# --- Comments on a paragraph -----------------------------------------------------------------------


def test_a_comment_on_a_paragraph_shows_beside_it_until_resolved(people, translation):
    tina, edna = client_for(people.translator), client_for(people.editor)
    response = edna.post(
        url(translation, "desk:translate_comment"),
        {"block": "2", "comment": "“Crossing” rather than “departure”?"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#block-2")
    page = page_of(tina.get(url(translation)))
    comment = page.xpath("//li[@id='pair-4']//li[contains(@class, 'comment')]")
    assert len(comment) == 1
    assert "Edna Hale" in comment[0].text_content()
    assert "rather than" in comment[0].text_content()
    assert not page.xpath("//li[@id='pair-1']//li[contains(@class, 'comment')]")

    stored = Comment.objects.get()
    # Tina may not resolve Edna's comment; Edna may.
    before = row_of(translation)
    refused = tina.post(url(translation, "desk:translate_resolve", stored.pk))
    assert refused.status_code == 403
    assert row_of(translation) == before
    assert edna.post(url(translation, "desk:translate_resolve", stored.pk)).status_code == 302
    page = page_of(tina.get(url(translation)))
    assert not page.xpath("//li[contains(@class, 'comment')]")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"block": "7", "comment": "Here?"}, "has no paragraph 8: it has 4"),
        ({"block": "1", "comment": "   "}, "A comment needs a text."),
        ({"comment": "Where?"}, "which paragraph the comment is about"),
    ],
)
def test_bad_comments_are_refused(people, translation, data, message):
    before = row_of(translation)
    response = client_for(people.editor).post(url(translation, "desk:translate_comment"), data)
    assert response.status_code == 400
    assert message in page_of(response).get_element_by_id("translate-error").text_content()
    assert row_of(translation) == before


# --- Topics and credits ----------------------------------------------------------------------------


def test_the_claimant_chooses_topics_and_adds_a_suggestion_in_one_click(
    people, translation, monkeypatch
):
    energy, transport = factories.topic("Energy"), factories.topic("Transport")
    monkeypatch.setattr(
        "foreigndesk.desk.views.translate.suggested_topics", lambda translation: [transport]
    )
    client = client_for(people.translator)
    page = page_of(client.get(url(translation)))
    suggestion = page.xpath("//p[@id='topic-suggestions']/button")[0]
    assert (suggestion.get("name"), suggestion.get("value")) == ("add", str(transport.pk))
    response = client.post(
        url(translation, "desk:translate_topics"),
        {"revision": translation.revision, "topics": [energy.pk], "add": transport.pk},
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert set(translation.topics.all()) == {energy, transport}
    assert translation.revision == 2
    assert AuditEvent.objects.filter(action="set_topics").count() == 1


def test_topics_refusals(people, translation):
    energy = factories.topic("Energy")
    before = row_of(translation)
    other = client_for(people.other_translator).post(
        url(translation, "desk:translate_topics"),
        {"revision": translation.revision, "topics": [energy.pk]},
    )
    assert other.status_code == 404  # not shown to another translator at all
    stale = client_for(people.translator).post(
        url(translation, "desk:translate_topics"), {"revision": 0 + 7, "topics": [energy.pk]}
    )
    assert stale.status_code == 409
    assert "your topics were not saved" in stale.content.decode()
    unknown = client_for(people.translator).post(
        url(translation, "desk:translate_topics"), {"revision": 1, "topics": [99999]}
    )
    assert unknown.status_code == 400
    assert row_of(translation) == before


def test_the_editor_credits_translators_and_editors(people, translation):
    client = client_for(people.editor)
    page = page_of(client.get(url(translation)))
    assert page.xpath("//select[@id='credit-translators']/option[@selected]/text()") == [
        "Tina Ross"
    ]
    response = client.post(
        url(translation, "desk:translate_credits"),
        {
            "revision": translation.revision,
            "translators": [
                people.translator.contributor.pk,
                people.other_translator.contributor.pk,
            ],
            "editors": [people.editor.contributor.pk],
        },
    )
    assert response.status_code == 302
    credits = Credit.objects.filter(translation=translation).order_by("role", "position")
    assert [(c.role, c.contributor.name) for c in credits] == [
        ("editor", "Edna Hale"),
        ("translator", "Oskar Lind"),
        ("translator", "Tina Ross"),
    ]


def test_credits_refusals(people):
    translation = in_translation(people, state=State.PUBLISHED)
    before = row_of(translation)
    by_translator = client_for(people.translator).post(
        url(translation, "desk:translate_credits"),
        {"revision": translation.revision, "translators": [people.translator.contributor.pk]},
    )
    assert by_translator.status_code == 403
    nobody_credited = client_for(people.editor).post(
        url(translation, "desk:translate_credits"),
        {"revision": translation.revision, "editors": [people.editor.contributor.pk]},
    )
    assert nobody_credited.status_code == 400
    assert "must credit at least one translator" in nobody_credited.content.decode()
    assert row_of(translation) == before


def test_a_save_made_elsewhere_is_not_lost_by_a_stale_topics_form(people, translation):
    energy = factories.topic("Energy")
    save_translation_text(
        actor=people.editor, translation=translation, expected_revision=1, title="New title"
    )
    response = client_for(people.translator).post(
        url(translation, "desk:translate_topics"), {"revision": 1, "topics": [energy.pk]}
    )
    assert response.status_code == 409
    assert "Edna Hale changed this translation (revision 2)" in response.content.decode()
    assert not translation.topics.exists()
